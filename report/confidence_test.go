// SPDX-License-Identifier: MIT

package report

import (
	"strings"
	"testing"
)

// What a run says about its confidence reaches the machine-readable
// formats: a CI job reading JSON or SARIF must be able to tell an
// uncertain finding from a certain one, and how many were left out.
func TestConfidenceInJSONAndSARIF(t *testing.T) {
	res := &Result{
		Tool: "kcovlint", RTModel: "bh-lock (from the tree's Kconfig)", Uncertain: 3,
		Inputs: []Input{{Name: "a.c", Kind: "file", Status: "ok"}},
		Findings: []Finding{
			{Rule: "lockirq", File: "a.c", Line: 1, Function: "f", Object: "l", Config: "nonrt", Status: StatusNew, Input: "a.c", Message: "m", Confidence: ConfidenceHigh},
			{Rule: "sleepatomic", File: "a.c", Line: 2, Function: "g", Object: "s", Config: "rt", Status: StatusNew, Input: "a.c", Message: "m", Confidence: ConfidenceLow, Doubts: []string{"g() has no known caller: task context assumed"}},
		},
	}
	text := write(t, "json", res, Options{})
	back, err := ReadJSON(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if back.RTModel != res.RTModel || back.Uncertain != 3 {
		t.Errorf("json run fields: rt_model %q, uncertain_hidden %d", back.RTModel, back.Uncertain)
	}
	if back.Findings[0].Confidence != ConfidenceHigh || back.Findings[1].Confidence != ConfidenceLow || len(back.Findings[1].Doubts) != 1 {
		t.Errorf("json findings: %+v", back.Findings)
	}
	sarif := write(t, "sarif", res, Options{})
	for _, want := range []string{`"confidence": "low"`, `"doubts"`, `no known caller`} {
		if !strings.Contains(sarif, want) {
			t.Errorf("sarif lacks %s", want)
		}
	}
}
