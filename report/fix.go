// SPDX-License-Identifier: MIT

package report

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// FixedFile is a file the fixes change.
type FixedFile struct {
	Path     string
	Old, New []byte
}

// FixResult is what applying the findings' fixes gives.
type FixResult struct {
	// Files are the changed files, by path.
	Files []FixedFile
	// Fixed marks, by index in the findings given, those whose fix was
	// applied in full.
	Fixed map[int]bool
	// Skipped explains fixes that were not applied (overlapping another
	// fix, outside the file, unreadable file).
	Skipped []string
}

type placedEdit struct {
	Edit
	start, end int // byte offsets in the old file
	finding    int
}

// ApplyFixes applies the suggested fixes of findings to the files read by
// readFile (paths as the edits give them). A fix is applied whole or not
// at all; identical edits from several findings (the same fix found for
// both configs) are applied once; a fix overlapping one applied before is
// skipped.
func ApplyFixes(findings []Finding, readFile func(path string) ([]byte, error)) *FixResult {
	r := &FixResult{Fixed: map[int]bool{}}
	content := map[string][]byte{}
	bad := map[string]bool{}
	accepted := map[string][]placedEdit{}
	for i, f := range findings {
		if f.Fix == nil || len(f.Fix.Edits) == 0 {
			continue
		}
		var placed []placedEdit
		ok := true
		dup := 0
	edits:
		for _, e := range f.Fix.Edits {
			data, seen := content[e.File]
			if !seen && !bad[e.File] {
				d, err := readFile(e.File)
				if err != nil {
					bad[e.File] = true
					r.Skipped = append(r.Skipped, fmt.Sprintf("%s: %v", e.File, err))
				} else {
					content[e.File] = d
					data = d
				}
			}
			if bad[e.File] {
				ok = false
				break
			}
			start, err1 := offset(data, e.Line, e.Column)
			end, err2 := offset(data, e.EndLine, e.EndColumn)
			if err1 != nil || err2 != nil || end < start {
				r.Skipped = append(r.Skipped, fmt.Sprintf("%s:%d:%d: fix for %s is outside the file", e.File, e.Line, e.Column, f.Rule))
				ok = false
				break
			}
			pe := placedEdit{Edit: e, start: start, end: end, finding: i}
			for _, a := range append(accepted[e.File], placed...) {
				if a.start == pe.start && a.end == pe.end && a.NewText == pe.NewText {
					dup++
					continue edits
				}
				if pe.start < a.end && a.start < pe.end || (pe.start == a.start && pe.start == pe.end && a.start == a.end) {
					r.Skipped = append(r.Skipped, fmt.Sprintf("%s:%d:%d: fix for %s overlaps another fix", e.File, e.Line, e.Column, f.Rule))
					ok = false
					break edits
				}
			}
			placed = append(placed, pe)
		}
		if !ok {
			continue
		}
		for _, pe := range placed {
			accepted[pe.File] = append(accepted[pe.File], pe)
		}
		if len(placed)+dup > 0 {
			r.Fixed[i] = true
		}
	}
	for _, path := range sortedKeys(accepted) {
		eds := accepted[path]
		sort.Slice(eds, func(a, b int) bool { return eds[a].start > eds[b].start })
		old := content[path]
		nw := append([]byte(nil), old...)
		for _, e := range eds {
			nw = append(nw[:e.start], append([]byte(e.NewText), nw[e.end:]...)...)
		}
		if !bytes.Equal(old, nw) {
			r.Files = append(r.Files, FixedFile{Path: path, Old: old, New: nw})
		}
	}
	return r
}

// offset turns a 1-based line and column (bytes) into a byte offset; the
// position just past the last line is allowed.
func offset(data []byte, line, col int) (int, error) {
	if line < 1 || col < 1 {
		return 0, fmt.Errorf("bad position %d:%d", line, col)
	}
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return 0, fmt.Errorf("line %d past the end", line)
		}
		off += i + 1
	}
	end := len(data)
	if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
		end = off + i
	}
	if off+col-1 > end+1 || off+col-1 > len(data) {
		return 0, fmt.Errorf("column %d past the end of line %d", col, line)
	}
	return off + col - 1, nil
}

// Diff is the unified diff (git style, a/ and b/ prefixes, 3 lines of
// context) of the changed files.
func (r *FixResult) Diff() string {
	var b strings.Builder
	for _, f := range r.Files {
		b.WriteString(UnifiedDiff(f.Path, f.Old, f.New))
	}
	return b.String()
}

// UnifiedDiff is the unified diff of one file's two versions, "" if equal.
func UnifiedDiff(path string, old, new []byte) string {
	a, aNoEOL := splitLines(old)
	b, bNoEOL := splitLines(new)
	ops := diffLines(a, b)
	if len(ops) == 0 {
		return ""
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", path, path)
	const ctx = 3
	// Group changes into hunks: ops closer than twice the context share one.
	type hunk struct{ i0, i1, j0, j1, op0, op1 int }
	var hunks []hunk
	for k, op := range ops {
		h := hunk{max(op.i0-ctx, 0), min(op.i1+ctx, len(a)), max(op.j0-ctx, 0), min(op.j1+ctx, len(b)), k, k + 1}
		if n := len(hunks); n > 0 && h.i0 <= hunks[n-1].i1 {
			hunks[n-1].i1, hunks[n-1].j1, hunks[n-1].op1 = h.i1, h.j1, k+1
			continue
		}
		hunks = append(hunks, h)
	}
	emit := func(prefix string, line string, last bool, noEOL bool) {
		out.WriteString(prefix + strings.TrimSuffix(line, "\x00") + "\n")
		if last && noEOL {
			out.WriteString("\\ No newline at end of file\n")
		}
	}
	for _, h := range hunks {
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(h.i0, h.i1-h.i0), hunkRange(h.j0, h.j1-h.j0))
		i, j := h.i0, h.j0
		for _, op := range ops[h.op0:h.op1] {
			for ; i < op.i0; i, j = i+1, j+1 {
				emit(" ", a[i], i == len(a)-1, aNoEOL)
			}
			for ; i < op.i1; i++ {
				emit("-", a[i], i == len(a)-1, aNoEOL)
			}
			for ; j < op.j1; j++ {
				emit("+", b[j], j == len(b)-1, bNoEOL)
			}
		}
		for ; i < h.i1; i, j = i+1, j+1 {
			emit(" ", a[i], i == len(a)-1, aNoEOL)
		}
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(data []byte) (lines []string, noEOL bool) {
	if len(data) == 0 {
		return nil, false
	}
	s := string(data)
	noEOL = !strings.HasSuffix(s, "\n")
	lines = strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if noEOL {
		// A last line without newline differs from the same text with one.
		lines[len(lines)-1] += "\x00"
	}
	return lines, noEOL
}

// diffOp replaces a[i0:i1] by b[j0:j1].
type diffOp struct{ i0, i1, j0, j1 int }

// diffLines is Myers' O(ND) diff of two line slices, as a list of
// replacements in order.
func diffLines(a, b []string) []diffOp {
	n, m := len(a), len(b)
	maxD := n + m
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// Backtrack into a list of (x, y) moves.
	type pt struct{ x, y int }
	var path []pt
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		vv := trace[d]
		k := x - y
		var pk int
		if k == -d || k != d && vv[off+k-1] < vv[off+k+1] {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := vv[off+pk]
		py := px - pk
		for x > px && y > py {
			x, y = x-1, y-1
			path = append(path, pt{x, y})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		path = append(path, pt{x, y})
	}
	// path holds the matched pairs in reverse; turn the gaps into ops.
	var ops []diffOp
	pi, pj := 0, 0
	for i := len(path) - 1; i >= -1; i-- {
		mx, my := n, m
		if i >= 0 {
			mx, my = path[i].x, path[i].y
		}
		if mx > pi || my > pj {
			ops = append(ops, diffOp{pi, mx, pj, my})
		}
		pi, pj = mx+1, my+1
	}
	return ops
}
