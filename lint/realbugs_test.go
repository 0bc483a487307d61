// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/report"
)

// A realBug is one case of testdata/realbugs (see its README): a bug fixed
// upstream, or a control, and the edit between the Debian tree and the
// other version.
type realBug struct {
	name                           string
	kind                           string // bug or control
	commit, subsystem, rule        string
	object, function, config, tree string
	crossfile                      bool
	lint                           []string
	expect, why                    string
	rtModel                        string
	edits                          []realEdit
}

type realEdit struct{ path, old, new string }

var realRules = map[string]bool{"lockirq": true, "sleepatomic": true, "ctxpred": true, "percpu": true}

// loadRealBug parses and checks one case file.
func loadRealBug(path string) (*realBug, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ar := txtar.Parse(data)
	b := &realBug{name: strings.TrimSuffix(filepath.Base(path), ".txtar"), config: "both"}
	seen := map[string]bool{}
	for i, line := range strings.Split(string(ar.Comment), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want key: value, have %q", i+1, line)
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if seen[key] {
			return nil, fmt.Errorf("line %d: %s given twice", i+1, key)
		}
		seen[key] = true
		switch key {
		case "kind":
			b.kind = val
		case "commit":
			b.commit = val
		case "subsystem":
			b.subsystem = val
		case "rule":
			b.rule = val
		case "object":
			b.object = val
		case "function":
			b.function = val
		case "config":
			b.config = val
		case "tree":
			b.tree = val
		case "crossfile":
			b.crossfile = val == "yes"
			if val != "yes" && val != "no" {
				return nil, fmt.Errorf("line %d: crossfile is yes or no", i+1)
			}
		case "lint":
			b.lint = strings.Fields(val)
		case "expect":
			b.expect = val
		case "why":
			b.why = val
		case "rtmodel":
			b.rtModel = val
		case "link", "contexts":
		default:
			return nil, fmt.Errorf("line %d: unknown key %q", i+1, key)
		}
	}
	for k := 0; k < len(ar.Files); k += 2 {
		o := ar.Files[k]
		p, ok := strings.CutPrefix(o.Name, "old ")
		if !ok || k+1 >= len(ar.Files) {
			return nil, fmt.Errorf("section %q: edits are pairs of 'old PATH' and 'new PATH'", o.Name)
		}
		n := ar.Files[k+1]
		if n.Name != "new "+p {
			return nil, fmt.Errorf("section %q follows %q: want %q", n.Name, o.Name, "new "+p)
		}
		b.edits = append(b.edits, realEdit{path: p, old: string(o.Data), new: string(n.Data)})
	}
	switch {
	case b.kind != "bug" && b.kind != "control":
		return nil, fmt.Errorf("kind is bug or control, have %q", b.kind)
	case !realRules[b.rule]:
		return nil, fmt.Errorf("rule %q is not a kcovlint rule", b.rule)
	case b.config != "both" && b.config != "rt" && b.config != "nonrt":
		return nil, fmt.Errorf("config is both, rt or nonrt, have %q", b.config)
	case b.subsystem == "":
		return nil, fmt.Errorf("no subsystem")
	case b.kind == "bug" && !regexp.MustCompile(`^[0-9a-f]{12,40} \(".+"\)$`).MatchString(b.commit):
		return nil, fmt.Errorf("commit must be 12+ hex digits and (\"subject\"), have %q", b.commit)
	case b.kind == "bug" && b.tree != "fixed" && b.tree != "buggy":
		return nil, fmt.Errorf("tree is fixed or buggy, have %q", b.tree)
	case b.kind == "bug" && len(b.edits) == 0:
		return nil, fmt.Errorf("a bug needs an edit")
	case b.kind == "control" && (len(b.edits) != 0 || len(b.lint) == 0):
		return nil, fmt.Errorf("a control has no edit and names the files to lint")
	case b.kind == "bug" && b.expect != "found" && b.expect != "missed":
		return nil, fmt.Errorf("expect is found or missed, have %q", b.expect)
	case b.kind == "control" && b.expect != "clean" && b.expect != "flagged":
		return nil, fmt.Errorf("a control's expect is clean or flagged, have %q", b.expect)
	case (b.expect == "missed" || b.expect == "flagged" || b.kind == "control") && b.why == "":
		return nil, fmt.Errorf("expect %s needs a why", b.expect)
	}
	return b, nil
}

// apply makes the edited versions of the files the case edits.
func (b *realBug) apply(tree string) (old, new map[string][]byte, err error) {
	old, new = map[string][]byte{}, map[string][]byte{}
	for _, e := range b.edits {
		if _, ok := new[e.path]; !ok {
			data, err := os.ReadFile(filepath.Join(tree, e.path))
			if err != nil {
				return nil, nil, err
			}
			old[e.path], new[e.path] = data, data
		}
		cur := new[e.path]
		if n := bytes.Count(cur, []byte(e.old)); n != 1 {
			return nil, nil, fmt.Errorf("%s: the old text occurs %d times, want once:\n%s", e.path, n, e.old)
		}
		new[e.path] = bytes.Replace(cur, []byte(e.old), []byte(e.new), 1)
	}
	return old, new, nil
}

// match says whether a finding is the case's.
func (b *realBug) match(f report.Finding) bool {
	return f.Rule == b.rule && (b.object == "" || f.Object == b.object) &&
		(b.function == "" || f.Function == b.function) && (b.config == "both" || f.Config == b.config)
}

type realResult struct {
	found, fixedClean, controlClean bool
	err                             error
	others                          []string // the buggy version's other findings of the rule
}

// realTreeIndex is shared by the cases: the tree is read for callers once.
var realTreeIndex = NewTreeIndex()

// runRealBug lints the case against the tree, in the case's configuration
// only: findings of the other never match it (realBug.match, and the
// findings' keys name their configuration), and half the work is the
// difference between the set fitting CI's time or not.
func runRealBug(t *testing.T, tree string, b *realBug) realResult {
	var r realResult
	config := b.config
	if config == "both" {
		config = ""
	}
	if b.kind == "control" {
		var inputs []string
		for _, p := range b.lint {
			inputs = append(inputs, filepath.Join(tree, p))
		}
		res, err := Run(Options{Tree: tree, Inputs: inputs, Index: "none", Config: config, Rules: []string{b.rule}, RTModel: b.rtModel, TreeIndex: realTreeIndex})
		if err != nil {
			r.err = err
			return r
		}
		if err := inputErrors(res); err != nil {
			r.err = err
			return r
		}
		r.controlClean = true
		for _, f := range res.Findings {
			if b.match(f) {
				r.controlClean = false
				r.others = append(r.others, findingLine(f))
			}
		}
		return r
	}
	old, new, err := b.apply(tree)
	if err != nil {
		r.err = err
		return r
	}
	var paths []string
	for p := range old {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var diff strings.Builder
	for _, p := range paths {
		diff.WriteString(report.UnifiedDiff(p, old[p], new[p]))
	}
	dir := t.TempDir()
	if keep := os.Getenv("KCOVLINT_REALBUGS_KEEP"); keep != "" {
		// To lint a case's buggy version by hand: kcovlint -C TREE --all DIR/NAME.patch
		dir = keep
	}
	patchFile := filepath.Join(dir, b.name+".patch")
	if err := os.WriteFile(patchFile, []byte(diff.String()), 0o644); err != nil {
		r.err = err
		return r
	}
	res, err := Run(Options{Tree: tree, Inputs: []string{patchFile}, All: true, Index: "none", Config: config, Rules: []string{b.rule}, RTModel: b.rtModel, TreeIndex: realTreeIndex})
	if err != nil {
		r.err = err
		return r
	}
	if err := inputErrors(res); err != nil {
		r.err = err
		return r
	}
	// The pre-image is the tree's version; the patch turns it into the other.
	inBuggy, inFixed := map[string]bool{report.StatusNew: true, report.StatusExisting: true}, map[string]bool{report.StatusFixed: true, report.StatusExisting: true}
	if b.tree == "buggy" {
		inBuggy, inFixed = inFixed, inBuggy
	}
	r.fixedClean = true
	for _, f := range res.Findings {
		if !b.match(f) {
			if f.Rule == b.rule && inBuggy[f.Status] {
				r.others = append(r.others, findingLine(f))
			}
			continue
		}
		if inBuggy[f.Status] {
			r.found = true
		}
		if inFixed[f.Status] {
			r.fixedClean = false
		}
	}
	return r
}

func inputErrors(res *report.Result) error {
	for _, in := range res.Inputs {
		if in.Status == "error" {
			return fmt.Errorf("input %s: %s", in.Name, in.Error)
		}
	}
	return nil
}

func findingLine(f report.Finding) string {
	return fmt.Sprintf("%s:%d %s[%s] %s in %s (%s)", f.File, f.Line, f.Rule, f.Config, f.Object, f.Function, f.Status)
}

// realBugCases loads every case; a case that does not load fails the test.
func realBugCases(t *testing.T) []*realBug {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "realbugs", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []*realBug
	for _, f := range files {
		b, err := loadRealBug(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		cases = append(cases, b)
	}
	return cases
}

// TestRealBugsWellFormed checks every case file without a kernel tree.
func TestRealBugsWellFormed(t *testing.T) {
	cases := realBugCases(t)
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/realbugs")
	}
}

// TestRealBugs runs the real-bug set against the Debian tree: every bug's
// buggy version must be flagged and its fixed version clean, every
// control clean — or the case says it is not, and why (the work list).
// A case that does worse than it says fails; one that does better is
// reported so that its expect line can be raised.
func TestRealBugs(t *testing.T) {
	tree := testenv.KernelTree(t)
	cases := realBugCases(t)
	var mu sync.Mutex
	results := map[string]realResult{}
	t.Run("case", func(t *testing.T) {
		for _, b := range cases {
			t.Run(b.name, func(t *testing.T) {
				t.Parallel()
				r := runRealBug(t, tree, b)
				mu.Lock()
				results[b.name] = r
				mu.Unlock()
				if r.err != nil {
					t.Fatalf("%v", r.err)
				}
				switch b.kind {
				case "bug":
					if !r.found && b.expect == "found" {
						t.Errorf("buggy version not flagged (expect: found); the rule's other findings there: %s", orNone(r.others))
					}
					if r.found && b.expect == "missed" {
						t.Logf("better than recorded: the buggy version is flagged now (set expect: found)")
					}
					if !r.fixedClean {
						t.Errorf("fixed version flagged")
					}
					if !r.found {
						t.Logf("missed: %s; the rule's other findings there: %s", b.why, orNone(r.others))
					}
				case "control":
					if !r.controlClean && b.expect == "clean" {
						t.Errorf("control flagged: %s", strings.Join(r.others, "; "))
					}
					if r.controlClean && b.expect == "flagged" {
						t.Logf("better than recorded: the control is clean now (set expect: clean)")
					}
				}
			})
		}
	})
	t.Log("\n" + realBugTable(cases, results))
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, "; ")
}

// realBugTable is the figures: per rule, bugs found, fixed versions
// clean, controls clean.
func realBugTable(cases []*realBug, results map[string]realResult) string {
	type row struct{ bugs, found, fixedClean, controls, clean, cross, crossFound int }
	rows := map[string]*row{}
	total := &row{}
	for _, b := range cases {
		r, ok := results[b.name]
		if !ok || r.err != nil {
			continue
		}
		for _, w := range []*row{total, rows[b.rule]} {
			if w == nil {
				w = &row{}
				rows[b.rule] = w
			}
			if b.kind == "control" {
				w.controls++
				if r.controlClean {
					w.clean++
				}
				continue
			}
			w.bugs++
			if r.found {
				w.found++
			}
			if r.fixedClean {
				w.fixedClean++
			}
			if b.crossfile {
				w.cross++
				if r.found {
					w.crossFound++
				}
			}
		}
	}
	var s strings.Builder
	s.WriteString("| rule | bugs | found | fixed versions clean | cross-file found | controls clean |\n|---|---|---|---|---|---|\n")
	line := func(name string, w *row) {
		fmt.Fprintf(&s, "| %s | %d | %d (%s) | %d (%s) | %d of %d | %d of %d |\n", name, w.bugs, w.found, pct(w.found, w.bugs),
			w.fixedClean, pct(w.fixedClean, w.bugs), w.crossFound, w.cross, w.clean, w.controls)
	}
	var names []string
	for n := range rows {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		line(n, rows[n])
	}
	line("**all**", total)
	return s.String()
}

func pct(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", 100*a/b)
}
