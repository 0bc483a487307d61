// SPDX-License-Identifier: MIT

package cparse

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// This file is a C preprocessor written for kcovlint. It exists (rather than
// cc/v4's own) because the tolerance passes must see the token stream after
// macro expansion, with every token still carrying its original file, line
// and column, and because a kernel file must be read without its headers:
// every #include <...> is answered by the kernel API model, local
// #include "..." files are read when present and are empty otherwise, and
// CONFIG_* macros are answered by a Config.

type macro struct {
	name     string
	funcLike bool
	params   []string
	variadic bool
	body     []Tok
	builtin  string // "__LINE__", "__FILE__", "__COUNTER__", "__has_include" ...
}

func (m *macro) paramIndex(t Tok) int {
	if !m.funcLike || t.Kind != TIdent {
		return -1
	}
	for i, p := range m.params {
		if p == t.Text {
			return i
		}
	}
	if m.variadic && t.Text == "__VA_ARGS__" {
		return len(m.params) - 1
	}
	return -1
}

type condState struct {
	active  bool // tokens of this group are kept
	outerOn bool // the enclosing group is kept
	taken   bool // a branch of this if-section was taken
	sawElse bool
	line    int32
}

type srcFile struct {
	id    int32
	path  string
	toks  []Tok
	i     int
	conds []condState
}

func (f *srcFile) active() bool {
	return len(f.conds) == 0 || f.conds[len(f.conds)-1].active
}

type frame struct {
	toks []Tok
	i    int
}

// Note is a problem met while reading a file that did not stop the reading.
type Note struct {
	Pos    Pos
	Reason string
}

// ppOptions configure one run of the preprocessor.
type ppOptions struct {
	config   *Config
	readFile func(string) ([]byte, error)
	maxDepth int
	// localDirs are searched for #include "..." after the includer's own directory.
	localDirs []string
}

type pp struct {
	opts   *ppOptions
	macros map[string]*macro
	base   map[string]*macro // the model's macros
	// afterMember is set when the last token next returned was '.' or
	// '->': the next name is a member.
	afterMember bool
	undef       map[string]bool // CONFIG_* names the file #undef'd or #define'd itself
	// consulted records the CONFIG_* names the Config answered and how
	// (see File.Consulted).
	consulted map[string]string
	files     []string // file table: index = Tok.File
	stack     []*srcFile
	frames    []*frame
	floor     int // isolated expansion: frames below floor are not read
	isolate   bool
	out       []Tok
	notes     []Note
	counter   int
	once      map[string]bool
	work      int // expansion work, to stop runaway expansions

	argDepth  int       // nesting of expandIsolated
	nextCheck int       // p.work at which to look at the clock again
	deadline  time.Time // zero: none
	// stopped is set when a limit ended preprocessing before the end of
	// the file: where, and why.
	stopped *Failure

	// Hidesets (Prosser's algorithm: the macro names a token must not be
	// expanded by again) are interned: a token holds the index of its set
	// in hsets (0: the empty set), and adding a name and union are
	// memoized. Tokens then hold no pointer for the collector to follow.
	hsets     [][]string
	hsIndex   map[string]hsID
	addMemo   map[hsAddKey]hsID
	unionMemo map[[2]hsID]hsID
}

// hsID names an interned hideset of a pp.
type hsID int32

type hsAddKey struct {
	h    hsID
	name string
}

func (p *pp) hsHas(h hsID, name string) bool {
	if h == 0 {
		return false
	}
	for _, n := range p.hsets[h] {
		if n == name {
			return true
		}
	}
	return false
}

// hsIntern returns the ID of the set of names (sorted, distinct).
func (p *pp) hsIntern(names []string) hsID {
	if len(names) == 0 {
		return 0
	}
	key := strings.Join(names, "\x00")
	if id, ok := p.hsIndex[key]; ok {
		return id
	}
	if p.hsIndex == nil {
		p.hsIndex = map[string]hsID{}
	}
	if len(p.hsets) == 0 {
		p.hsets = append(p.hsets, nil)
	}
	id := hsID(len(p.hsets))
	p.hsets = append(p.hsets, names)
	p.hsIndex[key] = id
	return id
}

func (p *pp) hsAdd(h hsID, name string) hsID {
	if p.hsHas(h, name) {
		return h
	}
	k := hsAddKey{h, name}
	if r, ok := p.addMemo[k]; ok {
		return r
	}
	var old []string
	if h != 0 {
		old = p.hsets[h]
	}
	names := make([]string, 0, len(old)+1)
	i := sort.SearchStrings(old, name)
	names = append(names, old[:i]...)
	names = append(names, name)
	names = append(names, old[i:]...)
	r := p.hsIntern(names)
	if p.addMemo == nil {
		p.addMemo = map[hsAddKey]hsID{}
	}
	p.addMemo[k] = r
	return r
}

func (p *pp) hsUnion(a, b hsID) hsID {
	if b == 0 || a == b {
		return a
	}
	if a == 0 {
		return b
	}
	k := [2]hsID{a, b}
	if r, ok := p.unionMemo[k]; ok {
		return r
	}
	r := a
	for _, n := range p.hsets[b] {
		r = p.hsAdd(r, n)
	}
	if p.unionMemo == nil {
		p.unionMemo = map[[2]hsID]hsID{}
	}
	p.unionMemo[k] = r
	return r
}

func (p *pp) hsIntersect(a, b hsID) hsID {
	if a == 0 || b == 0 {
		return 0
	}
	if a == b {
		return a
	}
	var names []string
	for _, n := range p.hsets[a] {
		if p.hsHas(b, n) {
			names = append(names, n)
		}
	}
	return p.hsIntern(names)
}

// Limits that keep a hostile or pathological file from running away. The
// largest files of the kernel tree stay well below them (a few million
// tokens of expansion work, under two million output tokens).
const (
	// maxExpansionWork bounds the tokens macro expansion may produce and
	// read; past it, macros are left unexpanded (noted).
	maxExpansionWork = 16_000_000
	// maxOutTokens bounds the preprocessed token stream; past it, the rest
	// of the file is dropped and reported as a failure.
	maxOutTokens = 12_000_000
	// maxArgDepth bounds the nesting of macro arguments expanded before
	// substitution; deeper arguments are substituted as written and
	// expanded on rescan.
	maxArgDepth = 16
)

func newPP(opts *ppOptions, base map[string]*macro) *pp {
	p := &pp{
		opts:   opts,
		base:   base,
		macros: make(map[string]*macro, len(base)+64),
		undef:  map[string]bool{},
		once:   map[string]bool{},
	}
	for k, v := range base {
		p.macros[k] = v
	}
	for _, b := range []string{"__LINE__", "__FILE__", "__COUNTER__", "__BASE_FILE__", "__INCLUDE_LEVEL__"} {
		p.macros[b] = &macro{name: b, builtin: b}
	}
	return p
}

func (p *pp) note(t Tok, format string, args ...any) {
	p.notes = append(p.notes, Note{Pos: p.pos(t), Reason: fmt.Sprintf(format, args...)})
}

func (p *pp) pos(t Tok) Pos {
	name := ""
	if int(t.File) < len(p.files) {
		name = p.files[t.File]
	}
	return Pos{File: name, Line: int(t.Line), Col: int(t.Col)}
}

func (p *pp) addFile(path string, src []byte) *srcFile {
	id := int32(len(p.files))
	p.files = append(p.files, path)
	f := &srcFile{id: id, path: path, toks: lexFile(src, id)}
	p.ownConfigNames(f.toks)
	return f
}

// ownConfigNames records the enum constants, typedef names and tags
// named CONFIG_* a file declares (enum { IDLE_STATE, CONFIG_STATE, ... },
// typedef struct { ... } CONFIG_LINK;, struct CONFIG_INFO): the file's
// own names, not Kconfig options, so the Config is not asked about them.
func (p *pp) ownConfigNames(toks []Tok) {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Kind == TIdent && (toks[i].Text == "struct" || toks[i].Text == "union" || toks[i].Text == "enum") && toks[i+1].Kind == TIdent && strings.HasPrefix(toks[i+1].Text, "CONFIG_") {
			p.undef[toks[i+1].Text] = true
		}
		if toks[i].Kind == TIdent && toks[i].Text == "typedef" {
			p.typedefConfigNames(toks, i)
		}
		if toks[i].Kind != TIdent || toks[i].Text != "enum" {
			continue
		}
		j := i + 1
		if isIdent(toks[j]) {
			j++
		}
		if j >= len(toks) || !toks[j].is("{") {
			continue
		}
		depth := 0
		elem := true
		for k := j; k < len(toks); k++ {
			t := toks[k]
			if t.BOL && t.is("#") {
				// A directive inside the body: skip its line.
				k = directiveEnd(toks, k)
				continue
			}
			switch {
			case t.is("{") || t.is("(") || t.is("["):
				depth++
				if depth == 1 {
					elem = true
				}
				continue
			case t.is("}") || t.is(")") || t.is("]"):
				depth--
			case t.is(",") && depth == 1:
				elem = true
				continue
			case elem && depth == 1 && t.Kind == TIdent && strings.HasPrefix(t.Text, "CONFIG_"):
				p.undef[t.Text] = true
			}
			elem = false
			if depth == 0 {
				i = k
				break
			}
		}
	}
}

// directiveEnd returns the index of the last token of the directive
// line that starts at k.
func directiveEnd(toks []Tok, k int) int {
	for k+1 < len(toks) && !toks[k+1].BOL {
		k++
	}
	return k
}

// typedefConfigNames records the CONFIG_* names the typedef at i
// declares: at the typedef's outer level (not in its braces), followed by
// ',', ';', '[', or ')' after '*' (typedef struct { ... } CONFIG_PAGE,
// *PTR_CONFIG_PAGE;, typedef int (*CONFIG_FN)(void);). An option in an
// array size or an attribute's argument is followed by ']' or ')'.
func (p *pp) typedefConfigNames(toks []Tok, i int) {
	brace := 0
	for k := i + 1; k+1 < len(toks); k++ {
		t := toks[k]
		if t.BOL && t.is("#") {
			k = directiveEnd(toks, k)
			continue
		}
		switch {
		case t.is("{"):
			brace++
		case t.is("}"):
			brace--
			if brace < 0 {
				return
			}
		case t.is(";") && brace == 0:
			return
		case brace == 0 && t.Kind == TIdent && strings.HasPrefix(t.Text, "CONFIG_"):
			if n := toks[k+1]; n.is(",") || n.is(";") || n.is("[") || n.is(")") && toks[k-1].is("*") {
				p.undef[t.Text] = true
			}
		}
	}
}

// run preprocesses the file at path with content src and appends the
// resulting tokens to p.out.
func (p *pp) run(path string, src []byte) {
	p.stack = append(p.stack, p.addFile(path, src))
	// The headers its includer reads first (includerPrelude), read
	// before the file: pushed last, the first of them on top.
	prelude := includerPrelude(path)
	for i := len(prelude) - 1; i >= 0; i-- {
		if hsrc, err := p.opts.readFile(prelude[i]); err == nil {
			p.stack = append(p.stack, p.addFile(prelude[i], hsrc))
		}
	}
	if p.out == nil {
		p.out = make([]Tok, 0, len(src)/5+64)
	}
	for {
		t := p.next()
		if t.Kind == TEOF {
			return
		}
		if len(p.out) >= maxOutTokens {
			p.stop(t, "token limit", fmt.Sprintf("preprocessing produced more than %d tokens; the rest of the file is not read", maxOutTokens))
			return
		}
		p.out = append(p.out, t)
	}
}

// stop ends preprocessing at t for a limit.
func (p *pp) stop(t Tok, reason, detail string) {
	p.stopped = &Failure{Pos: p.pos(t), Reason: reason, Detail: detail}
	if !p.stopped.Pos.IsValid() {
		p.stopped.Pos = Pos{File: p.files[0], Line: 1}
	}
	p.stack = nil
	p.frames = nil
}

// lookup finds the macro a name denotes, answering CONFIG_* from the Config.
func (p *pp) lookup(name string) *macro {
	if m, ok := p.macros[name]; ok {
		return m
	}
	if strings.HasPrefix(name, "CONFIG_") && !p.undef[name] && p.opts.config != nil {
		v, ok := p.opts.config.macroValue(name)
		if p.consulted == nil {
			p.consulted = map[string]string{}
		}
		p.consulted[name] = answer(v, ok)
		if ok {
			m := &macro{name: name, body: lexFile([]byte(v), 0)}
			for i := range m.body {
				m.body[i].BOL = false
			}
			p.macros[name] = m
			return m
		}
	}
	return nil
}

func (p *pp) isDefined(name string) bool {
	switch name {
	case "__has_include", "__has_include_next", "__has_attribute", "__has_builtin", "__has_feature", "__has_cpp_attribute", "__has_c_attribute":
		return true
	}
	return p.lookup(name) != nil
}

// rawNext returns the next token before macro expansion, from the innermost
// expansion frame or the current file; it carries out directives.
func (p *pp) rawNext() Tok {
	for {
		if n := len(p.frames); n > 0 {
			f := p.frames[n-1]
			if f.i < len(f.toks) {
				t := f.toks[f.i]
				f.i++
				return t
			}
			if p.isolate && n-1 <= p.floor {
				return Tok{Kind: TEOF}
			}
			p.frames = p.frames[:n-1]
			continue
		}
		if p.isolate {
			return Tok{Kind: TEOF}
		}
		n := len(p.stack)
		if n == 0 {
			return Tok{Kind: TEOF}
		}
		f := p.stack[n-1]
		if f.i >= len(f.toks) {
			if len(f.conds) > 0 {
				p.notes = append(p.notes, Note{Pos: Pos{File: f.path, Line: int(f.conds[len(f.conds)-1].line)}, Reason: "unterminated #if"})
			}
			p.stack = p.stack[:n-1]
			continue
		}
		t := f.toks[f.i]
		if t.BOL && t.Kind == TPunct && (t.Text == "#" || t.Text == "%:") {
			p.directive(f)
			continue
		}
		f.i++
		if !f.active() {
			continue
		}
		return t
	}
}

// pushFrame starts reading an expansion. A large frame below it that is
// mostly read is cut down to its unread rest first, so that nested
// expansions do not keep every level's whole replacement alive.
func (p *pp) pushFrame(toks []Tok) {
	if n := len(p.frames); n > 0 {
		if top := p.frames[n-1]; len(top.toks) > 1024 && top.i > len(top.toks)/2 {
			top.toks = append([]Tok(nil), top.toks[top.i:]...)
			top.i = 0
		}
	}
	p.frames = append(p.frames, &frame{toks: toks})
}

func (p *pp) unread(t Tok) {
	p.frames = append(p.frames, &frame{toks: []Tok{t}})
}

// next returns the next fully macro-expanded token.
func (p *pp) next() Tok {
	t := p.expandNext()
	p.afterMember = t.Kind == TPunct && (t.Text == "." || t.Text == "->")
	return t
}

// expandNext is next without the member tracking.
func (p *pp) expandNext() Tok {
	for {
		t := p.rawNext()
		if t.Kind != TIdent {
			return t
		}
		if t.Text == "_Pragma" {
			if p.skipPragmaOperator() {
				continue
			}
			return t
		}
		m := p.lookup(t.Text)
		if m == nil || p.hsHas(t.hide, t.Text) {
			return t
		}
		if p.afterMember && !m.funcLike && len(m.body) == 0 && p.base[t.Text] == m {
			// A member named like one of the model's attribute macros
			// (objtool's opts.noinstr): the model defines what the
			// file's own headers may not, and no attribute follows
			// '.' or '->'.
			return t
		}
		if p.work > p.nextCheck {
			// Every so much work, look at the clock.
			p.nextCheck = p.work + 1<<16
			if !p.deadline.IsZero() && time.Now().After(p.deadline) && p.work <= maxExpansionWork {
				p.note(t, "time limit reached during macro expansion; rest of the file left unexpanded")
				p.work = maxExpansionWork + 1
			}
		}
		if p.work > maxExpansionWork {
			if p.work != maxExpansionWork+1 {
				p.note(t, "macro expansion limit reached; rest of the file left unexpanded")
				p.work = maxExpansionWork + 1
			}
			return t
		}
		if m.builtin != "" {
			if r, ok := p.builtinMacro(m, t); ok {
				return r
			}
			return t
		}
		if !m.funcLike {
			p.work += len(m.body) + 1
			p.pushFrame(p.substitute(m, nil, p.hsAdd(t.hide, m.name), t))
			continue
		}
		n := p.rawNext()
		if !n.is("(") {
			if n.Kind != TEOF {
				p.unread(n)
			}
			return t
		}
		args, rparen, ok := p.readArgs(m, t)
		if !ok {
			return t
		}
		hs := p.hsAdd(p.hsIntersect(t.hide, rparen.hide), m.name)
		p.work += len(m.body) + 1
		for _, a := range args {
			p.work += len(a)
		}
		p.pushFrame(p.substitute(m, args, hs, t))
	}
}

func (p *pp) skipPragmaOperator() bool {
	n := p.rawNext()
	if !n.is("(") {
		p.unread(n)
		return false
	}
	depth := 1
	for depth > 0 {
		t := p.rawNext()
		switch {
		case t.Kind == TEOF:
			return true
		case t.is("("):
			depth++
		case t.is(")"):
			depth--
		}
	}
	return true
}

func (p *pp) builtinMacro(m *macro, t Tok) (Tok, bool) {
	r := t
	r.Exp = true
	r.hide = 0
	switch m.builtin {
	case "__LINE__":
		r.Kind, r.Text = TNumber, strconv.Itoa(int(t.Line))
	case "__FILE__", "__BASE_FILE__":
		r.Kind, r.Text = TString, strconv.Quote(p.pos(t).File)
	case "__COUNTER__":
		r.Kind, r.Text = TNumber, strconv.Itoa(p.counter)
		p.counter++
	case "__INCLUDE_LEVEL__":
		r.Kind, r.Text = TNumber, strconv.Itoa(len(p.stack)-1)
	default:
		return t, false
	}
	return r, true
}

// readArgs reads the arguments of a function-like macro invocation after its
// '('. It returns the raw (unexpanded) argument tokens and the ')'.
func (p *pp) readArgs(m *macro, name Tok) ([][]Tok, Tok, bool) {
	var args [][]Tok
	var cur []Tok
	depth := 0
	for {
		t := p.rawNext()
		switch {
		case t.Kind == TEOF:
			p.note(name, "unterminated argument list invoking macro %q", m.name)
			return nil, t, false
		case t.is("(") || t.is("[") || t.is("{"):
			if t.is("(") {
				depth++
			}
			cur = append(cur, t)
		case t.is(")"):
			if depth == 0 {
				args = append(args, cur)
				return p.fitArgs(m, name, args), t, true
			}
			depth--
			cur = append(cur, t)
		case t.is(",") && depth == 0 && !(m.variadic && len(args) == len(m.params)-1):
			args = append(args, cur)
			cur = nil
		default:
			cur = append(cur, t)
		}
	}
}

// fitArgs reconciles the argument count with the parameter count: a macro
// with no parameters takes one empty argument, a missing variadic argument is
// empty, and a surplus or shortage is tolerated (noted) rather than fatal.
func (p *pp) fitArgs(m *macro, name Tok, args [][]Tok) [][]Tok {
	want := len(m.params)
	if want == 0 {
		if len(args) == 1 && len(args[0]) == 0 {
			return nil
		}
		p.note(name, "macro %q takes no arguments", m.name)
		return nil
	}
	if len(args) == want {
		return args
	}
	if len(args) < want {
		if !(m.variadic && len(args) == want-1) {
			p.note(name, "macro %q wants %d arguments, has %d", m.name, want, len(args))
		}
		for len(args) < want {
			args = append(args, nil)
		}
		return args
	}
	p.note(name, "macro %q wants %d arguments, has %d", m.name, want, len(args))
	return args[:want]
}

// expandIsolated fully macro-expands a token list on its own (an argument
// before substitution), without reading past its end.
func (p *pp) expandIsolated(toks []Tok) []Tok {
	if len(toks) == 0 {
		return nil
	}
	if p.argDepth >= maxArgDepth {
		return toks
	}
	p.argDepth++
	defer func() { p.argDepth-- }()
	savedFloor, savedIsolate := p.floor, p.isolate
	p.frames = append(p.frames, &frame{toks: toks})
	p.floor = len(p.frames) - 1
	p.isolate = true
	var out []Tok
	for {
		t := p.next()
		if t.Kind == TEOF {
			break
		}
		out = append(out, t)
	}
	p.frames = p.frames[:p.floor]
	p.floor, p.isolate = savedFloor, savedIsolate
	return out
}

// substitute builds the replacement of one macro invocation (C11 6.10.3.1-3,
// with GNU's `, ## __VA_ARGS__` and C23's __VA_OPT__).
func (p *pp) substitute(m *macro, args [][]Tok, hs hsID, inv Tok) []Tok {
	body := m.body
	out := make([]Tok, 0, len(body)+8)
	fromBody := make([]bool, 0, len(body)+8)
	push := func(t Tok, isBody bool) {
		out = append(out, t)
		fromBody = append(fromBody, isBody)
	}
	var expanded [][]Tok
	expandedArg := func(i int) []Tok {
		if expanded == nil {
			expanded = make([][]Tok, len(args))
		}
		if expanded[i] == nil {
			expanded[i] = p.expandIsolated(args[i])
			if expanded[i] == nil {
				expanded[i] = []Tok{}
			}
		}
		return expanded[i]
	}
	placemarker := false
	vaIndex := -1
	if m.variadic {
		vaIndex = len(m.params) - 1
	}
	for i := 0; i < len(body); i++ {
		t := body[i]
		// #param: stringize the raw argument.
		if m.funcLike && (t.is("#") || t.is("%:")) && i+1 < len(body) {
			if ai := m.paramIndex(body[i+1]); ai >= 0 && ai < len(args) {
				s := stringize(args[ai])
				s.File, s.Line, s.Col, s.Space = inv.File, inv.Line, inv.Col, t.Space
				push(s, true)
				i++
				placemarker = false
				continue
			}
		}
		// GNU comma swallowing: , ## __VA_ARGS__
		if t.is(",") && i+2 < len(body) && body[i+1].is("##") && vaIndex >= 0 {
			if ai := m.paramIndex(body[i+2]); ai == vaIndex && ai < len(args) {
				if len(args[ai]) > 0 {
					push(t, true)
					for _, a := range args[ai] {
						push(a, false)
					}
				}
				i += 2
				placemarker = false
				continue
			}
		}
		// __VA_OPT__(content)
		if t.Kind == TIdent && t.Text == "__VA_OPT__" && vaIndex >= 0 && i+1 < len(body) && body[i+1].is("(") {
			depth, j := 0, i+1
			for ; j < len(body); j++ {
				if body[j].is("(") {
					depth++
				} else if body[j].is(")") {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if vaIndex < len(args) && len(args[vaIndex]) > 0 && j < len(body) {
				inner := &macro{name: m.name, funcLike: true, params: m.params, variadic: m.variadic, body: body[i+2 : j]}
				for _, x := range p.substitute(inner, args, 0, inv) {
					push(x, true)
				}
			}
			i = j
			continue
		}
		if (t.is("##") || t.is("%:%:")) && i+1 < len(body) {
			nt := body[i+1]
			i++
			var rhs []Tok
			if ai := m.paramIndex(nt); ai >= 0 && ai < len(args) {
				rhs = args[ai]
			} else {
				rhs = []Tok{nt}
			}
			switch {
			case len(rhs) == 0:
				// Pasting with an empty argument leaves the left side.
			case placemarker || len(out) == 0:
				for _, r := range rhs {
					push(r, false)
				}
			default:
				out[len(out)-1] = p.paste(out[len(out)-1], rhs[0])
				for _, r := range rhs[1:] {
					push(r, false)
				}
			}
			placemarker = false
			continue
		}
		if ai := m.paramIndex(t); ai >= 0 {
			var arg []Tok
			if ai < len(args) {
				arg = args[ai]
			}
			if i+1 < len(body) && (body[i+1].is("##") || body[i+1].is("%:%:")) {
				if len(arg) == 0 {
					placemarker = true
					continue
				}
				for _, a := range arg {
					push(a, false)
				}
				placemarker = false
				continue
			}
			if ai < len(args) {
				exp := expandedArg(ai)
				for k, a := range exp {
					if k == 0 {
						a.Space = t.Space
					}
					push(a, false)
				}
			}
			placemarker = false
			continue
		}
		push(t, true)
		placemarker = false
	}
	for k := range out {
		out[k].hide = p.hsUnion(out[k].hide, hs)
		out[k].BOL = false
		if fromBody[k] {
			out[k].File, out[k].Line, out[k].Col = inv.File, inv.Line, inv.Col
		}
		out[k].Exp = true
	}
	if len(out) > 0 {
		out[0].Space = inv.Space
	}
	p.work += len(out)
	return out
}

func stringize(arg []Tok) Tok {
	var b strings.Builder
	b.WriteByte('"')
	for i, t := range arg {
		if i > 0 && t.Space {
			b.WriteByte(' ')
		}
		if t.Kind == TString || t.Kind == TChar {
			for j := 0; j < len(t.Text); j++ {
				if t.Text[j] == '"' || t.Text[j] == '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(t.Text[j])
			}
			continue
		}
		b.WriteString(t.Text)
	}
	b.WriteByte('"')
	return Tok{Kind: TString, Text: b.String()}
}

// paste implements ##: the spellings are joined and must form one token;
// when they do not, the result keeps the joined text as one (invalid) token,
// which is enough for the tolerant parser and avoids losing either side.
func (p *pp) paste(l, r Tok) Tok {
	text := l.Text + r.Text
	res := l
	res.Text = text
	toks := lexFile([]byte(text), 0)
	if len(toks) == 1 {
		res.Kind = toks[0].Kind
	} else if len(text) > 0 && isIdentStart(text[0]) {
		res.Kind = TIdent
	}
	res.hide = p.hsIntersect(l.hide, r.hide)
	return res
}

// directive carries out the preprocessing directive starting at f.toks[f.i].
func (p *pp) directive(f *srcFile) {
	start := f.i
	f.i++ // '#'
	end := f.i
	for end < len(f.toks) && !f.toks[end].BOL {
		end++
	}
	line := f.toks[start+1 : end]
	f.i = end
	hash := f.toks[start]
	if len(line) == 0 {
		return // null directive
	}
	name := line[0].Text
	rest := line[1:]
	switch name {
	case "if", "ifdef", "ifndef":
		outer := f.active()
		c := condState{outerOn: outer, line: hash.Line}
		if outer {
			var v bool
			switch name {
			case "if":
				v = p.evalIf(rest, hash)
			case "ifdef", "ifndef":
				if len(rest) == 0 || rest[0].Kind != TIdent {
					p.note(hash, "#%s without a macro name", name)
				} else {
					v = p.isDefined(rest[0].Text)
				}
				if name == "ifndef" {
					v = !v
				}
			}
			c.active, c.taken = v, v
		}
		f.conds = append(f.conds, c)
		return
	case "elif", "elifdef", "elifndef", "else":
		if len(f.conds) == 0 {
			p.note(hash, "#%s without #if", name)
			return
		}
		c := &f.conds[len(f.conds)-1]
		if c.sawElse {
			p.note(hash, "#%s after #else", name)
		}
		if name == "else" {
			c.sawElse = true
			c.active = c.outerOn && !c.taken
			c.taken = c.taken || c.active
			return
		}
		if !c.outerOn || c.taken {
			c.active = false
			return
		}
		var v bool
		switch name {
		case "elif":
			v = p.evalIf(rest, hash)
		default:
			if len(rest) > 0 && rest[0].Kind == TIdent {
				v = p.isDefined(rest[0].Text)
			}
			if name == "elifndef" {
				v = !v
			}
		}
		c.active, c.taken = v, v
		return
	case "endif":
		if len(f.conds) == 0 {
			p.note(hash, "#endif without #if")
			return
		}
		f.conds = f.conds[:len(f.conds)-1]
		return
	}
	if !f.active() {
		return
	}
	switch name {
	case "define":
		p.define(rest, hash)
	case "undef":
		if len(rest) > 0 && rest[0].Kind == TIdent {
			delete(p.macros, rest[0].Text)
			if strings.HasPrefix(rest[0].Text, "CONFIG_") {
				p.undef[rest[0].Text] = true
			}
		}
	case "include", "include_next", "import":
		p.include(rest, hash, f, name == "include_next")
	case "pragma":
		if len(rest) > 0 && rest[0].Text == "once" {
			p.once[f.path] = true
		}
	case "error":
		p.note(hash, "#error %s", joinToks(rest))
	case "line", "warning", "ident", "sccs", "assert", "unassert":
	default:
		if line[0].Kind != TNumber { // "# 12 "file"" line markers are fine
			p.note(hash, "unknown directive #%s", name)
		}
	}
}

func joinToks(toks []Tok) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.Space {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

func (p *pp) define(rest []Tok, hash Tok) {
	if len(rest) == 0 || rest[0].Kind != TIdent {
		p.note(hash, "#define without a macro name")
		return
	}
	m := &macro{name: rest[0].Text}
	body := rest[1:]
	if len(body) > 0 && body[0].is("(") && !body[0].Space {
		m.funcLike = true
		i := 1
		for ; i < len(body); i++ {
			t := body[i]
			switch {
			case t.is(")"):
				goto done
			case t.is(","):
			case t.is("..."):
				m.params = append(m.params, "__VA_ARGS__")
				m.variadic = true
			case t.Kind == TIdent:
				if i+1 < len(body) && body[i+1].is("...") {
					m.params = append(m.params, t.Text)
					m.variadic = true
					i++
				} else {
					m.params = append(m.params, t.Text)
				}
			default:
				p.note(t, "bad parameter list in #define %s", m.name)
				return
			}
		}
		p.note(hash, "unterminated parameter list in #define %s", m.name)
		return
	done:
		body = body[i+1:]
	}
	m.body = make([]Tok, len(body))
	copy(m.body, body)
	for i := range m.body {
		m.body[i].BOL = false
	}
	if len(m.body) > 0 {
		m.body[0].Space = false
	}
	p.macros[m.name] = m
	if strings.HasPrefix(m.name, "CONFIG_") {
		p.undef[m.name] = false
	}
}

func (p *pp) include(rest []Tok, hash Tok, f *srcFile, next bool) {
	if len(rest) == 0 {
		p.note(hash, "#include without a file name")
		return
	}
	if rest[0].Kind != TString && !rest[0].is("<") {
		rest = p.expandIsolated(rest)
	}
	if len(rest) == 0 {
		return
	}
	if rest[0].is("<") || next {
		// System and kernel headers: answered by the kernel API model,
		// which every unit starts with.
		return
	}
	if rest[0].Kind != TString || len(rest[0].Text) < 2 {
		p.note(hash, "bad #include argument %s", joinToks(rest))
		return
	}
	name := rest[0].Text[1 : len(rest[0].Text)-1]
	if len(p.stack) >= p.opts.maxDepth {
		p.note(hash, "#include %q nested too deeply; skipped", name)
		return
	}
	dirs := append([]string{filepath.Dir(f.path)}, p.opts.localDirs...)
	// Kernel Makefiles add include paths of their own (-I$(src)/inc,
	// -I$(srctree)/$(src)/..): a header not beside its includer is looked
	// for in the directories above the file being parsed, and in their
	// inc/ and include/ folders, nearest first.
	if !filepath.IsAbs(name) && !strings.HasPrefix(name, "..") {
		a := filepath.Dir(p.files[0])
		for up := 0; up < 4; up++ {
			parent := filepath.Dir(a)
			if parent == a || a == "." || a == "/" {
				break
			}
			a = parent
			dirs = append(dirs, a, filepath.Join(a, "inc"), filepath.Join(a, "include"))
		}
	}
	for _, d := range dirs {
		path := filepath.Join(d, name)
		if p.once[path] {
			return
		}
		for _, s := range p.stack {
			if s.path == path {
				p.note(hash, "#include %q includes itself; skipped", name)
				return
			}
		}
		src, err := p.opts.readFile(path)
		if err != nil {
			continue
		}
		p.stack = append(p.stack, p.addFile(path, src))
		return
	}
	p.note(hash, "#include %q not found; read as empty", name)
}

func readLocalFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > 16<<20 {
		return nil, fmt.Errorf("%s: larger than 16 MiB", path)
	}
	return os.ReadFile(path)
}

var errNotFound = fmt.Errorf("not found")
