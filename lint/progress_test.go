// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestMeter(t *testing.T) {
	clock := time.Unix(0, 0)
	fake := func(w *bytes.Buffer, tty bool) *meter {
		m := newMeter(w, tty)
		m.start = clock
		m.now = func() time.Time { return clock }
		return m
	}

	// Off a terminal: nothing for the first second, then a line per step
	// and at most one every ten seconds.
	var buf bytes.Buffer
	m := fake(&buf, false)
	m.set("parsing", 1, 10, "files")
	clock = clock.Add(1500 * time.Millisecond)
	m.set("parsing", 2, 10, "files")
	m.set("parsing", 3, 10, "files")
	clock = clock.Add(11 * time.Second)
	m.set("parsing", 9, 10, "files")
	m.set("reading the tree for callers", 64, 100, "files")
	m.println("kcovlint: a message")
	m.set("analysing 3 files", -1, -1, "")
	m.end()
	want := "kcovlint: parsing: 2/10 files\nkcovlint: parsing: 9/10 files\nkcovlint: reading the tree for callers: 64/100 files\nkcovlint: a message\nkcovlint: analysing 3 files\n"
	if buf.String() != want {
		t.Errorf("off a terminal:\n%q\nwant\n%q", buf.String(), want)
	}

	// On a terminal: redrawn in place, messages above it, cleared at the
	// end.
	buf.Reset()
	clock = time.Unix(0, 0)
	m = fake(&buf, true)
	m.set("parsing", 1, 10, "files")
	if buf.Len() != 0 {
		t.Errorf("shown before a second: %q", buf.String())
	}
	clock = clock.Add(2 * time.Second)
	m.set("parsing", 2, 10, "files")
	m.println("kcovlint: a message")
	clock = clock.Add(time.Second)
	m.set("parsing", 10, 10, "files")
	m.end()
	want = "\r\x1b[Kkcovlint: parsing: 2/10 files" + "\r\x1b[Kkcovlint: a message\nkcovlint: parsing: 2/10 files" + "\r\x1b[Kkcovlint: parsing: 10/10 files" + "\r\x1b[K"
	if buf.String() != want {
		t.Errorf("on a terminal:\n%q\nwant\n%q", buf.String(), want)
	}

	// A short run shows nothing.
	buf.Reset()
	clock = time.Unix(0, 0)
	m = fake(&buf, true)
	m.set("parsing", 1, 1, "files")
	m.end()
	if buf.Len() != 0 {
		t.Errorf("short run: %q", buf.String())
	}
	var nilMeter *meter
	nilMeter.set("x", 1, 1, "files")
	nilMeter.end()
}

// With Progress set, a run over a second reports how many files it
// parsed; a shorter one does not.
func TestProgressCounts(t *testing.T) {
	tree := demoTree(t)
	os.WriteFile(filepath.Join(tree, "drivers/demo/other.c"), []byte("static int f(void) { return 0; }\n"), 0o644)
	run := func() string {
		var buf bytes.Buffer
		if _, err := Run(Options{Tree: tree, Inputs: []string{tree}, Index: "none", Config: "nonrt", Progress: &buf}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if out := run(); strings.Contains(out, "parsing:") {
		t.Errorf("a short run showed a count: %q", out)
	}
	old := meterAfter
	meterAfter = 0 // every run is long
	t.Cleanup(func() { meterAfter = old })
	if out := run(); !regexp.MustCompile(`kcovlint: parsing: [12]/2 files\n`).MatchString(out) || !strings.Contains(out, "kcovlint: reading the tree for callers: 2/2 files\n") {
		t.Errorf("no count: %q", out)
	}
}

// The scan for callers does not read other architectures' directories,
// which the configurations do not build (as the index leaves their calls
// out).
func TestTreeScanLeavesOutOtherArches(t *testing.T) {
	tree := t.TempDir()
	for _, p := range []string{"arch/arm/kernel/a.c", "arch/x86/kernel/b.c", "kernel/c.c", "arch/Kconfig.c"} {
		os.MkdirAll(filepath.Dir(filepath.Join(tree, p)), 0o755)
		os.WriteFile(filepath.Join(tree, p), []byte("void f(void) { target(); }\n"), 0o644)
	}
	configs, _ := Configs("both")
	l := &linter{configs: configs}
	tf := &treeFiles{root: tree, builds: l.buildsDir}
	var got []string
	for _, p := range tf.mentions([]string{"target"}, nil, 0) {
		rel, _ := filepath.Rel(tree, p)
		got = append(got, filepath.ToSlash(rel))
	}
	if strings.Join(got, " ") != "arch/Kconfig.c arch/x86/kernel/b.c kernel/c.c" {
		t.Errorf("files read for callers: %q", got)
	}
}
