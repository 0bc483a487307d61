// SPDX-License-Identifier: MIT

package cparse

import "fmt"

// unterminatedLiteral finds a character or string literal that does not
// close on its line in a segment about to be handed to the C parser: the
// parser (modernc.org/cc/v4) can loop forever on one, shifting at the end
// of its input while reporting the same error (parser.go:
// typeQualifierList; found by FuzzParse on a comment broken so that its
// "loop's" became code). Such a segment is not valid C; it fails with this
// error, at the literal, instead of hanging the run.
func unterminatedLiteral(src []byte) error {
	line, col := 1, 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line, col = line+1, 1
			i++
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i += 2
			col += 2
			for i < len(src) && !(src[i] == '*' && i+1 < len(src) && src[i+1] == '/') {
				if src[i] == '\n' {
					line, col = line+1, 0
				}
				i++
				col++
			}
			i += 2
			col += 2
			continue
		case c == '\'' || c == '"':
			l, cl := line, col
			j := i + 1
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' {
					j += 2 // an escape, or a line splice
					continue
				}
				j++
			}
			if j >= len(src) || src[j] != c {
				return fmt.Errorf("%s:%d:%d: unterminated character or string literal", unitName, l, cl)
			}
			col += j + 1 - i
			i = j + 1
			continue
		}
		i++
		col++
	}
	return nil
}
