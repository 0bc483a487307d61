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
