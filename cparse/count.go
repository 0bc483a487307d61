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
	m := getModel()
	p := newPP(&ppOptions{config: cfg, readFile: readLocalFile, maxDepth: 40}, m.macros)
	p.stack = append(p.stack, p.addFile("<count>", src))
	var toks []Tok
	for {
		t := p.rawNext()
		if t.Kind == TEOF {
			break
		}
		if t.File == 0 && len(p.frames) == 0 {
			toks = append(toks, t)
		}
	}
	return countDefinitions(toks)
}

// countDefinitions finds, at brace depth 0, each '{' that follows a ')' (and
// optionally attribute-like words or calls after it) in a declaration with
// no '=' before it: a function body.
func countDefinitions(toks []Tok) []int {
	var n []int
	depth := 0
	paren := 0
	sawEq := false
	lastClose := -10 // index of the last ')' at paren depth 0, brace depth 0
	for i, t := range toks {
		if t.Kind != TPunct {
			continue
		}
		switch t.Text {
		case "(":
			paren++
		case ")":
			if paren > 0 {
				paren--
			}
			if paren == 0 && depth == 0 {
				lastClose = i
			}
		case "=":
			if depth == 0 && paren == 0 {
				sawEq = true
			}
		case "{":
			if depth == 0 && paren == 0 && !sawEq && lastClose >= 0 && onlyAttrsBetween(toks, lastClose, i) {
				n = append(n, int(t.Line))
			}
			depth++
		case "}":
			if depth > 0 {
				depth--
			}
			if depth == 0 {
				sawEq = false
				lastClose = -10
			}
		case ";":
			if depth == 0 && paren == 0 {
				sawEq = false
				lastClose = -10
			}
		}
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
