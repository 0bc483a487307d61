// SPDX-License-Identifier: MIT

package cparse

import "strings"

// Scan is the raw token stream of a file's active code (conditional
// directives evaluated as the parser does, no macro expanded, headers not
// read): what the brace-matching function counter reads. It answers which
// functions the file defines and where it uses their names as values,
// independently of the parser, so that a function the parser lost can be
// listed with how the kernel reaches it.
type Scan struct {
	toks []Tok
	defs []FuncDef
}

// FuncDef is a function definition the brace scanner counts.
type FuncDef struct {
	// Name is the identifier before the parameter list; for a head made
	// by a macro (SYSCALL_DEFINE3(read, ...) {), the macro and its first
	// argument, as the parser names it.
	Name  string
	Start int // line of the declaration's first token
	Line  int // line of the body's opening brace
	End   int // line of the body's closing brace
	// IRQ is set when the declared result type is irqreturn_t: an
	// interrupt handler by its signature.
	IRQ bool
}

// ScanFile reads src as CountFunctions does. With the file's path, its
// local headers are found as the parser finds them, so that conditional
// directives on their macros (#if CRC_LE_BITS == 1) select the same code;
// with "" they are not read.
func ScanFile(path string, src []byte, cfg *Config) *Scan {
	m := getModel()
	p := newPP(&ppOptions{config: cfg, readFile: readLocalFile, maxDepth: 40}, m.macros)
	if path == "" {
		path = "<count>"
	}
	p.stack = append(p.stack, p.addFile(path, src))
	s := &Scan{}
	for {
		t := p.rawNext()
		if t.Kind == TEOF {
			break
		}
		if t.File == 0 && len(p.frames) == 0 {
			s.toks = append(s.toks, t)
		}
	}
	s.defs = findDefinitions(s.toks, p.macros)
	return s
}

// Defs returns the function definitions, in source order.
func (s *Scan) Defs() []FuncDef { return s.defs }

// findDefinitions is countDefinitions with each definition's name and
// extent. With the macros the scan knows, a brace notABody shows to open a
// struct body or an initializer is not counted.
func findDefinitions(toks []Tok, macros map[string]*macro) []FuncDef {
	var defs []FuncDef
	for _, i := range definitionBraces(toks) {
		// The declaration starts after the last ';' or '}' at depth 0
		// before the brace.
		s := i - 1
		depth := 0
		for ; s >= 0; s-- {
			t := toks[s]
			if t.Kind != TPunct {
				continue
			}
			if t.is(")") || t.is("]") {
				depth++
			} else if t.is("(") || t.is("[") {
				depth--
			} else if depth == 0 && (t.is(";") || t.is("}")) {
				break
			}
		}
		s++
		if notABody(toks, s, i, macros) {
			continue
		}
		end := matchClose(toks, i)
		d := FuncDef{Start: int(toks[s].Line), Line: int(toks[i].Line), Name: defName(toks[s:i])}
		if end < len(toks) {
			d.End = int(toks[end].Line)
		} else {
			d.End = int(toks[len(toks)-1].Line)
		}
		for _, t := range toks[s:i] {
			if t.Kind == TIdent && t.Text == "irqreturn_t" {
				d.IRQ = true
			}
		}
		defs = append(defs, d)
	}
	return defs
}

// defName names a definition from its head: the identifier before the
// first parameter list (skipping attributes), or NAME(first argument) for
// a head that is one macro invocation.
func defName(head []Tok) string {
	for i := 1; i < len(head); i++ {
		if !head[i].is("(") || !isIdent(head[i-1]) {
			continue
		}
		name := head[i-1].Text
		if name == "__attribute__" || name == "__attribute" || strings.HasPrefix(name, "__kl_annot_") {
			i = matchClose(head, i)
			continue
		}
		if rp := matchClose(head, i); rp < len(head) && (rp+1 == len(head) || !head[rp+1].is("(")) && i == 1 && isUpperMacro(head[0]) {
			// SYSCALL_DEFINE3(read, ...) {: the parser's name.
			arg := splitArgs(head, i, rp)
			if len(arg) > 0 {
				return name + "(" + strings.TrimSpace(arg[0]) + ")"
			}
			return name + "()"
		}
		return name
	}
	return ""
}

// definitionBraces returns the index of each '{' that countDefinitions
// counts.
func definitionBraces(toks []Tok) []int {
	var n []int
	depth, paren := 0, 0
	sawEq := false
	lastClose := -10
	for i, t := range toks {
		if t.Kind != TPunct {
			continue
		}
		switch t.Text {
		case "(":
			paren++
		case ")":
			if paren > 0 {
				paren--
			}
			if paren == 0 && depth == 0 {
				lastClose = i
			}
		case "=":
			if depth == 0 && paren == 0 {
				sawEq = true
			}
		case "{":
			if depth == 0 && paren == 0 && !sawEq && lastClose >= 0 && onlyAttrsBetween(toks, lastClose, i) {
				n = append(n, i)
			}
			depth++
		case "}":
			if depth > 0 {
				depth--
			}
			if depth == 0 {
				sawEq = false
				lastClose = -10
			}
		case ";":
			if depth == 0 && paren == 0 {
				sawEq = false
				lastClose = -10
			}
		}
	}
	return n
}

// Ref is a use of a function's name as a value (not a call) in the file:
// how a callback reaches the kernel.
type Ref struct {
	Name string
	Line int
	// Var and VarType are the file-scope variable whose initializer
	// holds the name ("foo_pm_ops", "struct dev_pm_ops"), Field the
	// designator it is written under (".suspend = foo_suspend": "suspend"),
	// if any.
	Var, VarType, Field string
	// Call is the innermost call or macro invocation the name is an
	// argument of (request_irq, SET_SYSTEM_SLEEP_PM_OPS, module_init),
	// Arg its argument index.
	Call string
	Arg  int
	// Assigned is the member a statement stores the name in
	// (t->function = foo: "function").
	Assigned string
	// In is the function whose body holds the use ("" at file scope).
	In string
}

// Refs returns the uses as values of the names in names, in source order:
// arguments of calls and macros, initializers, assignments. A definition's
// own name and calls (name followed by '(') are not uses.
func (s *Scan) Refs(names map[string]bool) []Ref {
	if len(names) == 0 {
		return nil
	}
	toks := s.toks
	var out []Ref
	type open struct {
		callee string
		arg    int
		brace  bool
		field  string // designator of the current element (brace lists)
	}
	var stack []open
	declStart := 0
	initAt := -1 // index of the '=' of a file-scope initializer
	fn := ""     // function whose body we are in
	defs := s.defs
	di := 0
	braceDepth := 0
	for i, t := range toks {
		if t.Kind == TPunct {
			switch t.Text {
			case "(", "[", "{":
				o := open{brace: t.Text == "{"}
				if t.Text == "(" && i > 0 && isIdent(toks[i-1]) {
					o.callee = toks[i-1].Text
				}
				if t.Text == "{" {
					if braceDepth == 0 && initAt < 0 {
						for di < len(defs) && defs[di].Line < int(t.Line) {
							di++
						}
						if di < len(defs) && defs[di].Line == int(t.Line) {
							fn = defs[di].Name
						}
					}
					braceDepth++
				}
				stack = append(stack, o)
			case ")", "]", "}":
				if n := len(stack); n > 0 {
					stack = stack[:n-1]
				}
				if t.Text == "}" {
					braceDepth--
					if braceDepth <= 0 {
						braceDepth = 0
						if initAt < 0 {
							fn = ""
							declStart = i + 1
						}
					}
				}
			case ",":
				if n := len(stack); n > 0 {
					stack[n-1].arg++
					stack[n-1].field = ""
				}
			case "=":
				if len(stack) == 0 && fn == "" {
					initAt = i
				}
			case ";":
				if len(stack) == 0 {
					declStart = i + 1
					initAt = -1
				}
			case ".":
				// A designator: .field = value in a brace list.
				if n := len(stack); n > 0 && stack[n-1].brace && i+2 < len(toks) && isIdent(toks[i+1]) && toks[i+2].is("=") {
					stack[n-1].field = toks[i+1].Text
				}
			}
			continue
		}
		if t.Kind != TIdent || !names[t.Text] {
			continue
		}
		if i+1 < len(toks) && toks[i+1].is("(") {
			continue // a call, or the definition's own head
		}
		if i > 0 && (toks[i-1].is(".") || toks[i-1].is("->")) {
			continue // a member of the same name
		}
		r := Ref{Name: t.Text, Line: int(t.Line), In: fn, Arg: -1}
		for k := len(stack) - 1; k >= 0; k-- {
			if stack[k].callee != "" {
				r.Call, r.Arg = stack[k].callee, stack[k].arg
				break
			}
		}
		if initAt >= 0 {
			r.Var, r.VarType = declName(toks[declStart:initAt])
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].brace && stack[k].field != "" {
					r.Field = stack[k].field
					break
				}
			}
		} else if i >= 3 && toks[i-1].is("=") && isIdent(toks[i-2]) && (toks[i-3].is("->") || toks[i-3].is(".")) {
			r.Assigned = toks[i-2].Text
		}
		out = append(out, r)
	}
	return out
}

// declName returns the name and the struct type of a file-scope
// declaration's head (the tokens before its '=').
func declName(head []Tok) (name, typ string) {
	for i := len(head) - 1; i >= 0; i-- {
		t := head[i]
		switch {
		case t.is("]") || t.is(")"):
			// An array size, or the arguments of an attribute macro.
			depth := 0
			for ; i > 0; i-- {
				if head[i].is("]") || head[i].is(")") {
					depth++
				} else if head[i].is("[") || head[i].is("(") {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			continue
		case !isIdent(t) || strings.HasPrefix(t.Text, "__") || qualifierKeywords[t.Text]:
			// An attribute word (__read_mostly, __initconst).
			continue
		}
		name = t.Text
		break
	}
	for i := 0; i+1 < len(head); i++ {
		if head[i].Kind == TIdent && (head[i].Text == "struct" || head[i].Text == "union") && isIdent(head[i+1]) {
			return name, head[i].Text + " " + head[i+1].Text
		}
	}
	return name, ""
}

// LostFunc is a function definition the brace scanner counts that the
// parser did not build with a body, with the failure that cost it.
type LostFunc struct {
	FuncDef
	// Reason and Detail are the failure's ("syntax", the parser's
	// message), Pos where it was reported; Reason is "not a function to
	// the parser" when no failure covers the definition (its head was
	// read as something else: a macro invocation, a declaration).
	Reason, Detail string
	Pos            Pos
}

// Lost returns the definitions of the scan that f (the parse of the same
// source) has no function body for.
func (s *Scan) Lost(f *File) []LostFunc {
	type span struct{ from, to int }
	var parsed []span
	for _, fn := range f.Funcs {
		if fn.Body != nil && fn.Pos.File == f.Path {
			parsed = append(parsed, span{fn.Pos.Line, max(fn.End.Line, fn.Pos.Line)})
		}
	}
	var out []LostFunc
	for _, d := range s.defs {
		found := false
		for _, p := range parsed {
			if p.from <= d.Line && d.Line <= p.to {
				found = true
				break
			}
		}
		if found {
			continue
		}
		l := LostFunc{FuncDef: d, Reason: "not a function to the parser"}
		var best *Failure
		for k := range f.Failures {
			x := &f.Failures[k]
			switch {
			case x.From.File == f.Path && x.From.Line <= d.Line && d.Line <= x.To.Line:
				best = x
			case best == nil && x.Func != "" && x.Func == d.Name:
				best = x
			case best == nil && !x.From.IsValid() && x.Pos.File == f.Path && x.Pos.Line <= d.Line:
				// The preprocessor stopped (a limit): the rest of the
				// file is lost.
				best = x
			}
		}
		if best != nil {
			l.Reason, l.Detail, l.Pos = best.Reason, best.Detail, best.Pos
		}
		out = append(out, l)
	}
	return out
}

// LostDecl is a file-scope declaration that is no function and did not
// parse, but names functions of the file as values: an operations table or
// a registration whose callbacks lose the context it gives them.
type LostDecl struct {
	Failure
	Refs []Ref // the uses of the file's functions in it
}

// LostDecls returns the failed declarations of f that name functions the
// scan found defined in the file.
func (s *Scan) LostDecls(f *File) []LostDecl {
	var fails []Failure
	for _, x := range f.Failures {
		if x.Func == "" && x.From.File == f.Path {
			fails = append(fails, x)
		}
	}
	if len(fails) == 0 {
		return nil
	}
	names := map[string]bool{}
	for _, d := range s.defs {
		names[d.Name] = true
	}
	refs := s.Refs(names)
	var out []LostDecl
	for _, x := range fails {
		l := LostDecl{Failure: x}
		for _, r := range refs {
			if r.In == "" && x.From.Line <= r.Line && r.Line <= x.To.Line {
				l.Refs = append(l.Refs, r)
			}
		}
		if len(l.Refs) > 0 {
			out = append(out, l)
		}
	}
	return out
}
