// SPDX-License-Identifier: MIT

package cparse

import "fmt"

// Pos is a position in an original source file: the file as it was named to
// the parser, a 1-based line and a 1-based byte column.
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

func (p Pos) String() string {
	if p.Col > 0 {
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}
