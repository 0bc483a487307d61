// SPDX-License-Identifier: MIT

package cparse

// WalkStmt calls fn for every expression in a statement tree (outermost
// first, then sub-expressions), including the bodies of statement
// expressions.
func WalkStmt(s Stmt, fn func(Expr)) {
	switch s := s.(type) {
	case nil:
	case *Block:
		if s == nil {
			return
		}
		for _, x := range s.Stmts {
			WalkStmt(x, fn)
		}
	case *ExprStmt:
		WalkExpr(s.X, fn)
	case *DeclStmt:
		WalkExpr(s.Init, fn)
	case *IfStmt:
		WalkExpr(s.Cond, fn)
		WalkStmt(s.Then, fn)
		WalkStmt(s.Else, fn)
	case *SwitchStmt:
		WalkExpr(s.Tag, fn)
		WalkStmt(s.Body, fn)
	case *CaseStmt:
		WalkStmt(s.Body, fn)
	case *LabelStmt:
		WalkStmt(s.Body, fn)
	case *WhileStmt:
		WalkExpr(s.Cond, fn)
		WalkStmt(s.Body, fn)
	case *DoStmt:
		WalkStmt(s.Body, fn)
		WalkExpr(s.Cond, fn)
	case *ForStmt:
		WalkStmt(s.Init, fn)
		WalkExpr(s.Cond, fn)
		WalkExpr(s.Post, fn)
		WalkStmt(s.Body, fn)
	case *ReturnStmt:
		WalkExpr(s.X, fn)
	case *BranchStmt:
		WalkExpr(s.X, fn)
	}
}

// WalkExpr calls fn for e and every sub-expression.
func WalkExpr(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch e := e.(type) {
	case *Call:
		WalkExpr(e.Fun, fn)
		for _, a := range e.Args {
			WalkExpr(a, fn)
		}
	case *Unary:
		WalkExpr(e.X, fn)
	case *Binary:
		WalkExpr(e.X, fn)
		WalkExpr(e.Y, fn)
	case *Assign:
		WalkExpr(e.L, fn)
		WalkExpr(e.R, fn)
	case *Cond:
		WalkExpr(e.C, fn)
		WalkExpr(e.T, fn)
		WalkExpr(e.F, fn)
	case *Member:
		WalkExpr(e.X, fn)
	case *Index:
		WalkExpr(e.X, fn)
		WalkExpr(e.I, fn)
	case *Cast:
		WalkExpr(e.X, fn)
	case *StmtExpr:
		WalkStmt(e.Body, fn)
	case *InitList:
		for _, it := range e.Items {
			WalkExpr(it.Index, fn)
			WalkExpr(it.Value, fn)
		}
	case *CompoundLit:
		if e.Init != nil {
			WalkExpr(e.Init, fn)
		}
	}
}

// Body returns the statement a loop, switch, case or label statement
// contains, or nil for other statements (blocks and ifs, whose parts
// walkers usually treat apart).
func Body(s Stmt) Stmt {
	switch s := s.(type) {
	case *WhileStmt:
		return s.Body
	case *DoStmt:
		return s.Body
	case *ForStmt:
		return s.Body
	case *SwitchStmt:
		return s.Body
	case *CaseStmt:
		return s.Body
	case *LabelStmt:
		return s.Body
	}
	return nil
}
