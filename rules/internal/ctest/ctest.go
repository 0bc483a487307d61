// SPDX-License-Identifier: MIT

// Package ctest checks a rule on C testdata the way go/analysis/analysistest
// checks Go: each line that must get a diagnostic carries a comment
//
//	/* want "regexp" */       non-RT configuration
//	/* want:rt "regexp" */    PREEMPT_RT configuration
//	/* want:both "regexp" */  both
//
// and every diagnostic must be wanted, each consuming one want (a second
// diagnostic on a line that wants one is a duplicate). Each file is its
// own unit.
package ctest

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/analyzers/runner"
	"github.com/kcovlint/kcovlint/cparse"
)

var wantRe = regexp.MustCompile(`/\*\s*want(:rt|:nonrt|:both)?\s+((?:"(?:[^"\\]|\\.)*"\s*)+)\*/`)
var strRe = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

type want struct {
	config string
	re     *regexp.Regexp
	line   int
	found  bool
}

// Run checks analyzer a on every .c file in dir.
func Run(t *testing.T, dir string, a *analysis.Analyzer) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.c"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata in %s", dir)
	}
	for _, f := range files {
		f := f
		t.Run(filepath.Base(f), func(t *testing.T) { runFile(t, f, a) })
	}
}

func runFile(t *testing.T, path string, a *analysis.Analyzer) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wants []*want
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range wantRe.FindAllStringSubmatch(line, -1) {
			cfgs := []string{"nonrt"}
			switch m[1] {
			case ":rt":
				cfgs = []string{"rt"}
			case ":both":
				cfgs = []string{"nonrt", "rt"}
			}
			for _, s := range strRe.FindAllStringSubmatch(m[2], -1) {
				pat, err := strconv.Unquote(`"` + s[1] + `"`)
				if err != nil {
					t.Fatalf("%s:%d: bad want string: %v", path, i+1, err)
				}
				re, err := regexp.Compile(pat)
				if err != nil {
					t.Fatalf("%s:%d: bad want regexp: %v", path, i+1, err)
				}
				for _, c := range cfgs {
					wants = append(wants, &want{config: c, re: re, line: i + 1})
				}
			}
		}
	}
	if os.Getenv("CTEST_DEBUG") != "" {
		for _, w := range wants {
			t.Logf("want line %d [%s] %s", w.line, w.config, w.re)
		}
	}
	abs, _ := filepath.Abs(path)
	u, err := cunit.New(filepath.Dir(abs), []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}, []string{abs}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range u.Failures() {
		t.Errorf("testdata does not parse: %s", msg)
	}
	run, err := runner.Analyzers(u, []*analysis.Analyzer{a})
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		line   int
		config string
		msg    string
	}
	var unexpected []got
	if os.Getenv("CTEST_DEBUG") != "" {
		t.Logf("%d diagnostics, %d wants", len(run.Diagnostics), len(wants))
	}
	for _, d := range run.Diagnostics {
		if d.Analyzer != a {
			continue
		}
		p := run.Fset.Position(d.Pos)
		// Each diagnostic consumes one want, as in analysistest: a
		// second diagnostic a want would match is a duplicate.
		var match *want
		dup := false
		for _, w := range wants {
			if w.line == p.Line && w.config == d.Category && w.re.MatchString(d.Message) {
				if !w.found {
					match = w
					break
				}
				dup = true
			}
		}
		switch {
		case match != nil:
			match.found = true
		case dup:
			unexpected = append(unexpected, got{p.Line, d.Category, "duplicate: " + d.Message})
		default:
			unexpected = append(unexpected, got{p.Line, d.Category, d.Message})
		}
	}
	sort.Slice(unexpected, func(i, j int) bool { return unexpected[i].line < unexpected[j].line })
	for _, g := range unexpected {
		t.Errorf("%s:%d: unexpected diagnostic [%s]: %s", filepath.Base(path), g.line, g.config, g.msg)
	}
	for _, w := range wants {
		if !w.found {
			t.Errorf("%s:%d: no diagnostic [%s] matching %q", filepath.Base(path), w.line, w.config, w.re)
		}
	}
}
