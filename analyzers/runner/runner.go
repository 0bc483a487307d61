// SPDX-License-Identifier: MIT

// Package runner runs go/analysis analyzers over a kernel C unit. The
// standard drivers load Go packages; this one builds a Pass whose Fset holds
// the C files (so every token.Pos prints as file:line:col), whose OtherFiles
// are the unit's targets, and whose ResultOf carries the unit the caller
// built (the cunit analyzer's result), then runs the analyzers in Requires
// order and collects their diagnostics and results.
package runner

import (
	"fmt"
	"go/token"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
)

// Diagnostic is a reported diagnostic with the analyzer that reported it.
type Diagnostic struct {
	Analyzer *analysis.Analyzer
	analysis.Diagnostic
}

// Run is the outcome of running analyzers on a unit.
type Run struct {
	Fset        *token.FileSet
	Diagnostics []Diagnostic
	Results     map[*analysis.Analyzer]any
}

// Analyzers runs the analyzers (and what they require) on the unit. The
// unit is provided as the result of cunit.Analyzer.
func Analyzers(u *cunit.Unit, analyzers []*analysis.Analyzer) (*Run, error) {
	pos := u.Positions
	r := &Run{Fset: pos.Fset, Results: map[*analysis.Analyzer]any{cunit.Analyzer: u}}
	var targets []string
	for t := range u.Targets {
		targets = append(targets, t)
	}
	sort.Strings(targets)
	var order []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		order = append(order, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	if err := analysis.Validate(order); err != nil {
		return nil, err
	}
	for _, a := range order {
		if _, done := r.Results[a]; done {
			continue
		}
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       pos.Fset,
			OtherFiles: targets,
			ResultOf:   map[*analysis.Analyzer]any{},
			ReadFile:   func(name string) ([]byte, error) { return pos.Read(name) },
		}
		for _, req := range a.Requires {
			pass.ResultOf[req] = r.Results[req]
		}
		pass.Report = func(d analysis.Diagnostic) {
			r.Diagnostics = append(r.Diagnostics, Diagnostic{Analyzer: a, Diagnostic: d})
		}
		res, err := runSafely(a, pass)
		if err != nil {
			return r, fmt.Errorf("%s: %w", a.Name, err)
		}
		r.Results[a] = res
	}
	return r, nil
}

func runSafely(a *analysis.Analyzer, pass *analysis.Pass) (res any, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("internal error: %v", x)
		}
	}()
	return a.Run(pass)
}
