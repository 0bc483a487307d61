// SPDX-License-Identifier: MIT

package report

import (
	"strings"
	"testing"
)

// The table of a git range ends with what is in the tree at its tip.
func TestSummarizeAtTip(t *testing.T) {
	f := func(input, obj, status string, gone bool) Finding {
		return Finding{Rule: "lockirq", Object: obj, Function: "f", Config: "nonrt", Status: status, Input: input, LineGone: gone}
	}
	inputs := []Input{{Name: "c1"}, {Name: "c2"}, {Name: "c3"}}
	findings := []Finding{
		f("c1", "a", StatusNew, false), f("c2", "a", StatusExisting, false), // still there
		f("c1", "b", StatusNew, false), f("c3", "b", StatusFixed, false), // fixed by c3
		f("c1", "c", StatusNew, true), // its line was changed since
	}
	tab := SummarizeAt(inputs, findings, "0123456789ab")
	if got := strings.Join(tab.Inputs, ","); got != "c1,c2,c3,at 0123456789ab" {
		t.Errorf("columns %s", got)
	}
	want := map[string]string{"a": "present", "b": "fixed", "c": CellGone}
	for _, r := range tab.Rows {
		obj := strings.Split(r.Key, "|")[2]
		if last := r.Cells[len(r.Cells)-1]; last != want[obj] {
			t.Errorf("%s at the tip: %q, want %q (cells %q)", obj, last, want[obj], r.Cells)
		}
	}
	if tab := Summarize(inputs, findings); len(tab.Inputs) != 3 {
		t.Errorf("without a tip: %q", tab.Inputs)
	}
	// JSON keeps the tip and line_gone.
	res := &Result{Tool: "kcovlint", Tip: "0123456789ab", Inputs: inputs, Findings: findings}
	back, err := ReadJSON(strings.NewReader(write(t, "json", res, Options{})))
	if err != nil || back.Tip != res.Tip || !back.Findings[4].LineGone || back.Findings[0].LineGone {
		t.Errorf("json: %v %+v", err, back)
	}
}
