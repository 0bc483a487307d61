// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/kcovlint/kcovlint/lint"
	"github.com/kcovlint/kcovlint/report"
)

const mergeUsage = `usage: kcovlint merge [--format FORMAT] [-C DIR] FILE...

Merges the outputs of a sharded run (kcovlint lint --shard I/N) into one.
The FILEs are kcovlint JSON outputs (--format json); the merged result is
written in FORMAT (json by default; sarif, text, checkpatch, github, gitlab
as for lint). SARIF outputs can be merged too (all FILEs SARIF, FORMAT
sarif): their runs are put in one log.

Exit status: 0 no findings, 1 findings, 2 bad input.`

func init() { register("merge", "FILE...  merge the JSON outputs of --shard runs", runMerge) }

func runMerge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "json", "output format")
	tree := fs.String("C", "", "kernel tree (for text formats that quote source)")
	fail := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "kcovlint merge: "+format+"\n", args...)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprintln(stdout, mergeUsage)
			return 0
		}
		return fail("%v (see kcovlint merge -h)", err)
	}
	if fs.NArg() == 0 {
		return fail("no files to merge (see kcovlint merge -h)")
	}
	var docs [][]byte
	sarifs := 0
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			return fail("%v", err)
		}
		if isSARIF(data) {
			sarifs++
		}
		docs = append(docs, data)
	}
	if sarifs > 0 {
		if sarifs != len(docs) || *format != "sarif" {
			return fail("SARIF files merge only with other SARIF files into --format sarif; merge the JSON outputs for other formats")
		}
		n, err := mergeSARIF(stdout, docs)
		if err != nil {
			return fail("%v", err)
		}
		if n > 0 {
			return 1
		}
		return 0
	}
	merged := &report.Result{Tool: "kcovlint", Version: kcovlintVersion(), Inputs: []report.Input{}, Findings: []report.Finding{}}
	seen := map[string]bool{}
	status := 0
	for i, data := range docs {
		res, err := report.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return fail("%s: %v", fs.Arg(i), err)
		}
		// Each shard hid its own uncertain findings; the shards run one
		// model of RT (the tree's), so any shard's says it.
		merged.Uncertain += res.Uncertain
		if merged.RTModel == "" {
			merged.RTModel = res.RTModel
		}
		for _, in := range res.Inputs {
			if in.Status == "error" {
				status = 2
			}
			merged.Inputs = append(merged.Inputs, in)
		}
		for _, f := range res.Findings {
			// Shards are disjoint; merging one twice must not double it.
			k := fmt.Sprintf("%s|%s|%d|%d", f.Key, f.File, f.Line, f.Column)
			if seen[k] {
				continue
			}
			seen[k] = true
			merged.Findings = append(merged.Findings, f)
		}
	}
	sort.SliceStable(merged.Findings, func(i, j int) bool {
		a, b := merged.Findings[i], merged.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Config < b.Config
	})
	ropts := report.Options{Root: *tree, Rules: lint.Rules()}
	if *tree != "" {
		ropts.ReadFile = func(p string) ([]byte, error) { return os.ReadFile(readTreePath(*tree, p)) }
	}
	if err := report.Write(stdout, *format, merged, ropts); err != nil {
		return fail("writing %s output: %v", *format, err)
	}
	if status != 0 {
		return status
	}
	if len(merged.Findings) > 0 {
		return 1
	}
	return 0
}

func isSARIF(data []byte) bool {
	var head struct {
		Version string            `json:"version"`
		Runs    []json.RawMessage `json:"runs"`
	}
	return json.Unmarshal(data, &head) == nil && head.Version != "" && head.Runs != nil
}

// mergeSARIF writes one SARIF log holding the runs of all docs, and
// returns the number of results.
func mergeSARIF(w io.Writer, docs [][]byte) (int, error) {
	var out map[string]any
	var runs []any
	results := 0
	for _, data := range docs {
		var log map[string]any
		if err := json.Unmarshal(data, &log); err != nil {
			return 0, err
		}
		if out == nil {
			out = log
		}
		rs, _ := log["runs"].([]any)
		for _, r := range rs {
			if m, ok := r.(map[string]any); ok {
				if res, ok := m["results"].([]any); ok {
					results += len(res)
				}
			}
			runs = append(runs, r)
		}
	}
	out["runs"] = runs
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return results, enc.Encode(out)
}
