// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/lint"
	"github.com/kcovlint/kcovlint/report"
)

// The engine and the outside world, as variables so tests can stub them.
var (
	lintRun             = lint.Run
	lintRules           = lint.Rules
	stdin     io.Reader = os.Stdin
)

func init() {
	register("lint", "[flags] [INPUT]...  lint (the default: kcovlint [flags] [INPUT]...)", runLint)
}

const lintUsage = `usage: kcovlint [flags] [PATCH|MBOX|FILE.c|DIR|-]...

Lints Linux kernel C and patches for execution-context bugs. Inputs are
patches, mail threads or mboxes (every patch version in them), C files,
directories, or - for a patch on standard input. With no input inside a
kernel git tree it lints the uncommitted changes (git diff HEAD), or the
HEAD commit when there are none.

Exit status: 0 no findings, 1 findings, 2 bad input or usage.

Flags (before or after the inputs):
  -C DIR            the kernel tree (default: the kernel tree the current
                    directory is in: the nearest directory, from the
                    current one up, with Makefile, kernel/ and
                    include/linux/)
  --config CONFIG   both, rt, nonrt or the path of a .config (default both)
  --rt-model MODEL  how PREEMPT_RT serialises softirqs: bh-lock (before
                    v6.18, or CONFIG_PREEMPT_RT_NEEDS_BH_LOCK=y), parallel,
                    or auto: from the tree's Kconfig (default auto)
  --format FORMAT   text, json, sarif, github, gitlab or checkpatch (default text)
  --rules LIST      comma-separated rules to run (default all; see kcovlint explain)
  --all             with patch input, also print existing and fixed findings
  --git RANGE       lint each commit of a git range of the tree (A..B)
  --baseline FILE   drop findings listed in FILE, a previous --format json output
  --diff            print the suggested fixes as a unified diff instead of the findings
  --fix             apply the suggested fixes to the files under -C
  --color WHEN      auto, always or never (text format; default auto)
  --index PATH|none the index of the tree to find callers in (default: the
                    tree's index from kcovlint index, when there is one;
                    none: scan the tree)
  --shard I/N       lint only shard I of N of the file and directory
                    arguments (each argument one unit); merge the shards'
                    JSON with kcovlint merge
  --uncertain       also print low-confidence findings (a context kcovlint
                    assumed, a mode test it could not decide on the way),
                    marked uncertain with what they rest on
  --strict          exit with status 2 when part of the linted code could
                    not be analysed (a function that does not parse):
                    without it, that is said, and the status is that of
                    the findings
  --terse           checkpatch format: one line per finding
  --no-summary      checkpatch format: no total line and no NOTE lines
                    (with --terse, one output line per finding, as b4
                    counts them; see docs/b4.md)
  -q                no progress messages
  --progress        progress on stderr also when it is not a terminal (by
                    default, on a terminal only, for runs over a second)

@SUBCOMMANDS@

Suppress a finding with /* kcovlint: ignore RULE -- REASON */ on its line,
the line above, or in the comment before the function (see docs/formats.md).`

// lintFlags are the parsed command line.
type lintFlags struct {
	tree, config, format, rules, gitRange, baseline, color string
	all, diff, fix, quiet, strict, terse, noSummary, prog  bool
	uncertain                                              bool
	inputs                                                 []string
	index, rtModel                                         string
	shard, shards                                          int
}

// usageError is a one-line complaint about the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func parseLintFlags(args []string) (*lintFlags, error) {
	fl := &lintFlags{}
	fs := flag.NewFlagSet("kcovlint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&fl.tree, "C", "", "kernel tree")
	fs.StringVar(&fl.config, "config", "both", "both, rt, nonrt or a .config path")
	fs.StringVar(&fl.rtModel, "rt-model", "auto", "auto, bh-lock or parallel")
	fs.StringVar(&fl.format, "format", "text", "output format")
	fs.StringVar(&fl.rules, "rules", "", "comma-separated rules")
	fs.BoolVar(&fl.all, "all", false, "print existing and fixed findings too")
	fs.StringVar(&fl.gitRange, "git", "", "git range")
	fs.StringVar(&fl.baseline, "baseline", "", "baseline JSON file")
	fs.BoolVar(&fl.diff, "diff", false, "print fixes as a diff")
	fs.BoolVar(&fl.fix, "fix", false, "apply fixes")
	fs.BoolVar(&fl.quiet, "q", false, "no progress")
	fs.BoolVar(&fl.uncertain, "uncertain", false, "print low-confidence findings too")
	fs.BoolVar(&fl.prog, "progress", false, "progress also off a terminal")
	fs.BoolVar(&fl.strict, "strict", false, "not analysed code is an error")
	fs.BoolVar(&fl.terse, "terse", false, "checkpatch format: a line per finding")
	fs.BoolVar(&fl.noSummary, "no-summary", false, "checkpatch format: no total line")
	fs.StringVar(&fl.color, "color", "auto", "auto, always or never")
	fs.StringVar(&fl.index, "index", "", "index database or none")
	shard := fs.String("shard", "", "I/N")

	// Flags may come after inputs: parse, take one input, parse again.
	// Everything after "--" is an input.
	var rest []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, rest = args[:i], args[i+1:]
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		fl.inputs = append(fl.inputs, fs.Arg(0))
		args = fs.Args()[1:]
	}
	fl.inputs = append(fl.inputs, rest...)

	if !slices.Contains(report.Formats, fl.format) {
		return nil, &usageError{fmt.Sprintf("unknown format %q (formats: %s)", fl.format, strings.Join(report.Formats, ", "))}
	}
	if (fl.terse || fl.noSummary) && fl.format != "checkpatch" {
		return nil, &usageError{"--terse and --no-summary are for --format checkpatch"}
	}
	switch fl.color {
	case "auto", "always", "never":
	default:
		return nil, &usageError{fmt.Sprintf("--color takes auto, always or never, not %q", fl.color)}
	}
	switch fl.rtModel {
	case "auto", "bh-lock", "parallel":
	default:
		return nil, &usageError{fmt.Sprintf("--rt-model takes auto, bh-lock or parallel, not %q", fl.rtModel)}
	}
	switch fl.config {
	case "both", "rt", "nonrt":
	default:
		if st, err := os.Stat(fl.config); err != nil || st.IsDir() {
			return nil, &usageError{fmt.Sprintf("--config %s: not both, rt, nonrt or a readable .config file", fl.config)}
		}
	}
	if *shard != "" {
		i, n, err := parseShard(*shard)
		if err != nil {
			return nil, &usageError{fmt.Sprintf("--shard %s: %v", *shard, err)}
		}
		fl.shard, fl.shards = i, n
	}
	if fl.index != "" && fl.index != "none" {
		if st, err := os.Stat(fl.index); err != nil || st.IsDir() {
			return nil, &usageError{fmt.Sprintf("--index %s: no such index (build it with kcovlint index -C DIR --index %s, or give none)", fl.index, fl.index)}
		}
	}
	stdins := 0
	for _, in := range fl.inputs {
		if in == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		return nil, &usageError{"standard input (-) given more than once"}
	}
	return fl, nil
}

// findKernelTree finds the kernel tree dir is in: dir itself or the
// nearest directory above it that looks like one, as git finds its
// repository from a subdirectory. It does not look above a git
// repository's top that is not a kernel tree.
func findKernelTree(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for d := abs; ; {
		if looksLikeKernelTree(d) {
			return d, true
		}
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return "", false
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

// looksLikeKernelTree says whether dir has Makefile, kernel/ and include/linux/.
func looksLikeKernelTree(dir string) bool {
	isDir := func(p string) bool { st, err := os.Stat(filepath.Join(dir, p)); return err == nil && st.IsDir() }
	st, err := os.Stat(filepath.Join(dir, "Makefile"))
	return err == nil && !st.IsDir() && isDir("kernel") && isDir(filepath.Join("include", "linux"))
}

// isTerminal says whether w is a terminal (a character device).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, msg)
	}
	return string(out), nil
}

// defaultPatch is what kcovlint lints with no input in a git kernel tree:
// the uncommitted changes (named "working tree"), else the HEAD commit
// (named "HEAD").
func defaultPatch(tree string) (text, what, name string, err error) {
	if _, err := git(tree, "rev-parse", "--verify", "-q", "HEAD"); err != nil {
		return "", "", "", fmt.Errorf("no input given and %s is not a git tree with commits (give a patch, mbox, C file or directory; see kcovlint -h)", tree)
	}
	diff, err := git(tree, "diff", "--no-color", "--no-ext-diff", "HEAD")
	if err != nil {
		return "", "", "", err
	}
	if strings.TrimSpace(diff) != "" {
		return diff, "the uncommitted changes (git diff HEAD)", "working tree", nil
	}
	p, err := git(tree, "format-patch", "-1", "--stdout", "--no-signature", "HEAD")
	if err != nil {
		return "", "", "", err
	}
	if strings.TrimSpace(p) == "" {
		return "", "", "", errors.New("nothing to lint: no uncommitted changes, and the HEAD commit changes nothing")
	}
	return p, "the HEAD commit (git format-patch -1 HEAD)", "HEAD", nil
}

// runLint implements the default command.
func runLint(args []string, stdout, stderr io.Writer) int {
	return lintWith(args, stdout, stderr, nil)
}

// lintWith lints as kcovlint [flags] [INPUT]... does; set, when not nil,
// sets more options of the run (kcovlint debug's).
func lintWith(args []string, stdout, stderr io.Writer, set func(*lint.Options)) int {
	fail := func(format string, a ...any) int {
		msg := fmt.Sprintf(format, a...)
		msg = strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", "; ")), " ")
		fmt.Fprintf(stderr, "kcovlint: %s\n", msg)
		return 2
	}
	// A patch lint is short: collecting less often saves a fifth of it.
	tuneGC(400, 2<<30)
	fl, err := parseLintFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(stdout, strings.Replace(lintUsage, "@SUBCOMMANDS@", subcommandList(), 1))
		return 0
	}
	if err != nil {
		return fail("%v (see kcovlint -h)", err)
	}

	// The tree.
	tree := fl.tree
	if tree != "" {
		st, err := os.Stat(tree)
		switch {
		case err != nil && errors.Is(err, os.ErrNotExist):
			return fail("-C %s: no such directory", tree)
		case err != nil:
			return fail("-C %s: %v", tree, errors.Unwrap(err))
		case !st.IsDir():
			return fail("-C %s: not a directory", tree)
		}
	} else if found, ok := findKernelTree("."); ok {
		tree = found
	}
	if tree != "" {
		if abs, err := filepath.Abs(tree); err == nil {
			tree = abs
		}
	}

	// Rules.
	infos := lintRules()
	var rules []string
	for _, r := range strings.Split(fl.rules, ",") {
		if r = strings.TrimSpace(r); r != "" {
			rules = append(rules, r)
		}
	}
	if len(infos) > 0 {
		for _, r := range rules {
			if _, ok := findRule(infos, r); !ok {
				return fail("--rules: unknown rule %q (rules: %s)", r, ruleNames(infos))
			}
		}
	}

	var baseline *report.Baseline
	if fl.baseline != "" {
		if baseline, err = report.LoadBaseline(fl.baseline); err != nil {
			return fail("--baseline: %v", err)
		}
	}
	if (fl.fix || fl.diff) && tree == "" {
		return fail("--fix and --diff need the kernel tree (-C DIR)")
	}
	if fl.gitRange != "" && tree == "" {
		return fail("--git needs the kernel tree (-C DIR)")
	}

	// Inputs.
	// Progress: on a terminal unless -q, elsewhere when asked.
	progress := io.Writer(nil)
	if !fl.quiet && (fl.prog || isTerminal(stderr)) {
		progress = stderr
	}
	opts := lint.Options{Tree: tree, Inputs: fl.inputs, Config: fl.config, RTModel: fl.rtModel, Uncertain: fl.uncertain, Rules: rules, All: fl.all, GitRange: fl.gitRange, Progress: progress, ProgressTTY: isTerminal(stderr), Index: fl.index, Shard: fl.shard, Shards: fl.shards, Version: kcovlintVersion()}
	if set != nil {
		set(&opts)
	}
	var stdinText []byte
	for _, in := range fl.inputs {
		if in == "-" {
			if stdinText, err = io.ReadAll(stdin); err != nil {
				return fail("reading standard input: %v", err)
			}
			continue
		}
		if _, err := os.Stat(in); err != nil {
			return fail("%s: no such file or directory", in)
		}
	}
	if len(fl.inputs) == 0 && fl.gitRange == "" {
		if tree == "" {
			return fail("no input given and the current directory is not in a kernel tree (give a patch, mbox, C file or directory, or -C DIR; see kcovlint -h)")
		}
		text, what, name, err := defaultPatch(tree)
		if err != nil {
			return fail("%v", err)
		}
		if progress != nil {
			fmt.Fprintf(progress, "kcovlint: linting %s\n", what)
		}
		stdinText = []byte(text)
		opts.Inputs = []string{"-"}
		opts.StdinName = name
	}
	if stdinText != nil {
		opts.Stdin = bytes.NewReader(stdinText)
	}

	res, err := lintRun(opts)
	if err != nil {
		return fail("%v", err)
	}
	if res == nil {
		res = &report.Result{}
	}
	if res.Tool == "" {
		res.Tool = "kcovlint"
	}
	if res.Version == "" {
		res.Version = kcovlintVersion()
	}
	status := 0
	for i, in := range res.Inputs {
		if in.Status == "error" {
			fmt.Fprintf(stderr, "kcovlint: %s: %s\n", in.Label(), strings.ReplaceAll(strings.TrimSpace(in.Error), "\n", "; "))
			status = 2
		}
		if progress != nil {
			for _, n := range in.Notes {
				fmt.Fprintf(progress, "kcovlint: %s: %s\n", in.Name, n)
			}
		}
		// checkpatch's "lines checked", when the engine did not count.
		if len(res.Inputs) == 1 && len(opts.Inputs) == 1 && in.Lines == 0 {
			if stdinText != nil {
				res.Inputs[i].Lines = bytes.Count(stdinText, []byte("\n"))
			} else if data, err := os.ReadFile(opts.Inputs[0]); err == nil {
				res.Inputs[i].Lines = bytes.Count(data, []byte("\n"))
			}
		}
	}

	// Filter: rules, suppression comments, baseline, status.
	readTree := func(p string) ([]byte, error) { return os.ReadFile(readTreePath(tree, p)) }
	findings := res.Findings
	if len(rules) > 0 {
		findings = slices.DeleteFunc(slices.Clone(findings), func(f report.Finding) bool { return !slices.Contains(rules, f.Rule) })
	}
	// Suppression comments are read from the files under the tree, which
	// hold what was linted unless a patch is not applied there: a finding
	// whose line (SourceLine) the file does not have is left alone.
	disk := diskCheck(readTree)
	var here, elsewhere []report.Finding
	for _, f := range findings {
		if disk(f) {
			here = append(here, f)
		} else {
			elsewhere = append(elsewhere, f)
		}
	}
	findings, suppressed := report.Suppress(here, readTree)
	findings = append(findings, elsewhere...)
	dropped := 0
	if baseline != nil {
		findings, dropped = baseline.Filter(findings, tree)
	}
	all := findings
	shown := findings
	if !fl.all {
		shown = nil
		for _, f := range findings {
			// Unknown: the patch may add it (the code before it
			// could not be analysed).
			if f.Status == report.StatusNew || f.Status == report.StatusUnknown || f.Status == "" {
				shown = append(shown, f)
			}
		}
	}
	if res.Uncertain > 0 && !fl.quiet {
		fmt.Fprintf(stderr, "kcovlint: %s not shown: what they rest on was assumed or not decided (--uncertain shows them)\n", uncertainText(res.Uncertain))
	}
	if progress != nil && (len(suppressed) > 0 || dropped > 0) {
		fmt.Fprintf(progress, "kcovlint: %d findings suppressed by comments, %d known to the baseline\n", len(suppressed), dropped)
	}

	// Fixes.
	if fl.fix || fl.diff {
		// Fix only files that hold the linted version of the line.
		var fixable []report.Finding
		idx := map[int]int{}
		for i, f := range shown {
			if f.Fix == nil {
				continue
			}
			if !disk(f) {
				fmt.Fprintf(stderr, "kcovlint: fix not applied: %s:%d: the file under -C is not the version linted (apply the patch first)\n", f.File, f.Line)
				continue
			}
			idx[len(fixable)] = i
			fixable = append(fixable, f)
		}
		fr := report.ApplyFixes(fixable, readTree)
		fixed := map[int]bool{}
		for j := range fr.Fixed {
			fixed[idx[j]] = true
		}
		for _, s := range fr.Skipped {
			fmt.Fprintf(stderr, "kcovlint: fix not applied: %s\n", s)
		}
		if fl.diff {
			io.WriteString(stdout, fr.Diff())
		}
		if fl.fix {
			for _, f := range fr.Files {
				p := readTreePath(tree, f.Path)
				mode := os.FileMode(0o644)
				if st, err := os.Stat(p); err == nil {
					mode = st.Mode().Perm()
				}
				if err := os.WriteFile(p, f.New, mode); err != nil {
					return fail("--fix: %v", err)
				}
			}
			if !fl.quiet {
				fmt.Fprintf(stderr, "kcovlint: fixed %d findings in %d files\n", len(fixed), len(fr.Files))
			}
			var left []report.Finding
			for i, f := range shown {
				if !fixed[i] {
					left = append(left, f)
				}
			}
			shown = left
		}
	}

	if !fl.diff {
		color := fl.color == "always" || fl.color == "auto" && isTerminal(stdout) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
		out := *res
		out.Findings = shown
		ropts := report.Options{Root: tree, Rules: infos, Color: color, ReadFile: readTree, Terse: fl.terse, NoSummary: fl.noSummary}
		if !fl.all {
			ropts.SummaryFindings = all
		}
		if err := report.Write(stdout, fl.format, &out, ropts); err != nil {
			return fail("writing %s output: %v", fl.format, err)
		}
	}
	// What could not be analysed, in one line on stderr, so that a run is
	// never silently clean. The checkpatch format says it on stdout (NOTE
	// lines) unless --no-summary asks for nothing but findings there: b4
	// counts every line a check prints, so then it goes to a terminal only.
	if summary := report.NotAnalysedSummary(res, report.Options{Root: tree}); summary != "" {
		switch {
		case fl.strict:
			fmt.Fprintf(stderr, "kcovlint: --strict: %s\n", summary)
			status = 2
		case fl.format == "checkpatch" && !fl.diff && (!fl.noSummary || !isTerminal(stderr)):
		default:
			fmt.Fprintf(stderr, "kcovlint: %s\n", summary)
		}
	}
	if status != 0 {
		return status
	}
	if len(shown) > 0 {
		return 1
	}
	return 0
}

// diskCheck says whether the file under the tree holds a finding's line as
// linted: true when the finding does not say (no SourceLine) or the line
// matches.
func diskCheck(read func(string) ([]byte, error)) func(report.Finding) bool {
	cache := map[string][]string{}
	return func(f report.Finding) bool {
		if f.SourceLine == "" {
			return true
		}
		lines, ok := cache[f.File]
		if !ok {
			if data, err := read(f.File); err == nil {
				lines = strings.Split(string(data), "\n")
			}
			cache[f.File] = lines
		}
		return f.Line >= 1 && f.Line <= len(lines) && strings.TrimSuffix(lines[f.Line-1], "\r") == f.SourceLine
	}
}

func readTreePath(tree, p string) string {
	if !filepath.IsAbs(p) && tree != "" {
		return filepath.Join(tree, filepath.FromSlash(p))
	}
	return p
}

func findRule(infos []report.RuleInfo, name string) (report.RuleInfo, bool) {
	for _, r := range infos {
		if r.Name == name {
			return r, true
		}
	}
	return report.RuleInfo{}, false
}

func ruleNames(infos []report.RuleInfo) string {
	var names []string
	for _, r := range infos {
		names = append(names, r.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func uncertainText(n int) string {
	if n == 1 {
		return "1 uncertain finding"
	}
	return fmt.Sprintf("%d uncertain findings", n)
}
