// SPDX-License-Identifier: MIT

package cparse

type cfgBuilder struct {
	g   *CFG
	cur *BB
	// Jump targets.
	breakTo    []*BB
	contTo     []*BB
	breakDepth []int // scope depth at each break target
	contDepth  []int
	labels     map[string]*BB
	labelDepth map[string][]*Block
	gotos      []pendingGoto
	// scopes are the enclosing blocks that hold scope-bound statements,
	// innermost last; macroLoops the enclosing iterator macro loops.
	scopes []*Block
	// switch state
	switchBB   []*BB
	switchHas  []bool
	macroExits []*MacroExit
	macroDepth []int // len(scopes) when each macro loop started
}

type pendingGoto struct {
	from   *BB
	label  string
	scopes []*Block
	pos    Pos
}

func buildCFG(f *Func) *CFG {
	g := &CFG{Func: f}
	b := &cfgBuilder{g: g, labels: map[string]*BB{}, labelDepth: map[string][]*Block{}}
	g.Entry = b.newBB()
	g.Exit = &BB{}
	b.cur = g.Entry
	if f.Body != nil {
		b.block(f.Body)
	}
	b.jump(g.Exit)
	for _, gt := range b.gotos {
		target, ok := b.labels[gt.label]
		if !ok {
			continue
		}
		// Leave the scopes the goto is in that the label is not in.
		from := gt.from
		inner := b.labelDepth[gt.label]
		for i := len(gt.scopes) - 1; i >= 0; i-- {
			if !containsBlock(inner, gt.scopes[i]) {
				from.Nodes = append(from.Nodes, &ScopeEnd{P: gt.pos, Block: gt.scopes[i]})
			}
		}
		link(from, target)
	}
	g.Exit.Index = len(g.Blocks)
	g.Blocks = append(g.Blocks, g.Exit)
	return g
}

func containsBlock(list []*Block, b *Block) bool {
	for _, x := range list {
		if x == b {
			return true
		}
	}
	return false
}

func (b *cfgBuilder) newBB() *BB {
	bb := &BB{Index: len(b.g.Blocks)}
	b.g.Blocks = append(b.g.Blocks, bb)
	return bb
}

func link(from, to *BB) {
	from.Succs = append(from.Succs, to)
	to.Preds = append(to.Preds, from)
}

// jump ends the current block with an edge to target and starts a new,
// unreachable block.
func (b *cfgBuilder) jump(target *BB) {
	if b.cur != nil {
		link(b.cur, target)
	}
	b.cur = nil
}

func (b *cfgBuilder) ensure() *BB {
	if b.cur == nil {
		b.cur = b.newBB() // unreachable code
	}
	return b.cur
}

func (b *cfgBuilder) add(n Node) {
	bb := b.ensure()
	bb.Nodes = append(bb.Nodes, n)
}

// leaveScopes emits ScopeEnd for the enclosing scopes deeper than depth.
func (b *cfgBuilder) leaveScopes(depth int, p Pos) {
	for i := len(b.scopes) - 1; i >= depth; i-- {
		b.add(&ScopeEnd{P: p, Block: b.scopes[i]})
	}
}

// leaveMacros emits MacroExit for the iterator loops being left by a
// return (all of them) or a break/continue to a loop outside them.
func (b *cfgBuilder) leaveMacros(scopeDepth int, p Pos) {
	for i := len(b.macroExits) - 1; i >= 0; i-- {
		if b.macroDepth[i] < scopeDepth {
			break
		}
		e := b.macroExits[i]
		b.add(&MacroExit{P: p, Call: e.Call, Loop: e.Loop})
	}
}

func (b *cfgBuilder) block(blk *Block) {
	if blk == nil {
		return
	}
	bound := false
	for _, s := range blk.Stmts {
		if _, ok := IsScopeBound(s); ok {
			bound = true
			break
		}
	}
	if bound {
		b.scopes = append(b.scopes, blk)
	}
	for _, s := range blk.Stmts {
		b.stmt(s)
	}
	if bound {
		b.scopes = b.scopes[:len(b.scopes)-1]
		if b.cur != nil {
			b.add(&ScopeEnd{P: blk.End, Block: blk})
		}
	}
}

func (b *cfgBuilder) stmt(s Stmt) {
	switch s := s.(type) {
	case nil:
	case *Block:
		b.block(s)
	case *ExprStmt:
		n := &ExprNode{X: s.X}
		if _, ok := IsScopeBound(s); ok && len(b.scopes) > 0 {
			n.Scope = b.scopes[len(b.scopes)-1]
		}
		b.add(n)
	case *DeclStmt:
		b.add(&DeclNode{Decl: s})
	case *EmptyStmt, *AsmStmt:
	case *IfStmt:
		cond := b.ensure()
		cond.Cond = s.Cond
		after := b.newBB()
		then := b.newBB()
		link(cond, then)
		var els *BB
		if s.Else != nil {
			els = b.newBB()
			link(cond, els)
		} else {
			link(cond, after)
		}
		b.cur = then
		b.stmt(s.Then)
		b.jump(after)
		if els != nil {
			b.cur = els
			b.stmt(s.Else)
			b.jump(after)
		}
		b.cur = after
	case *WhileStmt:
		head := b.newBB()
		head.Loop = true
		b.jump(head)
		after := b.newBB()
		body := b.newBB()
		head.Cond = s.Cond
		link(head, body)
		link(head, after)
		b.loopBody(s.Body, body, after, head)
		b.cur = after
	case *DoStmt:
		body := b.newBB()
		body.Loop = true
		b.jump(body)
		after := b.newBB()
		cond := b.newBB()
		b.loopBody(s.Body, body, after, cond)
		cond.Cond = s.Cond
		link(cond, body)
		link(cond, after)
		b.cur = after
	case *ForStmt:
		var exit *MacroExit
		if s.Macro != "" {
			if c, ok := s.Cond.(*Call); ok {
				b.add(&MacroEnter{Call: c, Loop: s})
				exit = &MacroExit{P: s.P, Call: c, Loop: s}
				b.macroExits = append(b.macroExits, exit)
				b.macroDepth = append(b.macroDepth, len(b.scopes))
			}
		}
		if s.Init != nil {
			b.stmt(s.Init)
		}
		head := b.newBB()
		head.Loop = true
		b.jump(head)
		after := b.newBB()
		body := b.newBB()
		post := b.newBB()
		if s.Cond != nil && exit == nil {
			head.Cond = s.Cond
			link(head, body)
			link(head, after)
		} else if exit != nil {
			// The iterator's condition is unknown: body or out.
			link(head, body)
			link(head, after)
		} else {
			link(head, body)
		}
		b.loopBody(s.Body, body, after, post)
		b.cur = post
		if s.Post != nil {
			b.add(&ExprNode{X: s.Post})
		}
		b.jump(head)
		b.cur = after
		if exit != nil {
			b.macroExits = b.macroExits[:len(b.macroExits)-1]
			b.macroDepth = b.macroDepth[:len(b.macroDepth)-1]
			b.add(exit)
		}
	case *SwitchStmt:
		head := b.ensure()
		head.Switch = s.Tag
		after := b.newBB()
		b.switchBB = append(b.switchBB, head)
		b.switchHas = append(b.switchHas, false)
		b.breakTo = append(b.breakTo, after)
		b.breakDepth = append(b.breakDepth, len(b.scopes))
		b.cur = nil
		b.stmt(s.Body)
		b.jump(after)
		hasDefault := b.switchHas[len(b.switchHas)-1]
		if !hasDefault {
			link(head, after)
			head.Cases = append(head.Cases, nil)
			head.CaseHi = append(head.CaseHi, nil)
		}
		b.switchBB = b.switchBB[:len(b.switchBB)-1]
		b.switchHas = b.switchHas[:len(b.switchHas)-1]
		b.breakTo = b.breakTo[:len(b.breakTo)-1]
		b.breakDepth = b.breakDepth[:len(b.breakDepth)-1]
		b.cur = after
	case *CaseStmt:
		target := b.newBB()
		b.jump(target) // fall through from the previous case
		if n := len(b.switchBB); n > 0 {
			head := b.switchBB[n-1]
			link(head, target)
			head.Cases = append(head.Cases, s.Value)
			head.CaseHi = append(head.CaseHi, s.Hi)
			if s.Value == nil {
				b.switchHas[n-1] = true
			}
		}
		b.cur = target
		b.stmt(s.Body)
	case *LabelStmt:
		target := b.newBB()
		b.jump(target)
		b.labels[s.Label] = target
		b.labelDepth[s.Label] = append([]*Block(nil), b.scopes...)
		b.cur = target
		b.stmt(s.Body)
	case *ReturnStmt:
		b.add(&ReturnNode{P: s.P, X: s.X})
		b.leaveMacros(0, s.P)
		b.leaveScopes(0, s.P)
		b.jump(b.g.Exit)
	case *BranchStmt:
		switch s.Kind {
		case "break":
			if n := len(b.breakTo); n > 0 {
				b.leaveMacros(b.breakDepth[n-1]+1, s.P)
				b.leaveScopes(b.breakDepth[n-1], s.P)
				b.jump(b.breakTo[n-1])
			}
		case "continue":
			if n := len(b.contTo); n > 0 {
				b.leaveScopes(b.contDepth[n-1], s.P)
				b.jump(b.contTo[n-1])
			}
		case "goto":
			if s.Label == "" {
				// Computed goto: any label; treat as leaving the function.
				b.jump(b.g.Exit)
				return
			}
			from := b.ensure()
			b.gotos = append(b.gotos, pendingGoto{from: from, label: s.Label, scopes: append([]*Block(nil), b.scopes...), pos: s.P})
			b.cur = nil
		}
	}
}

// loopBody builds a loop body starting in block body, with break going to
// after and continue to cont.
func (b *cfgBuilder) loopBody(s Stmt, body, after, cont *BB) {
	b.breakTo = append(b.breakTo, after)
	b.contTo = append(b.contTo, cont)
	b.breakDepth = append(b.breakDepth, len(b.scopes))
	b.contDepth = append(b.contDepth, len(b.scopes))
	b.cur = body
	b.stmt(s)
	b.jump(cont)
	b.breakTo = b.breakTo[:len(b.breakTo)-1]
	b.contTo = b.contTo[:len(b.contTo)-1]
	b.breakDepth = b.breakDepth[:len(b.breakDepth)-1]
	b.contDepth = b.contDepth[:len(b.contDepth)-1]
}
