// SPDX-License-Identifier: MIT

package cparse

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// treeFiles lists the .c files below the given directories of a tree, sorted.
func treeFiles(tb testing.TB, tree string, dirs ...string) []string {
	tb.Helper()
	var out []string
	for _, d := range dirs {
		err := filepath.WalkDir(filepath.Join(tree, d), func(p string, e os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.Type().IsRegular() && strings.HasSuffix(p, ".c") {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	sort.Strings(out)
	return out
}

// treeResult sums a parse of many files.
type treeResult struct {
	files, scanned, parsed, funcs, failures int
	internal                                []string
}

// parseTree parses files on all cores and sums the counts.
func parseTree(files []string, cfg *Config) treeResult {
	var mu sync.Mutex
	var r treeResult
	ch := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range ch {
				src, err := os.ReadFile(p)
				if err != nil {
					continue
				}
				f := ParseSource(p, src, Options{Config: cfg})
				n := CountFunctions(src, cfg)
				mu.Lock()
				r.files++
				r.scanned += n
				r.parsed += min(f.Stats.Parsed, n)
				r.funcs += f.Stats.FuncChunks
				r.failures += len(f.Failures)
				for _, x := range f.Failures {
					if x.Reason == "internal error" {
						r.internal = append(r.internal, x.String())
					}
				}
				mu.Unlock()
			}
		}()
	}
	for _, p := range files {
		ch <- p
	}
	close(ch)
	wg.Wait()
	return r
}

// TestTreeKernelMM parses kernel/ and mm/ of the real tree and requires 97%
// of the functions the brace scanner counts to parse with a body, and no
// internal error (a recovered panic) on any file.
func TestTreeKernelMM(t *testing.T) {
	if testing.Short() {
		t.Skip("tree test skipped in -short mode")
	}
	tree := testenv.KernelTree(t)
	files := treeFiles(t, tree, "kernel", "mm")
	r := parseTree(files, NewConfig(false))
	rate := 100 * float64(r.parsed) / float64(max(1, r.scanned))
	t.Logf("kernel/ mm/ (nonrt): %d files, %d of %d functions parsed (%.2f%%), %d failures", r.files, r.parsed, r.scanned, rate, r.failures)
	for _, s := range r.internal {
		t.Errorf("internal error: %s", s)
	}
	if rate < 97 {
		t.Errorf("parse rate %.2f%% < 97%%", rate)
	}
}

// TestTreeWhole parses every .c file of the tree in both configurations.
// It takes minutes, so it runs only with KCOVLINT_TREE_ALL=1 (bench/parse.sh
// measures the same through the command line).
func TestTreeWhole(t *testing.T) {
	if os.Getenv("KCOVLINT_TREE_ALL") == "" {
		t.Skip("whole-tree test: set KCOVLINT_TREE_ALL=1 to run it")
	}
	tree := testenv.KernelTree(t)
	files := treeFiles(t, tree, ".")
	for _, rt := range []bool{false, true} {
		cfg := NewConfig(rt)
		r := parseTree(files, cfg)
		rate := 100 * float64(r.parsed) / float64(max(1, r.scanned))
		t.Logf("whole tree (%s): %d files, %d of %d functions parsed (%.2f%%), %d failures", cfg.Name, r.files, r.parsed, r.scanned, rate, r.failures)
		for _, s := range r.internal {
			t.Errorf("internal error: %s", s)
		}
		if rate < 97 {
			t.Errorf("%s: parse rate %.2f%% < 97%%", cfg.Name, rate)
		}
	}
}

// benchFiles picks about n files spread evenly over the directories the
// parse figures are measured on.
func benchFiles(b *testing.B, n int) []string {
	tree := testenv.KernelTree(b)
	all := treeFiles(b, tree, "kernel", "mm", "net", "drivers/usb", "drivers/net")
	step := max(1, len(all)/n)
	var out []string
	for i := 0; i < len(all); i += step {
		out = append(out, all[i])
	}
	return out
}

// BenchmarkParseTree parses about 200 real files one after another (one
// core), as `go test -bench ParseTree -cpuprofile` profiles the pipeline.
func BenchmarkParseTree(b *testing.B) {
	files := benchFiles(b, 200)
	srcs := make([][]byte, len(files))
	total := 0
	for i, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs[i] = src
		total += len(src)
	}
	cfg := NewConfig(false)
	getModel()
	b.SetBytes(int64(total))
	b.ResetTimer()
	parsed := 0
	for i := 0; i < b.N; i++ {
		parsed = 0
		for k, p := range files {
			f := ParseSource(p, srcs[k], Options{Config: cfg})
			parsed += f.Stats.Parsed
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(parsed), "parsed")
}
