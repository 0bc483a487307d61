// SPDX-License-Identifier: MIT

package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// notAnalysedResult is a clean result whose input could not analyse two
// functions (one only on PREEMPT_RT) and a declaration, the first part
// twice (the same failure reported for a second input).
func notAnalysedResult(findings ...Finding) *Result {
	parts := []Unanalysed{
		{File: testRoot + "/net/core/dev.c", Line: 4220, Function: "sch_handle_ingress", Reason: "syntax", Detail: "unexpected ','"},
		{File: testRoot + "/net/core/dev.c", Line: 7117, Function: "net_rx_action", Reason: "unbalanced braces", Config: "rt"},
		{File: testRoot + "/net/core/dev.c", Line: 12242, Reason: "syntax"},
	}
	return &Result{Tool: "kcovlint", Version: "v0.1.0", Inputs: []Input{
		{Name: "dev.c", Kind: "file", Status: "ok", NotAnalysed: parts},
		{Name: "again", Kind: "file", Status: "ok", NotAnalysed: parts[:1]},
	}, Findings: findings}
}

func write(t *testing.T, format string, res *Result, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, res, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestNotAnalysedSummary(t *testing.T) {
	opts := Options{Root: testRoot}
	got := NotAnalysedSummary(notAnalysedResult(), opts)
	want := "2 functions and 1 other part not analysed, findings there may be missing: " +
		"net/core/dev.c:4220 sch_handle_ingress() (syntax), net/core/dev.c:7117 net_rx_action() (unbalanced braces, PREEMPT_RT only), net/core/dev.c:12242 (syntax)"
	if got != want {
		t.Errorf("summary:\n got %s\nwant %s", got, want)
	}
	if s := NotAnalysedSummary(kcovV4Result(), opts); s != "" {
		t.Errorf("summary of a complete run: %q", s)
	}
	// More parts than the line names.
	res := notAnalysedResult()
	for i := 0; i < 3; i++ {
		res.Inputs[0].NotAnalysed = append(res.Inputs[0].NotAnalysed, Unanalysed{File: "x.c", Line: 10 + i, Function: "f", Reason: "syntax"})
	}
	if s := NotAnalysedSummary(res, opts); !strings.HasPrefix(s, "5 functions and 1 other part") || !strings.HasSuffix(s, "(syntax) and 3 more (--format json lists them)") {
		t.Errorf("summary of six parts: %s", s)
	}
}

// Every format says what was not analysed, also when nothing was found.
func TestNotAnalysedFormats(t *testing.T) {
	opts := Options{Root: testRoot, Rules: testRules}
	res := notAnalysedResult()

	// JSON: per input, paths relative.
	var doc struct {
		Inputs []struct {
			NotAnalysed []Unanalysed `json:"not_analysed"`
		}
	}
	if err := json.Unmarshal([]byte(write(t, "json", res, opts)), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Inputs) != 2 || len(doc.Inputs[0].NotAnalysed) != 3 || doc.Inputs[0].NotAnalysed[1] != (Unanalysed{File: "net/core/dev.c", Line: 7117, Function: "net_rx_action", Reason: "unbalanced braces", Config: "rt"}) {
		t.Errorf("json: %+v", doc)
	}
	back, err := ReadJSON(strings.NewReader(write(t, "json", res, opts)))
	if err != nil || len(back.Inputs[0].NotAnalysed) != 3 {
		t.Errorf("json read back: %v %+v", err, back)
	}

	// SARIF: a warning notification per part, the run still successful.
	var log struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct {
					Level      string
					Message    struct{ Text string }
					Descriptor struct{ ID string }
					Locations  []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine int }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(write(t, "sarif", res, opts)), &log); err != nil {
		t.Fatal(err)
	}
	inv := log.Runs[0].Invocations[0]
	if !inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 3 {
		t.Fatalf("sarif invocation: %+v", inv)
	}
	n := inv.ToolExecutionNotifications[0]
	if n.Level != "warning" || n.Descriptor.ID != NotAnalysedCheck || n.Locations[0].PhysicalLocation.ArtifactLocation.URI != "net/core/dev.c" || n.Locations[0].PhysicalLocation.Region.StartLine != 4220 ||
		n.Message.Text != "kcovlint could not analyse sch_handle_ingress() (syntax: unexpected ','): findings there may be missing" {
		t.Errorf("sarif notification: %+v", n)
	}

	// GitHub: a notice on each part.
	gh := write(t, "github", res, opts)
	if want := "::notice file=net/core/dev.c,line=7117,title=kcovlint%3A not analysed::kcovlint could not analyse net_rx_action() (unbalanced braces) with PREEMPT_RT: findings there may be missing\n"; !strings.Contains(gh, want) || strings.Count(gh, "::notice") != 3 {
		t.Errorf("github:\n%s", gh)
	}

	// GitLab: info-level issues with the fields GitLab requires.
	var issues []map[string]any
	if err := json.Unmarshal([]byte(write(t, "gitlab", res, opts)), &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 3 {
		t.Fatalf("gitlab: %d issues", len(issues))
	}
	fps := map[any]bool{}
	for _, is := range issues {
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if is["severity"] != "info" || is["check_name"] != NotAnalysedCheck || is["description"] == "" || is["type"] != "issue" ||
			loc["path"] != "net/core/dev.c" || lines["begin"] == nil || is["fingerprint"] == "" || fps[is["fingerprint"]] {
			t.Errorf("gitlab issue: %v", is)
		}
		fps[is["fingerprint"]] = true
	}

	// Text: the writer prints findings only; the command prints the
	// summary line (NotAnalysedSummary) on stderr.
	if s := write(t, "text", res, opts); s != "" {
		t.Errorf("text: %q", s)
	}
}

// The checkpatch format: NOTE lines after the total line; nothing of it
// with --no-summary, and one line per finding with --terse, so that b4
// counts one warning per finding.
func TestCheckpatchNotAnalysed(t *testing.T) {
	opts := Options{Root: testRoot, Rules: testRules}
	clean := notAnalysedResult()
	got := write(t, "checkpatch", clean, opts)
	want := "NOTE: net/core/dev.c:4220: sch_handle_ingress() not analysed (syntax): findings there may be missing\n" +
		"NOTE: net/core/dev.c:7117: net_rx_action() not analysed (unbalanced braces) with PREEMPT_RT: findings there may be missing\n" +
		"NOTE: net/core/dev.c:12242: this part not analysed (syntax): findings there may be missing\n"
	if got != want {
		t.Errorf("clean:\n%s\nwant:\n%s", got, want)
	}
	f := kcovLockFinding("v4")
	withFinding := notAnalysedResult(f)
	withFinding.Inputs[0].Lines = 312
	got = write(t, "checkpatch", withFinding, opts)
	if !strings.Contains(got, "total: 0 errors, 1 warnings, 312 lines checked\n\nNOTE: net/core/dev.c:4220: ") {
		t.Errorf("with a finding:\n%s", got)
	}

	b4 := opts
	b4.Terse, b4.NoSummary = true, true
	if got := write(t, "checkpatch", clean, b4); got != "" {
		t.Errorf("--terse --no-summary, clean: %q", got)
	}
	got = write(t, "checkpatch", withFinding, b4)
	if want := "kernel/kcov.c:1031: WARNING: " + oneLine(f.Message) + " [lockirq, non-RT]\n"; got != want {
		t.Errorf("--terse --no-summary:\n%q\nwant\n%q", got, want)
	}
	noSummary := opts
	noSummary.NoSummary = true
	if got := write(t, "checkpatch", withFinding, noSummary); strings.Contains(got, "total:") || strings.Contains(got, "NOTE:") || !strings.HasPrefix(got, "WARNING: ") {
		t.Errorf("--no-summary:\n%s", got)
	}
}

func TestInputLabel(t *testing.T) {
	for _, c := range []struct {
		in   Input
		want string
	}{
		{Input{Name: "stdin"}, "stdin"},
		{Input{Name: "fix", Source: "fix.patch"}, "fix.patch"},
		{Input{Name: "v3", Source: "thread.mbox:120"}, "v3 (thread.mbox:120)"},
		{Input{Name: "x.patch", Source: "x.patch"}, "x.patch"},
		{Input{Name: "a", Source: "dir:with:colons"}, "dir:with:colons"},
	} {
		if got := c.in.Label(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.in, got, c.want)
		}
	}
}

// preImageResult is a patch whose code before it could not be analysed:
// its finding's status is unknown.
func preImageResult() *Result {
	f := kcovLockFinding("v4")
	f.Status = StatusUnknown
	return &Result{Tool: "kcovlint", Version: "v0.1.0", Inputs: []Input{{Name: "v4", Kind: "patch", Status: "ok", NotAnalysed: []Unanalysed{
		{File: testRoot + "/kernel/kcov.c", Reason: ReasonPreImage, Detail: "ctxflow: internal error: boom"},
	}}}, Findings: []Finding{f}}
}

// Every format says that the code before the patch was not analysed, and
// that a finding's status is unknown.
func TestPreImageFormats(t *testing.T) {
	opts := Options{Root: testRoot, Rules: testRules}
	res := preImageResult()
	if got, want := NotAnalysedSummary(res, opts), "1 part of the code not analysed, findings there may be missing: kernel/kcov.c (before the patch)"; got != want {
		t.Errorf("summary:\n got %s\nwant %s", got, want)
	}
	text := write(t, "text", res, opts)
	if !strings.Contains(text, "[lockirq, unknown]") || !strings.Contains(text, "status: unknown (the code before the patch could not be analysed: new or existing)") {
		t.Errorf("text:\n%s", text)
	}
	var doc struct {
		Findings []struct{ Status string }
	}
	if err := json.Unmarshal([]byte(write(t, "json", res, opts)), &doc); err != nil || len(doc.Findings) != 1 || doc.Findings[0].Status != StatusUnknown {
		t.Errorf("json: %v %+v", err, doc)
	}
	sarif := write(t, "sarif", res, opts)
	if strings.Contains(sarif, "baselineState") || !strings.Contains(sarif, `"text": "kcovlint could not analyse this file as it was before the patch (ctxflow: internal error: boom): whether its findings are new is unknown, and those the patch fixes are missing"`) {
		t.Errorf("sarif: a baseline state, or no notification:\n%s", sarif)
	}
	if gh := write(t, "github", res, opts); !strings.Contains(gh, "::notice file=kernel/kcov.c,title=kcovlint%3A not analysed::kcovlint could not analyse this file as it was before the patch") || !strings.Contains(gh, "(non-RT) unknown::") {
		t.Errorf("github:\n%s", gh)
	}
	if cp := write(t, "checkpatch", res, opts); !strings.HasSuffix(cp, "\nNOTE: kernel/kcov.c: not analysed as it was before the patch: whether its findings are new is unknown\n") {
		t.Errorf("checkpatch:\n%s", cp)
	}
}
