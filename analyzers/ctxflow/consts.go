// SPDX-License-Identifier: MIT

package ctxflow

import (
	"strconv"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
)

// Constants passed down a call chain decide paths in the callee: a mode
// argument selects one case of a switch (task_work_add(..., TWA_RESUME)
// never takes the TWA_NMI_CURRENT case), a flags argument of 0 makes every
// bit test false (alloc_skb() passes no SKB_ALLOC_NAPI), a comparison with
// the constant another caller passes is false on this caller's way
// (active_mask == HRTIMER_ACTIVE_SOFT when the hard IRQ passes _HARD).
// A constant is known by its number or by its name (cparse.ConstOf).

// isNumber reports whether a constant is a number (as written in C: the
// analysis keeps literals' text and compares them by value, numConst).
func isNumber(c string) bool { return c != "" && c[0] >= '0' && c[0] <= '9' }

// constEqual compares two constants. Two numbers compare by value; two
// names are equal when they are the same name, and taken as different
// otherwise (the enumerators and flags a function tells apart have
// distinct values); a name and a number cannot be compared.
func constEqual(a, b string) (eq, known bool) {
	if a == "" || b == "" {
		return false, false
	}
	if a == b {
		return true, true
	}
	if isNumber(a) != isNumber(b) {
		return false, false
	}
	if isNumber(a) {
		x, okx := cparse.NumConst(a)
		y, oky := cparse.NumConst(b)
		if !okx || !oky {
			return false, false
		}
		return x == y, true
	}
	return false, true
}

// constAnd is a & b when one side is the number zero (flags & X with
// flags 0): zero, whatever the other side is. Two numbers fold
// (foldConst); two flag names can share bits (GFP_KERNEL &
// __GFP_DIRECT_RECLAIM): unknown.
func constAnd(a, b string) (Val, bool) {
	if isZeroLit(a) || isZeroLit(b) {
		return Val{Null: Yes, Const: "0"}, true
	}
	return Val{}, false
}

// switchSuccs returns the successors of a switch block that a constant
// tag value can take: the case with the same constant, else the default
// (or no-match) edge. ok is false when some case value is not a constant
// or a range, or the cases cannot be compared with the tag: then every
// successor. Enumerators compare by value where it is known (enumConst):
// 0 passed for event takes none of `case RTM_NEWADDR:` and `case
// RTM_DELADDR:`.
func (fc *fctx) switchSuccs(bb *cparse.BB, tag string) (succs []*cparse.BB, ok bool) {
	tag = fc.enumConst(tag)
	if tag == "" || len(bb.Cases) != len(bb.Succs) {
		return nil, false
	}
	var match, other []*cparse.BB
	for i, succ := range bb.Succs {
		c := bb.Cases[i]
		if c == nil {
			other = append(other, succ)
			continue
		}
		if i < len(bb.CaseHi) && bb.CaseHi[i] != nil {
			return nil, false
		}
		eq, known := constEqual(tag, fc.enumConst(cparse.ConstOf(c)))
		if !known {
			return nil, false
		}
		if eq {
			match = append(match, succ)
		}
	}
	if len(match) > 0 {
		return match, true
	}
	return other, true
}

// decidingParams returns the parameters of a function whose value can
// decide a path: named in a branch condition, a switch or a ?:, passed to
// a call the kernel table models (a GFP argument, a lock's flags), or
// passed on as an argument that decides in a function of the unit. Only
// their constants are kept at the entry: a register number written out
// does not make another entry to analyse (sfc's MCDI helpers are called
// with hundreds of them).
func (f *Flow) decidingParams(n *callgraph.Node) map[string]bool {
	if v, ok := f.deciding.Load(n); ok {
		return v.(map[string]bool)
	}
	// While computing (recursion through the call graph), nothing decides.
	f.deciding.Store(n, map[string]bool{})
	params := map[string]bool{}
	for _, p := range n.Fn.Params {
		if p.Name != "" {
			params[p.Name] = true
		}
	}
	out := map[string]bool{}
	named := func(e cparse.Expr) {
		cparse.WalkExpr(e, func(x cparse.Expr) {
			if id, ok := x.(*cparse.Ident); ok && params[id.Name] {
				out[id.Name] = true
			}
		})
	}
	if len(params) > 0 && n.Fn.Body != nil {
		for _, bb := range n.Fn.CFG().Blocks {
			named(bb.Cond)
			named(bb.Switch)
		}
		cparse.WalkStmt(n.Fn.Body, func(x cparse.Expr) {
			switch x := x.(type) {
			case *cparse.Cond:
				named(x.C)
			case *cparse.Binary:
				if x.Op == "&&" || x.Op == "||" {
					named(x)
				}
				// gfp & __GFP_DIRECT_RECLAIM, kept for a later test.
				if x.Op == "&" && (f.gfpBlockingName(x.X) || f.gfpBlockingName(x.Y)) {
					named(x)
				}
			case *cparse.Call:
				if x.Name == "" {
					return
				}
				if f.Table.Models(x.Name) {
					for _, a := range x.Args {
						named(a)
					}
					return
				}
				callee := f.Graph.Resolve(n.File, x.Name)
				if callee == nil || callee.Fn == nil {
					return
				}
				// A parameter passed on, alone or in an expression
				// (update_guest(v, state == RUNSTATE_runnable)), to a
				// parameter that decides the callee's path.
				sub := f.decidingParams(callee)
				for i, a := range x.Args {
					if i < len(callee.Fn.Params) && sub[callee.Fn.Params[i].Name] {
						named(a)
					}
				}
			}
		})
	}
	f.deciding.Store(n, out)
	return out
}

// gfpBlockingName reports whether e names a GFP flag that allows blocking.
func (f *Flow) gfpBlockingName(e cparse.Expr) bool {
	id, ok := cparse.Unparen(e).(*cparse.Ident)
	return ok && f.Table.GFP[id.Name]
}

// compareNames computes == and != on two named constants (constEqual:
// enumerators and flags a function tells apart are distinct), which
// foldConst leaves to numbers: kvm_xen_update_runstate(v, state) passes
// state == RUNSTATE_runnable on as the callee's atomic flag.
func compareNames(op, a, b string) (Val, bool) {
	if op != "==" && op != "!=" || isNumber(a) || isNumber(b) {
		return Val{}, false
	}
	eq, known := constEqual(a, b)
	if !known {
		return Val{}, false
	}
	if eq == (op == "==") {
		return Val{Null: No, Const: "1"}, true
	}
	return Val{Null: Yes, Const: "0"}, true
}

// foldConst computes a binary operation on two numbers: the bit-field
// macros of drivers (sfc's EFX_INSERT_NATIVE(min, max, low, high, value)
// tests `low > max` on numbers) then take one branch of their ?: instead
// of forking the state at each. Division, negative values and shifts out
// of range are left unknown.
func foldConst(op, a, b string) (Val, bool) {
	if !isNumber(a) || !isNumber(b) {
		return Val{}, false
	}
	sa, oka := cparse.NumConst(a)
	sb, okb := cparse.NumConst(b)
	if !oka || !okb {
		return Val{}, false
	}
	x, errx := strconv.ParseInt(sa, 10, 64)
	y, erry := strconv.ParseInt(sb, 10, 64)
	if errx != nil || erry != nil {
		return Val{}, false
	}
	var z int64
	switch op {
	case "+":
		z = x + y
	case "-":
		z = x - y
	case "*":
		z = x * y
	case "<<":
		if y < 0 || y > 62 {
			return Val{}, false
		}
		z = x << y
	case ">>":
		if y < 0 || y > 63 {
			return Val{}, false
		}
		z = x >> y
	case "|":
		z = x | y
	case "&":
		z = x & y
	case "^":
		z = x ^ y
	case "<", ">", "<=", ">=", "==", "!=":
		var t bool
		switch op {
		case "<":
			t = x < y
		case ">":
			t = x > y
		case "<=":
			t = x <= y
		case ">=":
			t = x >= y
		case "==":
			t = x == y
		case "!=":
			t = x != y
		}
		if t {
			z = 1
		}
	default:
		return Val{}, false
	}
	if z < 0 {
		return Val{}, false
	}
	v := Val{Null: No, Const: strconv.FormatInt(z, 10)}
	if z == 0 {
		v.Null = Yes
	}
	return v, true
}
