// SPDX-License-Identifier: MIT

package cparse

import (
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"modernc.org/cc/v4"
)

//go:embed model/kernel.h
var modelSource []byte

// ModelPath is the name under which the kernel API model is read; positions
// in it are never reported.
const ModelPath = "<kernel-model>"

type model struct {
	macros map[string]*macro
	types  map[string]bool
	text   string // the model's declarations, as cc source
	lines  int
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
		var b strings.Builder
		b.WriteString("int __predefined_declarator;\ntypedef int __kl_fsm_t;\n")
		prevLine := int32(-1)
		for _, t := range p.out {
			if t.Line != prevLine {
				b.WriteByte('\n')
				prevLine = t.Line
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(t.Text)
		}
		b.WriteByte('\n')
		m.text = b.String()
		m.lines = strings.Count(m.text, "\n")
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
}

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
func ParseSource(path string, src []byte, opts Options) (f *File) {
	if opts.Config == nil {
		opts.Config = NewConfig(false)
	}
	f = &File{Path: path, Config: opts.Config, Structs: map[string]*Struct{}}
	f.Stats.Bytes = len(src)
	defer func() {
		if r := recover(); r != nil {
			f.Funcs = nil
			f.Failures = append(f.Failures, Failure{Pos: Pos{File: path, Line: 1}, Reason: "internal error", Detail: fmt.Sprint(r)})
		}
	}()
	m := getModel()
	readFile := opts.ReadFile
	if readFile == nil {
		readFile = readLocalFile
	}
	p := newPP(&ppOptions{config: opts.Config, readFile: readFile, maxDepth: 40, localDirs: opts.IncludeDirs}, m.macros)
	p.run(path, src)
	f.Notes = p.notes
	tol := newTolerance(p, p.out, m.types)
	chunks := tol.run()
	f.Macros = tol.macroUses
	f.Stats.Inferred = tol.inferred
	u := &unit{p: p, tol: tol, chunks: chunks, model: m, file: f}
	u.parse()
	return f
}

// unit is one translation unit on its way through cc/v4.
type unit struct {
	p      *pp
	tol    *tolerance
	chunks []*chunk
	model  *model
	file   *File

	// emission state
	text      strings.Builder
	emitted   []emittedTok
	lineFirst []int // emitted line -> index of its first token in emitted
	curLine   int
	curCol    int
}

type emittedTok struct {
	line, col int
	tok       Tok
	chunk     int
}

func (u *unit) emit() string {
	u.text.Reset()
	u.emitted = u.emitted[:0]
	u.lineFirst = u.lineFirst[:0]
	u.text.WriteString(u.model.text)
	for _, name := range u.tol.inferred {
		u.text.WriteString("typedef int ")
		u.text.WriteString(name)
		u.text.WriteString(";\n")
	}
	u.curLine = strings.Count(u.text.String(), "\n") + 1
	for len(u.lineFirst) <= u.curLine {
		u.lineFirst = append(u.lineFirst, -1)
	}
	u.curCol = 1
	for ci, c := range u.chunks {
		if c.failed != "" || c.kind == chunkMacroUse || c.kind == chunkEmpty {
			continue
		}
		u.newLine()
		var prev Tok
		for k, t := range c.toks {
			if k > 0 && (t.Line != prev.Line || t.File != prev.File) {
				u.newLine()
			} else if k > 0 {
				u.text.WriteByte(' ')
				u.curCol++
			}
			if u.lineFirst[u.curLine] < 0 {
				u.lineFirst[u.curLine] = len(u.emitted)
			}
			u.emitted = append(u.emitted, emittedTok{line: u.curLine, col: u.curCol, tok: t, chunk: ci})
			u.text.WriteString(t.Text)
			u.curCol += len(t.Text)
			prev = t
		}
	}
	u.text.WriteByte('\n')
	return u.text.String()
}

func (u *unit) newLine() {
	u.text.WriteByte('\n')
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
	best := -1
	for ; i < len(u.emitted) && u.emitted[i].line == line; i++ {
		if u.emitted[i].col <= col {
			best = i
		} else {
			break
		}
	}
	if best < 0 {
		best = u.lineFirst[line]
	}
	return u.emitted[best], true
}

// origPos maps a cc position to the original source position.
func (u *unit) origPos(line, col int) Pos {
	if e, ok := u.lookup(line, col); ok {
		return u.p.pos(e.tok)
	}
	return Pos{}
}

var ccErrRe = regexp.MustCompile(`^[^:]*:(\d+):(\d+): (.*)$`)

const unitName = "<kcovlint>"

func (u *unit) parse() {
	for _, c := range u.chunks {
		if !u.inMainFile(c) {
			continue
		}
		u.file.Stats.Chunks++
		if c.kind == chunkFunc && !u.chunkGenerated(c) {
			u.file.Stats.FuncChunks++
		}
		if c.unbalanced && c.kind != chunkMacroUse {
			u.fail(c, u.firstPos(c), "unbalanced braces", "the declaration's braces or parentheses do not balance")
		}
	}
	var ast *cc.AST
	for round := 0; ; round++ {
		src := u.emit()
		if dump := os.Getenv("KCOVLINT_DUMP"); dump != "" && round == 0 {
			_ = os.WriteFile(dump, []byte(src), 0o644)
		}
		var err error
		ast, err = safeParse(src)
		if err == nil {
			break
		}
		failed := u.assignErrors(err, round)
		if failed == 0 {
			// An error we cannot pin on a declaration: fall back to parsing
			// each declaration on its own.
			u.parseEach()
			return
		}
		if round > 200 {
			u.parseEach()
			return
		}
	}
	b := &builder{u: u}
	b.translationUnit(ast)
	u.finish()
}

func safeParse(src string) (ast *cc.AST, err error) {
	defer func() {
		if r := recover(); r != nil {
			ast, err = nil, fmt.Errorf("%s:1:1: parser crashed: %v", unitName, r)
		}
	}()
	return cc.Parse(&cc.Config{}, []cc.Source{{Name: unitName, Value: src}})
}

// assignErrors marks the chunks the parser's errors fall in as failed. The
// first error is always trusted; later ones only in later rounds, since the
// parser's recovery can cascade into good declarations.
func (u *unit) assignErrors(err error, round int) int {
	lines := strings.Split(err.Error(), "\n")
	n := 0
	for i, l := range lines {
		m := ccErrRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		e, ok := u.lookup(line, col)
		if !ok {
			continue
		}
		c := u.chunks[e.chunk]
		if c.failed != "" {
			continue
		}
		u.fail(c, u.p.pos(e.tok), "syntax", m[3])
		n++
		if round < 8 || i > 20 {
			break
		}
	}
	return n
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
	u.file.Failures = append(u.file.Failures, Failure{Pos: pos, Func: c.name, Reason: reason, Detail: detail})
}

// parseEach parses every remaining declaration on its own after the
// declarations before it that parsed (so that their type names are known).
func (u *unit) parseEach() {
	for ci, c := range u.chunks {
		if c.failed != "" || c.kind == chunkMacroUse || c.kind == chunkEmpty {
			continue
		}
		// Emit only this chunk.
		saved := u.chunks
		u.chunks = make([]*chunk, len(saved))
		for i := range u.chunks {
			u.chunks[i] = &chunk{kind: chunkEmpty}
		}
		u.chunks[ci] = c
		src := u.emit()
		_, err := safeParse(src)
		u.chunks = saved
		if err != nil {
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
	src := u.emit()
	ast, err := safeParse(src)
	if err != nil {
		for _, c := range u.chunks {
			if c.failed == "" && c.kind != chunkMacroUse && c.kind != chunkEmpty {
				u.fail(c, u.firstPos(c), "syntax", "declaration parses alone but not in the file: "+strings.SplitN(err.Error(), "\n", 2)[0])
			}
		}
		u.finish()
		return
	}
	b := &builder{u: u}
	b.translationUnit(ast)
	u.finish()
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
