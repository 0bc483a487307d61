// SPDX-License-Identifier: MIT

package lint

// A patch often touches a header only to add a member to a structure
// (include/linux/sched.h gains the fields the .c file of the series
// uses). Such a change leaves every function and macro of the header as it
// was: analysing the header again, before and after, cannot give a new or
// a fixed finding, only the same ones, so the patch lint leaves it out
// (and says so). With --all, which lists the existing findings too, it is
// analysed.

import (
	"bytes"
	"slices"

	"github.com/kcovlint/kcovlint/cparse"
)

// onlyMembers reports whether every one of lines (1-based) of src is
// blank, a comment, or lies inside the body of a struct, union or enum
// (nested in aggregates only: not in a function, not in an initializer)
// and is not a #define.
func onlyMembers(src []byte, lines []int) bool {
	if len(lines) == 0 {
		return true
	}
	info := scanLines(src)
	for _, n := range lines {
		if n < 1 || n > len(info) {
			return false
		}
		if l := info[n-1]; !(l.blank || l.inAggregate && !l.define && !l.opensOther) {
			return false
		}
	}
	return true
}

// lineInfo is what scanLines learns of one line.
type lineInfo struct {
	// blank: nothing but white space and comments.
	blank bool
	// inAggregate: at the line's start, every open brace is an aggregate
	// body's (and at least one is open).
	inAggregate bool
	// opensOther: the line opens or closes a brace of a function, a
	// statement or an initializer.
	opensOther bool
	define     bool
}

// scanLines classifies each line of C source, from its tokens (cparse.Lex:
// comments and strings are no braces). A brace opens an aggregate body
// when the words since the last ; { or } include struct, union or enum
// and neither ( nor = (a function returning a struct, an initialized
// variable).
func scanLines(src []byte) []lineInfo {
	out := make([]lineInfo, bytes.Count(src, []byte("\n"))+1)
	for i := range out {
		out[i].blank = true
	}
	var stack []bool // true: an aggregate body
	var words []string
	sawParen, sawAssign := false, false
	inDirective, inDefine := false, false
	cur := int32(0)
	toks := cparse.Lex(src)
	for k, t := range toks {
		if t.BOL {
			if inDirective {
				// A directive's words are no declaration's.
				words, sawParen, sawAssign = nil, false, false
			}
			inDirective = t.Is("#")
			inDefine = inDirective && k+1 < len(toks) && toks[k+1].Text == "define" && !toks[k+1].BOL
		}
		if t.Line != cur && int(t.Line) <= len(out) {
			cur = t.Line
			l := &out[cur-1]
			l.blank = false
			l.define = inDefine
			l.inAggregate = len(stack) > 0
			for _, agg := range stack {
				l.inAggregate = l.inAggregate && agg
			}
		}
		line := &out[cur-1]
		switch {
		case t.Is("{"):
			agg := !sawParen && !sawAssign && (slices.Contains(words, "struct") || slices.Contains(words, "union") || slices.Contains(words, "enum"))
			if !agg {
				line.opensOther = true
			}
			stack = append(stack, agg)
			words, sawParen, sawAssign = nil, false, false
		case t.Is("}"):
			if len(stack) > 0 {
				if !stack[len(stack)-1] {
					line.opensOther = true
				}
				stack = stack[:len(stack)-1]
			}
			words, sawParen, sawAssign = nil, false, false
		case t.Is(";"):
			words, sawParen, sawAssign = nil, false, false
		case t.Is("("):
			sawParen = true
		case t.Is("="):
			sawAssign = true
		case t.Kind == cparse.TIdent:
			words = append(words, t.Text)
		}
	}
	return out
}
