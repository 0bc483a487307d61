// SPDX-License-Identifier: MIT

package cparse

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// parseBounded parses src and fails the test if that panics, takes longer
// than limit, or reports a failure without a position and a reason.
func parseBounded(t *testing.T, name string, src []byte, opts Options, limit time.Duration) *File {
	t.Helper()
	done := make(chan *File, 1)
	start := time.Now()
	go func() {
		done <- ParseSource(name, src, opts)
	}()
	var f *File
	select {
	case f = <-done:
	case <-time.After(limit):
		t.Fatalf("%s: parse still running after %v", name, limit)
	}
	for _, x := range f.Failures {
		if x.Pos.File == "" || x.Pos.Line <= 0 || x.Reason == "" {
			t.Errorf("%s: failure without a place or reason: %+v", name, x)
		}
		if x.Reason == "internal error" {
			t.Errorf("%s: internal error: %s", name, x)
		}
	}
	t.Logf("%s: %d bytes, %d functions, %d failures, %v", name, len(src), f.Stats.Parsed, len(f.Failures), time.Since(start).Round(time.Millisecond))
	return f
}

const goodFuncs = `
int before(int a)
{
	return a + 1;
}

static void broken(struct s *p)
{
	if (p->x) {
		p->y = 1;

static int after_one(void)
{
	return 2;
}

int after_two(int *p)
{
	*p = after_one();
	return *p;
}
`

func TestHostileUnbalancedBraces(t *testing.T) {
	f := parseBounded(t, "unbalanced.c", []byte(goodFuncs), Options{}, 10*time.Second)
	if got := funcNames(f); strings.Join(got, " ") != "before after_one after_two" {
		t.Errorf("functions %v, want before after_one after_two", got)
	}
	if len(f.Failures) != 1 || f.Failures[0].Func != "broken" || f.Failures[0].Pos.Line != 7 || f.Failures[0].Reason != "unbalanced braces" {
		t.Errorf("failures %v", f.Failures)
	}
	// A closing brace too many costs nothing after it.
	f = parseBounded(t, "extra.c", []byte("int a(void) { return 0; } }\nint b(void) { return 1; }\n"), Options{}, 10*time.Second)
	if got := funcNames(f); strings.Join(got, " ") != "a b" {
		t.Errorf("functions %v, want a b (failures %v)", got, f.Failures)
	}
}

func TestHostileTruncated(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "ir.c"))
	if err != nil {
		t.Fatal(err)
	}
	for cut := 0; cut < len(src); cut += 37 {
		f := parseBounded(t, "trunc.c", src[:cut], Options{}, 10*time.Second)
		if cut > bytes.Index(src, []byte("static int table")) && len(f.Globals) == 0 {
			t.Errorf("cut at %d: globals before the cut lost", cut)
		}
	}
	// Ends that once sent cc/v4's parser into an endless loop (a type
	// qualifier list running into the end of its input).
	for _, end := range []string{"struct foo *const", "struct foo * const ;", "struct foo */* unterminated", "int *volatile restrict"} {
		f := parseBounded(t, "eof.c", []byte("int ok(void) { return 0; }\n"+end), Options{}, 10*time.Second)
		if got := funcNames(f); len(got) != 1 || got[0] != "ok" {
			t.Errorf("%q: functions %v", end, got)
		}
	}
	// A file cut in the middle of a function keeps the functions before.
	f := parseBounded(t, "trunc2.c", []byte(goodFuncs[:strings.Index(goodFuncs, "return 2;")]), Options{}, 10*time.Second)
	if got := funcNames(f); strings.Join(got, " ") != "before" {
		t.Errorf("functions %v, want before", got)
	}
}

func TestHostileBytes(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	junk := make([]byte, 200_000)
	rng.Read(junk)
	parseBounded(t, "junk.bin", junk, Options{}, 20*time.Second)

	// Junk between good functions costs the declaration it lands in.
	mixed := []byte("int a(void) { return 0; }\n" + string(junk[:300]) + "\nint b(void) { return 1; }\n")
	f := parseBounded(t, "mixed.c", mixed, Options{}, 10*time.Second)
	if len(funcNames(f)) == 0 || funcNames(f)[0] != "a" {
		t.Errorf("functions %v", funcNames(f))
	}

	// Non-UTF-8 bytes and NULs in comments, strings and code.
	odd := []byte("/* caf\xe9 \xff\xfe */\nint s(void) { char *p = \"\xc3\x28\x00\"; return p[0]; }\nint \x00x;\nint t\xe9st(void) { return 1; }\nint u(void) { return 2; }\n")
	f = parseBounded(t, "odd.c", odd, Options{}, 10*time.Second)
	if got := funcNames(f); len(got) < 2 || got[0] != "s" || got[len(got)-1] != "u" {
		t.Errorf("functions %v (failures %v)", got, f.Failures)
	}
	// An empty file and a file of NULs.
	parseBounded(t, "empty.c", nil, Options{}, 5*time.Second)
	parseBounded(t, "nul.c", make([]byte, 100_000), Options{}, 10*time.Second)
}

func TestHostileDeepNesting(t *testing.T) {
	const n = 100_000
	for name, src := range map[string]string{
		"parens.c":  "int f(void) { return " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "; }\nint g(void) { return 0; }\n",
		"braces.c":  "int f(void) " + strings.Repeat("{", n) + strings.Repeat("}", n) + "\nint g(void) { return 0; }\n",
		"open.c":    "int f(void) { return " + strings.Repeat("(", n) + ";\n}\nint g(void) { return 0; }\n",
		"ifs.c":     "int f(int x) { " + strings.Repeat("if (x) ", n) + "x++; return x; }\nint g(void) { return 0; }\n",
		"pp-if.c":   "#if " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\nint f(void) { return 1; }\n#endif\nint g(void) { return 0; }\n",
		"pp-nest.c": strings.Repeat("#if 1\n", n) + "int f(void) { return 1; }\n" + strings.Repeat("#endif\n", n) + "int g(void) { return 0; }\n",
		"macro.c":   "#define F(x) (x)\nint f(void) { return " + strings.Repeat("F(", n) + "1" + strings.Repeat(")", n) + "; }\nint g(void) { return 0; }\n",
	} {
		f := parseBounded(t, name, []byte(src), Options{}, 60*time.Second)
		if got := funcNames(f); len(got) == 0 || got[len(got)-1] != "g" {
			t.Errorf("%s: functions %v: g lost", name, got)
		}
	}
}

func TestHostileMacros(t *testing.T) {
	cases := map[string]string{
		"recursive.c":  "#define a b\n#define b a\n#define f(x) (x + g(x))\n#define g(x) f(x)\nint h(void) { return a + b + f(1) + g(2); }\n",
		"selfref.c":    "#define v v + 1\n#define y(z) y(z) + z\nint h(int w) { return v + y(3) + w; }\n",
		"undef-loop.c": "#define A B\n#define B A\n#undef A\n#define A B\nint h(void) { return A; }\n",
	}
	// Exponential expansion: 10 levels of ten-fold copies.
	var b strings.Builder
	b.WriteString("#define E0 x+\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&b, "#define E%d E%d E%d E%d E%d E%d E%d E%d E%d E%d E%d\n", i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString("int before(void) { return 1; }\nint h(int x) { return E10 0; }\nint after(void) { return 2; }\n")
	cases["explode.c"] = b.String()
	for name, src := range cases {
		// A short time limit: the expansion stops at it, and the parse
		// goes on with the rest of the file.
		f := parseBounded(t, name, []byte(src), Options{TimeLimit: 2 * time.Second}, 30*time.Second)
		names := funcNames(f)
		if name == "explode.c" {
			if len(names) == 0 || names[0] != "before" {
				t.Errorf("%s: functions %v", name, names)
			}
			continue
		}
		if len(names) != 1 || names[0] != "h" {
			t.Errorf("%s: functions %v (failures %v)", name, names, f.Failures)
		}
	}
}

func TestHostileIncludes(t *testing.T) {
	files := map[string]string{
		"dir/self.h":   "#include \"self.h\"\nint in_self;\n",
		"dir/a.h":      "#include \"b.h\"\nint in_a;\n",
		"dir/b.h":      "#include \"a.h\"\nint in_b;\n",
		"dir/deep.h":   "#include \"deep.h\"\n",
		"dir/bad.h":    "\x00\xff{{{{",
		"dir/macros.h": "#define WRAP(x) do_wrap(x)\n",
	}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
	src := "#include \"self.h\"\n#include \"a.h\"\n#include \"missing.h\"\n#include \"bad.h\"\n;}\n#include \"macros.h\"\nint f(void) { return WRAP(in_self + in_a + in_b); }\n"
	f := parseBounded(t, "dir/main.c", []byte(src), Options{ReadFile: read}, 10*time.Second)
	if got := funcNames(f); len(got) != 1 || got[0] != "f" {
		t.Errorf("functions %v (failures %v)", got, f.Failures)
	}
	var notes []string
	for _, n := range f.Notes {
		notes = append(notes, n.Reason)
	}
	joined := strings.Join(notes, "\n")
	for _, want := range []string{"includes itself", "not found"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no note %q in %v", want, notes)
		}
	}
}

func TestHostileLargeFile(t *testing.T) {
	var b bytes.Buffer
	for i := 0; b.Len() < 5<<20; i++ {
		fmt.Fprintf(&b, "static int func_%d(struct thing *t, int x)\n{\n\tif (t->field_%d > x)\n\t\treturn helper_%d(t, x + %d);\n\treturn 0;\n}\n\n", i, i%7, i%13, i)
	}
	src := b.Bytes()
	f := parseBounded(t, "large.c", src, Options{}, 120*time.Second)
	if n := CountFunctions(src, nil); f.Stats.Parsed != n {
		t.Errorf("%d of %d functions parsed", f.Stats.Parsed, n)
	}
}

// A generated data table of more than largeInitializer tokens is declared
// without its initializer (a note says so); the functions around it parse.
func TestLargeDataTable(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("struct rate { int a, b, c; };\nstatic const struct rate rates[] = {\n")
	for i := 0; i < largeInitializer/6; i++ {
		fmt.Fprintf(&b, "\t{ %d, %d, %d },\n", i, i*2, i*3)
	}
	b.WriteString("};\n\nstatic int rate_of(int i)\n{\n\treturn rates[i].a;\n}\n")
	f := ParseSource("table.c", b.Bytes(), Options{})
	if len(f.Failures) != 0 {
		t.Errorf("failures: %v", f.Failures)
	}
	if len(f.Funcs) != 1 || f.Funcs[0].Name != "rate_of" || f.Funcs[0].Body == nil {
		t.Errorf("functions: %v", f.Funcs)
	}
	found := false
	for _, n := range f.Notes {
		found = found || strings.Contains(n.Reason, "rates: initializer of") && n.Pos.Line == 2
	}
	if !found {
		t.Errorf("no note on the dropped initializer: %v", f.Notes)
	}
}
