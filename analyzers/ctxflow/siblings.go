// SPDX-License-Identifier: MIT

package ctxflow

import (
	"strconv"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
)

// A struct that holds a method often holds, beside it, a constant that
// says how the method is to be called, and the code that calls it tests
// that constant first:
//
//	static const struct nfnl_callback cb[] = {
//		[MSG_NEW] = { .call = foo_new, .type = NFNL_CB_BATCH },
//		[MSG_GET] = { .call = foo_get, .type = NFNL_CB_RCU },
//	};
//	switch (nc->type) {
//	case NFNL_CB_RCU:
//		err = nc->call(skb, info, cda);   // under rcu_read_lock()
//
// The call under the NFNL_CB_RCU case runs only the methods whose
// initializer says .type = NFNL_CB_RCU. The path's tests of a field
// (State.Tested) narrow a call through a field of the same struct type to
// the functions stored by an initializer that gives the tested field the
// same constant, or gives it none, or by an assignment (what it gives
// the object's other fields is not known).

// FieldTest is a struct field a path's test found equal (or, Not, not
// equal) to a constant.
type FieldTest struct {
	// Key is the field (callgraph.FieldKey: "struct nfnl_callback.type").
	Key string
	// Obj is the tested object's text (nc in nc->type): a call narrows
	// by the tests of the object it calls through.
	Obj   string
	Const string
	Not   bool
	// cfg and join are the graph the test is in and the block where its
	// ways meet again: past join the path no longer knows (exec.go).
	cfg  *cparse.CFG
	join *cparse.BB
}

// maxFieldTests bounds State.Tested.
const maxFieldTests = 8

// caseState is a state going to a successor of a switch.
type caseState struct {
	succ *cparse.BB
	s    *State
}

// switchTests returns the states a switch on an undecided tag sends to
// its successors: to the successor of a case with a constant value, when
// the tag is a struct field and no other case label leads there, the
// state that knows the field holds that constant.
func (fc *fctx) switchTests(bb *cparse.BB, s *State) []caseState {
	out := make([]caseState, 0, len(bb.Succs))
	key, obj := "", ""
	if m, ok := cparse.Unparen(bb.Switch).(*cparse.Member); ok {
		key, obj = fc.siblingKey(m), m.X.String()
	}
	labels := map[*cparse.BB]int{}
	for _, succ := range bb.Succs {
		labels[succ]++
	}
	for i, succ := range bb.Succs {
		c := ""
		if key != "" && i < len(bb.Cases) && bb.Cases[i] != nil && labels[succ] == 1 &&
			(i >= len(bb.CaseHi) || bb.CaseHi[i] == nil) {
			c = cparse.ConstOf(bb.Cases[i])
		}
		if c == "" {
			out = append(out, caseState{succ, s})
			continue
		}
		t := s.clone()
		t.testField(key, obj, fc.enumConst(c), false)
		out = append(out, caseState{succ, t})
	}
	return out
}

// testField records that a field holds a constant (not, unless not) on
// the path.
func (s *State) testField(key, obj, c string, not bool) {
	ft := FieldTest{Key: key, Obj: obj, Const: c, Not: not}
	for i, old := range s.Tested {
		if old.Key == key && old.Obj == obj {
			s.Tested[i] = ft
			return
		}
	}
	if len(s.Tested) < maxFieldTests {
		s.Tested = append(s.Tested, ft)
	}
}

// enumConst gives an enumerator the value the node's file defines for
// it, or else the tree's headers (cunit.Unit.EnumValue); initializers'
// constants are recorded the same way.
func (fc *fctx) enumConst(c string) string {
	if isNumber(c) || c == "" || c == callgraph.MethodSet {
		return c
	}
	var file *cparse.File
	if fc.node != nil {
		file = fc.node.File
	}
	if v, ok := fc.flow.Unit.EnumValue(file, c); ok {
		return strconv.FormatInt(v, 10)
	}
	return c
}

// bySiblings narrows a call through the field key of the object obj to
// the callees whose initializers agree with the path's tests of the
// object's other fields.
func (fc *fctx) bySiblings(s *State, key, obj string, callees []*callgraph.Node, vias []string) ([]*callgraph.Node, []string) {
	if len(s.Tested) == 0 || obj == "" {
		return callees, vias
	}
	typ := fieldType(key)
	var tests []FieldTest
	for _, ft := range s.Tested {
		if fieldType(ft.Key) == typ && ft.Obj == obj {
			tests = append(tests, ft)
		}
	}
	if len(tests) == 0 {
		return callees, vias
	}
	var cs []*callgraph.Node
	var vs []string
	for i, c := range callees {
		if fc.agrees(key, c, tests) {
			cs = append(cs, c)
			vs = append(vs, vias[i])
		}
	}
	return cs, vs
}

// agrees reports whether some store of fn in the field key gives the
// tested fields values the path's tests allow (or says nothing of them).
func (fc *fctx) agrees(key string, fn *callgraph.Node, tests []FieldTest) bool {
	stores := fc.flow.Graph.Siblings(key, fn)
	if len(stores) == 0 {
		return true
	}
	typ := fieldType(key)
	for _, consts := range stores {
		ok := true
		for _, ft := range tests {
			c, set := consts[ft.Key[len(typ)+1:]]
			if consts == nil || !set || fc.flow.Graph.Assigned(ft.Key) {
				// Not given by the initializer, or changed at run time.
				continue
			}
			if eq, known := siblingEqual(fc.enumConst(c), ft.Const); known && eq == ft.Not {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// siblingEqual compares a value an initializer gives a field (Siblings)
// with the constant a test compares the field with.
func siblingEqual(stored, tested string) (eq, known bool) {
	if stored == callgraph.MethodSet {
		// A function's address is not zero, and is no constant.
		if n, ok := cparse.NumConst(tested); ok && n == "0" {
			return false, true
		}
		return false, false
	}
	return constEqual(stored, tested)
}

// testedEqual records, on a path where x == y holds (x != y, when not),
// that a struct field compared with a constant holds it (nc->type ==
// FOO_CB_RCU).
func (fc *fctx) testedEqual(s *State, x, y cparse.Expr, not bool) *State {
	m, ok := cparse.Unparen(x).(*cparse.Member)
	c := cparse.ConstOf(y)
	if !ok {
		m, ok = cparse.Unparen(y).(*cparse.Member)
		c = cparse.ConstOf(x)
	}
	if !ok || c == "" {
		return s
	}
	key := fc.siblingKey(m)
	if key == "" {
		return s
	}
	t := s.clone()
	t.testField(key, m.X.String(), fc.enumConst(c), not)
	return t
}

// siblingKey returns the FieldKey of a tested member when a test of it
// can narrow a method call (callgraph.Graph.TestsSiblings); "" otherwise,
// so that other tests leave the states as they were.
func (fc *fctx) siblingKey(m *cparse.Member) string {
	key := callgraph.MemberKey(fc.node.Scope, m)
	if key == "" || !fc.flow.Graph.TestsSiblings(fieldType(key)) {
		return ""
	}
	return key
}

// newTests reports whether a branch's test recorded a field test (one not
// yet placed in a graph).
func newTests(states []*State) bool {
	for _, s := range states {
		for _, ft := range s.Tested {
			if ft.cfg == nil {
				return true
			}
		}
	}
	return false
}

// stampTests places the field tests a branch recorded in its graph: they
// hold until its ways meet again at join. A test whose branch does not
// meet again (an early return) holds to the end of the function.
func stampTests(states []*State, g *cparse.CFG, join *cparse.BB) {
	for _, s := range states {
		for i := range s.Tested {
			if s.Tested[i].cfg == nil {
				s.Tested[i].cfg, s.Tested[i].join = g, join
			}
		}
	}
}

// leaveTests drops the field tests whose branches meet again at bb: the
// other way did not test, or found otherwise.
func (s *State) leaveTests(g *cparse.CFG, bb *cparse.BB) *State {
	keep, left := without(s.Tested, func(ft FieldTest) bool { return ft.cfg == g && ft.join == bb })
	if !left {
		return s
	}
	t := s.clone()
	t.Tested = keep
	return t
}
