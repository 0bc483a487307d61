// SPDX-License-Identifier: MIT

package ctxmodel

import "testing"

func TestDepth(t *testing.T) {
	d := Depth(0)
	for range MaxDepth + 2 {
		d = d.Inc()
	}
	if d != MaxDepth || !d.Positive() {
		t.Errorf("Inc past the bound: %d, want %d", d, MaxDepth)
	}
	if got := Depth(0).Dec(false); !got.Zero() {
		t.Errorf("an absolute count stays at zero: %d", got)
	}
	if got := Depth(0).Dec(true); got != -1 {
		t.Errorf("a relative count goes negative: %d", got)
	}
	if got := DepthUnknown.Inc().Dec(true); !got.Unknown() {
		t.Errorf("unknown stays unknown: %d", got)
	}
}

func TestCallState(t *testing.T) {
	n := CallState{Ctx: AllCtx, IRQ: Same}
	if !n.IsNeutral() {
		t.Error("the entry state is not neutral")
	}
	h := n
	h.Held = []Held{{Key: "struct foo.lock", Class: "spinlock"}}
	if h.IsNeutral() || h.Equal(n) || !h.Equal(CallState{Ctx: AllCtx, IRQ: Same, Held: []Held{{Key: "struct foo.lock", Class: "spinlock"}}}) {
		t.Error("a held lock is not told apart")
	}
	if got := CtxSet(Task | Hardirq).String(); got != "task|hardirq" {
		t.Errorf("CtxSet.String() = %q", got)
	}
}
