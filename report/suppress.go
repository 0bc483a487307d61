// SPDX-License-Identifier: MIT

package report

import (
	"fmt"
	"regexp"
	"strings"
)

// A suppression comment silences one rule, with a mandatory reason:
//
//	spin_lock(&kcov->lock); /* kcovlint: ignore lockirq -- only called with BH off */
//
//	/* kcovlint: ignore lockirq -- the lock is never taken in softirq on this path */
//	spin_lock(&kcov->lock);
//
//	/*
//	 * kcov_remote_stop - ...
//	 * kcovlint: ignore lockirq -- callers disable BH, see kcov_remote_stop_softirq()
//	 */
//	void kcov_remote_stop(void)
//
// It is honoured on the finding's line, on the line above it, and in the
// comment block just before the definition of the function holding the
// finding (all findings of that rule in the function). "//" comments work
// too. A comment without a reason after "--" does not suppress: the finding
// stays, with a detail line saying so.
var directiveRE = regexp.MustCompile(`kcovlint:\s*ignore\s+([A-Za-z0-9_.-]+)(?:\s+--(.*?))?\s*(?:\*/|$)`)

// directive is one suppression comment.
type directive struct {
	rule, reason string
	line         int
}

func parseDirectives(line string, n int) []directive {
	var out []directive
	for _, m := range directiveRE.FindAllStringSubmatch(line, -1) {
		out = append(out, directive{rule: m[1], reason: strings.TrimSpace(m[2]), line: n})
	}
	return out
}

// Suppress splits findings into those kept and those a suppression comment
// silences. readFile reads a file by the path a finding gives (relative to
// the tree, or post-images for patch inputs); a file that cannot be read
// suppresses nothing. Kept findings whose rule has a suppression comment
// without a reason get a Detail line saying the comment was ignored.
func Suppress(findings []Finding, readFile func(path string) ([]byte, error)) (kept []Finding, suppressed []Finding) {
	cache := map[string][]string{}
	lines := func(file string) []string {
		if l, ok := cache[file]; ok {
			return l
		}
		var l []string
		if readFile != nil {
			if data, err := readFile(file); err == nil {
				l = strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
			}
		}
		cache[file] = l
		return l
	}
	for _, f := range findings {
		src := lines(f.File)
		var cands []directive
		for _, n := range []int{f.Line, f.Line - 1} {
			if n >= 1 && n <= len(src) {
				cands = append(cands, parseDirectives(src[n-1], n)...)
			}
		}
		if f.FunctionLine >= 1 && f.FunctionLine <= len(src) {
			for _, n := range functionCommentLines(src, f.FunctionLine) {
				cands = append(cands, parseDirectives(src[n-1], n)...)
			}
		}
		var why, bare *directive
		for i := range cands {
			d := &cands[i]
			if d.rule != f.Rule {
				continue
			}
			if d.reason != "" {
				why = d
				break
			}
			if bare == nil {
				bare = d
			}
		}
		switch {
		case why != nil:
			f.Detail = append(append([]string(nil), f.Detail...), fmt.Sprintf("suppressed by the comment at %s:%d: %s", f.File, why.line, why.reason))
			suppressed = append(suppressed, f)
		case bare != nil:
			note := fmt.Sprintf("note: the \"kcovlint: ignore %s\" comment at %s:%d gives no reason, so it does not suppress this finding (write \"kcovlint: ignore %s -- REASON\")", f.Rule, f.File, bare.line, f.Rule)
			has := false
			for _, d := range f.Detail {
				has = has || d == note
			}
			if !has {
				f.Detail = append(append([]string(nil), f.Detail...), note)
			}
			kept = append(kept, f)
		default:
			kept = append(kept, f)
		}
	}
	return kept, suppressed
}

// functionCommentLines gives the line numbers of the comment block just
// before a function definition at line def: it steps over up to three
// lines of the declaration above the name (return type, attributes) and
// then takes the contiguous comment lines.
func functionCommentLines(src []string, def int) []int {
	n := def - 1
	for skipped := 0; n >= 1 && skipped < 3; skipped++ {
		t := strings.TrimSpace(src[n-1])
		if t == "" || isCommentLine(t) || strings.HasSuffix(t, ";") || strings.HasSuffix(t, "}") || strings.HasSuffix(t, "{") || strings.HasPrefix(t, "#") {
			break
		}
		n--
	}
	var out []int
	for ; n >= 1; n-- {
		t := strings.TrimSpace(src[n-1])
		if !isCommentLine(t) {
			break
		}
		out = append(out, n)
	}
	return out
}

func isCommentLine(t string) bool {
	return strings.HasPrefix(t, "/*") || strings.HasPrefix(t, "*") || strings.HasPrefix(t, "//") || strings.HasSuffix(t, "*/")
}
