// SPDX-License-Identifier: MIT

package ctxflow

import (
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

// FieldTest is a struct field a path's test found equal to a constant.
type FieldTest struct {
	// Key is the field (callgraph.FieldKey: "struct nfnl_callback.type").
	Key   string
	Const string
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
	key := ""
	if m, ok := cparse.Unparen(bb.Switch).(*cparse.Member); ok {
		key = fc.siblingKey(m)
	}
	labels := map[*cparse.BB]int{}
	for _, succ := range bb.Succs {
		labels[succ]++
	}
	for i, succ := range bb.Succs {
		c := ""
		if key != "" && i < len(bb.Cases) && bb.Cases[i] != nil && labels[succ] == 1 &&
			(i >= len(bb.CaseHi) || bb.CaseHi[i] == nil) {
			c = constOf(bb.Cases[i])
		}
		if c == "" {
			out = append(out, caseState{succ, s})
			continue
		}
		t := s.clone()
		t.testField(key, c)
		out = append(out, caseState{succ, t})
	}
	return out
}

// testField records that a field holds a constant on the path.
func (s *State) testField(key, c string) {
	for i, ft := range s.Tested {
		if ft.Key == key {
			s.Tested[i].Const = c
			return
		}
	}
	if len(s.Tested) < maxFieldTests {
		s.Tested = append(s.Tested, FieldTest{Key: key, Const: c})
	}
}

// bySiblings narrows a call through the field key to the callees whose
// initializers agree with the path's tests of the struct's other fields.
func (fc *fctx) bySiblings(s *State, key string, callees []*callgraph.Node, vias []string) ([]*callgraph.Node, []string) {
	if len(s.Tested) == 0 {
		return callees, vias
	}
	typ := fieldType(key)
	var tests []FieldTest
	for _, ft := range s.Tested {
		if fieldType(ft.Key) == typ {
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
// tested fields the constants the path found (or says nothing of them).
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
			if consts == nil || !set {
				continue
			}
			if eq, known := constEqual(numOrName(c), ft.Const); known && !eq {
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

// numOrName is a constant's text as constOf gives it: numbers in decimal.
func numOrName(c string) string {
	if n, ok := numConst(c); ok {
		return n
	}
	return c
}

// testedEqual records, on a path where x == y holds, that a struct field
// compared with a constant holds it (nc->type == FOO_CB_RCU).
func (fc *fctx) testedEqual(s *State, x, y cparse.Expr) *State {
	m, ok := cparse.Unparen(x).(*cparse.Member)
	c := constOf(y)
	if !ok {
		m, ok = cparse.Unparen(y).(*cparse.Member)
		c = constOf(x)
	}
	if !ok || c == "" {
		return s
	}
	key := fc.siblingKey(m)
	if key == "" {
		return s
	}
	t := s.clone()
	t.testField(key, c)
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
