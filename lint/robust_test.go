// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/rules"
)

type robustResult struct {
	path     string
	elapsed  time.Duration
	panicked string
	lost     string
	findings int
}

// analyzeOne runs the whole analysis (parse, call graph, contexts, every
// rule, both configurations) on one file, recovering a panic.
func analyzeOne(root, path string, configs []*cparse.Config) (r robustResult) {
	r.path = path
	start := time.Now()
	defer func() {
		r.elapsed = time.Since(start)
		if p := recover(); p != nil {
			r.panicked = fmt.Sprint(p)
		}
	}()
	// As kcovlint runs it: a cache (RT and non-RT share the parse when
	// the file asks nothing that differs), one per file.
	l := &linter{configs: configs, analyzers: rules.All(), cache: cunit.NewCache(), root: root}
	findings, u, _, err := l.analyze([]string{path}, nil, nil, nil)
	if err != nil {
		r.lost = err.Error()
		return r
	}
	if u == nil {
		r.lost = "no unit"
		return r
	}
	r.findings = len(findings)
	return r
}

// TestRobustWholeTree runs the whole analysis on every .c and .h file of a
// kernel tree, one file at a time, and fails on a panic, a file that takes
// more than 5 s, or a file that is lost (no unit, an error instead of
// notes). It takes long (about half an hour of CPU on a whole tree), so it
// runs only with KCOVLINT_WHOLE_TREE=1; KCOVLINT_ROBUST_DIRS=kernel,net
// limits it to some directories, KCOVLINT_ROBUST_EVERY=N to every Nth file.
func TestRobustWholeTree(t *testing.T) {
	if os.Getenv("KCOVLINT_WHOLE_TREE") == "" {
		t.Skip("the robustness run over a whole tree takes long: set KCOVLINT_WHOLE_TREE=1 (and KCOVLINT_ROBUST_DIRS to limit it)")
	}
	root := testenv.KernelTree(t)
	dirs := []string{root}
	if d := os.Getenv("KCOVLINT_ROBUST_DIRS"); d != "" {
		dirs = nil
		for _, x := range strings.Split(d, ",") {
			dirs = append(dirs, filepath.Join(root, x))
		}
	}
	every := 1
	if e, err := strconv.Atoi(os.Getenv("KCOVLINT_ROBUST_EVERY")); err == nil && e > 1 {
		every = e
	}
	var files []string
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if e.IsDir() {
				n := e.Name()
				if p != d && (strings.HasPrefix(n, ".") || n == "Documentation" || n == "tools" || n == "scripts" || n == "samples" || n == "usr") {
					return filepath.SkipDir
				}
				return nil
			}
			if (strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h")) && e.Type().IsRegular() {
				files = append(files, p)
			}
			return nil
		})
	}
	sort.Strings(files)
	if every > 1 {
		var picked []string
		for i := 0; i < len(files); i += every {
			picked = append(picked, files[i])
		}
		files = picked
	}
	configs, _ := Configs("both")
	// The collector as the kcovlint command sets it (cmd/kcovlint tuneGC).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(2 << 30))
	results := make([]robustResult, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	start := time.Now()
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = analyzeOne(root, files[i], configs)
			}
		}()
	}
	for i := range files {
		next <- i
		if i > 0 && i%5000 == 0 {
			t.Logf("%d/%d files, %s", i, len(files), time.Since(start).Round(time.Second))
		}
	}
	close(next)
	wg.Wait()

	var panics, slow, lost []robustResult
	findings := 0
	for _, r := range results {
		rel, _ := filepath.Rel(root, r.path)
		r.path = rel
		findings += r.findings
		switch {
		case r.panicked != "":
			panics = append(panics, r)
		case r.lost != "":
			lost = append(lost, r)
		}
		if r.elapsed > 5*time.Second {
			slow = append(slow, r)
		}
	}
	sort.Slice(results, func(i, j int) bool { return results[i].elapsed > results[j].elapsed })
	t.Logf("%d files in %s, %d findings; slowest:", len(files), time.Since(start).Round(time.Second), findings)
	for _, r := range results[:min(10, len(results))] {
		rel, _ := filepath.Rel(root, r.path)
		t.Logf("  %6.2fs  %s", r.elapsed.Seconds(), rel)
	}
	for _, r := range panics {
		t.Errorf("panic on %s: %s", r.path, r.panicked)
	}
	for _, r := range lost {
		t.Errorf("lost %s: %s", r.path, r.lost)
	}
	for _, r := range slow {
		t.Errorf("%s took %s (limit 5s)", r.path, r.elapsed.Round(time.Millisecond))
	}
}

// An expression whose macros repeat their arguments doubles its paths at
// every level (the register macros of drivers/net/ethernet/sfc); the
// analysis of a function stops at its evaluation budget instead of taking
// minutes. 16 levels are 2^16 paths, some 3^16 evaluations.
func TestExpressionBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("/* SPDX-License-Identifier: MIT */\n#include <linux/fs.h>\n#define PICK(a, b) ((a) > (b) ? (a) : (b))\n")
	b.WriteString("static int width(int x)\n{\n\treturn ")
	for i := 0; i < 16; i++ {
		b.WriteString("PICK(x, ")
	}
	b.WriteString("1")
	for i := 0; i < 16; i++ {
		b.WriteString(")")
	}
	b.WriteString(";\n}\n\nstatic ssize_t w_read(struct file *f, char __user *u, size_t n, loff_t *p)\n{\n\treturn width(n);\n}\n\nstatic const struct file_operations w_fops = {\n\t.read = w_read,\n};\n")
	path := filepath.Join(t.TempDir(), "budget.c")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	configs, _ := Configs("both")
	// A watchdog, not a timing: without the budget this takes many
	// minutes; with it, seconds on any machine.
	done := make(chan robustResult, 1)
	go func() { done <- analyzeOne("", path, configs) }()
	select {
	case r := <-done:
		if r.panicked != "" || r.lost != "" {
			t.Fatalf("panic %q, lost %q", r.panicked, r.lost)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the analysis of a function with 2^16 paths did not end in 2 minutes: no evaluation budget?")
	}
}
