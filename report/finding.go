// SPDX-License-Identifier: MIT

// Package report holds kcovlint's findings and writes them in the formats
// kernel developers and CI systems read: gcc-style text with lockdep-style
// detail, JSON, SARIF 2.1.0, GitHub workflow commands, GitLab Code Quality
// and checkpatch.pl's shape.
package report

import "strings"

// Severity of a finding.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityNote    = "note"
)

// Status of a finding relative to a patch.
const (
	StatusNew      = "new"      // the patch introduces it (or no patch: found in the code)
	StatusExisting = "existing" // present before and after the patch
	StatusFixed    = "fixed"    // present before the patch, gone after it
	// StatusUnknown is a finding after a patch when the code before it
	// could not be analysed: new or existing, kcovlint cannot tell (the
	// input's NotAnalysed says so, with ReasonPreImage).
	StatusUnknown = "unknown"
)

// Finding is one report. Positions are 1-based; File is relative to the
// kernel tree root when the file is inside it (kernel/kcov.c).
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Function string `json:"function,omitempty"`
	// FunctionLine is the line of the function's definition (for
	// function-level suppression comments), 0 if unknown.
	FunctionLine int `json:"function_line,omitempty"`
	// Object is the lock or variable as lockdep would name it:
	// "kcov_remote_lock", "&kcov->lock", "kcov_percpu_data".
	Object string `json:"object,omitempty"`
	// Config is "rt" or "nonrt".
	Config string `json:"config"`
	// Status is new, existing, fixed or unknown.
	Status string `json:"status"`
	// Input names the patch (or file) the finding came from.
	Input   string `json:"input,omitempty"`
	Message string `json:"message"`
	// Trace gives, for each execution context involved, a witness call
	// chain from an entry point to the site.
	Trace []Trace `json:"trace,omitempty"`
	// Related are other sites that take part (the other acquisition).
	Related []Location `json:"related,omitempty"`
	// Detail lines explain the finding in lockdep's vocabulary; text
	// output indents them under the warning line.
	Detail []string `json:"detail,omitempty"`
	// Scenario is lockdep's "Possible unsafe locking scenario" diagram,
	// one line per element, for lock findings. Elements are CPU0's steps
	// ("lock(&kcov->lock);", "<Interrupt>", "  lock(&kcov->lock);");
	// an element starting with "CPU1: " is a step of the second CPU, put
	// in the right-hand column, in order. When an element contains "CPU0"
	// the lines are taken as an already drawn diagram and printed as given.
	Scenario []string `json:"scenario,omitempty"`
	// Fix is the smallest correct fix, when there is one.
	Fix *Fix `json:"fix,omitempty"`
	// Confidence is ConfidenceHigh when every step of the witnesses was
	// seen by the analysis, ConfidenceLow when one rests on something it
	// assumed or could not decide; Doubts say what. The default output
	// shows only high-confidence findings.
	Confidence string   `json:"confidence,omitempty"`
	Doubts     []string `json:"doubts,omitempty"`
	// Key identifies "the same finding" across versions of a patch and
	// runs: rule, config, object, function, without line numbers.
	Key string `json:"key"`
	// PatchLine is the 1-based line of the input patch holding the line
	// the finding is on (an added line), 0 when unknown or not a patch;
	// checkpatch output prints it as "#N:".
	PatchLine int `json:"patch_line,omitempty"`
	// SourceLine is the text of line Line of File as linted (the
	// post-image for a patch), without the newline; "" when unknown.
	SourceLine string `json:"source_line,omitempty"`
	// LineGone is set for a finding of a commit of a git range whose line
	// is not in the tree at the range's end (Result.Tip): deleted or
	// changed by a later commit. Its positions are then the commit's;
	// the positions of the other findings are the tip's.
	LineGone bool `json:"line_gone,omitempty"`
	// RawNesting is set for a PREEMPT_RT finding whose sleeping lock
	// (spinlock_t, rwlock_t) is taken under a raw spinlock or in hard
	// interrupt context: the nesting lockdep's wait-context check
	// reports on any architecture (the table's raw-nesting-check), so
	// the finding stands also where no RT kernel builds the code.
	RawNesting bool `json:"raw_nesting,omitempty"`
}

// Confidence levels of a finding.
const (
	ConfidenceHigh = "high"
	ConfidenceLow  = "low"
)

// Trace is one execution context with a witness call chain.
type Trace struct {
	// Context is task, softirq, hardirq or nmi (optionally with a state
	// such as "task, softirqs enabled").
	Context string `json:"context"`
	// Chain lists function names from the entry point to the function
	// holding the site.
	Chain []string `json:"chain"`
	// Sites give the position of each call in Chain, when known (same
	// length as Chain; the first is the entry point's definition).
	Sites []Location `json:"sites,omitempty"`
	// Site is the acquisition or access this trace leads to.
	Site *Location `json:"site,omitempty"`
}

// Location is a position in a file, with an optional message.
type Location struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message,omitempty"`
}

// Fix is a suggested change made of text edits.
type Fix struct {
	Description string `json:"description"`
	Edits       []Edit `json:"edits"`
}

// Edit replaces the text between two positions (1-based lines and columns,
// End exclusive) of a file.
type Edit struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	NewText   string `json:"new_text"`
}

// Input is one thing kcovlint was asked to lint: a patch found in a file, a
// C file, a commit of a git range.
type Input struct {
	Name string `json:"name"`
	// Kind is patch, file or commit.
	Kind string `json:"kind"`
	// Status is ok, error or skipped.
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	// Base says what a patch was applied to ("working tree", "on top of v3").
	Base string `json:"base,omitempty"`
	// Notes are remarks that did not stop the analysis (files skipped ...).
	Notes []string `json:"notes,omitempty"`
	// Lines is the number of lines of the input text (a patch's lines, as
	// checkpatch counts them), 0 when unknown.
	Lines int `json:"lines,omitempty"`
	// Source is where the input was read from, when that is not its name:
	// the file holding it ("fix.patch"), with the line when the file holds
	// several inputs ("thread.mbox:120").
	Source string `json:"source,omitempty"`
	// NotAnalysed lists the parts of the linted code that could not be
	// analysed, or not fully: findings in them may be missing. For a
	// patch, only the parts the patch changes.
	NotAnalysed []Unanalysed `json:"not_analysed,omitempty"`
}

// Unanalysed is a part of the linted code kcovlint could not analyse (a
// function it could not parse), or not fully (an analysis that stopped at
// its budget).
type Unanalysed struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	// Function is the function not analysed; "" for a part that is not a
	// function definition (a declaration, the rest of a file, a whole
	// unit's analysis).
	Function string `json:"function,omitempty"`
	// Reason is a short class: "syntax", "unbalanced braces", "token
	// limit", "analysis budget".
	Reason string `json:"reason"`
	// Detail is the parser's or analysis' message.
	Detail string `json:"detail,omitempty"`
	// Config is rt or nonrt when only that configuration is concerned, ""
	// for both.
	Config string `json:"config,omitempty"`
}

// Result is everything one run found.
type Result struct {
	Tool    string `json:"tool"`
	Version string `json:"version"`
	// Tip, for a git range, is the commit at its end (12 hex digits): the
	// findings of every commit are placed in the tree at the tip.
	Tip      string    `json:"tip,omitempty"`
	Inputs   []Input   `json:"inputs"`
	Findings []Finding `json:"findings"`
	// RTModel says how PREEMPT_RT softirq processing was modelled and
	// why ("" when no configuration is RT).
	RTModel string `json:"rt_model,omitempty"`
	// Uncertain counts the low-confidence findings left out of Findings
	// (lint.Options.Uncertain keeps them).
	Uncertain int `json:"uncertain_hidden,omitempty"`
}

// RuleInfo describes a rule for formats that carry rule metadata (SARIF)
// and for `kcovlint explain`.
type RuleInfo struct {
	Name  string // "lockirq"
	Short string // one line
	Help  string // the long explanation, plain text
	URL   string
}

// Label names the input in messages: where it was read from when that
// says more than its name ("fix.patch", "v3 (thread.mbox:120)"), else its
// name.
func (in Input) Label() string {
	if in.Source == "" || in.Source == in.Name {
		return in.Name
	}
	if i := strings.LastIndexByte(in.Source, ':'); i > 0 && i < len(in.Source)-1 && strings.Trim(in.Source[i+1:], "0123456789") == "" {
		return in.Name + " (" + in.Source + ")"
	}
	return in.Source
}
