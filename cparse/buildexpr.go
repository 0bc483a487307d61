// SPDX-License-Identifier: MIT

package cparse

import (
	"strings"

	"modernc.org/cc/v4"
)

// expr converts a cc/v4 expression node.
func (b *builder) expr(n cc.ExpressionNode) Expr {
	if n == nil || isNilNode(n) {
		return nil
	}
	switch x := n.(type) {
	case *cc.PrimaryExpression:
		return b.primary(x)
	case *cc.PostfixExpression:
		return b.postfix(x)
	case *cc.UnaryExpression:
		return b.unary(x)
	case *cc.CastExpression:
		switch x.Case {
		case cc.CastExpressionUnary:
			return b.expr(x.UnaryExpression)
		case cc.CastExpressionCast:
			return &Cast{P: b.tokPos(x.Token), Type: b.typeName(x.TypeName), X: b.expr(x.CastExpression)}
		}
	case *cc.MultiplicativeExpression:
		if x.Case == cc.MultiplicativeExpressionCast {
			return b.expr(x.CastExpression)
		}
		return b.binaryChain(x)
	case *cc.AdditiveExpression:
		if x.Case == cc.AdditiveExpressionMul {
			return b.expr(x.MultiplicativeExpression)
		}
		return b.binaryChain(x)
	case *cc.ShiftExpression:
		if x.Case == cc.ShiftExpressionAdd {
			return b.expr(x.AdditiveExpression)
		}
		return b.binaryChain(x)
	case *cc.RelationalExpression:
		if x.Case == cc.RelationalExpressionShift {
			return b.expr(x.ShiftExpression)
		}
		return b.binaryChain(x)
	case *cc.EqualityExpression:
		if x.Case == cc.EqualityExpressionRel {
			return b.expr(x.RelationalExpression)
		}
		return b.binaryChain(x)
	case *cc.AndExpression:
		if x.Case == cc.AndExpressionEq {
			return b.expr(x.EqualityExpression)
		}
		return b.binaryChain(x)
	case *cc.ExclusiveOrExpression:
		if x.Case == cc.ExclusiveOrExpressionAnd {
			return b.expr(x.AndExpression)
		}
		return b.binaryChain(x)
	case *cc.InclusiveOrExpression:
		if x.Case == cc.InclusiveOrExpressionXor {
			return b.expr(x.ExclusiveOrExpression)
		}
		return b.binaryChain(x)
	case *cc.LogicalAndExpression:
		if x.Case == cc.LogicalAndExpressionOr {
			return b.expr(x.InclusiveOrExpression)
		}
		return b.binaryChain(x)
	case *cc.LogicalOrExpression:
		if x.Case == cc.LogicalOrExpressionLAnd {
			return b.expr(x.LogicalAndExpression)
		}
		return b.binaryChain(x)
	case *cc.ConditionalExpression:
		if x.Case == cc.ConditionalExpressionLOr {
			return b.expr(x.LogicalOrExpression)
		}
		c := b.expr(x.LogicalOrExpression)
		return &Cond{P: posOf(c, b.tokPos(x.Token)), C: c, T: b.expr(x.ExpressionList), F: b.expr(x.ConditionalExpression)}
	case *cc.AssignmentExpression:
		if x.Case == cc.AssignmentExpressionCond {
			return b.expr(x.ConditionalExpression)
		}
		return &Assign{P: b.pos(x.UnaryExpression), Op: x.Token.SrcStr(), L: b.expr(x.UnaryExpression), R: b.expr(x.AssignmentExpression)}
	case *cc.ExpressionList:
		if x.ExpressionList == nil {
			return b.expr(x.AssignmentExpression)
		}
		// Left-assoc comma chain.
		var items []Expr
		for l := x; l != nil; l = l.ExpressionList {
			items = append(items, b.expr(l.AssignmentExpression))
		}
		e := items[0]
		for _, it := range items[1:] {
			e = &Binary{P: e.Pos(), Op: ",", X: e, Y: it}
		}
		return e
	case *cc.ConstantExpression:
		return b.expr(x.ConditionalExpression)
	}
	return &BadExpr{P: b.pos(n), Text: strings.TrimSpace(cc.NodeSource(n))}
}

// isNilNode reports whether an expression node is a typed nil pointer, as
// cc leaves in the AST of a declaration it could not finish.
func isNilNode(n cc.ExpressionNode) bool {
	switch x := n.(type) {
	case *cc.PrimaryExpression:
		return x == nil
	case *cc.PostfixExpression:
		return x == nil
	case *cc.UnaryExpression:
		return x == nil
	case *cc.CastExpression:
		return x == nil
	case *cc.MultiplicativeExpression:
		return x == nil
	case *cc.AdditiveExpression:
		return x == nil
	case *cc.ShiftExpression:
		return x == nil
	case *cc.RelationalExpression:
		return x == nil
	case *cc.EqualityExpression:
		return x == nil
	case *cc.AndExpression:
		return x == nil
	case *cc.ExclusiveOrExpression:
		return x == nil
	case *cc.InclusiveOrExpression:
		return x == nil
	case *cc.LogicalAndExpression:
		return x == nil
	case *cc.LogicalOrExpression:
		return x == nil
	case *cc.ConditionalExpression:
		return x == nil
	case *cc.AssignmentExpression:
		return x == nil
	case *cc.ExpressionList:
		return x == nil
	case *cc.ConstantExpression:
		return x == nil
	}
	return false
}

// binaryChain converts a left-associative chain of binary operators of one
// precedence level (a + b - c ...) without recursing down its left spine,
// which is as long as the chain (macro expansions make chains of
// thousands).
func (b *builder) binaryChain(n cc.ExpressionNode) Expr {
	var ops []cc.Token
	var rights []cc.ExpressionNode
	cur := n
	for {
		l, op, r, ok := binaryParts(cur)
		if !ok {
			break
		}
		ops = append(ops, op)
		rights = append(rights, r)
		cur = l
	}
	x := b.expr(cur)
	for i := len(ops) - 1; i >= 0; i-- {
		var p Pos
		if x != nil {
			p = x.Pos()
		}
		x = &Binary{P: p, Op: ops[i].SrcStr(), X: x, Y: b.expr(rights[i])}
	}
	return x
}

// binaryParts splits a binary expression node into its operands and
// operator; ok is false for the node's other cases.
func binaryParts(n cc.ExpressionNode) (l cc.ExpressionNode, op cc.Token, r cc.ExpressionNode, ok bool) {
	switch x := n.(type) {
	case *cc.MultiplicativeExpression:
		if x != nil && x.Case != cc.MultiplicativeExpressionCast {
			return x.MultiplicativeExpression, x.Token, x.CastExpression, true
		}
	case *cc.AdditiveExpression:
		if x != nil && x.Case != cc.AdditiveExpressionMul {
			return x.AdditiveExpression, x.Token, x.MultiplicativeExpression, true
		}
	case *cc.ShiftExpression:
		if x != nil && x.Case != cc.ShiftExpressionAdd {
			return x.ShiftExpression, x.Token, x.AdditiveExpression, true
		}
	case *cc.RelationalExpression:
		if x != nil && x.Case != cc.RelationalExpressionShift {
			return x.RelationalExpression, x.Token, x.ShiftExpression, true
		}
	case *cc.EqualityExpression:
		if x != nil && x.Case != cc.EqualityExpressionRel {
			return x.EqualityExpression, x.Token, x.RelationalExpression, true
		}
	case *cc.AndExpression:
		if x != nil && x.Case != cc.AndExpressionEq {
			return x.AndExpression, x.Token, x.EqualityExpression, true
		}
	case *cc.ExclusiveOrExpression:
		if x != nil && x.Case != cc.ExclusiveOrExpressionAnd {
			return x.ExclusiveOrExpression, x.Token, x.AndExpression, true
		}
	case *cc.InclusiveOrExpression:
		if x != nil && x.Case != cc.InclusiveOrExpressionXor {
			return x.InclusiveOrExpression, x.Token, x.ExclusiveOrExpression, true
		}
	case *cc.LogicalAndExpression:
		if x != nil && x.Case != cc.LogicalAndExpressionOr {
			return x.LogicalAndExpression, x.Token, x.InclusiveOrExpression, true
		}
	case *cc.LogicalOrExpression:
		if x != nil && x.Case != cc.LogicalOrExpressionLAnd {
			return x.LogicalOrExpression, x.Token, x.LogicalAndExpression, true
		}
	}
	return nil, cc.Token{}, nil, false
}

func (b *builder) primary(x *cc.PrimaryExpression) Expr {
	p := b.tokPos(x.Token)
	switch x.Case {
	case cc.PrimaryExpressionIdent:
		return &Ident{P: p, Name: x.Token.SrcStr()}
	case cc.PrimaryExpressionInt, cc.PrimaryExpressionFloat:
		return &Lit{P: p, Kind: TNumber, Value: x.Token.SrcStr()}
	case cc.PrimaryExpressionChar, cc.PrimaryExpressionLChar:
		return &Lit{P: p, Kind: TChar, Value: x.Token.SrcStr()}
	case cc.PrimaryExpressionString, cc.PrimaryExpressionLString:
		return &Lit{P: p, Kind: TString, Value: x.Token.SrcStr()}
	case cc.PrimaryExpressionExpr:
		return b.expr(x.ExpressionList)
	case cc.PrimaryExpressionStmt:
		return &StmtExpr{P: p, Body: b.compound(x.CompoundStatement)}
	}
	return &BadExpr{P: p, Text: strings.TrimSpace(cc.NodeSource(x))}
}

func (b *builder) postfix(x *cc.PostfixExpression) Expr {
	switch x.Case {
	case cc.PostfixExpressionPrimary:
		return b.expr(x.PrimaryExpression)
	case cc.PostfixExpressionIndex:
		base := b.expr(x.PostfixExpression)
		return &Index{P: posOf(base, b.tokPos(x.Token)), X: base, I: b.expr(x.ExpressionList)}
	case cc.PostfixExpressionCall:
		fun := b.expr(x.PostfixExpression)
		c := &Call{P: posOf(fun, b.tokPos(x.Token)), Fun: fun}
		if id, ok := fun.(*Ident); ok {
			c.Name = id.Name
		}
		for l := x.ArgumentExpressionList; l != nil; l = l.ArgumentExpressionList {
			c.Args = append(c.Args, b.expr(l.AssignmentExpression))
		}
		return c
	case cc.PostfixExpressionSelect, cc.PostfixExpressionPSelect:
		base := b.expr(x.PostfixExpression)
		return &Member{P: posOf(base, b.tokPos(x.Token)), X: base, Name: x.Token2.SrcStr(), Arrow: x.Case == cc.PostfixExpressionPSelect}
	case cc.PostfixExpressionInc:
		base := b.expr(x.PostfixExpression)
		return &Unary{P: posOf(base, b.tokPos(x.Token)), Op: "x++", X: base}
	case cc.PostfixExpressionDec:
		base := b.expr(x.PostfixExpression)
		return &Unary{P: posOf(base, b.tokPos(x.Token)), Op: "x--", X: base}
	case cc.PostfixExpressionComplit:
		return &CompoundLit{P: b.tokPos(x.Token), Type: b.typeName(x.TypeName), Init: b.initList(x.InitializerList, b.tokPos(x.Token3))}
	}
	return &BadExpr{P: b.pos(x), Text: strings.TrimSpace(cc.NodeSource(x))}
}

func posOf(e Expr, fallback Pos) Pos {
	if e != nil && e.Pos().IsValid() {
		return e.Pos()
	}
	return fallback
}

func (b *builder) unary(x *cc.UnaryExpression) Expr {
	p := b.tokPos(x.Token)
	switch x.Case {
	case cc.UnaryExpressionPostfix:
		return b.expr(x.PostfixExpression)
	case cc.UnaryExpressionInc:
		return &Unary{P: p, Op: "++", X: b.expr(x.UnaryExpression)}
	case cc.UnaryExpressionDec:
		return &Unary{P: p, Op: "--", X: b.expr(x.UnaryExpression)}
	case cc.UnaryExpressionAddrof:
		return &Unary{P: p, Op: "&", X: b.expr(x.CastExpression)}
	case cc.UnaryExpressionDeref:
		return &Unary{P: p, Op: "*", X: b.expr(x.CastExpression)}
	case cc.UnaryExpressionPlus:
		return &Unary{P: p, Op: "+", X: b.expr(x.CastExpression)}
	case cc.UnaryExpressionMinus:
		return &Unary{P: p, Op: "-", X: b.expr(x.CastExpression)}
	case cc.UnaryExpressionCpl:
		return &Unary{P: p, Op: "~", X: b.expr(x.CastExpression)}
	case cc.UnaryExpressionNot:
		return &Unary{P: p, Op: "!", X: b.expr(x.CastExpression)}
	case cc.UnaryExpressionSizeofExpr:
		return &Unary{P: p, Op: "sizeof", X: b.expr(x.UnaryExpression)}
	case cc.UnaryExpressionSizeofType:
		return &SizeofType{P: p, Op: "sizeof", Type: b.typeName(x.TypeName)}
	case cc.UnaryExpressionAlignofExpr:
		return &Unary{P: p, Op: "alignof", X: b.expr(x.UnaryExpression)}
	case cc.UnaryExpressionAlignofType:
		return &SizeofType{P: p, Op: "alignof", Type: b.typeName(x.TypeName)}
	case cc.UnaryExpressionLabelAddr:
		return &Unary{P: p, Op: "&&", X: &Ident{P: b.tokPos(x.Token2), Name: x.Token2.SrcStr()}}
	case cc.UnaryExpressionImag:
		return &Unary{P: p, Op: "__imag__", X: b.expr(x.UnaryExpression)}
	case cc.UnaryExpressionReal:
		return &Unary{P: p, Op: "__real__", X: b.expr(x.UnaryExpression)}
	}
	return &BadExpr{P: p, Text: strings.TrimSpace(cc.NodeSource(x))}
}

func (b *builder) typeName(tn *cc.TypeName) string {
	if tn == nil {
		return ""
	}
	s := b.sqlText(tn.SpecifierQualifierList)
	if tn.AbstractDeclarator != nil {
		stars := 0
		for p := tn.AbstractDeclarator.Pointer; p != nil; p = p.Pointer {
			stars++
		}
		if stars > 0 {
			s += " " + strings.Repeat("*", stars)
		} else {
			s += " " + strings.TrimSpace(cc.NodeSource(tn.AbstractDeclarator))
		}
	}
	return s
}
