// SPDX-License-Identifier: MIT

package ctxflow

import (
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
)

func TestConstEqual(t *testing.T) {
	for _, c := range []struct {
		a, b      string
		eq, known bool
	}{
		{"TWA_RESUME", "TWA_RESUME", true, true},
		{"TWA_RESUME", "TWA_NMI_CURRENT", false, true},
		{"16", "16", true, true},
		{"16", "8", false, true},
		{"16", "MODE_A", false, false},
		{"", "MODE_A", false, false},
	} {
		if eq, known := constEqual(c.a, c.b); eq != c.eq || known != c.known {
			t.Errorf("constEqual(%q, %q) = %v, %v; want %v, %v", c.a, c.b, eq, known, c.eq, c.known)
		}
	}
}

// A switch block's successors for a constant tag: its case, else the
// default; a range case (GNU case A ... B:) or a case that is not a
// constant leaves every successor.
func TestSwitchSuccs(t *testing.T) {
	fc := &fctx{flow: &Flow{Unit: &cunit.Unit{}}}
	switchSuccs := fc.switchSuccs
	id := func(n string) cparse.Expr { return &cparse.Ident{Name: n} }
	a, b, def := &cparse.BB{Index: 1}, &cparse.BB{Index: 2}, &cparse.BB{Index: 3}
	bb := &cparse.BB{Succs: []*cparse.BB{a, b, def}, Cases: []cparse.Expr{id("MODE_A"), id("MODE_B"), nil}, CaseHi: []cparse.Expr{nil, nil, nil}}
	if got, ok := switchSuccs(bb, "MODE_B"); !ok || len(got) != 1 || got[0] != b {
		t.Errorf("MODE_B: %v %v", got, ok)
	}
	if got, ok := switchSuccs(bb, "MODE_C"); !ok || len(got) != 1 || got[0] != def {
		t.Errorf("MODE_C: %v %v", got, ok)
	}
	bb.CaseHi[1] = id("MODE_Z")
	if _, ok := switchSuccs(bb, "MODE_B"); ok {
		t.Error("a range case decided")
	}
	bb.CaseHi[1] = nil
	bb.Cases[0] = id("mode_var")
	if _, ok := switchSuccs(bb, "MODE_B"); ok {
		t.Error("a case that is not a constant decided")
	}
}

// Enumerators the unit cannot value (a uapi header's) compare with a
// number by the values the tree's headers give them (cunit.Unit.Enums):
// 0 passed for event takes neither `case RTM_NEWADDR:` nor `case
// RTM_DELADDR:`; 20 takes the first.
func TestSwitchSuccsTreeEnums(t *testing.T) {
	id := func(n string) cparse.Expr { return &cparse.Ident{Name: n} }
	add, del, none := &cparse.BB{Index: 1}, &cparse.BB{Index: 2}, &cparse.BB{Index: 3}
	bb := &cparse.BB{Succs: []*cparse.BB{add, del, none}, Cases: []cparse.Expr{id("RTM_NEWADDR"), id("RTM_DELADDR"), nil}, CaseHi: []cparse.Expr{nil, nil, nil}}
	without := &fctx{flow: &Flow{Unit: &cunit.Unit{}}}
	if _, ok := without.switchSuccs(bb, "0"); ok {
		t.Error("without the tree's values, 0 was compared with RTM_NEWADDR")
	}
	fc := &fctx{flow: &Flow{Unit: &cunit.Unit{Enums: map[string]int64{"RTM_NEWADDR": 20, "RTM_DELADDR": 21}}}}
	if got, ok := fc.switchSuccs(bb, "0"); !ok || len(got) != 1 || got[0] != none {
		t.Errorf("0: %v %v; want only the no-match edge", got, ok)
	}
	if got, ok := fc.switchSuccs(bb, "20"); !ok || len(got) != 1 || got[0] != add {
		t.Errorf("20: %v %v; want case RTM_NEWADDR", got, ok)
	}
	if got, ok := fc.switchSuccs(bb, "RTM_DELADDR"); !ok || len(got) != 1 || got[0] != del {
		t.Errorf("RTM_DELADDR: %v %v; want its case", got, ok)
	}
}

func TestFoldConst(t *testing.T) {
	for _, c := range []struct {
		op, a, b, want string
		ok             bool
	}{
		{"+", "3", "0x4", "7", true},
		{"<<", "1", "4", "16", true},
		{">", "12", "8", "1", true},
		{"<=", "12", "8", "0", true},
		{"-", "3", "4", "", false},   // negative: left unknown
		{"<<", "1", "70", "", false}, // out of range
		{"+", "MODE_A", "1", "", false},
		{"/", "8", "2", "", false},
	} {
		v, ok := foldConst(c.op, c.a, c.b)
		if ok != c.ok || ok && v.Const != c.want {
			t.Errorf("%s %s %s = %q, %v; want %q, %v", c.a, c.op, c.b, v.Const, ok, c.want, c.ok)
		}
		if ok && (v.Null == Yes) != (c.want == "0") {
			t.Errorf("%s %s %s: Null %v", c.a, c.op, c.b, v.Null)
		}
	}
}
