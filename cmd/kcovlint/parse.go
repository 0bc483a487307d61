// SPDX-License-Identifier: MIT

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

func init() {
	register("parse", "FILE...|DIR  parse only: how much of the code kcovlint reads", runParse)
}

type parseFailure struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
	Func   string `json:"function,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// lostFunc is a function the brace scanner counts that did not parse
// with a body.
type lostFunc struct {
	File   string `json:"file"`
	Line   int    `json:"line"` // of the declaration's first token
	Name   string `json:"function"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
	// Callback says how the kernel reaches the function when the file
	// hands it over (an initializer, a registration call, a callback
	// field) or when its signature makes it an interrupt handler; Ctx is
	// the context the kernel table gives that way, if it knows.
	Callback string `json:"callback,omitempty"`
	Ctx      string `json:"context,omitempty"`
	// IncludedBy is set for a function of a local header that the file
	// includes (ipset's ip_set_hash_gen.h, instantiated by each
	// includer): the brace scanner does not count it, so it is listed
	// apart.
	IncludedBy string `json:"included_by,omitempty"`
}

// parseDir is one row of the per-directory table: each argument of
// `kcovlint parse` is a row.
// lostReg is a file-scope declaration that did not parse and named
// functions of its file: the registrations they lose.
type lostReg struct {
	File      string   `json:"file"`
	Line      int      `json:"line"`
	End       int      `json:"end_line"`
	Var       string   `json:"variable,omitempty"`
	Reason    string   `json:"reason"`
	Detail    string   `json:"detail,omitempty"`
	Functions []string `json:"functions"` // each with how it is registered
}

type parseDir struct {
	Path      string     `json:"path"`
	Files     int        `json:"files"`
	Scanned   int        `json:"scanned"`
	Parsed    int        `json:"parsed"` // scanned functions parsed with a body
	Rate      float64    `json:"rate_percent"`
	Callbacks int        `json:"lost_callbacks"`
	Lost      []lostFunc `json:"lost"`
	// LostRegs are failed declarations that register functions.
	LostRegs []lostReg `json:"lost_registrations"`
	// InHeaders are functions of local headers that failed, once per
	// including file.
	InHeaders []lostFunc `json:"lost_in_headers"`
}

type parseFileSummary struct {
	File      string  `json:"file"`
	Functions int     `json:"functions"`
	Parsed    int     `json:"parsed"`
	Scanned   int     `json:"scanned"`
	Counted   int     `json:"parsed_counted"` // parsed, at most scanned
	Failures  int     `json:"failures"`
	Seconds   float64 `json:"seconds"`
	Error     string  `json:"error,omitempty"`
	lost      []lostFunc
	lostRegs  []lostReg
	inHeaders []lostFunc
}

type parseSummary struct {
	Files     int `json:"files"`
	Functions int `json:"functions"`
	Parsed    int `json:"parsed"`
	Scanned   int `json:"scanned"`
	// Counted is what the rate counts: per file, the functions parsed,
	// but no more than the scanner counts (a macro can make a function
	// the scanner does not see).
	Counted   int                `json:"parsed_counted"`
	Rate      float64            `json:"rate_percent"`
	Failures  []parseFailure     `json:"failures"`
	ByReason  map[string]int     `json:"failures_by_reason"`
	Seconds   float64            `json:"seconds"`
	FilesPerS float64            `json:"files_per_second"`
	PeakRSSKB int64              `json:"peak_rss_kb"`
	CPUSecs   float64            `json:"cpu_seconds"`
	Config    string             `json:"config"`
	PerFile   []parseFileSummary `json:"per_file,omitempty"`
	Dirs      []parseDir         `json:"directories"`
	Unread    []string           `json:"unreadable,omitempty"`
}

// runParse implements `kcovlint parse FILE...|DIR`: it parses each file and
// counts functions found, functions parsed with a body and failures.
func runParse(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	config := fs.String("config", "nonrt", "configuration: rt, nonrt or a .config path")
	jobs := fs.Int("j", runtime.NumCPU(), "parallel jobs")
	perFile := fs.Bool("per-file", false, "list every file (json: per_file)")
	verbose := fs.Bool("v", false, "print every failure")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "kcovlint parse: no files given (usage: kcovlint parse [--format json] [--config rt|nonrt|PATH] FILE...|DIR)")
		return 2
	}
	cfg, err := configFromFlag(*config)
	if err != nil {
		fmt.Fprintf(stderr, "kcovlint parse: %v\n", err)
		return 2
	}
	var files []string
	var dirs []parseDir
	var dirOf []int // files[i] belongs to dirs[dirOf[i]]
	for _, a := range fs.Args() {
		fl, err := collectSources([]string{a}, []string{".c"})
		if err != nil {
			fmt.Fprintf(stderr, "kcovlint parse: %v\n", err)
			return 2
		}
		for range fl {
			dirOf = append(dirOf, len(dirs))
		}
		files = append(files, fl...)
		dirs = append(dirs, parseDir{Path: a, Lost: []lostFunc{}, LostRegs: []lostReg{}, InHeaders: []lostFunc{}})
	}
	tuneGC(400, 2<<30)
	start := time.Now()
	sum := parseSummary{ByReason: map[string]int{}, Config: cfg.Name, Failures: []parseFailure{}}
	results := make([]parseFileSummary, len(files))
	fails := make([][]parseFailure, len(files))
	var wg sync.WaitGroup
	ch := make(chan int)
	for w := 0; w < max(1, *jobs); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				results[i], fails[i] = parseOne(files[i], cfg)
			}
		}()
	}
	// Largest files first, so that no big file is left to one worker at
	// the end; results keep the files' order.
	order := make([]int, len(files))
	sizes := make([]int64, len(files))
	for i, p := range files {
		order[i] = i
		if st, err := os.Stat(p); err == nil {
			sizes[i] = st.Size()
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return sizes[order[a]] > sizes[order[b]] })
	for _, i := range order {
		ch <- i
	}
	close(ch)
	wg.Wait()
	for i, r := range results {
		sum.Files++
		if r.Error != "" {
			sum.Unread = append(sum.Unread, r.File+": "+r.Error)
		}
		sum.Functions += r.Functions
		sum.Parsed += r.Parsed
		sum.Scanned += r.Scanned
		sum.Counted += r.Counted
		sum.Failures = append(sum.Failures, fails[i]...)
		for _, f := range fails[i] {
			sum.ByReason[f.Reason]++
		}
		if *perFile {
			sum.PerFile = append(sum.PerFile, r)
		}
		d := &dirs[dirOf[i]]
		d.Files++
		d.Scanned += r.Scanned
		d.Parsed += r.Scanned - len(r.lost)
		d.Lost = append(d.Lost, r.lost...)
		d.LostRegs = append(d.LostRegs, r.lostRegs...)
		d.InHeaders = append(d.InHeaders, r.inHeaders...)
		for _, l := range r.lost {
			if l.Callback != "" {
				d.Callbacks++
			}
		}
	}
	for i := range dirs {
		dirs[i].Rate = 100
		if dirs[i].Scanned > 0 {
			dirs[i].Rate = 100 * float64(dirs[i].Parsed) / float64(dirs[i].Scanned)
		}
	}
	sum.Dirs = dirs
	sum.Seconds = time.Since(start).Seconds()
	if sum.Seconds > 0 {
		sum.FilesPerS = float64(sum.Files) / sum.Seconds
	}
	sum.PeakRSSKB, sum.CPUSecs = usage()
	sum.Rate = 100
	if sum.Scanned > 0 {
		sum.Rate = 100 * float64(sum.Counted) / float64(sum.Scanned)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return 2
		}
		return 0
	}
	if *perFile || len(files) == 1 {
		for _, r := range results {
			fmt.Fprintf(stdout, "%s: %d functions, %d parsed with a body, %d failures (%.3fs)%s\n", r.File, r.Functions, r.Parsed, r.Failures, r.Seconds, errSuffix(r.Error))
		}
	}
	if *verbose || len(files) == 1 {
		for _, f := range sum.Failures {
			fn := ""
			if f.Func != "" {
				fn = " in " + f.Func
			}
			fmt.Fprintf(stdout, "%s:%d: %s%s: %s\n", f.File, f.Line, f.Reason, fn, f.Detail)
		}
	}
	if len(files) > 1 {
		printDirTable(stdout, dirs)
	}
	fmt.Fprintf(stdout, "total: %d files, %d functions found, %d parsed with a body (%.2f%% of %d counted by the brace scanner), %d failures",
		sum.Files, sum.Functions, sum.Parsed, sum.Rate, sum.Scanned, len(sum.Failures))
	if len(sum.ByReason) > 0 {
		var parts []string
		for r, n := range sum.ByReason {
			parts = append(parts, fmt.Sprintf("%s %d", r, n))
		}
		sort.Strings(parts)
		fmt.Fprintf(stdout, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintf(stdout, ", %.2fs (%.1f files/s, %.1f CPU s, peak RSS %d MB), config %s\n", sum.Seconds, sum.FilesPerS, sum.CPUSecs, sum.PeakRSSKB>>10, sum.Config)
	if len(sum.Unread) > 0 {
		for _, u := range sum.Unread {
			fmt.Fprintf(stderr, "kcovlint parse: %s\n", u)
		}
		return 2
	}
	return 0
}

// usage returns the process's peak resident set size in KiB and the CPU
// seconds it used (user and system), or zeros where the system does not say.
func usage() (int64, float64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	cpu := float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
	return int64(ru.Maxrss), cpu
}

func errSuffix(e string) string {
	if e == "" {
		return ""
	}
	return ": " + e
}

func parseOne(path string, cfg *cparse.Config) (parseFileSummary, []parseFailure) {
	t0 := time.Now()
	r := parseFileSummary{File: path}
	src, err := os.ReadFile(path)
	if err != nil {
		r.Error = err.Error()
		return r, nil
	}
	f := cparse.ParseSource(path, src, cparse.Options{Config: cfg})
	scan := cparse.ScanFile(path, src, cfg)
	r.Scanned = len(scan.Defs())
	r.lost = lostFuncs(path, scan, f, kapi.Default())
	r.lostRegs = lostRegs(path, scan, f, kapi.Default())
	for _, x := range f.Failures {
		if x.Func != "" && x.From.IsValid() && x.From.File != f.Path {
			r.inHeaders = append(r.inHeaders, lostFunc{File: x.From.File, Line: x.From.Line, Name: x.Func, Reason: x.Reason, Detail: x.Detail, IncludedBy: path})
		}
	}
	r.Functions = f.Stats.FuncChunks
	r.Parsed = f.Stats.Parsed
	r.Counted = min(r.Parsed, r.Scanned)
	r.Failures = len(f.Failures)
	r.Seconds = time.Since(t0).Seconds()
	var fails []parseFailure
	for _, x := range f.Failures {
		fails = append(fails, parseFailure{File: x.Pos.File, Line: x.Pos.Line, Reason: x.Reason, Func: x.Func, Detail: x.Detail})
	}
	return r, fails
}

// configFromFlag turns --config rt|nonrt|PATH into a Config.
func configFromFlag(s string) (*cparse.Config, error) {
	switch s {
	case "rt":
		return cparse.NewConfig(true), nil
	case "nonrt", "":
		return cparse.NewConfig(false), nil
	}
	return cparse.LoadConfig(s)
}

// collectSources expands directories into the files with the given
// extensions below them, in a stable order.
func collectSources(args []string, exts []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if n := d.Name(); p != a && (strings.HasPrefix(n, ".") || n == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			for _, e := range exts {
				if strings.HasSuffix(p, e) && d.Type().IsRegular() {
					out = append(out, p)
					break
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// lostFuncs lists the functions of a file that did not parse with a body,
// and says of each how the kernel reaches it when the file registers it.
func lostFuncs(path string, scan *cparse.Scan, f *cparse.File, t *kapi.Table) []lostFunc {
	lost := scan.Lost(f)
	if len(lost) == 0 {
		return nil
	}
	names := map[string]bool{}
	for _, l := range lost {
		names[l.Name] = true
	}
	refs := map[string][]cparse.Ref{}
	for _, r := range scan.Refs(names) {
		refs[r.Name] = append(refs[r.Name], r)
	}
	var out []lostFunc
	for _, l := range lost {
		lf := lostFunc{File: path, Line: l.Start, Name: l.Name, Reason: l.Reason, Detail: l.Detail}
		lf.Callback, lf.Ctx = callbackOf(l, refs[l.Name], t)
		out = append(out, lf)
	}
	return out
}

// callbackOf says how the kernel reaches a function the file hands over:
// the most telling of its uses as a value (a registration or an operations
// field the kernel table knows first, then any initializer, callback field
// or call argument), or its interrupt-handler signature. It returns "" for
// a function only called directly or exported.
func callbackOf(l cparse.LostFunc, refs []cparse.Ref, t *kapi.Table) (how, ctx string) {
	rank := 0
	for _, r := range refs {
		if h, c, k := describeRef(r, t); k > rank {
			how, ctx, rank = h, c, k
		}
	}
	if how == "" && l.IRQ {
		return "interrupt handler (returns irqreturn_t)", "hardirq"
	}
	if how != "" && l.IRQ && ctx == "" {
		ctx = "hardirq"
	}
	return how, ctx
}

// describeRef says what a use of a function's name as a value does: how
// the kernel will call it, the context the kernel table gives that way,
// and a rank (registrations and fields the table knows first; 0 for a use
// that registers nothing, an export).
func describeRef(r cparse.Ref, t *kapi.Table) (how, ctx string, rank int) {
	in := ""
	if r.In != "" {
		in = " in " + r.In + "()"
	}
	if r.Call != "" {
		if _, ok := t.Exports[r.Call]; ok {
			return "", "", 0
		}
		if r.In == "" && r.Var == "" && strings.HasPrefix(r.Call, "__") {
			// An attribute at file scope (__alias(crc32_le)).
			return "", "", 0
		}
		if e, ok := t.Entries[r.Call]; ok && (e.Fn == r.Arg || e.Thread == r.Arg || e.Also == r.Arg || e.Fn < 0) {
			return fmt.Sprintf("registered by %s()%s", r.Call, in), ctxText(e.Ctx, e.RTCtx), 5
		}
		if e, ok := t.EntryMacros[r.Call]; ok && (e.Fn == r.Arg || e.Fn < 0) {
			return fmt.Sprintf("registered by %s()%s", r.Call, in), ctxText(e.Ctx, e.RTCtx), 5
		}
	}
	switch {
	case r.Var != "":
		typ := strings.TrimPrefix(r.VarType, "struct ")
		how = "initializer of " + r.Var
		switch {
		case typ != "":
			how += " (" + typ + "." + orStar(r.Field) + ")"
		case r.Field != "":
			how += " (." + r.Field + ")"
		}
		if r.Call != "" {
			how += " via " + r.Call + "()"
		}
		if o := t.OpsEntry(typ, r.Field); typ != "" && o != nil {
			return how, ctxText(o.Ctx, o.RTCtx), 4
		}
		return how, "", 3
	case r.Assigned != "":
		how = fmt.Sprintf("stored in ->%s%s", r.Assigned, in)
		if fe, ok := t.Fields[r.Assigned]; ok {
			return how, ctxText(fe.Ctx, fe.RTCtx), 4
		}
		return how, "", 2
	case r.Call != "":
		return fmt.Sprintf("passed to %s()%s", r.Call, in), "", 2
	}
	return "", "", 0
}

// lostRegs lists the failed declarations of a file that name its functions.
func lostRegs(path string, scan *cparse.Scan, f *cparse.File, t *kapi.Table) []lostReg {
	var out []lostReg
	for _, d := range scan.LostDecls(f) {
		lr := lostReg{File: path, Line: d.From.Line, End: d.To.Line, Reason: d.Reason, Detail: d.Detail}
		seen := map[string]bool{}
		for _, r := range d.Refs {
			if lr.Var == "" {
				lr.Var = r.Var
			}
			how, ctx, rank := describeRef(r, t)
			if rank == 0 || seen[r.Name] {
				continue
			}
			seen[r.Name] = true
			if ctx != "" {
				how += " [" + ctx + "]"
			}
			lr.Functions = append(lr.Functions, r.Name+": "+how)
		}
		if len(lr.Functions) > 0 {
			out = append(out, lr)
		}
	}
	return out
}

func orStar(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// ctxText renders a context and its PREEMPT_RT variant.
func ctxText(ctx, rt string) string {
	if rt != "" && rt != ctx {
		return ctx + " (RT: " + rt + ")"
	}
	return ctx
}

// printDirTable prints the per-directory table: functions the brace scanner
// counts, those parsed with a body, and every lost one with its reason; a
// lost function the file hands to the kernel is marked CALLBACK.
func printDirTable(w io.Writer, dirs []parseDir) {
	fmt.Fprintf(w, "%-40s %6s %8s %8s %8s %6s %9s %9s %10s\n", "directory", "files", "scanned", "parsed", "percent", "lost", "callbacks", "lost regs", "in headers")
	for _, d := range dirs {
		fmt.Fprintf(w, "%-40s %6d %8d %8d %7.2f%% %6d %9d %9d %10d\n", d.Path, d.Files, d.Scanned, d.Parsed, d.Rate, len(d.Lost), d.Callbacks, len(d.LostRegs), len(d.InHeaders))
	}
	for _, d := range dirs {
		for _, r := range d.LostRegs {
			v := ""
			if r.Var != "" {
				v = " " + r.Var
			}
			fmt.Fprintf(w, "lost registration%s at %s:%d: %s: %s\n", v, r.File, r.Line, r.Reason, r.Detail)
			for _, fn := range r.Functions {
				fmt.Fprintf(w, "  %s\n", fn)
			}
		}
		for _, l := range d.InHeaders {
			fmt.Fprintf(w, "lost in header %s:%d: %s (included by %s): %s: %s\n", l.File, l.Line, l.Name, l.IncludedBy, l.Reason, l.Detail)
		}
		if len(d.Lost) == 0 {
			continue
		}
		byReason := map[string]int{}
		for _, l := range d.Lost {
			byReason[l.Reason]++
		}
		var parts []string
		for r, n := range byReason {
			parts = append(parts, fmt.Sprintf("%s %d", r, n))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, "lost in %s: %s\n", d.Path, strings.Join(parts, ", "))
		for _, l := range d.Lost {
			mark, how := "", ""
			if l.Callback != "" {
				mark = " CALLBACK"
				how = "; " + l.Callback
				if l.Ctx != "" {
					how += " [" + l.Ctx + "]"
				}
			}
			detail := ""
			if l.Detail != "" {
				detail = ": " + l.Detail
			}
			fmt.Fprintf(w, "  %s:%d: %s%s: %s%s%s\n", l.File, l.Line, l.Name, mark, l.Reason, detail, how)
		}
	}
}
