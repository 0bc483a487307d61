// SPDX-License-Identifier: MIT

package cparse

import (
	"reflect"
	"strings"
	"testing"
)

func TestPositions(t *testing.T) {
	f := parseTestdata(t, "positions.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "positioned")
	if fn.Pos != (Pos{File: "testdata/positions.c", Line: 7, Col: 5}) || fn.End.Line != 18 {
		t.Errorf("positioned at %s..%s", fn.Pos, fn.End)
	}
	if p := fn.Params[0].Pos; p.Line != 7 || p.Col != 20 {
		t.Errorf("param a at %s", p)
	}
	for _, c := range []struct {
		name      string
		line, col int
	}{
		// Through a macro: the position of the macro invocation.
		{"spin_lock", 11, 2},
		// A call whose arguments span lines, and the call inside.
		{"first_call", 12, 6},
		{"second_call", 13, 10},
		{"spin_unlock", 14, 2},
		{"header_helper", 16, 10},
	} {
		call := callByName(t, fn, c.name)
		if call.P.File != "testdata/positions.c" || call.P.Line != c.line || call.P.Col != c.col {
			t.Errorf("%s at %s, want line %d col %d", c.name, call.P, c.line, c.col)
		}
	}
	// Every statement and expression of the function maps into the file.
	walkStmts(fn.Body, func(s Stmt) {
		if p := s.Pos(); p.File != "testdata/positions.c" || p.Line < 7 || p.Line > 18 {
			t.Errorf("statement %T at %s", s, p)
		}
		for _, e := range stmtExprs(s) {
			WalkExpr(e, func(e Expr) {
				if p := e.Pos(); p.File != "testdata/positions.c" || p.Line < 7 || p.Line > 18 {
					t.Errorf("expression %s at %s", e, p)
				}
			})
		}
	})
	if ifs := fn.Body.Stmts[4].(*IfStmt); ifs.P.Line != 15 || ifs.P.Col != 2 || ifs.Cond.Pos().Col != 6 {
		t.Errorf("if at %s, cond at %s", ifs.P, ifs.Cond.Pos())
	}
	// A function of a local include is positioned in the include.
	h := funcByName(t, f, "header_helper")
	if h.Pos.File != "testdata/positions.h" || h.Pos.Line != 5 {
		t.Errorf("header_helper at %s", h.Pos)
	}
	if c := callByName(t, h, "helper_call"); c.P.File != "testdata/positions.h" || c.P.Line != 7 || c.P.Col != 9 {
		t.Errorf("helper_call at %s", c.P)
	}
	// Only the file's own functions count.
	if f.Stats.Parsed != 1 || f.Stats.FuncChunks != 1 {
		t.Errorf("stats %+v", f.Stats)
	}
	if m := f.Macros[0]; m.Name != "DEFINE_SPINLOCK" || m.Pos.Line != 5 || m.Pos.Col != 8 {
		t.Errorf("macro use %+v", m)
	}
}

func TestIRContent(t *testing.T) {
	f := parseTestdata(t, "ir.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "counter_open")
	if !fn.Static || fn.Result != "int" || len(fn.Params) != 2 {
		t.Errorf("counter_open: static %v result %q params %d", fn.Static, fn.Result, len(fn.Params))
	}
	if p := fn.Params[1]; p.Name != "file" || p.Type != "struct file *" {
		t.Errorf("second param %+v", p)
	}
	if got, want := fn.Locals, map[string]string{"inode": "struct inode *", "file": "struct file *", "c": "struct counter *", "flags": "unsigned long"}; !reflect.DeepEqual(got, want) {
		t.Errorf("locals %v, want %v", got, want)
	}
	// Statements in order: two declarations, three expression statements,
	// if, switch, label, return... the label holds the return.
	var kinds []string
	for _, s := range fn.Body.Stmts {
		kinds = append(kinds, strings.TrimPrefix(reflect.TypeOf(s).String(), "*cparse."))
	}
	if want := []string{"DeclStmt", "DeclStmt", "ExprStmt", "ExprStmt", "ExprStmt", "IfStmt", "SwitchStmt", "LabelStmt"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("statements %v, want %v", kinds, want)
	}
	d := fn.Body.Stmts[0].(*DeclStmt)
	if d.Name != "c" || d.Type != "struct counter *" || d.Init.String() != "inode->i_private" {
		t.Errorf("decl %+v", d)
	}
	lock := callByName(t, fn, "spin_lock_irqsave")
	if len(lock.Args) != 2 || lock.Args[0].String() != "&c->lock" || lock.Args[1].String() != "flags" {
		t.Errorf("spin_lock_irqsave args %v", lock.Args)
	}
	if u, ok := lock.Args[0].(*Unary); !ok || u.Op != "&" {
		t.Errorf("first arg %T", lock.Args[0])
	} else if m, ok := u.X.(*Member); !ok || !m.Arrow || m.Name != "lock" {
		t.Errorf("&c->lock operand %T", u.X)
	}
	ifs := fn.Body.Stmts[5].(*IfStmt)
	if ifs.Cond.String() != "(c->value > 10) && !c->next" {
		t.Errorf("if condition %q", ifs.Cond.String())
	}
	if r, ok := ifs.Then.(*ReturnStmt); !ok || r.X.String() != "-EBUSY" {
		t.Errorf("then %v", ifs.Then)
	}
	sw := fn.Body.Stmts[6].(*SwitchStmt)
	var cases []string
	walkStmts(sw.Body, func(s Stmt) {
		if c, ok := s.(*CaseStmt); ok {
			if c.Value == nil {
				cases = append(cases, "default")
			} else {
				cases = append(cases, c.Value.String())
			}
		}
		if b, ok := s.(*BranchStmt); ok {
			cases = append(cases, b.Kind+" "+b.Label)
		}
	})
	if want := []string{"1", "break ", "default", "goto out"}; !reflect.DeepEqual(cases, want) {
		t.Errorf("switch %v, want %v", cases, want)
	}
	lbl := fn.Body.Stmts[7].(*LabelStmt)
	if r, ok := lbl.Body.(*ReturnStmt); lbl.Label != "out" || !ok || r.X.String() != "0" {
		t.Errorf("label %+v", lbl)
	}

	st := f.Structs["struct counter"]
	if st == nil || len(st.Fields) != 3 || st.FieldType("lock") != "spinlock_t" || st.FieldType("next") != "struct counter *" || st.Pos.Line != 5 {
		t.Errorf("struct counter %+v", st)
	}

	globals := map[string]*Global{}
	for _, g := range f.Globals {
		globals[g.Name] = g
	}
	fops := globals["counter_fops"]
	if fops == nil || !fops.Static || fops.Type != "const struct file_operations" || fops.Pos.Line != 13 {
		t.Fatalf("counter_fops %+v", fops)
	}
	il, ok := fops.Init.(*InitList)
	if !ok || len(il.Items) != 2 || il.Items[1].Field != "open" || il.Items[1].Value.String() != "counter_open" || il.Items[0].Field != "owner" {
		t.Errorf("counter_fops initializer %+v", fops.Init)
	}
	tbl := globals["table"]
	if il, ok := tbl.Init.(*InitList); !ok || len(il.Items) != 3 || il.Items[2].Index.String() != "2" || il.Items[2].Value.String() != "3" {
		t.Errorf("table %+v", tbl.Init)
	}
	if g := globals["external_thing"]; g == nil || !g.Extern || g.Init != nil {
		t.Errorf("external_thing %+v", g)
	}
	if m := f.Macros[0]; m.Name != "module_param" || !reflect.DeepEqual(m.Args, []string{"external_thing", "int", "0644"}) || m.Pos.Line != 41 {
		t.Errorf("macro use %+v", m)
	}
}

// An anonymous struct or union member takes one place in a positional
// initializer, and its members are named as the outer struct's.
func TestAnonymousMembers(t *testing.T) {
	f := ParseSource("anon.c", []byte(`
struct outer {
	int id;
	union {
		void (*a)(int);
		struct { int lo, hi; };
	};
	void (*after)(int);
	int : 3;
	long tail;
};
`), Options{})
	noFailures(t, f)
	st := f.Structs["struct outer"]
	if st == nil {
		t.Fatal("no struct outer")
	}
	for name, want := range map[string]string{"a": "void()( *)", "hi": "int", "after": "void()( *)", "tail": "long"} {
		if got := st.FieldType(name); got != want {
			t.Errorf("FieldType(%s) = %q, want %q", name, got, want)
		}
	}
	for i, want := range []string{"id", "", "after", "tail", ""} {
		if got := st.Positional(i); got != want {
			t.Errorf("Positional(%d) = %q, want %q", i, got, want)
		}
	}
}
