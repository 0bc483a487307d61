// SPDX-License-Identifier: MIT

// Package rules lists kcovlint's rules: one go/analysis Analyzer per rule,
// each in its own package with a doc.go, an explanation and testdata.
package rules

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/report"
	"github.com/kcovlint/kcovlint/rules/ctxpred"
	"github.com/kcovlint/kcovlint/rules/lockirq"
	"github.com/kcovlint/kcovlint/rules/percpu"
	"github.com/kcovlint/kcovlint/rules/sleepatomic"
)

type rule struct {
	analyzer    *analysis.Analyzer
	explanation string
}

var all = []rule{
	{lockirq.Analyzer, lockirq.Explanation},
	{sleepatomic.Analyzer, sleepatomic.Explanation},
	{percpu.Analyzer, percpu.Explanation},
	{ctxpred.Analyzer, ctxpred.Explanation},
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
		short := r.analyzer.Doc
		if i := strings.IndexByte(short, '\n'); i >= 0 {
			short = short[:i]
		}
		out = append(out, report.RuleInfo{Name: r.analyzer.Name, Short: short, Help: r.explanation, URL: r.analyzer.URL})
	}
	return out
}
