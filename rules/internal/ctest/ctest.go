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
// own unit; the .c files of a subdirectory are one unit together (two
// modules).
//
// Where the diagnostics suggest fixes, the file with every fix applied
// (both configurations' fixes; an edit suggested twice is applied once,
// overlapping different edits fail) must equal FILE.golden, as
// analysistest.RunWithSuggestedFixes checks; `go test -ctest.update`
// writes the golden files.
package ctest

import (
	"bytes"
	"flag"
	"fmt"
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
	"github.com/kcovlint/kcovlint/report"
)

var update = flag.Bool("ctest.update", false, "write the .golden files of the fixes suggested")

var wantRe = regexp.MustCompile(`/\*\s*want(:rt|:nonrt|:both)?\s+((?:"(?:[^"\\]|\\.)*"\s*)+)\*/`)
var strRe = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

type want struct {
	file   string
	config string
	re     *regexp.Regexp
	line   int
	found  bool
}

// Run checks analyzer a on every .c file in dir.
func Run(t *testing.T, dir string, a *analysis.Analyzer) {
	t.Helper()
	units := Units(dir)
	if len(units) == 0 {
		t.Fatalf("no testdata in %s", dir)
	}
	for _, u := range units {
		u := u
		t.Run(u.Name, func(t *testing.T) { runUnit(t, u.Files, a) })
	}
}

// A Unit is one unit of testdata: a .c file, or the .c files of a
// subdirectory.
type Unit struct {
	Name  string
	Files []string
}

// Units lists the units of a testdata directory.
func Units(dir string) []Unit {
	var out []Unit
	files, _ := filepath.Glob(filepath.Join(dir, "*.c"))
	for _, f := range files {
		out = append(out, Unit{filepath.Base(f), []string{f}})
	}
	subs, _ := filepath.Glob(filepath.Join(dir, "*", "*.c"))
	byDir := map[string]int{}
	for _, f := range subs {
		d := filepath.Dir(f)
		i, ok := byDir[d]
		if !ok {
			i = len(out)
			byDir[d] = i
			out = append(out, Unit{Name: filepath.Base(d)})
		}
		out[i].Files = append(out[i].Files, f)
	}
	return out
}

// Findings analyses the files as one unit (both configurations) and
// returns the findings of the analyzers, which must be kcovlint rules.
func Findings(t *testing.T, files []string, analyzers ...*analysis.Analyzer) []report.Finding {
	t.Helper()
	var abs []string
	for _, f := range files {
		p, _ := filepath.Abs(f)
		abs = append(abs, p)
	}
	u, err := cunit.New(filepath.Dir(abs[0]), []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}, abs, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range u.Failures() {
		t.Errorf("does not parse: %s", msg)
	}
	run, err := runner.Analyzers(u, analyzers)
	if err != nil {
		t.Fatal(err)
	}
	var out []report.Finding
	for _, a := range analyzers {
		fs, ok := run.Results[a].([]report.Finding)
		if !ok {
			t.Fatalf("%s: result is no []report.Finding", a.Name)
		}
		out = append(out, fs...)
	}
	return out
}

func runUnit(t *testing.T, paths []string, a *analysis.Analyzer) {
	var wants []*want
	var abs []string
	for _, path := range paths {
		wants = append(wants, readWants(t, path)...)
		p, _ := filepath.Abs(path)
		abs = append(abs, p)
	}
	runWants(t, abs, wants, a)
}

func readWants(t *testing.T, path string) []*want {
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
					wants = append(wants, &want{file: filepath.Base(path), config: c, re: re, line: i + 1})
				}
			}
		}
	}
	return wants
}

func runWants(t *testing.T, abs []string, wants []*want, a *analysis.Analyzer) {
	if os.Getenv("CTEST_DEBUG") != "" {
		for _, w := range wants {
			t.Logf("want line %d [%s] %s", w.line, w.config, w.re)
		}
	}
	u, err := cunit.New(filepath.Dir(abs[0]), []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}, abs, nil, nil)
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
		file   string
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
			if w.file == filepath.Base(p.Filename) && w.line == p.Line && w.config == d.Category && w.re.MatchString(d.Message) {
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
			unexpected = append(unexpected, got{filepath.Base(p.Filename), p.Line, d.Category, "duplicate: " + d.Message})
		default:
			unexpected = append(unexpected, got{filepath.Base(p.Filename), p.Line, d.Category, d.Message})
		}
	}
	sort.Slice(unexpected, func(i, j int) bool {
		if unexpected[i].file != unexpected[j].file {
			return unexpected[i].file < unexpected[j].file
		}
		return unexpected[i].line < unexpected[j].line
	})
	for _, g := range unexpected {
		t.Errorf("%s:%d: unexpected diagnostic [%s]: %s", g.file, g.line, g.config, g.msg)
	}
	for _, w := range wants {
		if !w.found {
			t.Errorf("%s:%d: no diagnostic [%s] matching %q", w.file, w.line, w.config, w.re)
		}
	}
	checkFixes(t, run, a, abs)
}

// edit is one text edit as byte offsets in its file.
type edit struct {
	start, end int
	text       string
}

// checkFixes applies the fixes the analyzer's diagnostics suggest to each
// file and compares the result with the file's golden copy.
func checkFixes(t *testing.T, run *runner.Run, a *analysis.Analyzer, abs []string) {
	t.Helper()
	byFile := map[string][]edit{}
	for _, d := range run.Diagnostics {
		if d.Analyzer != a {
			continue
		}
		for _, sf := range d.SuggestedFixes {
			for _, te := range sf.TextEdits {
				p, e := run.Fset.Position(te.Pos), run.Fset.Position(te.End)
				if p.Filename != e.Filename || e.Offset < p.Offset {
					t.Errorf("%s: a fix's edit spans %s to %s", d.Message, p, e)
					continue
				}
				byFile[p.Filename] = append(byFile[p.Filename], edit{p.Offset, e.Offset, string(te.NewText)})
			}
		}
	}
	for _, path := range abs {
		edits := byFile[path]
		golden := path + ".golden"
		if len(edits) == 0 {
			if _, err := os.Stat(golden); err == nil {
				t.Errorf("%s: no fix suggested, but %s exists", filepath.Base(path), filepath.Base(golden))
			}
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fixed, err := applyEdits(src, edits)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
			continue
		}
		if *update {
			if err := os.WriteFile(golden, fixed, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: fixes suggested but no %s (go test -ctest.update writes it)", filepath.Base(path), filepath.Base(golden))
			continue
		}
		if !bytes.Equal(fixed, want) {
			t.Errorf("%s: the fixed source differs from %s:\n%s", filepath.Base(path), filepath.Base(golden), lineDiff(want, fixed))
		}
	}
}

// applyEdits applies edits to src: an edit given twice once, overlapping
// different edits an error.
func applyEdits(src []byte, edits []edit) ([]byte, error) {
	sort.Slice(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end < edits[j].end
	})
	var out bytes.Buffer
	last := 0
	var prev *edit
	for i := range edits {
		e := &edits[i]
		if prev != nil && *e == *prev {
			continue
		}
		if e.start < last || e.end > len(src) {
			return nil, fmt.Errorf("fixes overlap or run past the end at offset %d", e.start)
		}
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
		prev = e
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

// lineDiff lists the lines where two texts differ, for a test failure.
func lineDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			fmt.Fprintf(&b, "line %d:\n  golden: %s\n  fixed:  %s\n", i+1, x, y)
		}
	}
	return b.String()
}
