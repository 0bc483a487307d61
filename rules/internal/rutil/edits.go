// SPDX-License-Identifier: MIT

package rutil

import (
	"bytes"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/report"
)

// Source gives the lines of a file of the unit.
type Source struct {
	Unit  *cunit.Unit
	lines map[string][][]byte
}

// NewSource reads files through the unit's positions.
func NewSource(u *cunit.Unit) *Source { return &Source{Unit: u, lines: map[string][][]byte{}} }

// Line returns a 1-based line of a file (without the newline), or nil.
func (s *Source) Line(path string, n int) []byte {
	ls, ok := s.lines[path]
	if !ok {
		data, err := s.Unit.Positions.Read(path)
		if err == nil {
			ls = bytes.Split(data, []byte("\n"))
		}
		s.lines[path] = ls
	}
	if n < 1 || n > len(ls) {
		return nil
	}
	return ls[n-1]
}

// RewriteCall returns the edits that rename a call written at c.P and,
// when extra is not empty, append ", extra" to its arguments. It returns
// nil when the source there is not the call as written (a macro expansion).
func (s *Source) RewriteCall(c *cparse.Call, newName, extra string) []report.Edit {
	p := c.P
	line := s.Line(p.File, p.Line)
	if line == nil || p.Col < 1 || p.Col-1+len(c.Name) > len(line) {
		return nil
	}
	if string(line[p.Col-1:p.Col-1+len(c.Name)]) != c.Name {
		return nil
	}
	rel := s.Unit.Rel(p.File)
	edits := []report.Edit{{File: rel, Line: p.Line, Column: p.Col, EndLine: p.Line, EndColumn: p.Col + len(c.Name), NewText: newName}}
	if extra == "" {
		return edits
	}
	// Find the closing parenthesis of the call, possibly on a later line.
	depth := 0
	started := false
	ln, col := p.Line, p.Col-1+len(c.Name)
	for guard := 0; guard < 50; guard++ {
		text := s.Line(p.File, ln)
		if text == nil {
			return nil
		}
		for ; col < len(text); col++ {
			switch text[col] {
			case '(':
				depth++
				started = true
			case ')':
				depth--
				if started && depth == 0 {
					edits = append(edits, report.Edit{File: rel, Line: ln, Column: col + 1, EndLine: ln, EndColumn: col + 1, NewText: ", " + extra})
					return edits
				}
			}
		}
		ln++
		col = 0
	}
	return nil
}

// DeclareLocal returns an edit that declares a local at the start of a
// function body: "\tunsigned long flags;\n" after the line of the '{'.
func (s *Source) DeclareLocal(fn *cparse.Func, decl string) []report.Edit {
	if fn.Body == nil {
		return nil
	}
	p := fn.Body.P
	line := s.Line(p.File, p.Line)
	if line == nil {
		return nil
	}
	// Indent like the first statement, or one tab.
	indent := "\t"
	if len(fn.Body.Stmts) > 0 {
		sp := fn.Body.Stmts[0].Pos()
		if l := s.Line(sp.File, sp.Line); l != nil {
			i := 0
			for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
				i++
			}
			if i > 0 {
				indent = string(l[:i])
			}
		}
	}
	// Insert after the last leading declaration, else after '{'.
	at := p.Line + 1
	for _, st := range fn.Body.Stmts {
		if _, ok := st.(*cparse.DeclStmt); !ok {
			break
		}
		if st.Pos().Line >= at {
			at = st.Pos().Line + 1
		}
	}
	text := indent + decl + "\n"
	if at == p.Line+1 && len(fn.Body.Stmts) > 0 {
		if _, ok := fn.Body.Stmts[0].(*cparse.DeclStmt); !ok {
			// The only declaration: a blank line after it, as
			// checkpatch.pl wants ("Missing a blank line after
			// declarations").
			text += "\n"
		}
	}
	return []report.Edit{{File: s.Unit.Rel(p.File), Line: at, Column: 1, EndLine: at, EndColumn: 1, NewText: text}}
}
