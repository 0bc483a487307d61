// SPDX-License-Identifier: MIT

package cparse

import "testing"

// A switch block lists each successor's case value, and the upper end of
// a GNU case range, so that an analysis deciding the switch on a constant
// can tell a range from a single value; the implicit no-match edge has
// neither.
func TestCFGSwitchCases(t *testing.T) {
	const src = `
int pick(int mode)
{
	switch (mode) {
	case MODE_A:
		return 1;
	case 2 ... 5:
		return 2;
	}
	return 0;
}
`
	f := ParseSource("pick.c", []byte(src), Options{})
	if len(f.Funcs) != 1 {
		t.Fatalf("functions: %d, failures %v", len(f.Funcs), f.Failures)
	}
	var sw *BB
	for _, bb := range f.Funcs[0].CFG().Blocks {
		if bb.Switch != nil {
			sw = bb
		}
	}
	if sw == nil {
		t.Fatal("no switch block")
	}
	if len(sw.Cases) != 3 || len(sw.CaseHi) != 3 || len(sw.Succs) != 3 {
		t.Fatalf("cases %d, highs %d, successors %d; want 3 each", len(sw.Cases), len(sw.CaseHi), len(sw.Succs))
	}
	if id, ok := sw.Cases[0].(*Ident); !ok || id.Name != "MODE_A" || sw.CaseHi[0] != nil {
		t.Errorf("first case: %v ... %v", sw.Cases[0], sw.CaseHi[0])
	}
	if sw.Cases[1] == nil || sw.CaseHi[1] == nil {
		t.Errorf("range case: %v ... %v", sw.Cases[1], sw.CaseHi[1])
	}
	if sw.Cases[2] != nil || sw.CaseHi[2] != nil {
		t.Errorf("no-match edge: %v ... %v", sw.Cases[2], sw.CaseHi[2])
	}
}
