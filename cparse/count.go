// SPDX-License-Identifier: MIT

package cparse

// CountFunctions counts the function definitions in the code of src that is
// active under cfg, with a brace-matching scanner over the raw tokens: no
// macro is expanded in the code and cc/v4 is not involved, so the count is an
// independent denominator for how many functions the parser recovered.
// Conditional directives are evaluated as the parser does.
func CountFunctions(src []byte, cfg *Config) int {
	return len(FunctionLines(src, cfg))
}

// FunctionLines returns the line of each function body's opening brace
// that CountFunctions counts.
func FunctionLines(src []byte, cfg *Config) []int {
	var n []int
	for _, d := range ScanFile("", src, cfg).Defs() {
		n = append(n, d.Line)
	}
	return n
}

// onlyAttrsBetween reports whether the tokens strictly between a ')' and a
// '{' are only identifiers and parenthesized groups (attributes such as
// __must_hold(x) or __attribute__((...))).
func onlyAttrsBetween(toks []Tok, from, to int) bool {
	for k := from + 1; k < to; k++ {
		t := toks[k]
		if t.Kind == TIdent {
			continue
		}
		if t.is("(") {
			d := 0
			for ; k < to; k++ {
				if toks[k].is("(") {
					d++
				} else if toks[k].is(")") {
					d--
					if d == 0 {
						break
					}
				}
			}
			continue
		}
		return false
	}
	return true
}

// notABody reports whether the '{' at i, which definitionBraces counts, is
// shown by the raw tokens to open something other than a function body:
//
//   - an initializer: the brace's first element is a designator
//     (`.name =`, `[index] =`), which no statement can start with;
//   - the head is one invocation NAME(args) of a function-like macro the
//     scan knows (defined in the file, its local headers or the model)
//     whose expansion ends with `=` (an initializer follows) or with
//     `struct|union|enum TAG` (a tag's body follows), also through a last
//     invocation of another such macro: the selftests harness's
//     FIXTURE(name) { int fd; }; and FIXTURE_VARIANT_ADD(f, v) { ... };.
func notABody(toks []Tok, start, i int, macros map[string]*macro) bool {
	if i+2 < len(toks) {
		n := toks[i+1]
		if n.is(".") && isIdent(toks[i+2]) && i+3 < len(toks) && (toks[i+3].is("=") || toks[i+3].is(".") || toks[i+3].is("[")) {
			return true
		}
		if n.is("[") {
			if rb := matchCloseBracket(toks, i+1); rb+1 < len(toks) && toks[rb+1].is("=") {
				return true
			}
		}
	}
	if macros == nil || i-start < 3 || !isIdent(toks[start]) || !toks[start+1].is("(") || matchClose(toks, start+1) != i-1 {
		return false
	}
	return expandsToNonBody(macros, toks[start].Text, 0)
}

// expandsToNonBody reports whether the macro name's replacement list ends
// with '=' or with a struct, union or enum tag (see notABody), following a
// last invocation of another macro a few levels down.
func expandsToNonBody(macros map[string]*macro, name string, depth int) bool {
	m := macros[name]
	if m == nil || !m.funcLike || m.builtin != "" || depth > 8 {
		return false
	}
	b := m.body
	if len(b) == 0 {
		return false
	}
	last := b[len(b)-1]
	if last.is("=") {
		return true
	}
	if last.is(")") {
		lp := matchOpen(b, 0, len(b)-1)
		if lp > 0 && isIdent(b[lp-1]) && lp-1 == lastStart(b, lp-1) {
			return expandsToNonBody(macros, b[lp-1].Text, depth+1)
		}
		return false
	}
	// struct TAG, struct prefix_ ## param ## _suffix
	k := len(b) - 1
	for k >= 0 && (b[k].Kind == TIdent && !cKeywords[b[k].Text] || b[k].is("##")) {
		k--
	}
	return k >= 0 && k < len(b)-1 && b[k].Kind == TIdent && (b[k].Text == "struct" || b[k].Text == "union" || b[k].Text == "enum")
}

// lastStart returns j: the invocation whose name is at j must not be an
// argument or a member of something before it (`x.NAME(...)`, `##NAME`).
func lastStart(b []Tok, j int) int {
	if j > 0 && (b[j-1].is(".") || b[j-1].is("->") || b[j-1].is("##") || b[j-1].is("#")) {
		return -1
	}
	return j
}

// matchCloseBracket returns the index of the ']' matching the '[' at i
// (len(toks) if none).
func matchCloseBracket(toks []Tok, i int) int {
	depth := 0
	for k := i; k < len(toks); k++ {
		if toks[k].Kind != TPunct {
			continue
		}
		switch toks[k].Text {
		case "[":
			depth++
		case "]":
			depth--
			if depth == 0 {
				return k
			}
		case "{", "}", ";":
			return len(toks)
		}
	}
	return len(toks)
}
