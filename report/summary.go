// SPDX-License-Identifier: MIT

package report

import (
	"bufio"
	"fmt"
	"strings"
)

// Cells of the summary table.
const (
	CellPresent = "present"
	CellFixed   = "fixed"
	CellAbsent  = "-"
	// CellGone is a finding's cell in the tip's column when its line is
	// not in the tree at the tip (Finding.LineGone).
	CellGone = "line gone"
)

// SummaryTable is the findings-by-input table: one row per distinct finding
// (by Key), one column per input. Cells are CellPresent (the input has the
// finding: new or existing), CellFixed (the input removes it) or
// CellAbsent.
type SummaryTable struct {
	Inputs []string
	Rows   []SummaryRow
}

// SummaryRow is one distinct finding.
type SummaryRow struct {
	Key   string
	Label string
	Cells []string
}

// Summarize builds the table from findings, with the columns in the order
// of inputs, then any input named only by a finding.
func Summarize(inputs []Input, findings []Finding) SummaryTable {
	return SummarizeAt(inputs, findings, "")
}

// SummarizeAt is Summarize with, for a git range, a last column "at TIP"
// telling what is in the tree at the range's end: a finding is present
// there as the last input that has it (new, existing or fixed) left it,
// unless its line was since deleted (CellGone).
func SummarizeAt(inputs []Input, findings []Finding, tip string) SummaryTable {
	var t SummaryTable
	col := map[string]int{}
	addInput := func(name string) {
		if _, ok := col[name]; !ok {
			col[name] = len(t.Inputs)
			t.Inputs = append(t.Inputs, name)
		}
	}
	for _, in := range inputs {
		addInput(in.Name)
	}
	for _, f := range findings {
		addInput(f.Input)
	}
	row := map[string]int{}
	for _, f := range findings {
		k := findingKey(f)
		if _, ok := row[k]; !ok {
			row[k] = len(t.Rows)
			t.Rows = append(t.Rows, SummaryRow{Key: k, Label: summaryLabel(f)})
		}
	}
	for i := range t.Rows {
		t.Rows[i].Cells = make([]string, len(t.Inputs))
		for j := range t.Rows[i].Cells {
			t.Rows[i].Cells[j] = CellAbsent
		}
	}
	for _, f := range findings {
		cells := t.Rows[row[findingKey(f)]].Cells
		j := col[f.Input]
		switch {
		case f.Status == StatusFixed:
			if cells[j] == CellAbsent {
				cells[j] = CellFixed
			}
		default:
			cells[j] = CellPresent
		}
	}
	if tip == "" {
		return t
	}
	// The last input (by column) that has each finding decides.
	last := map[string]int{}
	state := map[string]string{}
	for _, f := range findings {
		k := findingKey(f)
		j := col[f.Input]
		if prev, ok := last[k]; ok && prev > j {
			continue
		}
		s := CellPresent
		switch {
		case f.Status == StatusFixed:
			s = CellFixed
		case f.LineGone:
			s = CellGone
		}
		if prev, ok := last[k]; ok && prev == j && state[k] == CellPresent {
			continue // present in one configuration is present
		}
		last[k], state[k] = j, s
	}
	t.Inputs = append(t.Inputs, "at "+tip)
	for i := range t.Rows {
		t.Rows[i].Cells = append(t.Rows[i].Cells, state[t.Rows[i].Key])
	}
	return t
}

func summaryLabel(f Finding) string {
	s := f.Rule
	if f.Object != "" {
		s += " " + f.Object
	}
	if f.Function != "" {
		s += " in " + funcName(f.Function)
	}
	return s + " (" + configName(f.Config) + ")"
}

// writeSummary prints the table under the text findings when wanted.
func writeSummary(w *bufio.Writer, res *Result, opts Options, c func(color, s string) string) {
	if opts.Summary == SummaryNever {
		return
	}
	findings := res.Findings
	if opts.SummaryFindings != nil {
		findings = opts.SummaryFindings
	}
	t := SummarizeAt(res.Inputs, findings, res.Tip)
	if len(t.Rows) == 0 || (opts.Summary == SummaryAuto && len(t.Inputs) < 2) {
		return
	}
	if len(res.Findings) > 0 {
		w.WriteString("\n")
	}
	fmt.Fprintf(w, "%s\n", c(colBold, fmt.Sprintf("Summary: %d distinct findings in %d inputs", len(t.Rows), len(t.Inputs))))
	width0 := len("finding")
	for _, r := range t.Rows {
		width0 = max(width0, len(r.Label))
	}
	widths := make([]int, len(t.Inputs))
	for j, in := range t.Inputs {
		name := in
		if name == "" {
			name = "(input)"
			t.Inputs[j] = name
		}
		widths[j] = max(len(name), len(CellPresent))
	}
	line := func(first string, cells []string) {
		var b strings.Builder
		b.WriteString(indent)
		b.WriteString(pad(first, width0))
		for j, cell := range cells {
			b.WriteString("  ")
			b.WriteString(pad(cell, widths[j]))
		}
		w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
	line("finding", t.Inputs)
	for _, r := range t.Rows {
		line(r.Label, r.Cells)
	}
}

func pad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}
