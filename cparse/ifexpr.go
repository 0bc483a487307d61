// SPDX-License-Identifier: MIT

package cparse

import (
	"strconv"
	"strings"
)

// evalIf evaluates the controlling expression of #if / #elif. A malformed
// expression is noted and counts as false, as gcc would refuse the file but
// a linter should read on.
func (p *pp) evalIf(toks []Tok, hash Tok) bool {
	// defined X / defined(X) and __has_include(...) are decided before
	// macro expansion, as the standard says.
	var pre []Tok
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind == TIdent && t.Text == "defined" {
			name := ""
			switch {
			case i+1 < len(toks) && toks[i+1].Kind == TIdent:
				name = toks[i+1].Text
				i++
			case i+3 < len(toks) && toks[i+1].is("(") && toks[i+2].Kind == TIdent && toks[i+3].is(")"):
				name = toks[i+2].Text
				i += 3
			default:
				p.note(hash, "malformed defined() in #if")
				return false
			}
			pre = append(pre, boolTok(p.isDefined(name), t))
			continue
		}
		if t.Kind == TIdent && strings.HasPrefix(t.Text, "__has_") && i+1 < len(toks) && toks[i+1].is("(") {
			depth, j := 0, i+1
			for ; j < len(toks); j++ {
				if toks[j].is("(") {
					depth++
				} else if toks[j].is(")") {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			pre = append(pre, boolTok(p.hasFeature(t.Text, toks[i+2:min(j, len(toks))]), t))
			i = j
			continue
		}
		pre = append(pre, t)
	}
	exp := p.expandIsolated(pre)
	ev := ifEval{toks: exp}
	v, ok := ev.cond()
	if !ok || ev.i != len(ev.toks) {
		p.note(hash, "cannot evaluate #if %s; taken as false", joinToks(toks))
		return false
	}
	return v.v != 0
}

func boolTok(b bool, at Tok) Tok {
	t := at
	t.Kind = TNumber
	t.Text = "0"
	if b {
		t.Text = "1"
	}
	return t
}

// hasFeature answers __has_include and friends: kernel headers exist (the
// model answers them), local headers exist when the file is there; every
// GNU attribute and builtin is taken as supported.
func (p *pp) hasFeature(op string, arg []Tok) bool {
	switch op {
	case "__has_include", "__has_include_next":
		if len(arg) > 0 && arg[0].Kind == TString && len(p.stack) > 0 {
			name := arg[0].Text[1 : len(arg[0].Text)-1]
			_, err := p.opts.readFile(joinPath(p.stack[len(p.stack)-1].path, name))
			return err == nil
		}
		return true
	case "__has_attribute", "__has_builtin", "__has_c_attribute", "__has_cpp_attribute":
		return true
	}
	return false
}

func joinPath(includer, name string) string {
	if i := strings.LastIndexByte(includer, '/'); i >= 0 {
		return includer[:i+1] + name
	}
	return name
}

type ifVal struct {
	v        int64
	unsigned bool
}

type ifEval struct {
	toks  []Tok
	i     int
	depth int // nesting of unary(), bounded by maxIfDepth
}

// maxIfDepth bounds the nesting of an #if expression.
const maxIfDepth = 1000

func (e *ifEval) peek() Tok {
	if e.i < len(e.toks) {
		return e.toks[e.i]
	}
	return Tok{Kind: TEOF}
}

func (e *ifEval) accept(op string) bool {
	if t := e.peek(); t.Kind == TPunct && t.Text == op {
		e.i++
		return true
	}
	return false
}

func (e *ifEval) cond() (ifVal, bool) {
	c, ok := e.binary(0)
	if !ok {
		return c, false
	}
	if e.accept("?") {
		a, ok := e.cond()
		if !ok || !e.accept(":") {
			return c, false
		}
		b, ok := e.cond()
		if !ok {
			return c, false
		}
		if c.v != 0 {
			return a, true
		}
		return b, true
	}
	if e.accept(",") {
		return e.cond()
	}
	return c, true
}

var ifPrec = map[string]int{
	"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6,
	"<": 7, ">": 7, "<=": 7, ">=": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}

func (e *ifEval) binary(minPrec int) (ifVal, bool) {
	l, ok := e.unary()
	if !ok {
		return l, false
	}
	for {
		t := e.peek()
		prec, isOp := ifPrec[t.Text]
		if t.Kind != TPunct || !isOp || prec <= minPrec {
			return l, true
		}
		e.i++
		r, ok := e.binary(prec)
		if !ok {
			return l, false
		}
		l = applyIfOp(t.Text, l, r)
	}
}

func applyIfOp(op string, l, r ifVal) ifVal {
	u := l.unsigned || r.unsigned
	res := ifVal{unsigned: u}
	lu, ru := uint64(l.v), uint64(r.v)
	b := func(c bool) ifVal {
		if c {
			return ifVal{v: 1}
		}
		return ifVal{v: 0}
	}
	switch op {
	case "||":
		return b(l.v != 0 || r.v != 0)
	case "&&":
		return b(l.v != 0 && r.v != 0)
	case "|":
		res.v = l.v | r.v
	case "^":
		res.v = l.v ^ r.v
	case "&":
		res.v = l.v & r.v
	case "==":
		return b(l.v == r.v)
	case "!=":
		return b(l.v != r.v)
	case "<":
		if u {
			return b(lu < ru)
		}
		return b(l.v < r.v)
	case ">":
		if u {
			return b(lu > ru)
		}
		return b(l.v > r.v)
	case "<=":
		if u {
			return b(lu <= ru)
		}
		return b(l.v <= r.v)
	case ">=":
		if u {
			return b(lu >= ru)
		}
		return b(l.v >= r.v)
	case "<<":
		res.v = l.v << (uint64(r.v) & 63)
	case ">>":
		if u {
			res.v = int64(lu >> (ru & 63))
		} else {
			res.v = l.v >> (uint64(r.v) & 63)
		}
	case "+":
		res.v = l.v + r.v
	case "-":
		res.v = l.v - r.v
	case "*":
		res.v = l.v * r.v
	case "/", "%":
		if r.v == 0 {
			return ifVal{}
		}
		if u {
			if op == "/" {
				res.v = int64(lu / ru)
			} else {
				res.v = int64(lu % ru)
			}
		} else if op == "/" {
			if l.v == -1<<63 && r.v == -1 {
				res.v = l.v
			} else {
				res.v = l.v / r.v
			}
		} else {
			if r.v == -1 {
				res.v = 0
			} else {
				res.v = l.v % r.v
			}
		}
	}
	return res
}

func (e *ifEval) unary() (ifVal, bool) {
	if e.depth >= maxIfDepth {
		return ifVal{}, false
	}
	e.depth++
	defer func() { e.depth-- }()
	t := e.peek()
	if t.Kind == TPunct {
		switch t.Text {
		case "!":
			e.i++
			v, ok := e.unary()
			if v.v == 0 {
				return ifVal{v: 1}, ok
			}
			return ifVal{v: 0}, ok
		case "-":
			e.i++
			v, ok := e.unary()
			v.v = -v.v
			return v, ok
		case "+":
			e.i++
			return e.unary()
		case "~":
			e.i++
			v, ok := e.unary()
			v.v = ^v.v
			return v, ok
		case "(":
			e.i++
			v, ok := e.cond()
			if !ok || !e.accept(")") {
				return v, false
			}
			return v, true
		}
		return ifVal{}, false
	}
	e.i++
	switch t.Kind {
	case TNumber:
		return parseIntLiteral(t.Text)
	case TChar:
		return ifVal{v: charValue(t.Text)}, true
	case TIdent:
		// Identifiers left after expansion are 0; a function-like use of an
		// unknown macro is 0 as well (gcc would reject it).
		if e.peek().is("(") {
			depth := 0
			for e.i < len(e.toks) {
				x := e.toks[e.i]
				e.i++
				if x.is("(") {
					depth++
				} else if x.is(")") {
					depth--
					if depth == 0 {
						break
					}
				}
			}
		}
		if t.Text == "true" {
			return ifVal{v: 1}, true
		}
		return ifVal{}, true
	}
	return ifVal{}, false
}

func parseIntLiteral(s string) (ifVal, bool) {
	unsigned := false
	for len(s) > 0 {
		c := s[len(s)-1]
		if c == 'u' || c == 'U' {
			unsigned = true
			s = s[:len(s)-1]
		} else if c == 'l' || c == 'L' {
			s = s[:len(s)-1]
		} else {
			break
		}
	}
	s = strings.ReplaceAll(s, "'", "")
	var v uint64
	var err error
	switch {
	case strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X"):
		v, err = strconv.ParseUint(s[2:], 16, 64)
	case strings.HasPrefix(s, "0b") || strings.HasPrefix(s, "0B"):
		v, err = strconv.ParseUint(s[2:], 2, 64)
	case len(s) > 1 && s[0] == '0':
		v, err = strconv.ParseUint(s[1:], 8, 64)
	default:
		v, err = strconv.ParseUint(s, 10, 64)
	}
	if err != nil {
		return ifVal{}, false
	}
	return ifVal{v: int64(v), unsigned: unsigned || v > 1<<63-1}, true
}

func charValue(s string) int64 {
	i := strings.IndexByte(s, '\'')
	if i < 0 || len(s) < i+3 {
		return 0
	}
	body := s[i+1 : len(s)-1]
	if body == "" {
		return 0
	}
	if body[0] != '\\' {
		return int64(body[0])
	}
	if len(body) < 2 {
		return 0
	}
	switch body[1] {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v, _ := strconv.ParseInt(body[1:], 8, 64)
		return v
	case 'x':
		v, _ := strconv.ParseInt(body[2:], 16, 64)
		return v
	case 'a':
		return 7
	case 'b':
		return 8
	case 'f':
		return 12
	case 'v':
		return 11
	}
	return int64(body[1])
}
