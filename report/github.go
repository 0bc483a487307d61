// SPDX-License-Identifier: MIT

package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteGitHub writes GitHub Actions workflow commands, one annotation per
// finding:
//
//	::warning file=kernel/kcov.c,line=1031,col=2,title=kcovlint lockirq (non-RT)::MESSAGE
//
// The message carries the call chains on further lines (escaped as %0A),
// which GitHub shows in the annotation. Errors use ::error, notes ::notice.
func WriteGitHub(w io.Writer, res *Result, opts Options) error {
	res = normalize(res, opts)
	bw := bufio.NewWriter(w)
	for _, in := range res.Inputs {
		if in.Status == "error" {
			fmt.Fprintf(bw, "::error title=%s::%s\n", ghProperty("kcovlint: "+in.Label()), ghData(in.Error))
		}
	}
	// What could not be analysed: a notice on the part, so that a run
	// without findings does not pass for a clean one.
	for _, u := range NotAnalysed(res) {
		props := []string{"file=" + ghProperty(u.File)}
		if u.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", u.Line))
		}
		props = append(props, "title="+ghProperty("kcovlint: not analysed"))
		fmt.Fprintf(bw, "::notice %s::%s\n", strings.Join(props, ","), ghData(u.Message()))
	}
	for _, f := range res.Findings {
		cmd := "warning"
		switch severityOf(f) {
		case SeverityError:
			cmd = "error"
		case SeverityNote:
			cmd = "notice"
		}
		if f.Status == StatusFixed {
			cmd = "notice"
		}
		props := []string{"file=" + ghProperty(f.File)}
		if f.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Line))
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
			}
		}
		title := "kcovlint " + f.Rule + " (" + configName(f.Config) + ")"
		if f.Status != "" && f.Status != StatusNew {
			title += " " + f.Status
		}
		props = append(props, "title="+ghProperty(title))
		var msg []string
		msg = append(msg, f.Message)
		for _, t := range f.Trace {
			msg = append(msg, t.Context+": "+chainText(t.Chain))
		}
		if f.Fix != nil && f.Fix.Description != "" {
			msg = append(msg, "suggested fix: "+f.Fix.Description)
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(strings.Join(msg, "\n")))
	}
	return bw.Flush()
}

// ghData escapes a workflow command's message as GitHub's toolkit does
// (escapeData): % CR LF.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a property value (escapeProperty): % CR LF : ,.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
