// SPDX-License-Identifier: MIT

package cparse

import (
	"bytes"
)

// TokKind classifies a preprocessing token.
type TokKind uint8

const (
	TEOF TokKind = iota
	TIdent
	TNumber
	TChar
	TString
	TPunct
	TOther // a byte that starts no C token (stray '@', '\\', NUL, binary junk ...)
)

func (k TokKind) String() string {
	switch k {
	case TEOF:
		return "EOF"
	case TIdent:
		return "identifier"
	case TNumber:
		return "number"
	case TChar:
		return "character constant"
	case TString:
		return "string literal"
	case TPunct:
		return "punctuator"
	}
	return "stray byte"
}

// Tok is one preprocessing token. Positions are those of the original
// source: for tokens that come out of a macro expansion, the position of the
// outermost macro invocation (as gcc reports errors in macros).
type Tok struct {
	Text  string
	File  int32 // index into the unit's file table
	Line  int32
	Col   int32
	Kind  TokKind
	Space bool // preceded by white space
	BOL   bool // first token on its line
	Exp   bool // produced by macro expansion
	hide  hsID // the macro names it must not be expanded by again
}

func (t Tok) is(s string) bool { return t.Kind == TPunct && t.Text == s }

func (t Tok) String() string { return t.Text }

// Lex splits C source into preprocessing tokens (comments dropped, line
// splices joined), with their original lines and columns.
func Lex(src []byte) []Tok { return lexFile(src, 0) }

// Is reports whether the token is the punctuator s.
func (t Tok) Is(s string) bool { return t.is(s) }

// lexFile splits src into preprocessing tokens. It never fails: bytes that
// start no token become TOther tokens so that later stages can report the
// declaration they spoil and go on with the rest of the file.
func lexFile(src []byte, file int32) []Tok {
	lx := lexer{file: file, line: 1}
	if bytes.Contains(src, []byte("\\\n")) || bytes.Contains(src, []byte("\\\r\n")) {
		src, lx.splices = removeSplices(src)
	}
	lx.src = src
	// Token texts are slices of one string: one allocation per file,
	// not one per token.
	lx.str = string(src)
	lx.toks = make([]Tok, 0, len(src)/4+16)
	lx.run()
	return lx.toks
}

// removeSplices deletes backslash-newline pairs (translation phase 2) and
// returns the offsets in the cleaned text at which a physical line ended, so
// that positions still name the original line.
func removeSplices(src []byte) ([]byte, []int) {
	out := make([]byte, 0, len(src))
	var splices []int
	for i := 0; i < len(src); i++ {
		if src[i] == '\\' {
			if i+1 < len(src) && src[i+1] == '\n' {
				splices = append(splices, len(out))
				i++
				continue
			}
			if i+2 < len(src) && src[i+1] == '\r' && src[i+2] == '\n' {
				splices = append(splices, len(out))
				i += 2
				continue
			}
		}
		out = append(out, src[i])
	}
	return out, splices
}

type lexer struct {
	src       []byte
	str       string // src as a string
	pos       int
	file      int32
	line      int32
	lineStart int
	splices   []int
	nsplice   int
	toks      []Tok
	space     bool
	bol       bool
}

// advanceTo moves the position to p, keeping line accounting right across
// newlines and removed splices.
func (lx *lexer) advanceTo(p int) {
	for lx.pos < p {
		for lx.nsplice < len(lx.splices) && lx.splices[lx.nsplice] <= lx.pos {
			lx.line++
			lx.lineStart = lx.splices[lx.nsplice]
			lx.nsplice++
		}
		if lx.src[lx.pos] == '\n' {
			lx.line++
			lx.lineStart = lx.pos + 1
		}
		lx.pos++
	}
	for lx.nsplice < len(lx.splices) && lx.splices[lx.nsplice] <= lx.pos {
		lx.line++
		lx.lineStart = lx.splices[lx.nsplice]
		lx.nsplice++
	}
}

func (lx *lexer) emit(kind TokKind, start, end int) {
	lx.toks = append(lx.toks, Tok{
		Text:  lx.str[start:end],
		File:  lx.file,
		Line:  lx.line,
		Col:   int32(start-lx.lineStart) + 1,
		Kind:  kind,
		Space: lx.space,
		BOL:   lx.bol,
	})
	lx.space = false
	lx.bol = false
	lx.advanceTo(end)
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// puncts lists the multi-character punctuators, longest first.
var puncts = []string{
	"%:%:", "...", "<<=", ">>=",
	"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%", "%>", "%:",
}

func (lx *lexer) run() {
	src := lx.src
	lx.bol = true
	for lx.pos < len(src) {
		c := src[lx.pos]
		switch {
		case c == '\n':
			lx.advanceTo(lx.pos + 1)
			lx.bol = true
			lx.space = false
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.advanceTo(lx.pos + 1)
			lx.space = true
			continue
		case c == '/' && lx.pos+1 < len(src) && src[lx.pos+1] == '*':
			end := bytes.Index(src[lx.pos+2:], []byte("*/"))
			if end < 0 {
				lx.advanceTo(len(src))
			} else {
				lx.advanceTo(lx.pos + 2 + end + 2)
			}
			lx.space = true
			continue
		case c == '/' && lx.pos+1 < len(src) && src[lx.pos+1] == '/':
			end := bytes.IndexByte(src[lx.pos:], '\n')
			if end < 0 {
				lx.advanceTo(len(src))
			} else {
				lx.advanceTo(lx.pos + end)
			}
			lx.space = true
			continue
		}
		start := lx.pos
		switch {
		case isIdentStart(c):
			p := lx.pos + 1
			for p < len(src) && isIdentChar(src[p]) {
				p++
			}
			// String and character prefixes: L"", u8"", u"", U"".
			if p < len(src) && (src[p] == '"' || src[p] == '\'') {
				switch string(src[start:p]) {
				case "L", "u8", "u", "U":
					lx.quoted(start, p)
					continue
				}
			}
			lx.emit(TIdent, start, p)
		case isDigit(c) || (c == '.' && lx.pos+1 < len(src) && isDigit(src[lx.pos+1])):
			p := lx.pos + 1
			for p < len(src) {
				d := src[p]
				if (d == '+' || d == '-') && (src[p-1] == 'e' || src[p-1] == 'E' || src[p-1] == 'p' || src[p-1] == 'P') {
					p++
					continue
				}
				if isIdentChar(d) || d == '.' || (d == '\'' && p+1 < len(src) && isIdentChar(src[p+1])) {
					p++
					continue
				}
				break
			}
			lx.emit(TNumber, start, p)
		case c == '"' || c == '\'':
			lx.quoted(start, lx.pos)
		default:
			n := 1
			kind := TPunct
			for _, p := range puncts {
				if bytes.HasPrefix(src[lx.pos:], []byte(p)) {
					n = len(p)
					break
				}
			}
			if n == 1 && !isPunctByte(c) {
				kind = TOther
			}
			lx.emit(kind, start, start+n)
		}
	}
}

func isPunctByte(c byte) bool {
	switch c {
	case '[', ']', '(', ')', '{', '}', '.', '&', '*', '+', '-', '~', '!', '/', '%', '<', '>', '^', '|', '?', ':', ';', '=', ',', '#':
		return true
	}
	return false
}

// quoted lexes a string or character literal whose opening quote is at q. An
// unterminated literal ends at the end of the line (as in an #error line
// holding an apostrophe) and becomes a TOther token.
func (lx *lexer) quoted(start, q int) {
	src := lx.src
	quote := src[q]
	p := q + 1
	for p < len(src) {
		switch src[p] {
		case '\\':
			p += 2
			continue
		case '\n':
			lx.emit(TOther, start, p)
			return
		case quote:
			kind := TString
			if quote == '\'' {
				kind = TChar
			}
			lx.emit(kind, start, p+1)
			return
		}
		p++
	}
	if p > len(src) {
		p = len(src)
	}
	lx.emit(TOther, start, p)
}
