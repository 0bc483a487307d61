// SPDX-License-Identifier: MIT

package ctxflow

import "github.com/kcovlint/kcovlint/cparse"

// inertStmtExpr reports whether evaluating a statement expression can
// change nothing the analysis tracks, so that it need not be walked: its
// statements are declarations of its own variables, expressions and ifs;
// it calls nothing the kernel table models and no function of the unit
// (nor WARN_ON()); it assigns and reads through only its own variables.
// rt2x00's FIELD32() is one — a BUILD_BUG_ON() and a compound literal,
// met thousands of times in rt2800lib.c, each a walk of a small graph
// whose || conditions fork the state.
func (fc *fctx) inertStmtExpr(e *cparse.StmtExpr) bool {
	if v, ok := fc.flow.inert.Load(e); ok {
		return v.(bool)
	}
	own := map[string]bool{}
	ok := fc.inertBlock(e.Body, own)
	fc.flow.inert.Store(e, ok)
	return ok
}

func (fc *fctx) inertBlock(b *cparse.Block, own map[string]bool) bool {
	if b == nil {
		return true
	}
	for _, st := range b.Stmts {
		switch st := st.(type) {
		case *cparse.DeclStmt:
			if st.Static {
				return false
			}
			own[st.Name] = true
			if st.Init != nil && !fc.inertExpr(st.Init, own) {
				return false
			}
		case *cparse.ExprStmt:
			if !fc.inertExpr(st.X, own) {
				return false
			}
		case *cparse.IfStmt:
			if !fc.inertExpr(st.Cond, own) {
				return false
			}
			for _, sub := range []cparse.Stmt{st.Then, st.Else} {
				if sub == nil {
					continue
				}
				blk, isBlock := sub.(*cparse.Block)
				if !isBlock {
					blk = &cparse.Block{Stmts: []cparse.Stmt{sub}}
				}
				if !fc.inertBlock(blk, own) {
					return false
				}
			}
		case *cparse.Block:
			if !fc.inertBlock(st, own) {
				return false
			}
		case *cparse.EmptyStmt:
		default:
			return false // loops, jumps, returns, asm: walk them
		}
	}
	return true
}

func (fc *fctx) inertExpr(x cparse.Expr, own map[string]bool) bool {
	ok := true
	ownVar := func(e cparse.Expr) bool {
		id, isIdent := cparse.Unparen(e).(*cparse.Ident)
		return isIdent && own[id.Name]
	}
	cparse.WalkExpr(x, func(e cparse.Expr) {
		if !ok {
			return
		}
		switch e := e.(type) {
		case *cparse.Call:
			if e.Name == warnCall || e.Name != "" && (fc.flow.Table.Models(e.Name) || fc.flow.Graph.Resolve(fc.node.File, e.Name) != nil) {
				ok = false
			}
		case *cparse.Assign:
			ok = ownVar(e.L)
		case *cparse.Unary:
			if e.Op == "++" || e.Op == "--" || e.Op == "x++" || e.Op == "x--" {
				ok = ownVar(e.X)
			}
		case *cparse.Member:
			ok = ownVar(e.X)
		case *cparse.Index:
			ok = ownVar(e.X)
		case *cparse.StmtExpr:
			ok = fc.inertBlock(e.Body, own)
		}
	})
	return ok
}
