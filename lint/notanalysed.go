// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/patch"
	"github.com/kcovlint/kcovlint/report"
)

// A run is never silently clean: what the analysis could not cover in the
// linted code is listed in the input's NotAnalysed, which every output
// format reports.

// unanalysed lists what the unit could not analyse in its targets: the
// declarations of the targets that did not parse (a function, another
// declaration, or the rest of a file after a limit), once for all the
// configurations they failed in, and, for each configuration whose
// analysis stopped at its budget (truncated), the unit as a whole.
func unanalysed(u *cunit.Unit, truncated []string) []report.Unanalysed {
	if u == nil {
		return nil
	}
	type key struct {
		file       string
		line       int
		fn, reason string
	}
	var order []key
	configs := map[key][]string{}
	details := map[key]string{}
	for _, c := range u.Configs {
		for _, f := range u.Files[c.Name] {
			if !u.Targets[f.Path] {
				continue
			}
			for _, x := range f.Failures {
				file := x.Pos.File
				if file == "" {
					file = f.Path
				}
				k := key{file, x.Pos.Line, x.Func, x.Reason}
				if _, ok := configs[k]; !ok {
					order = append(order, k)
					details[k] = x.Detail
				}
				if !slices.Contains(configs[k], c.Name) {
					configs[k] = append(configs[k], c.Name)
				}
			}
		}
	}
	only := func(names []string) string {
		if len(names) == 1 && len(u.Configs) > 1 {
			return names[0]
		}
		return ""
	}
	var out []report.Unanalysed
	for _, k := range order {
		out = append(out, report.Unanalysed{File: k.file, Line: k.line, Function: k.fn, Reason: k.reason, Detail: details[k], Config: only(configs[k])})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	if len(truncated) > 0 {
		var targets []string
		for t := range u.Targets {
			targets = append(targets, t)
		}
		sort.Strings(targets)
		if len(targets) > 0 {
			detail := "some paths were not followed"
			if len(targets) > 1 {
				detail = fmt.Sprintf("the unit of %d files: some paths were not followed", len(targets))
			}
			out = append(out, report.Unanalysed{File: targets[0], Reason: report.ReasonBudget, Detail: detail, Config: only(truncated)})
		}
	}
	return out
}

// touchedBy keeps the parts a patch changes: a declaration (its extent
// found by its braces in the post-image) that holds a line the patch adds
// or is next to lines it deletes; the rest of a file whose reading stopped
// at a limit before a changed line; a whole-file failure; an analysis that
// stopped at its budget. Failures elsewhere in the patched files do not
// make the patch's own code unanalysed. post and lines are keyed by the
// parsed path.
func touchedBy(parts []report.Unanalysed, post map[string][]byte, lines map[string]*patch.LineMap) []report.Unanalysed {
	var out []report.Unanalysed
	for _, p := range parts {
		if p.Reason == report.ReasonBudget {
			out = append(out, p)
			continue
		}
		m, ok := lines[p.File]
		if !ok {
			continue // a header the target includes, not patched
		}
		touched := touchedLines(m)
		if len(touched) == 0 {
			continue
		}
		switch {
		case p.Reason == "internal error" || p.Line <= 0:
			out = append(out, p)
			continue
		case p.Function == "" && p.Reason == "token limit":
			if touched[len(touched)-1] >= p.Line {
				out = append(out, p)
			}
			continue
		}
		start, end := extent(post[p.File], p.Line)
		for _, t := range touched {
			if t >= start && t <= end {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// touchedLines lists the post-image lines a patch changes, in order: the
// lines it adds, and for a run of deleted lines the line that follows it.
func touchedLines(m *patch.LineMap) []int {
	set := map[int]bool{}
	for _, l := range m.AddedLines() {
		set[l] = true
	}
	for _, d := range m.DeletedLines() {
		for pre := d + 1; ; pre++ {
			if post, ok := m.PostLine(pre); ok {
				set[post] = true
				break
			}
			if pre > m.PreLen() {
				set[m.PostLen()] = true
				break
			}
		}
	}
	out := make([]int, 0, len(set))
	for l := range set {
		out = append(out, l)
	}
	sort.Ints(out)
	return out
}

// extent finds the lines [start, end] of the top-level declaration of src
// that holds line n: a function from its head to its closing brace, or a
// declaration to its semicolon. Braces are counted outside comments,
// strings, character constants and preprocessor lines, which is enough for
// kernel code. When src is nil, or n is out of range, the extent is n
// alone.
func extent(src []byte, n int) (start, end int) {
	lines := bytes.Split(src, []byte("\n"))
	if n < 1 || n > len(lines) {
		return n, n
	}
	// depth[i]: brace depth at the start of line i+1.
	depth := make([]int, len(lines)+1)
	inComment, inDirective := false, false
	d := 0
	for i, line := range lines {
		depth[i] = d
		trimmed := bytes.TrimSpace(line)
		if inDirective || !inComment && bytes.HasPrefix(trimmed, []byte("#")) {
			inDirective = bytes.HasSuffix(trimmed, []byte("\\"))
			continue
		}
		var quote byte
		for j := 0; j < len(line); j++ {
			c := line[j]
			switch {
			case inComment:
				if c == '*' && j+1 < len(line) && line[j+1] == '/' {
					inComment = false
					j++
				}
			case quote != 0:
				if c == '\\' {
					j++
				} else if c == quote {
					quote = 0
				}
			case c == '/' && j+1 < len(line) && line[j+1] == '*':
				inComment = true
				j++
			case c == '/' && j+1 < len(line) && line[j+1] == '/':
				j = len(line)
			case c == '"' || c == '\'':
				quote = c
			case c == '{':
				d++
			case c == '}':
				d = max(d-1, 0)
			}
		}
	}
	depth[len(lines)] = d
	// Forward to the end: the closing brace of the block n is in, or of
	// the first block opened from n on, or the first semicolon at file
	// scope.
	end = n
	opened := depth[n-1] > 0
	for e := n; e <= len(lines); e++ {
		end = e
		if depth[e] > 0 {
			opened = true
			continue
		}
		if opened || bytes.Contains(lines[e-1], []byte(";")) {
			break
		}
	}
	// Back to the start: the line the block opens on, then up over the
	// head (lines at file scope that do not end a declaration).
	start = n
	for start > 1 && depth[start-1] > 0 {
		start--
	}
	for start > 1 {
		prev := bytes.TrimSpace(lines[start-2])
		if depth[start-2] > 0 || len(prev) == 0 || prev[0] == '#' || bytes.HasSuffix(prev, []byte(";")) || bytes.HasSuffix(prev, []byte("}")) ||
			bytes.HasSuffix(prev, []byte("*/")) {
			break
		}
		start--
	}
	return start, end
}

// binaryFile reports a file whose start holds a NUL byte: not C text.
func binaryFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	buf := make([]byte, 8192)
	n, _ := f.Read(buf)
	return bytes.IndexByte(buf[:n], 0) >= 0, nil
}

// inputMessage takes the input's name off the front of an error message
// (each line of a joined error), so that the input is named once where it
// is printed: "x.patch: empty input" becomes "empty input", "x.patch:12:
// bad hunk" becomes "line 12: bad hunk".
func inputMessage(msg string, names ...string) string {
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	for i, l := range lines {
		for _, name := range names {
			if name == "" || !strings.HasPrefix(l, name+":") {
				continue
			}
			rest := l[len(name)+1:]
			if j := strings.Index(rest, ": "); j > 0 && strings.Trim(rest[:j], "0123456789") == "" {
				l = "line " + rest[:j] + rest[j:]
			} else {
				l = strings.TrimPrefix(rest, " ")
			}
			break
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
