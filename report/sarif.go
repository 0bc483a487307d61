// SPDX-License-Identifier: MIT

package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
)

// SARIFSchemaURI is the $schema of kcovlint's SARIF output.
const SARIFSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// SARIFFingerprint is the partialFingerprints key kcovlint's results carry.
const SARIFFingerprint = "kcovlintKey/v1"

// srcRoot is the uriBaseId of every relative location.
const srcRoot = "%SRCROOT%"

// The subset of SARIF 2.1.0 that kcovlint writes. Field names follow the
// specification (and its JSON schema) exactly.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                      `json:"tool"`
		Invocations        []sarifInvocation              `json:"invocations,omitempty"`
		OriginalURIBaseIDs map[string]sarifArtifactLocRef `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult                  `json:"results"`
		ColumnKind         string                         `json:"columnKind,omitempty"`
		Properties         map[string]any                 `json:"properties,omitempty"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name,omitempty"`
		ShortDescription     *sarifText         `json:"shortDescription,omitempty"`
		FullDescription      *sarifText         `json:"fullDescription,omitempty"`
		Help                 *sarifText         `json:"help,omitempty"`
		HelpURI              string             `json:"helpUri,omitempty"`
		DefaultConfiguration *sarifRuleDefaults `json:"defaultConfiguration,omitempty"`
		Properties           map[string]any     `json:"properties,omitempty"`
	}
	sarifRuleDefaults struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Locations  []sarifLocation     `json:"locations,omitempty"`
		Message    sarifText           `json:"message"`
		Level      string              `json:"level"`
		Descriptor *sarifDescriptorRef `json:"descriptor,omitempty"`
	}
	sarifDescriptorRef struct {
		ID string `json:"id"`
	}
	sarifArtifactLocRef struct {
		URI string `json:"uri"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		CodeFlows           []sarifCodeFlow   `json:"codeFlows,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
		BaselineState       string            `json:"baselineState,omitempty"`
		Properties          map[string]any    `json:"properties,omitempty"`
	}
	sarifLocation struct {
		ID               *int                   `json:"id,omitempty"`
		PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
		LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
		Message          *sarifText             `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	sarifLogicalLocation struct {
		Name string `json:"name"`
		Kind string `json:"kind,omitempty"`
	}
	sarifCodeFlow struct {
		Message     *sarifText        `json:"message,omitempty"`
		ThreadFlows []sarifThreadFlow `json:"threadFlows"`
	}
	sarifThreadFlow struct {
		Message   *sarifText                `json:"message,omitempty"`
		Locations []sarifThreadFlowLocation `json:"locations"`
	}
	sarifThreadFlowLocation struct {
		Location     sarifLocation `json:"location"`
		NestingLevel int           `json:"nestingLevel"`
	}
	sarifFix struct {
		Description     *sarifText            `json:"description,omitempty"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion `json:"deletedRegion"`
		InsertedContent *sarifText  `json:"insertedContent,omitempty"`
	}
)

// WriteSARIF writes a SARIF 2.1.0 log with one run, in the shape GitHub
// code scanning accepts: rules with descriptions and help from
// Options.Rules, a result per finding with its location, related
// locations, one code flow whose thread flows are the finding's traces,
// partial fingerprints stable across line moves (from Key and file) and
// fixes from Fix.
func WriteSARIF(w io.Writer, res *Result, opts Options) error {
	res = normalize(res, opts)
	driver := sarifDriver{Name: res.Tool, Version: res.Version, InformationURI: "https://github.com/kcovlint/kcovlint", Rules: []sarifRule{}}
	ruleIndex := map[string]int{}
	addRule := func(id string) {
		if _, ok := ruleIndex[id]; ok {
			return
		}
		ruleIndex[id] = len(driver.Rules)
		r := sarifRule{ID: id, Name: id, Properties: map[string]any{"tags": []string{"concurrency", "linux-kernel"}, "precision": "high"}}
		if info, ok := opts.ruleInfo(id); ok {
			if info.Short != "" {
				r.ShortDescription = &sarifText{Text: info.Short}
			}
			if info.Help != "" {
				full, _, _ := strings.Cut(info.Help, "\n\n")
				r.FullDescription = &sarifText{Text: full}
				r.Help = &sarifText{Text: info.Help}
			}
			r.HelpURI = info.URL
		}
		if r.ShortDescription == nil {
			r.ShortDescription = &sarifText{Text: "kcovlint rule " + id}
		}
		r.DefaultConfiguration = &sarifRuleDefaults{Level: "warning"}
		driver.Rules = append(driver.Rules, r)
	}
	for _, info := range opts.Rules {
		addRule(info.Name)
	}
	var extra []string
	for _, f := range res.Findings {
		if _, ok := ruleIndex[f.Rule]; !ok {
			extra = append(extra, f.Rule)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		addRule(id)
	}

	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}, ColumnKind: "unicodeCodePoints"}
	if opts.Root != "" {
		if abs, err := filepath.Abs(opts.Root); err == nil {
			u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
			s := u.String()
			if !strings.HasSuffix(s, "/") {
				s += "/"
			}
			run.OriginalURIBaseIDs = map[string]sarifArtifactLocRef{srcRoot: {URI: s}}
		}
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, in := range res.Inputs {
		if in.Status == "error" {
			inv.ExecutionSuccessful = false
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifText{Text: in.Label() + ": " + in.Error}})
		}
	}
	// What could not be analysed is a warning about the run, not a
	// result: the run succeeded, but it may have missed findings.
	for _, u := range NotAnalysed(res) {
		n := sarifNotification{Level: "warning", Message: sarifText{Text: u.Message()}, Descriptor: &sarifDescriptorRef{ID: NotAnalysedCheck}}
		loc := sarifLocation{PhysicalLocation: physLoc(u.File, u.Line, 0)}
		if u.Function != "" {
			loc.LogicalLocations = []sarifLogicalLocation{{Name: u.Function, Kind: "function"}}
		}
		n.Locations = []sarifLocation{loc}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}

	seen := map[string]int{}
	for _, f := range res.Findings {
		r := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: ruleIndex[f.Rule],
			Level:     sarifLevel(severityOf(f)),
			Message:   sarifText{Text: sarifMessage(f)},
			Locations: []sarifLocation{{PhysicalLocation: physLoc(f.File, f.Line, f.Column)}},
			Properties: map[string]any{
				"config": f.Config, "status": f.Status, "key": findingKey(f),
			},
		}
		if f.Function != "" {
			r.Locations[0].LogicalLocations = []sarifLogicalLocation{{Name: f.Function, Kind: "function"}}
		}
		if f.Object != "" {
			r.Properties["object"] = f.Object
		}
		if f.Input != "" {
			r.Properties["input"] = f.Input
		}
		if f.LineGone {
			r.Properties["lineGone"] = true
		}
		if f.Confidence != "" {
			r.Properties["confidence"] = f.Confidence
		}
		if len(f.Doubts) > 0 {
			r.Properties["doubts"] = f.Doubts
		}
		switch f.Status {
		case StatusNew:
			r.BaselineState = "new"
		case StatusExisting:
			r.BaselineState = "unchanged"
		case StatusFixed:
			r.BaselineState = "absent"
		}
		for i, rel := range f.Related {
			id := i + 1
			loc := sarifLocation{ID: &id, PhysicalLocation: physLoc(rel.File, rel.Line, rel.Column)}
			if rel.Message != "" {
				loc.Message = &sarifText{Text: rel.Message}
			}
			r.RelatedLocations = append(r.RelatedLocations, loc)
		}
		if flow := sarifFlow(f); flow != nil {
			r.CodeFlows = []sarifCodeFlow{*flow}
		}
		// The fingerprint must be unique within a run: a second finding with
		// the same key in the same file (another input) gets a suffix.
		fp := fingerprint(findingKey(f), f.File)
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp = fmt.Sprintf("%s:%d", fp, n)
		}
		r.PartialFingerprints = map[string]string{SARIFFingerprint: fp}
		if f.Fix != nil && len(f.Fix.Edits) > 0 {
			r.Fixes = []sarifFix{sarifFixOf(*f.Fix)}
		}
		run.Results = append(run.Results, r)
	}
	log := sarifLog{Schema: SARIFSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func sarifLevel(sev string) string {
	switch sev {
	case SeverityError:
		return "error"
	case SeverityNote:
		return "note"
	}
	return "warning"
}

// sarifMessage is the result's message: the finding's message and, as
// GitHub shows only the message in its alert list, the config.
func sarifMessage(f Finding) string {
	msg := f.Message
	if f.Config != "" {
		msg += " (" + configName(f.Config) + ")"
	}
	return msg
}

// sarifURI turns a path into an artifact location: relative paths (the
// normal case) against %SRCROOT%, absolute ones as file URIs.
func sarifURI(p string) sarifArtifactLocation {
	if p == "" {
		p = "unknown"
	}
	if filepath.IsAbs(p) || strings.HasPrefix(p, "/") {
		u := url.URL{Scheme: "file", Path: p}
		return sarifArtifactLocation{URI: u.String()}
	}
	u := url.URL{Path: p}
	return sarifArtifactLocation{URI: u.String(), URIBaseID: srcRoot}
}

func physLoc(file string, line, col int) *sarifPhysicalLocation {
	pl := &sarifPhysicalLocation{ArtifactLocation: sarifURI(file)}
	if line > 0 {
		pl.Region = &sarifRegion{StartLine: line}
		if col > 0 {
			pl.Region.StartColumn = col
		}
	}
	return pl
}

// sarifFlow turns the traces into one code flow with a thread flow per
// execution context: each call of the chain, then the site.
func sarifFlow(f Finding) *sarifCodeFlow {
	if len(f.Trace) == 0 {
		return nil
	}
	flow := &sarifCodeFlow{Message: &sarifText{Text: fmt.Sprintf("%d execution contexts reach %s", len(f.Trace), f.Object)}}
	if f.Object == "" {
		flow.Message.Text = fmt.Sprintf("%d execution contexts reach the site", len(f.Trace))
	}
	for _, t := range f.Trace {
		tf := sarifThreadFlow{Message: &sarifText{Text: t.Context + ": " + chainText(t.Chain)}}
		for i, fn := range t.Chain {
			loc := sarifLocation{LogicalLocations: []sarifLogicalLocation{{Name: fn, Kind: "function"}}}
			text := funcName(fn)
			if i == 0 {
				text += " (entry point, " + t.Context + ")"
			} else {
				text = "calls " + text
			}
			loc.Message = &sarifText{Text: text}
			if i < len(t.Sites) && t.Sites[i].Line > 0 {
				loc.PhysicalLocation = physLoc(t.Sites[i].File, t.Sites[i].Line, t.Sites[i].Column)
			}
			tf.Locations = append(tf.Locations, sarifThreadFlowLocation{Location: loc, NestingLevel: i})
		}
		site := t.Site
		if site == nil {
			site = &Location{File: f.File, Line: f.Line, Column: f.Column}
		}
		msg := site.Message
		if msg == "" {
			msg = f.Object
		}
		loc := sarifLocation{PhysicalLocation: physLoc(site.File, site.Line, site.Column)}
		if msg != "" {
			loc.Message = &sarifText{Text: msg}
		}
		tf.Locations = append(tf.Locations, sarifThreadFlowLocation{Location: loc, NestingLevel: len(t.Chain)})
		flow.ThreadFlows = append(flow.ThreadFlows, tf)
	}
	return flow
}

func sarifFixOf(fix Fix) sarifFix {
	out := sarifFix{}
	if fix.Description != "" {
		out.Description = &sarifText{Text: fix.Description}
	}
	byFile := map[string]*sarifArtifactChange{}
	var order []string
	for _, e := range fix.Edits {
		ch, ok := byFile[e.File]
		if !ok {
			ch = &sarifArtifactChange{ArtifactLocation: sarifURI(e.File)}
			byFile[e.File] = ch
			order = append(order, e.File)
		}
		rep := sarifReplacement{DeletedRegion: sarifRegion{StartLine: e.Line, StartColumn: max(e.Column, 1), EndLine: e.EndLine, EndColumn: max(e.EndColumn, 1)}}
		if e.NewText != "" {
			rep.InsertedContent = &sarifText{Text: e.NewText}
		}
		ch.Replacements = append(ch.Replacements, rep)
	}
	for _, file := range order {
		out.ArtifactChanges = append(out.ArtifactChanges, *byFile[file])
	}
	return out
}

// fingerprint is stable across line moves: it hashes the finding's key and
// file only.
func fingerprint(key, file string) string {
	sum := sha256.Sum256([]byte(key + "\x00" + file))
	return hex.EncodeToString(sum[:16])
}
