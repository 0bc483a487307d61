// SPDX-License-Identifier: MIT

package cparse

import "fmt"

// unterminatedLiteral finds a character or string literal that does not
// close on its line in a segment about to be handed to the C parser: the
// parser (modernc.org/cc/v4) can loop forever on one, shifting at the end
// of its input while reporting the same error (parser.go:
// typeQualifierList; found by FuzzParse on a comment broken so that its
// "loop's" became code). Such a segment is not valid C; it fails with this
// error, at the literal, instead of hanging the run. The front end's own
// lexer says which literals are open: it leaves them TOther.
func unterminatedLiteral(src []byte) error {
	for _, t := range Lex(src) {
		if t.Kind == TOther && t.Text != "" && (t.Text[0] == '\'' || t.Text[0] == '"') {
			return fmt.Errorf("%s:%d:%d: unterminated character or string literal", unitName, t.Line, t.Col)
		}
	}
	return nil
}
