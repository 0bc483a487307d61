// SPDX-License-Identifier: MIT

package cparse

import (
	"bytes"
	"strconv"
)

// Enumerators of the tree's shared headers. The parser does not read
// <...> headers, so `switch (event) { case RTM_NEWADDR: ... }` with the
// constant 0 passed for event cannot be decided from the unit alone:
// RTM_NEWADDR's value is in include/uapi/linux/rtnetlink.h. HeaderEnums
// reads the values from a header's text, as recordEnum does from a parsed
// file, without preprocessing it: what the text does not say for sure is
// left out.

// HeaderEnums returns the enumerators a header's text defines with the
// values it gives them: enum definitions that start at column 0 ("enum
// foo {", "enum {", "typedef enum {"), an explicit value made of numbers
// and earlier enumerators (+ - | << ~ and parentheses), one more than the
// previous enumerator otherwise. A preprocessor conditional inside the
// enum makes the implicit values after it unknown (a configuration may
// leave out the enumerators before them), and so does an item that is
// not a plain enumerator (a macro that expands to several).
func HeaderEnums(src []byte) map[string]int64 {
	out := map[string]int64{}
	if !bytes.Contains(src, []byte("enum")) {
		return out
	}
	// Only the definitions are lexed: from a line that starts one to the
	// next line that starts with a closing brace (headers are read by
	// the thousand on every cold run).
	for off := 0; off < len(src); {
		lineEnd := len(src)
		if nl := bytes.IndexByte(src[off:], '\n'); nl >= 0 {
			lineEnd = off + nl
		}
		line := src[off:lineEnd]
		if !bytes.HasPrefix(line, []byte("enum")) && !bytes.HasPrefix(line, []byte("typedef enum")) {
			off = lineEnd + 1
			continue
		}
		end := len(src)
		if k := bytes.Index(src[off:], []byte("\n}")); k >= 0 {
			end = off + k + 2
			if nl := bytes.IndexByte(src[end:], '\n'); nl >= 0 {
				end += nl
			} else {
				end = len(src)
			}
		}
		headerEnums(Lex(src[off:end]), out)
		off = end
	}
	return out
}

// headerEnums records the enum definitions of a header's tokens.
func headerEnums(toks []Tok, out map[string]int64) {
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Col != 1 || t.Kind != TIdent {
			continue
		}
		j := i
		if t.Text == "typedef" {
			j++
		}
		if j >= len(toks) || toks[j].Text != "enum" {
			continue
		}
		j++
		if j < len(toks) && toks[j].Kind == TIdent {
			j++
		}
		if j >= len(toks) || !toks[j].is("{") {
			continue
		}
		i = enumBody(toks, j+1, out)
	}
}

// enumBody records the enumerators from toks[i] (after the brace) to the
// closing brace, and returns the index of that brace.
func enumBody(toks []Tok, i int, out map[string]int64) int {
	next, known := int64(0), true
	var item []Tok
	flush := func() {
		defer func() { item = item[:0] }()
		if len(item) == 0 {
			return
		}
		if !isIdent(item[0]) || len(item) > 1 && !item[1].is("=") {
			known = false // a macro making enumerators
			return
		}
		if len(item) > 1 {
			next, known = evalEnumExpr(item[2:], out)
		}
		if known {
			if _, dup := out[item[0].Text]; !dup {
				out[item[0].Text] = next
			}
		}
		next++
	}
	depth := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.BOL && t.is("#") {
			// A directive: a conditional may leave enumerators out.
			line := t.Line
			if i+1 < len(toks) && toks[i+1].Line == line && toks[i+1].Text != "define" && toks[i+1].Text != "undef" {
				flush()
				known = false
			}
			for i+1 < len(toks) && toks[i+1].Line == line {
				i++
			}
			continue
		}
		switch {
		case t.is("(") || t.is("{") || t.is("["):
			depth++
		case t.is(")") || t.is("]"):
			depth--
		case t.is("}"):
			if depth == 0 {
				flush()
				return i
			}
			depth--
		case t.is(",") && depth == 0:
			flush()
			continue
		}
		item = append(item, t)
	}
	return i
}

// evalEnumExpr evaluates an enumerator's explicit value written with
// numbers and earlier enumerators.
func evalEnumExpr(toks []Tok, known map[string]int64) (int64, bool) {
	p := &enumExpr{known: known, toks: toks}
	v, ok := p.or()
	return v, ok && p.i == len(p.toks)
}

type enumExpr struct {
	toks  []Tok
	i     int
	known map[string]int64
}

func (p *enumExpr) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i].Text
	}
	return ""
}

func (p *enumExpr) or() (int64, bool) {
	a, ok := p.shift()
	for ok && p.peek() == "|" {
		p.i++
		var b int64
		b, ok = p.shift()
		a |= b
	}
	return a, ok
}

func (p *enumExpr) shift() (int64, bool) {
	a, ok := p.add()
	for ok && p.peek() == "<<" {
		p.i++
		var b int64
		b, ok = p.add()
		if b < 0 || b > 62 {
			return 0, false
		}
		a <<= b
	}
	return a, ok
}

func (p *enumExpr) add() (int64, bool) {
	a, ok := p.unary()
	for ok && (p.peek() == "+" || p.peek() == "-") {
		op := p.peek()
		p.i++
		var b int64
		b, ok = p.unary()
		if op == "+" {
			a += b
		} else {
			a -= b
		}
	}
	return a, ok
}

func (p *enumExpr) unary() (int64, bool) {
	switch t := p.peek(); t {
	case "-", "~", "+":
		p.i++
		v, ok := p.unary()
		switch t {
		case "-":
			return -v, ok
		case "~":
			return ^v, ok
		}
		return v, ok
	case "(":
		p.i++
		v, ok := p.or()
		if !ok || p.peek() != ")" {
			return 0, false
		}
		p.i++
		return v, true
	case "":
		return 0, false
	default:
		tk := p.toks[p.i]
		p.i++
		switch tk.Kind {
		case TNumber:
			d, ok := NumConst(t)
			if !ok {
				return 0, false
			}
			n, err := strconv.ParseInt(d, 10, 64)
			return n, err == nil
		case TIdent:
			v, ok := p.known[t]
			return v, ok
		}
		return 0, false
	}
}
