// SPDX-License-Identifier: MIT

package ctxflow

import (
	"strings"

	"github.com/kcovlint/kcovlint/cparse"
)

const maxDecisions = 8

// assume returns the states in which cond evaluates to truth, after its
// side effects. Context predicates narrow the set of possible contexts;
// comparisons with NULL narrow what is known of local pointers.
func (fc *fctx) assume(s *State, cond cparse.Expr, truth bool) []*State {
	cond = cparse.Unparen(cond)
	switch e := cond.(type) {
	case *cparse.Unary:
		if e.Op == "!" {
			return fc.assume(s, e.X, !truth)
		}
	case *cparse.Binary:
		switch e.Op {
		case "&&":
			if truth {
				var out []*State
				for _, a := range fc.assume(s, e.X, true) {
					out = append(out, fc.assume(a, e.Y, true)...)
				}
				return capStates(out)
			}
			out := fc.assume(s, e.X, false)
			for _, a := range fc.assume(s, e.X, true) {
				out = append(out, fc.assume(a, e.Y, false)...)
			}
			return capStates(out)
		case "||":
			if !truth {
				var out []*State
				for _, a := range fc.assume(s, e.X, false) {
					out = append(out, fc.assume(a, e.Y, false)...)
				}
				return capStates(out)
			}
			out := fc.assume(s, e.X, true)
			for _, a := range fc.assume(s, e.X, false) {
				out = append(out, fc.assume(a, e.Y, true)...)
			}
			return capStates(out)
		case ",":
			var out []*State
			for _, r := range fc.eval(s, e.X) {
				out = append(out, fc.assume(r.s, e.Y, truth)...)
			}
			return capStates(out)
		case "==", "!=":
			// x == NULL, x != 0, NULL == x ...
			other, isNull := e.X, isZeroValue(e.Y)
			if !isNull && isZeroValue(e.X) {
				other, isNull = e.Y, true
			}
			if isNull {
				want := truth
				if e.Op == "!=" {
					want = !truth
				}
				// want: the value is null/zero.
				return fc.assume(s, other, !want)
			}
			// Two constants (a parameter a caller passed one to, and
			// the one it is compared with) decide.
			want := truth == (e.Op == "==")
			var out []*State
			for _, r := range fc.eval(s, e.X) {
				for _, r2 := range fc.eval(r.s, e.Y) {
					if eq, known := constEqual(fc.enumConst(r.v.Const), fc.enumConst(r2.v.Const)); known && eq != want {
						continue
					}
					r2.s = fc.testedEqual(r2.s, e.X, e.Y, !want)
					out = append(out, r2.s)
				}
			}
			return capStates(out)
		}
	case *cparse.Cond:
		var out []*State
		for _, t := range fc.assume(s, e.C, true) {
			if e.T == nil {
				out = append(out, t)
				continue
			}
			out = append(out, fc.assume(t, e.T, truth)...)
		}
		for _, f := range fc.assume(s, e.C, false) {
			out = append(out, fc.assume(f, e.F, truth)...)
		}
		return capStates(out)
	case *cparse.Call:
		if e.Name == warnCall && len(e.Args) == 1 {
			return fc.assume(s, e.Args[0], truth)
		}
		if e.Name != "" {
			if p, ok := fc.flow.Table.Preds[e.Name]; ok {
				var out []*State
				for _, r := range fc.evalArgsOnly(s, e) {
					if t := fc.refine(r, p.Meaning, truth); t != nil {
						fc.recordPred(r, e, p, "", true, truth, r.Local)
						t.decide(e.Name, e.P, truth, r.Local)
						out = append(out, t)
					}
				}
				return out
			}
			if arg, ok := fc.flow.Table.GFPTests[e.Name]; ok && arg >= 0 && arg < len(e.Args) {
				return fc.assumeGFP(s, e, e.Args[arg], truth)
			}
			if fc.flow.Table.LastRef[e.Name] {
				// atomic_dec_and_test() and friends: true when the last
				// reference goes; mark the path for the rules.
				var out []*State
				for _, r := range fc.eval(s, e) {
					if truth && r.v.Null == Yes || !truth && r.v.Null == No {
						continue
					}
					t := r.s
					t.decide(e.Name, e.P, truth, t.Local)
					if truth {
						t.LastRef = true
					}
					out = append(out, t)
				}
				return out
			}
			if callee := fc.flow.Graph.Resolve(fc.node.File, e.Name); callee != nil && len(e.Args) == 0 {
				if sum := fc.flow.summaryOf(callee); sum != nil && sum.Formula != nil && callee.Fn != fc.node.Fn {
					// A helper built from predicates: decide on its body.
					sub := &fctx{flow: fc.flow, node: callee, entry: fc.entry, summary: true, depth: fc.depth + 1}
					if fc.depth < 4 {
						var out []*State
						for _, t := range sub.assume(s, sum.Formula, truth) {
							t.decide(e.Name, e.P, truth, s.Ctx)
							out = append(out, t)
						}
						fc.recordHelper(s, e, callee.Name(), truth)
						return out
					}
				}
			}
		}
	case *cparse.Assign:
		// if ((skb = dev_alloc_skb(n)) == NULL), while ((p = next(p))):
		// the assignment's value is what is tested, and the variable
		// assigned holds it after the test.
		if id, ok := cparse.Unparen(e.L).(*cparse.Ident); ok && e.Op == "=" && fc.isLocal(id.Name) {
			var out []*State
			for _, r := range fc.evalAssign(s, e) {
				out = append(out, fc.assume(r.s, id, truth)...)
			}
			return capStates(out)
		}
	case *cparse.Member:
		// if (drv->setpolicy): the path knows whether the object holds a
		// method there, which narrows calls through its other methods.
		if key := fc.siblingKey(e); key != "" {
			var out []*State
			for _, r := range fc.eval(s, e) {
				if truth && r.v.Null == Yes || !truth && r.v.Null == No {
					continue
				}
				t := r.s.clone()
				t.testField(key, e.X.String(), "0", truth)
				out = append(out, t)
			}
			return out
		}
	case *cparse.Ident:
		if fc.isLocal(e.Name) {
			v, known := s.Vars.get(e.Name)
			if !known {
				v = Val{Null: Unknown}
			}
			if v.GFPBlock {
				// can_direct_reclaim = gfp_mask & __GFP_DIRECT_RECLAIM
				if !truth {
					return []*State{s}
				}
				if t := mayBlock(fc, s); t != nil {
					return []*State{t}
				}
				return nil
			}
			if truth && v.Null == Yes || !truth && v.Null == No {
				return nil
			}
			t := s.clone()
			if truth {
				v.Null = No
			} else {
				v.Null = Yes
			}
			t.setVar(e.Name, v)
			return []*State{t}
		}
	}
	// Anything else: evaluate, and keep the outcomes whose value fits.
	var out []*State
	for _, r := range fc.eval(s, cond) {
		if truth && r.v.Null == Yes || !truth && r.v.Null == No {
			continue
		}
		if truth && r.v.GFPBlock {
			if t := mayBlock(fc, r.s); t != nil {
				out = append(out, t)
			}
			continue
		}
		out = append(out, r.s)
	}
	return out
}

// evalArgsOnly evaluates a call's arguments for their effects.
func (fc *fctx) evalArgsOnly(s *State, c *cparse.Call) []*State {
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
	return states
}

func (s *State) decide(pred string, p cparse.Pos, outcome bool, before CtxSet) {
	if len(s.Decisions) >= maxDecisions {
		// Keep the most recent decisions.
		s.Decisions = append(s.Decisions[:0:0], s.Decisions[1:]...)
	}
	s.Decisions = append(s.Decisions, Decision{Pred: pred, Pos: p, Outcome: outcome, Before: before})
}

// refine returns s narrowed by "the predicate is truth", or nil when that
// cannot hold. The facts are those of include/linux/preempt.h.
func (fc *fctx) refine(s *State, meaning string, truth bool) *State {
	t := fc.refineCtx(s, meaning, truth)
	if t == nil {
		return nil
	}
	// The function's own view: narrow Local the same way, from a state
	// that only knows Local.
	view := s.clone()
	view.Ctx = s.Local
	view.BH, view.IRQOff, view.Preempt = depthUnknown, Unknown, depthUnknown
	if l := fc.refineCtx(view, meaning, truth); l != nil {
		t.Local = l.Ctx
	}
	return t
}

func (fc *fctx) refineCtx(s *State, meaning string, truth bool) *State {
	t := s.clone()
	switch meaning {
	case "task":
		if truth {
			t.Ctx &= CtxSet(Task)
		} else {
			t.Ctx &^= CtxSet(Task)
		}
	case "serving-softirq":
		// Also true in a hardirq or NMI that interrupted a softirq.
		if truth {
			t.Ctx &= CtxSet(Softirq | Hardirq | NMI)
		} else {
			t.Ctx &^= CtxSet(Softirq)
		}
	case "hardirq":
		// NMI entry raises the hardirq count too.
		if truth {
			t.Ctx &= CtxSet(Hardirq | NMI)
		} else {
			t.Ctx &^= CtxSet(Hardirq | NMI)
		}
	case "nmi":
		if truth {
			t.Ctx &= CtxSet(NMI)
		} else {
			t.Ctx &^= CtxSet(NMI)
		}
	case "softirq-or-bh":
		if truth {
			allowed := CtxSet(Softirq | Hardirq | NMI)
			if !t.BH.Zero() {
				allowed |= CtxSet(Task)
			}
			t.Ctx &= allowed
		} else {
			t.Ctx &^= CtxSet(Softirq)
			if t.Ctx.Has(Task) {
				if t.BH.Positive() {
					t.Ctx &^= CtxSet(Task)
				} else {
					t.BH = 0
				}
			}
		}
	case "interrupt":
		if truth {
			allowed := CtxSet(Softirq | Hardirq | NMI)
			if !t.BH.Zero() {
				allowed |= CtxSet(Task)
			}
			t.Ctx &= allowed
		} else {
			t.Ctx &= CtxSet(Task)
			if t.BH.Positive() {
				return nil
			}
			t.BH = 0
		}
	case "irqs-disabled":
		switch {
		case t.IRQOff == Same || t.IRQOff == Restored:
			// In a summary run: a condition on the caller's state,
			// not an effect on it (gnttab_add_deferred()'s
			// irqs_disabled() ? GFP_ATOMIC : GFP_KERNEL).
		case t.IRQOff == SameOrNo:
			if truth {
				t.IRQOff = Same
			}
		case t.IRQOff == SameOrYes:
			if !truth {
				t.IRQOff = Same
			}
		case truth:
			if t.IRQOff == No {
				return nil
			}
			t.IRQOff = Yes
		default:
			if t.IRQOff == Yes {
				return nil
			}
			t.IRQOff = No
		}
	case "preempt-enabled":
		fc.flow.rtSensitive = true
		if truth {
			t.Ctx &= CtxSet(Task)
			if t.Preempt.Positive() || t.IRQOff == Yes || (!fc.flow.RT && t.BH.Positive()) {
				return nil
			}
			t.Preempt, t.IRQOff = 0, No
			if !fc.flow.RT {
				t.BH = 0
			}
		} else if t.Ctx == CtxSet(Task) && t.IRQOff != Yes && !t.Preempt.Positive() && (fc.flow.RT || !t.BH.Positive()) {
			// Not preemptible in a task: something disabled preemption.
			// On a path known to be preemptible that is infeasible.
			if t.Preempt.Zero() && t.IRQOff == No && (fc.flow.RT || t.BH.Zero()) {
				return nil
			}
			t.Preempt = 1
		}
	case "atomic":
		fc.flow.rtSensitive = true
		if !truth {
			allowed := CtxSet(Task)
			if fc.flow.RT {
				// On RT in_atomic() does not see softirq state.
				allowed |= CtxSet(Softirq)
			}
			t.Ctx &= allowed
			if t.Preempt.Positive() {
				return nil
			}
			t.Preempt = 0
		}
	}
	if t.Ctx == 0 {
		return nil
	}
	return t
}

// assumeGFP decides a test of whether GFP flags allow blocking: by the
// flags when they are constants; otherwise the true branch is marked as
// sleeping at the caller's request, and runs in task context: flags that
// allow blocking come from a caller that may sleep, so no interrupt runs
// that branch (alloc_pages() tests in_interrupt() and is entered in
// hardirq, where its callers pass GFP_ATOMIC: the reclaim under
// gfpflags_allow_blocking() is not reached there).
func (fc *fctx) assumeGFP(s *State, c *cparse.Call, flags cparse.Expr, truth bool) []*State {
	var out []*State
	for _, r := range fc.evalArgsOnly(s, c) {
		if sleeps, known := fc.gfpKnown(r, flags); known {
			if sleeps != truth {
				continue
			}
		} else if truth {
			if r = mayBlock(fc, r); r == nil {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// mayBlock returns s on a path where the caller's GFP flags allow
// blocking (see assumeGFP): in task context, sleeping at the caller's
// request; nil when s has no task context.
func mayBlock(fc *fctx, s *State) *State {
	t := fc.refineCtx(s, "task", true)
	if t != nil && t.MayBlock == 0 {
		t.MayBlock = len(t.Prot) + 1
	}
	return t
}

// gfpKnown tells whether GFP flags allow blocking when that is known: they
// are written as GFP constants, or are a parameter a caller passed one to
// (Val.Const: an interrupt handler passing GFP_KERNEL down is still
// caught).
func (fc *fctx) gfpKnown(s *State, flags cparse.Expr) (sleeps, known bool) {
	if sleeps, known = fc.flow.Table.GFPSleeps(gfpNames(flags)); known {
		return sleeps, known
	}
	if id, ok := cparse.Unparen(flags).(*cparse.Ident); ok {
		if v, ok := s.Vars.get(id.Name); ok && v.Const != "" {
			return fc.flow.Table.GFPSleeps(gfpConstNames(v.Const))
		}
	}
	return false, false
}

// gfpUnion gives a | b its value when both are GFP flags (or unions of
// them, as gfpUnion writes them: "GFP_NOWAIT|__GFP_NOWARN") and the
// table knows whether one of them allows blocking: a constant a caller
// passes on, which decides a callee's test of the flags however the
// callee keeps it (gfp & __GFP_DIRECT_RECLAIM in a local bool).
func (fc *fctx) gfpUnion(op, a, b string) (Val, bool) {
	if op != "|" || a == "" || b == "" || isNumber(a) || isNumber(b) {
		return Val{}, false
	}
	names := append(gfpConstNames(a), gfpConstNames(b)...)
	if _, known := fc.flow.Table.GFPSleeps(names); !known {
		return Val{}, false
	}
	return Val{Null: No, Const: a + "|" + b}, true
}

// gfpConstNames splits a GFP constant as gfpUnion writes it into the
// flags' names.
func gfpConstNames(c string) []string { return strings.Split(c, "|") }

// blockingMask reports whether a bit mask names only GFP flags that allow
// blocking (__GFP_DIRECT_RECLAIM): flags & mask is then a test of whether
// the flags allow blocking, as gfpflags_allow_blocking() is.
func (fc *fctx) blockingMask(mask cparse.Expr) bool {
	// Met at every & the analysis evaluates (bit-field macros are full of
	// them): no allocation on the way.
	switch x := cparse.Unparen(mask).(type) {
	case *cparse.Ident:
		sleeps, known := fc.flow.Table.GFP[x.Name]
		return known && sleeps
	case *cparse.Binary:
		return x.Op == "|" && fc.blockingMask(x.X) && fc.blockingMask(x.Y)
	}
	return false
}

// gfpBitTest gives flags & mask its value when mask is a blocking mask:
// decided when the flags are known GFP constants, else a test of the
// caller's flags (Val.GFPBlock).
func (fc *fctx) gfpBitTest(s *State, e *cparse.Binary, v Val) Val {
	for _, p := range [][2]cparse.Expr{{e.X, e.Y}, {e.Y, e.X}} {
		flags, mask := p[0], p[1]
		if !fc.blockingMask(mask) || fc.blockingMask(flags) {
			continue
		}
		if sleeps, known := fc.gfpKnown(s, flags); known {
			v.Null = No
			if !sleeps {
				v.Null = Yes
			}
			return v
		}
		v.GFPBlock = true
		return v
	}
	return v
}
