// SPDX-License-Identifier: MIT

package ctxflow

import (
	"reflect"
	"testing"

	"github.com/kcovlint/kcovlint/cparse"
)

func TestCallStatesRoundTrip(t *testing.T) {
	pos := cparse.Pos{File: "/t/a.c", Line: 12, Col: 3}
	cases := [][]CallState{
		{Neutral()},
		{{Ctx: CtxSet(Softirq), IRQ: Same, BH: 1}},
		{{Ctx: AllCtx, IRQ: SameOrNo, Preempt: -1, Migrate: depthUnknown, RCU: 2, LastRef: true,
			Held: []Held{{Key: "struct foo.lock", Name: "&f->lock", Class: "spinlock", Op: "spin_lock_irqsave", Pos: pos}}},
			{Ctx: CtxSet(Task), IRQ: Yes, Held: []Held{{Key: "a|b;c", Name: "x", Class: "rwlock", Op: "read_lock", Pos: pos, Read: true}}}},
	}
	for _, states := range cases {
		text := EncodeCallStates(states)
		got, err := DecodeCallStates(text, "/t/a.c")
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		want := append([]CallState(nil), states...)
		for i := range want {
			for j := range want[i].Held {
				want[i].Held[j].Key = clean(want[i].Held[j].Key)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %+v\nwant %+v", text, got, want)
		}
	}
	if EncodeCallStates([]CallState{Neutral()}) != "" {
		t.Error("the neutral state is not stored as empty text")
	}
	for _, bad := range []string{"x", "15,s,0,0,0,0", "15,q,0,0,0,0,0", "15,s,9,0,0,0,0", "15,s,0,0,0,0,0|k|n|c|op|1", "99,s,0,0,0,0,0"} {
		if _, err := DecodeCallStates(bad, "f"); err == nil {
			t.Errorf("%q decoded without an error", bad)
		}
	}
}

// A callee that enables IRQs on some ways out only leaves a caller whose
// IRQs were on with IRQs on, and one whose IRQs were off not knowing.
func TestMergeIRQ(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"", "", ""},
		{"", "on", "same-or-on"},
		{"on", "", "same-or-on"},
		{"same-or-on", "on", "same-or-on"},
		{"", "off", "same-or-off"},
		{"on", "off", "unknown"},
		{"same-or-on", "off", "unknown"},
		{"", "save", "unknown"},
		{"restore", "", "unknown"},
	} {
		if got := mergeIRQ(c.a, c.b); got != c.want {
			t.Errorf("mergeIRQ(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
	for _, c := range []struct{ t, v, want Tri }{
		{SameOrNo, No, No}, {SameOrNo, Yes, Unknown}, {SameOrNo, Unknown, Unknown}, {SameOrNo, Same, SameOrNo},
		{SameOrYes, Yes, Yes}, {SameOrYes, No, Unknown}, {Same, Yes, Yes}, {No, Yes, No}, {Restored, No, Unknown},
	} {
		if got := atCall(c.t, c.v); got != c.want {
			t.Errorf("atCall(%v, %v) = %v, want %v", c.t, c.v, got, c.want)
		}
	}
}
