// SPDX-License-Identifier: MIT

package cparse

import (
	"strings"
	"testing"
)

func ppString(t *testing.T, src string, cfg *Config) (string, []Note) {
	t.Helper()
	p := newPP(&ppOptions{config: cfg, readFile: func(string) ([]byte, error) { return nil, errNotFound }, maxDepth: 20}, nil)
	p.run("t.c", []byte(src))
	var b strings.Builder
	for i, tk := range p.out {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tk.Text)
	}
	return b.String(), p.notes
}

func TestPreprocessorExpansion(t *testing.T) {
	cases := []struct{ src, want string }{
		{"#define A 1\nA", "1"},
		{"#define F(x) x+1\nF(2)", "2 + 1"},
		{"#define F(x) #x\nF(a  \"b\" c)", `"a \"b\" c"`},
		{"#define CAT(a,b) a##b\nCAT(x,y) CAT(,y) CAT(x,)", "xy y x"},
		{"#define V(fmt, ...) f(fmt, ##__VA_ARGS__)\nV(a) V(a,b,c)", "f ( a ) f ( a , b , c )"},
		{"#define V(fmt, args...) f(fmt, ## args)\nV(a) V(a,b)", "f ( a ) f ( a , b )"},
		{"#define O(...) g(0 __VA_OPT__(,) __VA_ARGS__)\nO() O(1)", "g ( 0 ) g ( 0 , 1 )"},
		// Recursion stops (6.10.3.4).
		{"#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)", "2 * 9 * g"},
		{"#define x x+1\nx", "x + 1"},
		// A function-like macro name without '(' is not expanded.
		{"#define F(x) x\nF + 1", "F + 1"},
		// Arguments spanning lines.
		{"#define F(a,b) a b\nF(1,\n 2)", "1 2"},
		// Kernel's IS_ENABLED placeholder trick, written independently.
		{"#define __PH_1 0,\n#define EN(x) EN2(x)\n#define EN2(v) EN3(__PH_##v)\n#define EN3(a) TAKE(a 1, 0)\n#define TAKE(a, b, ...) b\n#define CONFIG_A 1\nEN(CONFIG_A) EN(CONFIG_B)", "1 0"},
		{"#if 1 + 2 * 3 == 7 && !defined(X)\nyes\n#else\nno\n#endif", "yes"},
		{"#define X\n#ifdef X\na\n#elif 1\nb\n#else\nc\n#endif", "a"},
		{"#if 0\n#if garbage '\n#endif\nno\n#elif 2 > 1\nyes\n#endif", "yes"},
		{"#if (-1 < 0u)\nsigned\n#else\nunsigned\n#endif", "unsigned"},
		{"__LINE__\n__LINE__", "1 2"},
	}
	for _, c := range cases {
		got, notes := ppString(t, c.src, nil)
		if got != c.want {
			t.Errorf("%q:\n got %q\nwant %q (notes %v)", c.src, got, c.want, notes)
		}
	}
}

func TestPreprocessorConfig(t *testing.T) {
	src := "#ifdef CONFIG_PREEMPT_RT\nrt\n#else\nnonrt\n#endif\n#ifdef CONFIG_SOMETHING_UNSET\ny\n#endif\n#ifdef CONFIG_ARM64\narm\n#endif\nCONFIG_LOG_BUF_SHIFT"
	got, _ := ppString(t, src, NewConfig(true))
	if got != "rt y 17" {
		t.Errorf("rt: got %q", got)
	}
	got, _ = ppString(t, src, NewConfig(false))
	if got != "nonrt y 17" {
		t.Errorf("nonrt: got %q", got)
	}
	cfg, err := ParseConfig(".config", []byte("CONFIG_A=y\nCONFIG_B=m\n# CONFIG_PREEMPT_RT is not set\nCONFIG_N=12\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, _ = ppString(t, "#ifdef CONFIG_A\na\n#endif\n#ifdef CONFIG_B\nb\n#endif\n#ifdef CONFIG_B_MODULE\nbm\n#endif\n#ifdef CONFIG_UNLISTED\nu\n#endif\nCONFIG_N", cfg)
	if got != "a bm 12" {
		t.Errorf(".config: got %q", got)
	}
}

func TestModelAttrMacroAsMember(t *testing.T) {
	f := parseTestdata(t, "membermacro.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "want_checks")
	ifs, ok := fn.Body.Stmts[0].(*IfStmt)
	if !ok || ifs.Cond.String() != "opts.link && opts.noinstr" {
		t.Errorf("condition %v", fn.Body.Stmts[0])
	}
}
