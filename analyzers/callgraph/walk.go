// SPDX-License-Identifier: MIT

package callgraph

import "github.com/kcovlint/kcovlint/cparse"

// WalkStmt calls fn for every expression in a statement tree (outermost
// first, then sub-expressions), including the bodies of statement
// expressions.
func WalkStmt(s cparse.Stmt, fn func(cparse.Expr)) {
	switch s := s.(type) {
	case nil:
	case *cparse.Block:
		if s == nil {
			return
		}
		for _, x := range s.Stmts {
			WalkStmt(x, fn)
		}
	case *cparse.ExprStmt:
		WalkExpr(s.X, fn)
	case *cparse.DeclStmt:
		WalkExpr(s.Init, fn)
	case *cparse.IfStmt:
		WalkExpr(s.Cond, fn)
		WalkStmt(s.Then, fn)
		WalkStmt(s.Else, fn)
	case *cparse.SwitchStmt:
		WalkExpr(s.Tag, fn)
		WalkStmt(s.Body, fn)
	case *cparse.CaseStmt:
		WalkStmt(s.Body, fn)
	case *cparse.LabelStmt:
		WalkStmt(s.Body, fn)
	case *cparse.WhileStmt:
		WalkExpr(s.Cond, fn)
		WalkStmt(s.Body, fn)
	case *cparse.DoStmt:
		WalkStmt(s.Body, fn)
		WalkExpr(s.Cond, fn)
	case *cparse.ForStmt:
		WalkStmt(s.Init, fn)
		WalkExpr(s.Cond, fn)
		WalkExpr(s.Post, fn)
		WalkStmt(s.Body, fn)
	case *cparse.ReturnStmt:
		WalkExpr(s.X, fn)
	case *cparse.BranchStmt:
		WalkExpr(s.X, fn)
	}
}

// WalkExpr calls fn for e and every sub-expression.
func WalkExpr(e cparse.Expr, fn func(cparse.Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch e := e.(type) {
	case *cparse.Call:
		WalkExpr(e.Fun, fn)
		for _, a := range e.Args {
			WalkExpr(a, fn)
		}
	case *cparse.Unary:
		WalkExpr(e.X, fn)
	case *cparse.Binary:
		WalkExpr(e.X, fn)
		WalkExpr(e.Y, fn)
	case *cparse.Assign:
		WalkExpr(e.L, fn)
		WalkExpr(e.R, fn)
	case *cparse.Cond:
		WalkExpr(e.C, fn)
		WalkExpr(e.T, fn)
		WalkExpr(e.F, fn)
	case *cparse.Member:
		WalkExpr(e.X, fn)
	case *cparse.Index:
		WalkExpr(e.X, fn)
		WalkExpr(e.I, fn)
	case *cparse.Cast:
		WalkExpr(e.X, fn)
	case *cparse.StmtExpr:
		WalkStmt(e.Body, fn)
	case *cparse.InitList:
		for _, it := range e.Items {
			WalkExpr(it.Index, fn)
			WalkExpr(it.Value, fn)
		}
	case *cparse.CompoundLit:
		if e.Init != nil {
			WalkExpr(e.Init, fn)
		}
	}
}
