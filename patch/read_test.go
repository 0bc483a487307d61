// SPDX-License-Identifier: MIT

package patch

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// applyFixture reads a fixture and applies it to a copy of the demo tree.
func applyFixture(t *testing.T, name string) ([]*Input, []*Result) {
	t.Helper()
	ins, err := Read(name, readFixture(t, name))
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return ins, Apply(ins, DirTree(demoTree(t)))
}

// demoIrqsaveBump is demo_bump() after demo-irqsave.patch.
const demoIrqsaveBump = "static void demo_bump(void)\n{\n\tunsigned long flags;\n\n\tspin_lock_irqsave(&demo_lock, flags);\n\tdemo_count++;\n\tspin_unlock_irqrestore(&demo_lock, flags);\n}\n"

func TestFormatPatch(t *testing.T) {
	ins, rs := applyFixture(t, "demo-irqsave.patch")
	if len(ins) != 1 || ins[0].Name != "demo-make-demo_bump-irq-safe" || ins[0].Author != "Ada Dev" ||
		ins[0].Subject != "[PATCH] demo: make demo_bump() irq safe" || ins[0].Line != 14 {
		t.Fatalf("read as %q %q %q line %d", ins[0].Name, ins[0].Author, ins[0].Subject, ins[0].Line)
	}
	if bytes.Contains(ins[0].Raw, []byte("2.39.5")) || bytes.Contains(ins[0].Raw, []byte("Signed-off-by")) {
		t.Errorf("Raw holds more than the diff:\n%s", ins[0].Raw)
	}
	r := rs[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	im := image(t, r, "drivers/demo/demo.c")
	if !strings.Contains(string(im.Post), demoIrqsaveBump) {
		t.Fatalf("post-image:\n%s", im.Post)
	}
	checkLineMap(t, im)
	// Lines 13..15 are new ("unsigned long flags;", "", "spin_lock_irqsave");
	// line 12 "{" is pre line 12; old line 13 "spin_lock" is deleted.
	if got := im.Lines.AddedLines(); !slices.Equal(got, []int{13, 14, 15, 17}) {
		t.Errorf("added lines %v", got)
	}
	if got := im.Lines.DeletedLines(); !slices.Equal(got, []int{13, 15}) {
		t.Errorf("deleted lines %v", got)
	}
	if p, added := im.Lines.PreLine(16); added || p != 14 {
		t.Errorf("PreLine(16) = %d, %v", p, added)
	}
	if q, ok := im.Lines.PostLine(40); !ok || q != 42 {
		t.Errorf("PostLine(40) = %d, %v", q, ok)
	}
	if got := r.Summary(); got != "demo-make-demo_bump-irq-safe: applied to the working tree: drivers/demo/demo.c" {
		t.Errorf("summary %q", got)
	}
}

func TestCRLFPatch(t *testing.T) {
	ins, rs := applyFixture(t, "demo-irqsave-crlf.patch")
	if rs[0].Err != nil {
		t.Fatal(rs[0].Err)
	}
	if !slices.Contains(ins[0].Notes, "CRLF line ends read as LF") {
		t.Errorf("notes %q", ins[0].Notes)
	}
	_, plain := applyFixture(t, "demo-irqsave.patch")
	if !bytes.Equal(image(t, rs[0], "drivers/demo/demo.c").Post, image(t, plain[0], "drivers/demo/demo.c").Post) {
		t.Error("CRLF patch gives another post-image")
	}
}

// TestEncodedMail: quoted-printable, base64 and multipart bodies give the
// same post-image as git itself made.
func TestEncodedMail(t *testing.T) {
	var want []byte
	for _, c := range []struct{ file, name, note string }{
		{"reset-qp.eml", "v5", "quoted-printable body decoded"},
		{"reset-base64.eml", "v6", "base64 body decoded"},
		{"reset-multipart.eml", "v7", "MIME multipart"},
	} {
		ins, rs := applyFixture(t, c.file)
		if len(ins) != 1 || ins[0].Name != c.name {
			t.Fatalf("%s: inputs %q", c.file, names(ins))
		}
		if !strings.Contains(strings.Join(ins[0].Notes, "\n"), c.note) {
			t.Errorf("%s: notes %q", c.file, ins[0].Notes)
		}
		if rs[0].Err != nil {
			t.Fatalf("%s: %v", c.file, rs[0].Err)
		}
		im := image(t, rs[0], "drivers/demo/demo.c")
		checkLineMap(t, im)
		if !strings.Contains(string(im.Post), "\t/* demo_count is also written by demo_bump() from the interrupt handler, so take the lock with interrupts off. */\n\tspin_lock_irq(&demo_lock);\n\tdemo_count = 0;\n") {
			t.Fatalf("%s: post-image:\n%s", c.file, im.Post)
		}
		// The index line names the post-image's blob.
		if !idMatches(ins[0].Files[0].NewIndex, BlobID(im.Post)) {
			t.Errorf("%s: post-image blob %s, index line says %s", c.file, BlobID(im.Post), ins[0].Files[0].NewIndex)
		}
		if want == nil {
			want = im.Post
		} else if !bytes.Equal(want, im.Post) {
			t.Errorf("%s: post-image differs from the quoted-printable one", c.file)
		}
	}
}

func TestSeriesMbox(t *testing.T) {
	ins, rs := applyFixture(t, "series-v2.mbox")
	if got := names(ins); !slices.Equal(got, []string{"v2-1of3", "v2-2of3", "v2-3of3"}) {
		t.Fatalf("inputs %q", got)
	}
	for k, r := range rs {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		for _, im := range r.Files {
			checkLineMap(t, im)
		}
		if k > 0 && r.OnTopOf != ins[k-1].Name {
			t.Errorf("%s applied on top of %q", r.Input.Name, r.OnTopOf)
		}
	}
	if len(rs[2].Files) != 2 || !strings.Contains(string(image(t, rs[2], "drivers/demo/demo.h").Post), "Takes demo_lock") {
		t.Error("3/3 misses demo.h")
	}
	final := string(image(t, rs[2], "drivers/demo/demo.c").Post)
	for _, s := range []string{"spin_lock_irqsave", "/* Runs in hard interrupt context. */", "spin_unlock_irq(&demo_lock);\n\treturn v;"} {
		if !strings.Contains(final, s) {
			t.Errorf("final post-image lacks %q", s)
		}
	}
}

// TestThreadMbox: the quoted diff in a reply is not a patch; the diff
// posted in the second reply is, named after the thread, applied on top.
func TestThreadMbox(t *testing.T) {
	ins, rs := applyFixture(t, "thread.mbox")
	want := []string{"demo-make-demo_bump-irq-safe", "demo-make-demo_bump-irq-safe-reply-1"}
	if got := names(ins); !slices.Equal(got, want) {
		t.Fatalf("inputs %q, want %q", got, want)
	}
	if ins[1].Author != "Ada Dev" || !ins[1].Reply {
		t.Errorf("reply read as author %q reply %v", ins[1].Author, ins[1].Reply)
	}
	if rs[1].Err != nil || rs[1].OnTopOf != want[0] {
		t.Fatalf("reply: err %v on top of %q", rs[1].Err, rs[1].OnTopOf)
	}
	im := image(t, rs[1], "drivers/demo/demo.c")
	checkLineMap(t, im)
	if got := im.Lines.AddedLines(); !slices.Equal(got, []int{15}) {
		t.Errorf("added %v", got)
	}
}

func TestQuotedDiffOnly(t *testing.T) {
	_, err := Read("no-patch.eml", readFixture(t, "no-patch.eml"))
	if err == nil || !strings.Contains(err.Error(), "no-patch.eml") || !strings.Contains(err.Error(), "no patch") {
		t.Fatalf("err = %v", err)
	}
	// The same quoted diff inside a plain text without mail headers.
	_, err = Read("q.txt", []byte("> diff --git a/x.c b/x.c\n> --- a/x.c\n> +++ b/x.c\n> @@ -1 +1 @@\n> -a\n> +b\n"))
	if err == nil || !strings.Contains(err.Error(), "no patch") {
		t.Fatalf("err = %v", err)
	}
}

func TestPlainDiff(t *testing.T) {
	ins, rs := applyFixture(t, "plain.diff")
	if len(ins) != 1 || ins[0].Name != "plain" || ins[0].Files[0].Path() != "drivers/demo/demo.c" {
		t.Fatalf("read as %q %q", names(ins), ins[0].Files[0].Path())
	}
	if rs[0].Err != nil {
		t.Fatal(rs[0].Err)
	}
	checkLineMap(t, image(t, rs[0], "drivers/demo/demo.c"))
}

// TestMultiFile: rename, mode change, new file, deleted file and a binary
// file in one git format-patch.
func TestMultiFile(t *testing.T) {
	for _, name := range []string{"multi.patch", "multi-nobinary.patch"} {
		ins, rs := applyFixture(t, name)
		files := map[string]*File{}
		for _, f := range ins[0].Files {
			files[f.Path()] = f
		}
		if f := files["drivers/demo/Makefile"]; f == nil || !f.ModeOnly || f.OldMode != "100644" || f.NewMode != "100755" {
			t.Errorf("%s: Makefile %+v", name, f)
		}
		if f := files["drivers/demo/demo_api.h"]; f == nil || !f.Renamed || f.OldPath != "drivers/demo/demo.h" {
			t.Errorf("%s: rename %+v", name, f)
		}
		if f := files["drivers/demo/extra.c"]; f == nil || !f.Added || f.OldPath != "" {
			t.Errorf("%s: new file %+v", name, f)
		}
		if f := files["drivers/demo/old.c"]; f == nil || !f.Deleted || f.NewPath != "" {
			t.Errorf("%s: deleted file %+v", name, f)
		}
		if f := files["drivers/demo/logo.png"]; f == nil || !f.Binary || !f.Added {
			t.Errorf("%s: binary %+v", name, f)
		}
		if !slices.Contains(ins[0].Notes, "drivers/demo/logo.png: binary patch, skipped") {
			t.Errorf("%s: notes %q", name, ins[0].Notes)
		}
		r := rs[0]
		if r.Err != nil {
			t.Fatalf("%s: %v", name, r.Err)
		}
		skipped := map[string]string{}
		for _, im := range r.Files {
			skipped[im.Path] = im.Skipped
			if im.Applied() {
				checkLineMap(t, im)
			}
		}
		want := map[string]string{
			"drivers/demo/Makefile": "not C (Makefile)", "drivers/demo/demo_api.h": "",
			"drivers/demo/extra.c": "", "drivers/demo/logo.png": SkipBinary, "drivers/demo/old.c": SkipDeleted,
		}
		for p, w := range want {
			if skipped[p] != w {
				t.Errorf("%s: %s skipped %q, want %q", name, p, skipped[p], w)
			}
		}
		h := image(t, r, "drivers/demo/demo_api.h")
		if h.OldPath != "drivers/demo/demo.h" || !strings.Contains(string(h.Post), "#ifndef DEMO_API_H") {
			t.Errorf("%s: renamed header:\n%s", name, h.Post)
		}
		if e := image(t, r, "drivers/demo/extra.c"); len(e.Pre) != 0 || e.Lines.PostLen() != 7 || len(e.Lines.AddedLines()) != 7 {
			t.Errorf("%s: new file map", name)
		}
	}
}

// TestMalformed: every malformed input is an error naming the source (and
// line where there is one), never a panic.
func TestMalformed(t *testing.T) {
	for _, c := range []struct {
		file string
		want []string
	}{
		{"truncated.patch", []string{"truncated.patch:27:", "truncated hunk @@ -10,9 +10,11 @@"}},
		{"wrong-counts-more.patch", []string{"wrong-counts-more.patch:23:", "wrong line counts in hunk @@ -17,8 +17,9 @@"}},
		{"wrong-counts-fewer.patch", []string{"wrong-counts-fewer.patch:30:", "wrong line counts in hunk @@ -10,7 +10,9 @@"}},
		{"empty.patch", []string{"empty.patch: empty input"}},
		{"no-patch.eml", []string{"no-patch.eml:", "no patch"}},
		{"junk.bin", []string{"junk.bin:", "binary data"}},
	} {
		ins, err := Read(c.file, readFixture(t, c.file))
		if err == nil {
			t.Errorf("%s: no error (inputs %q)", c.file, names(ins))
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.file, err, w)
			}
		}
		if len(ins) != 0 {
			t.Errorf("%s: inputs %q besides the error", c.file, names(ins))
		}
	}
	for _, junk := range []string{
		"just some prose\nwith no diff at all\n",
		"\xff\xfe\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11",
		"@@ -1,2 +1,2 @@\n-a\n+b\n",
		"--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@ \n-a\n",
		"--- a/x.c\n+++ b/x.c\n@@ -1,99999999999 +1 @@\n-a\n+b\n",
		"diff --git a/../etc/passwd b/../etc/passwd\n--- a/../etc/passwd\n+++ b/../etc/passwd\n@@ -1 +1 @@\n-a\n+b\n",
		"\n\n   \n",
	} {
		if ins, err := Read("junk", []byte(junk)); err == nil || !strings.HasPrefix(err.Error(), "junk") {
			t.Errorf("Read(%q) = %q, %v", junk, names(ins), err)
		}
	}
}

// TestApplyErrors: hunks that do not fit and files that are not there fail
// the input with messages naming input, file, hunk and line.
func TestApplyErrors(t *testing.T) {
	_, rs := applyFixture(t, "context-mismatch.patch")
	err := rs[0].Err
	if err == nil || rs[0].Files != nil {
		t.Fatal("context mismatch applied")
	}
	for _, w := range []string{
		"demo-make-demo_bump-irq-safe (context-mismatch.patch:14)",
		"drivers/demo/demo.c",
		"hunk @@ -10,9 +10,11 @@ does not apply",
		`line 14 expected "\tdemo_count += 1;" found "\tdemo_count++;"`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}

	_, rs = applyFixture(t, "not-there.patch")
	if err := rs[0].Err; err == nil || !strings.Contains(err.Error(), "patch to a file that is not there: drivers/demo/missing.c") ||
		!strings.Contains(err.Error(), "not-there.patch") {
		t.Fatalf("not there: %v", err)
	}

	// One file there and one not: the input applies, the other is skipped.
	patchText := string(readFixture(t, "demo-irqsave.patch"))
	k := strings.Index(patchText, "-- \n")
	extra := "diff --git a/include/linux/demo_missing.h b/include/linux/demo_missing.h\nindex 1111111..2222222 100644\n--- a/include/linux/demo_missing.h\n+++ b/include/linux/demo_missing.h\n@@ -1 +1 @@\n-a\n+b\n"
	ins, err := Read("partial.patch", []byte(patchText[:k]+extra+patchText[k:]))
	if err != nil {
		t.Fatal(err)
	}
	r := Apply(ins, DirTree(demoTree(t)))[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if im := image(t, r, "include/linux/demo_missing.h"); im.Skipped != SkipNotPresent {
		t.Errorf("skipped %q", im.Skipped)
	}
	if !strings.HasSuffix(r.Summary(), "drivers/demo/demo.c (include/linux/demo_missing.h: not present in the tree)") {
		t.Errorf("summary %q", r.Summary())
	}
}

// TestReadPartial: a thread with a good and a bad diff gives the good one
// and an error for the bad one.
func TestReadPartial(t *testing.T) {
	good := string(readFixture(t, "demo-irqsave.patch"))
	bad := string(readFixture(t, "truncated.patch"))
	ins, err := Read("two.mbox", []byte(good+"\n"+bad))
	if err == nil || !strings.Contains(err.Error(), "two.mbox:") || len(ins) != 1 {
		t.Fatalf("inputs %q, err %v", names(ins), err)
	}
}

// TestSubjectNames: names come from the subject tags, else a slug of the
// subject, else the source file name.
func TestSubjectNames(t *testing.T) {
	for subj, want := range map[string]string{
		"[PATCH v3] kcov: move":                       "v3",
		"[PATCH v2 1/3] demo: x":                      "v2-1of3",
		"[RFC PATCH v2 01/10] demo: x":                "rfc-v2-1of10",
		"[PATCH net-next v4 2/2] net: y":              "net-next-v4-2of2",
		"Re: [PATCH v3] kcov: move":                   "v3",
		"[PATCHv2] foo":                               "v2",
		"[PATCH] kcov: fix the thing (again!)":        "kcov-fix-the-thing-again",
		"":                                            "",
		"[PATCH v3 follow-up] kcov: use irqsave":      "v3-follow-up",
		"[PATCH] ../../etc/passwd":                    "etc-passwd",
		"[PATCH] " + strings.Repeat("very long ", 20): "very-long-very-long-very-long-very-long",
	} {
		if got := subjectName(subj); got != want {
			t.Errorf("subjectName(%q) = %q, want %q", subj, got, want)
		}
	}
	ins := []*Input{{Name: "v3"}, {Name: "v3"}, {Name: "v3-2"}, {Name: ""}}
	UniqueNames(ins)
	if got := names(ins); !slices.Equal(got, []string{"v3", "v3-2", "v3-2-2", "patch"}) {
		t.Errorf("UniqueNames: %q", got)
	}
	// Plain diffs without subject are named after the source file.
	d := "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"
	got, err := Read("dir/fix.patch", []byte(d+"\nand another\n\n"+d))
	if err != nil || !slices.Equal(names(got), []string{"fix-1", "fix-2"}) {
		t.Errorf("fallback names %q, %v", names(got), err)
	}
}

// TestFixturesPresent guards the fixture list against typos.
func TestFixturesPresent(t *testing.T) {
	for _, f := range []string{"tree/drivers/demo/demo.c", "series-v2.mbox", "thread.mbox", "junk.bin"} {
		if _, err := os.Stat(filepath.Join(fixtures(t), f)); err != nil {
			t.Error(err)
		}
	}
}

// TestWebThread: a thread saved from a web archive ("Posted by" lines);
// a diff ends where its hunk counts say, even when the next post's
// subject follows on the very next line.
func TestWebThread(t *testing.T) {
	ins, rs := applyFixture(t, "webthread.txt")
	if got := names(ins); !slices.Equal(got, []string{"v2", "v2-reply-1"}) {
		t.Fatalf("inputs %q", got)
	}
	if ins[0].Author != "Ada Dev" || ins[1].Author != "Ada Dev" || ins[0].Line != 11 || ins[1].Line != 45 {
		t.Errorf("authors %q %q lines %d %d", ins[0].Author, ins[1].Author, ins[0].Line, ins[1].Line)
	}
	if bytes.Contains(ins[1].Raw, []byte("Re:")) {
		t.Errorf("follow-up Raw runs into the next post:\n%s", ins[1].Raw)
	}
	for _, r := range rs {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if rs[1].OnTopOf != "v2" {
		t.Errorf("follow-up on top of %q", rs[1].OnTopOf)
	}
}
