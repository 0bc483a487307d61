// SPDX-License-Identifier: MIT

package callgraph

import "github.com/kcovlint/kcovlint/cparse"

// WalkStmt is cparse.WalkStmt.
func WalkStmt(s cparse.Stmt, fn func(cparse.Expr)) { cparse.WalkStmt(s, fn) }

// WalkExpr is cparse.WalkExpr.
func WalkExpr(e cparse.Expr, fn func(cparse.Expr)) { cparse.WalkExpr(e, fn) }

// walkDecls calls fn for every declaration in a statement tree, also in
// the bodies of statement expressions.
func walkDecls(s cparse.Stmt, fn func(*cparse.DeclStmt)) {
	var stmt func(s cparse.Stmt)
	expr := func(e cparse.Expr) {
		cparse.WalkExpr(e, func(x cparse.Expr) {
			if se, ok := x.(*cparse.StmtExpr); ok && se.Body != nil {
				stmt(se.Body)
			}
		})
	}
	stmt = func(s cparse.Stmt) {
		switch s := s.(type) {
		case nil:
		case *cparse.Block:
			if s == nil {
				return
			}
			for _, x := range s.Stmts {
				stmt(x)
			}
		case *cparse.DeclStmt:
			fn(s)
			expr(s.Init)
		case *cparse.ExprStmt:
			expr(s.X)
		case *cparse.IfStmt:
			expr(s.Cond)
			stmt(s.Then)
			stmt(s.Else)
		case *cparse.ForStmt:
			stmt(s.Init)
			expr(s.Cond)
			expr(s.Post)
			stmt(s.Body)
		case *cparse.ReturnStmt:
			expr(s.X)
		default:
			stmt(cparse.Body(s))
		}
	}
	stmt(s)
}
