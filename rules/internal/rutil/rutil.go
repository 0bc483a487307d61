// SPDX-License-Identifier: MIT

// Package rutil holds what kcovlint's rules share: turning analysis sites
// into findings with call chains in lockdep's vocabulary, and reporting
// them both as go/analysis diagnostics and as structured findings.
package rutil

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/report"
)

// ConfigLabel names a configuration as kernel developers say it.
func ConfigLabel(u *cunit.Unit, config string) string {
	if u.IsRT(config) {
		return "PREEMPT_RT"
	}
	return "non-RT"
}

// Context describes the context and state at a site: "task, softirqs
// enabled", "softirq", "task, BH disabled", "hardirq".
func Context(s ctxflow.Snap) string {
	switch s.Ctx {
	case ctxflow.Task:
		var parts []string
		parts = append(parts, "task")
		switch {
		case s.IRQOff == ctxflow.Yes:
			parts = append(parts, "hardirqs disabled")
		case s.BH.Positive():
			parts = append(parts, "BH disabled")
		case s.IRQOff == ctxflow.No && s.BHOff == ctxflow.No:
			parts = append(parts, "softirqs enabled")
		}
		return strings.Join(parts, ", ")
	case ctxflow.Softirq:
		if s.IRQOff == ctxflow.Yes {
			return "softirq, hardirqs disabled"
		}
		return "softirq"
	}
	return s.Ctx.String()
}

// Loc converts a position into a report location.
func Loc(u *cunit.Unit, p cparse.Pos, msg string) report.Location {
	return report.Location{File: u.Rel(p.File), Line: p.Line, Column: p.Col, Message: msg}
}

// Trace builds the witness of one context: the chain from the root to the
// function holding the site.
func Trace(u *cunit.Unit, e *ctxflow.Entry, context string, site cparse.Pos) report.Trace {
	t := report.Trace{Context: context}
	if e == nil {
		return t
	}
	for i, l := range e.Chain {
		t.Chain = append(t.Chain, l.Func)
		if i == 0 {
			t.Sites = append(t.Sites, Loc(u, l.Pos, "entered: "+e.Root))
			continue
		}
		msg := ""
		if l.Via != "" {
			// A call through a function pointer: say which.
			msg = fmt.Sprintf("calls %s() through %s", l.Func, l.Via)
		}
		t.Sites = append(t.Sites, Loc(u, e.Chain[i-1].Call, msg))
	}
	loc := Loc(u, site, "")
	t.Site = &loc
	return t
}

// ChainText renders a chain for messages: "a() -> b() -> c()".
func ChainText(e *ctxflow.Entry) string {
	if e == nil {
		return ""
	}
	names := e.ChainNames()
	for i := range names {
		names[i] = Func(names[i])
	}
	return strings.Join(names, " -> ")
}

// Better reports whether entry a is a better witness than b: known callers
// over assumed ones, then shorter chains.
func Better(a, b *ctxflow.Entry) bool {
	if b == nil {
		return true
	}
	if a == nil {
		return false
	}
	if a.Assumed != b.Assumed {
		return !a.Assumed
	}
	return len(a.Chain) < len(b.Chain)
}

// Key makes a finding's identity across versions and runs.
func Key(rule, config, object, function string, extra ...string) string {
	parts := append([]string{rule, config, object, function}, extra...)
	return strings.Join(parts, "|")
}

// Reporter reports findings of one rule run.
type Reporter struct {
	Pass     *analysis.Pass
	Unit     *cunit.Unit
	Findings []report.Finding
	seen     map[string]bool
	src      *Source
}

// Source returns the unit's files' lines for suggested fixes, read once
// per run.
func (r *Reporter) Source() *Source {
	if r.src == nil {
		r.src = NewSource(r.Unit)
	}
	return r.src
}

// A Check looks at one configuration's flow and reports to rep.
type Check func(rep *Reporter, u *cunit.Unit, flow *ctxflow.Flow)

// Run is the run function every rule shares: the unit and the context
// flows from the facts analyzers, each check once per configuration the
// unit was parsed for, the findings sorted as the rule's result.
func Run(checks ...Check) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (any, error) {
		u := pass.ResultOf[cunit.Analyzer].(*cunit.Unit)
		res := pass.ResultOf[ctxflow.Analyzer].(*ctxflow.Result)
		rep := NewReporter(pass, u)
		for _, cfg := range u.ConfigNames() {
			flow := res.ByConfig[cfg]
			if flow == nil {
				continue
			}
			for _, check := range checks {
				check(rep, u, flow)
			}
		}
		return rep.Sorted(), nil
	}
}

// NewReporter starts reporting for a pass.
func NewReporter(pass *analysis.Pass, u *cunit.Unit) *Reporter {
	return &Reporter{Pass: pass, Unit: u, seen: map[string]bool{}}
}

// Report records a finding, once per Key (the surest witness: one with
// doubts is replaced by one without), for target files only.
func (r *Reporter) Report(f report.Finding, at cparse.Pos) {
	if !r.Unit.Targets[at.File] {
		return
	}
	f.Confidence = report.ConfidenceHigh
	if len(f.Doubts) > 0 {
		f.Confidence = report.ConfidenceLow
	}
	if r.seen[f.Key] {
		for i := range r.Findings {
			if old := &r.Findings[i]; old.Key == f.Key && old.Confidence == report.ConfidenceLow && f.Confidence == report.ConfidenceHigh {
				f.File, f.Line, f.Column, f.SourceLine = old.File, old.Line, old.Column, old.SourceLine
				*old = f
			}
		}
		return
	}
	r.seen[f.Key] = true
	f.File, f.Line, f.Column = r.Unit.Rel(at.File), at.Line, at.Col
	if data, err := r.Unit.Positions.Read(at.File); err == nil {
		f.SourceLine = lineOf(data, at.Line)
	}
	if f.Severity == "" {
		f.Severity = report.SeverityWarning
	}
	r.Findings = append(r.Findings, f)
	d := analysis.Diagnostic{
		Pos:      r.Unit.Positions.Pos(at),
		Category: f.Config,
		Message:  f.Message,
	}
	for _, rel := range f.Related {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.Unit.Positions.Pos(cparse.Pos{File: r.abs(rel.File), Line: rel.Line, Col: rel.Column}), Message: rel.Message})
	}
	if f.Fix != nil {
		var edits []analysis.TextEdit
		for _, e := range f.Fix.Edits {
			p := r.abs(e.File)
			edits = append(edits, analysis.TextEdit{
				Pos:     r.Unit.Positions.Pos(cparse.Pos{File: p, Line: e.Line, Col: e.Column}),
				End:     r.Unit.Positions.Pos(cparse.Pos{File: p, Line: e.EndLine, Col: e.EndColumn}),
				NewText: []byte(e.NewText),
			})
		}
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: f.Fix.Description, TextEdits: edits}}
	}
	r.Pass.Report(d)
}

// abs turns a tree-relative path back into the path the unit parsed.
func (r *Reporter) abs(rel string) string {
	for t := range r.Unit.Targets {
		if r.Unit.Rel(t) == rel {
			return t
		}
	}
	for _, files := range r.Unit.Files {
		for _, f := range files {
			if r.Unit.Rel(f.Path) == rel {
				return f.Path
			}
		}
	}
	return rel
}

// Sorted returns the findings in file/line order.
func (r *Reporter) Sorted() []report.Finding {
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Config < b.Config
	})
	return r.Findings
}

// Doubts lists what a witness rests on that the analysis did not see:
// an assumed context, mode tests it could not decide on the way (see
// ctxflow.Guard). The default assumption about unknown callers (task
// context, IRQs and BH on, nothing held) is the least atomic state there
// is: a state worse than it at the site was entered on the way and is
// no doubt. A context the function's own predicate tests name (it tests
// in_serving_softirq(), so it runs in softirq) is the code's own word,
// said as such in the messages (DeclaredText), not a doubt either.
func Doubts(u *cunit.Unit, s ctxflow.Snap, e *ctxflow.Entry) []string {
	var out []string
	if e != nil && e.Assumed && !e.Declared && s.Ctx != ctxflow.Task {
		out = append(out, fmt.Sprintf("the %s context of %s() is assumed: %s", s.Ctx, e.Chain[0].Func, e.Root))
	}
	for _, g := range s.Guards {
		out = append(out, fmt.Sprintf("reached only when %s is %v (%s:%d), which kcovlint could not decide: code that runs in several contexts often tests its context so", g.Text, g.Outcome, u.Rel(g.Pos.File), g.Pos.Line))
	}
	return out
}

// DeclaredText is what a message adds after a context that was taken
// from the function's own predicate tests, "" for a context the analysis
// reached through callers.
func DeclaredText(e *ctxflow.Entry) string {
	if e != nil && e.Assumed && e.Declared {
		return " (as its own predicate tests say; callers unknown)"
	}
	return ""
}

// Surer reports whether witness a rests on fewer doubts than b, or as
// few and a better chain.
func Surer(u *cunit.Unit, a, b ctxflow.Site) bool {
	da, db := len(Doubts(u, a.Snap, a.Entry)), len(Doubts(u, b.Snap, b.Entry))
	if da != db {
		return da < db
	}
	return Better(a.Entry, b.Entry)
}

// KeyText writes a lock or object key for messages: a struct type local
// to a .c file is written without its file, which follows
// ("struct kcov.lock, struct kcov of kernel/kcov.c"), and a lockdep class
// set by the code is said ("struct chan.lock, lockdep class rx_key").
func KeyText(key string) string {
	var notes []string
	if base, class, ok := strings.Cut(key, "#"); ok {
		key = base
		notes = append(notes, "lockdep class "+class)
	}
	if i := strings.Index(key, "@"); i >= 0 {
		typ, rest := key[:i], key[i+1:]
		file, path := rest, ""
		if j := strings.Index(rest, ".c."); j >= 0 {
			file, path = rest[:j+2], rest[j+2:]
		} else if j := strings.Index(rest, ".h."); j >= 0 {
			file, path = rest[:j+2], rest[j+2:]
		}
		key = typ + path
		if strings.HasSuffix(file, ".c") {
			// A module's own header is where such types live: said
			// only for a type a .c file defines.
			notes = append([]string{typ + " of " + file}, notes...)
		}
	}
	if len(notes) == 0 {
		return key
	}
	return key + ", " + strings.Join(notes, ", ")
}

// Func names a function for messages.
// A function defined by a macro is named by its invocation
// ("SYSCALL_DEFINE0(foo)") and gets no second pair of parentheses.
func Func(name string) string {
	if strings.HasSuffix(name, ")") {
		return name
	}
	return name + "()"
}

// Plural is fmt helper: "1 site" / "2 sites".
func Plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func lineOf(data []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return ""
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	return strings.TrimRight(string(data), "\r")
}
