// SPDX-License-Identifier: MIT

package ctxflow

import (
	"fmt"
	"testing"
)

// An ops table passed to a dispatcher by many callers keeps its object
// past the entry bounds: entries told apart by constants have a bound of
// eight, and past it the table's entries (however many callers with
// other facts reach it, as the PCM core's ioctl, compat ioctl and kernel
// ioctl paths do) still call only that table's method; only the facts
// other than the table are forgotten.
func TestOpsTableKeptPastBounds(t *testing.T) {
	const src = `struct stream;
struct action_ops { int (*do_action)(struct stream *s, int state); };

int run_action(const struct action_ops *ops, struct stream *s, int state, int *other)
{
	if (other)
		return 0;
	return ops->do_action(s, state);
}
`
	f := flowOf(t, src)
	n := f.Graph.Lookup("run_action")[0]
	entry := func(ops string, state string, facts int) *Entry {
		s := &State{Ctx: AllCtx, Local: AllCtx, IRQOff: No}
		s.setVar("ops", Val{Null: No, Obj: ops, ObjName: "&" + ops})
		s.setVar("state", Val{Null: Unknown, Const: state})
		// Facts of other variables that tell the entries apart.
		for i := 0; i < facts; i++ {
			s.setVar(fmt.Sprintf("field:struct x.f%d", i), Val{Null: No})
		}
		s.setVar("other", Val{Null: Tri(facts % 3)})
		return &Entry{Node: n, Ctx: Task, State: s, Chain: []Link{{Func: "caller"}, {Func: "run_action"}}}
	}
	// Eight entries told apart by constants fill that bound.
	for i := 0; i < maxConstEntries; i++ {
		f.addEntry(entry("prepare_ops", fmt.Sprint(i), 0))
	}
	// Then many callers pass stop_ops, each knowing something else.
	for i := 0; i < 3*maxObjSigs; i++ {
		f.addEntry(entry("stop_ops", fmt.Sprint(100+i), i))
	}
	seen := 0
	for _, e := range f.info(n).Entries {
		if e.State.Vars.val("state").Const != "" {
			continue // the constants' own entries
		}
		seen++
		if got := e.State.Vars.val("ops").Obj; got != "stop_ops" {
			t.Errorf("entry %d past the bounds points ops to %q, want stop_ops", seen, got)
		}
	}
	if seen == 0 {
		t.Fatal("no entry past the constants' bound")
	}
}
