// SPDX-License-Identifier: MIT

package cparse

import (
	"strconv"
	"strings"
)

// The tolerance layer turns the preprocessed token stream of a kernel file,
// read without its headers, into C that cc/v4 parses. It works by rules on
// the shape of unseen code, never by lists tuned to one file:
//
//   - A file-scope `NAME(args);` (possibly static, possibly with an
//     initializer) where NAME is not a type is a macro invocation:
//     EXPORT_SYMBOL(x), module_init(f), DEFINE_PER_CPU(t, v), DEFINE_SPINLOCK(l).
//     It is recorded as a MacroUse and removed. `NAME(args) { body }` is a
//     function defined by a macro (SYSCALL_DEFINE3(...) { }) and is kept as a
//     function named after the macro and its first argument.
//   - A statement `NAME(args) statement` (no ';' after the ')') is an
//     iterator macro (list_for_each_entry, any *for_each*, scoped_guard) and
//     becomes `for (; NAME(args);) statement`.
//   - In a call of an unknown macro, an argument that is a type name
//     (`list_first_entry(h, struct foo, node)`) becomes `(type *)0`.
//   - An unknown `__name` or `__name(...)` next to a declarator or before a
//     type is an attribute macro and is dropped; struct members that are
//     macro invocations are dropped.
//   - An identifier used where only a type fits (`foo_t x;`, `foo_t *p =`,
//     `(foo_t *)p`, `static foo_t f(`) is a typedef name.
//   - Locking annotations (__must_hold(x) ...) between a function's parameter
//     list and its body move into the body as calls, where the analysis reads
//     them as facts at function entry.

type chunkKind uint8

const (
	chunkDecl chunkKind = iota
	chunkFunc
	chunkMacroUse
	chunkEmpty
)

type chunk struct {
	start, end int // in the unit token slice
	toks       []Tok
	kind       chunkKind
	name       string
	macro      *MacroUse // function-defining macro
	failed     string
	failPos    Pos
	unbalanced bool
	done       bool // built into the IR
	tooDeep    bool // nests deeper than maxChunkNesting
	skipped    bool // a function Options.Focus does not need
}

type tolerance struct {
	p         *pp
	in        []Tok
	types     map[string]bool
	declared  map[string]bool
	inferred  []string
	macroUses []*MacroUse
	synth     map[string]*MacroUse
	nsynth    int
	// locals are the names a function being copied declares as parameters
	// or variables: they shadow type names of the same spelling.
	locals map[string]bool
	// curChunk is the chunk being fixed.
	curChunk *chunk
}

func newTolerance(p *pp, in []Tok, modelTypes map[string]bool) *tolerance {
	t := &tolerance{p: p, in: in, types: make(map[string]bool, len(modelTypes)+64), declared: map[string]bool{}, synth: map[string]*MacroUse{}}
	for k := range modelTypes {
		t.types[k] = true
	}
	t.types["__kl_fsm_t"] = true
	return t
}

// matchClose returns the index of the token closing the bracket at i, or
// len(toks) when it is not closed.
func matchClose(toks []Tok, i int) int {
	open := toks[i].Text
	var close string
	switch open {
	case "(":
		close = ")"
	case "[":
		close = "]"
	case "{":
		close = "}"
	default:
		return i
	}
	depth := 0
	for j := i; j < len(toks); j++ {
		if toks[j].Kind != TPunct {
			continue
		}
		switch toks[j].Text {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return len(toks)
}

func (t *tolerance) isType(name string) bool { return t.types[name] && !t.locals[name] }

func isIdent(tk Tok) bool { return tk.Kind == TIdent && !cKeywords[tk.Text] }

// looksTopLevel reports whether a token at column 1 inside a function body
// must start a new top-level declaration: kernel style indents everything in
// a body except labels and the closing brace.
func (t *tolerance) looksTopLevel(toks []Tok, i int) bool {
	tk := toks[i]
	if !tk.BOL || tk.Col != 1 || tk.Exp || tk.Kind != TIdent {
		return false
	}
	switch tk.Text {
	case "static", "extern", "typedef", "struct", "union", "enum", "void", "int", "unsigned", "long", "char", "bool", "inline", "const":
		return true
	}
	if t.isType(tk.Text) && i+1 < len(toks) && (isIdent(toks[i+1]) || toks[i+1].is("*")) {
		return true
	}
	return false
}

// splitChunks cuts the token stream into top-level declarations.
func (t *tolerance) splitChunks() []*chunk {
	var chunks []*chunk
	toks := t.in
	start := 0
	depthParen, depthBrace := 0, 0
	sawEq := false
	funcBody := false
	cut := func(end int, unbalanced bool) {
		if end > start {
			chunks = append(chunks, &chunk{start: start, end: end, unbalanced: unbalanced})
		}
		start = end
		depthParen, depthBrace, sawEq, funcBody = 0, 0, false, false
	}
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		if depthBrace > 0 && funcBody && depthParen == 0 && i > start && t.looksTopLevel(toks, i) {
			cut(i, true)
		}
		if (depthBrace > 0 || depthParen > 0) && i > start && tk.File == 0 && toks[start].File != 0 {
			// A declaration that starts in an included file and is still
			// open when the file being parsed resumes: the include was
			// unbalanced, and its damage stops at its end.
			cut(i, true)
		}
		if i == start && startsUpper(tk) && !t.types[tk.Text] && i+1 < len(toks) && toks[i+1].BOL && !(isIdent(toks[i+1]) && !isUpperMacro(toks[i+1]) && i+2 < len(toks) && toks[i+2].is("(")) {
			// A name that starts upper-case, alone on its line at file
			// scope (BTF_ID_UNUSED, BTF_SOCK_TYPE_xxx): an object-like
			// macro used as a statement, unless a function's name
			// follows (a return type on its own line).
			cut(i+1, false)
			continue
		}
		if tk.Kind != TPunct {
			continue
		}
		switch tk.Text {
		case "(":
			depthParen++
		case ")":
			depthParen--
			if depthParen < 0 {
				depthParen = 0
			}
			if depthParen == 0 && depthBrace == 0 && i+1 < len(toks) && toks[i+1].BOL && toks[i+1].Kind == TIdent && t.startsWithMacroCall(toks, start, i) {
				// NAME(args) on its own line without ';' (BTF_SET_END(x),
				// module_init(f) in some files): a file-scope macro
				// invocation ends here.
				cut(i+1, false)
			}
		case "=":
			if depthParen == 0 && depthBrace == 0 {
				sawEq = true
			}
		case "{":
			if depthBrace == 0 && depthParen == 0 && !sawEq {
				funcBody = t.opensFunctionBody(toks, start, i)
			}
			depthBrace++
		case "}":
			depthBrace--
			if depthBrace < 0 {
				cut(i+1, true)
				continue
			}
			if depthParen > 0 && funcBody && tk.BOL && tk.Col == 1 && !tk.Exp {
				// A '}' in column 1 ends a function in kernel style:
				// the parentheses left open inside do not balance.
				cut(i+1, true)
				continue
			}
			if depthBrace == 0 && depthParen == 0 && funcBody {
				cut(i+1, false)
			}
		case ";":
			if depthBrace == 0 && depthParen <= 0 {
				cut(i+1, false)
			}
		}
	}
	cut(len(toks), depthBrace != 0 || depthParen != 0)
	return chunks
}

// startsUpper reports whether tk is an identifier that starts with an
// upper-case letter: a macro in kernel code, where types and functions are
// lower-case.
func startsUpper(tk Tok) bool {
	return isIdent(tk) && tk.Text[0] >= 'A' && tk.Text[0] <= 'Z'
}

// isUpperMacro reports whether tk is an upper-case identifier, the kernel's
// spelling for macros.
func isUpperMacro(tk Tok) bool {
	if !isIdent(tk) {
		return false
	}
	upper := false
	for i := 0; i < len(tk.Text); i++ {
		c := tk.Text[i]
		if c >= 'a' && c <= 'z' {
			return false
		}
		if c >= 'A' && c <= 'Z' {
			upper = true
		}
	}
	return upper
}

// startsWithMacroCall reports whether toks[start:end+1] is exactly
// [storage class] NAME ( ... ) with the ')' at end.
func (t *tolerance) startsWithMacroCall(toks []Tok, start, end int) bool {
	i := start
	for i < end && toks[i].Kind == TIdent && qualifierKeywords[toks[i].Text] {
		i++
	}
	if i+1 >= end || !isIdent(toks[i]) || !toks[i+1].is("(") || t.types[toks[i].Text] {
		return false
	}
	return matchClose(toks[:end+1], i+1) == end
}

// opensFunctionBody reports whether the '{' at i, at depth 0 of a chunk
// starting at start, opens a function body (rather than a struct, union or
// enum body, or an initializer).
func (t *tolerance) opensFunctionBody(toks []Tok, start, i int) bool {
	j := i - 1
	// Skip trailing attributes: __attribute__((...)) and annotation calls.
	for j >= start && toks[j].is(")") {
		k := matchOpen(toks, start, j)
		if k <= start {
			break
		}
		prev := toks[k-1]
		if prev.Kind == TIdent && (prev.Text == "__attribute__" || prev.Text == "__attribute" || strings.HasPrefix(prev.Text, "__kl_annot_") || (strings.HasPrefix(prev.Text, "__") && !t.isType(prev.Text) && k-2 >= start && toks[k-2].is(")"))) {
			j = k - 2
			continue
		}
		return true
	}
	if j < start {
		return false
	}
	if toks[j].is(")") {
		return true
	}
	// `NAME(args) attr {`: an unknown trailing attribute word.
	if toks[j].Kind == TIdent && j-1 >= start && toks[j-1].is(")") && strings.HasPrefix(toks[j].Text, "__") {
		return true
	}
	return false
}

// matchOpen returns the index of the '(' matching the ')' at j, searching
// back no further than start.
func matchOpen(toks []Tok, start, j int) int {
	depth := 0
	for k := j; k >= start; k-- {
		if toks[k].Kind != TPunct {
			continue
		}
		switch toks[k].Text {
		case ")":
			depth++
		case "(":
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return start - 1
}

// collectTypedefs records the names declared by typedef chunks.
func (t *tolerance) collectTypedefs(chunks []*chunk) {
	for _, c := range chunks {
		toks := t.in[c.start:c.end]
		if !typedefChunk(toks) {
			continue
		}
		i := 0
		for toks[i].Text != "typedef" {
			i++
		}
		for _, name := range typedefNames(toks[i+1:]) {
			t.types[name] = true
		}
	}
}

// typedefChunk reports whether a declaration is a typedef.
func typedefChunk(toks []Tok) bool {
	i := 0
	for i < len(toks) && toks[i].Kind == TIdent && toks[i].Text == "__extension__" {
		i++
	}
	return i < len(toks) && toks[i].Kind == TIdent && toks[i].Text == "typedef"
}

// typedefNames returns the names a typedef declaration (after the keyword)
// declares: for each declarator, the last identifier at depth 0, or the name
// in a `(*name)` group for function pointer types.
func typedefNames(toks []Tok) []string {
	var names []string
	last, parenName := "", ""
	depth := 0
	for j := 0; j < len(toks); j++ {
		tk := toks[j]
		switch {
		case tk.is("{"):
			j = matchClose(toks, j)
		case tk.Kind == TIdent && (tk.Text == "__attribute__" || tk.Text == "__attribute"):
			if j+1 < len(toks) && toks[j+1].is("(") {
				j = matchClose(toks, j+1)
			}
		case tk.is("(") || tk.is("["):
			if tk.is("(") && parenName == "" && j+2 < len(toks) && toks[j+1].is("*") {
				k := j + 2
				for k < len(toks) && (toks[k].is("*") || toks[k].Text == "const") {
					k++
				}
				if k < len(toks) && isIdent(toks[k]) {
					parenName = toks[k].Text
				}
			}
			depth++
		case tk.is(")") || tk.is("]"):
			depth--
		case depth == 0 && (tk.is(",") || tk.is(";")):
			if parenName != "" {
				names = append(names, parenName)
			} else if last != "" {
				names = append(names, last)
			}
			last, parenName = "", ""
		case depth == 0 && isIdent(tk) && !typeKeywords[tk.Text]:
			last = tk.Text
		}
	}
	if parenName != "" {
		names = append(names, parenName)
	} else if last != "" && len(toks) > 0 && !toks[len(toks)-1].is(";") {
		names = append(names, last)
	}
	return names
}

// run applies the tolerance rules to every chunk.
func (t *tolerance) run() []*chunk {
	chunks := t.splitChunks()
	t.collectTypedefs(chunks)
	t.collectDeclared(chunks)
	for _, c := range chunks {
		t.fixChunk(c)
	}
	return chunks
}

// collectDeclared records file-scope functions and variables, which are
// never type names and never attribute macros.
func (t *tolerance) collectDeclared(chunks []*chunk) {
	// A name invoked at the start of a file-scope declaration is a macro
	// (a function cannot be called there), whatever else its uses look
	// like.
	macros := map[string]bool{}
	for _, c := range chunks {
		toks := t.in[c.start:c.end]
		i := 0
		for i < len(toks) && toks[i].Kind == TIdent && qualifierKeywords[toks[i].Text] {
			i++
		}
		if i+1 < len(toks) && isIdent(toks[i]) && toks[i+1].is("(") {
			macros[toks[i].Text] = true
		}
	}
	defer func() {
		for name := range macros {
			delete(t.declared, name)
		}
	}()
	for _, c := range chunks {
		toks := t.in[c.start:c.end]
		if typedefChunk(toks) {
			// typedef double real_t;: a type name (collectTypedefs),
			// not a variable.
			continue
		}
		depth := 0
		for i, tk := range toks {
			switch {
			case tk.is("(") || tk.is("{") || tk.is("["):
				if tk.is("(") && depth == 0 && i > 0 && isIdent(toks[i-1]) && i > 1 && (isIdent(toks[i-2]) || toks[i-2].is("*") || typeKeywords[toks[i-2].Text]) && looksLikeParams(toks, i) && !followedByParams(toks, i) {
					t.declared[toks[i-1].Text] = true
				}
				depth++
			case tk.is(")") || tk.is("}") || tk.is("]"):
				depth--
			}
			if depth == 0 && i > 0 && isIdent(tk) && i+1 < len(toks) && (toks[i+1].is("=") || toks[i+1].is(";") || toks[i+1].is("[")) && (toks[i-1].is("*") || typeKeywords[toks[i-1].Text] || (toks[i-1].Kind == TIdent && t.isType(toks[i-1].Text)) || (i > 1 && (toks[i-2].Text == "struct" || toks[i-2].Text == "union" || toks[i-2].Text == "enum"))) {
				t.declared[tk.Text] = true
			}
		}
	}
	for name := range t.declared {
		delete(t.types, name)
	}
}

// followedByParams reports whether the parenthesized list at toks[lp] is
// followed by another one: NAME(args)(params) names a function by a macro.
func followedByParams(toks []Tok, lp int) bool {
	rp := matchClose(toks, lp)
	return rp+1 < len(toks) && toks[rp+1].is("(")
}

// looksLikeParams reports whether the parenthesized list at toks[lp] can
// be a parameter list: no parameter starts with a literal or an operator
// (as the arguments of an attribute macro do: __aligned(8), __section("x"),
// __must_hold(&l)).
func looksLikeParams(toks []Tok, lp int) bool {
	rp := matchClose(toks, lp)
	first := true
	depth := 0
	for k := lp + 1; k < rp && k < len(toks); k++ {
		tk := toks[k]
		if first {
			switch {
			case tk.Kind == TNumber || tk.Kind == TString || tk.Kind == TChar:
				return false
			case tk.Kind == TPunct && !tk.is("*") && !tk.is("...") && !tk.is("("):
				return false
			}
			first = false
		}
		switch {
		case tk.is("(") || tk.is("[") || tk.is("{"):
			depth++
		case tk.is(")") || tk.is("]") || tk.is("}"):
			depth--
		case tk.is(",") && depth == 0:
			first = true
		}
	}
	return true
}

func (t *tolerance) isUnknownIdent(tk Tok) bool {
	return isIdent(tk) && !t.isType(tk.Text) && !t.declared[tk.Text]
}

// isAttrWord reports whether tk is an unknown attribute-like macro name.
func (t *tolerance) isAttrWord(tk Tok) bool {
	return t.isUnknownIdent(tk) && strings.HasPrefix(tk.Text, "__") && !strings.HasPrefix(tk.Text, "__builtin") && !strings.HasPrefix(tk.Text, "__kl_annot_") && !strings.HasPrefix(tk.Text, "__sync") && !strings.HasPrefix(tk.Text, "__atomic")
}

// maxChunkNesting bounds how deeply a declaration may nest brackets and
// unbraced control statements; a deeper one fails ("nesting too deep")
// rather than risk the recursion of the passes and of the parser.
const maxChunkNesting = 256

// nesting returns the deepest nesting of brackets plus unbraced control
// statements in toks, and whether brackets of different kinds cross
// (`( { ) }`), which makes the declaration unbalanced however the counts add
// up.
func nesting(toks []Tok) (int, bool) {
	depth, ctl, deepest := 0, 0, 0
	var open []byte
	crossed := false
	for _, tk := range toks {
		switch tk.Kind {
		case TPunct:
			switch tk.Text {
			case "(", "[":
				depth++
				open = append(open, tk.Text[0])
			case "{":
				depth++
				ctl = 0
				open = append(open, '{')
			case ")", "]", "}":
				depth--
				want := byte('(')
				if tk.Text == "]" {
					want = '['
				} else if tk.Text == "}" {
					want = '{'
				}
				if n := len(open); n > 0 {
					if open[n-1] != want {
						crossed = true
					}
					open = open[:n-1]
				}
			case ";":
				ctl = 0
			}
		case TIdent:
			switch tk.Text {
			case "if", "else", "for", "while", "do", "switch":
				ctl++
			}
		}
		if depth+ctl > deepest {
			deepest = depth + ctl
		}
	}
	return deepest, crossed
}

// markBroken classifies a chunk that will not be parsed (unbalanced or too
// deep): a function keeps its name, so that its failure says which.
func (t *tolerance) markBroken(c *chunk, toks []Tok) {
	if t.isFunctionChunk(toks) {
		c.kind = chunkFunc
		c.name = functionName(toks)
	}
}

func (t *tolerance) fixChunk(c *chunk) {
	toks := t.in[c.start:c.end]
	deep, crossed := nesting(toks)
	if deep > maxChunkNesting {
		c.tooDeep = true
		t.markBroken(c, toks)
		return
	}
	if crossed {
		c.unbalanced = true
	}
	i := 0
	for i < len(toks) && (qualifierKeywords[toks[i].Text] && toks[i].Kind == TIdent) {
		i++
	}
	for i < len(toks) {
		tk := toks[i]
		if tk.Kind == TIdent && (tk.Text == "__attribute__" || tk.Text == "__attribute") && i+1 < len(toks) && toks[i+1].is("(") {
			i = matchClose(toks, i+1) + 1
			continue
		}
		if t.isAttrWord(tk) && i+1 < len(toks) {
			n := i + 1
			if toks[n].is("(") {
				n = matchClose(toks, n) + 1
			}
			if n < len(toks) && (isIdent(toks[n]) || typeKeywords[toks[n].Text] || qualifierKeywords[toks[n].Text]) {
				i = n
				continue
			}
		}
		if tk.Kind == TIdent && qualifierKeywords[tk.Text] {
			i++
			continue
		}
		break
	}
	if i >= len(toks) || (len(toks)-i == 1 && toks[i].is(";")) {
		c.kind = chunkEmpty
		return
	}
	if len(toks)-i == 1 && startsUpper(toks[i]) {
		// A name alone on its line (BTF_ID_UNUSED, an X-macro list
		// such as XDP_METADATA_KFUNC_xxx): a macro use.
		t.macroUses = append(t.macroUses, &MacroUse{Name: toks[i].Text, Pos: t.p.pos(toks[i])})
		c.kind = chunkMacroUse
		return
	}
	// A file-scope macro invocation: NAME(args) ...
	if t.isUnknownIdent(toks[i]) && i+1 < len(toks) && toks[i+1].is("(") {
		rp := matchClose(toks, i+1)
		after := rp + 1
		// Trailing attribute words: NAME(args) __aligned(8) {
		for after < len(toks) && t.isAttrWord(toks[after]) {
			after++
			if after < len(toks) && toks[after].is("(") {
				after = matchClose(toks, after) + 1
			}
		}
		if after < len(toks) && toks[after].is("(") {
			// NAME(args)(more): a declarator made by a macro; keep as is.
		} else {
			use := &MacroUse{Name: toks[i].Text, Pos: t.p.pos(toks[i]), Args: splitArgs(toks, i+1, rp)}
			if after < len(toks) && toks[after].is("{") && c.endsWithBrace(t.in) {
				t.nsynth++
				synth := "__kl_fsd_" + strconv.Itoa(t.nsynth)
				t.synth[synth] = use
				c.kind = chunkFunc
				c.macro = use
				c.name = use.DisplayName()
				head := []Tok{
					mkTok(toks[i], TIdent, "__kl_fsm_t"),
					mkTok(toks[i], TIdent, synth),
					mkTok(toks[i], TPunct, "("),
					mkTok(toks[i], TIdent, "void"),
					mkTok(toks[i], TPunct, ")"),
				}
				out := append([]Tok(nil), head...)
				t.body(toks, after, &out, nil)
				c.toks = out
				return
			}
			t.macroUses = append(t.macroUses, use)
			c.kind = chunkMacroUse
			return
		}
	}
	if c.unbalanced {
		t.markBroken(c, toks)
		return
	}
	out := make([]Tok, 0, len(toks)+8)
	c.kind = chunkDecl
	if c.endsWithBrace(t.in) && t.isFunctionChunk(toks) {
		c.kind = chunkFunc
		c.name = functionName(toks)
		t.locals = t.localNames(toks)
	}
	t.curChunk = c
	t.declaration(toks, 0, &out, c.kind == chunkFunc)
	t.curChunk = nil
	t.locals = nil
	c.toks = out
}

// localNames finds the names a function definition declares as parameters
// or local variables: an identifier after '*' or a type, before one of
// , ) ; = [.
func (t *tolerance) localNames(toks []Tok) map[string]bool {
	var m map[string]bool
	for i := 1; i+1 < len(toks); i++ {
		tk := toks[i]
		if tk.Kind != TIdent || !t.types[tk.Text] {
			continue
		}
		p, n := toks[i-1], toks[i+1]
		if !(n.is(",") || n.is(")") || n.is(";") || n.is("=") || n.is("[")) {
			continue
		}
		if p.is("*") || (p.Kind == TIdent && (t.types[p.Text] || typeKeywords[p.Text])) || (i > 1 && (toks[i-2].Text == "struct" || toks[i-2].Text == "union" || toks[i-2].Text == "enum")) {
			if m == nil {
				m = map[string]bool{}
			}
			m[tk.Text] = true
		}
	}
	return m
}

func (c *chunk) endsWithBrace(in []Tok) bool {
	return c.end > c.start && in[c.end-1].is("}")
}

func (t *tolerance) isFunctionChunk(toks []Tok) bool {
	for i, tk := range toks {
		if tk.is("=") {
			return false
		}
		if tk.is("{") {
			return t.opensFunctionBody(toks, 0, i)
		}
	}
	return false
}

// functionName finds the name a function definition declares: the
// identifier before the parameter list that precedes the body.
func functionName(toks []Tok) string {
	for i, tk := range toks {
		if tk.is("(") && i > 0 && isIdent(toks[i-1]) {
			prev := toks[i-1].Text
			if prev == "__attribute__" || strings.HasPrefix(prev, "__kl_annot_") {
				continue
			}
			// Skip a parenthesized declarator: (*name)(...)
			return prev
		}
		if tk.is("{") {
			break
		}
	}
	return ""
}

func mkTok(at Tok, kind TokKind, text string) Tok {
	at.Kind = kind
	at.Text = text
	at.Exp = true
	at.hide = 0
	return at
}

func splitArgs(toks []Tok, lp, rp int) []string {
	var args []string
	var b strings.Builder
	depth := 0
	for k := lp + 1; k < rp && k < len(toks); k++ {
		tk := toks[k]
		switch {
		case tk.is("(") || tk.is("[") || tk.is("{"):
			depth++
		case tk.is(")") || tk.is("]") || tk.is("}"):
			depth--
		case tk.is(",") && depth == 0:
			args = append(args, b.String())
			b.Reset()
			continue
		}
		if b.Len() > 0 && tk.Space {
			b.WriteByte(' ')
		}
		b.WriteString(tk.Text)
	}
	if b.Len() > 0 || len(args) > 0 {
		args = append(args, b.String())
	}
	return args
}

// declaration copies a file-scope declaration or function definition,
// fixing declarators, parameter lists, struct bodies and function bodies.
func (t *tolerance) declaration(toks []Tok, i int, out *[]Tok, isFunc bool) {
	var annots [][]Tok
	t.inferAtDeclStart(toks, i)
	named := false
	for i < len(toks) {
		tk := toks[i]
		switch {
		case isFunc && !named && t.isUnknownIdent(tk) && i > 0 && i+1 < len(toks) && toks[i+1].is("(") && followedByParams(toks, i+1) && !strings.HasPrefix(tk.Text, "__kl_"):
			// static int NAME(args)(params) { ... }: a macro makes the
			// function's name (IPSET_TOKEN(MTYPE, _test)). The function
			// is named after the invocation.
			rp := matchClose(toks, i+1)
			use := &MacroUse{Name: tk.Text, Pos: t.p.pos(tk), Args: splitArgs(toks, i+1, rp), Declarator: true}
			t.nsynth++
			synth := "__kl_fsd_" + strconv.Itoa(t.nsynth)
			t.synth[synth] = use
			t.curChunk.macro = use
			t.curChunk.name = use.DisplayName()
			*out = append(*out, mkTok(tk, TIdent, synth))
			named = true
			i = rp + 1
		case tk.Kind == TIdent && strings.HasPrefix(tk.Text, "__kl_annot_") && i+1 < len(toks) && toks[i+1].is("("):
			rp := matchClose(toks, i+1)
			if rp >= len(toks) {
				rp = len(toks) - 1
			}
			annots = append(annots, toks[i:rp+1])
			i = rp + 1
		case t.isAttrWord(tk) && t.attrPosition(toks, i):
			i = t.skipAttr(toks, i)
		case !named && t.specifierMacro(toks, i):
			i++
		case tk.is("{") && isFunc && t.opensFunctionBody(toks, 0, i):
			i = t.body(toks, i, out, annots)
			annots = nil
		case tk.is("{"):
			// struct/union/enum body or initializer
			if i > 0 && (isIdent(toks[i-1]) || toks[i-1].Text == "struct" || toks[i-1].Text == "union") && !toks[i-1].is("=") {
				i = t.structBody(toks, i, out)
			} else {
				i = t.exprUntil(toks, i, out, "")
			}
		case tk.is("("):
			// Parameter lists and parenthesized declarators: declarations
			// again, not calls.
			rp := matchClose(toks, i)
			if i > 0 && (isIdent(toks[i-1]) || toks[i-1].is(")")) {
				t.inferParams(toks, i, rp)
			}
			*out = append(*out, tk)
			if rp > i+1 {
				inner := toks[i+1 : min(rp, len(toks))]
				if i > 0 && toks[i-1].Kind == TIdent && (toks[i-1].Text == "__attribute__" || toks[i-1].Text == "__attribute" || toks[i-1].Text == "typeof" || toks[i-1].Text == "__typeof__" || toks[i-1].Text == "_Alignas" || toks[i-1].Text == "__asm__" || toks[i-1].Text == "asm") {
					*out = append(*out, inner...)
				} else {
					t.paramList(inner, out)
				}
			}
			if rp < len(toks) {
				*out = append(*out, toks[rp])
			}
			i = rp + 1
		case tk.is("["):
			// Array sizes are expressions.
			i = t.exprUntil(toks, i, out, "")
		case tk.is(":") && !isFunc:
			// A bit-field width is an expression.
			*out = append(*out, tk)
			i++
			for i < len(toks) && !(toks[i].is(",") || toks[i].is(";")) {
				i = t.exprUntil(toks, i, out, ",;")
			}
		case tk.is("="):
			*out = append(*out, tk)
			i++
			// Initializer: an expression or a brace list.
			for i < len(toks) && !(toks[i].is(",") || toks[i].is(";")) {
				i = t.exprUntil(toks, i, out, ",;")
			}
		default:
			*out = append(*out, tk)
			i++
		}
	}
}

// specifierMacro reports whether the unknown word at i, among the
// declaration specifiers at the start of toks, stands where no type name
// can: before a storage class, a type keyword or struct/union/enum
// (INDIRECT_CALLABLE_SCOPE int f(, static noinline_for_stack struct foo
// *f(), before a known type and its declarator (static noinline_for_stack
// u32 f(), or between a complete type and the declarator (static void
// noinline_for_stack f(). Such a word is a macro that expands to a
// storage class or to attributes, and is dropped.
func (t *tolerance) specifierMacro(toks []Tok, i int) bool {
	tk := toks[i]
	if !t.isUnknownIdent(tk) || strings.HasPrefix(tk.Text, "__kl_") || i+2 >= len(toks) {
		return false
	}
	// Only specifiers and attributes before it: no declarator yet.
	typed := false
	for k := 0; k < i; k++ {
		p := toks[k]
		switch {
		case p.Kind == TIdent && (p.Text == "__attribute__" || p.Text == "__attribute") && k+1 < i && toks[k+1].is("("):
			k = matchClose(toks, k+1)
			if k >= i {
				return false
			}
		case p.Kind == TIdent && (p.Text == "struct" || p.Text == "union" || p.Text == "enum"):
			if k+1 >= i || !isIdent(toks[k+1]) {
				return false
			}
			typed = true
			k++
		case p.Kind == TIdent && qualifierKeywords[p.Text]:
		case p.Kind == TIdent && (typeKeywords[p.Text] || t.isType(p.Text)):
			typed = true
		case t.isAttrWord(p):
			if k+1 < i && toks[k+1].is("(") {
				k = matchClose(toks, k+1)
			}
		case t.isUnknownIdent(p) && t.beforeType(toks, k):
			// Another such macro before it (STATIC int INIT f(:
			// the decompressors' storage and section macros).
		default:
			return false
		}
	}
	if !typed {
		return t.beforeType(toks, i)
	}
	next, after := toks[i+1], toks[i+2]
	return isIdent(next) && !t.isType(next.Text) && !t.isAttrWord(next) && (after.is("(") || after.is("=") || after.is(";") || after.is(",") || after.is("["))
}

// beforeType reports whether the word at i stands right before a storage
// class, a type keyword, or a known type that a declarator follows: where
// no type name can stand, as no type name precedes another.
func (t *tolerance) beforeType(toks []Tok, i int) bool {
	if i+2 >= len(toks) {
		return false
	}
	next, after := toks[i+1], toks[i+2]
	if next.Kind != TIdent {
		return false
	}
	return typeKeywords[next.Text] || storageKeywords[next.Text] || (t.isType(next.Text) && (isIdent(after) || after.is("*")))
}

// storageKeywords are the specifiers that no type name can precede.
var storageKeywords = setOf("static", "extern", "inline", "__inline", "__inline__", "_Noreturn", "register", "typedef", "_Thread_local", "__thread")

// paramList copies the inside of a parameter list (or a parenthesized
// declarator) parameter by parameter.
func (t *tolerance) paramList(toks []Tok, out *[]Tok) {
	j := 0
	for j < len(toks) {
		k := j
		depth := 0
		for k < len(toks) {
			if toks[k].is("(") || toks[k].is("[") || toks[k].is("{") {
				depth++
			} else if toks[k].is(")") || toks[k].is("]") || toks[k].is("}") {
				depth--
			} else if toks[k].is(",") && depth == 0 {
				break
			}
			k++
		}
		t.declaration(toks[j:k], 0, out, false)
		if k < len(toks) {
			*out = append(*out, toks[k])
		}
		j = k + 1
	}
}

// attrPosition reports whether the unknown __word at i (with optional
// arguments) sits where only an attribute can: among declaration specifiers
// before more specifiers or before the declarator's name, or after a
// declarator before '=', ';', ',', '{', ':' or another attribute.
func (t *tolerance) attrPosition(toks []Tok, i int) bool {
	var prev Tok
	if i > 0 {
		prev = toks[i-1]
		if prev.Kind == TIdent && (prev.Text == "struct" || prev.Text == "union" || prev.Text == "enum" || prev.Text == "goto") {
			return false
		}
		if prev.is(".") || prev.is("->") || prev.is("&") {
			return false
		}
	}
	n := i + 1
	if n < len(toks) && toks[n].is("(") {
		n = matchClose(toks, n) + 1
	}
	// A struct, union or enum tag completes a type: what follows it is a
	// declarator or an attribute, not a member of a declarator.
	prevTag := i > 1 && isIdent(prev) && toks[i-2].Kind == TIdent && (toks[i-2].Text == "struct" || toks[i-2].Text == "union" || toks[i-2].Text == "enum")
	prevTypeish := i == 0 || prev.is(";") || prev.is("{") || prev.is("}") || prev.is("(") || prev.is(",") || prev.is("*") || prevTag ||
		typeKeywords[prev.Text] || qualifierKeywords[prev.Text] || (prev.Kind == TIdent && t.isType(prev.Text)) || (prev.is(")") && (closesTypeof(toks, i-1) || closesAttribute(toks, i-1)))
	prevDeclarator := (isIdent(prev) && !t.isType(prev.Text) && !qualifierKeywords[prev.Text] && !prevTag) || prev.is("]") || (prev.is(")") && !closesTypeof(toks, i-1) && !closesAttribute(toks, i-1))
	if n >= len(toks) {
		return prevDeclarator
	}
	next := toks[n]
	switch {
	case typeKeywords[next.Text] || qualifierKeywords[next.Text] || (next.Kind == TIdent && t.isType(next.Text)) || next.is("*") || (next.Kind == TIdent && (next.Text == "__attribute__" || strings.HasPrefix(next.Text, "__kl_annot_"))) || t.isAttrWord(next):
		if prevTypeish {
			return true
		}
		if prevDeclarator && !next.is("*") && !(next.Kind == TIdent && t.isType(next.Text)) {
			return true
		}
	case isIdent(next) && n+1 < len(toks) && (toks[n+1].is("(") || toks[n+1].is(";") || toks[n+1].is("=") || toks[n+1].is(",") || toks[n+1].is("[") || toks[n+1].is(")") || toks[n+1].is(":")):
		return prevTypeish && i > 0 && !prev.is("(") && !prev.is(",") && !prev.is(";") && !prev.is("{") && !prev.is("}")
	case next.is("=") || next.is(";") || next.is(",") || next.is("{") || next.is(":") || next.is(")"):
		return prevDeclarator
	}
	return false
}

// closesAttribute reports whether the ')' at j closes __attribute__((...)).
func closesAttribute(toks []Tok, j int) bool {
	k := matchOpen(toks, 0, j)
	return k > 0 && toks[k-1].Kind == TIdent && (toks[k-1].Text == "__attribute__" || toks[k-1].Text == "__attribute")
}

// closesTypeof reports whether the ')' at j closes typeof(...).
func closesTypeof(toks []Tok, j int) bool {
	k := matchOpen(toks, 0, j)
	return k > 0 && toks[k-1].Kind == TIdent && (toks[k-1].Text == "typeof" || toks[k-1].Text == "__typeof__" || toks[k-1].Text == "__typeof")
}

func (t *tolerance) skipAttr(toks []Tok, i int) int {
	i++
	if i < len(toks) && toks[i].is("(") {
		i = matchClose(toks, i) + 1
	}
	return i
}

// structBody copies a struct/union/enum body, dropping members that are
// invocations of unknown macros.
func (t *tolerance) structBody(toks []Tok, i int, out *[]Tok) int {
	end := matchClose(toks, i)
	*out = append(*out, toks[i])
	j := i + 1
	for j < end {
		// One member: up to ';' at depth 0 (or the end, for enums).
		k := j
		depth := 0
		for k < end {
			if toks[k].is("(") || toks[k].is("{") || toks[k].is("[") {
				depth++
			} else if toks[k].is(")") || toks[k].is("}") || toks[k].is("]") {
				depth--
			} else if toks[k].is(";") && depth == 0 {
				break
			}
			k++
		}
		member := toks[j:min(k+1, end)]
		if len(member) >= 3 && t.isUnknownIdent(member[0]) && member[1].is("(") && !t.isType(member[0].Text) {
			rp := matchClose(member, 1)
			if rp+1 >= len(member) || member[rp+1].is(";") {
				j = k + 1
				continue
			}
		}
		t.inferAtDeclStart(member, 0)
		var m []Tok
		t.declaration(member, 0, &m, false)
		*out = append(*out, m...)
		j = k + 1
	}
	if end < len(toks) {
		*out = append(*out, toks[end])
	}
	return end + 1
}

// exprUntil copies an expression (or a bracketed group) starting at i up to
// a top-level token in stops (not included), fixing calls of unknown macros
// with type arguments and statement expressions. With stops == "" it copies
// exactly one token or bracketed group.
func (t *tolerance) exprUntil(toks []Tok, i int, out *[]Tok, stops string) int {
	single := stops == ""
	for i < len(toks) {
		tk := toks[i]
		if !single && tk.Kind == TPunct && strings.Contains(stops, tk.Text) && len(tk.Text) == 1 {
			return i
		}
		switch {
		case tk.is("(") && i+1 < len(toks) && toks[i+1].is("{"):
			// Statement expression ({ ... })
			*out = append(*out, tk)
			j := t.body(toks, i+1, out, nil)
			if j < len(toks) && toks[j].is(")") {
				*out = append(*out, toks[j])
				j++
			}
			i = j
		case tk.is("(") && asmOperands(toks, i):
			i = t.asmOperands(toks, i, out)
		case tk.is("(") || tk.is("[") || tk.is("{"):
			end := matchClose(toks, i)
			if tk.is("(") && i > 0 && t.isCallee(toks[i-1]) {
				t.callArgs(toks, i, end, out)
			} else {
				if tk.is("(") {
					t.inferCast(toks, i, end)
				}
				*out = append(*out, tk)
				j := i + 1
				elem := j // where the current element of a brace list starts
				for j < end {
					j = t.exprUntil(toks, j, out, "")
					if j > end {
						// Unbalanced input ran the element past the
						// group's end: stop at it.
						j = end
					}
					if !tk.is("{") {
						continue
					}
					if toks[j-1].is(",") {
						elem = j
					} else if j < end && t.initializerMacro(toks, elem, j, end) {
						// MACRO(args) .field = ...: the macro stands
						// for initializers with their own commas.
						*out = append(*out, mkTok(toks[j-1], TPunct, ","))
						elem = j
					}
				}
				if end < len(toks) {
					*out = append(*out, toks[end])
				}
			}
			i = end + 1
		case t.isAttrWord(tk) && t.attrPosition(toks, i) && i > 0 && ((isIdent(toks[i-1]) && !t.isType(toks[i-1].Text) && !typeKeywords[toks[i-1].Text]) || toks[i-1].is("]")):
			i = t.skipAttr(toks, i)
		case t.isUnknownIdent(tk) && i+1 < len(toks) && toks[i+1].is("(") && ((i > 0 && toks[i-1].Kind == TString) || (matchClose(toks, i+1)+1 < len(toks) && toks[matchClose(toks, i+1)+1].Kind == TString)):
			// An unknown macro invocation glued to a string
			// ("default of " __MODULE_STRING(N)): a string too, as
			// no call can stand next to a string literal.
			*out = append(*out, mkTok(tk, TString, `""`))
			i = matchClose(toks, i+1) + 1
		case t.isUnknownIdent(tk) && ((i+1 < len(toks) && toks[i+1].Kind == TString) || (i > 0 && toks[i-1].Kind == TString && !(i+1 < len(toks) && toks[i+1].is("(")))):
			// An unknown macro spliced into string concatenation
			// (KERN_ERR "...", "%" PRIu64): it is a string itself.
			*out = append(*out, mkTok(tk, TString, `""`))
			i++
		default:
			*out = append(*out, tk)
			i++
		}
		if single {
			return i
		}
	}
	return i
}

// asmOperands reports whether the '(' at i opens the operands of an asm
// statement: asm, __asm__ or __asm, then qualifiers.
func asmOperands(toks []Tok, i int) bool {
	k := i - 1
	for k >= 0 && toks[k].Kind == TIdent && asmQualifiers[toks[k].Text] {
		k--
	}
	return k >= 0 && toks[k].Kind == TIdent && (toks[k].Text == "asm" || toks[k].Text == "__asm__" || toks[k].Text == "__asm")
}

var asmQualifiers = setOf("volatile", "__volatile__", "__volatile", "goto", "inline", "__inline", "__inline__")

// asmOperands copies the parenthesized operands of an asm statement at i.
// In the template, before the first ':', an unknown name or macro
// invocation (SFENCE_W_INVAL(), PPC_TLBIEL(%0, %4, %3, %2, %1), a
// per-architecture instruction macro from an asm/ header) can only
// expand to a string: it becomes one, and the template keeps its other
// strings.
func (t *tolerance) asmOperands(toks []Tok, i int, out *[]Tok) int {
	end := matchClose(toks, i)
	*out = append(*out, toks[i])
	j := i + 1
template:
	for j < end && !toks[j].is(":") {
		switch {
		case toks[j].Kind == TString:
			*out = append(*out, toks[j])
			j++
		case t.isUnknownIdent(toks[j]):
			k := j + 1
			if k < end && toks[k].is("(") {
				k = matchClose(toks, k) + 1
			}
			*out = append(*out, mkTok(toks[j], TString, `""`))
			j = k
		default:
			break template
		}
	}
	for j < end {
		j = t.exprUntil(toks, j, out, "")
	}
	if end < len(toks) {
		*out = append(*out, toks[end])
	}
	return end + 1
}

// initializerMacro reports whether the element of a brace list that starts
// at elem and has been copied up to j (before end, the list's '}') is one
// invocation of an unknown macro, NAME(args), that another element follows
// without a comma: a designator (.field = or [index] =), another
// invocation, a name or a number. Such a macro stands for initializers
// that end in their own comma (SET_SYSTEM_SLEEP_PM_OPS(s, r) in a
// dev_pm_ops initializer, FNAME("ip") in the H.323 field tables).
func (t *tolerance) initializerMacro(toks []Tok, elem, j, end int) bool {
	if elem+1 >= j || !t.isUnknownIdent(toks[elem]) || !toks[elem+1].is("(") || matchClose(toks, elem+1) != j-1 {
		return false
	}
	next := toks[j]
	switch {
	case next.is(".") && j+2 < end && isIdent(toks[j+1]) && toks[j+2].is("="):
		return true
	case next.is("["):
		rb := matchClose(toks, j)
		return rb+1 < end && toks[rb+1].is("=")
	case isIdent(next) && j+1 < end && toks[j+1].is("("):
		return true
	case isIdent(next) || next.Kind == TNumber:
		// FNAME("ip") OCTSTR, ...: nothing can follow a call without
		// an operator between.
		return true
	}
	return false
}

// isCallee reports whether tk before '(' makes the parentheses a call whose
// arguments may hold type names of an unknown macro.
func (t *tolerance) isCallee(tk Tok) bool {
	return tk.Kind == TIdent && !cKeywords[tk.Text] && !builtinTypeArgs[tk.Text] && !t.isType(tk.Text)
}

// callArgs copies the argument list of a call at lp..rp; an argument that
// is a type name becomes `(type *)0`.
func (t *tolerance) callArgs(toks []Tok, lp, rp int, out *[]Tok) {
	*out = append(*out, toks[lp])
	j := lp + 1
	for j < rp {
		// One argument.
		k := j
		depth := 0
		for k < rp {
			if toks[k].is("(") || toks[k].is("[") || toks[k].is("{") {
				depth++
			} else if toks[k].is(")") || toks[k].is("]") || toks[k].is("}") {
				depth--
			} else if toks[k].is(",") && depth == 0 {
				break
			}
			k++
		}
		arg := toks[j:k]
		if len(arg) == 0 {
			// An empty argument (often only a comment:
			// unsafe_memcpy(d, s, n, /* why */)).
			*out = append(*out, mkTok(toks[k], TIdent, emptyArg))
		} else if initializerArg(arg) {
			// { .speed = SLOW } or .arr = &arr passed to a macro: a
			// compound literal.
			at := arg[0]
			*out = append(*out, mkTok(at, TPunct, "("), mkTok(at, TIdent, "__kl_fsm_t"), mkTok(at, TPunct, ")"))
			if arg[0].is("{") {
				t.exprUntil(arg, 0, out, "")
			} else {
				*out = append(*out, mkTok(at, TPunct, "{"))
				for m := 0; m < len(arg); {
					m = t.exprUntil(arg, m, out, "")
				}
				*out = append(*out, mkTok(at, TPunct, "}"))
			}
		} else if statementArg(arg) {
			// A statement passed to a macro (scoped_cond_guard(...,
			// return -EINTR, ...)): a statement expression.
			t.stmtExpr(arg, out)
		} else if t.isTypeName(arg) {
			*out = append(*out, mkTok(arg[0], TPunct, "("))
			*out = append(*out, arg...)
			*out = append(*out, mkTok(arg[0], TPunct, "*"), mkTok(arg[0], TPunct, ")"), mkTok(arg[0], TNumber, "0"))
		} else {
			m := j
			for m < k {
				m = t.exprUntil(toks, m, out, "")
			}
		}
		if k < rp {
			*out = append(*out, toks[k])
			if k+1 == rp {
				// A comma before the ')': an empty last argument.
				*out = append(*out, mkTok(toks[k], TIdent, emptyArg))
			}
		}
		j = k + 1
	}
	if rp < len(toks) {
		*out = append(*out, toks[rp])
	}
}

// emptyArg stands for an empty macro argument.
const emptyArg = "__kl_noarg"

// initializerArg reports whether a macro argument is an initializer that
// is no expression: a whole brace list, or a designator (.field = v,
// [i] = v).
func initializerArg(arg []Tok) bool {
	switch {
	case arg[0].is("{"):
		return matchClose(arg, 0) == len(arg)-1
	case arg[0].is("."):
		return len(arg) > 2 && isIdent(arg[1]) && arg[2].is("=")
	case arg[0].is("["):
		rb := matchClose(arg, 0)
		return rb+1 < len(arg) && arg[rb+1].is("=")
	}
	return false
}

// statementKeywords start only statements.
var statementKeywords = setOf("return", "break", "continue", "goto", "if", "do", "while", "for", "switch", "case", "default")

// statementArg reports whether a macro argument is a statement rather
// than an expression: it starts with a keyword only a statement starts
// with, or holds a ';' outside brackets.
func statementArg(arg []Tok) bool {
	if len(arg) == 0 {
		return false
	}
	if arg[0].Kind == TIdent && statementKeywords[arg[0].Text] && arg[0].Text != "case" && arg[0].Text != "default" {
		return true
	}
	depth := 0
	for _, tk := range arg {
		switch {
		case tk.is("(") || tk.is("[") || tk.is("{"):
			depth++
		case tk.is(")") || tk.is("]") || tk.is("}"):
			depth--
		case tk.is(";") && depth == 0:
			return true
		}
	}
	return false
}

// stmtExpr copies statements as a statement expression ({ ...; }).
func (t *tolerance) stmtExpr(stmts []Tok, out *[]Tok) {
	at := stmts[0]
	list := append([]Tok(nil), stmts...)
	if !list[len(list)-1].is(";") && !list[len(list)-1].is("}") {
		list = append(list, mkTok(list[len(list)-1], TPunct, ";"))
	}
	*out = append(*out, mkTok(at, TPunct, "("), mkTok(at, TPunct, "{"))
	for j := 0; j < len(list); {
		n := t.stmt(list, j, len(list), out)
		if n <= j {
			*out = append(*out, list[j])
			n = j + 1
		}
		j = n
	}
	*out = append(*out, mkTok(at, TPunct, "}"), mkTok(at, TPunct, ")"))
}

// isTypeName reports whether the tokens spell a type name.
func (t *tolerance) isTypeName(arg []Tok) bool {
	if len(arg) == 0 {
		return false
	}
	i := 0
	for i < len(arg) && (arg[i].Text == "const" || arg[i].Text == "volatile") {
		i++
	}
	if i >= len(arg) {
		return false
	}
	switch {
	case arg[i].Text == "struct" || arg[i].Text == "union" || arg[i].Text == "enum":
		if i+1 >= len(arg) || arg[i+1].Kind != TIdent {
			return false
		}
		i += 2
	case (arg[i].Text == "typeof" || arg[i].Text == "__typeof__" || arg[i].Text == "__typeof") && i+1 < len(arg) && arg[i+1].is("("):
		i = matchClose(arg, i+1) + 1
	case typeKeywords[arg[i].Text]:
		for i < len(arg) && typeKeywords[arg[i].Text] {
			i++
		}
	case t.isType(arg[i].Text):
		i++
	default:
		return false
	}
	for i < len(arg) && (arg[i].is("*") || arg[i].Text == "const" || arg[i].Text == "volatile" || arg[i].Text == "__rcu") {
		i++
	}
	return i == len(arg)
}

// body copies a compound statement at toks[i] == "{", statement by
// statement, and returns the index after its closing brace. annots are
// annotation calls to insert at its start.
func (t *tolerance) body(toks []Tok, i int, out *[]Tok, annots [][]Tok) int {
	end := matchClose(toks, i)
	*out = append(*out, toks[i])
	for _, a := range annots {
		*out = append(*out, a...)
		*out = append(*out, mkTok(a[len(a)-1], TPunct, ";"))
	}
	j := i + 1
	for j < end {
		n := t.stmt(toks, j, end, out)
		if n <= j {
			// No statement starts here (a stray '}'): copy the token
			// for the parser to report, and go on.
			*out = append(*out, toks[j])
			n = j + 1
		}
		j = n
	}
	if end < len(toks) {
		*out = append(*out, toks[end])
	}
	return end + 1
}

// stmt copies one statement starting at i (before limit) and returns the
// index after it.
func (t *tolerance) stmt(toks []Tok, i, limit int, out *[]Tok) int {
	if i >= limit {
		return i
	}
	tk := toks[i]
	switch {
	case tk.is("{"):
		return t.body(toks, i, out, nil)
	case tk.is(";"):
		*out = append(*out, tk)
		return i + 1
	case tk.Kind == TIdent && (tk.Text == "if" || tk.Text == "while" || tk.Text == "switch"):
		*out = append(*out, tk)
		i++
		if i < limit && toks[i].is("(") {
			i = t.exprUntil(toks, i, out, "")
		}
		i = t.stmt(toks, i, limit, out)
		if tk.Text == "if" && i < limit && toks[i].Kind == TIdent && toks[i].Text == "else" {
			*out = append(*out, toks[i])
			i = t.stmt(toks, i+1, limit, out)
		}
		return i
	case tk.Kind == TIdent && tk.Text == "for":
		*out = append(*out, tk)
		i++
		if i < limit && toks[i].is("(") {
			rp := matchClose(toks, i)
			if rp < limit {
				*out = append(*out, toks[i])
				t.inferAtDeclStart(toks[i+1:rp], 0)
				j := i + 1
				for j < rp {
					j = t.exprUntil(toks, j, out, "")
				}
				*out = append(*out, toks[rp])
				i = rp + 1
			}
		}
		return t.stmt(toks, i, limit, out)
	case tk.Kind == TIdent && tk.Text == "do":
		*out = append(*out, tk)
		i = t.stmt(toks, i+1, limit, out)
		if i+1 < limit && t.isUnknownIdent(toks[i]) && toks[i+1].is("(") {
			// do { } while_each_thread(g, t);: a loop-tail macro.
			rp := matchClose(toks, i+1)
			*out = append(*out, mkTok(toks[i], TIdent, "while"), mkTok(toks[i], TPunct, "("))
			*out = append(*out, toks[i])
			t.callArgs(toks, i+1, rp, out)
			*out = append(*out, mkTok(toks[i], TPunct, ")"))
			return t.simple(toks, rp+1, limit, out)
		}
		return t.simple(toks, i, limit, out)
	case tk.Kind == TIdent && tk.Text == "else":
		// A stray else (its if was lost): keep it for the parser to report.
		*out = append(*out, tk)
		return i + 1
	case tk.Kind == TIdent && (tk.Text == "case" || tk.Text == "default"):
		j := i
		depth := 0
		for j < limit {
			if toks[j].is("?") {
				depth++
			}
			if toks[j].is(":") {
				if depth == 0 {
					break
				}
				depth--
			}
			j++
		}
		for k := i; k < j; {
			k = t.exprUntil(toks, k, out, "")
		}
		if j < limit {
			*out = append(*out, toks[j])
			j++
		}
		return t.labelTarget(toks, j, limit, out)
	case tk.Kind == TIdent && (tk.Text == "static" || tk.Text == "extern") && i+2 < limit && t.isUnknownIdent(toks[i+1]) && toks[i+2].is("("):
		// static DEFINE_SPINLOCK(lock);: a local definition made by a
		// macro. It is recorded like a file-scope one and not parsed.
		rp := matchClose(toks, i+2)
		use := &MacroUse{Name: toks[i+1].Text, Pos: t.p.pos(toks[i+1]), Args: splitArgs(toks, i+2, rp), Static: tk.Text == "static", Local: true}
		t.macroUses = append(t.macroUses, use)
		j := rp + 1
		for j < limit && !toks[j].is(";") {
			if toks[j].is("{") || toks[j].is("(") {
				j = matchClose(toks, j)
			}
			j++
		}
		return j + 1
	case tk.Kind == TIdent && (tk.Text == "extern" || tk.Text == "typedef"):
		// A block-scope declaration by its storage class (extern void
		// secondary_startup(void);): its parameter lists declare
		// parameters, they are no call's arguments.
		j := i
		for j < limit && !toks[j].is(";") {
			if toks[j].is("(") || toks[j].is("[") || toks[j].is("{") {
				j = matchClose(toks, j)
			}
			j++
		}
		end := min(j+1, limit)
		t.declaration(toks[i:end], 0, out, false)
		return end
	case t.isUnknownIdent(tk) && tk.BOL && i+1 < len(toks) && toks[i+1].BOL && (toks[i+1].is("}") || (i+1 < limit && toks[i+1].Kind == TIdent && statementKeywords[toks[i+1].Text]) || (i+2 < limit && isIdent(toks[i+1]) && toks[i+2].is(":"))):
		// A name alone on its line before a statement keyword, a
		// label or a '}', the block's end also when it is the limit
		// (the last statement): a macro that expands to statements
		// (an X-macro list such as XDP_METADATA_KFUNC_xxx, or
		// __SONET_ITEMS around a #define of the body's own).
		*out = append(*out, tk, mkTok(tk, TPunct, ";"))
		return i + 1
	case isIdent(tk) && i+1 < limit && toks[i+1].is(":") && !t.isType(tk.Text):
		*out = append(*out, tk, toks[i+1])
		return t.labelTarget(toks, i+2, limit, out)
	case t.isUnknownIdent(tk) && i+1 < limit && toks[i+1].is("("):
		rp := matchClose(toks, i+1)
		if rp+1 == limit && rp < len(toks) {
			// NAME(args) last in a block without ';': a macro that
			// expands to statements (UNROLL(n, f, ...)).
			*out = append(*out, tk)
			t.callArgs(toks, i+1, rp, out)
			*out = append(*out, mkTok(toks[rp], TPunct, ";"))
			return rp + 1
		}
		if rp+2 < limit && toks[rp+1].is("=") && toks[rp+2].is("{") {
			// IP_TUNNEL_DECLARE_FLAGS(flags) = { };: a call takes no
			// brace list, so the macro declares a variable, named by
			// its first argument when that is a name. The use is
			// recorded as a local definition.
			args := splitArgs(toks, i+1, rp)
			t.macroUses = append(t.macroUses, &MacroUse{Name: tk.Text, Pos: t.p.pos(tk), Args: args, Local: true})
			name := mkTok(tk, TIdent, "__kl_decl_"+strconv.Itoa(len(t.macroUses)))
			if rp > i+2 && isIdent(toks[i+2]) && (toks[i+3].is(",") || i+3 == rp) {
				name = toks[i+2]
			}
			*out = append(*out, mkTok(tk, TIdent, "__kl_fsm_t"), name)
			return t.simple(toks, rp+1, limit, out)
		}
		if rp+2 < limit && isIdent(toks[rp+1]) && declaratorEnd(toks[rp+2]) {
			// TYPEOF_MACRO(args) name = ...: a declaration whose type a
			// macro computes.
			*out = append(*out, mkTok(tk, TIdent, "__kl_fsm_t"))
			return t.simple(toks, rp+1, limit, out)
		}
		if rp+1 < limit && (startsStatement(toks[rp+1]) || (toks[rp+1].is("*") && assigns(toks, rp+1, limit))) {
			// Iterator macro: NAME(args) statement, also one that
			// assigns through a pointer (*p = v;: a product cannot
			// be assigned to).
			*out = append(*out, mkTok(tk, TIdent, "for"), mkTok(tk, TPunct, "("), mkTok(tk, TPunct, ";"))
			*out = append(*out, tk)
			t.callArgs(toks, i+1, rp, out)
			*out = append(*out, mkTok(toks[rp], TPunct, ";"), mkTok(toks[rp], TPunct, ")"))
			return t.stmt(toks, rp+1, limit, out)
		}
	}
	return t.simple(toks, i, limit, out)
}

// labelTarget copies the statement after a label; a label right before '}'
// gets an empty statement, as C before C23 requires.
func (t *tolerance) labelTarget(toks []Tok, i, limit int, out *[]Tok) int {
	if i >= limit {
		*out = append(*out, mkTok(toks[i-1], TPunct, ";"))
		return i
	}
	return t.stmt(toks, i, limit, out)
}

// declaratorEnd reports whether tk can follow the name in a declaration.
func declaratorEnd(tk Tok) bool {
	return tk.is("=") || tk.is(";") || tk.is(",") || tk.is("[")
}

// assigns reports whether the expression statement at toks[i:] (up to its
// ';', before limit) is an assignment or an increment at its top level.
func assigns(toks []Tok, i, limit int) bool {
	depth := 0
	for k := i; k < limit; k++ {
		tk := toks[k]
		if tk.Kind != TPunct {
			continue
		}
		switch tk.Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ";":
			if depth == 0 {
				return k > i && (toks[k-1].is("++") || toks[k-1].is("--"))
			}
		case "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=":
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// startsStatement reports whether tk can begin the statement an iterator
// macro controls.
func startsStatement(tk Tok) bool {
	if tk.is("{") {
		return true
	}
	if tk.Kind == TIdent {
		return true
	}
	return tk.is("++") || tk.is("--")
}

// simple copies an expression statement or a declaration up to its ';'.
func (t *tolerance) simple(toks []Tok, i, limit int, out *[]Tok) int {
	t.inferAtDeclStart(toks[:limit], i)
	start := len(*out)
	// Leading unknown attribute words before a type.
	for i < limit && t.isAttrWord(toks[i]) && t.attrPosition(toks, i) {
		n := t.skipAttr(toks, i)
		if n >= limit || !(typeKeywords[toks[n].Text] || qualifierKeywords[toks[n].Text] || t.isType(toks[n].Text) || t.isAttrWord(toks[n])) {
			break
		}
		i = n
	}
	for i < limit && !toks[i].is(";") {
		if toks[i].is("}") {
			// Missing ';' before '}': let the parser report it.
			return i
		}
		i = t.exprUntil(toks, i, out, "")
	}
	if i < limit {
		*out = append(*out, toks[i])
		i++
	}
	if len(*out) == start {
		return i
	}
	return i
}

// addType records an inferred type name.
func (t *tolerance) addType(name string) {
	if t.types[name] || t.declared[name] || cKeywords[name] {
		return
	}
	t.types[name] = true
	t.inferred = append(t.inferred, name)
	if c := t.curChunk; c != nil && c.kind == chunkFunc {
		// The function being copied may be the first to show the
		// name is a type, and declare a variable of that spelling
		// (ax25_dev *ax25_dev): its locals were found before the
		// name was a type.
		for n := range t.localNames(t.in[c.start:c.end]) {
			if t.locals == nil {
				t.locals = map[string]bool{}
			}
			t.locals[n] = true
		}
	}
}

// inferAtDeclStart looks at a declaration start: `X Y` followed by one of
// ; = , [ ( ) : or `X *...* Y` followed by one of those makes X a type.
func (t *tolerance) inferAtDeclStart(toks []Tok, i int) {
	for i < len(toks) && toks[i].Kind == TIdent && (qualifierKeywords[toks[i].Text] || (t.isAttrWord(toks[i]) && i+1 < len(toks) && !toks[i+1].is("("))) {
		i++
	}
	if i+1 >= len(toks) || !t.isUnknownIdent(toks[i]) || strings.HasPrefix(toks[i].Text, "__kl_") {
		return
	}
	x := toks[i]
	j := i + 1
	stars := 0
	for j < len(toks) && (toks[j].is("*") || toks[j].Text == "const" || toks[j].Text == "volatile") {
		if toks[j].is("*") {
			stars++
		}
		j++
	}
	if j >= len(toks) {
		return
	}
	y := toks[j]
	if y.is("(") && j+3 < len(toks) && toks[j+1].is("*") && isIdent(toks[j+2]) && toks[j+3].is(")") && j+4 < len(toks) && (toks[j+4].is("(") || toks[j+4].is("[")) {
		// X (*fp)(...): a function pointer declaration.
		t.addType(x.Text)
		return
	}
	if !isIdent(y) || t.isType(y.Text) {
		if stars == 0 && (typeKeywords[y.Text]) {
			return
		}
		return
	}
	if j+1 >= len(toks) {
		return
	}
	z := toks[j+1]
	switch {
	case z.is(";") || z.is("=") || z.is(",") || z.is("[") || z.is(")") || z.is(":"):
		t.addType(x.Text)
	case z.is("(") && stars == 0 && j == i+1:
		// `X f(` declares f returning X; as a statement it would be a
		// syntax error, so X is a type.
		t.addType(x.Text)
	case z.is("(") && stars > 0:
		t.addType(x.Text)
	case z.Kind == TIdent && (z.Text == "__attribute__" || strings.HasPrefix(z.Text, "__")):
		t.addType(x.Text)
	}
}

// inferParams looks at a parameter list: each `X Y` or `X *` parameter makes X a type.
func (t *tolerance) inferParams(toks []Tok, lp, rp int) {
	j := lp + 1
	for j < rp {
		k := j
		depth := 0
		for k < rp {
			if toks[k].is("(") || toks[k].is("[") {
				depth++
			} else if toks[k].is(")") || toks[k].is("]") {
				depth--
			} else if toks[k].is(",") && depth == 0 {
				break
			}
			k++
		}
		param := toks[j:k]
		for len(param) > 0 && param[0].Kind == TIdent && qualifierKeywords[param[0].Text] {
			param = param[1:]
		}
		if len(param) == 1 && t.isUnknownIdent(param[0]) && (typedParams(toks[lp+1:rp]) || strings.HasSuffix(param[0].Text, "_t")) {
			// A lone name among typed parameters of a prototype is a type.
			t.addType(param[0].Text)
		}
		if len(param) >= 2 && t.isUnknownIdent(param[0]) && !strings.HasPrefix(param[0].Text, "__kl_") && !t.isAttrWord(param[0]) {
			// X Y, X *Y, X **, X (*fp)(...): X is a type.
			k := 1
			for k < len(param) && (param[k].is("*") || param[k].Text == "const" || param[k].Text == "volatile") {
				k++
			}
			switch {
			case k == len(param) && k > 1:
				t.addType(param[0].Text)
			case k < len(param) && isIdent(param[k]) && (k+1 == len(param) || param[k+1].is("[") || param[k+1].is("(") || param[k+1].is(":")):
				t.addType(param[0].Text)
			case k == 1 && param[1].is("(") && len(param) > 2 && param[2].is("*"):
				t.addType(param[0].Text)
			}
		}
		j = k + 1
	}
}

// typedParams reports whether a parameter list has a parameter of two or
// more tokens (a prototype rather than a K&R identifier list).
func typedParams(toks []Tok) bool {
	n := 0
	for _, tk := range toks {
		if tk.is(",") {
			if n >= 2 {
				return true
			}
			n = 0
			continue
		}
		n++
	}
	return n >= 2
}

// inferCast looks at `( X * )` and `( X )` followed by an operand, and at
// `( X ) {`, a compound literal, where an operator or `return` comes
// before: after a name or `)` the parentheses are a condition (if, a
// loop macro) before a block.
func (t *tolerance) inferCast(toks []Tok, lp, rp int) {
	if rp-lp < 2 || rp >= len(toks) {
		return
	}
	x := toks[lp+1]
	if !t.isUnknownIdent(x) || strings.HasPrefix(x.Text, "__kl_") {
		return
	}
	if rp == lp+2 && rp+1 < len(toks) && toks[rp+1].is("{") && lp > 0 {
		if p := toks[lp-1]; (p.Kind == TPunct && !p.is(")") && !p.is("]") && !p.is("}")) || (p.Kind == TIdent && p.Text == "return") {
			t.addType(x.Text)
		}
		return
	}
	allStars := rp-lp > 2
	for k := lp + 2; k < rp; k++ {
		if !toks[k].is("*") && toks[k].Text != "const" {
			allStars = false
		}
	}
	if allStars {
		t.addType(x.Text)
		return
	}
	if rp == lp+2 && rp+1 < len(toks) && strings.HasSuffix(x.Text, "_t") {
		n := toks[rp+1]
		if isIdent(n) || n.Kind == TNumber || n.is("(") || n.is("&") || n.is("~") {
			t.addType(x.Text)
		}
	}
}
