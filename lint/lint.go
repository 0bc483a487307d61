// SPDX-License-Identifier: MIT

// Package lint runs kcovlint's analyses on the inputs a user gives (patches,
// mail threads, C files, directories, git ranges) and collects findings.
package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/analyzers/runner"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
	"github.com/kcovlint/kcovlint/kbuild"
	"github.com/kcovlint/kcovlint/patch"
	"github.com/kcovlint/kcovlint/report"
	"github.com/kcovlint/kcovlint/rules"
)

// Options say what to lint and how.
type Options struct {
	// Tree is the kernel tree (-C); "" when none.
	Tree string
	// Inputs are patch, mbox or C files, directories, or "-" for Stdin.
	Inputs []string
	Stdin  io.Reader
	// Config is both, rt, nonrt, or the path of a .config or of a build
	// directory's include/generated/autoconf.h.
	Config string
	// Rules limits the rules run; empty means all.
	Rules []string
	// All also reports findings the patch did not introduce.
	All bool
	// GitRange lints each commit of a range of the git repository Tree.
	GitRange string
	// Progress, when not nil, receives progress for runs over a second:
	// messages, and how many files are read and parsed.
	Progress io.Writer
	// ProgressTTY says that Progress is a terminal: the count is redrawn
	// in place; else it is a line now and then.
	ProgressTTY bool
	// NoCallers disables the scan of the tree for the callers of the
	// linted functions.
	NoCallers bool
	// Index is the index database to find callers in instead of scanning
	// the tree: "" for the tree's default index when it exists, "none" to
	// always scan (see package index).
	Index string
	// Shard and Shards split a run over machines (--shard I/N, Shards 0:
	// no sharding). With sharding every file or directory argument is
	// analysed as a unit of its own, and the arguments are dealt to the
	// shards by a hash of their path: the shards' JSON outputs merged
	// (kcovlint merge) are the run with --shard 0/1. Patches, stdin and
	// --git ranges go to shard 0.
	Shard, Shards int
	// TreeIndex, when not nil, keeps the tree's identifiers in memory
	// across runs that share it (see TreeIndex).
	TreeIndex *TreeIndex
	// Uncertain keeps low-confidence findings (report.ConfidenceLow) in
	// the result; by default they are left out and counted.
	Uncertain bool
	// RTModel forces the PREEMPT_RT softirq model: RTModelBHLock or
	// RTModelParallel; "" or RTModelAuto decides it from the tree.
	RTModel string
	// Version is the running kcovlint's version ("v0.1.0-dev+0123456789ab"):
	// an index whose files another version parsed is used with a note.
	Version string
	// StdinName names the standard input in the results ("working tree"
	// for the uncommitted changes); "" for "stdin".
	StdinName string

	// Debugging aids (kcovlint debug). None changes the findings; the
	// run's goroutines take turns writing to the writers.

	// Times, when not nil, receives how long each phase of the run took
	// (applying, the callers, the parse and analyses of each image), like
	// gcc's -ftime-report.
	Times io.Writer
	// DebugDispatch, when not nil, receives the struct fields the targets
	// store functions in, and the dispatcher files of the tree considered
	// for them with their scores (see dispatch.go): when the callers are
	// found by a scan of the tree, not through an index.
	DebugDispatch io.Writer
	// ParseCallers parses the callers' files even when the index has the
	// ways into the targets' functions (as kcovlint did before the index
	// held call states): slower, to compare.
	ParseCallers bool
	// NoFocus parses the context files whole, not only the functions on
	// the way to the targets' (cunit.Options.NoFocus): slower, to compare.
	NoFocus bool
	// Dump, when not nil, receives the text given to the C parser on each
	// of its runs, for every file Run parses (cparse.Options.Dump).
	Dump io.Writer

	// analyzers are run besides the rules: tests make an analysis fail
	// with them.
	analyzers []*analysis.Analyzer
}

// ShardOf deals a path to one of n shards (FNV-1a of the slash path, the
// same function the index uses for its shards).
func ShardOf(path string, n int) int {
	if n <= 1 {
		return 0
	}
	h := uint32(2166136261)
	for i := 0; i < len(path); i++ {
		h ^= uint32(path[i])
		h *= 16777619
	}
	return int(h % uint32(n))
}

// shardKey is the path a shard is chosen by: relative to the tree when
// the argument is inside it, so that shards agree across checkouts.
func (l *linter) shardKey(in string) string {
	abs, err := filepath.Abs(in)
	if err != nil {
		return filepath.ToSlash(in)
	}
	if l.root != "" {
		if rel, err := filepath.Rel(l.root, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(abs)
}

// ErrInput marks errors that are the user's input's fault (exit status 2).
var ErrInput = errors.New("bad input")

// Rules describes the rules for output formats and `kcovlint explain`.
func Rules() []report.RuleInfo { return rules.Infos() }

// Configs turns --config into configurations.
func Configs(s string) ([]*cparse.Config, error) {
	switch s {
	case "", "both":
		return []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}, nil
	case "rt":
		return []*cparse.Config{cparse.NewConfig(true)}, nil
	case "nonrt":
		return []*cparse.Config{cparse.NewConfig(false)}, nil
	}
	c, err := cparse.LoadConfigFile(s)
	if err != nil {
		return nil, fmt.Errorf("%w: --config %s: %v", ErrInput, s, err)
	}
	return []*cparse.Config{c}, nil
}

type linter struct {
	opts Options
	root string
	// rtBuild reads which files an RT kernel can hold (markNoRT).
	rtBuild *kbuild.RT
	// modules reads which object the tree's Makefiles link a file into.
	modules   *kbuild.Modules
	configs   []*cparse.Config
	analyzers []*analysis.Analyzer
	tree      *treeFiles
	// progressMu serializes the progress output.
	progressMu sync.Mutex
	res        *report.Result
	cache      *cunit.Cache
	meter      *meter
	// fileSources counts the inputs read from each patch file argument.
	fileSources map[string]int
	hinted      sync.Once // the hint to build an index
	// dispatch are the struct fields whose dispatchers the context files
	// hold: their functions calling through them are parsed (Focus).
	dispatchMu sync.Mutex
	dispatch   map[string]bool
	// structs are the tree's struct types (treeStructs).
	structsOnce sync.Once
	structs     map[string]*cparse.Struct
	// enums are the tree's enumerators with their values (treeEnums).
	enums map[string]int64
	// times and dispatchLog are Options.Times and DebugDispatch; nil
	// when not asked for.
	times       *times
	dispatchLog *lockedWriter
}

func (l *linter) addDispatchFields(fields []string) {
	l.dispatchMu.Lock()
	defer l.dispatchMu.Unlock()
	if l.dispatch == nil {
		l.dispatch = map[string]bool{}
	}
	for _, f := range fields {
		l.dispatch[f] = true
	}
}

func (l *linter) dispatchFields() []string {
	l.dispatchMu.Lock()
	defer l.dispatchMu.Unlock()
	return keysOf(l.dispatch)
}

// Run lints the inputs. A bad input is reported in the Result's Inputs with
// status "error"; Run's error is for failures that stop the whole run.
func Run(opts Options) (*report.Result, error) {
	configs, err := Configs(opts.Config)
	if err != nil {
		return nil, err
	}
	analyzers, err := rules.Select(opts.Rules)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInput, err)
	}
	analyzers = append(analyzers, opts.analyzers...)
	l := &linter{opts: opts, configs: configs, analyzers: analyzers, cache: cunit.NewCache(), fileSources: map[string]int{}, res: &report.Result{Tool: "kcovlint", Inputs: []report.Input{}, Findings: []report.Finding{}}}
	l.debugAids()
	if opts.Tree != "" {
		abs, err := filepath.Abs(opts.Tree)
		if err != nil {
			return nil, err
		}
		l.root = abs
		l.tree = &treeFiles{root: abs, builds: l.buildsDir, index: opts.TreeIndex}
	}
	if opts.Progress != nil {
		l.meter = newMeter(opts.Progress, opts.ProgressTTY)
		defer l.meter.end()
		l.cache.Progress = func(done, total int) { l.meter.set("parsing", done, total, "files") }
		if l.tree != nil {
			l.tree.read = func(done, total int) { l.meter.set("reading the tree for callers", done, total, "files") }
		}
	}
	model, err := applyRTModel(configs, kapi.Default(), l.root, opts.RTModel)
	if err != nil {
		return nil, err
	}
	l.res.RTModel = model
	if opts.Shards < 0 || opts.Shards > 0 && (opts.Shard < 0 || opts.Shard >= opts.Shards) {
		return nil, fmt.Errorf("%w: shard %d/%d: want 0 <= I < N", ErrInput, opts.Shard, opts.Shards)
	}
	sharded := opts.Shards > 0
	var cFiles []string
	var cSkipped []report.Unanalysed
	type unit struct {
		name    string
		files   []string
		skipped []report.Unanalysed
	}
	var units []unit // with sharding: one unit per argument
	var patches []*patch.Input
	stdinName := opts.StdinName
	if stdinName == "" {
		stdinName = "stdin"
	}
	for _, in := range opts.Inputs {
		if sharded && in != "-" {
			if st, err := os.Stat(in); err == nil && (st.IsDir() || strings.HasSuffix(in, ".c") || strings.HasSuffix(in, ".h")) {
				if ShardOf(l.shardKey(in), opts.Shards) != opts.Shard {
					continue
				}
				if files, skipped, ok := l.cInput(in, st); ok {
					units = append(units, unit{l.shardKey(in), files, skipped})
				}
				continue
			}
		}
		if sharded && opts.Shard != 0 {
			continue // patches, stdin and other inputs: shard 0
		}
		switch {
		case in == "-":
			if opts.Stdin == nil {
				l.inputError(stdinName, "patch", "no standard input")
				continue
			}
			data, err := io.ReadAll(opts.Stdin)
			if err != nil {
				l.inputError(stdinName, "patch", err.Error())
				continue
			}
			ins, err := patch.Read(stdinName, data)
			if err != nil {
				l.inputError(stdinName, "patch", err.Error())
			}
			if opts.StdinName != "" && len(ins) == 1 {
				ins[0].Name = opts.StdinName
			}
			patches = append(patches, ins...)
		default:
			st, err := os.Stat(in)
			if err != nil {
				l.inputError(in, "file", err.Error())
				continue
			}
			if st.IsDir() || strings.HasSuffix(in, ".c") || strings.HasSuffix(in, ".h") {
				if files, skipped, ok := l.cInput(in, st); ok {
					cFiles = append(cFiles, files...)
					cSkipped = append(cSkipped, skipped...)
				}
				continue
			}
			data, err := os.ReadFile(in)
			if err != nil {
				l.inputError(in, "patch", err.Error())
				continue
			}
			ins, err := patch.Read(in, data)
			if err != nil {
				l.inputError(in, "patch", err.Error())
			}
			for _, p := range ins {
				l.fileSources[p.Source] = len(ins)
			}
			patches = append(patches, ins...)
		}
	}
	if len(cFiles) > 0 {
		l.lintUnit("", cFiles, cSkipped)
	}
	for _, u := range units {
		l.lintUnit(u.name, u.files, u.skipped)
	}
	if len(patches) > 0 {
		patch.UniqueNames(patches)
		treeDir := l.root
		if treeDir == "" {
			treeDir = "."
		}
		end := l.phase("apply")
		results := patch.Apply(patches, patch.DirTree(treeDir))
		end()
		l.lintResults(results)
	}
	if opts.GitRange != "" && (!sharded || opts.Shard == 0) {
		if l.root == "" {
			return nil, fmt.Errorf("%w: --git needs the kernel tree (-C DIR)", ErrInput)
		}
		results, err := patch.GitRange(l.root, opts.GitRange)
		if err != nil {
			l.inputError(opts.GitRange, "commit", err.Error())
		} else {
			first := len(l.res.Findings)
			l.lintResults(results)
			l.toTip(opts.GitRange, results, l.res.Findings[first:])
		}
	}
	l.markNoRT()
	if !opts.Uncertain {
		kept := l.res.Findings[:0]
		for _, f := range l.res.Findings {
			if f.Confidence == report.ConfidenceLow {
				l.res.Uncertain++
				continue
			}
			kept = append(kept, f)
		}
		l.res.Findings = kept
	}
	sort.SliceStable(l.res.Findings, func(i, j int) bool {
		a, b := l.res.Findings[i], l.res.Findings[j]
		if a.Input != b.Input {
			return inputIndex(l.res, a.Input) < inputIndex(l.res, b.Input)
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Config < b.Config
	})
	return l.res, nil
}

func inputIndex(r *report.Result, name string) int {
	for i, in := range r.Inputs {
		if in.Name == name {
			return i
		}
	}
	return len(r.Inputs)
}

// inputError records an input that could not be linted; the message is
// made not to name the input again.
func (l *linter) inputError(name, kind, msg string) {
	l.res.Inputs = append(l.res.Inputs, report.Input{Name: name, Kind: kind, Status: "error", Error: inputMessage(msg, name)})
}

func (l *linter) progress(format string, args ...any) {
	if l.opts.Progress != nil {
		// The pre- and post-image may be analysed at the same time.
		l.progressMu.Lock()
		defer l.progressMu.Unlock()
		if l.meter != nil {
			l.meter.println(fmt.Sprintf("kcovlint: "+format, args...))
		} else {
			fmt.Fprintf(l.opts.Progress, "kcovlint: "+format+"\n", args...)
		}
	}
}

// cFilesIn lists the C files below a directory.
func cFilesIn(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".c") && d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// cInput lists the C files of a file or directory argument: a directory's
// .c files (those that are binary data are left out, as parts not
// analysed), or the file itself. A directory without C files and a file
// that is binary data are input errors: there is nothing to lint.
func (l *linter) cInput(in string, st os.FileInfo) (files []string, skipped []report.Unanalysed, ok bool) {
	if !st.IsDir() {
		if bin, err := binaryFile(in); err != nil {
			l.inputError(in, "file", err.Error())
			return nil, nil, false
		} else if bin {
			l.inputError(in, "file", "binary data (a NUL byte), not C")
			return nil, nil, false
		}
		return []string{in}, nil, true
	}
	all, err := cFilesIn(in)
	if err != nil {
		l.inputError(in, "file", err.Error())
		return nil, nil, false
	}
	for _, f := range all {
		if bin, err := binaryFile(f); err != nil || bin {
			reason := "binary data, not C"
			if err != nil {
				reason = "unreadable"
			}
			skipped = append(skipped, report.Unanalysed{File: l.absIfTree(f), Reason: reason})
			continue
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		if len(all) == 0 {
			l.inputError(in, "file", "no C files in this directory: nothing to lint")
		} else {
			l.inputError(in, "file", fmt.Sprintf("its %d .c files are binary data: nothing to lint", len(all)))
		}
		return nil, nil, false
	}
	return files, skipped, true
}

// absIfTree makes a path absolute when there is a tree, as the parsed
// paths are, so that outputs print it relative to the tree.
func (l *linter) absIfTree(p string) string {
	if l.root != "" {
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
	}
	return p
}

// lintUnit lints files as one unit, reported as the input name (by
// default "files", or the file when there is one); skipped are files of
// the unit left out, as parts not analysed.
func (l *linter) lintUnit(name string, files []string, skipped []report.Unanalysed) {
	var targets []string
	for _, f := range files {
		p := f
		if l.root != "" {
			if abs, err := filepath.Abs(f); err == nil {
				p = abs
			}
		}
		targets = append(targets, p)
	}
	var context []string
	var ways ctxflow.Ways
	if l.tree != nil && !l.opts.NoCallers && len(targets) <= 20 {
		context, ways = l.callers(targets, nil)
	}
	findings, u, truncated, err := l.analyze(targets, context, nil, ways)
	if name == "" && len(files) != 1 {
		name = "files"
	}
	if name == "" {
		name = files[0]
		if u != nil {
			name = u.Rel(targets[0])
		}
	}
	in := report.Input{Name: name, Kind: "file", Status: "ok"}
	if err != nil {
		in.Status, in.Error = "error", err.Error()
	}
	in.NotAnalysed = append(unanalysed(u, truncated), skipped...)
	l.res.Inputs = append(l.res.Inputs, in)
	for _, f := range findings {
		f.Status = report.StatusNew
		f.Input = name
		l.res.Findings = append(l.res.Findings, f)
	}
}

// lintResults lints applied patches: the post-image against the pre-image.
func (l *linter) lintResults(results []*patch.Result) {
	for i, r := range results {
		if len(results) > 1 {
			l.meter.set("linting", i, len(results), "inputs")
		}
		in := report.Input{Name: r.Input.Name, Kind: "patch", Status: "ok", Base: r.Base, Source: l.sourceOf(r.Input)}
		in.Notes = append(in.Notes, r.Notes...)
		if r.Err != nil {
			in.Status, in.Error = "error", l.applyError(r)
			l.res.Inputs = append(l.res.Inputs, in)
			continue
		}
		treeDir := l.root
		if treeDir == "" {
			treeDir, _ = filepath.Abs(".")
		}
		var targets []string
		post := map[string][]byte{}
		pre := map[string][]byte{}
		lineMaps := map[string]*patch.LineMap{}
		for _, img := range r.Files {
			if img.Skipped != "" {
				in.Notes = append(in.Notes, fmt.Sprintf("%s: %s", img.Path, img.Skipped))
				continue
			}
			if !strings.HasSuffix(img.Path, ".c") && !strings.HasSuffix(img.Path, ".h") {
				in.Notes = append(in.Notes, fmt.Sprintf("%s: not C", img.Path))
				continue
			}
			if !l.opts.All && img.Pre != nil && img.Lines != nil &&
				onlyMembers(img.Post, img.Lines.AddedLines()) && onlyMembers(img.Pre, img.Lines.DeletedLines()) {
				in.Notes = append(in.Notes, fmt.Sprintf("%s: the patch changes only members of structures and comments: its functions are as before, not analysed again (--all analyses it)", img.Path))
				continue
			}
			p := filepath.Join(treeDir, img.Path)
			targets = append(targets, p)
			post[p] = img.Post
			lineMaps[p] = img.Lines
			if img.Pre != nil {
				pre[p] = img.Pre
			}
		}
		if len(targets) == 0 {
			l.res.Inputs = append(l.res.Inputs, in)
			continue
		}
		l.progress("%s: analysing %s", r.Input.Name, strings.Join(relAll(treeDir, targets), ", "))
		var context []string
		var ways ctxflow.Ways
		if l.tree != nil && !l.opts.NoCallers {
			// The images parse while the index is asked for the callers.
			l.cache.Warm(l.configs, targets, post)
			l.cache.Warm(l.configs, preTargetsOf(targets, pre), pre)
			end := l.phase("callers")
			context, ways = l.callers(targets, post)
			end()
		}
		// The pre-image is analysed beside the post-image when few files
		// are parsed (ways from the index); with parsed callers, after
		// it, to take their parses from the cache.
		var before []report.Finding
		var preErr error
		preDone := make(chan struct{})
		analyzePre := func() {
			defer close(preDone)
			if len(pre) == 0 {
				return
			}
			end := l.phase("pre-image")
			before, _, _, preErr = l.analyze(preTargetsOf(targets, pre), context, pre, ways)
			end()
		}
		if ways != nil && len(context) == 0 {
			go analyzePre()
		}
		end := l.phase("post-image")
		after, u, truncated, err := l.analyze(targets, context, post, ways)
		end()
		if ways == nil || len(context) > 0 {
			analyzePre()
		}
		<-preDone
		if err != nil {
			in.Status, in.Error = "error", err.Error()
			l.res.Inputs = append(l.res.Inputs, in)
			continue
		}
		in.NotAnalysed = touchedBy(unanalysed(u, truncated), post, lineMaps)
		in.Lines = bytes.Count(r.Input.Raw, []byte("\n"))
		var findings []report.Finding
		if preErr != nil {
			// Nothing to compare with: whether a finding is new is not
			// known, and the findings the patch fixes are not either.
			l.progress("%s: the code before the patch could not be analysed: %v", r.Input.Name, preErr)
			for _, p := range preTargetsOf(targets, pre) {
				in.NotAnalysed = append(in.NotAnalysed, report.Unanalysed{File: p, Reason: report.ReasonPreImage, Detail: preErr.Error()})
			}
			findings = unclassified(after, r.Input.Name)
		} else {
			findings = classify(before, after, r.Input.Name)
		}
		l.res.Inputs = append(l.res.Inputs, in)
		// Suppression comments count as the patch leaves the file.
		findings, _ = report.Suppress(findings, func(rel string) ([]byte, error) {
			if b, ok := post[filepath.Join(treeDir, rel)]; ok {
				return b, nil
			}
			return os.ReadFile(filepath.Join(treeDir, rel))
		})
		patchLines := patchLineMaps(r)
		for i := range findings {
			f := &findings[i]
			if f.Status == report.StatusFixed {
				continue
			}
			if m := patchLines[f.File]; m != nil {
				f.PatchLine = m[f.Line]
			}
		}
		l.res.Findings = append(l.res.Findings, findings...)
	}
}

// sourceOf says where a patch input was read from, for messages: the
// file argument, with the line when the file holds several inputs; ""
// for standard input and commits, which their names say.
func (l *linter) sourceOf(in *patch.Input) string {
	n, ok := l.fileSources[in.Source]
	switch {
	case !ok:
		return ""
	case n > 1:
		return fmt.Sprintf("%s:%d", in.Source, in.Line)
	}
	return in.Source
}

// applyError is the message of an input that did not apply, without the
// input's name (the outputs print it): for a patch to files the tree does
// not have, what to do about it.
func (l *linter) applyError(r *patch.Result) string {
	var nt *patch.NotThereError
	if errors.As(r.Err, &nt) {
		files := nt.Paths[0]
		if len(nt.Paths) > 1 {
			files += fmt.Sprintf(" and %d more", len(nt.Paths)-1)
		}
		if l.root == "" {
			return fmt.Sprintf("patch against files not here (%s): use -C TREE", files)
		}
		return fmt.Sprintf("patch against files not in %s (%s): is -C the tree the patch is for?", l.root, files)
	}
	return inputMessage(r.Err.Error(), r.Input.String(), r.Input.Name)
}

// preTargetsOf lists the targets that have a pre-image (not those the
// patch creates).
func preTargetsOf(targets []string, pre map[string][]byte) []string {
	var out []string
	for _, t := range targets {
		if _, ok := pre[t]; ok {
			out = append(out, t)
		}
	}
	return out
}

// patchLineMaps maps, for each file of an applied input, the post-image
// lines the patch added to their lines in the patch text, so that output in
// checkpatch's shape can point into the patch.
func patchLineMaps(r *patch.Result) map[string]map[int]int {
	out := map[string]map[int]int{}
	for _, img := range r.Files {
		if img.Lines == nil || img.Skipped != "" {
			continue
		}
		var plus []int
		for _, pf := range r.Input.Files {
			if pf.Path() != img.Path {
				continue
			}
			for _, h := range pf.Hunks {
				for k, hl := range h.Lines {
					if hl.Op == '+' {
						plus = append(plus, h.Line+1+k)
					}
				}
			}
		}
		m := map[int]int{}
		next := 0
		for _, line := range img.Lines.AddedLines() {
			if next < len(plus) {
				m[line] = plus[next]
				next++
			}
		}
		out[img.Path] = m
	}
	return out
}

func relAll(root string, paths []string) []string {
	var out []string
	for _, p := range paths {
		if r, err := filepath.Rel(root, p); err == nil {
			out = append(out, r)
		} else {
			out = append(out, p)
		}
	}
	return out
}

// classify marks findings new (after only), existing (both) or fixed
// (before only), by their keys.
func classify(before, after []report.Finding, input string) []report.Finding {
	had := map[string]bool{}
	for _, f := range before {
		had[f.Key] = true
	}
	has := map[string]bool{}
	var out []report.Finding
	for _, f := range after {
		has[f.Key] = true
		f.Input = input
		if had[f.Key] {
			f.Status = report.StatusExisting
		} else {
			f.Status = report.StatusNew
		}
		out = append(out, f)
	}
	for _, f := range before {
		if has[f.Key] {
			continue
		}
		f.Input = input
		f.Status = report.StatusFixed
		f.Fix = nil
		out = append(out, f)
	}
	return out
}

// unclassified marks findings of unknown status: the code before the
// patch could not be analysed.
func unclassified(after []report.Finding, input string) []report.Finding {
	out := make([]report.Finding, 0, len(after))
	for _, f := range after {
		f.Input = input
		f.Status = report.StatusUnknown
		out = append(out, f)
	}
	return out
}

// analyze parses and runs the rules on one unit; ways are those into the
// targets' functions from callers outside the unit (nil: none known).
func (l *linter) analyze(targets, context []string, overlay map[string][]byte, ways ctxflow.Ways) ([]report.Finding, *cunit.Unit, []string, error) {
	end := l.phase("  unit (parse)")
	u, err := cunit.NewWith(l.cache, l.root, l.configs, targets, context, overlay, l.unitOptions(l.opts.NoCallers, l.opts.NoFocus))
	end()
	if err != nil {
		return nil, nil, nil, err
	}
	if ways != nil {
		u.External = ways
	}
	if len(u.Headers) > 0 {
		var rels []string
		for _, h := range u.Headers {
			rels = append(rels, u.Rel(h))
		}
		l.progress("read for the helpers the targets call: %s", strings.Join(rels, ", "))
	}
	if len(u.Callees) > 0 {
		var rels []string
		for _, f := range u.Callees {
			rels = append(rels, u.Rel(f))
		}
		l.progress("read for the functions the targets call: %s", strings.Join(rels, ", "))
	}
	if len(context) > 0 && len(u.Configs) > 0 {
		funcs, skipped := 0, 0
		for _, f := range u.Files[u.Configs[0].Name] {
			if !u.Targets[f.Path] {
				funcs += len(f.Funcs)
				skipped += f.Stats.Skipped
			}
		}
		l.progress("%d context files: %d functions analysed, %d not on the way to the targets' functions", len(context), funcs, skipped)
	}
	l.meter.set(fmt.Sprintf("analysing %d files", len(targets)+len(context)), -1, -1, "")
	end = l.phase("  analyzers")
	run, err := runner.Analyzers(u, l.analyzers)
	end()
	if err != nil {
		return nil, u, nil, err
	}
	var out []report.Finding
	for _, a := range l.analyzers {
		if fs, ok := run.Results[a].([]report.Finding); ok {
			out = append(out, fs...)
		}
	}
	// The configurations whose analysis stopped at a budget.
	var truncated []string
	if cr, ok := run.Results[ctxflow.Analyzer].(*ctxflow.Result); ok && cr != nil {
		for _, c := range u.Configs {
			if f := cr.ByConfig[c.Name]; f != nil && f.Truncated {
				truncated = append(truncated, c.Name)
			}
		}
	}
	return out, u, truncated, nil
}

// unitOptions are what a unit of the tree is built with, for a lint and
// for kcovlint graph alike: with the tree (unless noCallers), the headers
// and .c files defining what the targets call, the tree's struct types
// and enumerators; the modules the Makefiles link files into.
func (l *linter) unitOptions(noCallers, noFocus bool) cunit.Options {
	o := cunit.Options{Fields: l.dispatchFields(), NoFocus: noFocus}
	if l.tree != nil && !noCallers {
		o.Headers, o.Callees = l.helperHeaders, l.calleeFiles
		o.Structs, o.Enums = l.treeStructs(), l.treeEnums()
	}
	if l.root != "" {
		if l.modules == nil {
			l.modules = kbuild.NewModules(l.root)
		}
		o.Modules = l.modules.Module
	}
	return o
}

// callers finds what the analysis needs of the targets' callers: with an
// index, the ways into the targets' functions and the few files that
// register them (Options.ParseCallers: the callers' files, parsed, as
// without summaries in the index); without one, the files that call them,
// found by a scan of the tree.
func (l *linter) callers(targets []string, overlay map[string][]byte) ([]string, ctxflow.Ways) {
	if !l.opts.ParseCallers {
		if ways, context, ok := l.indexWays(targets, overlay); ok {
			return context, ways
		}
	}
	return l.contextFiles(targets, overlay), nil
}

// contextFiles finds the files of the tree that call the functions the
// targets define — and, through inline helpers in headers, their callers —
// so that the analysis knows in which contexts the targets run.
func (l *linter) contextFiles(targets []string, overlay map[string][]byte) []string {
	if files, ok := l.indexContextFiles(targets, overlay); ok {
		return files
	}
	if l.opts.Index != "none" {
		l.hinted.Do(func() {
			l.progress("no index of %s: scanning its %d .c/.h files for callers (kcovlint index -C %s builds one, once; patch lints then take about a second)", l.root, len(l.tree.list()), l.root)
		})
	}
	skip, names := targetNames(targets, overlay)
	end := l.phase("  callers' files")
	out := l.callerLevels(names, skip, 3, 80)
	end()
	// The code calling the targets' functions through the struct fields
	// they are stored in, and its callers (see dispatch.go).
	end = l.phase("  targets' stores")
	stores := l.targetStores(targets, overlay, out, names)
	end()
	end = l.phase("  dispatchers' files")
	disp, fields, dnames := l.dispatchFiles(stores, skip, defaultDispatchLimits)
	end()
	l.addDispatchFields(fields)
	if len(disp) > 0 {
		l.progress("dispatchers of the targets' callbacks: %s", strings.Join(relAll(l.root, disp), ", "))
	}
	for _, f := range disp {
		skip[f] = true
	}
	out = append(out, disp...)
	next := map[string]bool{}
	for _, n := range dnames {
		next[n] = true
	}
	end = l.phase("  dispatchers' callers")
	out = append(out, l.callerLevels(next, skip, dispatchLevels, dispatchCallerFiles)...)
	end()
	return out
}

// callerLevels finds, over levels, the files of the tree that call the
// names (but skip, which it extends) — and, through inline helpers in
// headers, their callers —, perLevel files a level at most.
func (l *linter) callerLevels(names, skip map[string]bool, levels, perLevel int) []string {
	var out []string
	for level := 0; level < levels && len(names) > 0; level++ {
		list := make([]string, 0, len(names))
		for n := range names {
			list = append(list, n)
		}
		sort.Strings(list)
		found := l.tree.mentions(list, skip, perLevel)
		names = map[string]bool{}
		for _, f := range found {
			skip[f] = true
			out = append(out, f)
			if strings.HasSuffix(f, ".h") {
				// Inline helpers in headers forward to the targets: look
				// for their callers too.
				if src, err := os.ReadFile(f); err == nil {
					for _, n := range definedNames(src, true) {
						names[n] = true
					}
				}
			}
		}
		if len(out) > 120 {
			break
		}
	}
	return out
}

// targetNames returns the targets as a set (files not to look for callers
// in) and the names of the non-static functions they define (overlay
// holds contents that replace files on disk).
func targetNames(targets []string, overlay map[string][]byte) (skip, names map[string]bool) {
	skip, names = map[string]bool{}, map[string]bool{}
	for _, t := range targets {
		skip[t] = true
		src, ok := overlay[t]
		if !ok {
			var err error
			if src, err = os.ReadFile(t); err != nil {
				continue
			}
		}
		// A header's static inline functions are called from the files
		// that include it.
		for _, n := range definedNames(src, strings.HasSuffix(t, ".h")) {
			names[n] = true
		}
	}
	return skip, names
}

// definedNames finds the names of functions defined in a file, by a quick
// scan: non-static ones (static ones are only called from their file), or
// for headers the static inline ones; not those in upper case (macros'
// names, as a rule).
func definedNames(src []byte, header bool) []string {
	var out []string
	for _, n := range definedFuncs(src, header) {
		if strings.ToUpper(n) != n {
			out = append(out, n)
		}
	}
	return out
}

// definedFuncs is definedNames with the names in upper case.
func definedFuncs(src []byte, header bool) []string {
	var out []string
	for _, line := range bytes.Split(src, []byte("\n")) {
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '/' || line[0] == '*' {
			continue
		}
		s := string(line)
		i := strings.IndexByte(s, '(')
		if i <= 0 || strings.HasSuffix(strings.TrimSpace(s), ";") {
			continue
		}
		static := strings.HasPrefix(s, "static ")
		if header != static {
			continue
		}
		j := i
		for j > 0 && isWordByte(s[j-1]) {
			j--
		}
		if name := s[j:i]; name != "" {
			out = append(out, name)
		}
	}
	return out
}
