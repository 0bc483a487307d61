// SPDX-License-Identifier: MIT

package report

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

const fixSrc = `static void stop(void)
{
	unsigned long flags;

	spin_lock(&kcov->lock);
	move();
	spin_unlock(&kcov->lock);

	spin_lock_irqsave(&kcov_remote_lock, flags);
	put();
	spin_unlock_irqrestore(&kcov_remote_lock, flags);
}
`

func TestApplyFixesAndDiff(t *testing.T) {
	f := kcovLockFinding("v4")
	f.Fix.Edits[0].Line, f.Fix.Edits[0].EndLine = 5, 5
	f.Fix.Edits[1].Line, f.Fix.Edits[1].EndLine = 7, 7
	dup := f // the same fix found for the other config
	dup.Config = "rt"
	clash := f // overlaps: skipped
	clash.Fix = &Fix{Edits: []Edit{{File: "kernel/kcov.c", Line: 5, Column: 10, EndLine: 5, EndColumn: 12, NewText: "x"}}}
	outside := f
	outside.Fix = &Fix{Edits: []Edit{{File: "kernel/kcov.c", Line: 99, Column: 1, EndLine: 99, EndColumn: 1, NewText: "x"}}}
	noFile := f
	noFile.Fix = &Fix{Edits: []Edit{{File: "nope.c", Line: 1, Column: 1, EndLine: 1, EndColumn: 1, NewText: "x"}}}
	read := func(p string) ([]byte, error) {
		if p == "kernel/kcov.c" {
			return []byte(fixSrc), nil
		}
		return nil, fmt.Errorf("open %s: no such file", p)
	}
	r := ApplyFixes([]Finding{f, dup, clash, outside, noFile, kcovSleepFinding()}, read)
	if !r.Fixed[0] || !r.Fixed[1] || r.Fixed[2] || r.Fixed[3] || r.Fixed[4] || r.Fixed[5] {
		t.Errorf("fixed = %v", r.Fixed)
	}
	if len(r.Skipped) != 3 {
		t.Errorf("skipped = %q", r.Skipped)
	}
	want := `--- a/kernel/kcov.c
+++ b/kernel/kcov.c
@@ -2,9 +2,9 @@
 {
 	unsigned long flags;
 
-	spin_lock(&kcov->lock);
+	spin_lock_irqsave(&kcov->lock, flags);
 	move();
-	spin_unlock(&kcov->lock);
+	spin_unlock_irqrestore(&kcov->lock, flags);
 
 	spin_lock_irqsave(&kcov_remote_lock, flags);
 	put();
`
	if got := r.Diff(); got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
}

func TestUnifiedDiffNoNewline(t *testing.T) {
	got := UnifiedDiff("f", []byte("a\nb"), []byte("a\nb\n"))
	want := "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if UnifiedDiff("f", []byte("x\n"), []byte("x\n")) != "" {
		t.Error("diff of equal files")
	}
}

// applyUnified applies a diff made by UnifiedDiff (one file) to old.
func applyUnified(t *testing.T, old []string, diff string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(diff, "\n"), "\n")
	var out []string
	pos := 0
	for i := 2; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "@@ -") {
			r := strings.Fields(l)[1][1:]
			startS, _, _ := strings.Cut(r, ",")
			start, _ := strconv.Atoi(startS)
			if strings.HasSuffix(r, ",0") {
				start++ // an empty range names the line before
			}
			for pos < start-1 {
				out = append(out, old[pos])
				pos++
			}
			continue
		}
		switch l[0] {
		case ' ':
			if old[pos] != l[1:] {
				t.Fatalf("context %q does not match %q", l[1:], old[pos])
			}
			out = append(out, old[pos])
			pos++
		case '-':
			if old[pos] != l[1:] {
				t.Fatalf("removed %q does not match %q", l[1:], old[pos])
			}
			pos++
		case '+':
			out = append(out, l[1:])
		}
	}
	return append(out, old[pos:]...)
}

func TestUnifiedDiffRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	gen := func() []string {
		n := rng.Intn(30)
		l := make([]string, n)
		for i := range l {
			l[i] = string(rune('a' + rng.Intn(4)))
		}
		return l
	}
	for i := 0; i < 2000; i++ {
		a, b := gen(), gen()
		join := func(l []string) []byte {
			if len(l) == 0 {
				return nil
			}
			return []byte(strings.Join(l, "\n") + "\n")
		}
		d := UnifiedDiff("f", join(a), join(b))
		if d == "" {
			if strings.Join(a, ",") != strings.Join(b, ",") {
				t.Fatalf("no diff for %q %q", a, b)
			}
			continue
		}
		got := applyUnified(t, a, d)
		if strings.Join(got, ",") != strings.Join(b, ",") {
			t.Fatalf("diff of %q -> %q applies to %q:\n%s", a, b, got, d)
		}
		// Myers gives a shortest edit script: as many kept lines as the LCS.
		if del, add := strings.Count("\n"+d, "\n-")-1, strings.Count("\n"+d, "\n+")-1; del+add != len(a)+len(b)-2*lcs(a, b) {
			t.Fatalf("diff of %q -> %q is not minimal: -%d +%d, lcs %d\n%s", a, b, del, add, lcs(a, b), d)
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
