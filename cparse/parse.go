// SPDX-License-Identifier: MIT

package cparse

import (
	_ "embed"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/cc/v4"
	"modernc.org/token"
)

//go:embed model/kernel.h
var modelSource []byte

// ModelPath is the name under which the kernel API model is read; positions
// in it are never reported.
const ModelPath = "<kernel-model>"

type model struct {
	macros map[string]*macro
	types  map[string]bool
	// prelude starts every text given to cc: the predefined declarator
	// cc wants and the model's type names, as an open `typedef int ...`
	// list that emit completes with the file's own names.
	prelude string
	typeSet map[string]bool // the names in prelude
}

var (
	modelOnce sync.Once
	theModel  *model
)

func getModel() *model {
	modelOnce.Do(func() {
		p := newPP(&ppOptions{readFile: func(string) ([]byte, error) { return nil, errNotFound }, maxDepth: 4}, nil)
		p.run(ModelPath, modelSource)
		m := &model{macros: p.macros, types: map[string]bool{}}
		tol := newTolerance(p, p.out, nil)
		for _, c := range tol.splitChunks() {
			toks := p.out[c.start:c.end]
			if len(toks) > 0 && toks[0].Text == "typedef" {
				for _, n := range typedefNames(toks[1:]) {
					m.types[n] = true
				}
			}
		}
		// The parser needs no more of the model than which names are
		// types: its declarations reduce to `typedef int name;`.
		names := make([]string, 0, len(m.types))
		for n := range m.types {
			names = append(names, n)
		}
		sort.Strings(names)
		m.typeSet = map[string]bool{"__kl_fsm_t": true}
		var b strings.Builder
		b.WriteString("int __predefined_declarator;\ntypedef int __kl_fsm_t")
		for _, n := range names {
			b.WriteString(", ")
			b.WriteString(n)
			m.typeSet[n] = true
		}
		m.prelude = b.String()
		theModel = m
	})
	return theModel
}

// Options configure parsing.
type Options struct {
	// Config decides conditional compilation; nil means NewConfig(false).
	Config *Config
	// ReadFile reads local #include "..." files; nil means the file system.
	ReadFile func(string) ([]byte, error)
	// IncludeDirs are searched for #include "..." after the includer's directory.
	IncludeDirs []string
	// TimeLimit bounds the work on one file, once for macro expansion
	// (past it, macros are left unexpanded) and once for parsing
	// (declarations not parsed by then fail with reason "time limit").
	// 0 means DefaultTimeLimit, a negative value no limit.
	TimeLimit time.Duration
	// Dump, when not nil, receives the text given to the parser on each
	// of its runs over the file (after preprocessing and the tolerance
	// pass; a file with failing declarations takes several runs), each
	// after a comment line naming the file and the run: a development
	// aid (kcovlint debug --dump). Each run is one Write; files parsed at
	// the same time need a Dump safe for concurrent use.
	Dump io.Writer
}

// DefaultTimeLimit is the parse time limit of a file when Options.TimeLimit is 0.
const DefaultTimeLimit = 60 * time.Second

// MaxFileSize is the largest file ParseFile reads.
const MaxFileSize = 64 << 20

// ParseFile reads and parses a file. The error is for a file that cannot be
// read at all; a file that reads but does not parse gives a File whose
// Failures say why.
func ParseFile(path string, opts Options) (*File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: %d bytes, larger than the %d MiB limit", path, st.Size(), MaxFileSize>>20)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSource(path, src, opts), nil
}

// ParseSource parses src as the file path. It never panics: an internal
// error is reported as a failure of the whole file.
func ParseSource(path string, src []byte, opts Options) *File {
	return Prepare(path, src, opts).Parse()
}

// Prepared is a file preprocessed and split into top-level declarations,
// not yet parsed: Focus can leave functions out before Parse.
type Prepared struct {
	file     *File
	u        *unit // nil when preparation failed
	limit    time.Duration
	funcs    []*FuncChunk
	parsed   bool
	internal bool
	outline  bool // function list only (Outline)
}

// Prepare preprocesses src as the file path and splits it into top-level
// declarations. It never panics.
func Prepare(path string, src []byte, opts Options) (p *Prepared) {
	if opts.Config == nil {
		opts.Config = NewConfig(false)
	}
	f := &File{Path: path, Config: opts.Config, Structs: map[string]*Struct{}}
	f.Stats.Bytes = len(src)
	limit := opts.TimeLimit
	if limit == 0 {
		limit = DefaultTimeLimit
	}
	p = &Prepared{file: f, limit: limit}
	defer func() {
		if r := recover(); r != nil {
			p.u = nil
			p.funcs = nil
			p.internalError(r)
		}
	}()
	m := getModel()
	readFile := opts.ReadFile
	if readFile == nil {
		readFile = readLocalFile
	}
	pp := newPP(&ppOptions{config: opts.Config, readFile: readFile, maxDepth: 40, localDirs: opts.IncludeDirs}, m.macros)
	pp.deadline = p.deadline()
	pp.run(path, src)
	f.Notes = pp.notes
	f.Consulted = pp.consulted
	if f.Consulted == nil {
		f.Consulted = map[string]string{}
	}
	if pp.stopped != nil {
		f.Failures = append(f.Failures, *pp.stopped)
	}
	f.Stats.Tokens = len(pp.out)
	tol := newTolerance(pp, pp.out, m.types)
	chunks := tol.run()
	f.Macros = tol.macroUses
	f.Stats.Inferred = tol.inferred
	p.u = &unit{p: pp, tol: tol, chunks: chunks, model: m, file: f, dumpTo: opts.Dump}
	p.u.dropLargeInitializers()
	p.funcs = funcChunks(chunks)
	return p
}

// largeInitializer is the size, in tokens after preprocessing, past which
// the initializer of a declaration is not parsed.
const largeInitializer = 100_000

// dropLargeInitializers keeps only the declarator of declarations whose
// initializer is a generated table (airtime.c's rate tables, ppc-opc.c's
// opcode table: millions of tokens of numbers, seconds of parsing, and
// nothing the analyses use: callbacks are registered in small tables).
// The variable stays declared; each drop is a note.
func (u *unit) dropLargeInitializers() {
	for _, c := range u.chunks {
		if c.kind != chunkDecl || len(c.toks) <= largeInitializer || !c.live() {
			continue
		}
		eq := topLevelAssign(c.toks)
		if eq <= 0 {
			continue
		}
		name := ""
		for k := eq - 1; k >= 0; k-- {
			if c.toks[k].Kind == TIdent {
				name = c.toks[k].Text + ": "
				break
			}
			if !c.toks[k].is("]") && !c.toks[k].is("[") && c.toks[k].Kind != TNumber {
				break
			}
		}
		u.file.Notes = append(u.file.Notes, Note{Pos: u.firstPos(c), Reason: fmt.Sprintf("%sinitializer of %d tokens not parsed (a data table)", name, len(c.toks)-eq)})
		c.toks = append(c.toks[:eq:eq], mkTok(c.toks[eq], TPunct, ";"))
	}
}

// topLevelAssign is the index of the first "=" outside brackets, or -1.
func topLevelAssign(toks []Tok) int {
	depth := 0
	for i, t := range toks {
		if t.Kind != TPunct {
			continue
		}
		switch t.Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case "=":
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func (p *Prepared) deadline() time.Time {
	if p.limit < 0 {
		return time.Time{}
	}
	return time.Now().Add(p.limit)
}

func (p *Prepared) internalError(r any) {
	p.internal = true
	p.file.Funcs = nil
	p.file.Failures = append(p.file.Failures, Failure{Pos: Pos{File: p.file.Path, Line: 1}, Reason: "internal error", Detail: fmt.Sprint(r)})
}

// Parse parses the declarations and the functions not left out, and
// returns the file. A Prepared is parsed once; later calls return the same
// File. It never panics.
func (p *Prepared) Parse() *File {
	if p.outline {
		panic("cparse: Parse of an outline")
	}
	if p.parsed || p.u == nil || p.internal {
		p.parsed = true
		return p.file
	}
	p.parsed = true
	defer func() {
		if r := recover(); r != nil {
			p.internalError(r)
		}
	}()
	for _, fc := range p.funcs {
		if fc.skip() {
			fc.c.skipped = true
			p.file.Stats.Skipped++
		}
	}
	p.u.deadline = p.deadline()
	p.u.parse()
	return p.file
}

// unit is one translation unit on its way through cc/v4.
//
// The chunks (top-level declarations) are parsed in segments of bounded
// size. A segment that fails is not re-parsed whole: the declarations before
// the first error are taken from the partial AST (or parsed again on their
// own), the failing chunk is dropped, and only the rest of the segment is
// parsed again. Type names declared by chunks already built are carried into
// later parses as `typedef int name;`, which is all the parser needs of them.
type unit struct {
	p        *pp
	tol      *tolerance
	chunks   []*chunk
	model    *model
	file     *File
	deadline time.Time
	rounds   int       // parser runs so far
	dumpTo   io.Writer // Options.Dump

	// carried are the typedef names declared by chunks already built.
	carried     []string
	carriedSeen map[string]bool

	// emission state
	text      []byte
	emitted   []emittedTok
	lineFirst []int32 // emitted line -> index of its first token in emitted, or -1
	curLine   int
	curCol    int
}

// emittedTok places one token of a chunk in the emitted text.
type emittedTok struct {
	line, col  int32
	chunk, idx int32
}

// tok returns the token an emitted position stands for.
func (u *unit) tok(e emittedTok) Tok { return u.chunks[e.chunk].toks[e.idx] }

// live reports whether a chunk still has to go through the parser.
func (c *chunk) live() bool {
	return !c.done && !c.skipped && c.failed == "" && c.kind != chunkMacroUse && c.kind != chunkEmpty
}

// segmentTokens bounds the tokens given to one parser run, so that a
// failing declaration costs the re-parse of a segment, not of the file.
const segmentTokens = 20000

// maxChunkTokens bounds one declaration after preprocessing (the largest
// in the kernel tree, a table of airtime.c, has under two million).
const maxChunkTokens = 4_000_000

// maxRounds bounds the parser runs for one file.
const maxRounds = 2000

// emit writes the prelude and the live chunks of [from, to) as C text.
func (u *unit) emit(from, to int) []byte {
	u.text = u.text[:0]
	u.emitted = u.emitted[:0]
	u.lineFirst = u.lineFirst[:0]
	u.text = append(u.text, u.model.prelude...)
	seen := u.model.typeSet
	for _, list := range [][]string{u.tol.inferred, u.carried} {
		for _, name := range list {
			if seen[name] {
				continue
			}
			u.text = append(u.text, ", "...)
			u.text = append(u.text, name...)
		}
	}
	u.text = append(u.text, ";\n"...)
	u.curLine = 3 // the prelude is two lines
	for len(u.lineFirst) <= u.curLine {
		u.lineFirst = append(u.lineFirst, -1)
	}
	u.curCol = 1
	for ci := from; ci < to; ci++ {
		c := u.chunks[ci]
		if !c.live() {
			continue
		}
		u.newLine()
		var prev Tok
		for k, t := range c.toks {
			if k > 0 && (t.Line != prev.Line || t.File != prev.File) {
				u.newLine()
			} else if k > 0 {
				u.text = append(u.text, ' ')
				u.curCol++
			}
			if u.lineFirst[u.curLine] < 0 {
				u.lineFirst[u.curLine] = int32(len(u.emitted))
			}
			u.emitted = append(u.emitted, emittedTok{line: int32(u.curLine), col: int32(u.curCol), chunk: int32(ci), idx: int32(k)})
			u.text = append(u.text, t.Text...)
			u.curCol += len(t.Text)
			prev = t
		}
	}
	// The text ends with a declaration of a type name: cc's parser loops
	// forever at the end of its input inside a type qualifier list
	// (`struct s *const` and then nothing), and a type name ends that
	// loop. The line maps to no chunk; build skips it.
	u.text = append(u.text, "\n__kl_fsm_t __kl_end_guard;\n"...)
	return u.text
}

func (u *unit) newLine() {
	u.text = append(u.text, '\n')
	u.curLine++
	u.curCol = 1
	for len(u.lineFirst) <= u.curLine {
		u.lineFirst = append(u.lineFirst, -1)
	}
}

// lookup maps a position in the emitted text back to the emitted token.
func (u *unit) lookup(line, col int) (emittedTok, bool) {
	if line <= 0 || line >= len(u.lineFirst) {
		return emittedTok{}, false
	}
	i := u.lineFirst[line]
	if i < 0 {
		return emittedTok{}, false
	}
	// The tokens of a line are in column order: find the last one that
	// starts at or before col (a macro expansion can put thousands of
	// tokens on one emitted line).
	lo, hi := int(i), len(u.emitted)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if e := u.emitted[mid]; int(e.line) > line || (int(e.line) == line && int(e.col) > col) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	j := int(i)
	if lo-1 > j {
		j = lo - 1
	}
	return u.emitted[j], true
}

// origPos maps a cc position to the original source position.
func (u *unit) origPos(line, col int) Pos {
	if e, ok := u.lookup(line, col); ok {
		return u.p.pos(u.tok(e))
	}
	return Pos{}
}

var ccErrRe = regexp.MustCompile(`^[^:]*:(\d+):(\d+): (.*)$`)

const unitName = "<kcovlint>"

func (u *unit) parse() {
	for _, c := range u.chunks {
		if c.tooDeep {
			u.fail(c, u.firstPos(c), "nesting too deep", fmt.Sprintf("brackets and control statements nest more than %d deep", maxChunkNesting))
		} else if c.end-c.start > maxChunkTokens {
			u.fail(c, u.firstPos(c), "too large", fmt.Sprintf("the declaration has %d tokens after preprocessing, more than %d", c.end-c.start, maxChunkTokens))
		} else if c.unbalanced && c.kind != chunkMacroUse {
			u.fail(c, u.firstPos(c), "unbalanced braces", "the declaration's braces or parentheses do not balance")
		}
		if !u.inMainFile(c) {
			continue
		}
		u.file.Stats.Chunks++
		if c.kind == chunkFunc && !u.chunkGenerated(c) {
			u.file.Stats.FuncChunks++
		}
	}
	n := len(u.chunks)
	for from := 0; from < n; {
		// A segment takes chunks while they fit in the budget; a chunk
		// larger than the budget is a segment of its own.
		to, size := from, 0
		for to < n {
			k := 0
			if u.chunks[to].live() {
				k = len(u.chunks[to].toks)
			}
			if to > from && size+k > segmentTokens {
				break
			}
			size += k
			to++
		}
		u.parseSegment(from, to)
		from = to
	}
	u.finish()
}

func (u *unit) anyLive(from, to int) bool {
	for ci := from; ci < to; ci++ {
		if u.chunks[ci].live() {
			return true
		}
	}
	return false
}

// expired reports whether the file's time budget is spent.
func (u *unit) expired() bool {
	return !u.deadline.IsZero() && time.Now().After(u.deadline)
}

// failRest fails every live chunk of [from, to) for a limit.
func (u *unit) failRest(from, to int, reason, detail string) {
	for ci := from; ci < to; ci++ {
		if c := u.chunks[ci]; c.live() {
			u.fail(c, u.firstPos(c), reason, detail)
		}
	}
}

// parseSegment parses the live chunks of [from, to), dropping failing
// chunks one at a time.
func (u *unit) parseSegment(from, to int) {
	for {
		if !u.anyLive(from, to) {
			return
		}
		if u.expired() {
			u.failRest(from, to, "time limit", "the file's parse time limit was reached")
			return
		}
		if u.rounds >= maxRounds {
			u.failRest(from, to, "round limit", "too many failing declarations in the file")
			return
		}
		u.rounds++
		src := u.emit(from, to)
		u.dump(src)
		ast, err := safeParse(src)
		if err == nil {
			u.build(ast, from, to, -1)
			return
		}
		k := u.firstError(err, from, to)
		if k < 0 {
			// An error we cannot pin on a declaration: parse each
			// declaration on its own.
			u.parseEach(from, to)
			return
		}
		if ast != nil && k-1 > from {
			// The AST is trusted up to the declaration before the one
			// just before the error: cc may report a declaration's error
			// only at the next one's first token.
			u.build(ast, from, k-1, k-1)
		}
		if u.anyLive(from, k) {
			// No AST to take them from: the declarations before the
			// error parse on their own.
			u.parseSegment(from, k)
		}
		from = k + 1
	}
}

// dump writes the text of a parser run to Options.Dump.
func (u *unit) dump(src []byte) {
	if u.dumpTo == nil {
		return
	}
	head := fmt.Sprintf("/* ---- %s: parser run %d ---- */\n", u.file.Path, u.rounds)
	_, _ = u.dumpTo.Write(append([]byte(head), src...))
}

// firstError fails the chunk the parser's first error falls in and returns
// its index, or -1 when the error cannot be placed.
func (u *unit) firstError(err error, from, to int) int {
	for _, l := range strings.Split(err.Error(), "\n") {
		m := ccErrRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		e, ok := u.lookup(line, col)
		if !ok && len(u.emitted) > 0 && line > int(u.emitted[len(u.emitted)-1].line) {
			// At the end of the text: the last declaration is unfinished.
			e, ok = u.emitted[len(u.emitted)-1], true
		}
		if !ok {
			return -1
		}
		ci := int(e.chunk)
		if ci < from || ci >= to {
			return -1
		}
		u.fail(u.chunks[ci], u.p.pos(u.tok(e)), "syntax", m[3])
		return ci
	}
	return -1
}

// build turns the external declarations of an AST into IR. With limit >= 0
// only the declarations that lie wholly in chunks before limit are taken
// (the AST of a failed parse is trusted up to its first error).
func (u *unit) build(ast *cc.AST, from, to, limit int) {
	if ast == nil {
		return
	}
	b := &builder{u: u}
	for tu := ast.TranslationUnit; tu != nil; tu = tu.TranslationUnit {
		ed := tu.ExternalDeclaration
		if ed == nil {
			continue
		}
		p := ed.Position()
		e, ok := u.lookup(p.Line, p.Column)
		if !ok {
			continue // the prelude
		}
		if limit >= 0 {
			if int(e.chunk) >= limit {
				break
			}
			end, ok := edEnd(ed)
			if !ok {
				continue
			}
			ee, ok := u.lookup(end.Line, end.Column)
			if !ok || int(ee.chunk) >= limit {
				continue
			}
		}
		if !u.buildOne(b, ed, int(e.chunk), limit >= 0) {
			continue
		}
		u.chunks[e.chunk].done = true
	}
	if limit < 0 {
		for ci := from; ci < to; ci++ {
			if c := u.chunks[ci]; c.live() {
				c.done = true
			}
		}
	}
}

// buildOne builds one external declaration of chunk ci. A panic (a node
// cc left unfinished) undoes what the declaration added; from a partial AST
// the chunk is then parsed again, from a complete one it fails.
func (u *unit) buildOne(b *builder, ed *cc.ExternalDeclaration, ci int, partial bool) (ok bool) {
	f := u.file
	nFuncs, nGlobals := len(f.Funcs), len(f.Globals)
	defer func() {
		if r := recover(); r != nil {
			f.Funcs, f.Globals = f.Funcs[:nFuncs], f.Globals[:nGlobals]
			b.fn = nil
			ok = false
			if !partial {
				c := u.chunks[ci]
				u.fail(c, u.firstPos(c), "internal error", fmt.Sprintf("building the IR: %v", r))
			}
		}
	}()
	switch ed.Case {
	case cc.ExternalDeclarationFuncDef:
		if fd := ed.FunctionDefinition; fd == nil || fd.Declarator == nil || fd.Declarator.Name() == "" {
			// cc made a function of tokens that name none (the rest of
			// an unbalanced declaration): no function to give a place.
			if partial {
				return false
			}
			c := u.chunks[ci]
			u.fail(c, u.firstPos(c), "syntax", "a function definition without a name")
			return true
		}
		b.funcDef(ed.FunctionDefinition)
	case cc.ExternalDeclarationDecl:
		b.fileDecl(ed.Declaration)
		u.carryTypedefs(ed.Declaration)
	}
	return true
}

// edEnd returns the position of the last token of an external declaration.
func edEnd(ed *cc.ExternalDeclaration) (token.Position, bool) {
	switch ed.Case {
	case cc.ExternalDeclarationFuncDef:
		if fd := ed.FunctionDefinition; fd != nil && fd.CompoundStatement != nil {
			return fd.CompoundStatement.Token2.Position(), true
		}
	case cc.ExternalDeclarationDecl:
		if d := ed.Declaration; d != nil {
			switch d.Case {
			case cc.DeclarationDecl:
				return d.Token.Position(), true
			case cc.DeclarationAuto:
				return d.Token3.Position(), true
			case cc.DeclarationAssert:
				if d.StaticAssertDeclaration != nil {
					return d.StaticAssertDeclaration.Token5.Position(), true
				}
			}
		}
	}
	return token.Position{}, false
}

// carryTypedefs records the names a file-scope typedef declares, for the
// parses of later segments.
func (u *unit) carryTypedefs(d *cc.Declaration) {
	if d == nil || !isTypedef(d.DeclarationSpecifiers) {
		return
	}
	for l := d.InitDeclaratorList; l != nil; l = l.InitDeclaratorList {
		if l.InitDeclarator == nil || l.InitDeclarator.Declarator == nil {
			continue
		}
		name := l.InitDeclarator.Declarator.Name()
		if name == "" || u.carriedSeen[name] {
			continue
		}
		if u.carriedSeen == nil {
			u.carriedSeen = map[string]bool{}
		}
		u.carriedSeen[name] = true
		u.carried = append(u.carried, name)
	}
}

func safeParse(src []byte) (ast *cc.AST, err error) {
	defer func() {
		if r := recover(); r != nil {
			ast, err = nil, fmt.Errorf("%s:1:1: parser crashed: %v", unitName, r)
		}
	}()
	if err := unterminatedLiteral(src); err != nil {
		return nil, err
	}
	return cc.Parse(&cc.Config{}, []cc.Source{{Name: unitName, Value: src}})
}

func (u *unit) firstPos(c *chunk) Pos {
	if c.end > c.start {
		return u.p.pos(u.tol.in[c.start])
	}
	return Pos{File: u.file.Path}
}

// chunkGenerated reports whether a function chunk was written by a macro
// of the file: its body's opening brace came out of a macro expansion.
func (u *unit) chunkGenerated(c *chunk) bool {
	if c.macro != nil {
		return false
	}
	for _, t := range u.tol.in[c.start:c.end] {
		if t.is("{") {
			return t.Exp
		}
	}
	return false
}

// inMainFile reports whether a chunk starts in the file being parsed
// (rather than in a local header it includes).
func (u *unit) inMainFile(c *chunk) bool {
	return c.end > c.start && u.tol.in[c.start].File == 0
}

func (u *unit) fail(c *chunk, pos Pos, reason, detail string) {
	if c.failed != "" {
		return
	}
	c.failed = reason
	c.failPos = pos
	if u.inMainFile(c) {
		u.file.Stats.FailedChunks++
	}
	x := Failure{Pos: pos, Func: c.name, Reason: reason, Detail: detail}
	if c.end > c.start {
		x.From, x.To = u.p.pos(u.tol.in[c.start]), u.p.pos(u.tol.in[c.end-1])
	}
	u.file.Failures = append(u.file.Failures, x)
}

// parseEach parses every live declaration of [from, to) on its own, after
// the type names of the declarations built before it.
func (u *unit) parseEach(from, to int) {
	for ci := from; ci < to; ci++ {
		c := u.chunks[ci]
		if !c.live() {
			continue
		}
		if u.expired() {
			u.failRest(ci, to, "time limit", "the file's parse time limit was reached")
			return
		}
		u.rounds++
		src := u.emit(ci, ci+1)
		u.dump(src)
		ast, err := safeParse(src)
		if err == nil {
			u.build(ast, ci, ci+1, -1)
			continue
		}
		msg := err.Error()
		pos := u.firstPos(c)
		if m := ccErrRe.FindStringSubmatch(strings.SplitN(msg, "\n", 2)[0]); m != nil {
			line, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2])
			if p := u.origPos(line, col); p.IsValid() {
				pos = p
			}
			msg = m[3]
		}
		u.fail(c, pos, "syntax", msg)
	}
}

func (u *unit) finish() {
	f := u.file
	for _, fn := range f.Funcs {
		if fn.Body == nil || fn.Pos.File != f.Path {
			continue
		}
		if fn.Generated {
			f.Stats.Generated++
		} else {
			f.Stats.Parsed++
		}
	}
	sort.SliceStable(f.Failures, func(i, j int) bool {
		a, b := f.Failures[i].Pos, f.Failures[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
}
