// SPDX-License-Identifier: MIT

package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSONSchemaVersion is the version of the JSON output's schema
// (docs/kcovlint-json.schema.json). It changes only when a field is removed
// or changes meaning; new fields may appear within a version.
const JSONSchemaVersion = 1

// The JSON document. Unlike the Finding type's own tags, every field of the
// stable schema is always present (empty strings and arrays included), so
// consumers need no defaults.
type jsonDoc struct {
	SchemaVersion int           `json:"schema_version"`
	Tool          string        `json:"tool"`
	Version       string        `json:"version"`
	Tip           string        `json:"tip,omitempty"`
	RTModel       string        `json:"rt_model,omitempty"`
	Uncertain     int           `json:"uncertain_hidden,omitempty"`
	Inputs        []jsonInput   `json:"inputs"`
	Findings      []jsonFinding `json:"findings"`
}

type jsonInput struct {
	Name   string   `json:"name"`
	Kind   string   `json:"kind"`
	Status string   `json:"status"`
	Error  string   `json:"error,omitempty"`
	Base   string   `json:"base,omitempty"`
	Notes  []string `json:"notes,omitempty"`
	Lines  int      `json:"lines,omitempty"`
	Source string   `json:"source,omitempty"`
	// NotAnalysed: see Input.
	NotAnalysed []Unanalysed `json:"not_analysed,omitempty"`
}

type jsonFinding struct {
	Rule         string      `json:"rule"`
	Severity     string      `json:"severity"`
	File         string      `json:"file"`
	Line         int         `json:"line"`
	Column       int         `json:"column"`
	Function     string      `json:"function"`
	Object       string      `json:"object"`
	Config       string      `json:"config"`
	Status       string      `json:"status"`
	Input        string      `json:"input"`
	Message      string      `json:"message"`
	Trace        []jsonTrace `json:"trace"`
	Key          string      `json:"key"`
	FunctionLine int         `json:"function_line,omitempty"`
	Related      []Location  `json:"related,omitempty"`
	Detail       []string    `json:"detail,omitempty"`
	Scenario     []string    `json:"scenario,omitempty"`
	Fix          *Fix        `json:"fix,omitempty"`
	PatchLine    int         `json:"patch_line,omitempty"`
	SourceLine   string      `json:"source_line,omitempty"`
	LineGone     bool        `json:"line_gone,omitempty"`
	RawNesting   bool        `json:"raw_nesting,omitempty"`
	Confidence   string      `json:"confidence,omitempty"`
	Doubts       []string    `json:"doubts,omitempty"`
}

type jsonTrace struct {
	Context string     `json:"context"`
	Chain   []string   `json:"chain"`
	Sites   []Location `json:"sites,omitempty"`
	Site    *Location  `json:"site,omitempty"`
}

// WriteJSON writes the Result as one JSON document in the stable schema
// published as docs/kcovlint-json.schema.json:
//
//	{"schema_version":1, "tool", "version",
//	 "inputs":[{name, kind, status, error?}],
//	 "findings":[{rule, severity, file, line, column, function, object,
//	   config, status, input, message, trace:[{context, chain:[...]}], key, ...}]}
//
// The output is also what --baseline reads back (ReadJSON).
func WriteJSON(w io.Writer, res *Result, opts Options) error {
	res = normalize(res, opts)
	doc := jsonDoc{SchemaVersion: JSONSchemaVersion, Tool: res.Tool, Version: res.Version, Tip: res.Tip, RTModel: res.RTModel, Uncertain: res.Uncertain, Inputs: []jsonInput{}, Findings: []jsonFinding{}}
	for _, in := range res.Inputs {
		doc.Inputs = append(doc.Inputs, jsonInput(in))
	}
	for _, f := range res.Findings {
		jf := jsonFinding{
			Rule: f.Rule, Severity: severityOf(f), File: f.File, Line: f.Line, Column: f.Column,
			Function: f.Function, Object: f.Object, Config: f.Config, Status: f.Status,
			Input: f.Input, Message: f.Message, Trace: []jsonTrace{}, Key: findingKey(f),
			FunctionLine: f.FunctionLine, Related: f.Related, Detail: f.Detail,
			Scenario: f.Scenario, Fix: f.Fix, PatchLine: f.PatchLine, SourceLine: f.SourceLine,
			LineGone: f.LineGone, RawNesting: f.RawNesting, Confidence: f.Confidence, Doubts: f.Doubts,
		}
		if jf.Status == "" {
			jf.Status = StatusNew
		}
		for _, t := range f.Trace {
			jt := jsonTrace(t)
			if jt.Chain == nil {
				jt.Chain = []string{}
			}
			jf.Trace = append(jf.Trace, jt)
		}
		doc.Findings = append(doc.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// ReadJSON reads a document WriteJSON wrote (any schema_version up to
// JSONSchemaVersion) back into a Result.
func ReadJSON(r io.Reader) (*Result, error) {
	var doc jsonDoc
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not kcovlint JSON output: %v", err)
	}
	if doc.SchemaVersion > JSONSchemaVersion {
		return nil, fmt.Errorf("JSON schema_version %d is newer than this kcovlint's %d", doc.SchemaVersion, JSONSchemaVersion)
	}
	if doc.Findings == nil && doc.Inputs == nil {
		return nil, fmt.Errorf("not kcovlint JSON output: no \"findings\" or \"inputs\"")
	}
	res := &Result{Tool: doc.Tool, Version: doc.Version, Tip: doc.Tip, RTModel: doc.RTModel, Uncertain: doc.Uncertain}
	for _, in := range doc.Inputs {
		res.Inputs = append(res.Inputs, Input(in))
	}
	for _, jf := range doc.Findings {
		f := Finding{
			Rule: jf.Rule, Severity: jf.Severity, File: jf.File, Line: jf.Line, Column: jf.Column,
			Function: jf.Function, FunctionLine: jf.FunctionLine, Object: jf.Object, Config: jf.Config,
			Status: jf.Status, Input: jf.Input, Message: jf.Message, Related: jf.Related,
			Detail: jf.Detail, Scenario: jf.Scenario, Fix: jf.Fix, Key: jf.Key,
			PatchLine: jf.PatchLine, SourceLine: jf.SourceLine, LineGone: jf.LineGone, RawNesting: jf.RawNesting,
			Confidence: jf.Confidence, Doubts: jf.Doubts,
		}
		for _, t := range jf.Trace {
			f.Trace = append(f.Trace, Trace(t))
		}
		res.Findings = append(res.Findings, f)
	}
	return res, nil
}
