// SPDX-License-Identifier: MIT

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/report"
)

// kcovlint debug takes its flags from anywhere before "--", passes the
// rest to the lint and sets the options; the lint alone sets none.
func TestDebugFlags(t *testing.T) {
	t.Chdir(t.TempDir())
	os.WriteFile("x.patch", []byte(cleanPatch), 0o644)
	stubRules(t, testRuleInfos)
	got := stubEngine(t, clean)
	if status, _, errOut := kcovlint("debug", "--times", "x.patch", "--dispatch", "-q", "--parse-callers", "--no-focus", "--dump", "dump.txt", "--config=rt"); status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	if got.Times == nil || got.DebugDispatch == nil || got.Dump == nil || !got.ParseCallers || !got.NoFocus {
		t.Errorf("debug options not set: %+v", *got)
	}
	if !reflect.DeepEqual(got.Inputs, []string{"x.patch"}) || got.Config != "rt" || got.Progress != nil {
		t.Errorf("lint flags and inputs not passed on: inputs %q config %q progress %v", got.Inputs, got.Config, got.Progress)
	}
	if _, err := os.Stat("dump.txt"); err != nil {
		t.Errorf("--dump did not create its file: %v", err)
	}
	if status, _, _ := kcovlint("debug", "--dump=d2.txt", "x.patch"); status != 0 || got.Dump == nil || got.Times != nil || got.ParseCallers {
		t.Errorf("--dump=FILE: status %d, options %+v", status, *got)
	}
	if status, _, _ := kcovlint("x.patch"); status != 0 || got.Times != nil || got.DebugDispatch != nil || got.Dump != nil || got.ParseCallers || got.NoFocus {
		t.Errorf("the lint without debug: status %d, options %+v", status, *got)
	}

	status, out, _ := kcovlint("debug", "-h")
	if status != 0 || !strings.Contains(out, "usage: kcovlint debug") || !strings.Contains(out, "--parse-callers") {
		t.Errorf("debug -h: %d %q", status, out)
	}
	status, _, errOut := kcovlint("debug", "x.patch", "--dump")
	oneLineError(t, status, errOut, "--dump needs a file")
	// A dump named like an input is refused, and the file is untouched.
	os.WriteFile("src.c", []byte("int x;\n"), 0o644)
	status, _, errOut = kcovlint("debug", "--dump", "src.c", "x.patch")
	oneLineError(t, status, errOut, "would overwrite what looks like an input")
	if b, _ := os.ReadFile("src.c"); string(b) != "int x;\n" {
		t.Errorf("--dump src.c changed src.c: %q", b)
	}
	status, _, errOut = kcovlint("debug", "--times=yes", "x.patch")
	oneLineError(t, status, errOut, "--times takes no value")
	// A lint flag it does not know is the lint's to refuse.
	status, _, errOut = kcovlint("debug", "--timez", "x.patch")
	oneLineError(t, status, errOut, "timez")
}

// On the demo with the tree's index: --times prints the phases of each
// patch's lint on stderr, --dump writes the parser's texts, and parsing
// the callers instead of taking the index's ways changes no finding.
func TestDebugDemo(t *testing.T) {
	t.Chdir(testenv.ModuleRoot(t))
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	gcSettings(t, "100")
	db := filepath.Join(t.TempDir(), "demo.db")
	if status, _, errOut := kcovlint("index", "-C", "testdata/demo/tree", "--index", db, "-q"); status != 0 {
		t.Fatalf("index: status %d: %s", status, errOut)
	}
	args := []string{"-C", "testdata/demo/tree", "--index", db, "--format", "json", "testdata/demo/series.mbox"}
	status, plain, errOut := kcovlint(args...)
	if status != 1 || errOut != "" {
		t.Fatalf("lint: status %d (want 1: findings), stderr %q", status, errOut)
	}
	dump := filepath.Join(t.TempDir(), "dump.txt")
	status, debugged, errOut := kcovlint(append([]string{"debug", "--times", "--parse-callers", "--dump", dump}, args...)...)
	if status != 1 {
		t.Fatalf("debug: status %d, stderr %q", status, errOut)
	}
	// The same findings; not always the same witnesses: the index's ways
	// stop at a non-static function's callers in another file, which
	// the parse of the callers' files may go past.
	if a, b := findingsOf(t, plain), findingsOf(t, debugged); !reflect.DeepEqual(a, b) || len(a) == 0 {
		t.Errorf("findings with --parse-callers:\n%s\nwithout:\n%s", strings.Join(b, "\n"), strings.Join(a, "\n"))
	}
	for _, phase := range []string{"apply", "callers", "pre-image", "post-image", "  unit (parse)", "  analyzers"} {
		if !strings.Contains(errOut, "kcovlint: time: "+phase+" ") {
			t.Errorf("--times: no phase %q on stderr:\n%s", phase, errOut)
		}
	}
	text, err := os.ReadFile(dump)
	if err != nil || !strings.Contains(string(text), "/kernel/tracebuf.c: parser run 1 ---- */") {
		t.Errorf("--dump: %v; no parser run of kernel/tracebuf.c in:\n%.1000s", err, text)
	}
}

// findingsOf reads the findings of a JSON output: input, status, place,
// key and message of each.
func findingsOf(t *testing.T, out string) []string {
	t.Helper()
	var res report.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	var fs []string
	for _, f := range res.Findings {
		fs = append(fs, fmt.Sprintf("%s %s %s:%d %s %s", f.Input, f.Status, f.File, f.Line, f.Key, f.Message))
	}
	return fs
}
