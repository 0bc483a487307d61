// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

var updateDemo = flag.Bool("update", false, "rewrite testdata/demo/output.txt.golden from the current output")

// demoGoldenHeader starts the golden file; it is not part of the output.
const demoGoldenHeader = "# SPDX-License-Identifier: MIT\n"

// demoArgs is the README's first command: the demo that ships with the
// repository (testdata/demo/README.md).
var demoArgs = []string{"-C", "testdata/demo/tree", "testdata/demo/series.mbox"}

// runDemo runs kcovlint in-process from the module root, as the README
// does, with args added to the demo's.
func runDemo(t *testing.T, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	t.Chdir(testenv.ModuleRoot(t))
	// An index of the demo tree from an earlier `kcovlint index` would be
	// used by default: the demo runs as in a fresh clone, without one.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	// With GOGC set the command leaves the collector as it is (tuneGC):
	// a cleanup it would register could fire during TestTuneGC.
	gcSettings(t, "100")
	return kcovlint(append(slices.Clone(demoArgs), args...)...)
}

// TestDemoOutput checks what the README's first command prints, word for
// word, against testdata/demo/output.txt.golden (go test ./cmd/kcovlint
// -run TestDemoOutput -update rewrites it).
func TestDemoOutput(t *testing.T) {
	status, out, errOut := runDemo(t)
	if status != 1 || errOut != "" {
		t.Fatalf("status %d (want 1: findings), stderr %q", status, errOut)
	}
	path := filepath.Join("testdata", "demo", "output.txt.golden")
	if *updateDemo {
		if err := os.WriteFile(path, []byte(demoGoldenHeader+out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/kcovlint -run TestDemoOutput -update creates it)", err)
	}
	if got := []byte(out); !bytes.Equal(got, bytes.TrimPrefix(want, []byte(demoGoldenHeader))) {
		t.Errorf("%s differs from the output (-update rewrites it):\n--- got\n%s", path, out)
	}
}

// TestDemoFindings checks the demo's findings by what they are, whatever
// the wording: every finding of both versions of the series, with --all
// also those the tree already had.
func TestDemoFindings(t *testing.T) {
	status, out, errOut := runDemo(t, "--all", "--format", "json")
	if status != 1 || errOut != "" {
		t.Fatalf("status %d (want 1: findings), stderr %q", status, errOut)
	}
	var res struct {
		Inputs []struct {
			Name, Status string
		}
		Findings []struct {
			Rule, Object, Function, Config, Status, Input string
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, in := range res.Inputs {
		inputs = append(inputs, in.Name+" "+in.Status)
	}
	if want := []string{"v1 ok", "v2 ok"}; !slices.Equal(inputs, want) {
		t.Errorf("inputs %q, want %q (the review reply quotes the patch: it is not one)", inputs, want)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, strings.Join([]string{f.Input, f.Status, f.Rule, f.Config, f.Object, f.Function}, " "))
	}
	slices.Sort(got)
	want := []string{
		// v1 introduces the three kcov-rt bug classes and the vmalloc()
		// behind in_task(), and keeps the lock the tree already misused.
		"v1 existing lockirq nonrt &tb->lock tracebuf_detach",
		"v1 new ctxpred nonrt in_task tracebuf_attach",
		"v1 new ctxpred rt in_task tracebuf_attach",
		"v1 new lockirq nonrt tracebuf_ids_lock tracebuf_attach",
		"v1 new percpu rt tracebuf_cpu tracebuf_save",
		"v1 new sleepatomic nonrt vmalloc tracebuf_attach",
		"v1 new sleepatomic rt vmalloc tracebuf_attach",
		// v2, after the review: the locks and the per-CPU slot are
		// fixed (tb->lock against the tree, the others against v1),
		// the allocation the reviewer did not mention is kept.
		"v2 fixed lockirq nonrt &tb->lock tracebuf_detach",
		"v2 new ctxpred nonrt in_task tracebuf_attach",
		"v2 new ctxpred rt in_task tracebuf_attach",
		"v2 new sleepatomic nonrt vmalloc tracebuf_attach",
		"v2 new sleepatomic rt vmalloc tracebuf_attach",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings (input status rule config object function):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
