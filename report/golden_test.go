// SPDX-License-Identifier: MIT

package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/report/*.golden from the current output")

// goldenHeader starts every golden file; it is not part of the output.
const goldenHeader = "# SPDX-License-Identifier: MIT\n"

// golden compares got with testdata/report/NAME, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "report", name)
	if *update {
		if err := os.WriteFile(path, append([]byte(goldenHeader), got...), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	want = bytes.TrimPrefix(want, []byte(goldenHeader))
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test ./report -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestGolden(t *testing.T) {
	opts := Options{Root: testRoot, Rules: testRules}
	series := kcovSeriesResult()
	seriesOpts := opts
	seriesOpts.SummaryFindings = series.Findings
	cases := []struct {
		file, format string
		res          *Result
		opts         Options
	}{
		{"v4.txt.golden", "text", kcovV4Result(), opts},
		{"v4.json.golden", "json", kcovV4Result(), opts},
		{"v4.sarif.golden", "sarif", kcovV4Result(), opts},
		{"v4.github.golden", "github", kcovV4Result(), opts},
		{"v4.gitlab.golden", "gitlab", kcovV4Result(), opts},
		{"v4.checkpatch.golden", "checkpatch", kcovV4Result(), opts},
		// What the command prints for the thread by default: new findings,
		// and the table built from findings of every status.
		{"series.txt.golden", "text", onlyNew(series), seriesOpts},
		// --all: every status.
		{"series-all.txt.golden", "text", series, seriesOpts},
		{"series.json.golden", "json", series, opts},
		{"series.sarif.golden", "sarif", series, opts},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			before := kcovV4Result()
			var buf bytes.Buffer
			if err := Write(&buf, c.format, c.res, c.opts); err != nil {
				t.Fatal(err)
			}
			golden(t, c.file, buf.Bytes())
			if c.format != "text" && strings.Contains(buf.String(), testRoot) && c.format != "sarif" {
				t.Errorf("%s output still holds the absolute tree root %s", c.format, testRoot)
			}
			// Writers never change the Result they are given.
			if c.file == "v4.txt.golden" && c.res.Findings[1].File != before.Findings[1].File {
				t.Errorf("writer changed the Result: %q", c.res.Findings[1].File)
			}
		})
	}
}

func TestTextColor(t *testing.T) {
	var plain, color bytes.Buffer
	if err := WriteText(&plain, kcovV4Result(), Options{Root: testRoot}); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&color, kcovV4Result(), Options{Root: testRoot, Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain text output has escape sequences")
	}
	if !strings.Contains(color.String(), colWarning+"warning:"+colReset) {
		t.Errorf("colored output lacks a colored warning:\n%q", color.String())
	}
	stripped := strings.NewReplacer(colBold, "", colWarning, "", colError, "", colNote, "", colGreen, "", colReset, "").Replace(color.String())
	if stripped != plain.String() {
		t.Errorf("colored output differs from the plain one beyond colors:\n%s", stripped)
	}
}

// The first line of each finding is what gcc prints, so editors and CI
// problem matchers take it.
func TestTextGCCLine(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, kcovV4Result(), Options{Root: testRoot}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	want := []string{
		"kernel/kcov.c:1031:2: warning: inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage: &kcov->lock is taken with softirqs enabled in kcov_remote_stop() and in softirq context in kcov_remote_stop(); use spin_lock_irqsave() [lockirq]",
		"kernel/kcov.c:907:22: error: [PREEMPT_RT] vmalloc() may sleep in softirq context in kcov_remote_start() [sleepatomic]",
	}
	n := 0
	for _, l := range lines {
		if l != "" && l[0] != ' ' {
			if n >= len(want) || l != want[n] {
				t.Errorf("unindented line %d = %q", n, l)
			}
			n++
		}
	}
	if n != len(want) {
		t.Errorf("%d unindented lines, want %d", n, len(want))
	}
}

func TestScenarioTwoCPUs(t *testing.T) {
	got := strings.Join(scenarioLines([]string{
		"lock(&a->lock);",
		"CPU1: local_irq_disable();",
		"CPU1: lock(&b->lock);",
		"CPU1: lock(&a->lock);",
		"<Interrupt>",
		"  lock(&b->lock);",
	}), "\n")
	want := ` Possible interrupt unsafe locking scenario:

       CPU0                    CPU1
       ----                    ----
  lock(&a->lock);
                               local_irq_disable();
                               lock(&b->lock);
                               lock(&a->lock);
  <Interrupt>
    lock(&b->lock);

 *** DEADLOCK ***`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	drawn := []string{"       CPU0", "       ----", "  lock(x);"}
	if got := scenarioLines(drawn); strings.Join(got, "\n") != strings.Join(drawn, "\n") {
		t.Errorf("a drawn scenario is not printed as given: %q", got)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "xml", kcovV4Result(), Options{}); err == nil {
		t.Fatal("no error for format xml")
	}
}

// Every format writes something sensible for an empty Result, and the
// checkpatch format writes nothing at all (b4 takes silence as a pass).
func TestEmptyResult(t *testing.T) {
	empty := &Result{Tool: "kcovlint", Inputs: []Input{{Name: "stdin", Kind: "patch", Status: "ok"}}}
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, format, empty, Options{}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		switch format {
		case "text", "github", "checkpatch":
			if buf.Len() != 0 {
				t.Errorf("%s: output for no findings: %q", format, buf.String())
			}
		case "gitlab":
			if strings.TrimSpace(buf.String()) != "[]" {
				t.Errorf("gitlab: %q", buf.String())
			}
		}
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, nil, Options{}); err != nil || !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("json of a nil Result: %v %s", err, buf.String())
	}
}

func TestGitHubEscaping(t *testing.T) {
	res := &Result{Findings: []Finding{{
		Rule: "lockirq", File: "drivers/a,b:c.c", Line: 3, Column: 1, Config: "rt",
		Message: "100% bad\nsecond line\r",
	}}}
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=drivers/a%2Cb%3Ac.c,line=3,col=1,title=kcovlint lockirq (PREEMPT_RT)::100%25 bad%0Asecond line%0D\n"
	if buf.String() != want {
		t.Errorf("got  %q\nwant %q", buf.String(), want)
	}
}

func TestRelPath(t *testing.T) {
	o := Options{Root: "/src/linux"}
	for in, want := range map[string]string{
		"/src/linux/kernel/kcov.c":   "kernel/kcov.c",
		"kernel/kcov.c":              "kernel/kcov.c",
		"/src/linux-next/kernel/x.c": "/src/linux-next/kernel/x.c",
		"/usr/include/stdio.h":       "/usr/include/stdio.h",
		"./kernel//kcov.c":           "kernel/kcov.c",
	} {
		if got := o.relPath(in); got != want {
			t.Errorf("relPath(%q) = %q, want %q", in, got, want)
		}
	}
}
