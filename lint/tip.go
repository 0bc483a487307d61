// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/kcovlint/kcovlint/patch"
	"github.com/kcovlint/kcovlint/report"
)

// toTip places the findings of the commits of a git range in the tree at
// the range's end, where the user reads and fixes them: each position is
// mapped forward through git's diff of the commit and the tip. A finding
// whose line the later commits deleted or changed keeps the commit's
// positions and says so (LineGone). Fixed findings are left alone: their
// positions are in the tree before their commit.
func (l *linter) toTip(rng string, results []*patch.Result, findings []report.Finding) {
	tip, err := patch.GitRangeTip(l.root, rng)
	if err != nil {
		return
	}
	l.res.Tip = tip[:min(12, len(tip))]
	commits := map[string]string{}
	for _, r := range results {
		commits[r.Input.Name] = patch.CommitOf(r)
	}
	forwards := map[string]*patch.Forward{}
	for i := range findings {
		f := &findings[i]
		c := commits[f.Input]
		if c == "" || c == tip || f.Status == report.StatusFixed {
			continue
		}
		fw, ok := forwards[c]
		if !ok {
			fw, err = patch.GitForward(l.root, c, tip)
			if err != nil {
				fw = nil
			}
			forwards[c] = fw
		}
		if fw != nil {
			l.moveFinding(f, fw, c[:min(12, len(c))])
		}
	}
}

// posInText is a tree-relative position in a finding's text.
var posInText = regexp.MustCompile(`[A-Za-z0-9_./+-]+\.[ch]:[0-9]+`)

// moveFinding maps a finding's positions with fw.
func (l *linter) moveFinding(f *report.Finding, fw *patch.Forward, commit string) {
	move := func(file string, line int) (string, int, bool) {
		if line <= 0 {
			return file, line, true
		}
		rel, err := filepath.Rel(l.root, file)
		if !filepath.IsAbs(file) {
			rel, err = file, nil
		}
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return file, line, true // outside the tree: not in git's diff
		}
		p, n, ok := fw.Line(filepath.ToSlash(rel), line)
		if !ok {
			return file, line, false
		}
		if filepath.IsAbs(file) {
			p = filepath.Join(l.root, filepath.FromSlash(p))
		}
		return p, n, true
	}
	file, line, ok := move(f.File, f.Line)
	if !ok {
		f.LineGone = true
		f.Detail = append(f.Detail, fmt.Sprintf("this line was since deleted or changed: it is not in the tree at %s; the positions are those of %s", l.res.Tip, commit))
		return
	}
	oldFile := f.File
	f.File, f.Line = file, line
	// Positions written in the detail text ("spin_lock() at
	// drivers/demo/demo.c:21") move too.
	if len(f.Detail) > 0 {
		detail := make([]string, len(f.Detail))
		for i, d := range f.Detail {
			detail[i] = posInText.ReplaceAllStringFunc(d, func(m string) string {
				k := strings.LastIndexByte(m, ':')
				n, err := strconv.Atoi(m[k+1:])
				if err != nil || filepath.IsAbs(m[:k]) {
					return m
				}
				if p, n2, ok := fw.Line(m[:k], n); ok && p == m[:k] {
					return fmt.Sprintf("%s:%d", p, n2)
				}
				return m
			})
		}
		f.Detail = detail
	}
	if f.FunctionLine > 0 {
		if _, n, ok := move(oldFile, f.FunctionLine); ok {
			f.FunctionLine = n
		} else {
			f.FunctionLine = 0
		}
	}
	moveLoc := func(loc *report.Location) {
		if p, n, ok := move(loc.File, loc.Line); ok {
			loc.File, loc.Line = p, n
		} else {
			loc.Line, loc.Column = 0, 0 // gone since: not shown
		}
	}
	// Copies: findings may share their slices.
	f.Related = append([]report.Location(nil), f.Related...)
	for i := range f.Related {
		moveLoc(&f.Related[i])
	}
	f.Trace = append([]report.Trace(nil), f.Trace...)
	for i := range f.Trace {
		t := &f.Trace[i]
		t.Sites = append([]report.Location(nil), t.Sites...)
		for j := range t.Sites {
			moveLoc(&t.Sites[j])
		}
		if t.Site != nil {
			site := *t.Site
			moveLoc(&site)
			t.Site = &site
		}
	}
	if f.Fix != nil {
		fix := *f.Fix
		fix.Edits = append([]report.Edit(nil), f.Fix.Edits...)
		for i := range fix.Edits {
			e := &fix.Edits[i]
			p, n, ok := move(e.File, e.Line)
			_, m, ok2 := move(e.File, e.EndLine)
			if !ok || !ok2 {
				f.Fix = nil
				return
			}
			e.File, e.Line, e.EndLine = p, n, m
		}
		f.Fix = &fix
	}
}
