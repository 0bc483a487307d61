// SPDX-License-Identifier: MIT

package ctxflow

import (
	"fmt"
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
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
		return dispatchEntry(n, ops, state, facts, nil)
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

// Past the same bounds, an entry that stands for many callers of one ops
// table still knows whether a mode parameter is zero (fresh set 15: the
// PCM core's group action, called with stream_lock = false from its
// non-atomic path, took the spinlock arm once the callers' other facts
// had filled the table's entries). A pointer's NULL test is still
// forgotten there.
func TestModeKeptPastBounds(t *testing.T) {
	const src = `struct stream;
struct action_ops { int (*do_action)(struct stream *s, int state); };

int run_group(const struct action_ops *ops, struct stream *s, int state, bool stream_lock, int *other)
{
	if (other)
		return 0;
	if (!stream_lock)
		return ops->do_action(s, state);
	return ops->do_action(s, state + 1);
}
`
	f := flowOf(t, src)
	n := f.Graph.Lookup("run_group")[0]
	entry := func(ops string, state string, facts int) *Entry {
		return dispatchEntry(n, ops, state, facts, map[string]Val{"stream_lock": {Null: Yes}})
	}
	for i := 0; i < maxConstEntries; i++ {
		f.addEntry(entry("prepare_ops", fmt.Sprint(i), 0))
	}
	for i := 0; i < 3*maxObjSigs; i++ {
		f.addEntry(entry("stop_ops", fmt.Sprint(100+i), i))
	}
	general := 0
	for _, e := range f.info(n).Entries {
		if e.State.Vars.val("state").Const != "" {
			continue
		}
		if got := e.State.Vars.val("stream_lock").Null; got != Yes {
			t.Errorf("entry past the bounds: stream_lock is %v, want known zero (Yes)", got)
		}
		if _, ok := e.State.Vars.get("field:struct x.f0"); !ok {
			general++
			if got := e.State.Vars.val("other").Null; got != Unknown {
				t.Errorf("general entry keeps the pointer test of other (%v)", got)
			}
		}
	}
	if general == 0 {
		t.Fatal("no general entry past the bounds")
	}
}

// dispatchEntry is a task entry of a dispatcher n whose ops parameter
// points to the table ops and whose state parameter is the constant
// state, with vars set too and facts more facts of other variables that
// tell the entries apart (and a NULL test of other that varies with them).
func dispatchEntry(n *callgraph.Node, ops, state string, facts int, vars map[string]Val) *Entry {
	s := &State{Ctx: AllCtx, Local: AllCtx, IRQOff: No}
	s.setVar("ops", Val{Null: No, Obj: ops, ObjName: "&" + ops})
	s.setVar("state", Val{Null: Unknown, Const: state})
	for name, v := range vars {
		s.setVar(name, v)
	}
	for i := 0; i < facts; i++ {
		s.setVar(fmt.Sprintf("field:struct x.f%d", i), Val{Null: No})
	}
	s.setVar("other", Val{Null: Tri(facts % 3)})
	return &Entry{Node: n, Ctx: Task, State: s, Chain: []Link{{Func: "caller"}, {Func: n.Name()}}}
}
