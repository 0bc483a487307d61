// SPDX-License-Identifier: MIT

// Package rules lists kcovlint's rules: one go/analysis Analyzer per rule,
// each in its own package with a doc.go (whose "# Analyzer" section is the
// Analyzer's Doc and the page `kcovlint explain` prints) and testdata.
package rules

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/report"
	"github.com/kcovlint/kcovlint/rules/ctxpred"
	"github.com/kcovlint/kcovlint/rules/internal/rutil"
	"github.com/kcovlint/kcovlint/rules/lockirq"
	"github.com/kcovlint/kcovlint/rules/percpu"
	"github.com/kcovlint/kcovlint/rules/sleepatomic"
)

type rule struct {
	analyzer *analysis.Analyzer
}

var all = []rule{
	{lockirq.Analyzer},
	{sleepatomic.Analyzer},
	{percpu.Analyzer},
	{ctxpred.Analyzer},
}

// All returns every rule's analyzer.
func All() []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(all))
	for i, r := range all {
		out[i] = r.analyzer
	}
	return out
}

// Select returns the analyzers named in names (all when empty).
func Select(names []string) ([]*analysis.Analyzer, error) {
	if len(names) == 0 {
		return All(), nil
	}
	var out []*analysis.Analyzer
	for _, n := range names {
		n = strings.TrimSpace(n)
		found := false
		for _, r := range all {
			if r.analyzer.Name == n {
				out = append(out, r.analyzer)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown rule %q (rules: %s)", n, strings.Join(Names(), ", "))
		}
	}
	return out, nil
}

// Names lists the rule names.
func Names() []string {
	var out []string
	for _, r := range all {
		out = append(out, r.analyzer.Name)
	}
	sort.Strings(out)
	return out
}

// Infos describes the rules for output formats and `kcovlint explain`.
func Infos() []report.RuleInfo {
	var out []report.RuleInfo
	for _, r := range all {
		// One text, the rule's doc.go: the summary, and the page
		// `kcovlint explain` prints.
		short := rutil.DocSummary(r.analyzer.Name, r.analyzer.Doc)
		out = append(out, report.RuleInfo{Name: r.analyzer.Name, Short: short, Help: r.analyzer.Doc, URL: r.analyzer.URL})
	}
	return out
}
