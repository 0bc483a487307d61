// SPDX-License-Identifier: MIT

package report

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	// gosec ships the official OASIS SARIF 2.1.0 schema (errata01) as
	// report/sarif/testdata/sarif-schema-2.1.0.json. This import keeps the
	// module a test requirement of ours (go mod tidy would drop it
	// otherwise); the test reads the schema from the module's directory.
	_ "github.com/securego/gosec/v2/cwe"
)

const (
	sarifSchemaModule = "github.com/securego/gosec/v2"
	sarifSchemaFile   = "report/sarif/testdata/sarif-schema-2.1.0.json"
)

// moduleDir finds a required module's directory in the module cache,
// downloading it if needed (as go test itself would for the import).
func moduleDir(t *testing.T, path string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", path)
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr != nil || info.Dir == "" {
		t.Fatalf("go mod download -json %s: %v %s %s", path, err, info.Error, out)
	}
	return info.Dir
}

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	doc, err := jsonschema.UnmarshalJSON(fh)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "file:///" + filepath.Base(path)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, name string, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s does not validate:\n%v", name, err)
	}
}

func schemaTestResults() map[string]*Result {
	withAbs := kcovV4Result()
	withAbs.Findings[0].File = "/elsewhere/kernel/kcov.c"
	withAbs.Findings[0].Fix.Edits[0].NewText = ""
	errInput := &Result{Tool: "kcovlint", Inputs: []Input{{Name: "bad", Kind: "patch", Status: "error", Error: "no patch found"}}}
	return map[string]*Result{
		"v4":           kcovV4Result(),
		"series":       kcovSeriesResult(),
		"empty":        {},
		"error input":  errInput,
		"outside":      withAbs,
		"not analysed": notAnalysedResult(kcovLockFinding("v4")),
		"git range":    gitRangeResult(),
		"pre-image":    preImageResult(),
		"raw nesting":  rawNestingResult(),
	}
}

// rawNestingResult has a PREEMPT_RT finding kept for lockdep's raw-nesting
// check (Finding.RawNesting).
func rawNestingResult() *Result {
	res := kcovV4Result()
	res.Findings[0].RawNesting = true
	return res
}

// TestSARIFSchema validates the SARIF output against the official SARIF
// 2.1.0 JSON schema.
func TestSARIFSchema(t *testing.T) {
	path := filepath.Join(moduleDir(t, sarifSchemaModule), filepath.FromSlash(sarifSchemaFile))
	s := compileSchema(t, path)
	for name, res := range schemaTestResults() {
		var buf bytes.Buffer
		if err := WriteSARIF(&buf, res, Options{Root: testRoot, Rules: testRules}); err != nil {
			t.Fatal(err)
		}
		validate(t, s, name, buf.Bytes())
	}
	// The schema is strict enough to catch a broken log.
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[]}]}`))
	if s.Validate(inst) == nil {
		t.Error("a driver without name validates: the schema is not the SARIF one")
	}
}

// TestJSONSchema validates the JSON output against the schema published
// in docs/.
func TestJSONSchema(t *testing.T) {
	s := compileSchema(t, filepath.Join("..", "docs", "kcovlint-json.schema.json"))
	for name, res := range schemaTestResults() {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, res, Options{Root: testRoot}); err != nil {
			t.Fatal(err)
		}
		validate(t, s, name, buf.Bytes())
	}
	for _, bad := range []string{
		`{"schema_version":1,"tool":"kcovlint","version":"","inputs":[],"findings":[{"rule":"x"}]}`,
		`{"schema_version":1,"tool":"kcovlint","version":"","inputs":[{"name":"a","kind":"patch","status":"broken"}],"findings":[]}`,
	} {
		inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if s.Validate(inst) == nil {
			t.Errorf("validates: %s", bad)
		}
	}
}

// The JSON output reads back into the same findings (what --baseline does).
func TestJSONRoundTrip(t *testing.T) {
	res := kcovSeriesResult()
	res.Findings = append(res.Findings, rawNestingResult().Findings[0])
	var buf bytes.Buffer
	if err := WriteJSON(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(res)
	b, _ := json.Marshal(back)
	if !bytes.Equal(a, b) {
		t.Errorf("round trip differs:\n%s\n%s", a, b)
	}
	if _, err := ReadJSON(strings.NewReader(`{"runs":[]}`)); err == nil {
		t.Error("SARIF read as kcovlint JSON")
	}
	if _, err := ReadJSON(strings.NewReader(`{"schema_version":99,"findings":[]}`)); err == nil {
		t.Error("newer schema_version accepted")
	}
}

// gitRangeResult is a --git result: a tip, and a finding whose line is
// gone there.
func gitRangeResult() *Result {
	res := kcovV4Result()
	res.Tip = "0123456789ab"
	res.Findings[0].LineGone = true
	return res
}
