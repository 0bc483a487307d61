// SPDX-License-Identifier: MIT

package cparse

import (
	"strings"

	"modernc.org/cc/v4"
)

// builder turns cc/v4's AST into the IR, mapping every position back to the
// original source.
type builder struct {
	u      *unit
	fn     *Func
	nTemps int
}

func (b *builder) pos(n cc.Node) Pos {
	if n == nil {
		return Pos{}
	}
	p := n.Position()
	return b.u.origPos(p.Line, p.Column)
}

func (b *builder) tokPos(t cc.Token) Pos {
	p := t.Position()
	return b.u.origPos(p.Line, p.Column)
}

// chunkOf returns the chunk a node was emitted from.
func (b *builder) chunkOf(n cc.Node) *chunk {
	p := n.Position()
	if e, ok := b.u.lookup(p.Line, p.Column); ok {
		return b.u.chunks[e.chunk]
	}
	return nil
}

func (b *builder) funcDef(fd *cc.FunctionDefinition) {
	if fd == nil || fd.Declarator == nil {
		return
	}
	name := fd.Declarator.Name()
	fn := &Func{Name: name, Pos: b.tokPos(fd.Declarator.NameTok()), Locals: map[string]string{}}
	if c := b.chunkOf(fd); c != nil && c.macro != nil && strings.HasPrefix(name, "__kl_fsd_") {
		fn.Name = c.macro.DisplayName()
		fn.Macro = c.macro
		fn.Pos = c.macro.Pos
	} else if fd.CompoundStatement != nil {
		// Generated when a macro wrote the body (its '{'); a head
		// written by a macro before a body in the file
		// (META_COLLECTOR(x) { ... }) is the file's function.
		p := fd.CompoundStatement.Token.Position()
		if e, ok := b.u.lookup(p.Line, p.Column); ok && b.u.tok(e).Exp {
			fn.Generated = true
		}
	}
	fn.Static, fn.Inline = specFlags(fd.DeclarationSpecifiers)
	fn.Result = b.typeText(fd.DeclarationSpecifiers, nil) + resultStars(fd.Declarator)
	if dd := fd.Declarator.DirectDeclarator; dd != nil {
		b.params(fn, dd)
	}
	b.fn = fn
	b.nTemps = 0
	for _, p := range fn.Params {
		fn.Locals[p.Name] = p.Type
	}
	fn.Body = b.compound(fd.CompoundStatement)
	if fn.Body != nil && len(fn.Body.Stmts) > 0 {
		// cc declares `static const char __func__[] = "name";` at the
		// start of every body; it is not in the source.
		if d, ok := fn.Body.Stmts[0].(*DeclStmt); ok && d.Name == "__func__" {
			fn.Body.Stmts = fn.Body.Stmts[1:]
			delete(fn.Locals, "__func__")
		}
	}
	if fd.CompoundStatement != nil {
		fn.End = b.tokPos(fd.CompoundStatement.Token2)
	}
	b.fn = nil
	b.u.file.Funcs = append(b.u.file.Funcs, fn)
}

// params finds the parameter list of a function declarator.
func (b *builder) params(fn *Func, dd *cc.DirectDeclarator) {
	for d := dd; d != nil; {
		switch d.Case {
		case cc.DirectDeclaratorFuncParam:
			if d.ParameterTypeList != nil {
				for pl := d.ParameterTypeList.ParameterList; pl != nil; pl = pl.ParameterList {
					pd := pl.ParameterDeclaration
					if pd == nil {
						continue
					}
					p := &Param{Type: b.typeText(pd.DeclarationSpecifiers, pd.Declarator)}
					if pd.Declarator != nil {
						p.Name = pd.Declarator.Name()
						p.Pos = b.tokPos(pd.Declarator.NameTok())
					}
					if p.Type == "void" && p.Name == "" {
						continue
					}
					fn.Params = append(fn.Params, p)
				}
			}
			// The innermost parameter list belongs to the function itself
			// unless the declarator is parenthesized (returns a function
			// pointer); keep looking inward only then.
			if d.DirectDeclarator != nil && d.DirectDeclarator.Case == cc.DirectDeclaratorDecl {
				fn.Params = nil
				d = d.DirectDeclarator.Declarator.DirectDeclarator
				continue
			}
			return
		case cc.DirectDeclaratorFuncIdent:
			return
		case cc.DirectDeclaratorDecl:
			if d.Declarator == nil {
				return
			}
			d = d.Declarator.DirectDeclarator
		default:
			d = d.DirectDeclarator
		}
	}
}

func specFlags(ds *cc.DeclarationSpecifiers) (static, inline bool) {
	for ; ds != nil; ds = ds.DeclarationSpecifiers {
		switch ds.Case {
		case cc.DeclarationSpecifiersStorage:
			if ds.StorageClassSpecifier != nil && ds.StorageClassSpecifier.Token.SrcStr() == "static" {
				static = true
			}
		case cc.DeclarationSpecifiersFunc:
			if ds.FunctionSpecifier != nil && ds.FunctionSpecifier.Case == cc.FunctionSpecifierInline {
				inline = true
			}
		}
	}
	return
}

func isExtern(ds *cc.DeclarationSpecifiers) bool {
	for ; ds != nil; ds = ds.DeclarationSpecifiers {
		if ds.Case == cc.DeclarationSpecifiersStorage && ds.StorageClassSpecifier != nil && ds.StorageClassSpecifier.Token.SrcStr() == "extern" {
			return true
		}
	}
	return false
}

func isTypedef(ds *cc.DeclarationSpecifiers) bool {
	for ; ds != nil; ds = ds.DeclarationSpecifiers {
		if ds.Case == cc.DeclarationSpecifiersStorage && ds.StorageClassSpecifier != nil && ds.StorageClassSpecifier.Token.SrcStr() == "typedef" {
			return true
		}
	}
	return false
}

// typeText renders the type of a declaration as C ("struct file *",
// "spinlock_t", "unsigned long").
func (b *builder) typeText(ds *cc.DeclarationSpecifiers, d *cc.Declarator) string {
	var parts []string
	for ; ds != nil; ds = ds.DeclarationSpecifiers {
		switch ds.Case {
		case cc.DeclarationSpecifiersTypeSpec:
			parts = append(parts, b.typeSpec(ds.TypeSpecifier))
		case cc.DeclarationSpecifiersTypeQual:
			if ds.TypeQualifier != nil && ds.TypeQualifier.Token.SrcStr() == "const" {
				parts = append(parts, "const")
			}
		}
	}
	s := strings.Join(parts, " ")
	return s + declSuffix(d)
}

func (b *builder) sqlText(sql *cc.SpecifierQualifierList) string {
	var parts []string
	for ; sql != nil; sql = sql.SpecifierQualifierList {
		if sql.TypeSpecifier != nil {
			parts = append(parts, b.typeSpec(sql.TypeSpecifier))
		}
	}
	return strings.Join(parts, " ")
}

func (b *builder) typeSpec(ts *cc.TypeSpecifier) string {
	if ts == nil {
		return ""
	}
	switch {
	case ts.StructOrUnionSpecifier != nil:
		s := ts.StructOrUnionSpecifier
		kw := "struct"
		if s.StructOrUnion != nil {
			kw = s.StructOrUnion.Token.SrcStr()
		}
		b.recordStruct(s)
		if tag := s.Token.SrcStr(); tag != "" {
			return kw + " " + tag
		}
		return kw
	case ts.EnumSpecifier != nil:
		b.recordEnum(ts.EnumSpecifier)
		if tag := ts.EnumSpecifier.Token2.SrcStr(); tag != "" {
			return "enum " + tag
		}
		return "enum"
	case ts.TypeName != nil || ts.ExpressionList != nil:
		return "typeof(" + strings.TrimSpace(cc.NodeSource(ts)) + ")"
	}
	return ts.Token.SrcStr()
}

func (b *builder) recordStruct(s *cc.StructOrUnionSpecifier) {
	tag := s.Token.SrcStr()
	if tag == "" || s.StructDeclarationList == nil {
		return
	}
	kw := "struct"
	if s.StructOrUnion != nil {
		kw = s.StructOrUnion.Token.SrcStr()
	}
	key := kw + " " + tag
	if _, ok := b.u.file.Structs[key]; ok {
		return
	}
	st := &Struct{Name: key, Pos: b.pos(s)}
	b.u.file.Structs[key] = st
	st.Fields = b.structFields(s.StructDeclarationList, false, key)
}

// structFields lists the members of a struct definition (owner, "struct
// foo"). An anonymous struct or union member takes one place, a Field
// without a name (a positional initializer gives it one value), followed
// by its own members, marked Inner, which are named as members of the
// outer struct. A named member of an untagged struct or union type
// (union { struct a x; struct b y; } u;) has the type "union foo:u",
// recorded as a struct of the file like a tagged one: the members below
// it (p->u.x.lock) have types too.
func (b *builder) structFields(list *cc.StructDeclarationList, inner bool, owner string) []Field {
	var out []Field
	for l := list; l != nil; l = l.StructDeclarationList {
		sd := l.StructDeclaration
		if sd == nil || sd.SpecifierQualifierList == nil {
			continue
		}
		base := b.sqlText(sd.SpecifierQualifierList)
		if sd.StructDeclaratorList == nil {
			// struct { ... union { a; b; }; ... }
			out = append(out, Field{Type: base, Inner: inner})
			for q := sd.SpecifierQualifierList; q != nil; q = q.SpecifierQualifierList {
				if ts := q.TypeSpecifier; ts != nil && ts.StructOrUnionSpecifier != nil {
					out = append(out, b.structFields(ts.StructOrUnionSpecifier.StructDeclarationList, true, owner)...)
				}
			}
			continue
		}
		for dl := sd.StructDeclaratorList; dl != nil; dl = dl.StructDeclaratorList {
			if dl.StructDeclarator == nil || dl.StructDeclarator.Declarator == nil {
				continue
			}
			d := dl.StructDeclarator.Declarator
			typ := base
			if (base == "struct" || base == "union") && d.Name() != "" && owner != "" {
				if spec := untaggedSpecifier(sd.SpecifierQualifierList); spec != nil {
					typ = base + " " + owner[strings.IndexByte(owner, ' ')+1:] + ":" + d.Name()
					if _, ok := b.u.file.Structs[typ]; !ok {
						st := &Struct{Name: typ, Pos: b.pos(spec)}
						b.u.file.Structs[typ] = st
						st.Fields = b.structFields(spec.StructDeclarationList, false, typ)
					}
				}
			}
			out = append(out, Field{Name: d.Name(), Type: typ + declSuffix(d), Inner: inner})
		}
	}
	return out
}

// untaggedSpecifier returns the untagged struct or union definition of a
// member's specifiers, or nil.
func untaggedSpecifier(q *cc.SpecifierQualifierList) *cc.StructOrUnionSpecifier {
	for ; q != nil; q = q.SpecifierQualifierList {
		if ts := q.TypeSpecifier; ts != nil && ts.StructOrUnionSpecifier != nil {
			if s := ts.StructOrUnionSpecifier; s.Token.SrcStr() == "" && s.StructDeclarationList != nil {
				return s
			}
		}
	}
	return nil
}

// declSuffix renders the pointer and array parts of a declarator.
func declSuffix(d *cc.Declarator) string {
	if d == nil {
		return ""
	}
	s := ""
	for p := d.Pointer; p != nil; p = p.Pointer {
		if p.Case == cc.PointerTypeQual || p.Case == cc.PointerPtr {
			s += "*"
		}
	}
	for dd := d.DirectDeclarator; dd != nil; dd = dd.DirectDeclarator {
		switch dd.Case {
		case cc.DirectDeclaratorArr, cc.DirectDeclaratorStaticArr, cc.DirectDeclaratorArrStatic, cc.DirectDeclaratorStar:
			s += "[]"
		case cc.DirectDeclaratorFuncParam, cc.DirectDeclaratorFuncIdent:
			s += "()"
		case cc.DirectDeclaratorDecl:
			if dd.Declarator != nil {
				s += "(" + declSuffix(dd.Declarator) + ")"
			}
		}
	}
	if s != "" && !strings.HasPrefix(s, "[") && !strings.HasPrefix(s, "(") {
		s = " " + s
	}
	return s
}

func (b *builder) fileDecl(d *cc.Declaration) {
	if d == nil || d.DeclarationSpecifiers == nil {
		return
	}
	// Record struct definitions even without declarators.
	_ = b.typeText(d.DeclarationSpecifiers, nil)
	if isTypedef(d.DeclarationSpecifiers) {
		return
	}
	static, _ := specFlags(d.DeclarationSpecifiers)
	ext := isExtern(d.DeclarationSpecifiers)
	for l := d.InitDeclaratorList; l != nil; l = l.InitDeclaratorList {
		id := l.InitDeclarator
		if id == nil || id.Declarator == nil {
			continue
		}
		g := &Global{
			Name:   id.Declarator.Name(),
			Type:   b.typeText(d.DeclarationSpecifiers, id.Declarator),
			Pos:    b.tokPos(id.Declarator.NameTok()),
			Static: static,
			Extern: ext,
		}
		if id.Initializer != nil {
			g.Init = b.initializer(id.Initializer)
		}
		b.u.file.Globals = append(b.u.file.Globals, g)
	}
}

func (b *builder) initializer(in *cc.Initializer) Expr {
	if in == nil {
		return nil
	}
	switch in.Case {
	case cc.InitializerExpr:
		return b.expr(in.AssignmentExpression)
	case cc.InitializerInitList:
		return b.initList(in.InitializerList, b.tokPos(in.Token))
	}
	return nil
}

func (b *builder) initList(il *cc.InitializerList, p Pos) *InitList {
	out := &InitList{P: p}
	for l := il; l != nil; l = l.InitializerList {
		item := &InitItem{Value: b.initializer(l.Initializer)}
		if l.Designation != nil {
			for dl := l.Designation.DesignatorList; dl != nil; dl = dl.DesignatorList {
				d := dl.Designator
				if d == nil {
					continue
				}
				switch d.Case {
				case cc.DesignatorField, cc.DesignatorField2:
					item.Field = d.Token2.SrcStr()
					if item.Field == "" {
						item.Field = d.Token.SrcStr()
					}
				case cc.DesignatorIndex, cc.DesignatorIndex2:
					item.Index = b.expr(d.ConstantExpression)
				}
			}
		}
		out.Items = append(out.Items, item)
	}
	return out
}

// compound builds a block.
func (b *builder) compound(cs *cc.CompoundStatement) *Block {
	if cs == nil {
		return nil
	}
	blk := &Block{P: b.tokPos(cs.Token), End: b.tokPos(cs.Token2)}
	for l := cs.BlockItemList; l != nil; l = l.BlockItemList {
		bi := l.BlockItem
		if bi == nil {
			continue
		}
		switch bi.Case {
		case cc.BlockItemDecl:
			blk.Stmts = append(blk.Stmts, b.localDecl(bi.Declaration)...)
		case cc.BlockItemStmt:
			if s := b.stmt(bi.Statement); s != nil {
				blk.Stmts = append(blk.Stmts, s)
			}
		case cc.BlockItemFuncDef:
			// Nested function (GNU): not modelled.
		}
	}
	return blk
}

func (b *builder) localDecl(d *cc.Declaration) []Stmt {
	if d == nil || d.DeclarationSpecifiers == nil || isTypedef(d.DeclarationSpecifiers) {
		return nil
	}
	static, _ := specFlags(d.DeclarationSpecifiers)
	var out []Stmt
	for l := d.InitDeclaratorList; l != nil; l = l.InitDeclaratorList {
		id := l.InitDeclarator
		if id == nil || id.Declarator == nil {
			continue
		}
		ds := &DeclStmt{
			P:      b.tokPos(id.Declarator.NameTok()),
			Name:   id.Declarator.Name(),
			Type:   b.typeText(d.DeclarationSpecifiers, id.Declarator),
			Static: static,
		}
		if id.Initializer != nil {
			ds.Init = b.initializer(id.Initializer)
		}
		if b.fn != nil {
			b.fn.Locals[ds.Name] = ds.Type
		}
		out = append(out, ds)
	}
	return out
}

func (b *builder) stmt(s *cc.Statement) Stmt {
	if s == nil {
		return nil
	}
	switch s.Case {
	case cc.StatementLabeled:
		return b.labeled(s.LabeledStatement)
	case cc.StatementCompound:
		return b.compound(s.CompoundStatement)
	case cc.StatementExpr:
		es := s.ExpressionStatement
		if es == nil || es.ExpressionList == nil {
			return &EmptyStmt{P: b.pos(s)}
		}
		return &ExprStmt{X: b.expr(es.ExpressionList)}
	case cc.StatementSelection:
		ss := s.SelectionStatement
		switch ss.Case {
		case cc.SelectionStatementIf:
			return &IfStmt{P: b.tokPos(ss.Token), Cond: b.expr(ss.ExpressionList), Then: b.stmt(ss.Statement)}
		case cc.SelectionStatementIfElse:
			return &IfStmt{P: b.tokPos(ss.Token), Cond: b.expr(ss.ExpressionList), Then: b.stmt(ss.Statement), Else: b.stmt(ss.Statement2)}
		case cc.SelectionStatementSwitch:
			return &SwitchStmt{P: b.tokPos(ss.Token), Tag: b.expr(ss.ExpressionList), Body: b.stmt(ss.Statement)}
		}
	case cc.StatementIteration:
		is := s.IterationStatement
		switch is.Case {
		case cc.IterationStatementWhile:
			return &WhileStmt{P: b.tokPos(is.Token), Cond: b.expr(is.ExpressionList), Body: b.stmt(is.Statement)}
		case cc.IterationStatementDo:
			return &DoStmt{P: b.tokPos(is.Token), Body: b.stmt(is.Statement), Cond: b.expr(is.ExpressionList)}
		case cc.IterationStatementFor:
			f := &ForStmt{P: b.tokPos(is.Token), Cond: b.expr(is.ExpressionList2), Post: b.expr(is.ExpressionList3), Body: b.stmt(is.Statement)}
			if is.ExpressionList != nil {
				f.Init = &ExprStmt{X: b.expr(is.ExpressionList)}
			}
			if is.ExpressionList == nil && is.ExpressionList3 == nil {
				if c, ok := f.Cond.(*Call); ok && c.Name != "" {
					if e, ok := b.u.lookup(is.Token.Position().Line, is.Token.Position().Column); ok && b.u.tok(e).Exp {
						f.Macro = c.Name
					}
				}
			}
			return f
		case cc.IterationStatementForDecl:
			f := &ForStmt{P: b.tokPos(is.Token), Cond: b.expr(is.ExpressionList), Post: b.expr(is.ExpressionList2), Body: b.stmt(is.Statement)}
			if decls := b.localDecl(is.Declaration); len(decls) > 0 {
				if len(decls) == 1 {
					f.Init = decls[0]
				} else {
					f.Init = &Block{P: decls[0].Pos(), Stmts: decls}
				}
			}
			return f
		}
	case cc.StatementJump:
		js := s.JumpStatement
		p := b.tokPos(js.Token)
		switch js.Case {
		case cc.JumpStatementGoto:
			return &BranchStmt{P: p, Kind: "goto", Label: js.Token2.SrcStr()}
		case cc.JumpStatementGotoExpr:
			return &BranchStmt{P: p, Kind: "goto", X: b.expr(js.ExpressionList)}
		case cc.JumpStatementContinue:
			return &BranchStmt{P: p, Kind: "continue"}
		case cc.JumpStatementBreak:
			return &BranchStmt{P: p, Kind: "break"}
		case cc.JumpStatementReturn:
			return &ReturnStmt{P: p, X: b.expr(js.ExpressionList)}
		}
	case cc.StatementAsm:
		return &AsmStmt{P: b.pos(s)}
	}
	return nil
}

func (b *builder) labeled(ls *cc.LabeledStatement) Stmt {
	if ls == nil {
		return nil
	}
	p := b.tokPos(ls.Token)
	switch ls.Case {
	case cc.LabeledStatementLabel:
		return &LabelStmt{P: p, Label: ls.Token.SrcStr(), Body: b.stmt(ls.Statement)}
	case cc.LabeledStatementCaseLabel:
		return &CaseStmt{P: p, Value: b.expr(ls.ConstantExpression), Body: b.stmt(ls.Statement)}
	case cc.LabeledStatementRange:
		return &CaseStmt{P: p, Value: b.expr(ls.ConstantExpression), Hi: b.expr(ls.ConstantExpression2), Body: b.stmt(ls.Statement)}
	case cc.LabeledStatementDefault:
		return &CaseStmt{P: p, Body: b.stmt(ls.Statement)}
	}
	return nil
}
