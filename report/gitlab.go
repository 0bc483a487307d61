// SPDX-License-Identifier: MIT

package report

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// GitLab Code Quality report entry (a subset of the Code Climate issue
// format that GitLab reads).
type gitlabIssue struct {
	Type        string         `json:"type"`
	CheckName   string         `json:"check_name"`
	Description string         `json:"description"`
	Content     *gitlabContent `json:"content,omitempty"`
	Categories  []string       `json:"categories"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabContent struct {
	Body string `json:"body"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// WriteGitLab writes a GitLab Code Quality report: a JSON array of issues
// with description, check_name (the rule), fingerprint (stable across line
// moves, unique within the report), severity (error: critical, warning:
// major, note: minor) and location.path / location.lines.begin. Fixed
// findings are left out: the report lists what the code has.
func WriteGitLab(w io.Writer, res *Result, opts Options) error {
	res = normalize(res, opts)
	issues := []gitlabIssue{}
	seen := map[string]int{}
	for _, f := range res.Findings {
		if f.Status == StatusFixed {
			continue
		}
		sev := "major"
		switch severityOf(f) {
		case SeverityError:
			sev = "critical"
		case SeverityNote:
			sev = "minor"
		}
		sum := md5.Sum([]byte(findingKey(f) + "\x00" + f.File))
		fp := hex.EncodeToString(sum[:])
		seen[fp]++
		if n := seen[fp]; n > 1 {
			sum := md5.Sum(fmt.Appendf(nil, "%s\x00%d", fp, n))
			fp = hex.EncodeToString(sum[:])
		}
		line := f.Line
		if line < 1 {
			line = 1
		}
		issues = append(issues, gitlabIssue{
			Type:        "issue",
			CheckName:   f.Rule,
			Description: fmt.Sprintf("%s [%s, %s]", oneLine(f.Message), f.Rule, configName(f.Config)),
			Content:     &gitlabContent{Body: gitlabBody(f)},
			Categories:  []string{"Bug Risk"},
			Fingerprint: fp,
			Severity:    sev,
			Location:    gitlabLocation{Path: f.File, Lines: gitlabLines{Begin: line}},
		})
	}
	// What could not be analysed: an info-level issue on the part (the
	// lowest of Code Quality's severities), so that the merge request
	// shows that the report is incomplete there. Its fingerprint does not
	// hold the line, like the findings'.
	for _, u := range NotAnalysed(res) {
		sum := md5.Sum([]byte(NotAnalysedCheck + "\x00" + u.File + "\x00" + u.Function + "\x00" + u.Reason + "\x00" + u.Config))
		fp := hex.EncodeToString(sum[:])
		seen[fp]++
		if n := seen[fp]; n > 1 {
			sum := md5.Sum(fmt.Appendf(nil, "%s\x00%d", fp, n))
			fp = hex.EncodeToString(sum[:])
		}
		issues = append(issues, gitlabIssue{
			Type:        "issue",
			CheckName:   NotAnalysedCheck,
			Description: u.Message(),
			Categories:  []string{"Bug Risk"},
			Fingerprint: fp,
			Severity:    "info",
			Location:    gitlabLocation{Path: u.File, Lines: gitlabLines{Begin: max(u.Line, 1)}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}

// gitlabBody is the issue's Markdown body: traces, detail and the fix.
func gitlabBody(f Finding) string {
	var b strings.Builder
	for _, t := range f.Trace {
		fmt.Fprintf(&b, "- %s: `%s`\n", t.Context, chainText(t.Chain))
	}
	if len(f.Detail) > 0 {
		b.WriteString("\n")
		for _, d := range f.Detail {
			b.WriteString(d + "\n")
		}
	}
	if len(f.Scenario) > 0 {
		b.WriteString("\n```\n")
		for _, l := range scenarioLines(f.Scenario) {
			b.WriteString(l + "\n")
		}
		b.WriteString("```\n")
	}
	if f.Fix != nil && f.Fix.Description != "" {
		fmt.Fprintf(&b, "\nSuggested fix: %s\n", f.Fix.Description)
	}
	return b.String()
}
