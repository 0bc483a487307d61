// SPDX-License-Identifier: MIT

package ctxflow

import (
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
)

// Summary is what a call to a function does to its caller's state, measured
// by running the function from a neutral state.
type Summary struct {
	// IRQ is "" (unchanged), "off", "on", "save" (off, the caller's state
	// saved), "restore" (back to the state the caller saved) or "unknown".
	IRQ                       string
	BH, Preempt, Migrate, RCU depth
	// Acquires are locks held on every return that the function took;
	// Releases are locks it released without taking them.
	Acquires []Held
	Releases []Held
	// MayNull: some path returns NULL explicitly (or a value from a
	// function that may return NULL).
	MayNull bool
	// NoReturn: no path returns.
	NoReturn bool
	// Formula is set for helpers whose body is `return <predicates>;`.
	Formula cparse.Expr
	// StoresParam: the function stores that parameter into memory that
	// outlives the call (obj->field = param).
	StoresParam map[int]bool
	// Sleeps are calls that may sleep, directly or in callees.
	Sleeps []sleepEffect
	// Oops: every way out has raised oops_in_progress (State.Oops): an
	// architecture's oops_begin() around bust_spinlocks(1).
	Oops bool
	// OnNull and OnNonNull, when set, are the nesting effects of the
	// paths returning NULL and those returning a valid pointer, where they
	// differ: ring_buffer_lock_reserve() returns an event with preemption
	// disabled, or NULL with nothing changed.
	OnNull, OnNonNull *nesting

	computing bool
}

// nesting is a set of depth effects.
type nesting struct{ BH, Preempt, Migrate, RCU depth }

func nestingOf(x *State) nesting { return nesting{x.BH, x.Preempt, x.Migrate, x.RCU} }

func (a nesting) agree(b nesting) nesting {
	return nesting{agree(a.BH, b.BH), agree(a.Preempt, b.Preempt), agree(a.Migrate, b.Migrate), agree(a.RCU, b.RCU)}
}

// splitByResult sets OnNull and OnNonNull when every way out returns a
// pointer known to be NULL or not, and the two kinds differ in nesting.
func (sum *Summary) splitByResult(exits []*State) {
	var null, nonNull *nesting
	for _, x := range exits {
		n := nestingOf(x)
		switch x.RetNull {
		case Yes:
			if null == nil {
				null = &n
			} else {
				*null = null.agree(n)
			}
		case No:
			if nonNull == nil {
				nonNull = &n
			} else {
				*nonNull = nonNull.agree(n)
			}
		default:
			return
		}
	}
	if null != nil && nonNull != nil && *null != *nonNull {
		a, b := null.settle(), nonNull.settle()
		sum.OnNull, sum.OnNonNull = &a, &b
	}
}

func (f *Flow) summaryOf(n *callgraph.Node) *Summary {
	if f.summaries == nil {
		f.summaries = map[*callgraph.Node]*Summary{}
	}
	if s, ok := f.summaries[n]; ok {
		if s.computing {
			return nil
		}
		return s
	}
	sum := &Summary{computing: true}
	f.summaries[n] = sum
	sum.Formula = predicateFormula(f, n.Fn)
	sum.StoresParam = storedParams(n.Fn)
	fc := &fctx{flow: f, node: n, summary: true}
	start := &State{Ctx: AllCtx, Local: AllCtx, IRQOff: Same}
	fc.exec(start)
	exits := fc.exits
	if len(exits) == 0 {
		sum.NoReturn = fc.steps <= maxStepsPerRun && hasNoReturnCall(f, n.Fn)
	}
	for i, x := range exits {
		irq := "unknown"
		switch {
		case x.IRQOff == Same && len(x.IRQSaved) == 0:
			irq = ""
		case x.IRQOff == Restored && len(x.IRQSaved) == 0:
			irq = "restore"
		case x.IRQOff == SameOrNo && len(x.IRQSaved) == 0:
			irq = "same-or-on"
		case x.IRQOff == SameOrYes && len(x.IRQSaved) == 0:
			irq = "same-or-off"
		case x.IRQOff == Yes && len(x.IRQSaved) == 1 && x.IRQSaved[0] == Same:
			irq = "save"
		case x.IRQOff == Yes:
			irq = "off"
		case x.IRQOff == No:
			irq = "on"
		}
		if i == 0 {
			sum.IRQ = irq
			sum.BH, sum.Preempt, sum.Migrate, sum.RCU = x.BH, x.Preempt, x.Migrate, x.RCU
			continue
		}
		sum.IRQ = mergeIRQ(sum.IRQ, irq)
		sum.BH = agree(sum.BH, x.BH)
		sum.Preempt = agree(sum.Preempt, x.Preempt)
		sum.Migrate = agree(sum.Migrate, x.Migrate)
		sum.RCU = agree(sum.RCU, x.RCU)
	}
	sum.Oops = len(exits) > 0
	for _, x := range exits {
		sum.Oops = sum.Oops && x.Oops
	}
	sum.Acquires = commonHolds(exits)
	sum.BH, sum.Preempt, sum.Migrate, sum.RCU = settle(sum.BH), settle(sum.Preempt), settle(sum.Migrate), settle(sum.RCU)
	for _, h := range fc.released {
		sum.Releases = append(sum.Releases, h)
	}
	sort.Slice(sum.Releases, func(i, j int) bool {
		a, b := sum.Releases[i], sum.Releases[j]
		return a.Key < b.Key || a.Key == b.Key && a.Name < b.Name
	})
	for _, v := range fc.returns {
		if v.Null == Yes || v.MayNull {
			sum.MayNull = true
		}
	}
	sum.Sleeps = fc.sleeps
	if sum.MayNull && !sum.NoReturn {
		sum.splitByResult(exits)
	}
	sum.computing = false
	return sum
}

// commonHolds returns the locks a function took that every way out of it
// still holds, counted: locks of one class are told apart only by count
// (their key is the struct field), so a path holding two of a key and
// another holding one acquire one. Of a key's holds, those named the
// same on every way out are chosen first, so that a lock helper taking
// send_cq's lock alone on one path and with recv_cq's on another is
// summarised as taking send_cq's, which its unlock twin releases.
func commonHolds(exits []*State) []Held {
	if len(exits) == 0 {
		return nil
	}
	count := func(x *State, key string) int {
		n := 0
		for _, h := range x.Held {
			if h.Key == key {
				n++
			}
		}
		return n
	}
	named := func(x *State, key, name string) bool {
		for _, h := range x.Held {
			if h.Key == key && h.Name == name {
				return true
			}
		}
		return false
	}
	first := exits[0]
	var out []Held
	done := map[string]bool{}
	for _, h := range first.Held {
		if h.Entry || h.Scope != nil || done[h.Key] {
			continue
		}
		done[h.Key] = true
		var mine []Held
		for _, g := range first.Held {
			if g.Key == h.Key && !g.Entry && g.Scope == nil {
				mine = append(mine, g)
			}
		}
		n := len(mine)
		for _, x := range exits[1:] {
			n = min(n, count(x, h.Key))
		}
		if n == 0 {
			continue
		}
		// Those named alike everywhere first, then the rest in order.
		sort.SliceStable(mine, func(i, j int) bool {
			ai, aj := true, true
			for _, x := range exits[1:] {
				ai = ai && named(x, mine[i].Key, mine[i].Name)
				aj = aj && named(x, mine[j].Key, mine[j].Name)
			}
			return ai && !aj
		})
		out = append(out, mine[:n]...)
	}
	return out
}

// mergeIRQ merges the IRQ effects of two ways out of a function: one that
// leaves the state alone and one that turns IRQs on is "same-or-on" (on
// for a caller whose IRQs were on).
func mergeIRQ(a, b string) string {
	if a == b {
		return a
	}
	tri := func(s string) (Tri, bool) {
		switch s {
		case "":
			return Same, true
		case "on":
			return No, true
		case "off":
			return Yes, true
		case "same-or-on":
			return SameOrNo, true
		case "same-or-off":
			return SameOrYes, true
		}
		return Unknown, false
	}
	x, ok1 := tri(a)
	y, ok2 := tri(b)
	if ok1 && ok2 {
		switch joinTri(x, y) {
		case SameOrNo:
			return "same-or-on"
		case SameOrYes:
			return "same-or-off"
		}
	}
	return "unknown"
}

// agree merges the nesting effects of two ways out of a function. When
// both disable (or leave alone), the smaller one: an error path that
// returns before its release would otherwise leave callers atomic forever.
// When a way out enables more than it disabled (a loop of releases, whose
// count the analysis does not know) and another does not, the effect is
// a conflict: taking the smallest would make callers preemptible after
// code that is not. A conflict absorbs the other ways out; settle turns
// it into depthUnknown once all are merged. (depthUnknown itself, from a
// way out the analysis lost track on, leaves the others' effect.)
func agree(a, b depth) depth {
	if a == b {
		return a
	}
	if a == depthConflict || b == depthConflict {
		return depthConflict
	}
	if a == depthUnknown {
		return b
	}
	if b == depthUnknown {
		return a
	}
	if a < 0 || b < 0 {
		return depthConflict
	}
	return min(a, b)
}

// depthConflict marks ways out that disagree, while agree runs.
const depthConflict = depth(-101)

func settle(d depth) depth {
	if d == depthConflict {
		return depthUnknown
	}
	return d
}

func (n nesting) settle() nesting {
	return nesting{settle(n.BH), settle(n.Preempt), settle(n.Migrate), settle(n.RCU)}
}

func hasNoReturnCall(f *Flow, fn *cparse.Func) bool {
	found := false
	callgraph.WalkStmt(fn.Body, func(e cparse.Expr) {
		if c, ok := e.(*cparse.Call); ok && f.Table.Noreturn[c.Name] {
			found = true
		}
	})
	return found
}

// predicateFormula returns X when the function's body is `return X;` and X
// is made of context predicates, !, && and ||.
func predicateFormula(f *Flow, fn *cparse.Func) cparse.Expr {
	if fn.Body == nil || len(fn.Body.Stmts) != 1 || len(fn.Params) > 0 {
		return nil
	}
	r, ok := fn.Body.Stmts[0].(*cparse.ReturnStmt)
	if !ok || r.X == nil {
		return nil
	}
	var ok2 func(e cparse.Expr) bool
	ok2 = func(e cparse.Expr) bool {
		switch x := cparse.Unparen(e).(type) {
		case *cparse.Unary:
			return x.Op == "!" && ok2(x.X)
		case *cparse.Binary:
			return (x.Op == "&&" || x.Op == "||") && ok2(x.X) && ok2(x.Y)
		case *cparse.Call:
			if _, isPred := f.Table.Preds[x.Name]; isPred {
				return true
			}
			if n := f.Graph.Lookup(x.Name); len(n) > 0 && n[0].Fn != fn {
				return predicateFormula(f, n[0].Fn) != nil
			}
		}
		return false
	}
	if ok2(r.X) {
		return r.X
	}
	return nil
}

// storedParams finds parameters the function stores into longer-lived
// memory: p->field = param.
func storedParams(fn *cparse.Func) map[int]bool {
	idx := map[string]int{}
	for i, p := range fn.Params {
		idx[p.Name] = i
	}
	var out map[int]bool
	callgraph.WalkStmt(fn.Body, func(e cparse.Expr) {
		a, ok := e.(*cparse.Assign)
		if !ok || a.Op != "=" {
			return
		}
		m, ok := cparse.Unparen(a.L).(*cparse.Member)
		if !ok || !m.Arrow {
			return
		}
		id, ok := cparse.Unparen(a.R).(*cparse.Ident)
		if !ok {
			return
		}
		if i, ok := idx[id.Name]; ok {
			if out == nil {
				out = map[int]bool{}
			}
			out[i] = true
		}
	})
	return out
}

// callDefined handles a call to a function of the unit: the callee is
// entered with this state (recorded for the rules) and the caller goes on
// with the callee's summary applied.
func (fc *fctx) callDefined(s *State, c *cparse.Call, callee *callgraph.Node, args []Val) []res {
	fc.enter(s, c, callee, args, "")
	sum := fc.flow.summaryOf(callee)
	if sum == nil {
		return one(s, Val{Null: Unknown})
	}
	return fc.applySummary(s, c, callee, args, sum, false)
}

// enter gives the callee of a call the entries of the caller's state (the
// chain's last link says via what, for calls through a pointer).
func (fc *fctx) enter(s *State, c *cparse.Call, callee *callgraph.Node, args []Val, via string) {
	f := fc.flow
	if !fc.recording() {
		return
	}
	for _, k := range s.Ctx.Kinds() {
		ent := projectEntry(s, k)
		ent.Decisions = fc.guardingDecisions(s, c)
		constParams(ent, callee.Fn, c.Args, args, f.decidingParams(callee))
		fc.bindParams(s, ent, callee.Fn, c.Args, args, f.instanceParams(callee))
		f.callbackParams(ent, callee, args)
		owners := f.ownerSig(callee, fc.entry.Chain, fc.entry.Origin)
		if f.knownEntry(callee, k, ent, owners) {
			continue
		}
		chain := append([]Link(nil), fc.entry.Chain...)
		chain[len(chain)-1].Call = c.P
		chain = append(chain, Link{Func: callee.Name(), Pos: callee.Fn.Pos, Via: via})
		f.addEntry(&Entry{Node: callee, Ctx: k, State: ent, Chain: chain, Root: fc.entry.Root, Assumed: fc.entry.Assumed || s.Assumed, Declared: fc.entry.Declared, MayPin: fc.entry.MayPin, Many: fc.entry.Many, Owners: owners, Origin: fc.entry.Origin, Emergency: fc.entry.Emergency})
	}
}

// callIndirect handles a call through a function pointer to functions of
// the unit: the functions stored in the struct field called, or the one
// a parameter or variable holds on this path. Each is entered with the
// caller's state; the caller goes on with their summary when they all
// agree on it, else with its state as it was (an unknown callee's).
func (fc *fctx) callIndirect(s *State, c *cparse.Call, callees []*callgraph.Node, vias []string, args []Val) []res {
	s = s.clone()
	var sum *Summary
	var first *callgraph.Node
	agree := true
	for i, callee := range callees {
		if callee.Fn == fc.node.Fn {
			continue
		}
		fc.enter(s, c, callee, args, vias[i])
		if !agree {
			continue
		}
		x := fc.flow.summaryOf(callee)
		switch {
		case x == nil:
			agree = false
		case sum == nil:
			sum, first = x, callee
		case !sameEffects(sum, x):
			agree = false
		}
	}
	if !agree || sum == nil {
		return one(s, Val{Null: Unknown})
	}
	return fc.applySummary(s, c, first, args, sum, true)
}

// sameEffects reports whether two summaries do the same to a caller's
// state: IRQs, nesting, locks, whether they return.
func sameEffects(a, b *Summary) bool {
	if a.IRQ != b.IRQ || a.BH != b.BH || a.Preempt != b.Preempt || a.Migrate != b.Migrate || a.RCU != b.RCU || a.Oops != b.Oops ||
		a.NoReturn != b.NoReturn || (a.OnNull == nil) != (b.OnNull == nil) || (a.OnNonNull == nil) != (b.OnNonNull == nil) {
		return false
	}
	if a.OnNull != nil && (*a.OnNull != *b.OnNull || *a.OnNonNull != *b.OnNonNull) {
		return false
	}
	keys := func(hs []Held) string {
		var ks []string
		for _, h := range hs {
			ks = append(ks, h.Key+"/"+h.Class)
		}
		sort.Strings(ks)
		return strings.Join(ks, "|")
	}
	return keys(a.Acquires) == keys(b.Acquires) && keys(a.Releases) == keys(b.Releases)
}

// applySummary goes on after a call with the callee's summary applied.
//
// The sleeps of a callee through a pointer (indirect) are not the call's:
// which of the functions stored in a field this call reaches is not known.
func (fc *fctx) applySummary(s *State, c *cparse.Call, callee *callgraph.Node, args []Val, sum *Summary, indirect bool) []res {
	if fc.recording() && sum.StoresParam != nil {
		for i, v := range args {
			if sum.StoresParam[i] && (v.FromPerCPU != "" || v.PerCPU != "") {
				from := v.FromPerCPU
				if from == "" {
					from = v.PerCPU
				}
				obj, field := splitObj(from)
				fc.percpuRecord(s, c.P, c, obj, field, "escape", callee.Name(), false)
			}
		}
	}
	if fc.summary && !indirect {
		for _, sl := range sum.Sleeps {
			fc.addSleep(sleepEffect{name: sl.name, why: sl.why, kind: sl.kind, bug: sl.bug, via: append([]string{callee.Name()}, sl.via...)})
		}
	}
	if sum.NoReturn {
		s.Dead = true
		return one(s, nonNull)
	}
	if sum.Oops {
		s.Oops = true
	}
	switch sum.IRQ {
	case "off":
		s.IRQOff = Yes
	case "on":
		s.IRQOff = No
	case "save":
		fc.irqSave(s, "")
	case "restore":
		fc.irqRestore(s, "")
	case "same-or-on":
		s.IRQOff = atCall(SameOrNo, s.IRQOff)
	case "same-or-off":
		s.IRQOff = atCall(SameOrYes, s.IRQOff)
	case "unknown":
		s.IRQOff = Unknown
	}
	if sum.OnNonNull != nil {
		// Two outcomes: NULL with one nesting, a pointer with another.
		t := s.clone()
		fc.applyNesting(s, *sum.OnNull)
		fc.applyNesting(t, *sum.OnNonNull)
		a := fc.applyLocks(s, c, callee, sum)
		b := fc.applyLocks(t, c, callee, sum)
		return []res{{a, Val{Null: Yes}}, {b, nonNull}}
	}
	fc.applyNesting(s, nesting{sum.BH, sum.Preempt, sum.Migrate, sum.RCU})
	s = fc.applyLocks(s, c, callee, sum)
	if sum.MayNull {
		return one(s, Val{Null: Unknown, MayNull: true})
	}
	if callee.Fn.ReturnsPointer() {
		// A pointer is NULL only where a function says so.
		return one(s, nonNull)
	}
	return one(s, Val{Null: Unknown})
}

// applyNesting adds a callee's nesting effects to s.
func (fc *fctx) applyNesting(s *State, n nesting) {
	s.BH = addDepth(s.BH, n.BH, fc.summary)
	s.Preempt = addDepth(s.Preempt, n.Preempt, fc.summary)
	s.Migrate = addDepth(s.Migrate, n.Migrate, fc.summary)
	s.RCU = addDepth(s.RCU, n.RCU, fc.summary)
}

// applyLocks applies a callee's lock effects to s.
func (fc *fctx) applyLocks(s *State, c *cparse.Call, callee *callgraph.Node, sum *Summary) *State {
	for _, h := range sum.Releases {
		h = fc.callerLock(s, h, c, callee)
		if g, ok := s.releaseAlias(h.Key, h.Class); ok && !(g.Entry && fc.summary) {
			h.Key = g.Key
		} else if fc.summary {
			if fc.released == nil {
				fc.released = map[string]Held{}
			}
			fc.released[releasedKey(h)] = h
		}
		s.popProt("lock", h.Key)
	}
	for _, h := range sum.Acquires {
		if a := fc.callerArg(h, c, callee); a != nil && fc.indexedLock(a) {
			// A helper taking one of an array of locks the caller
			// indexes (nf_conntrack_lock(&locks[h])): untracked, as
			// when the caller takes it itself (indexedLock), so that
			// its direct release matches.
			fc.loseHold(s, h.Class)
			continue
		}
		h = fc.callerLock(s, h, c, callee)
		h.Entry = false
		s.acquire(h)
		s.pushProt(Prot{Kind: "lock", Key: h.Key, Pos: c.P, Class: h.Class})
	}
	return s
}

// callerArg returns the caller's argument a lock a callee took through
// one of its parameters is (callerLock), nil for other locks.
func (fc *fctx) callerArg(h Held, c *cparse.Call, callee *callgraph.Node) cparse.Expr {
	param, path := h.Param, h.Path
	if param == "" {
		prefix := callee.Name() + ":"
		if !strings.HasPrefix(h.Key, prefix) {
			return nil
		}
		param, path = strings.TrimPrefix(h.Key, prefix), ""
	}
	for i, p := range callee.Fn.Params {
		if p.Name == param && i < len(c.Args) {
			if path != "" {
				return memberPath(c.Args[i], path)
			}
			return c.Args[i]
		}
	}
	return nil
}

// loseHold makes the nesting a hold of the lock class added unknown: how
// many of an array of locks are held is not counted.
func (fc *fctx) loseHold(s *State, class string) {
	cl := fc.flow.Table.Classes[class]
	if cl == nil {
		return
	}
	cfg := fc.flow.Model()
	if cl.DisablesPreemption(cfg) {
		s.Preempt = depthUnknown
	}
	if cl.DisablesMigration(cfg) && !cl.DisablesPreemption(cfg) {
		s.Migrate = depthUnknown
	}
	if cl.HoldsRCU(cfg) {
		s.RCU = depthUnknown
	}
}

// callerLock names a lock a callee took or released through one of its
// parameters (Held.Param, or key "callee:param") by the caller's argument,
// so that lk(&x) and ulk(&x) take and release the same lock, and a helper
// locking &queue->lock called with &chan->data_q takes chan's queue lock.
func (fc *fctx) callerLock(s *State, h Held, c *cparse.Call, callee *callgraph.Node) Held {
	if h.Param != "" {
		for i, p := range callee.Fn.Params {
			if p.Name != h.Param || i >= len(c.Args) {
				continue
			}
			e := c.Args[i]
			if h.Path != "" {
				e = memberPath(e, h.Path)
			}
			if e == nil {
				break
			}
			r := fc.lockName(s, e)
			h.Key, h.Name, h.Param, h.Path = r.Key, r.Name, r.Param, r.Path
			return h
		}
	}
	prefix := callee.Name() + ":"
	if !strings.HasPrefix(h.Key, prefix) {
		return h
	}
	param := strings.TrimPrefix(h.Key, prefix)
	for i, p := range callee.Fn.Params {
		if p.Name == param && i < len(c.Args) {
			r := fc.lockName(s, c.Args[i])
			h.Key, h.Name, h.Param, h.Path = r.Key, r.Name, r.Param, r.Path
			return h
		}
	}
	return h
}

func splitObj(s string) (string, string) {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

func addDepth(d, delta depth, relative bool) depth {
	if delta == depthUnknown {
		return depthUnknown
	}
	for ; delta > 0; delta-- {
		d = d.Inc()
	}
	for ; delta < 0; delta++ {
		d = d.Dec(relative)
	}
	return d
}

// projectEntry is the callee's entry state for one context of the caller's.
func projectEntry(s *State, k Ctx) *State {
	t := &State{Ctx: CtxSet(k), Local: AllCtx, IRQOff: s.IRQOff, BH: s.BH, Preempt: s.Preempt, Migrate: s.Migrate, RCU: s.RCU, Assumed: s.Assumed, LastRef: s.LastRef, Oops: s.Oops}
	for _, h := range s.Held {
		h.Entry = true
		h.Scope = nil
		t.Held = append(t.Held, h)
	}
	t.Prot = append(t.Prot, s.Prot...)
	t.Guards = append(t.Guards, s.Guards...)
	// Fields the path set to a constant are set in the callee too.
	for _, kv := range s.Vars {
		if strings.HasPrefix(kv.Name, fieldPrefix) {
			t.setVar(kv.Name, kv.Val)
		}
	}
	return t
}

// constParams gives the callee's parameters that the call passes a literal
// constant (0, 1, true, false, NULL) or an address (&x, never NULL) their
// value at entry: a flag argument often decides what the callee does
// (dwc2_core_reset(hsotg, true) skips the sleeping wait;
// __sched_setscheduler(p, attr, false, false) takes no cpuset lock).
// Constants, written at the call or carried by a variable from further up
// (vals, the arguments' values), are kept too for the parameters that can
// decide a path (deciding; see consts.go).
func constParams(ent *State, fn *cparse.Func, args []cparse.Expr, vals []Val, deciding map[string]bool) {
	for i, a := range args {
		if i >= len(fn.Params) || fn.Params[i].Name == "" {
			break
		}
		v, known := Val{Null: Unknown}, false
		switch x := cparse.Unparen(a).(type) {
		case *cparse.Lit:
			if x.Kind == cparse.TNumber {
				v.Null, known = No, true
				if isZeroLit(x.Value) {
					v.Null = Yes
				}
			}
		case *cparse.Ident:
			switch x.Name {
			case "false", "NULL":
				v.Null, known = Yes, true
			case "true":
				v.Null, known = No, true
			}
		case *cparse.Unary:
			// &x is never NULL: unregister_netdevice_queue(dev, &list)
			// only queues.
			if x.Op == "&" {
				v.Null, known = No, true
			}
		}
		if i < len(vals) && vals[i].Const != "" && deciding[fn.Params[i].Name] {
			v.Const, known = vals[i].Const, true
			if isNumber(v.Const) {
				v.Null = vals[i].Null
			}
		}
		// A pointer the caller's path tested (if (skb) f(skb)) or set
		// enters as it is there: the callee's `if (!skb)` is decided.
		// Only what the path showed, not a value loaded from memory.
		if !known && i < len(vals) && deciding[fn.Params[i].Name] && (vals[i].Null == Yes || vals[i].Null == No) && !vals[i].Load {
			v.Null, known = vals[i].Null, true
		}
		if known {
			ent.setVar(fn.Params[i].Name, v)
		}
	}
}

const maxSleepEffects = 8

// addSleep records a sleeping call in a summary, once per callee name.
func (fc *fctx) addSleep(e sleepEffect) {
	if len(fc.sleeps) >= maxSleepEffects {
		return
	}
	for _, x := range fc.sleeps {
		if x.name == e.name {
			return
		}
	}
	fc.sleeps = append(fc.sleeps, e)
}

// callbackParams gives the callee's parameters that receive a function
// (foo(..., fn), or a parameter holding one passed on) that function, when
// the callee calls the parameter or passes it on: a call of the parameter
// then enters that function (see fctx.apply).
func (f *Flow) callbackParams(ent *State, callee *callgraph.Node, args []Val) {
	for i, v := range args {
		if v.Func == nil || i >= len(callee.Fn.Params) || callee.Fn.Params[i].Name == "" {
			continue
		}
		if f.Graph.CallsParam(callee, i) {
			ent.setVar(callee.Fn.Params[i].Name, Val{Null: No, Func: v.Func})
		}
	}
}

// releasedKey tells apart the locks a function releases without taking
// them. Two locks of one struct field share a key; an unlock helper
// releasing send_cq's and recv_cq's lock releases two, told apart by the
// parameter they are reached through. Other spellings of one key are one
// lock, as before (a lock released on two paths by two expressions).
func releasedKey(h Held) string {
	if h.Param == "" {
		return h.Key
	}
	return h.Key + "\x00" + h.Param + "\x00" + h.Path
}
