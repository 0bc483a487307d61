// SPDX-License-Identifier: MIT

package cparse

// CFG is a function's control-flow graph. Blocks hold statement-level
// nodes; a block ends in a two-way branch on a condition (Cond != nil:
// Succs[0] when true, Succs[1] when false), a multi-way switch (Switch !=
// nil: one successor per case, the last for default / no match), or a jump
// to its only successor. Conditions keep their && || ! ?: structure: the
// analyses evaluate them path-sensitively themselves.
type CFG struct {
	Func   *Func
	Blocks []*BB
	Entry  *BB
	Exit   *BB // every return and the end of the body lead here
}

// BB is a basic block.
type BB struct {
	Index  int
	Nodes  []Node
	Cond   Expr // two-way branch
	Switch Expr // multi-way branch on this value
	// Cases gives, for a switch, the case value of each successor (nil for
	// default and for the implicit no-match edge); CaseHi the upper end of
	// a GNU case range (case A ... B:), nil for a single value.
	Cases, CaseHi []Expr
	Succs         []*BB
	Preds         []*BB
	// Loop is set on the head block of a loop.
	Loop bool
}

// Node is a statement-level CFG node.
type Node interface{ Pos() Pos }

type (
	// ExprNode evaluates an expression statement (calls, assignments).
	// Scope is set for a scope-bound statement (guard(x)(args);): the
	// block whose end ends its effect.
	ExprNode struct {
		X     Expr
		Scope *Block
	}
	// DeclNode declares a local variable, evaluating its initializer.
	DeclNode struct{ Decl *DeclStmt }
	// ReturnNode evaluates the returned value (X may be nil); control
	// then leaves the function.
	ReturnNode struct {
		P Pos
		X Expr
	}
	// ScopeEnd marks leaving a block that holds scope-bound statements:
	// curried calls such as `guard(spinlock)(&l);`, whose effect lasts
	// until the end of the enclosing block.
	ScopeEnd struct {
		P     Pos
		Block *Block
	}
	// MacroEnter and MacroExit bracket the loop an iterator macro was read
	// as (`NAME(args) statement`): Call is evaluated once on entry, and
	// MacroExit is reached on every way out of the loop. Whether the body
	// then runs once (scoped_guard) or many times (list_for_each_entry) is
	// the analyses' business.
	MacroEnter struct {
		Call *Call
		Loop *ForStmt
	}
	MacroExit struct {
		P    Pos
		Call *Call
		Loop *ForStmt
	}
)

func (n *ExprNode) Pos() Pos   { return n.X.Pos() }
func (n *DeclNode) Pos() Pos   { return n.Decl.P }
func (n *ReturnNode) Pos() Pos { return n.P }
func (n *ScopeEnd) Pos() Pos   { return n.P }
func (n *MacroEnter) Pos() Pos { return n.Call.P }
func (n *MacroExit) Pos() Pos  { return n.P }

// IsScopeBound reports whether s is a statement whose effect lasts until
// the end of its block: a call of a call, `guard(x)(args);`.
func IsScopeBound(s Stmt) (*Call, bool) {
	es, ok := s.(*ExprStmt)
	if !ok {
		return nil, false
	}
	c, ok := es.X.(*Call)
	if !ok {
		return nil, false
	}
	if _, ok := c.Fun.(*Call); ok {
		return c, true
	}
	return nil, false
}

// CFG returns the function's control-flow graph, building it on first use.
func (f *Func) CFG() *CFG {
	if f.cfg == nil {
		f.cfg = buildCFG(f)
	}
	return f.cfg
}
