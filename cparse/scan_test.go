// SPDX-License-Identifier: MIT

package cparse

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The scanner names each definition it counts and finds where the file
// hands a function over: an initializer, a registration call, a callback
// field. Lost lists what the parser did not build, with its failure.
func TestScanDefsRefsLost(t *testing.T) {
	src := []byte(`#include <linux/interrupt.h>
static irqreturn_t foo_irq(int irq, void *data)
{
	return IRQ_HANDLED;
}

static int foo_suspend(struct device *dev)
{
	return 0;
}

static int broken(struct device *dev)
{
	return 1 +;
}

static const struct dev_pm_ops foo_pm_ops __maybe_unused = {
	.suspend = foo_suspend,
	SOME_PM_OPS(broken, NULL)
};

static int foo_probe(struct foo *f)
{
	f->timer.function = broken;
	foo_suspend(NULL);
	return request_irq(f->irq, foo_irq, 0, "foo", f);
}

static struct foo_ops bad_ops = {
	.cb = foo_suspend,
	1 +
};
`)
	cfg := NewConfig(false)
	s := ScanFile("x.c", src, cfg)
	var names []string
	for _, d := range s.Defs() {
		names = append(names, d.Name)
	}
	if want := []string{"foo_irq", "foo_suspend", "broken", "foo_probe"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("defs %v, want %v", names, want)
	}
	if d := s.Defs()[0]; !d.IRQ || d.Start != 2 || d.Line != 3 || d.End != 5 {
		t.Errorf("foo_irq: %+v", d)
	}
	if s.Defs()[1].IRQ {
		t.Errorf("foo_suspend is no interrupt handler")
	}
	refs := s.Refs(map[string]bool{"foo_irq": true, "foo_suspend": true, "broken": true})
	want := []Ref{
		{Name: "foo_suspend", Line: 18, Var: "foo_pm_ops", VarType: "struct dev_pm_ops", Field: "suspend", Arg: -1},
		{Name: "broken", Line: 19, Var: "foo_pm_ops", VarType: "struct dev_pm_ops", Call: "SOME_PM_OPS", Arg: 0},
		{Name: "broken", Line: 24, Assigned: "function", In: "foo_probe", Arg: -1},
		{Name: "foo_irq", Line: 26, Call: "request_irq", Arg: 1, In: "foo_probe"},
		{Name: "foo_suspend", Line: 30, Var: "bad_ops", VarType: "struct foo_ops", Field: "cb", Arg: -1},
	}
	if !reflect.DeepEqual(refs, want) {
		t.Errorf("refs:\n got %+v\nwant %+v", refs, want)
	}
	f := ParseSource("x.c", src, Options{Config: cfg})
	lost := s.Lost(f)
	if len(lost) != 1 || lost[0].Name != "broken" || lost[0].Reason != "syntax" || lost[0].Pos.Line != 14 {
		t.Errorf("lost %+v", lost)
	}
	// A declaration that failed and named a function of the file: the
	// registration it made is lost.
	decls := s.LostDecls(f)
	if len(decls) != 1 || decls[0].From.Line != 29 || decls[0].To.Line != 32 || len(decls[0].Refs) != 1 || decls[0].Refs[0].Name != "foo_suspend" || decls[0].Refs[0].Var != "bad_ops" {
		t.Errorf("lost declarations %+v", decls)
	}
}

// With the file's path the scanner reads its local headers as the parser
// does, and selects the same branch of a conditional on their macros.
func TestScanReadsLocalHeaders(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "defs.h"), []byte("#define BITS 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := []byte("#include \"defs.h\"\n#if BITS == 1\nint one(void)\n{\n\treturn 1;\n}\n#else\nint other(void)\n{\n\treturn 0;\n}\n#endif\n")
	path := filepath.Join(dir, "x.c")
	cfg := NewConfig(false)
	s := ScanFile(path, src, cfg)
	if d := s.Defs(); len(d) != 1 || d[0].Name != "one" {
		t.Fatalf("defs %+v, want one", d)
	}
	f := ParseSource(path, src, Options{Config: cfg})
	if lost := s.Lost(f); len(lost) != 0 {
		t.Errorf("lost %+v", lost)
	}
}

// A brace after a macro invocation is counted as a function body unless
// the raw tokens show otherwise: a designator as its first element, or a
// macro (from a local header) whose expansion ends with a struct tag or
// with '='. Macros that end in a function's head stay counted.
func TestScanNotABody(t *testing.T) {
	dir := t.TempDir()
	hdr := `#define RIG_DATA(n) struct rig_data_##n
#define RIG(n) static int rig_##n##_registered; RIG_DATA(n)
#define RIG_CASE(n, c) static const struct rig_case rig_##n##_##c =
#define RIG_TEST(n) static void rig_test_##n(struct rig_data_##n *self)
#define RIG_HOOK(n) void rig_hook_##n(void)
`
	src := `#include "rig.h"
RIG(sock)
{
	int fd;
	int port;
};

RIG_CASE(sock, v4)
{
	.family = 4,
};

UNKNOWN_TABLE(sock, v6)
{
	.family = 6,
	.port = 80,
};

UNKNOWN_ARRAY(sock)
{
	[0] = 1,
};

RIG_TEST(sock)
{
	self->fd = 0;
}

RIG_HOOK(sock) {
	return;
}

UNKNOWN_DEFINE(sock, int, x)
{
	return;
}

static void plain(void)
{
	return;
}
`
	if err := os.WriteFile(filepath.Join(dir, "rig.h"), []byte(hdr), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "rig.c")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s := ScanFile(path, []byte(src), NewConfig(false))
	var names []string
	for _, d := range s.Defs() {
		names = append(names, d.Name)
	}
	if want := []string{"RIG_TEST(sock)", "RIG_HOOK(sock)", "UNKNOWN_DEFINE(sock)", "plain"}; !reflect.DeepEqual(names, want) {
		t.Errorf("defs %v, want %v", names, want)
	}
}
