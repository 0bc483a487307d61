// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
	"github.com/kcovlint/kcovlint/kbuild"
	"github.com/kcovlint/kcovlint/report"
)

// markNoRT makes uncertain the findings whose witness passes through a
// file no configuration of the tree builds (a driver that depends on
// BROKEN), and the PREEMPT_RT findings in files the tree's Kconfig
// never builds into an RT kernel, saying why.
func (l *linter) markNoRT() {
	if l.root == "" {
		return
	}
	rt := map[string]bool{}
	for _, c := range l.configs {
		if c.RT {
			rt[c.Name] = true
		}
	}
	if l.rtBuild == nil {
		t := kapi.Default()
		l.rtBuild = kbuild.New(l.root, t.Configs["rt-arch-symbol"]["value"], t.Configs["compile-test-symbol"]["value"], t.Configs["never-symbol"]["value"], strings.Split(t.Configs["config-tests"]["value"], ",")).WithRTOption(cparse.RTOption)
	}
	for i := range l.res.Findings {
		f := &l.res.Findings[i]
		if f.File == "" {
			continue
		}
		if why := l.traceNever(f); why != "" {
			f.Confidence = report.ConfidenceLow
			f.Doubts = append(f.Doubts, why)
			continue
		}
		if !rt[f.Config] {
			continue
		}
		rel := f.File
		if filepath.IsAbs(rel) {
			r, err := filepath.Rel(l.root, rel)
			if err != nil || strings.HasPrefix(r, "..") {
				continue
			}
			rel = r
		}
		if why := l.rtBuild.FileExcludedRT(rel); why != "" {
			// Kept out of RT by its own Kconfig: not even lockdep's
			// raw-nesting check on another architecture makes it an RT
			// finding (its authors know it breaks RT's rules).
			f.Confidence = report.ConfidenceLow
			f.Doubts = append(f.Doubts, why)
			continue
		}
		if why := l.rtBuild.ArchNoRT(rel); why != "" {
			// An architecture that builds no RT kernel: lockdep's
			// raw-nesting check, off by default and there to keep
			// RT's rules, is no reason to report RT findings in its
			// own code either.
			f.Confidence = report.ConfidenceLow
			f.Doubts = append(f.Doubts, why)
			continue
		}
		why := l.rtBuild.FileNoRT(rel)
		if why == "" {
			if why = l.rtBuild.LineNoRT(rel, f.Line); why != "" {
				why += "; PREEMPT_RT in this tree is for " + strings.Join(l.rtBuild.Arches(), ", ")
			}
		}
		if why != "" && f.RawNesting {
			// Not RT's alone: lockdep reports this nesting on every
			// architecture it is enabled on.
			f.Detail = append(f.Detail, rawNestingNote(why))
			continue
		}
		if why != "" {
			f.Confidence = report.ConfidenceLow
			f.Doubts = append(f.Doubts, why)
			continue
		}
		// A witness that passes through code no RT kernel has (its
		// entry in a MIPS-only part of the driver) is no RT witness.
		why = l.traceNoRT(f)
		if why != "" && f.RawNesting {
			f.Detail = append(f.Detail, rawNestingNote(why))
		} else if why != "" {
			f.Confidence = report.ConfidenceLow
			f.Doubts = append(f.Doubts, why)
		}
	}
}

// rawNestingNote says why a raw-nesting finding (report.Finding.RawNesting)
// in code no RT kernel has is kept.
func rawNestingNote(why string) string {
	return fmt.Sprintf("no RT kernel: %s; but lockdep reports this lock nesting on any architecture with CONFIG_%s=y", why, kapi.Default().Configs["raw-nesting-check"]["value"])
}

// traceNever returns why a file a step of the finding's witness is in,
// other than the finding's own, is built by no configuration, or "": no
// kernel reaches the finding's code that way. A finding whose witness
// stays in its own file is kept even when that file is never built: who
// lints the file asks about its code, and fixes to drivers marked BROKEN
// are still taken upstream (synclink_gt's, testdata/realbugs).
func (l *linter) traceNever(f *report.Finding) string {
	own, _ := l.treeRel(f.File)
	seen := map[string]bool{own: true}
	for _, tr := range f.Trace {
		for _, site := range tr.Sites {
			rel, ok := l.treeRel(site.File)
			if !ok || seen[rel] || !strings.HasSuffix(rel, ".c") {
				continue
			}
			seen[rel] = true
			if why := l.rtBuild.FileNever(rel); why != "" {
				return "the " + tr.Context + " witness passes through code no configuration builds: " + why
			}
		}
	}
	return ""
}

// treeRel returns a path relative to the tree, false when it is outside.
func (l *linter) treeRel(p string) (string, bool) {
	if !filepath.IsAbs(p) {
		return p, p != ""
	}
	r, err := filepath.Rel(l.root, p)
	if err != nil || strings.HasPrefix(r, "..") {
		return "", false
	}
	return r, true
}

// traceNoRT returns why a step of a finding's witness is in a file no
// PREEMPT_RT kernel builds, or "".
func (l *linter) traceNoRT(f *report.Finding) string {
	seen := map[string]bool{}
	for _, tr := range f.Trace {
		for _, site := range tr.Sites {
			rel := site.File
			if filepath.IsAbs(rel) {
				r, err := filepath.Rel(l.root, rel)
				if err != nil || strings.HasPrefix(r, "..") {
					continue
				}
				rel = r
			}
			if !strings.HasSuffix(rel, ".c") && !strings.HasSuffix(rel, ".h") {
				continue
			}
			if why := l.rtBuild.LineNoRT(rel, site.Line); why != "" {
				return "the " + tr.Context + " witness passes through code no PREEMPT_RT kernel has: " + why
			}
			if seen[rel] || !strings.HasSuffix(rel, ".c") {
				continue
			}
			seen[rel] = true
			if why := l.rtBuild.FileNoRT(rel); why != "" {
				return "the " + tr.Context + " witness passes through code no PREEMPT_RT kernel has: " + why
			}
		}
	}
	return ""
}
