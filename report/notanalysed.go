// SPDX-License-Identifier: MIT

package report

import (
	"fmt"
	"strings"
)

// What kcovlint could not analyse is part of every output, so that a run
// is never silently clean: the text format's command prints a summary line
// (NotAnalysedSummary), JSON lists it per input, SARIF as tool execution
// notifications, GitHub as ::notice commands, GitLab as info-level issues
// and the checkpatch format as NOTE lines after its summary.

// NotAnalysedCheck is the name the formats that need a rule-like name
// (GitLab's check_name, SARIF's notification descriptor) give to what
// could not be analysed.
const NotAnalysedCheck = "kcovlint-not-analysed"

// NotAnalysed lists what the Result's inputs could not analyse, each part
// once (an input that fails like an earlier one adds nothing), in input
// order.
func NotAnalysed(res *Result) []Unanalysed {
	if res == nil {
		return nil
	}
	var out []Unanalysed
	seen := map[Unanalysed]bool{}
	for _, in := range res.Inputs {
		for _, u := range in.NotAnalysed {
			k := u
			k.Detail = ""
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, u)
		}
	}
	return out
}

// IsFunction tells a function not analysed from another part.
func (u Unanalysed) IsFunction() bool { return u.Function != "" }

// String is "FILE:LINE FUNC() (REASON)", as the summary line and the
// checkpatch format print it.
func (u Unanalysed) String() string {
	var b strings.Builder
	b.WriteString(posText(u.File, u.Line, 0))
	if u.Function != "" {
		b.WriteString(" " + funcName(u.Function))
	}
	b.WriteString(" (" + u.Reason)
	if u.Config != "" {
		b.WriteString(", " + configName(u.Config) + " only")
	}
	b.WriteString(")")
	return b.String()
}

// Message is one sentence about the part, for formats that give each part
// a message of its own (SARIF, GitHub, GitLab).
func (u Unanalysed) Message() string {
	if u.Reason == ReasonPreImage {
		msg := "kcovlint could not analyse this file as it was before the patch"
		if u.Detail != "" {
			msg += " (" + oneLine(u.Detail) + ")"
		}
		return msg + ": whether its findings are new is unknown, and those the patch fixes are missing"
	}
	what := "this part of the file"
	switch {
	case u.Function != "":
		what = funcName(u.Function)
	case u.Reason == ReasonBudget:
		what = "the analysis of this unit"
	}
	msg := fmt.Sprintf("kcovlint could not analyse %s (%s", what, u.Reason)
	if u.Detail != "" {
		msg += ": " + oneLine(u.Detail)
	}
	msg += ")"
	if u.Config != "" {
		msg += " with " + configName(u.Config)
	}
	return msg + ": findings there may be missing"
}

// ReasonBudget is the Reason of an analysis that stopped at its budget.
const ReasonBudget = "analysis budget"

// ReasonPreImage is the Reason of a patched file whose code before the
// patch could not be analysed: the findings after the patch cannot be
// told new from existing (StatusUnknown), and those the patch fixes are
// missing.
const ReasonPreImage = "before the patch"

// maxSummaryParts is how many parts the summary line names.
const maxSummaryParts = 3

// NotAnalysedSummary is one line saying what the Result's inputs could not
// analyse, "" when they analysed everything:
//
//	2 functions not analysed, findings there may be missing: net/core/dev.c:4220 sch_handle_ingress() (syntax), ...
//
// Paths are made relative to opts.Root.
func NotAnalysedSummary(res *Result, opts Options) string {
	parts := NotAnalysed(res)
	if len(parts) == 0 {
		return ""
	}
	funcs, others := 0, 0
	for _, u := range parts {
		if u.IsFunction() {
			funcs++
		} else {
			others++
		}
	}
	var head string
	switch {
	case others == 0:
		head = plural(funcs, "function", "functions")
	case funcs == 0:
		head = plural(others, "part of the code", "parts of the code")
	default:
		head = plural(funcs, "function", "functions") + " and " + plural(others, "other part", "other parts")
	}
	var names []string
	for i, u := range parts {
		if i == maxSummaryParts {
			names[len(names)-1] += fmt.Sprintf(" and %d more (--format json lists them)", len(parts)-i)
			break
		}
		u.File = opts.relPath(u.File)
		names = append(names, u.String())
	}
	return head + " not analysed, findings there may be missing: " + strings.Join(names, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
