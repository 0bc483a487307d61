// SPDX-License-Identifier: MIT

package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteCheckpatch writes findings in checkpatch.pl's shape, so tools that
// read checkpatch output (b4 prep --check, patchwork scripts) take them:
//
//	WARNING: MESSAGE [lockirq]
//	#64: FILE: kernel/kcov.c:1031:
//	+	spin_lock(&kcov->lock);
//
//	total: 0 errors, 1 warnings, 147 lines checked
//
// error findings print as ERROR:, notes as CHECK:. #N is the line in the
// patch when the engine knows it (Finding.PatchLine), else the file line.
// What could not be analysed follows as NOTE lines (after the total line,
// as checkpatch's own remarks):
//
//	NOTE: net/core/dev.c:4220: sch_handle_ingress() not analysed (syntax): findings there may be missing
//
// With no finding and nothing left unanalysed it writes nothing at all: b4
// treats any output line as a warning, and silence with exit status 0 as a
// pass. With opts.Terse a finding is one line,
//
//	kernel/kcov.c:1031: WARNING: MESSAGE [lockirq, non-RT]
//
// and with opts.NoSummary neither the total line nor the NOTE lines are
// written: with both, as b4 runs checkpatch.pl (--terse --no-summary), one
// finding is one line, one warning to b4.
func WriteCheckpatch(w io.Writer, res *Result, opts Options) error {
	res = normalize(res, opts)
	bw := bufio.NewWriter(w)
	errs, warns, checks := 0, 0, 0
	files := map[string][]string{}
	for _, f := range res.Findings {
		if f.Status == StatusFixed {
			continue
		}
		kind := "WARNING"
		switch severityOf(f) {
		case SeverityError:
			kind = "ERROR"
			errs++
		case SeverityNote:
			kind = "CHECK"
			checks++
		default:
			warns++
		}
		msg := oneLine(f.Message) + " [" + f.Rule + ", " + configName(f.Config) + "]"
		if opts.Terse {
			fmt.Fprintf(bw, "%s: %s: %s\n", posText(f.File, f.Line, 0), kind, msg)
			continue
		}
		fmt.Fprintf(bw, "%s: %s\n", kind, msg)
		n := f.PatchLine
		if n <= 0 {
			n = f.Line
		}
		fmt.Fprintf(bw, "#%d: FILE: %s:%d:\n", n, f.File, f.Line)
		src := f.SourceLine
		if src == "" && f.PatchLine == 0 && f.Line > 0 {
			lines, ok := files[f.File]
			if !ok {
				if data, err := opts.readFile(f.File); err == nil {
					lines = strings.Split(string(data), "\n")
				}
				files[f.File] = lines
			}
			if f.Line <= len(lines) {
				src = strings.TrimSuffix(lines[f.Line-1], "\r")
			}
		}
		if src != "" {
			// Like checkpatch: '+' for a line the patch adds, ' ' for a
			// line it leaves as it was.
			mark := "+"
			if f.PatchLine == 0 && f.Status != "" && f.Status != StatusNew {
				mark = " "
			} else if f.PatchLine == 0 && f.Input != "" && f.Status == StatusNew && f.SourceLine != "" {
				mark = " "
			}
			fmt.Fprintf(bw, "%s%s\n", mark, src)
		}
		bw.WriteString("\n")
	}
	if opts.NoSummary {
		return bw.Flush()
	}
	if errs+warns+checks > 0 {
		lines := 0
		for _, in := range res.Inputs {
			lines += in.Lines
		}
		if checks > 0 {
			fmt.Fprintf(bw, "total: %d errors, %d warnings, %d checks, %d lines checked\n", errs, warns, checks, lines)
		} else {
			fmt.Fprintf(bw, "total: %d errors, %d warnings, %d lines checked\n", errs, warns, lines)
		}
	}
	parts := NotAnalysed(res)
	if len(parts) > 0 && errs+warns+checks > 0 {
		bw.WriteString("\n")
	}
	for _, u := range parts {
		if u.Reason == ReasonPreImage {
			fmt.Fprintf(bw, "NOTE: %s: not analysed as it was before the patch: whether its findings are new is unknown\n", posText(u.File, u.Line, 0))
			continue
		}
		what := "this part"
		if u.Function != "" {
			what = funcName(u.Function)
		}
		only := ""
		if u.Config != "" {
			only = " with " + configName(u.Config)
		}
		fmt.Fprintf(bw, "NOTE: %s: %s not analysed (%s)%s: findings there may be missing\n", posText(u.File, u.Line, 0), what, u.Reason, only)
	}
	return bw.Flush()
}
