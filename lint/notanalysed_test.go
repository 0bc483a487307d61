// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/report"
)

// brokenSrc has a function kcovlint cannot parse (a syntax error no
// tolerance can fix) between two it can.
const brokenSrc = `// SPDX-License-Identifier: GPL-2.0
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(demo_lock);
static int demo_count;

static void demo_good(void)
{
	spin_lock(&demo_lock);
	demo_count++;
	spin_unlock(&demo_lock);
}

static int
demo_broken(int a)
{
	int x = a +;

	return x;
}

static void demo_other(void)
{
	demo_count = 0;
}
`

func TestExtent(t *testing.T) {
	src := `/* a { in a comment */
#define OPEN {
static int a = 1;

static int
f(int x,
  int y)
{
	const char *s = "}";
	char c = '{';
	// }
out:
	if (x) {
		return y;
	}
	return 0;
}
struct s { int a; };
`
	for _, c := range []struct{ line, start, end int }{
		{9, 5, 17},   // in f's body
		{6, 5, 17},   // in f's head
		{12, 5, 17},  // a label at column 0
		{3, 3, 3},    // a declaration
		{18, 18, 18}, // a struct on one line
	} {
		if s, e := extent([]byte(src), c.line); s != c.start || e != c.end {
			t.Errorf("extent of line %d: %d-%d, want %d-%d", c.line, s, e, c.start, c.end)
		}
	}
	if s, e := extent(nil, 4); s != 4 || e != 4 {
		t.Errorf("extent without source: %d-%d", s, e)
	}
}

func TestInputMessage(t *testing.T) {
	for _, c := range []struct{ msg, want string }{
		{"x.patch: empty input", "empty input"},
		{"x.patch:12: bad hunk", "line 12: bad hunk"},
		{"v3 (t.mbox:4): drivers/a.c: hunk does not apply\nv3 (t.mbox:4): drivers/b.c: no", "drivers/a.c: hunk does not apply\ndrivers/b.c: no"},
		{"other: x", "other: x"},
	} {
		if got := inputMessage(c.msg, "v3 (t.mbox:4)", "x.patch"); got != c.want {
			t.Errorf("inputMessage(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}

// demoTree is a tiny tree with drivers/demo/demo.c holding brokenSrc.
func demoTree(t *testing.T) string {
	t.Helper()
	tree := t.TempDir()
	os.MkdirAll(filepath.Join(tree, "drivers/demo"), 0o755)
	if err := os.WriteFile(filepath.Join(tree, "drivers/demo/demo.c"), []byte(brokenSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	return tree
}

// onePatch is a patch of drivers/demo/demo.c replacing line n of
// brokenSrc by text.
func onePatch(n int, text string) string {
	lines := strings.Split(brokenSrc, "\n")
	return fmt.Sprintf("diff --git a/drivers/demo/demo.c b/drivers/demo/demo.c\n--- a/drivers/demo/demo.c\n+++ b/drivers/demo/demo.c\n@@ -%d,3 +%d,3 @@\n %s\n-%s\n+%s\n %s\n",
		n-1, n-1, lines[n-2], lines[n-1], text, lines[n])
}

func TestNotAnalysed(t *testing.T) {
	tree := demoTree(t)
	file := filepath.Join(tree, "drivers/demo/demo.c")
	run := func(inputs []string, stdin string) *report.Result {
		t.Helper()
		opts := Options{Tree: tree, Inputs: inputs, Index: "none", Config: "nonrt"}
		if stdin != "" {
			opts.Stdin = strings.NewReader(stdin)
		}
		res, err := Run(opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	want := report.Unanalysed{File: file, Line: 17, Function: "demo_broken", Reason: "syntax"}
	same := func(got []report.Unanalysed) bool {
		return len(got) == 1 && got[0].File == want.File && got[0].Function == want.Function && got[0].Reason == want.Reason && got[0].Line >= 15 && got[0].Line <= 17
	}

	// A file: every part not analysed.
	res := run([]string{file}, "")
	if len(res.Inputs) != 1 || !same(res.Inputs[0].NotAnalysed) {
		t.Errorf("file: %+v", res.Inputs)
	}
	// A patch of another function: its code was analysed.
	res = run([]string{"-"}, onePatch(10, "\tdemo_count += 2;"))
	if len(res.Inputs) != 1 || res.Inputs[0].Status != "ok" || len(res.Inputs[0].NotAnalysed) != 0 {
		t.Errorf("patch of demo_good(): %+v", res.Inputs)
	}
	// A patch of the broken function, of its head, and one that only
	// deletes a line of it: not analysed.
	for _, p := range []string{
		onePatch(19, "\treturn x + 1;"),
		onePatch(15, "demo_broken(int a)"),
		strings.Replace(strings.Replace(onePatch(19, ""), "+\n", "", 1), "@@ -18,3 +18,3 @@", "@@ -18,3 +18,2 @@", 1),
	} {
		res = run([]string{"-"}, p)
		if len(res.Inputs) != 1 || res.Inputs[0].Status != "ok" || !same(res.Inputs[0].NotAnalysed) {
			t.Errorf("patch of demo_broken(): %+v\n%s", res.Inputs, p)
		}
	}
}

// Inputs with nothing to lint are input errors; a binary .c file in a
// directory is a part not analysed.
func TestNothingToLint(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	os.MkdirAll(empty, 0o755)
	os.WriteFile(filepath.Join(empty, "README"), []byte("no C here\n"), 0o644)
	bin := filepath.Join(dir, "bin.c")
	os.WriteFile(bin, []byte("\x7fELF\x02\x01\x01\x00\x00\x00"), 0o644)
	mixed := filepath.Join(dir, "mixed")
	os.MkdirAll(mixed, 0o755)
	os.WriteFile(filepath.Join(mixed, "bin.c"), []byte("\x00\x01"), 0o644)
	os.WriteFile(filepath.Join(mixed, "ok.c"), []byte("static int f(void) { return 0; }\n"), 0o644)
	emptyPatch := filepath.Join(dir, "empty.patch")
	os.WriteFile(emptyPatch, nil, 0o644)

	res, err := Run(Options{Inputs: []string{empty, bin, emptyPatch, "-", mixed}, Stdin: strings.NewReader(" \n"), Config: "nonrt", StdinName: "working tree"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		empty:          "no C files in this directory: nothing to lint",
		bin:            "binary data (a NUL byte), not C",
		emptyPatch:     "empty input",
		"working tree": "empty input",
	}
	for _, in := range res.Inputs {
		if w, ok := want[in.Name]; ok {
			if in.Status != "error" || in.Error != w {
				t.Errorf("%s: %s %q, want error %q", in.Name, in.Status, in.Error, w)
			}
			delete(want, in.Name)
			continue
		}
		if in.Status != "ok" || len(in.NotAnalysed) != 1 || in.NotAnalysed[0].Reason != "binary data, not C" || !strings.HasSuffix(in.NotAnalysed[0].File, "bin.c") {
			t.Errorf("mixed directory: %+v", in)
		}
	}
	if len(want) > 0 {
		t.Errorf("inputs not reported: %v", want)
	}
}
