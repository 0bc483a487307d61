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
// and earlier enumerators (any integer expression #if accepts), one more than the
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
// numbers and earlier enumerators, with the preprocessor's #if evaluator
// (ifEval) once each enumerator is replaced by its value. Any other name
// (a macro the text does not define, sizeof, a cast) leaves it unknown:
// #if would take it as 0.
func evalEnumExpr(toks []Tok, known map[string]int64) (int64, bool) {
	sub := make([]Tok, 0, len(toks))
	for _, t := range toks {
		if t.Kind == TIdent {
			v, ok := known[t.Text]
			if !ok {
				return 0, false
			}
			num := t
			num.Kind, num.Text = TNumber, strconv.FormatInt(v, 10)
			if v < 0 {
				// A literal has no sign: (-n).
				open, minus, cls := t, t, t
				open.Kind, open.Text = TPunct, "("
				minus.Kind, minus.Text = TPunct, "-"
				cls.Kind, cls.Text = TPunct, ")"
				num.Text = strconv.FormatInt(-v, 10)
				sub = append(sub, open, minus, num, cls)
				continue
			}
			t = num
		}
		sub = append(sub, t)
	}
	e := ifEval{toks: sub}
	v, ok := e.cond()
	if !ok || e.i != len(e.toks) {
		return 0, false
	}
	return v.v, true
}
