// SPDX-License-Identifier: MIT

package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// ANSI colors as gcc uses them.
const (
	colBold    = "\x1b[1m"
	colWarning = "\x1b[1;35m"
	colError   = "\x1b[1;31m"
	colNote    = "\x1b[1;36m"
	colGreen   = "\x1b[32m"
	colReset   = "\x1b[0m"
)

const indent = "    "

// WriteText writes findings the way gcc does, one line an editor, vim's
// quickfix and CI problem matchers read:
//
//	kernel/kcov.c:1031:2: warning: MESSAGE [lockirq]
//
// followed by indented detail: the config, each context with its call
// chain and the file:line of each call, the Detail lines, lockdep's
// "Possible unsafe locking scenario", related sites and the suggested fix.
// Findings are separated by a blank line. A Result with several inputs (the
// versions of a patch) ends with a table of findings by input.
func WriteText(w io.Writer, res *Result, opts Options) error {
	res = normalize(res, opts)
	bw := bufio.NewWriter(w)
	c := func(color, s string) string {
		if !opts.Color || s == "" {
			return s
		}
		return color + s + colReset
	}
	for i, f := range res.Findings {
		if i > 0 {
			bw.WriteString("\n")
		}
		writeTextFinding(bw, f, c)
	}
	writeSummary(bw, res, opts, c)
	return bw.Flush()
}

func writeTextFinding(w *bufio.Writer, f Finding, c func(color, s string) string) {
	sev := severityOf(f)
	if f.Status == StatusFixed {
		sev = SeverityNote
	}
	color := colWarning
	switch sev {
	case SeverityError:
		color = colError
	case SeverityNote:
		color = colNote
	}
	tag := f.Rule
	if f.Status != "" && f.Status != StatusNew {
		tag += ", " + f.Status
	}
	if f.Confidence == ConfidenceLow {
		tag += ", uncertain"
	}
	fmt.Fprintf(w, "%s %s %s [%s]\n", c(colBold, posText(f.File, f.Line, f.Column)+":"), c(color, sev+":"), oneLine(f.Message), c(color, tag))

	var head []string
	head = append(head, "config: "+configName(f.Config))
	if f.Function != "" {
		head = append(head, "function: "+funcName(f.Function))
	}
	if f.Object != "" {
		head = append(head, "object: "+f.Object)
	}
	if f.Input != "" {
		head = append(head, "input: "+f.Input)
	}
	switch f.Status {
	case StatusExisting:
		head = append(head, "status: existing (present before the patch)")
	case StatusFixed:
		head = append(head, "status: fixed (the patch removes it)")
	case StatusUnknown:
		head = append(head, "status: unknown (the code before the patch could not be analysed: new or existing)")
	}
	fmt.Fprintf(w, "%s%s\n", indent, strings.Join(head, "; "))

	for _, t := range f.Trace {
		ctx := t.Context
		if ctx == "" {
			ctx = "unknown"
		}
		if !strings.Contains(ctx, "context") {
			if i := strings.Index(ctx, ","); i >= 0 {
				ctx = ctx[:i] + " context" + ctx[i:]
			} else {
				ctx += " context"
			}
		}
		fmt.Fprintf(w, "%s%s:\n", indent, ctx)
		if len(t.Chain) > 0 {
			fmt.Fprintf(w, "%s  %s\n", indent, chainText(t.Chain))
		}
		for j, s := range t.Sites {
			if s.Line <= 0 || j >= len(t.Chain) {
				continue
			}
			what := s.Message
			if what == "" {
				if j == 0 {
					what = funcName(t.Chain[0]) + " (entry point)"
				} else {
					what = "calls " + funcName(t.Chain[j])
				}
			}
			fmt.Fprintf(w, "%s    %s: %s\n", indent, posText(s.File, s.Line, s.Column), oneLine(what))
		}
		if t.Site != nil && t.Site.Line > 0 {
			what := t.Site.Message
			if what == "" {
				what = "here"
			}
			fmt.Fprintf(w, "%s    %s: %s\n", indent, posText(t.Site.File, t.Site.Line, t.Site.Column), oneLine(what))
		}
	}
	for _, d := range f.Detail {
		for _, l := range strings.Split(d, "\n") {
			fmt.Fprintf(w, "%s%s\n", indent, l)
		}
	}
	for _, d := range f.Doubts {
		fmt.Fprintf(w, "%suncertain: %s\n", indent, d)
	}
	if len(f.Scenario) > 0 {
		w.WriteString("\n")
		for _, l := range scenarioLines(f.Scenario) {
			if l == "" {
				w.WriteString("\n")
				continue
			}
			fmt.Fprintf(w, "%s%s\n", indent, l)
		}
		w.WriteString("\n")
	}
	for _, r := range f.Related {
		msg := r.Message
		if msg == "" {
			msg = "related site"
		}
		fmt.Fprintf(w, "%srelated: %s: %s\n", indent, posText(r.File, r.Line, r.Column), oneLine(msg))
	}
	if f.Fix != nil {
		desc := f.Fix.Description
		if desc == "" {
			desc = "apply the edits below"
		}
		fmt.Fprintf(w, "%s%s %s\n", indent, c(colGreen, "suggested fix:"), oneLine(desc))
		for _, e := range f.Fix.Edits {
			where := fmt.Sprintf("%s:%d:%d-%d:%d", e.File, e.Line, e.Column, e.EndLine, e.EndColumn)
			lines := strings.Split(strings.TrimSuffix(e.NewText, "\n"), "\n")
			if e.NewText == "" {
				fmt.Fprintf(w, "%s  %s: delete\n", indent, where)
				continue
			}
			fmt.Fprintf(w, "%s  %s: %s\n", indent, where, c(colGreen, lines[0]))
			pad := strings.Repeat(" ", len(where)+2)
			for _, l := range lines[1:] {
				fmt.Fprintf(w, "%s  %s%s\n", indent, pad, c(colGreen, l))
			}
		}
	}
}

// scenarioLines draws lockdep's "Possible unsafe locking scenario" from
// the steps of a Finding's Scenario (see Finding.Scenario), or returns the
// lines as given when they are already drawn.
func scenarioLines(steps []string) []string {
	for _, s := range steps {
		if strings.Contains(s, "CPU0") {
			return append([]string(nil), steps...)
		}
	}
	var out []string
	twoCPUs := false
	for _, s := range steps {
		if strings.HasPrefix(s, "CPU1:") {
			twoCPUs = true
		}
	}
	if twoCPUs {
		out = append(out,
			" Possible interrupt unsafe locking scenario:",
			"",
			"       CPU0                    CPU1",
			"       ----                    ----")
	} else {
		out = append(out,
			" Possible unsafe locking scenario:",
			"",
			"       CPU0",
			"       ----")
	}
	deadlock := false
	for _, s := range steps {
		if strings.Contains(s, "DEADLOCK") {
			deadlock = true
		}
		switch {
		case strings.HasPrefix(s, "CPU1:"):
			out = append(out, strings.Repeat(" ", 31)+strings.TrimLeft(strings.TrimPrefix(s, "CPU1:"), " "))
		case strings.HasPrefix(s, "CPU0:"):
			out = append(out, "  "+strings.TrimPrefix(strings.TrimPrefix(s, "CPU0:"), " "))
		case strings.Contains(s, "DEADLOCK"):
			out = append(out, "", " "+strings.TrimSpace(s))
		default:
			out = append(out, "  "+s)
		}
	}
	if !deadlock {
		out = append(out, "", " *** DEADLOCK ***")
	}
	return out
}

// oneLine keeps a message on its line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
