// SPDX-License-Identifier: MIT

package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Options control how the writers print a Result. The zero value works:
// paths are printed as they are, no rule metadata, no color, the summary
// table when the Result holds several inputs.
type Options struct {
	// Root is the kernel tree root (-C). Absolute paths under it are
	// printed relative to it (kernel/kcov.c), and ReadFile's default reads
	// files below it.
	Root string
	// Rules describe the rules: SARIF's rule metadata, help texts.
	Rules []RuleInfo
	// Color enables ANSI colors in the text format.
	Color bool
	// Summary says when the text format ends with the table of findings
	// per input.
	Summary SummaryMode
	// SummaryFindings, when not nil, are the findings the summary table is
	// built from instead of the Result's (the command passes the findings
	// of every status, so the table can show what a version fixed while
	// only new findings are printed).
	SummaryFindings []Finding
	// ReadFile reads a file by the path a finding gives (relative to Root),
	// for source lines the engine did not provide (checkpatch format). Nil
	// means reading below Root from disk; a Result from patch inputs should
	// carry Finding.SourceLine instead, as the tree holds the pre-image.
	ReadFile func(path string) ([]byte, error)
	// Terse prints each finding of the checkpatch format on one line,
	// "FILE:LINE: WARNING: MESSAGE", as checkpatch.pl --terse --showfile.
	Terse bool
	// NoSummary leaves out the checkpatch format's "total:" line and its
	// NOTE lines, as checkpatch.pl --no-summary: with Terse, each output
	// line is one finding, which is how b4 counts them.
	NoSummary bool
}

// SummaryMode says when the text format prints the summary table.
type SummaryMode int

const (
	// SummaryAuto prints the table when the Result has two inputs or more.
	SummaryAuto SummaryMode = iota
	// SummaryAlways prints it whenever there is a finding.
	SummaryAlways
	// SummaryNever does not print it.
	SummaryNever
)

// Formats are the names Write accepts, the default first.
var Formats = []string{"text", "json", "sarif", "github", "gitlab", "checkpatch"}

// Write writes res in the named format.
func Write(w io.Writer, format string, res *Result, opts Options) error {
	switch format {
	case "text":
		return WriteText(w, res, opts)
	case "json":
		return WriteJSON(w, res, opts)
	case "sarif":
		return WriteSARIF(w, res, opts)
	case "github":
		return WriteGitHub(w, res, opts)
	case "gitlab":
		return WriteGitLab(w, res, opts)
	case "checkpatch":
		return WriteCheckpatch(w, res, opts)
	}
	return fmt.Errorf("unknown format %q (formats: %s)", format, strings.Join(Formats, ", "))
}

// relPath makes an absolute path under Root relative to it, with forward
// slashes; other paths are returned cleaned.
func (o Options) relPath(p string) string {
	if p == "" {
		return p
	}
	if filepath.IsAbs(p) && o.Root != "" {
		root, err := filepath.Abs(o.Root)
		if err == nil {
			if r, err := filepath.Rel(root, p); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				return filepath.ToSlash(r)
			}
		}
		return filepath.ToSlash(filepath.Clean(p))
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// readFile reads a finding's file with the user's reader or from Root.
func (o Options) readFile(p string) ([]byte, error) {
	if o.ReadFile != nil {
		return o.ReadFile(p)
	}
	if !filepath.IsAbs(p) && o.Root != "" {
		p = filepath.Join(o.Root, filepath.FromSlash(p))
	}
	return os.ReadFile(p)
}

// normalize returns a copy of res whose paths are relative to the root
// where they are under it, with nil slices made empty. Writers never change
// the caller's Result.
func normalize(res *Result, o Options) *Result {
	out := &Result{Tool: "kcovlint", Inputs: []Input{}, Findings: []Finding{}}
	if res == nil {
		return out
	}
	if res.Tool != "" {
		out.Tool = res.Tool
	}
	out.Version = res.Version
	out.Tip = res.Tip
	out.RTModel = res.RTModel
	out.Uncertain = res.Uncertain
	for _, in := range res.Inputs {
		if in.NotAnalysed != nil {
			parts := make([]Unanalysed, len(in.NotAnalysed))
			for i, u := range in.NotAnalysed {
				u.File = o.relPath(u.File)
				parts[i] = u
			}
			in.NotAnalysed = parts
		}
		out.Inputs = append(out.Inputs, in)
	}
	for _, f := range res.Findings {
		out.Findings = append(out.Findings, normalizeFinding(f, o))
	}
	return out
}

func normalizeFinding(f Finding, o Options) Finding {
	f.File = o.relPath(f.File)
	loc := func(l Location) Location { l.File = o.relPath(l.File); return l }
	if f.Trace != nil {
		tr := make([]Trace, len(f.Trace))
		for i, t := range f.Trace {
			t.Chain = append([]string(nil), t.Chain...)
			if t.Sites != nil {
				sites := make([]Location, len(t.Sites))
				for j, s := range t.Sites {
					sites[j] = loc(s)
				}
				t.Sites = sites
			}
			if t.Site != nil {
				s := loc(*t.Site)
				t.Site = &s
			}
			tr[i] = t
		}
		f.Trace = tr
	}
	if f.Related != nil {
		rel := make([]Location, len(f.Related))
		for i, l := range f.Related {
			rel[i] = loc(l)
		}
		f.Related = rel
	}
	if f.Fix != nil {
		fix := *f.Fix
		fix.Edits = make([]Edit, len(f.Fix.Edits))
		for i, e := range f.Fix.Edits {
			e.File = o.relPath(e.File)
			fix.Edits[i] = e
		}
		f.Fix = &fix
	}
	return f
}

// configName is how people say a config: PREEMPT_RT or non-RT.
func configName(c string) string {
	switch c {
	case "rt":
		return "PREEMPT_RT"
	case "nonrt":
		return "non-RT"
	case "":
		return "any config"
	}
	return c
}

// severityOf gives a finding's severity, warning when unset.
func severityOf(f Finding) string {
	switch f.Severity {
	case SeverityError, SeverityNote:
		return f.Severity
	}
	return SeverityWarning
}

// findingKey is Key, or the parts Key is made of when the engine left it
// empty.
func findingKey(f Finding) string {
	if f.Key != "" {
		return f.Key
	}
	return strings.Join([]string{f.Rule, f.Config, f.Object, f.Function}, "|")
}

// ruleInfo finds a rule's metadata.
func (o Options) ruleInfo(name string) (RuleInfo, bool) {
	for _, r := range o.Rules {
		if r.Name == name {
			return r, true
		}
	}
	return RuleInfo{}, false
}

// chainText renders a call chain: a() -> b() -> c().
func chainText(chain []string) string {
	parts := make([]string, len(chain))
	for i, c := range chain {
		parts[i] = funcName(c)
	}
	return strings.Join(parts, " -> ")
}

// funcName adds () to a bare function name.
func funcName(s string) string {
	if s == "" || strings.ContainsAny(s, "( ") || s == "..." {
		return s
	}
	return s + "()"
}

// posText is file:line[:col].
func posText(file string, line, col int) string {
	switch {
	case line <= 0:
		return file
	case col <= 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return fmt.Sprintf("%s:%d:%d", file, line, col)
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
