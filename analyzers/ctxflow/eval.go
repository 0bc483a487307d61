// SPDX-License-Identifier: MIT

package ctxflow

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// warnCall is what the model makes of WARN_ON() and friends.
const warnCall = "__kl_warn"

// res is one outcome of evaluating an expression: a state and the value.
type res struct {
	s *State
	v Val
}

func one(s *State, v Val) []res { return []res{{s, v}} }

var nonNull = Val{Null: No}

// eval evaluates an expression for its effects and value, splitting the
// state where the expression branches (?:, &&, ||).
func (fc *fctx) eval(s *State, e cparse.Expr) []res {
	if fc.evals++; fc.evals > maxEvalsPerRun {
		fc.over = true
	}
	if fc.over {
		return one(s, Val{Null: Unknown})
	}
	if e == nil {
		return one(s, Val{Null: Unknown})
	}
	switch e := e.(type) {
	case *cparse.Ident:
		if v, ok := s.Vars.get(e.Name); ok {
			return one(s, v)
		}
		switch e.Name {
		case "false", "NULL":
			return one(s, Val{Null: Yes})
		case "true":
			return one(s, nonNull)
		}
		if fc.isLocal(e.Name) {
			return one(s, Val{Null: Unknown})
		}
		// Functions, and globals known to be pointers: not NULL.
		if t, ok := fc.node.Scope.Globals[e.Name]; ok && !strings.Contains(t, "*") {
			return one(s, Val{Null: Unknown, Load: true})
		}
		v := nonNull
		if cparse.IsConstName(e.Name) {
			v.Const = e.Name
		} else if fn := fc.flow.Graph.Resolve(fc.node.File, e.Name); fn != nil {
			v.Func = fn
		}
		return one(s, v)
	case *cparse.Lit:
		if e.Kind == cparse.TNumber && isZeroLit(e.Value) {
			return one(s, Val{Null: Yes, Const: "0"})
		}
		v := nonNull
		if e.Kind == cparse.TNumber {
			v.Const = e.Value // as written: compared by value when needed
		}
		return one(s, v)
	case *cparse.Call:
		return fc.evalCall(s, e)
	case *cparse.Unary:
		switch e.Op {
		case "sizeof", "alignof":
			return one(s, nonNull)
		case "&":
			var out []res
			for _, r := range fc.eval(s, e.X) {
				v := nonNull
				v.PerCPU = r.v.PerCPU
				v.Func = r.v.Func // &fn
				out = append(out, res{r.s, v})
			}
			return out
		case "!":
			var out []res
			for _, r := range fc.eval(s, e.X) {
				out = append(out, res{r.s, Val{Null: notTri(r.v.Null)}})
			}
			return out
		case "++", "--", "x++", "x--":
			if m, ok := cparse.Unparen(e.X).(*cparse.Member); ok {
				// obj->field++: a read-modify-write of the field.
				var out []res
				for _, r := range fc.eval(s, m.X) {
					if pc := r.v.PerCPU; pc != "" {
						fc.percpuAccess(r.s, m, pc, m.Name, "write", "", false)
					}
					out = append(out, res{r.s, Val{Null: Unknown}})
				}
				return out
			}
			rs := fc.eval(s, e.X)
			if id, ok := cparse.Unparen(e.X).(*cparse.Ident); ok {
				for _, r := range rs {
					r.s.setVar(id.Name, Val{Null: Unknown})
				}
			}
			return withVal(rs, Val{Null: Unknown})
		case "*":
			rs := fc.eval(s, e.X)
			return withVal(rs, Val{Null: Unknown, Load: true})
		}
		return withVal(fc.eval(s, e.X), Val{Null: Unknown})
	case *cparse.Binary:
		switch e.Op {
		case ",":
			var out []res
			for _, r := range fc.eval(s, e.X) {
				out = append(out, fc.eval(r.s, e.Y)...)
			}
			return capRes(out)
		case "&&", "||":
			var out []res
			for _, t := range fc.assume(s, e, true) {
				out = append(out, res{t, Val{Null: No}})
			}
			for _, t := range fc.assume(s, e, false) {
				out = append(out, res{t, Val{Null: Yes}})
			}
			return capRes(out)
		}
		var out []res
		for _, r := range fc.eval(s, e.X) {
			for _, r2 := range fc.eval(r.s, e.Y) {
				v := Val{Null: Unknown}
				// Pointer arithmetic on per-CPU data keeps its origin.
				if e.Op == "+" || e.Op == "-" {
					v.FromPerCPU = r.v.FromPerCPU
				}
				// Numbers fold; a bit test of a constant: flags & X with
				// flags 0; of GFP flags with a blocking flag:
				// gfp & __GFP_DIRECT_RECLAIM.
				if c, ok := foldConst(e.Op, r.v.Const, r2.v.Const); ok {
					v = c
				} else if c, ok := compareNames(e.Op, r.v.Const, r2.v.Const); ok {
					v = c
				} else if c, ok := fc.gfpUnion(e.Op, r.v.Const, r2.v.Const); ok {
					v = c
				} else if e.Op == "&" {
					if c, ok := constAnd(r.v.Const, r2.v.Const); ok {
						v = c
					} else {
						v = fc.gfpBitTest(r2.s, e, v)
					}
				}
				out = append(out, res{r2.s, v})
			}
		}
		return capRes(out)
	case *cparse.Assign:
		return fc.evalAssign(s, e)
	case *cparse.Cond:
		var out []res
		if e.T == nil {
			for _, t := range fc.assume(s, e.C, true) {
				out = append(out, fc.eval(t, e.C)...)
			}
		} else {
			for _, t := range fc.assume(s, e.C, true) {
				out = append(out, fc.eval(t, e.T)...)
			}
		}
		for _, f := range fc.assume(s, e.C, false) {
			out = append(out, fc.eval(f, e.F)...)
		}
		return capRes(out)
	case *cparse.Member:
		var out []res
		for _, r := range fc.eval(s, e.X) {
			if e.Arrow {
				// p->f dereferences p: past it, the path has shown p is
				// not NULL, also when p was loaded from memory (a later
				// test of p, or a callee's, does not take the NULL way).
				if id, ok := cparse.Unparen(e.X).(*cparse.Ident); ok && fc.isLocal(id.Name) && r.v.Null != Yes {
					if pv, known := r.s.Vars.get(id.Name); !known || pv.Null == Unknown || pv.Load {
						t := r.s.clone()
						pv.Null, pv.Load = No, false
						t.setVar(id.Name, pv)
						r.s = t
					}
				}
			}
			// A field load: any field, a pointer too, can be zero or
			// NULL, and a test of it takes both ways. A pointer field
			// tested for NULL is often the object's state ("is a job
			// running?": if (dev->cur) return;), not a pointer the
			// code knows is set. Stored into a pointer local, the value
			// is taken as not NULL (typed): the tests of such a local
			// are mostly a lazy allocation's.
			v := Val{Null: Unknown, Load: true}
			if pc := r.v.PerCPU; pc != "" {
				fc.percpuAccess(r.s, e, pc, e.Name, "read", "", false)
				v.FromPerCPU = pc + "." + e.Name
			}
			if fv, ok := r.s.Vars.get(fc.fieldVar(e)); ok {
				v.Null, v.Const = fv.Null, fv.Const
			}
			out = append(out, res{r.s, v})
		}
		return out
	case *cparse.Index:
		var out []res
		for _, r := range fc.eval(s, e.X) {
			for _, r2 := range fc.eval(r.s, e.I) {
				v := Val{Null: Unknown, Load: true}
				v.PerCPU = r.v.PerCPU
				out = append(out, res{r2.s, v})
			}
		}
		return capRes(out)
	case *cparse.Cast:
		return fc.eval(s, e.X)
	case *cparse.StmtExpr:
		return fc.evalStmtExpr(s, e)
	case *cparse.InitList:
		rs := one(s, nonNull)
		for _, it := range e.Items {
			var next []res
			for _, r := range rs {
				next = append(next, fc.eval(r.s, it.Value)...)
			}
			rs = withVal(capRes(next), nonNull)
		}
		return rs
	case *cparse.CompoundLit:
		if e.Init != nil {
			return withVal(fc.eval(s, e.Init), nonNull)
		}
	}
	return one(s, Val{Null: Unknown})
}

func withVal(rs []res, v Val) []res {
	for i := range rs {
		rs[i].v = v
	}
	return rs
}

func capRes(rs []res) []res {
	if len(rs) <= maxStatesPerEval {
		return rs
	}
	last := rs[maxStatesPerEval-1]
	for _, r := range rs[maxStatesPerEval:] {
		last.s = join(last.s, r.s)
		last.v.Null = joinTri(last.v.Null, r.v.Null)
	}
	rs = rs[:maxStatesPerEval-1]
	return append(rs, last)
}

func notTri(t Tri) Tri {
	switch t {
	case Yes:
		return No
	case No:
		return Yes
	}
	return Unknown
}

func isZeroLit(v string) bool {
	v = strings.TrimRight(v, "uUlL")
	return v == "0" || v == "0x0" || v == "0X0" || v == "00"
}

func (fc *fctx) isLocal(name string) bool {
	_, ok := fc.node.Fn.Locals[name]
	return ok
}

func (fc *fctx) evalAssign(s *State, e *cparse.Assign) []res {
	var out []res
	for _, r := range fc.eval(s, e.R) {
		st := r.s
		v := r.v
		if e.Op != "=" {
			v = Val{Null: Unknown}
		}
		switch l := cparse.Unparen(e.L).(type) {
		case *cparse.Ident:
			if fc.isLocal(l.Name) {
				if e.Op == "=" {
					v = fc.withObj(st, e.R, v)
				}
				st.setVar(l.Name, fc.typed(l.Name, v))
			}
		case *cparse.Member:
			// A store into a struct: per-CPU writes, and per-CPU values
			// escaping into longer-lived memory.
			for _, r2 := range fc.eval(st, l.X) {
				if k := fc.fieldVar(l); k != "" && !fc.isLocalStruct(l) {
					// A field set to a constant decides the tests of it
					// further down the path (fieldVar).
					fv := Val{Null: Unknown}
					if e.Op == "=" && isConstant(e.R) {
						fv = Val{Null: v.Null, Const: v.Const}
					}
					r2.s.setVar(k, fv)
					forgetBits(r2.s, k)
				}
				if pc := r2.v.PerCPU; pc != "" {
					fc.percpuAccess(r2.s, l, pc, l.Name, "write", "", isZeroValue(e.R))
				} else if v.FromPerCPU != "" && !fc.isLocalStruct(l) {
					fc.percpuEscape(r2.s, e, v.FromPerCPU)
				}
				out = append(out, res{r2.s, v})
			}
			continue
		case *cparse.Unary:
			if l.Op == "*" {
				for _, r2 := range fc.eval(st, l.X) {
					out = append(out, res{r2.s, v})
				}
				continue
			}
		case *cparse.Index:
			for _, r2 := range fc.eval(st, l.X) {
				out = append(out, res{r2.s, v})
			}
			continue
		}
		out = append(out, res{st, v})
	}
	return capRes(out)
}

// fieldVar names, among a state's variables, a struct field the path set
// to a constant ("field:struct foo_io.in_bh"), "" when the member has no
// type-based name. A field set on the way (io->in_bh = true, then the
// callee's `if (io->in_bh) return -EAGAIN;` before it allocates) decides
// the tests of it further down, in this function and in the callees
// (projectEntry carries it): the object is named by its type, as lock
// classes are, so it is taken to be the one the path set.
func (fc *fctx) fieldVar(m *cparse.Member) string {
	k := fc.node.Scope.ObjectKey(m)
	if !strings.HasPrefix(k, "struct ") && !strings.HasPrefix(k, "union ") {
		return ""
	}
	return fieldPrefix + k
}

const fieldPrefix = "field:"

// isConstant reports whether an expression is a literal constant: a
// number, true/false/NULL or a name written as the kernel writes constants.
func isConstant(e cparse.Expr) bool {
	if isZeroValue(e) || cparse.ConstOf(e) != "" {
		return true
	}
	id, ok := cparse.Unparen(e).(*cparse.Ident)
	return ok && id.Name == "true"
}

// typed adjusts a value stored into a local by the local's type: a loaded
// value stored into a pointer is not assumed NULL.
func (fc *fctx) typed(name string, v Val) Val {
	if t := fc.node.Fn.Locals[name]; strings.Contains(t, "*") {
		return v.asPointer()
	}
	return v
}

// isLocalStruct reports whether a member expression stores into a local
// struct variable (not longer-lived memory).
func (fc *fctx) isLocalStruct(m *cparse.Member) bool {
	if id, ok := cparse.Unparen(m.X).(*cparse.Ident); ok && !m.Arrow {
		return fc.isLocal(id.Name)
	}
	return false
}

func isZeroValue(e cparse.Expr) bool {
	switch x := cparse.Unparen(e).(type) {
	case *cparse.Lit:
		return x.Kind == cparse.TNumber && isZeroLit(x.Value)
	case *cparse.Ident:
		return x.Name == "NULL" || x.Name == "false"
	}
	return false
}

// evalStmtExpr runs a statement expression's block as a small CFG. Its
// value is that of its last statement when that is a variable (the
// `_ret;` of a macro: pcpu_spin_trylock() is NULL exactly on the path
// where the trylock failed), read again on each way out.
func (fc *fctx) evalStmtExpr(s *State, e *cparse.StmtExpr) []res {
	if e.Body == nil || fc.depth > 8 || fc.inertStmtExpr(e) {
		return one(s, Val{Null: Unknown})
	}
	fake := &cparse.Func{Name: fc.node.Fn.Name, Body: e.Body, Locals: fc.node.Fn.Locals}
	g := fake.CFG()
	fc.depth++
	exits := fc.walk(g, s)
	fc.depth--
	var last *cparse.Ident
	if n := len(e.Body.Stmts); n > 0 {
		if es, ok := e.Body.Stmts[n-1].(*cparse.ExprStmt); ok {
			last, _ = cparse.Unparen(es.X).(*cparse.Ident)
		}
	}
	var out []res
	for _, x := range exits {
		v := Val{Null: Unknown}
		if last != nil {
			if lv, ok := x.Vars.get(last.Name); ok {
				v = lv
			}
		}
		out = append(out, res{x, v})
	}
	return capRes(out)
}

// evalCall evaluates the arguments, then applies what the kernel table or
// the callee's summary says the call does.
func (fc *fctx) evalCall(s *State, c *cparse.Call) []res {
	if lw := fc.flow.Table.LockWaits[c.Name]; lw != nil {
		return fc.lockWait(s, c, lw)
	}
	// Arguments, left to right.
	type partial struct {
		s    *State
		vals []Val
	}
	parts := []partial{{s, make([]Val, 0, len(c.Args))}}
	for _, a := range c.Args {
		next := make([]partial, 0, len(parts))
		for _, p := range parts {
			rs := fc.eval(p.s, a)
			for k, r := range rs {
				// Each partial owns its values' array: the last result
				// takes p's, the others a copy.
				vals := p.vals
				if k < len(rs)-1 {
					vals = append(make([]Val, 0, len(c.Args)), p.vals...)
				}
				next = append(next, partial{r.s, append(vals, r.v)})
			}
		}
		if len(next) > maxStatesPerEval {
			next = next[:maxStatesPerEval]
		}
		parts = next
	}
	var out []res
	for _, p := range parts {
		out = append(out, fc.apply(p.s, c, p.vals)...)
	}
	return capRes(out)
}

// lockWait evaluates a wait that sleeps with a lock released: the other
// arguments (the wait queue, the condition: with the lock held), then the
// release, the Before command, the sleep, the After command and the
// acquisition again.
func (fc *fctx) lockWait(s *State, c *cparse.Call, lw *kapi.LockWait) []res {
	t := fc.flow.Table
	arg := func(i int) cparse.Expr {
		if i < 0 || i >= len(c.Args) {
			return nil
		}
		return c.Args[i]
	}
	states := []*State{s}
	evalAll := func(e cparse.Expr) {
		if e == nil {
			return
		}
		var next []*State
		for _, st := range states {
			for _, r := range fc.eval(st, e) {
				next = append(next, r.s)
			}
		}
		states = capStates(next)
	}
	for i, a := range c.Args {
		if i != lw.Lock && i != lw.Before && i != lw.After {
			evalAll(a)
		}
	}
	lock := arg(lw.Lock)
	if lock != nil {
		lock = &cparse.Unary{Op: "&", X: lock, P: lock.Pos()}
	}
	lockOp := func(name string) {
		op := t.Locks[name]
		if lock == nil || op == nil {
			return
		}
		for _, st := range states {
			ref := fc.lockName(st, lock)
			if op.Op == "release" {
				fc.release(st, op, ref, c, c.P, "")
			} else {
				fc.acquire(st, op, ref, c, c.P, "", nil, false)
			}
		}
	}
	states = cloneStates(states)
	lockOp(lw.Release)
	evalAll(arg(lw.Before))
	for _, st := range states {
		fc.sleepAt(st, c, c.Name, c.Name, SleepCall, false)
	}
	evalAll(arg(lw.After))
	lockOp(lw.Acquire)
	out := make([]res, 0, len(states))
	for _, st := range states {
		out = append(out, res{st, Val{Null: Unknown}})
	}
	return out
}

func cloneStates(states []*State) []*State {
	out := make([]*State, len(states))
	for i, s := range states {
		out[i] = s.clone()
	}
	return out
}

// apply carries out a call's semantics on one state.
func (fc *fctx) apply(s *State, c *cparse.Call, args []Val) []res {
	t := fc.flow.Table
	name := c.Name
	if name == "" {
		if inner, ok := c.Fun.(*cparse.Call); ok && inner.Name == "guard" && len(inner.Args) == 1 {
			return fc.guard(s, c, inner.Args[0].String(), c.Args, fc.scopeOf())
		}
		fc.indirectGFP(s, c)
		if eds := fc.flow.Graph.Indirect(c); len(eds) > 0 {
			// Through a struct field: the functions the unit stores there.
			callees := make([]*callgraph.Node, 0, len(eds))
			vias := make([]string, 0, len(eds))
			for _, ed := range eds {
				if ed.Caller == fc.node && !fc.redispatch(ed.Via) {
					callees = append(callees, ed.Callee)
					vias = append(vias, ed.Via)
				}
			}
			if k := callgraph.CalledField(fc.node.Scope, c); k != "" {
				callees, vias = fc.byOwner(k, callees, vias)
				callees, vias = fc.bySiblings(s, k, calledObject(c), callees, vias)
				callees, vias = fc.byObject(s, c, k, callees, vias)
			}
			if len(callees) > 0 {
				return fc.callIndirect(s, c, callees, vias, args)
			}
		}
		// A call through a function pointer: target unknown.
		return one(s, Val{Null: Unknown})
	}
	if fc.isLocal(name) {
		if fn := s.Vars.val(name).Func; fn != nil {
			// A parameter or variable holding a function of the unit.
			via := name
			for _, p := range fc.node.Fn.Params {
				if p.Name == name {
					via = "argument " + name
				}
			}
			return fc.callIndirect(s, c, []*callgraph.Node{fn}, []string{via}, args)
		}
		if fc.flow.Graph.Resolve(fc.node.File, name) == nil {
			// A function pointer parameter or variable of unknown value.
			fc.indirectGFP(s, c)
		}
	}
	if name == warnCall && len(c.Args) == 1 {
		// WARN_ON(x) has the value of x.
		return fc.eval(s, c.Args[0])
	}
	s = s.clone()
	// The result of a call is unknown: an int can be zero or not. Pointer
	// results of functions the unit defines are judged by their summary.
	v := Val{Null: Unknown}
	if op, ok := t.Locks[name]; ok {
		rs := fc.lockCall(s, c, op, args)
		if st, ok := t.States[name]; ok {
			// A macro that also changes the state (pte_unmap_unlock():
			// the unlock, then the end of an RCU section).
			for _, r := range rs {
				fc.stateCall(r.s, c, st)
			}
		}
		return rs
	}
	if op, ok := t.States[name]; ok && (fc.flow.RT || !op.RTOnly) {
		fc.stateCall(s, c, op)
	}
	if bo, ok := t.BitOps[name]; ok {
		v = fc.bitOp(s, c, bo)
	}
	if a, ok := t.Asserts[name]; ok {
		fc.assertCall(s, c, a)
	}
	if p, ok := t.Preds[name]; ok {
		fc.recordPred(s, c, p, "", false, false, s.Local)
		v = Val{Null: Unknown}
	}
	if pc, ok := t.PerCPUs[name]; ok {
		v = fc.percpuCall(s, c, pc, args)
	}
	if sl, ok := t.Sleeps[name]; ok {
		fc.sleepCall(s, c, sl)
	}
	if t.Noreturn[name] {
		s.Dead = true
		return one(s, v)
	}
	if t.Null[name] {
		v = Val{Null: Unknown, MayNull: true}
	}
	if fc.summary && fc.flow.outward != nil {
		fc.recordOutward(s, c)
	}
	if callee := fc.flow.Graph.Resolve(fc.node.File, name); callee != nil && callee.Fn != fc.node.Fn {
		return fc.callDefined(s, c, callee, args)
	}
	return one(s, v)
}

func (fc *fctx) scopeOf() any {
	if fc.scopeNode != nil && fc.scopeNode.Scope != nil {
		return fc.scopeNode.Scope
	}
	return nil
}

func scopeKey(scope any) string {
	if scope == nil {
		return ""
	}
	return fmt.Sprintf("scope:%p", scope)
}

// indexedLock reports whether a lock expression picks one of an array of
// locks by a variable (locks + i, &locks[i], locks[i].lock): code takes
// and releases such arrays in loops whose trip counts the analysis does
// not pair, so a hold counted per iteration would outlive the unlock
// loop. Its holds are not tracked, and what they disable becomes unknown
// where it was off (a sleep under it is missed, not invented, and the
// task is not claimed preemptible); its acquisitions are still sites,
// and its IRQ and BH effects still apply.
func (fc *fctx) indexedLock(e cparse.Expr) bool {
	found := false
	isVar := func(x cparse.Expr) bool {
		id, ok := cparse.Unparen(x).(*cparse.Ident)
		return ok && fc.isLocal(id.Name)
	}
	callgraph.WalkExpr(e, func(x cparse.Expr) {
		switch x := x.(type) {
		case *cparse.Index:
			found = found || isVar(x.I)
		case *cparse.Binary:
			if x.Op == "+" || x.Op == "-" {
				found = found || isVar(x.X) || isVar(x.Y)
			}
		}
	})
	return found
}

// mentionsLocal reports whether an expression uses a local variable or
// parameter of the function (&current->sighand->siglock does not: it names
// the same lock in every function).
func (fc *fctx) mentionsLocal(e cparse.Expr) bool {
	found := false
	callgraph.WalkExpr(e, func(x cparse.Expr) {
		if id, ok := x.(*cparse.Ident); ok && fc.isLocal(id.Name) {
			found = true
		}
	})
	return found
}

func (fc *fctx) lockCall(s *State, c *cparse.Call, op *kapi.LockOp, args []Val) []res {
	if op.Arg >= len(c.Args) {
		return one(s, nonNull)
	}
	ref := fc.lockName(s, c.Args[op.Arg])
	key := ref.Key
	// One of an array of locks, taken and released in loops: its holds
	// are not counted (see indexedLock).
	fc.untracked = fc.indexedLock(c.Args[op.Arg])
	defer func() { fc.untracked = false }()
	flagsVar := ""
	if op.Flags >= 0 && op.Flags < len(c.Args) {
		if id, ok := cparse.Unparen(c.Args[op.Flags]).(*cparse.Ident); ok {
			flagsVar = id.Name
		}
	}
	switch op.Op {
	case "acquire":
		fc.acquire(s, op, ref, c, c.P, flagsVar, nil, false)
		lockInPerCPU(s, key, c.Args[op.Arg])
		return one(s, nonNull)
	case "release":
		fc.release(s, op, ref, c, c.P, flagsVar)
		return one(s, nonNull)
	case "assert":
		fc.recordLock(s, c, op, key, ref.Name, false)
		if s.holds(key) < 0 {
			s.acquire(Held{Key: key, Name: ref.Name, Class: op.Class.Name, Op: op.Name, Pos: c.P, Entry: true, Param: ref.Param, Path: ref.Path})
		}
		return one(s, nonNull)
	case "try":
		// Success: the lock is taken; failure: nothing changed.
		ok := s.clone()
		fc.acquire(ok, op, ref, c, c.P, flagsVar, nil, true)
		lockInPerCPU(ok, key, c.Args[op.Arg])
		fail := s
		okVal, failVal := Val{Null: No}, Val{Null: Yes}
		if op.Invert {
			okVal, failVal = failVal, okVal
		}
		if !op.NoSleep && op.Class.Sleeping {
			fc.sleepAt(fail, c, op.Name, "sleeping lock", SleepLock, false)
		}
		return []res{{ok, okVal}, {fail, failVal}}
	}
	return one(s, nonNull)
}

// lockInPerCPU records, on the hold of key just taken, the per-CPU object
// the lock is a member of (spin_lock(&pcp->lock) with pcp from
// this_cpu_ptr()): its users serialize on it.
func lockInPerCPU(s *State, key string, lock cparse.Expr) {
	u, ok := cparse.Unparen(lock).(*cparse.Unary)
	if !ok || u.Op != "&" {
		return
	}
	m, ok := cparse.Unparen(u.X).(*cparse.Member)
	if !ok || !m.Arrow {
		return
	}
	base, ok := cparse.Unparen(m.X).(*cparse.Ident)
	if !ok {
		return
	}
	owner := s.Vars.val(base.Name).PerCPU
	if owner == "" {
		return
	}
	for i := len(s.Held) - 1; i >= 0; i-- {
		if s.Held[i].Key == key {
			s.Held[i].PerCPU = owner
			return
		}
	}
}

// acquire takes a lock: first the IRQ/BH part of the call, then the site is
// recorded with that state (lockdep checks the state at acquisition), then
// the hold and what holding the class implies.
func (fc *fctx) acquire(s *State, op *kapi.LockOp, ref lockRef, c *cparse.Call, p cparse.Pos, flagsVar string, scope any, try bool) {
	key, name := ref.Key, ref.Name
	cfg := fc.flow.Model()
	class := op.Class
	fc.flow.usesClass(class)
	irqReal := class.IRQVariantsDisable(cfg)
	switch op.IRQ {
	case "off":
		if irqReal {
			s.IRQOff = Yes
		}
	case "save":
		if irqReal {
			fc.irqSave(s, flagsVar)
		}
	}
	if op.BH == "off" {
		s.BH = s.BH.Inc()
	}
	if class.Sleeping || class.SleepsIn(cfg) {
		if !try || !op.NoSleep {
			fc.sleepAt(s, c, op.Name, sleepWhy(class, cfg), sleepKind(class, cfg), false)
		}
	}
	if c != nil && !try {
		fc.recordLock(s, c, op, key, name, scope != nil)
	} else if c != nil && try {
		fc.recordLock(s, c, op, key, name, scope != nil)
	}
	if fc.untracked {
		// How many of the array are held is not counted: from here the
		// state is neither known atomic nor known preemptible.
		lose := func(d *depth) {
			if d.Zero() {
				*d = depthUnknown
			}
		}
		if class.DisablesPreemption(cfg) {
			lose(&s.Preempt)
		}
		if class.DisablesMigration(cfg) && !class.DisablesPreemption(cfg) {
			lose(&s.Migrate)
		}
		if class.HoldsRCU(cfg) {
			lose(&s.RCU)
		}
		return
	}
	if class.DisablesPreemption(cfg) {
		s.Preempt = s.Preempt.Inc()
	}
	if class.DisablesMigration(cfg) && !class.DisablesPreemption(cfg) {
		s.Migrate = s.Migrate.Inc()
	}
	if class.HoldsRCU(cfg) {
		s.RCU = s.RCU.Inc()
	}
	s.acquire(Held{Key: key, Name: name, Class: class.Name, Op: op.Name, Pos: p, Read: op.Read, Scope: scope, Param: ref.Param, Path: ref.Path})
	s.pushProt(Prot{Kind: "lock", Key: key, Pos: p, Class: class.Name})
}

func sleepWhy(c *kapi.Class, cfg string) string {
	if c.Sleeping {
		return "sleeping lock (" + c.Name + ")"
	}
	if cfg == kapi.RT {
		return c.Name + " is a sleeping lock on PREEMPT_RT"
	}
	return c.Name
}

// sleepKind is the SleepKind of taking a lock of class c where it sleeps:
// a sleeping lock everywhere, or one that sleeps on PREEMPT_RT only.
func sleepKind(c *kapi.Class, cfg string) SleepKind {
	switch {
	case c.Sleeping:
		return SleepLock
	case cfg == kapi.RT:
		return SleepRTLock
	}
	return SleepCall
}

// release drops a lock and undoes what the call's variant did.
func (fc *fctx) release(s *State, op *kapi.LockOp, ref lockRef, c *cparse.Call, p cparse.Pos, flagsVar string) {
	key, name := ref.Key, ref.Name
	cfg := fc.flow.Model()
	class := op.Class
	fc.flow.usesClass(class)
	if c != nil {
		fc.recordLock(s, c, op, key, name, false)
	}
	// In a summary, releasing a lock the function did not take (or one
	// its entry held: an assertion's) releases the caller's.
	if h, ok := s.releaseAlias(key, class.Name); ok && !(h.Entry && fc.summary) {
		key = h.Key
	} else if fc.summary {
		if fc.released == nil {
			fc.released = map[string]Held{}
		}
		h := Held{Key: key, Name: name, Class: class.Name, Op: op.Name, Pos: p, Param: ref.Param, Path: ref.Path}
		fc.released[releasedKey(h)] = h
	}
	if !fc.untracked {
		s.popProt("lock", key)
		if class.DisablesPreemption(cfg) {
			s.Preempt = s.Preempt.Dec(fc.summary)
		}
		if class.DisablesMigration(cfg) && !class.DisablesPreemption(cfg) {
			s.Migrate = s.Migrate.Dec(fc.summary)
		}
		if class.HoldsRCU(cfg) {
			s.RCU = s.RCU.Dec(fc.summary)
		}
	}
	if op.BH == "on" {
		s.BH = s.BH.Dec(fc.summary)
	}
	irqReal := class.IRQVariantsDisable(cfg)
	switch op.IRQ {
	case "on":
		if irqReal {
			s.IRQOff = No
		}
	case "restore":
		if irqReal {
			fc.irqRestore(s, flagsVar)
		}
	}
}

const maxIRQSaved = 4

// irqSave disables IRQs, saving the state in flagsVar when the analysis can
// follow it, and on the saved stack in any case.
func (fc *fctx) irqSave(s *State, flagsVar string) {
	if flagsVar != "" {
		s.setVar(flagsVar, Val{Saved: s.IRQOff, SavedValid: true, Null: Unknown})
	}
	s.IRQSaved = append(s.IRQSaved, s.IRQOff)
	if len(s.IRQSaved) > maxIRQSaved {
		s.IRQSaved = s.IRQSaved[1:]
	}
	s.IRQOff = Yes
}

// irqRestore restores the IRQ state from flagsVar, else from the saved
// stack, else (in a summary) from what the caller saved.
func (fc *fctx) irqRestore(s *State, flagsVar string) {
	var popped Tri = Unknown
	havePop := false
	if n := len(s.IRQSaved); n > 0 {
		popped, havePop = s.IRQSaved[n-1], true
		s.IRQSaved = s.IRQSaved[:n-1]
	}
	if flagsVar != "" {
		if v, ok := s.Vars.get(flagsVar); ok && v.SavedValid {
			s.IRQOff = v.Saved
			return
		}
	}
	switch {
	case havePop:
		s.IRQOff = popped
	case fc.summary:
		s.IRQOff = Restored
	default:
		s.IRQOff = Unknown
	}
}

// guard handles guard(NAME)(args) and scoped_guard(NAME, args): the class
// NAME maps to a lock or state call whose effect lasts for scope.
func (fc *fctx) guard(s *State, c *cparse.Call, class string, args []cparse.Expr, scope any) []res {
	s = s.clone()
	class = strings.TrimSpace(class)
	g := fc.flow.Table.Guards[class]
	if g == nil {
		// A guard class the table does not know is usually named after
		// the locking function it wraps (DEFINE_LOCK_GUARD_1(rq_lock_irqsave,
		// ...)): apply that function, bound to the scope.
		if callee := fc.flow.Graph.Resolve(fc.node.File, class); callee != nil && callee.Fn != fc.node.Fn {
			return fc.guardCall(s, c, callee, args, scope)
		}
		return one(s, nonNull)
	}
	if g.Acquire != "" {
		op := fc.flow.Table.Locks[g.Acquire]
		if len(args) > op.Arg {
			fc.acquire(s, op, fc.lockName(s, args[op.Arg]), c, c.P, "", scope, false)
		}
		return one(s, nonNull)
	}
	if g.State != "" {
		op := fc.flow.Table.States[g.State]
		kind := stateKind(op)
		prev := s.IRQOff
		fc.stateCall(s, c, op)
		if kind != "" {
			s.Prot = append(s.Prot, Prot{Kind: kind, Key: scopeKey(scope), Pos: c.P, PrevIRQ: prev})
		}
	}
	return one(s, nonNull)
}

func stateKind(op *kapi.StateOp) string {
	switch {
	case op.RCU == "on":
		return "rcu"
	case op.Preempt == "off":
		return "preempt"
	case op.Migrate == "off":
		return "migrate"
	case op.IRQ == "off" || op.IRQ == "save":
		return "irq"
	case op.BH == "off":
		return "bh"
	}
	return ""
}

// undoStateKind reverses a scoped state section at the end of its scope.
func (fc *fctx) undoStateKind(s *State, kind string) {
	switch kind {
	case "rcu":
		s.RCU = s.RCU.Dec(fc.summary)
	case "preempt":
		s.Preempt = s.Preempt.Dec(fc.summary)
	case "migrate":
		s.Migrate = s.Migrate.Dec(fc.summary)
	case "irq":
		fc.irqRestore(s, "")
	case "bh":
		s.BH = s.BH.Dec(fc.summary)
	}
}

// undoGuardCall reverses, at the end of its scope, what a locking function
// used as a guard class did.
func (fc *fctx) undoGuardCall(s *State, p Prot) {
	sum := p.Sum
	if sum == nil {
		return
	}
	s.BH = addDepth(s.BH, -sum.BH, fc.summary)
	s.Preempt = addDepth(s.Preempt, -sum.Preempt, fc.summary)
	s.Migrate = addDepth(s.Migrate, -sum.Migrate, fc.summary)
	s.RCU = addDepth(s.RCU, -sum.RCU, fc.summary)
	switch {
	case p.PrevIRQ > 0:
		fc.irqRestore(s, "")
	case sum.IRQ == "off":
		s.IRQOff = No
	}
}

// macroEnter handles the start of an iterator macro's loop.
func (fc *fctx) macroEnter(s *State, n *cparse.MacroEnter) []*State {
	c := n.Call
	if fc.flow.Table.Scoped[c.Name] && len(c.Args) >= 1 {
		rs := fc.guard(s, c, c.Args[0].String(), c.Args[1:], n.Loop)
		var out []*State
		for _, r := range rs {
			out = append(out, r.s)
		}
		return out
	}
	// Other iterators: evaluate the arguments for their effects.
	var out []*State
	states := []*State{s}
	for _, a := range c.Args {
		var next []*State
		for _, st := range states {
			for _, r := range fc.eval(st, a) {
				next = append(next, r.s)
			}
		}
		states = next
	}
	out = append(out, states...)
	return out
}

func (fc *fctx) stateCall(s *State, c *cparse.Call, op *kapi.StateOp) {
	flagsVar := ""
	if op.Flags >= 0 && op.Flags < len(c.Args) {
		if id, ok := cparse.Unparen(c.Args[op.Flags]).(*cparse.Ident); ok {
			flagsVar = id.Name
		}
	}
	if op.Oops == "arg" && len(c.Args) > 0 {
		if l, ok := cparse.Unparen(c.Args[0]).(*cparse.Lit); ok && l.Kind == cparse.TNumber {
			s.Oops = !isZeroLit(l.Value)
		}
	}
	irq := op.IRQ
	if op.IRQNonRT && fc.flow.RT {
		irq = ""
	}
	switch irq {
	case "off":
		if s.IRQOff != Yes {
			s.pushProt(Prot{Kind: "irq", Pos: c.P})
		}
		s.IRQOff = Yes
	case "save":
		s.pushProt(Prot{Kind: "irq", Pos: c.P})
		fc.irqSave(s, flagsVar)
	case "on":
		s.IRQOff = No
		s.popProt("irq", "")
	case "restore":
		fc.irqRestore(s, flagsVar)
		s.popProt("irq", "")
	}
	bh := op.BH
	if op.BHNonRT && fc.flow.RT {
		bh = ""
	}
	switch bh {
	case "off":
		s.BH = s.BH.Inc()
		s.pushProt(Prot{Kind: "bh", Pos: c.P})
	case "on":
		s.BH = s.BH.Dec(fc.summary)
		s.popProt("bh", "")
	}
	preempt, migrate := op.Preempt, op.Migrate
	if op.RTMigrate && fc.flow.RT {
		preempt, migrate = "", op.Preempt
	}
	if op.PreemptRT && !fc.flow.RT {
		preempt = ""
	}
	switch preempt {
	case "off":
		s.Preempt = s.Preempt.Inc()
		s.pushProt(Prot{Kind: "preempt", Pos: c.P})
	case "on":
		s.Preempt = s.Preempt.Dec(fc.summary)
		s.popProt("preempt", "")
	}
	switch migrate {
	case "off":
		s.Migrate = s.Migrate.Inc()
		s.pushProt(Prot{Kind: "migrate", Pos: c.P})
	case "on":
		s.Migrate = s.Migrate.Dec(fc.summary)
		s.popProt("migrate", "")
	}
	switch op.RCU {
	case "on":
		s.RCU = s.RCU.Inc()
	case "off":
		s.RCU = s.RCU.Dec(fc.summary)
	}
}

func (fc *fctx) assertCall(s *State, c *cparse.Call, a *kapi.Assert) {
	if a.Held >= 0 && a.Held < len(c.Args) {
		ref := fc.lockName(s, c.Args[a.Held])
		if s.holds(ref.Key) < 0 {
			// The function must be entered with the lock held: a fact.
			s.acquire(Held{Key: ref.Key, Name: ref.Name, Class: "", Op: c.Name, Pos: c.P, Entry: true, Param: ref.Param, Path: ref.Path})
		}
	}
	if fc.summary {
		// In a summary the assertion is about the caller's state: it is
		// not an effect of the call (lockdep_assert_preemption_disabled()
		// in smp_call_function_many_cond() does not leave its callers
		// with preemption disabled).
		return
	}
	switch a.IRQs {
	case "off":
		if s.IRQOff == No && fc.entry != nil && len(fc.entry.Chain) == 1 && !fc.entry.Assumed {
			// The function is the callback itself and its registration
			// says IRQs are on (an hrtimer not marked _HARD expires in
			// softirq with IRQs on under PREEMPT_RT): the kernel's
			// fact wins over the code's claim, which lockdep would
			// refute at run time. Deeper down, the claim may prune a
			// way in the analysis made up.
			break
		}
		s.IRQOff = Yes
	case "on":
		s.IRQOff = No
	}
	switch a.Ctx {
	case "softirq":
		if n := s.Ctx & CtxSet(Softirq); n != 0 {
			s.Ctx = n
		}
	case "hardirq":
		if n := s.Ctx & CtxSet(Hardirq); n != 0 {
			s.Ctx = n
		}
	case "task-or-softirq":
		if n := s.Ctx & CtxSet(Task|Softirq); n != 0 {
			s.Ctx = n
		}
	}
	if a.Preempt == "off" && !s.Preempt.Positive() {
		s.Preempt = 1
	}
}

// guardCall applies a locking function used as a guard class: the locks it
// takes and the IRQ state it saves last until the end of scope.
func (fc *fctx) guardCall(s *State, c *cparse.Call, callee *callgraph.Node, args []cparse.Expr, scope any) []res {
	before := map[string]bool{}
	for _, h := range s.Held {
		before[h.Key] = true
	}
	irqBefore := len(s.IRQSaved)
	call := &cparse.Call{P: c.P, Name: callee.Name(), Fun: &cparse.Ident{P: c.P, Name: callee.Name()}, Args: args}
	var out []res
	for _, r := range fc.evalCall(s, call) {
		t := r.s
		for i := range t.Held {
			if !before[t.Held[i].Key] && t.Held[i].Scope == nil {
				t.Held[i].Scope = scope
				// Released by the scope, not by a matching call.
				t.Held[i].Op = ""
			}
		}
		t.Prot = append(t.Prot, Prot{Kind: "guardcall", Key: scopeKey(scope), Pos: c.P, Sum: fc.flow.summaryOf(callee), PrevIRQ: Tri(len(t.IRQSaved) - irqBefore)})
		out = append(out, res{t, nonNull})
	}
	return out
}

// redispatch reports whether the entry's chain already went through a
// field of the struct type the call through via ("foo_ops.open") reads: an
// implementation of the type calling, through the core, the methods of
// another object of that type (a stacked device: an aggregator of chips,
// a bond of net devices). Which objects lie below, and what state the
// implementation chose for them (a mutex when they may sleep, a spinlock
// when not), the analysis does not know; it does not follow such calls.
func (fc *fctx) redispatch(via string) bool {
	if fc.entry == nil {
		return false
	}
	i := strings.LastIndexByte(via, '.')
	if i < 0 {
		return false
	}
	for _, l := range fc.entry.Chain {
		if j := strings.LastIndexByte(l.Via, '.'); j >= 0 && l.Via[:j] == via[:i] {
			return true
		}
	}
	return false
}

// bitVar names a flag bit of a struct field among a state's variables
// ("field:struct led_classdev.work_flags#LED_BLINK_ONESHOT"), for a bit
// operation on a constant bit of &obj->field; "" otherwise.
func (fc *fctx) bitVar(c *cparse.Call, bo *kapi.BitOp) string {
	if bo.Bit >= len(c.Args) || bo.Addr >= len(c.Args) || !isConstant(c.Args[bo.Bit]) {
		return ""
	}
	u, ok := cparse.Unparen(c.Args[bo.Addr]).(*cparse.Unary)
	if !ok || u.Op != "&" {
		return ""
	}
	m, ok := cparse.Unparen(u.X).(*cparse.Member)
	if !ok || fc.isLocalStruct(m) {
		return ""
	}
	k := fc.fieldVar(m)
	if k == "" {
		return ""
	}
	return k + "#" + c.Args[bo.Bit].String()
}

// bitOp applies set_bit()/clear_bit()/test_bit() to a flag bit of a
// struct field: a bit the path set or cleared decides its tests further
// down, in this function and in its callees, as a field set to a
// constant does (fieldVar). It returns the value of the call.
func (fc *fctx) bitOp(s *State, c *cparse.Call, bo *kapi.BitOp) Val {
	k := fc.bitVar(c, bo)
	if k == "" {
		return Val{Null: Unknown}
	}
	switch bo.Op {
	case "set":
		s.setVar(k, Val{Null: No, Const: "1"})
	case "clear":
		s.setVar(k, Val{Null: Yes, Const: "0"})
	case "test":
		if bv, ok := s.Vars.get(k); ok {
			return Val{Null: bv.Null, Const: bv.Const}
		}
	}
	return Val{Null: Unknown}
}

// forgetBits drops what a path knew of the bits of a field it stores to.
func forgetBits(s *State, field string) {
	// Names first: setVar changes s.Vars in place.
	var drop []string
	for _, kv := range s.Vars {
		if strings.HasPrefix(kv.Name, field+"#") {
			drop = append(drop, kv.Name)
		}
	}
	for _, k := range drop {
		s.setVar(k, Val{Null: Unknown})
	}
}

// byObject narrows a call through the field key of the object a local
// pointer is known to point to on this path (Val.Obj: the caller passed
// &snd_pcm_action_stop) to the function that object's initializer
// stores there: ops->do_action() is snd_pcm_do_stop(), not every
// do_action of the unit.
func (fc *fctx) byObject(s *State, c *cparse.Call, key string, callees []*callgraph.Node, vias []string) ([]*callgraph.Node, []string) {
	if len(callees) < 2 {
		return callees, vias
	}
	id := calledThrough(c)
	if id == "" {
		return callees, vias
	}
	obj := s.Vars.val(id).Obj
	if obj == "" || !isIdent(obj) {
		return callees, vias
	}
	g := fc.flow.Graph
	fns, known := g.VarStored(fc.node.File, obj, key)
	var cs []*callgraph.Node
	var vs []string
	for i, c := range callees {
		keep := slices.Contains(fns, c)
		if !known {
			// The object's initializer is not in the unit (a context
			// file read only in part): a method only other named
			// objects' initializers store is not this object's.
			vars, only := g.VarsStoring(key, c)
			keep = !only || slices.Contains(vars, obj)
		}
		if keep {
			cs = append(cs, c)
			vs = append(vs, vias[i])
		}
	}
	// None left: the object's method is not one of the unit's (a
	// context file read in part holds only the methods on the way to
	// the targets), and the call reaches none of them.
	return cs, vs
}

// calledObject is the text of the object a call through a field reads the
// function from (nc in nc->call(...), ops in (*ops->fn)(...)); "" when
// the call is through something else.
func calledObject(c *cparse.Call) string {
	fun := cparse.Unparen(c.Fun)
	if u, ok := fun.(*cparse.Unary); ok && u.Op == "*" {
		fun = cparse.Unparen(u.X)
	}
	if m, ok := fun.(*cparse.Member); ok {
		return m.X.String()
	}
	return ""
}

// calledThrough returns the variable a call through a field reads the
// function from by pointer (ops in ops->do_action(...) and in
// (*ops->do_action)(...)), "" for other calls.
func calledThrough(c *cparse.Call) string {
	fun := cparse.Unparen(c.Fun)
	if u, ok := fun.(*cparse.Unary); ok && u.Op == "*" {
		fun = cparse.Unparen(u.X)
	}
	if m, ok := fun.(*cparse.Member); ok && m.Arrow {
		if id, ok := cparse.Unparen(m.X).(*cparse.Ident); ok {
			return id.Name
		}
	}
	return ""
}
