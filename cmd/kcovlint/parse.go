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

type parseFileSummary struct {
	File      string  `json:"file"`
	Functions int     `json:"functions"`
	Parsed    int     `json:"parsed"`
	Scanned   int     `json:"scanned"`
	Counted   int     `json:"parsed_counted"` // parsed, at most scanned
	Failures  int     `json:"failures"`
	Seconds   float64 `json:"seconds"`
	Error     string  `json:"error,omitempty"`
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
	files, err := collectSources(fs.Args(), []string{".c"})
	if err != nil {
		fmt.Fprintf(stderr, "kcovlint parse: %v\n", err)
		return 2
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
	}
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
	r.Scanned = cparse.CountFunctions(src, cfg)
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
