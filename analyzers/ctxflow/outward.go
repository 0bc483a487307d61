// SPDX-License-Identifier: MIT

package ctxflow

// Calls out of a file, and entries from outside the unit.
//
// To know in which contexts a patch's functions run, the analysis needs
// their callers, which live in other files of the tree. Parsing those files
// at every lint costs seconds; instead the tree index (package index)
// keeps, for every call a file makes, the state at the call relative to
// the calling function's entry (CallState): the contexts its predicate
// tests leave, whether IRQs are off, the BH/preemption/migration/RCU
// nesting it added, the locks it holds. A linter then chains those from a
// registration down to a patched function (a Way) and hands the ways to
// the unit (cunit.Unit.External): seedRoots turns each into entries, as
// if the callers' files had been analysed with the unit.

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// Neutral is the state of a call made where the function was entered.
func Neutral() CallState { return CallState{Ctx: AllCtx, IRQ: Same} }

func callStateOf(s *State) CallState {
	c := CallState{Ctx: s.Ctx, IRQ: s.IRQOff, BH: s.BH, Preempt: s.Preempt, Migrate: s.Migrate, RCU: s.RCU, LastRef: s.LastRef}
	if len(s.IRQSaved) > 0 && c.IRQ == Same {
		c.IRQ = Unknown
	}
	seen := map[string]bool{}
	for _, h := range s.Held {
		if h.Entry || seen[h.Key] {
			continue
		}
		seen[h.Key] = true
		h.Scope = nil
		c.Held = append(c.Held, h)
	}
	return c
}

// EncodeCallStates writes the states of one call as the index stores
// them: "" when the only state is the neutral one, else states separated
// by ";", each "ctx,irq,bh,preempt,migrate,rcu,lastref" followed by
// "|key|name|class|op|line|col|read" for each lock held (docs/index.md).
func EncodeCallStates(states []CallState) string {
	if len(states) == 0 || len(states) == 1 && states[0].IsNeutral() {
		return ""
	}
	var b strings.Builder
	for i, c := range states {
		if i > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, "%d,%s,%s,%s,%s,%s,%d", c.Ctx, triCode(c.IRQ), depthCode(c.BH), depthCode(c.Preempt), depthCode(c.Migrate), depthCode(c.RCU), b2i(c.LastRef))
		for _, h := range c.Held {
			read := 0
			if h.Read {
				read = 1
			}
			fmt.Fprintf(&b, "|%s|%s|%s|%s|%d|%d|%d", clean(h.Key), clean(h.Name), clean(h.Class), clean(h.Op), h.Pos.Line, h.Pos.Col, read)
		}
	}
	return b.String()
}

// DecodeCallStates reads EncodeCallStates' text; positions of held locks
// are in file. An empty text is the neutral state.
func DecodeCallStates(text, file string) ([]CallState, error) {
	if text == "" {
		return []CallState{Neutral()}, nil
	}
	var out []CallState
	for _, part := range strings.Split(text, ";") {
		fields := strings.Split(part, "|")
		head := strings.Split(fields[0], ",")
		if len(head) != 7 || (len(fields)-1)%7 != 0 {
			return nil, fmt.Errorf("call state %q: malformed", part)
		}
		var c CallState
		ctx, err := strconv.Atoi(head[0])
		if err != nil || ctx < 0 || ctx > int(AllCtx) {
			return nil, fmt.Errorf("call state %q: bad contexts", part)
		}
		c.Ctx = CtxSet(ctx)
		if c.IRQ, err = triOf(head[1]); err != nil {
			return nil, fmt.Errorf("call state %q: %v", part, err)
		}
		for i, d := range []*depth{&c.BH, &c.Preempt, &c.Migrate, &c.RCU} {
			if *d, err = depthOf(head[2+i]); err != nil {
				return nil, fmt.Errorf("call state %q: %v", part, err)
			}
		}
		c.LastRef = head[6] == "1"
		for k := 1; k+6 < len(fields); k += 7 {
			line, err1 := strconv.Atoi(fields[k+4])
			col, err2 := strconv.Atoi(fields[k+5])
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("call state %q: bad lock position", part)
			}
			c.Held = append(c.Held, Held{Key: fields[k], Name: fields[k+1], Class: fields[k+2], Op: fields[k+3],
				Pos: cparse.Pos{File: file, Line: line, Col: col}, Read: fields[k+6] == "1"})
		}
		out = append(out, c)
	}
	return out, nil
}

func clean(s string) string { return strings.NewReplacer("|", "?", ";", "?").Replace(s) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func triCode(t Tri) string {
	switch t {
	case Same:
		return "s"
	case Yes:
		return "y"
	case No:
		return "n"
	case Restored:
		return "r"
	case SameOrNo:
		return "N"
	case SameOrYes:
		return "Y"
	}
	return "u"
}

func triOf(s string) (Tri, error) {
	switch s {
	case "s":
		return Same, nil
	case "y":
		return Yes, nil
	case "n":
		return No, nil
	case "r":
		return Restored, nil
	case "N":
		return SameOrNo, nil
	case "Y":
		return SameOrYes, nil
	case "u":
		return Unknown, nil
	}
	return Unknown, fmt.Errorf("bad IRQ state %q", s)
}

func depthCode(d depth) string {
	if d == depthUnknown {
		return "u"
	}
	return strconv.Itoa(int(d))
}

func depthOf(s string) (depth, error) {
	if s == "u" {
		return depthUnknown, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < -maxDepth || n > maxDepth {
		return 0, fmt.Errorf("bad nesting %q", s)
	}
	return depth(n), nil
}

// OutKey names a call: the calling function, the callee's name and the
// call's position.
type OutKey struct {
	Caller *cparse.Func
	Callee string
	Pos    cparse.Pos
}

// maxStatesPerCall bounds the states kept for one call; more are joined.
const maxStatesPerCall = 4

// OutwardStates runs every function of the graph from its entry (a
// summary run) and returns, for each call of a function by name that the
// kernel table does not model, the states at the call. rt selects
// PREEMPT_RT's semantics of the locking calls and predicates (semantics
// names the configuration for the table: kapi.NonRT, kapi.RT); the files
// are the graph's, parsed for any configuration (the index parses the
// non-RT one and asks for both semantics). rtSensitive reports whether
// the runs met anything whose meaning PREEMPT_RT changes: when not, the
// states with the other semantics are the same.
func OutwardStates(u *cunit.Unit, g *callgraph.Graph, semantics string, rt bool) (states map[OutKey][]CallState, rtSensitive bool) {
	f := &Flow{Config: semantics, RT: rt, Graph: g, Table: u.Table, Unit: u, Funcs: map[*callgraph.Node]*FuncInfo{}}
	f.outward = map[OutKey][]CallState{}
	f.statesPerBlock = outwardStatesPerBlock
	for _, n := range g.Nodes {
		if f.Table.Noreturn[n.Name()] || n.Fn.Body == nil {
			continue
		}
		f.summaryOf(n)
	}
	return f.outward, f.rtSensitive
}

// outwardStatesPerBlock bounds the states of a block in OutwardStates: the
// index runs every function of the tree twice, and the states at a call
// are kept in maxStatesPerCall at most anyway.
const outwardStatesPerBlock = 8

func (f *Flow) blockStates() int {
	if f.statesPerBlock > 0 {
		return f.statesPerBlock
	}
	return maxStatesPerBlock
}

// usesClass notes a lock class met in a run, for OutwardStates.
func (f *Flow) usesClass(c *kapi.Class) {
	if !f.rtSensitive && !c.SameInRT() {
		f.rtSensitive = true
	}
}

// recordOutward keeps the state of a call in a summary run (OutwardStates).
func (fc *fctx) recordOutward(s *State, c *cparse.Call) {
	t := fc.flow.Table
	if _, ok := t.Locks[c.Name]; ok {
		return
	}
	if _, ok := t.States[c.Name]; ok {
		return
	}
	if _, ok := t.Preds[c.Name]; ok {
		return
	}
	if _, ok := t.PerCPUs[c.Name]; ok {
		return
	}
	if _, ok := t.Asserts[c.Name]; ok {
		return
	}
	k := OutKey{Caller: fc.node.Fn, Callee: c.Name, Pos: c.P}
	cs := callStateOf(s)
	list := fc.flow.outward[k]
	for _, x := range list {
		if x.Equal(cs) {
			return
		}
	}
	if len(list) >= maxStatesPerCall {
		// Too many ways to the call: one state that is true of all.
		j := stateOf(list[0])
		for _, x := range list[1:] {
			j = join(j, stateOf(x))
		}
		j = join(j, s)
		list = []CallState{callStateOf(j)}
	} else {
		list = append(list, cs)
	}
	fc.flow.outward[k] = list
}

// stateOf turns a call state back into a State (for join).
func stateOf(c CallState) *State {
	s := &State{Ctx: c.Ctx, Local: AllCtx, IRQOff: c.IRQ, BH: c.BH, Preempt: c.Preempt, Migrate: c.Migrate, RCU: c.RCU, LastRef: c.LastRef}
	s.Held = append(s.Held, c.Held...)
	return s
}

// maxWayStates bounds the states followed down one way.
const maxWayStates = 8

// seedExternal adds the entries of the ways into the unit's functions.
func (f *Flow) seedExternal(n *callgraph.Node, ways []Way) {
	for _, w := range ways {
		var starts []*State
		assumed := w.Ctx == ""
		if assumed {
			for _, c := range (w.Declared | CtxSet(Task)).Kinds() {
				st := f.entryState(c.String())
				st.Assumed = true
				starts = append(starts, st)
			}
		} else {
			ctx := w.Ctx
			if f.RT && w.RTCtx != "" {
				ctx = w.RTCtx
			}
			if st := f.entryState(ctx); st != nil {
				starts = append(starts, st)
			}
		}
		states := starts
		for _, h := range w.Hops {
			cs := h.NonRT
			if f.RT {
				cs = h.RT
			}
			if len(cs) == 0 {
				cs = []CallState{Neutral()}
			}
			var next []*State
			for _, s := range states {
				for _, c := range cs {
					if t := compose(s, c); t != nil && len(next) < maxWayStates {
						next = append(next, t)
					}
				}
			}
			states = next
		}
		chain := make([]Link, 0, len(w.Hops)+1)
		for _, h := range w.Hops {
			chain = append(chain, Link{Func: h.Func, Pos: h.Pos, Call: h.Call})
		}
		chain = append(chain, Link{Func: n.Name(), Pos: n.Fn.Pos})
		for _, s := range states {
			for _, k := range s.Ctx.Kinds() {
				ent := projectEntry(s, k)
				f.addEntry(&Entry{Node: n, Ctx: k, State: ent, Chain: chain, Root: w.Root, Assumed: assumed, Declared: assumed && w.Declared != 0, Many: w.Many})
			}
		}
	}
}

// compose is the state at a call made in state c (relative to its
// function's entry) by a function entered in s; nil when the call cannot
// happen in s (the function's tests rule out every context of s).
func compose(s *State, c CallState) *State {
	t := s.clone()
	t.Ctx = s.Ctx & c.Ctx
	if t.Ctx == 0 {
		return nil
	}
	t.IRQOff = atCall(c.IRQ, s.IRQOff)
	t.BH = addDepth(s.BH, c.BH, false)
	t.Preempt = addDepth(s.Preempt, c.Preempt, false)
	t.Migrate = addDepth(s.Migrate, c.Migrate, false)
	t.RCU = addDepth(s.RCU, c.RCU, false)
	for _, h := range c.Held {
		t.acquire(h)
	}
	t.LastRef = s.LastRef || c.LastRef
	return t
}

// external returns the ways of the unit, if it has any.
func (f *Flow) external() Ways {
	if f.Unit == nil {
		return nil
	}
	return f.Unit.External
}

// sortedWayNames lists the functions with ways, for a stable order.
func sortedWayNames(w Ways) []string {
	out := make([]string, 0, len(w))
	for n := range w {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
