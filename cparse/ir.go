// SPDX-License-Identifier: MIT

package cparse

import (
	"fmt"
	"strings"
)

// File is the IR of one parsed source file: what later passes need, in
// terms of the original source positions.
type File struct {
	Path    string
	Config  *Config
	Funcs   []*Func
	Globals []*Global
	// Macros are file-scope macro invocations (EXPORT_SYMBOL(x);,
	// module_init(f);, DEFINE_PER_CPU(t, v);, DEFINE_SPINLOCK(l); ...),
	// in source order, from active code only.
	Macros []*MacroUse
	// Structs maps "struct name" / "union name" to its fields.
	Structs map[string]*Struct
	// Enums are the values of the enumerators the file defines, where its
	// text gives them (enum.go).
	Enums map[string]int64
	// Failures are the parts of the file that could not be parsed; each
	// cost one declaration or function, not the file.
	Failures []Failure
	// Notes are preprocessing problems that did not cost any code.
	Notes []Note
	// Consulted are the CONFIG_* macros preprocessing asked Config about,
	// with the answers: the replacement text, or "\x00undefined". Another
	// configuration that gives the same answers (Config.Answers) yields
	// the same file, token for token.
	Consulted map[string]string
	Stats     Stats
}

// Stats counts what a parse found.
type Stats struct {
	Chunks       int // top-level declarations seen in the file
	FuncChunks   int // of which function definitions written in the file
	Parsed       int // function definitions written in the file and parsed with a body
	Generated    int // function definitions made by the file's own macros, parsed
	FailedChunks int
	Skipped      int // function definitions left out by Options.Focus
	Bytes        int
	Tokens       int      // tokens after preprocessing
	Inferred     []string // type names inferred from use
}

// Failure is a declaration or function that could not be parsed.
type Failure struct {
	Pos    Pos
	Func   string // the function it defines, if it is a function definition
	Reason string // short class: "syntax", "unbalanced braces", ...
	Detail string // the parser's message
	// From and To are the first and last token of the declaration it
	// cost, when known.
	From, To Pos
}

func (f Failure) String() string {
	s := fmt.Sprintf("%s: %s", f.Pos, f.Reason)
	if f.Func != "" {
		s += " in " + f.Func
	}
	if f.Detail != "" {
		s += ": " + f.Detail
	}
	return s
}

// MacroUse is a file-scope invocation of a macro the front end does not
// expand: a registration (module_init(f)), a definition (DEFINE_SPINLOCK(l))
// or an export.
type MacroUse struct {
	Name   string
	Args   []string // the argument texts
	Pos    Pos
	Static bool
	Local  bool // inside a function body (static DEFINE_MUTEX(m); in a function)
	// Declarator is set when the invocation stands for a function's name
	// in a head written out (static int IPSET_TOKEN(MTYPE, _add)(...) {).
	Declarator bool
}

// DisplayName names a function defined by a macro: "SYSCALL_DEFINE3(read)",
// or, for a macro that makes only the name, the whole invocation
// ("IPSET_TOKEN(MTYPE, _add)").
func (m *MacroUse) DisplayName() string {
	if m.Declarator {
		return m.Name + "(" + strings.Join(m.Args, ", ") + ")"
	}
	if len(m.Args) > 0 {
		return m.Name + "(" + strings.TrimSpace(m.Args[0]) + ")"
	}
	return m.Name + "()"
}

// Global is a file-scope variable.
type Global struct {
	Name   string
	Type   string
	Pos    Pos
	Static bool
	Extern bool
	Init   Expr // nil, an expression or an *InitList
}

// Struct is a struct or union definition.
type Struct struct {
	Name   string // "struct file"
	Pos    Pos
	Fields []Field
}

// Field is a struct member. An anonymous struct or union member is a
// Field without a Name, followed by its members, marked Inner.
type Field struct {
	Name string
	Type string
	// Inner is set for the members of an anonymous struct or union
	// member: they are named as the outer struct's, but take no place of
	// their own in a positional initializer of it.
	Inner bool
}

// FieldType returns the type of a field, or "".
func (s *Struct) FieldType(name string) string {
	if name == "" {
		return ""
	}
	for _, f := range s.Fields {
		if f.Name == name {
			return f.Type
		}
	}
	return ""
}

// Positional returns the member the i-th value of a positional
// initializer of the struct initializes ("" when it is an anonymous member
// or past the end).
func (s *Struct) Positional(i int) string {
	k := 0
	for _, f := range s.Fields {
		if f.Inner {
			continue
		}
		if k == i {
			return f.Name
		}
		k++
	}
	return ""
}

// Func is a function definition.
type Func struct {
	Name   string
	Pos    Pos // of the name
	End    Pos // of the closing brace
	Static bool
	Inline bool
	Result string
	Params []*Param
	Body   *Block
	// Macro is set when the function is defined by a macro invocation
	// (SYSCALL_DEFINE3(read, ...) { ... }); Name is then its DisplayName.
	Macro *MacroUse
	// Locals maps local variable names to their type text.
	Locals map[string]string
	// Generated is set when a macro of the file wrote the definition
	// (#define DEFINE_TEST(n) static void test_##n(void) { ... }).
	Generated bool

	cfg *CFG
}

// Param is a function parameter.
type Param struct {
	Name string
	Type string
	Pos  Pos
}

// Stmt is a statement of the IR.
type Stmt interface {
	Pos() Pos
	stmt()
}

type (
	// Block is a compound statement.
	Block struct {
		P, End Pos
		Stmts  []Stmt
	}
	// ExprStmt is an expression statement.
	ExprStmt struct{ X Expr }
	// DeclStmt declares one local variable.
	DeclStmt struct {
		P      Pos
		Name   string
		Type   string
		Init   Expr
		Static bool
	}
	// IfStmt is if/else.
	IfStmt struct {
		P          Pos
		Cond       Expr
		Then, Else Stmt
	}
	// SwitchStmt is a switch; its cases are CaseStmts inside Body.
	SwitchStmt struct {
		P    Pos
		Tag  Expr
		Body Stmt
	}
	// CaseStmt is a case label (Value == nil: default), with GNU ranges.
	CaseStmt struct {
		P         Pos
		Value, Hi Expr
		Body      Stmt
	}
	// LabelStmt is a goto label.
	LabelStmt struct {
		P     Pos
		Label string
		Body  Stmt
	}
	// WhileStmt is while (Cond) Body.
	WhileStmt struct {
		P    Pos
		Cond Expr
		Body Stmt
	}
	// DoStmt is do Body while (Cond).
	DoStmt struct {
		P    Pos
		Body Stmt
		Cond Expr
	}
	// ForStmt is a for loop. Macro names the iterator macro a
	// `NAME(args) statement` was read as (Cond is then the call).
	ForStmt struct {
		P     Pos
		Init  Stmt
		Cond  Expr
		Post  Expr
		Body  Stmt
		Macro string
	}
	// ReturnStmt returns X (may be nil).
	ReturnStmt struct {
		P Pos
		X Expr
	}
	// BranchStmt is break, continue or goto.
	BranchStmt struct {
		P     Pos
		Kind  string // "break", "continue", "goto"
		Label string
		X     Expr // computed goto target
	}
	// AsmStmt is an asm statement.
	AsmStmt struct{ P Pos }
	// EmptyStmt is ';'.
	EmptyStmt struct{ P Pos }
)

func (s *Block) Pos() Pos      { return s.P }
func (s *ExprStmt) Pos() Pos   { return s.X.Pos() }
func (s *DeclStmt) Pos() Pos   { return s.P }
func (s *IfStmt) Pos() Pos     { return s.P }
func (s *SwitchStmt) Pos() Pos { return s.P }
func (s *CaseStmt) Pos() Pos   { return s.P }
func (s *LabelStmt) Pos() Pos  { return s.P }
func (s *WhileStmt) Pos() Pos  { return s.P }
func (s *DoStmt) Pos() Pos     { return s.P }
func (s *ForStmt) Pos() Pos    { return s.P }
func (s *ReturnStmt) Pos() Pos { return s.P }
func (s *BranchStmt) Pos() Pos { return s.P }
func (s *AsmStmt) Pos() Pos    { return s.P }
func (s *EmptyStmt) Pos() Pos  { return s.P }

func (*Block) stmt()      {}
func (*ExprStmt) stmt()   {}
func (*DeclStmt) stmt()   {}
func (*IfStmt) stmt()     {}
func (*SwitchStmt) stmt() {}
func (*CaseStmt) stmt()   {}
func (*LabelStmt) stmt()  {}
func (*WhileStmt) stmt()  {}
func (*DoStmt) stmt()     {}
func (*ForStmt) stmt()    {}
func (*ReturnStmt) stmt() {}
func (*BranchStmt) stmt() {}
func (*AsmStmt) stmt()    {}
func (*EmptyStmt) stmt()  {}

// Expr is an expression of the IR. String renders it as C.
type Expr interface {
	Pos() Pos
	String() string
}

type (
	// Ident is a name.
	Ident struct {
		P    Pos
		Name string
	}
	// Lit is a number, character or string literal.
	Lit struct {
		P     Pos
		Kind  TokKind
		Value string
	}
	// Call is a function call. Name is the callee's name when the callee is
	// a plain identifier, "" otherwise.
	Call struct {
		P    Pos
		Fun  Expr
		Args []Expr
		Name string
	}
	// Unary is a prefix or postfix operator: "&", "*", "-", "+", "!", "~",
	// "++", "--" (prefix), "x++", "x--" (postfix), "sizeof", "alignof",
	// "__real__", "__imag__", "&&" (label address).
	Unary struct {
		P  Pos
		Op string
		X  Expr
	}
	// Binary is a binary operator, including "&&", "||" and ",".
	Binary struct {
		P    Pos
		Op   string
		X, Y Expr
	}
	// Assign is an assignment; Op is "=", "+=", ...
	Assign struct {
		P    Pos
		Op   string
		L, R Expr
	}
	// Cond is C ? T : F (T is nil for GNU's C ?: F).
	Cond struct {
		P       Pos
		C, T, F Expr
	}
	// Member is X.Name or X->Name.
	Member struct {
		P     Pos
		X     Expr
		Name  string
		Arrow bool
	}
	// Index is X[I].
	Index struct {
		P    Pos
		X, I Expr
	}
	// Cast is (Type)X.
	Cast struct {
		P    Pos
		Type string
		X    Expr
	}
	// SizeofType is sizeof(Type) or an alignof of a type.
	SizeofType struct {
		P    Pos
		Op   string
		Type string
	}
	// StmtExpr is a GNU statement expression ({ ... }).
	StmtExpr struct {
		P    Pos
		Body *Block
	}
	// InitList is a brace-enclosed initializer list.
	InitList struct {
		P     Pos
		Items []*InitItem
	}
	// CompoundLit is (Type){...}.
	CompoundLit struct {
		P    Pos
		Type string
		Init *InitList
	}
	// BadExpr stands for an expression the IR does not model (_Generic,
	// builtins with type operands).
	BadExpr struct {
		P    Pos
		Text string
	}
)

// InitItem is one initializer: .field = value, [i] = value or value.
type InitItem struct {
	Field string // designated ".field" (last designator), or ""
	Index Expr   // designated "[i]", or nil
	Value Expr
}

func (e *Ident) Pos() Pos       { return e.P }
func (e *Lit) Pos() Pos         { return e.P }
func (e *Call) Pos() Pos        { return e.P }
func (e *Unary) Pos() Pos       { return e.P }
func (e *Binary) Pos() Pos      { return e.P }
func (e *Assign) Pos() Pos      { return e.P }
func (e *Cond) Pos() Pos        { return e.P }
func (e *Member) Pos() Pos      { return e.P }
func (e *Index) Pos() Pos       { return e.P }
func (e *Cast) Pos() Pos        { return e.P }
func (e *SizeofType) Pos() Pos  { return e.P }
func (e *StmtExpr) Pos() Pos    { return e.P }
func (e *InitList) Pos() Pos    { return e.P }
func (e *CompoundLit) Pos() Pos { return e.P }
func (e *BadExpr) Pos() Pos     { return e.P }

func (e *Ident) String() string { return e.Name }
func (e *Lit) String() string   { return e.Value }
func (e *Call) String() string {
	var b strings.Builder
	b.WriteString(exprString(e.Fun))
	b.WriteByte('(')
	for i, a := range e.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(exprString(a))
	}
	b.WriteByte(')')
	return b.String()
}
func (e *Unary) String() string {
	switch e.Op {
	case "x++":
		return exprString(e.X) + "++"
	case "x--":
		return exprString(e.X) + "--"
	case "sizeof", "alignof", "__real__", "__imag__":
		return e.Op + "(" + exprString(e.X) + ")"
	}
	return e.Op + exprString(e.X)
}
func (e *Binary) String() string {
	if e.Op == "," {
		return exprString(e.X) + ", " + exprString(e.Y)
	}
	return exprString(e.X) + " " + e.Op + " " + exprString(e.Y)
}
func (e *Assign) String() string { return exprString(e.L) + " " + e.Op + " " + exprString(e.R) }
func (e *Cond) String() string {
	if e.T == nil {
		return exprString(e.C) + " ?: " + exprString(e.F)
	}
	return exprString(e.C) + " ? " + exprString(e.T) + " : " + exprString(e.F)
}
func (e *Member) String() string {
	if e.Arrow {
		return exprString(e.X) + "->" + e.Name
	}
	return exprString(e.X) + "." + e.Name
}
func (e *Index) String() string       { return exprString(e.X) + "[" + exprString(e.I) + "]" }
func (e *Cast) String() string        { return "(" + e.Type + ")" + exprString(e.X) }
func (e *SizeofType) String() string  { return e.Op + "(" + e.Type + ")" }
func (e *StmtExpr) String() string    { return "({...})" }
func (e *InitList) String() string    { return "{...}" }
func (e *CompoundLit) String() string { return "(" + e.Type + "){...}" }
func (e *BadExpr) String() string     { return e.Text }

// exprString renders a sub-expression, parenthesized where C needs it for
// the rendering to read right.
func exprString(e Expr) string {
	switch e := e.(type) {
	case nil:
		return ""
	case *Binary, *Assign, *Cond, *Cast:
		return "(" + e.String() + ")"
	}
	return e.String()
}

// Unparen strips casts that do not change what an expression denotes.
func Unparen(e Expr) Expr {
	for {
		c, ok := e.(*Cast)
		if !ok {
			return e
		}
		e = c.X
	}
}
