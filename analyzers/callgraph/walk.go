// SPDX-License-Identifier: MIT

package callgraph

import "github.com/kcovlint/kcovlint/cparse"

// WalkStmt is cparse.WalkStmt.
func WalkStmt(s cparse.Stmt, fn func(cparse.Expr)) { cparse.WalkStmt(s, fn) }

// WalkExpr is cparse.WalkExpr.
func WalkExpr(e cparse.Expr, fn func(cparse.Expr)) { cparse.WalkExpr(e, fn) }
