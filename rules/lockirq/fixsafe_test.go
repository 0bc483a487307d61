// SPDX-License-Identifier: MIT

package lockirq_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/report"
	"github.com/kcovlint/kcovlint/rules/internal/ctest"
	"github.com/kcovlint/kcovlint/rules/lockirq"
	"github.com/kcovlint/kcovlint/rules/sleepatomic"
)

// TestFixesAreSafe applies the suggested fixes of every lockirq and
// sleepatomic fixture and analyses the result again: a fixed finding must
// be gone, and no finding of either rule may appear (an _irq that enables
// IRQs inside a caller's IRQ-disabled section, a _bh where a hardirq takes
// the lock, an unlock converted without its lock).
func TestFixesAreSafe(t *testing.T) {
	fixed := 0
	for _, dir := range []string{"testdata", filepath.Join("..", "sleepatomic", "testdata")} {
		for _, u := range ctest.Units(dir) {
			u := u
			t.Run(filepath.Base(filepath.Dir(dir))+"/"+u.Name, func(t *testing.T) {
				fixed += checkFixes(t, u.Files)
			})
		}
	}
	if fixed == 0 {
		t.Errorf("no fixture has a fix to check")
	}
	t.Logf("%d fixes applied and checked", fixed)
}

// checkFixes copies the files to a directory of their own, applies the
// fixes, re-analyses, and returns the number of findings fixed.
func checkFixes(t *testing.T, files []string) int {
	dir := t.TempDir()
	var copies []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.Base(f))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		copies = append(copies, p)
	}
	before := ctest.Findings(t, copies, lockirq.Analyzer, sleepatomic.Analyzer)
	res := report.ApplyFixes(before, func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, p)) })
	for _, s := range res.Skipped {
		t.Errorf("fix not applied: %s", s)
	}
	if len(res.Files) == 0 {
		return 0
	}
	for _, f := range res.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.New, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	after := ctest.Findings(t, copies, lockirq.Analyzer, sleepatomic.Analyzer)
	had := map[string]bool{}
	for _, f := range before {
		had[f.Key] = true
	}
	has := map[string]report.Finding{}
	for _, f := range after {
		has[f.Key] = f
	}
	n := 0
	for i, f := range before {
		if !res.Fixed[i] {
			continue
		}
		n++
		if g, ok := has[f.Key]; ok {
			t.Errorf("%s:%d: fixed (%s), still reported: %s", g.File, g.Line, f.Fix.Description, g.Message)
		}
	}
	var appeared []string
	for k, f := range has {
		if !had[k] {
			appeared = append(appeared, f.File+":"+itoa(f.Line)+": "+f.Message)
		}
	}
	sort.Strings(appeared)
	for _, a := range appeared {
		t.Errorf("appears after the fixes: %s", a)
	}
	if t.Failed() {
		for _, f := range res.Files {
			t.Logf("%s after the fixes:\n%s", f.Path, numbered(f.New))
		}
	}
	return n
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

func numbered(src []byte) string {
	var b strings.Builder
	for i, l := range strings.Split(string(src), "\n") {
		b.WriteString(itoa(i+1) + "\t" + l + "\n")
	}
	return b.String()
}
