// SPDX-License-Identifier: MIT

package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/report"
)

// TestCorpusFixesAreSafe applies the suggested fixes of every version of
// kernel/kcov.c in the kcov-rt corpus (with the callers) and lints the
// result again: a fixed finding must be gone and no lockirq or
// sleepatomic finding may appear (rules/lockirq's TestFixesAreSafe does
// the same on the fixtures).
func TestCorpusFixesAreSafe(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	total := 0
	for _, o := range oracle {
		o := o
		t.Run(o.version, func(t *testing.T) {
			tree := corpusTree(t, corpus, o.version, true)
			lintIt := func() []report.Finding {
				res, err := Run(Options{Tree: tree, Inputs: []string{filepath.Join(tree, "kernel", "kcov.c")}, All: true, Index: "none", Uncertain: true})
				if err != nil {
					t.Fatal(err)
				}
				return res.Findings
			}
			before := lintIt()
			fixes := report.ApplyFixes(before, func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(tree, p)) })
			for _, s := range fixes.Skipped {
				t.Errorf("fix not applied: %s", s)
			}
			if len(fixes.Files) == 0 {
				return
			}
			for _, f := range fixes.Files {
				if err := os.WriteFile(filepath.Join(tree, f.Path), f.New, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			after := lintIt()
			had := map[string]bool{}
			for _, f := range before {
				had[f.Key] = true
			}
			has := map[string]report.Finding{}
			for _, f := range after {
				has[f.Key] = f
			}
			for i, f := range before {
				if !fixes.Fixed[i] {
					continue
				}
				total++
				if g, ok := has[f.Key]; ok {
					t.Errorf("%s:%d: fixed (%s), still reported: %s", g.File, g.Line, f.Fix.Description, g.Message)
				}
			}
			for k, f := range has {
				if !had[k] && (f.Rule == "lockirq" || f.Rule == "sleepatomic") {
					t.Errorf("appears after the fixes: %s:%d: %s", f.File, f.Line, f.Message)
				}
			}
		})
	}
	t.Logf("%d fixes applied and checked", total)
}
