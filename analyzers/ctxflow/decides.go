// SPDX-License-Identifier: MIT

package ctxflow

import (
	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
)

// Which calls a context predicate decides: a test of in_task() decides
// the calls in its branches and those after a branch that leaves. The
// decisions on the way to a call that the test decides are handed to the
// callee's entry (guardingDecisions), so that a rule sees the test that
// keeps a sleep several calls down out of atomic context.

// CallsAt reports whether fn's body makes a call at p.
func CallsAt(fn *cparse.Func, p cparse.Pos) bool {
	return fn.Body != nil && callAt(fn.Body, p)
}

// Decides reports whether the predicate call at predPos decides whether
// the call at callPos runs in fn: the call is in a branch of the if
// statement or conditional expression the predicate is tested in, or
// after an if statement one of whose branches does not fall through (if
// (in_interrupt()) return; kmalloc(GFP_KERNEL)). found reports whether fn
// tests the predicate there at all.
func Decides(fn *cparse.Func, predPos, callPos cparse.Pos) (decided, found bool) {
	if fn == nil || fn.Body == nil {
		return false, false
	}
	var walk func(st cparse.Stmt)
	walk = func(st cparse.Stmt) {
		switch st := st.(type) {
		case nil:
		case *cparse.Block:
			if st == nil {
				return
			}
			exitFound := false
			for _, x := range st.Stmts {
				if exitFound && callAt(x, callPos) {
					decided = true
				}
				walk(x)
				if ifs, ok := x.(*cparse.IfStmt); ok && exprCallAt(ifs.Cond, predPos) && (!fallsThrough(ifs.Then) || ifs.Else != nil && !fallsThrough(ifs.Else)) {
					exitFound = true
				}
			}
		case *cparse.IfStmt:
			if exprCallAt(st.Cond, predPos) {
				found = true
				if callAt(st.Then, callPos) || callAt(st.Else, callPos) {
					decided = true
				}
			}
			walk(st.Then)
			walk(st.Else)
		default:
			if b := cparse.Body(st); b != nil {
				walk(b)
			}
		}
	}
	walk(fn.Body)
	callgraph.WalkStmt(fn.Body, func(e cparse.Expr) {
		if c, ok := e.(*cparse.Cond); ok && exprCallAt(c.C, predPos) {
			found = true
			if exprCallAt(c.T, callPos) || exprCallAt(c.F, callPos) {
				decided = true
			}
		}
	})
	return decided, found
}

// fallsThrough reports whether control can leave st at its end.
func fallsThrough(st cparse.Stmt) bool {
	switch st := st.(type) {
	case *cparse.ReturnStmt:
		return false
	case *cparse.BranchStmt:
		return false
	case *cparse.Block:
		if st == nil || len(st.Stmts) == 0 {
			return true
		}
		return fallsThrough(st.Stmts[len(st.Stmts)-1])
	case *cparse.IfStmt:
		return st.Else == nil || fallsThrough(st.Then) || fallsThrough(st.Else)
	}
	return true
}

// callAt reports whether a statement contains a call at p.
func callAt(st cparse.Stmt, p cparse.Pos) bool {
	found := false
	callgraph.WalkStmt(st, func(e cparse.Expr) {
		if c, ok := e.(*cparse.Call); ok && c.P == p {
			found = true
		}
	})
	return found
}

// exprCallAt reports whether an expression contains a call at p.
func exprCallAt(e cparse.Expr, p cparse.Pos) bool {
	found := false
	callgraph.WalkExpr(e, func(x cparse.Expr) {
		if c, ok := x.(*cparse.Call); ok && c.P == p {
			found = true
		}
	})
	return found
}

// sleepMeanings are the meanings of the context predicates code tests to
// decide whether it may sleep.
var sleepMeanings = map[string]bool{"task": true, "interrupt": true, "atomic": true, "softirq-or-bh": true, "irqs-disabled": true}

// guardingDecisions are the decisions of s a callee entered at call c
// inherits: those its caller inherited, and those whose test decides c.
// Tests that decide nothing about the call do not make the callee's
// entries differ.
func (fc *fctx) guardingDecisions(s *State, c *cparse.Call) []Decision {
	if len(s.Decisions) == 0 {
		return nil
	}
	var out []Decision
	for _, d := range s.Decisions {
		if p := fc.flow.Table.Preds[d.Pred]; p == nil || !sleepMeanings[p.Meaning] {
			// Not a context predicate that can stand for "may
			// sleep" (a last-reference test: State.LastRef says it).
			continue
		}
		if fc.inherited(d) {
			out = append(out, d)
			continue
		}
		if decided, found := Decides(fc.node.Fn, d.Pos, c.P); decided && found {
			out = append(out, d)
		}
	}
	return out
}

// inherited reports whether the function's entry came with decision d.
func (fc *fctx) inherited(d Decision) bool {
	if fc.entry == nil || fc.entry.State == nil {
		return false
	}
	for _, e := range fc.entry.State.Decisions {
		if e.Pos == d.Pos && e.Pred == d.Pred && e.Outcome == d.Outcome {
			return true
		}
	}
	return false
}
