// SPDX-License-Identifier: MIT

package lint

// A patch often touches a header only to add a member to a structure
// (include/linux/sched.h gains the fields the .c file of the series
// uses). Such a change leaves every function and macro of the header as it
// was: analysing the header again, before and after, cannot give a new or
// a fixed finding, only the same ones, so the patch lint leaves it out
// (and says so). With --all, which lists the existing findings too, it is
// analysed.

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

// scanLines walks C source by bytes, skipping comments, strings and
// character constants, and classifies each line. A brace opens an
// aggregate body when the words since the last ; { or } include struct,
// union or enum and neither ( nor = (a function returning a struct, an
// initialized variable).
func scanLines(src []byte) []lineInfo {
	var out []lineInfo
	var stack []bool // true: aggregate body
	cur := lineInfo{blank: true}
	startLine := func() {
		cur = lineInfo{blank: true, inAggregate: len(stack) > 0}
		for _, agg := range stack {
			if !agg {
				cur.inAggregate = false
			}
		}
	}
	startLine()
	var words []string
	sawParen, sawAssign := false, false
	inBlock := false
	lineStart := true
	directive := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			if directive && (i == 0 || src[i-1] != '\\') {
				// A directive's words are no declaration's.
				words, sawParen, sawAssign = nil, false, false
				directive = false
			}
			out = append(out, cur)
			startLine()
			lineStart = true
			continue
		}
		if inBlock {
			if c == '*' && i+1 < len(src) && src[i+1] == '/' {
				inBlock = false
				i++
			}
			continue
		}
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			inBlock = true
			i++
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
			continue
		}
		cur.blank = false
		if lineStart && c == '#' {
			directive = true
			j := i + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if j+6 <= len(src) && string(src[j:j+6]) == "define" {
				cur.define = true
			}
		}
		lineStart = false
		switch {
		case c == '"' || c == '\'':
			for i+1 < len(src) && src[i+1] != c && src[i+1] != '\n' {
				if src[i+1] == '\\' {
					i++
				}
				i++
			}
			i++
		case c == '{':
			agg := !sawParen && !sawAssign
			if agg {
				agg = false
				for _, w := range words {
					if w == "struct" || w == "union" || w == "enum" {
						agg = true
					}
				}
			}
			if !agg {
				cur.opensOther = true
			}
			stack = append(stack, agg)
			words, sawParen, sawAssign = nil, false, false
		case c == '}':
			if len(stack) > 0 {
				if !stack[len(stack)-1] {
					cur.opensOther = true
				}
				stack = stack[:len(stack)-1]
			}
			words, sawParen, sawAssign = nil, false, false
		case c == ';':
			words, sawParen, sawAssign = nil, false, false
		case c == '(':
			sawParen = true
		case c == '=':
			sawAssign = true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j+1 < len(src) && isWordByte(src[j+1]) {
				j++
			}
			words = append(words, string(src[i:j+1]))
			i = j
		}
	}
	out = append(out, cur)
	return out
}
