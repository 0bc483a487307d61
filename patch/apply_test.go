// SPDX-License-Identifier: MIT

package patch

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// memTree is a Tree in memory.
type memTree map[string]string

func (m memTree) ReadFile(p string) ([]byte, error) {
	s, ok := m[p]
	if !ok {
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	return []byte(s), nil
}

// numbered is "l1\nl2\n...ln\n".
func numbered(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "l%d\n", i)
	}
	return b.String()
}

// applyText reads diff text and applies it to one file x.c.
func applyText(t *testing.T, pre, diffText string) (*Result, error) {
	t.Helper()
	ins, err := Read("t.diff", []byte(diffText))
	if err != nil {
		return nil, err
	}
	r := Apply(ins, memTree{"x.c": pre})[0]
	return r, r.Err
}

const xhdr = "--- a/x.c\n+++ b/x.c\n"

func TestLineMapAddedCarriedDeleted(t *testing.T) {
	r, err := applyText(t, numbered(10), xhdr+"@@ -3,5 +3,6 @@\n l3\n l4\n-l5\n+new5a\n+new5b\n l6\n l7\n")
	if err != nil {
		t.Fatal(err)
	}
	im := r.Files[0]
	checkLineMap(t, im)
	m := im.Lines
	want := []struct {
		post, pre int
		added     bool
	}{{1, 1, false}, {4, 4, false}, {5, 0, true}, {6, 0, true}, {7, 6, false}, {11, 10, false}, {12, 0, false}, {0, 0, false}}
	for _, w := range want {
		if p, a := m.PreLine(w.post); p != w.pre || a != w.added {
			t.Errorf("PreLine(%d) = %d, %v; want %d, %v", w.post, p, a, w.pre, w.added)
		}
	}
	if q, ok := m.PostLine(5); ok || q != 0 {
		t.Errorf("PostLine(5) of a deleted line = %d, %v", q, ok)
	}
	if q, ok := m.PostLine(6); !ok || q != 7 {
		t.Errorf("PostLine(6) = %d, %v", q, ok)
	}
	if q, ok := m.PostLine(11); ok || q != 0 {
		t.Errorf("PostLine past the end = %d, %v", q, ok)
	}
	if !slices.Equal(m.AddedLines(), []int{5, 6}) || !slices.Equal(m.DeletedLines(), []int{5}) {
		t.Errorf("added %v deleted %v", m.AddedLines(), m.DeletedLines())
	}
	if m.PreLen() != 10 || m.PostLen() != 11 {
		t.Errorf("lens %d %d", m.PreLen(), m.PostLen())
	}
}

func TestLineMapMultipleHunks(t *testing.T) {
	d := xhdr + "@@ -1,3 +1,4 @@\n+top\n l1\n l2\n l3\n" +
		"@@ -10,7 +11,5 @@\n l10\n l11\n l12\n-l13\n-l14\n l15\n l16\n" +
		"@@ -28,3 +27,4 @@\n l28\n l29\n l30\n+bottom\n"
	r, err := applyText(t, numbered(30), d)
	if err != nil {
		t.Fatal(err)
	}
	m := r.Files[0].Lines
	checkLineMap(t, r.Files[0])
	if !slices.Equal(m.AddedLines(), []int{1, 30}) || !slices.Equal(m.DeletedLines(), []int{13, 14}) {
		t.Errorf("added %v deleted %v", m.AddedLines(), m.DeletedLines())
	}
	for pre, post := range map[int]int{1: 2, 12: 13, 15: 14, 30: 29} {
		if q, ok := m.PostLine(pre); !ok || q != post {
			t.Errorf("PostLine(%d) = %d, %v; want %d", pre, q, ok, post)
		}
	}
	if !strings.HasPrefix(string(r.Files[0].Post), "top\nl1\n") || !strings.HasSuffix(string(r.Files[0].Post), "l30\nbottom\n") {
		t.Errorf("post:\n%s", r.Files[0].Post)
	}
}

func TestIdentityMap(t *testing.T) {
	m := IdentityMap(3)
	if p, a := m.PreLine(2); p != 2 || a {
		t.Error(p, a)
	}
	var nilMap *LineMap
	if p, a := nilMap.PreLine(1); p != 0 || a {
		t.Error("nil map")
	}
}

// TestOffset: a hunk finds its place when lines were inserted above it, and
// a note says how far it moved.
func TestOffset(t *testing.T) {
	pre := "extra1\nextra2\n" + numbered(10)
	r, err := applyText(t, pre, xhdr+"@@ -5,3 +5,3 @@\n l5\n-l6\n+six\n l7\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(r.Files[0].Post), "l5\nsix\nl7\n") {
		t.Errorf("post:\n%s", r.Files[0].Post)
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "applied +2 lines from where its header says") {
		t.Errorf("notes %q", r.Notes)
	}
	checkLineMap(t, r.Files[0])
}

// TestExactness: no fuzz on content, whitespace included; hunks starting
// at line 1 must apply at the top; hunks without trailing context at the
// end.
func TestExactness(t *testing.T) {
	for _, c := range []struct {
		name, pre, diff, want string
	}{
		{"whitespace", numbered(10), xhdr + "@@ -5,3 +5,3 @@\n l5 \n-l6\n+six\n l7\n", `line 5 expected "l5 " found "l5"`},
		{"top", "zero\n" + numbered(5), xhdr + "@@ -1,2 +1,2 @@\n-l1\n+one\n l2\n", `line 1 expected "l1" found "zero"`},
		{"end", numbered(5) + "l6\n", xhdr + "@@ -4,2 +4,2 @@\n l4\n-l5\n+five\n", "must apply at the end of the file"},
		{"eof", numbered(3), xhdr + "@@ -2,3 +2,3 @@\n l2\n l3\n-l4\n+four\n", "found end of file"},
	} {
		_, err := applyText(t, c.pre, c.diff)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "t.diff") || !strings.Contains(err.Error(), "x.c: hunk @@") {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

func TestNoNewlineAtEOF(t *testing.T) {
	// Add a newline at the end.
	r, err := applyText(t, "a\nb", xhdr+"@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(r.Files[0].Post); got != "a\nb\n" {
		t.Errorf("post %q", got)
	}
	// Remove it again.
	r, err = applyText(t, "a\nb\n", xhdr+"@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(r.Files[0].Post); got != "a\nb" {
		t.Errorf("post %q", got)
	}
	checkLineMap(t, r.Files[0])
	// The patch says no newline but the file has one: no match.
	if _, err := applyText(t, "a\nb\n", xhdr+"@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"); err == nil {
		t.Error("applied despite newline mismatch")
	}
}

// TestAlreadyApplied: a tree that already has the patch gives its
// pre-image by undoing it.
func TestAlreadyApplied(t *testing.T) {
	d := xhdr + "@@ -4,3 +4,3 @@\n l4\n-l5\n+five\n l6\n"
	post := strings.Replace(numbered(8), "l5\n", "five\n", 1)
	r, err := applyText(t, post, d)
	if err != nil {
		t.Fatal(err)
	}
	im := r.Files[0]
	if string(im.Pre) != numbered(8) || string(im.Post) != post || !strings.Contains(im.Base, "already applied") {
		t.Errorf("pre %q base %q", im.Pre, im.Base)
	}
}

// TestBlobIDChoosesBase: with an index line, the earlier input whose
// post-image has that blob id is preferred over the tree file even when
// the hunk would apply to both.
func TestBlobIDChoosesBase(t *testing.T) {
	base := numbered(20)
	first := xhdr + "@@ -1,3 +1,4 @@\n+head\n l1\n l2\n l3\n"
	ins1, err := Read("a.diff", []byte(first))
	if err != nil {
		t.Fatal(err)
	}
	mid := "head\n" + base
	second := fmt.Sprintf("diff --git a/x.c b/x.c\nindex %s..%s 100644\n--- a/x.c\n+++ b/x.c\n@@ -15,3 +15,3 @@\n l14\n-l15\n+fifteen\n l16\n",
		BlobID([]byte(mid))[:12], "1234567890ab")
	ins2, err := Read("b.diff", []byte(second))
	if err != nil {
		t.Fatal(err)
	}
	all := append(ins1, ins2...)
	UniqueNames(all)
	rs := Apply(all, memTree{"x.c": base})
	if rs[1].Err != nil || rs[1].OnTopOf != "a" {
		t.Fatalf("err %v on top of %q", rs[1].Err, rs[1].OnTopOf)
	}
	if !strings.HasPrefix(string(rs[1].Files[0].Post), "head\nl1\n") {
		t.Error("second input not on top of the first")
	}
	// Without the index line the tree file is taken.
	ins3, _ := Read("c.diff", []byte(xhdr+"@@ -15,3 +15,3 @@\n l14\n-l15\n+fifteen\n l16\n"))
	all = append(ins1, ins3...)
	rs = Apply(all, memTree{"x.c": base})
	if rs[1].Err != nil || rs[1].OnTopOf != "" || rs[1].Base != "working tree" && rs[1].Base != "tree" {
		t.Fatalf("err %v on top of %q base %q", rs[1].Err, rs[1].OnTopOf, rs[1].Base)
	}
}

func TestBlobID(t *testing.T) {
	// git hash-object of an empty file and of "hello\n".
	if got := BlobID(nil); got != "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391" {
		t.Error(got)
	}
	if got := BlobID([]byte("hello\n")); got != "ce013625030ba8dba906f756967f9e9ca394464a" {
		t.Error(got)
	}
	if idMatches("0000000", BlobID(nil)) || idMatches("", BlobID(nil)) || !idMatches("e69de29", BlobID(nil)) {
		t.Error("idMatches")
	}
}
