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
	// Config is both, rt, nonrt or the path of a .config.
	Config string
	// Rules limits the rules run; empty means all.
	Rules []string
	// All also reports findings the patch did not introduce.
	All bool
	// GitRange lints each commit of a range of the git repository Tree.
	GitRange string
	// Progress, when not nil, receives progress lines for long runs.
	Progress io.Writer
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
	// Uncertain keeps low-confidence findings (report.ConfidenceLow) in
	// the result; by default they are left out and counted.
	Uncertain bool
	// RTModel forces the PREEMPT_RT softirq model: RTModelBHLock or
	// RTModelParallel; "" or RTModelAuto decides it from the tree.
	RTModel string
	// Version is the running kcovlint's version ("devel+0123456789ab"):
	// an index whose files another version parsed is used with a note.
	Version string
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
	c, err := cparse.LoadConfig(s)
	if err != nil {
		return nil, fmt.Errorf("%w: --config %s: %v", ErrInput, s, err)
	}
	return []*cparse.Config{c}, nil
}

type linter struct {
	opts      Options
	root      string
	configs   []*cparse.Config
	analyzers []*analysis.Analyzer
	tree      *treeFiles
	// progressMu serializes the progress output.
	progressMu sync.Mutex
	res        *report.Result
	cache      *cunit.Cache
	hinted     sync.Once // the hint to build an index
	// dispatch are the struct fields whose dispatchers the context files
	// hold: their functions calling through them are parsed (Focus).
	dispatchMu sync.Mutex
	dispatch   map[string]bool
	// structs are the tree's struct types (treeStructs).
	structsOnce sync.Once
	structs     map[string]*cparse.Struct
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
	l := &linter{opts: opts, configs: configs, analyzers: analyzers, cache: cunit.NewCache(), res: &report.Result{Tool: "kcovlint", Inputs: []report.Input{}, Findings: []report.Finding{}}}
	if opts.Tree != "" {
		abs, err := filepath.Abs(opts.Tree)
		if err != nil {
			return nil, err
		}
		l.root = abs
		l.tree = &treeFiles{root: abs}
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
	type unit struct {
		name  string
		files []string
	}
	var units []unit // with sharding: one unit per argument
	var patches []*patch.Input
	for _, in := range opts.Inputs {
		if sharded && in != "-" {
			if st, err := os.Stat(in); err == nil && (st.IsDir() || strings.HasSuffix(in, ".c") || strings.HasSuffix(in, ".h")) {
				if ShardOf(l.shardKey(in), opts.Shards) != opts.Shard {
					continue
				}
				files := []string{in}
				if st.IsDir() {
					if files, err = cFilesIn(in); err != nil {
						l.inputError(in, "file", err.Error())
						continue
					}
				}
				if len(files) > 0 {
					units = append(units, unit{l.shardKey(in), files})
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
				l.inputError("stdin", "patch", "no standard input")
				continue
			}
			data, err := io.ReadAll(opts.Stdin)
			if err != nil {
				l.inputError("stdin", "patch", err.Error())
				continue
			}
			ins, err := patch.Read("stdin", data)
			if err != nil {
				l.inputError("stdin", "patch", err.Error())
			}
			patches = append(patches, ins...)
		default:
			st, err := os.Stat(in)
			if err != nil {
				l.inputError(in, "file", err.Error())
				continue
			}
			if st.IsDir() {
				files, err := cFilesIn(in)
				if err != nil {
					l.inputError(in, "file", err.Error())
					continue
				}
				cFiles = append(cFiles, files...)
				continue
			}
			if strings.HasSuffix(in, ".c") || strings.HasSuffix(in, ".h") {
				cFiles = append(cFiles, in)
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
			patches = append(patches, ins...)
		}
	}
	if len(cFiles) > 0 {
		l.lintFiles(cFiles)
	}
	for _, u := range units {
		l.lintUnit(u.name, u.files)
	}
	if len(patches) > 0 {
		patch.UniqueNames(patches)
		treeDir := l.root
		if treeDir == "" {
			treeDir = "."
		}
		end := phase("apply")
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
			l.lintResults(results)
		}
	}
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

func (l *linter) inputError(name, kind, msg string) {
	l.res.Inputs = append(l.res.Inputs, report.Input{Name: name, Kind: kind, Status: "error", Error: msg})
}

func (l *linter) progress(format string, args ...any) {
	if l.opts.Progress != nil {
		// The pre- and post-image may be analysed at the same time.
		l.progressMu.Lock()
		defer l.progressMu.Unlock()
		fmt.Fprintf(l.opts.Progress, "kcovlint: "+format+"\n", args...)
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

// lintFiles lints C files as they are.
func (l *linter) lintFiles(files []string) { l.lintUnit("", files) }

// lintUnit lints files as one unit, reported as the input name (by
// default "files", or the file when there is one).
func (l *linter) lintUnit(name string, files []string) {
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
	findings, u, err := l.analyze(targets, context, nil, ways)
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
	if u != nil {
		in.Notes = append(in.Notes, parseNotes(u)...)
	}
	l.res.Inputs = append(l.res.Inputs, in)
	for _, f := range findings {
		f.Status = report.StatusNew
		f.Input = name
		l.res.Findings = append(l.res.Findings, f)
	}
}

// parseNotes lists the parts of the targets that could not be parsed, so
// that nothing is skipped silently.
func parseNotes(u *cunit.Unit) []string {
	var out []string
	for _, f := range u.Failures() {
		out = append(out, "not analysed: "+f)
	}
	return out
}

// lintResults lints applied patches: the post-image against the pre-image.
func (l *linter) lintResults(results []*patch.Result) {
	for _, r := range results {
		in := report.Input{Name: r.Input.Name, Kind: "patch", Status: "ok", Base: r.Base}
		in.Notes = append(in.Notes, r.Notes...)
		if r.Err != nil {
			in.Status, in.Error = "error", r.Err.Error()
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
			end := phase("callers")
			context, ways = l.callers(targets, post)
			end()
		}
		// The pre-image is analysed beside the post-image when few files
		// are parsed (ways from the index); with parsed callers, after
		// it, to take their parses from the cache.
		var before []report.Finding
		preDone := make(chan struct{})
		analyzePre := func() {
			defer close(preDone)
			if len(pre) == 0 {
				return
			}
			end := phase("pre-image")
			before, _, _ = l.analyze(preTargetsOf(targets, pre), context, pre, ways)
			end()
		}
		if ways != nil && len(context) == 0 {
			go analyzePre()
		}
		end := phase("post-image")
		after, u, err := l.analyze(targets, context, post, ways)
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
		in.Notes = append(in.Notes, parseNotes(u)...)
		in.Lines = bytes.Count(r.Input.Raw, []byte("\n"))
		l.res.Inputs = append(l.res.Inputs, in)
		findings := classify(before, after, r.Input.Name)
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

// analyze parses and runs the rules on one unit; ways are those into the
// targets' functions from callers outside the unit (nil: none known).
func (l *linter) analyze(targets, context []string, overlay map[string][]byte, ways ctxflow.Ways) ([]report.Finding, *cunit.Unit, error) {
	var headers cunit.HeaderFinder
	if l.tree != nil && !l.opts.NoCallers {
		headers = l.helperHeaders
	}
	end := phase("  unit (parse)")
	var structs map[string]*cparse.Struct
	if l.tree != nil && !l.opts.NoCallers {
		structs = l.treeStructs()
	}
	u, err := cunit.NewWith(l.cache, l.root, l.configs, targets, context, overlay, cunit.Options{Headers: headers, Fields: l.dispatchFields(), Structs: structs})
	end()
	if err != nil {
		return nil, nil, err
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
	end = phase("  analyzers")
	run, err := runner.Analyzers(u, l.analyzers)
	end()
	if err != nil {
		return nil, u, err
	}
	var out []report.Finding
	for _, a := range l.analyzers {
		if fs, ok := run.Results[a].([]report.Finding); ok {
			out = append(out, fs...)
		}
	}
	return out, u, nil
}

// callers finds what the analysis needs of the targets' callers: with an
// index, the ways into the targets' functions and the few files that
// register them (KCOVLINT_PARSE_CALLERS=1: the callers' files, parsed, as
// without summaries in the index); without one, the files that call them,
// found by a scan of the tree.
func (l *linter) callers(targets []string, overlay map[string][]byte) ([]string, ctxflow.Ways) {
	if os.Getenv("KCOVLINT_PARSE_CALLERS") == "" {
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
	end := phase("  callers' files")
	out := l.callerLevels(names, skip, 3, 80)
	end()
	// The code calling the targets' functions through the struct fields
	// they are stored in, and its callers (see dispatch.go).
	end = phase("  targets' stores")
	stores := l.targetStores(targets, overlay, out, names)
	end()
	end = phase("  dispatchers' files")
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
	end = phase("  dispatchers' callers")
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
		for _, n := range definedNames(src, false) {
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
