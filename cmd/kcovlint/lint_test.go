// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/lint"
	"github.com/kcovlint/kcovlint/report"
)

// stubEngine replaces lint.Run for one test; the options it was called with
// are kept in *got.
func stubEngine(t *testing.T, fn func(lint.Options) (*report.Result, error)) *lint.Options {
	t.Helper()
	got := new(lint.Options)
	old := lintRun
	lintRun = func(o lint.Options) (*report.Result, error) {
		*got = o
		return fn(o)
	}
	t.Cleanup(func() { lintRun = old })
	return got
}

func stubRules(t *testing.T, rules []report.RuleInfo) {
	t.Helper()
	old := lintRules
	lintRules = func() []report.RuleInfo { return rules }
	t.Cleanup(func() { lintRules = old })
}

func stubStdin(t *testing.T, text string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(text)
	t.Cleanup(func() { stdin = old })
}

// kcovlint runs the command in-process.
func kcovlint(args ...string) (status int, stdout, stderr string) {
	var o, e bytes.Buffer
	status = run(args, &o, &e)
	return status, o.String(), e.String()
}

var testRuleInfos = []report.RuleInfo{
	{Name: "lockirq", Short: "lock taken in an IRQ context and with that IRQ enabled", Help: "lockirq: a lock taken in softirq context must not be taken with softirqs enabled elsewhere.\n\nLockdep: inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.", URL: "https://example.org/lockirq"},
	{Name: "percpu", Short: "per-CPU state on a preemptible path", Help: "percpu: ..."},
}

const cleanPatch = `From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001
From: A U Thor <author@example.org>
Subject: [PATCH] demo: add a comment

---
 drivers/demo/demo.c | 1 +
 1 file changed, 1 insertion(+)

diff --git a/drivers/demo/demo.c b/drivers/demo/demo.c
--- a/drivers/demo/demo.c
+++ b/drivers/demo/demo.c
@@ -1,2 +1,3 @@
 // SPDX-License-Identifier: GPL-2.0
+/* demo */
 #include <linux/module.h>
`

func clean(o lint.Options) (*report.Result, error) {
	return &report.Result{Inputs: []report.Input{{Name: "stdin", Kind: "patch", Status: "ok"}}}, nil
}

func lockFinding(status string) report.Finding {
	return report.Finding{
		Rule: "lockirq", Severity: report.SeverityWarning, File: "drivers/demo/demo.c", Line: 20, Column: 2,
		Function: "demo_write", FunctionLine: 18, Object: "demo_lock", Config: "nonrt", Status: status, Input: "stdin",
		Message: "demo_lock is taken in softirq context and with softirqs enabled in task context",
		Trace: []report.Trace{
			{Context: "task, softirqs enabled", Chain: []string{"demo_write"}},
			{Context: "softirq", Chain: []string{"demo_timer_fn"}},
		},
		Key:        "lockirq|nonrt|demo_lock|demo_write",
		SourceLine: "\tspin_lock(&demo_lock);",
		PatchLine:  31,
	}
}

func withFindings(fs ...report.Finding) func(lint.Options) (*report.Result, error) {
	return func(lint.Options) (*report.Result, error) {
		return &report.Result{Inputs: []report.Input{{Name: "stdin", Kind: "patch", Status: "ok"}}, Findings: fs}, nil
	}
}

// oneLine checks the bad-input contract: status 2, one line on stderr.
func oneLineError(t *testing.T, status int, stderr, want string) {
	t.Helper()
	if status != 2 {
		t.Errorf("status %d, want 2", status)
	}
	if !strings.HasPrefix(stderr, "kcovlint: ") || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("stderr is not one line starting with \"kcovlint: \": %q", stderr)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not say %q", stderr, want)
	}
}

func TestExitClean(t *testing.T) {
	t.Chdir(t.TempDir())
	stubRules(t, testRuleInfos)
	stubStdin(t, cleanPatch)
	got := stubEngine(t, clean)
	status, out, errOut := kcovlint("-")
	if status != 0 || out != "" || errOut != "" {
		t.Errorf("status %d, stdout %q, stderr %q", status, out, errOut)
	}
	if !reflect.DeepEqual(got.Inputs, []string{"-"}) || got.Stdin == nil || got.Config != "both" || got.Tree != "" {
		t.Errorf("engine called with %+v", *got)
	}
	data, _ := io.ReadAll(got.Stdin)
	if string(data) != cleanPatch {
		t.Errorf("engine read %q from stdin", data)
	}
}

func TestExitFindings(t *testing.T) {
	stubRules(t, testRuleInfos)
	stubEngine(t, withFindings(lockFinding(report.StatusNew)))
	patch := filepath.Join(t.TempDir(), "x.patch")
	os.WriteFile(patch, []byte(cleanPatch), 0o644)
	status, out, errOut := kcovlint(patch)
	if status != 1 {
		t.Errorf("status %d, want 1", status)
	}
	if !strings.HasPrefix(out, "drivers/demo/demo.c:20:2: warning: demo_lock is taken") || errOut != "" {
		t.Errorf("stdout %q\nstderr %q", out, errOut)
	}
}

func TestExitBadInput(t *testing.T) {
	t.Chdir(t.TempDir()) // not a kernel tree
	stubRules(t, testRuleInfos)
	os.WriteFile("x.patch", []byte(cleanPatch), 0o644)
	os.WriteFile("bad.config", []byte("CONFIG_PREEMPT_RT=y\n"), 0o644)
	called := false
	stubEngine(t, func(o lint.Options) (*report.Result, error) { called = true; return clean(o) })
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus", "x.patch"}, "flag provided but not defined: -bogus"},
		{[]string{"missing.patch"}, "missing.patch: no such file"},
		{[]string{"--format", "xml", "x.patch"}, `unknown format "xml"`},
		{[]string{"--config", "nope", "x.patch"}, "--config nope"},
		{[]string{"--color", "pink", "x.patch"}, "--color"},
		{[]string{"--rules", "lockirq,bogus", "x.patch"}, `unknown rule "bogus"`},
		{[]string{"--baseline", "x.patch", "x.patch"}, "--baseline"},
		{[]string{"-C", "nowhere", "x.patch"}, "-C nowhere: no such directory"},
		{[]string{"-C", "x.patch", "x.patch"}, "-C x.patch: not a directory"},
		{[]string{"--terse", "x.patch"}, "--terse and --no-summary are for --format checkpatch"},
		{[]string{"--fix", "x.patch"}, "need the kernel tree"},
		{[]string{"-", "-"}, "more than once"},
		{nil, "not in a kernel tree"},
	} {
		called = false
		status, out, errOut := kcovlint(c.args...)
		oneLineError(t, status, errOut, c.want)
		if out != "" || called {
			t.Errorf("%q: stdout %q, engine called %v", c.args, out, called)
		}
	}
	// A good config file is taken.
	if status, _, errOut := kcovlint("--config", "bad.config", "x.patch"); status != 0 {
		t.Errorf("--config FILE: %d %s", status, errOut)
	}

	// The engine says an input is bad: status 2 with its error, even when
	// other inputs have findings, which are still printed.
	stubEngine(t, func(lint.Options) (*report.Result, error) {
		return &report.Result{
			Inputs:   []report.Input{{Name: "x", Kind: "patch", Status: "error", Error: "no patch found\nin x.patch"}, {Name: "y", Kind: "patch", Status: "ok"}},
			Findings: []report.Finding{lockFinding(report.StatusNew)},
		}, nil
	})
	status, out, errOut := kcovlint("x.patch")
	oneLineError(t, status, errOut, "kcovlint: x: no patch found; in x.patch")
	if !strings.Contains(out, "warning:") {
		t.Errorf("findings of the good input not printed: %q", out)
	}
	// The engine fails.
	stubEngine(t, func(lint.Options) (*report.Result, error) {
		return nil, errors.Join(lint.ErrInput, errors.New("tree is not a kernel tree"))
	})
	status, _, errOut = kcovlint("x.patch")
	oneLineError(t, status, errOut, "tree is not a kernel tree")
}

func TestHelp(t *testing.T) {
	status, out, _ := kcovlint("-h")
	if status != 0 || !strings.Contains(out, "usage: kcovlint") || !strings.Contains(out, "Exit status") {
		t.Errorf("-h: %d %q", status, out)
	}
	// Every subcommand is listed, with its synopsis.
	if len(subcommands) < 9 {
		t.Errorf("only %d subcommands registered", len(subcommands))
	}
	for name := range subcommands {
		if !strings.Contains(out, "\n  "+name+" ") || synopses[name] == "" {
			t.Errorf("-h does not list %s:\n%s", name, out)
		}
	}
	if !strings.Contains(out, "  graph [-C DIR] [INPUT...] FUNC...  the contexts a function runs in\n") {
		t.Errorf("-h does not list graph with its synopsis:\n%s", out)
	}
}

func TestFlagsAfterInputs(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.patch"), filepath.Join(dir, "-b.patch")
	os.WriteFile(a, []byte(cleanPatch), 0o644)
	os.WriteFile(b, []byte(cleanPatch), 0o644)
	stubRules(t, testRuleInfos)
	got := stubEngine(t, withFindings(lockFinding(report.StatusNew)))
	status, out, _ := kcovlint(a, "--format", "json", "-q", "--rules", "lockirq", "--config=rt", "--", b)
	if status != 1 {
		t.Errorf("status %d", status)
	}
	if !reflect.DeepEqual(got.Inputs, []string{a, b}) || got.Config != "rt" || !reflect.DeepEqual(got.Rules, []string{"lockirq"}) || got.Progress != nil {
		t.Errorf("engine called with %+v", *got)
	}
	var doc struct{ Findings []map[string]any }
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Findings) != 1 {
		t.Errorf("not JSON with one finding: %v\n%s", err, out)
	}
}

func TestStatusFilter(t *testing.T) {
	stubRules(t, testRuleInfos)
	stubStdin(t, cleanPatch)
	existing, fixed := lockFinding(report.StatusExisting), lockFinding(report.StatusFixed)
	existing.Object, existing.Key = "other_lock", "lockirq|nonrt|other_lock|demo_write"
	stubEngine(t, withFindings(existing, fixed))
	// Only new findings count by default.
	if status, out, _ := kcovlint("-"); status != 0 || out != "" {
		t.Errorf("default: status %d, stdout %q", status, out)
	}
	stubStdin(t, cleanPatch)
	status, out, _ := kcovlint("--all", "-")
	if status != 1 || !strings.Contains(out, "[lockirq, existing]") || !strings.Contains(out, "note: demo_lock") {
		t.Errorf("--all: status %d, stdout:\n%s", status, out)
	}
	// --rules filters findings too.
	stubStdin(t, cleanPatch)
	stubEngine(t, withFindings(lockFinding(report.StatusNew)))
	if status, out, _ := kcovlint("--rules", "percpu", "-"); status != 0 || out != "" {
		t.Errorf("--rules percpu: %d %q", status, out)
	}
	// A finding of unknown status (the code before the patch could not
	// be analysed) may be new: it counts by default.
	stubStdin(t, cleanPatch)
	stubEngine(t, withFindings(lockFinding(report.StatusUnknown)))
	if status, out, _ := kcovlint("-"); status != 1 || !strings.Contains(out, "[lockirq, unknown]") {
		t.Errorf("unknown: status %d, stdout:\n%s", status, out)
	}
}

// b4 prep --check runs `kcovlint --format checkpatch -` with each patch on
// stdin: a clean patch must give no output at all and status 0.
func TestCheckpatchB4(t *testing.T) {
	t.Chdir(t.TempDir())
	stubRules(t, testRuleInfos)
	stubStdin(t, cleanPatch)
	stubEngine(t, clean)
	status, out, errOut := kcovlint("--format", "checkpatch", "-")
	if status != 0 || out != "" || errOut != "" {
		t.Errorf("clean: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	stubStdin(t, cleanPatch)
	stubEngine(t, withFindings(lockFinding(report.StatusNew)))
	status, out, errOut = kcovlint("--format", "checkpatch", "-")
	want := "WARNING: demo_lock is taken in softirq context and with softirqs enabled in task context [lockirq, non-RT]\n" +
		"#31: FILE: drivers/demo/demo.c:20:\n" +
		"+\tspin_lock(&demo_lock);\n\n" +
		"total: 0 errors, 1 warnings, 15 lines checked\n"
	if status != 1 || out != want || errOut != "" {
		t.Errorf("findings: status %d, stderr %q, stdout:\n%s\nwant:\n%s", status, errOut, out, want)
	}
}

// fakeKernelTree makes a directory that looks like a kernel tree.
func fakeKernelTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"kernel", "include/linux", "drivers/demo"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	os.WriteFile(filepath.Join(dir, "Makefile"), []byte("# SPDX-License-Identifier: GPL-2.0\nobj-y += kernel/\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "kernel", "Makefile"), []byte("obj-y += dummy.o\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "include/linux", "types.h"), []byte("/* types */\n"), 0o644)
	return dir
}

const demoSrc = `// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(demo_lock);
`

func TestTreeDetectionSuppressionBaselineFix(t *testing.T) {
	tree := fakeKernelTree(t)
	t.Chdir(tree)
	stubRules(t, testRuleInfos)
	src := demoSrc + strings.Repeat("\n", 14) + "\tspin_lock(&demo_lock); /* kcovlint: ignore lockirq -- demo_write runs with BH off */\n"
	os.WriteFile(filepath.Join(tree, "drivers/demo/demo.c"), []byte(src), 0o644)
	// The engine does not say what the line holds: the file is taken as
	// the version linted.
	noSource := lockFinding(report.StatusNew)
	noSource.SourceLine = ""
	got := stubEngine(t, withFindings(noSource))
	os.WriteFile("x.patch", []byte(cleanPatch), 0o644)

	// -C defaults to the current directory, a kernel tree; the comment on
	// line 20 suppresses the finding.
	status, out, errOut := kcovlint("x.patch")
	if status != 0 || out != "" || errOut != "" {
		t.Errorf("suppressed: status %d, stdout %q, stderr %q", status, out, errOut)
	}
	if got.Tree != tree {
		t.Errorf("tree %q, want %q", got.Tree, tree)
	}
	// When the line under -C is not the one linted (a patch that is not
	// applied), its comment does not count.
	other := lockFinding(report.StatusNew)
	other.SourceLine = "\tspin_lock(&demo_lock); /* the patch's version of the line */"
	stubEngine(t, withFindings(other))
	if status, _, _ := kcovlint("x.patch"); status != 1 {
		t.Errorf("comment on another version of the line suppressed the finding")
	}
	stubEngine(t, withFindings(noSource))
	// Without a reason the comment does not suppress, and the output says why.
	os.WriteFile(filepath.Join(tree, "drivers/demo/demo.c"), []byte(strings.Replace(src, " -- demo_write runs with BH off", "", 1)), 0o644)
	status, out, _ = kcovlint("x.patch")
	if status != 1 || !strings.Contains(out, "gives no reason") {
		t.Errorf("comment without reason: status %d, stdout:\n%s", status, out)
	}

	// Baseline: a previous JSON output drops the same finding.
	os.WriteFile(filepath.Join(tree, "drivers/demo/demo.c"), []byte(strings.Replace(src, "/* kcovlint: ignore lockirq -- demo_write runs with BH off */", "", 1)), 0o644)
	status, out, _ = kcovlint("--format", "json", "x.patch")
	if status != 1 {
		t.Fatalf("json: status %d", status)
	}
	os.WriteFile("baseline.json", []byte(out), 0o644)
	if status, out, _ := kcovlint("--baseline", "baseline.json", "x.patch"); status != 0 || out != "" {
		t.Errorf("--baseline: status %d, stdout %q", status, out)
	}

	// --diff prints the fix, --fix applies it.
	f := lockFinding(report.StatusNew)
	f.SourceLine = "\tspin_lock(&demo_lock); "
	f.Fix = &report.Fix{Description: "use spin_lock_bh()", Edits: []report.Edit{{File: "drivers/demo/demo.c", Line: 20, Column: 2, EndLine: 20, EndColumn: 11, NewText: "spin_lock_bh"}}}
	stubEngine(t, withFindings(f))
	status, out, _ = kcovlint("--diff", "x.patch")
	if status != 1 || !strings.Contains(out, "-\tspin_lock(&demo_lock); \n+\tspin_lock_bh(&demo_lock); \n") || !strings.HasPrefix(out, "--- a/drivers/demo/demo.c\n") {
		t.Errorf("--diff: status %d, stdout:\n%s", status, out)
	}
	// A fix for another version of the file is not applied.
	stale := f
	stale.SourceLine = "\tspin_lock(&demo_lock); /* the patch's version of the line */"
	stubEngine(t, withFindings(stale))
	status, _, errOut = kcovlint("--fix", "x.patch")
	if data, _ := os.ReadFile(filepath.Join(tree, "drivers/demo/demo.c")); status != 1 || !strings.Contains(errOut, "not the version linted") || strings.Contains(string(data), "spin_lock_bh") {
		t.Errorf("--fix on another version: status %d, stderr %q", status, errOut)
	}
	stubEngine(t, withFindings(f))
	status, out, errOut = kcovlint("--fix", "x.patch")
	data, _ := os.ReadFile(filepath.Join(tree, "drivers/demo/demo.c"))
	if status != 0 || out != "" || !strings.Contains(string(data), "\tspin_lock_bh(&demo_lock);") || !strings.Contains(errOut, "fixed 1 findings in 1 files") {
		t.Errorf("--fix: status %d, stdout %q, stderr %q, file:\n%s", status, out, errOut, data)
	}
}

func TestColor(t *testing.T) {
	stubRules(t, testRuleInfos)
	stubEngine(t, withFindings(lockFinding(report.StatusNew)))
	p := filepath.Join(t.TempDir(), "x.patch")
	os.WriteFile(p, []byte(cleanPatch), 0o644)
	if _, out, _ := kcovlint("--color", "always", p); !strings.Contains(out, "\x1b[") {
		t.Error("--color always: no colors")
	}
	if _, out, _ := kcovlint("--color", "auto", p); strings.Contains(out, "\x1b[") {
		t.Error("--color auto on a pipe: colors")
	}
}

// gitEnv is the environment for git in tests: no user or system config,
// no GIT_* variables from a surrounding git (tests may run inside a hook).
func gitEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "KCOVLINT_") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_DATE=2026-05-01T12:00:00Z", "GIT_COMMITTER_DATE=2026-05-01T12:00:00Z")
}

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
}

// gitRun runs git in dir and fails the test on error.
func gitRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv(filepath.Dir(dir))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// kernelRepo is a kernel-like git repository with one commit.
func kernelRepo(t *testing.T) string {
	t.Helper()
	needGit(t)
	dir := fakeKernelTree(t)
	os.WriteFile(filepath.Join(dir, "drivers/demo/demo.c"), []byte(demoSrc), 0o644)
	gitRun(t, dir, "init", "-q", "-b", "master")
	gitRun(t, dir, "config", "user.name", "A U Thor")
	gitRun(t, dir, "config", "user.email", "author@example.org")
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "base")
	return dir
}

func TestNoInputLintsGitChanges(t *testing.T) {
	repo := kernelRepo(t)
	for _, kv := range gitEnv(filepath.Dir(repo)) {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "HOME") || strings.HasPrefix(k, "GIT_CONFIG") {
			t.Setenv(k, v)
		}
	}
	// A surrounding git (tests run from a hook) must not leak in.
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Chdir(repo)
	stubRules(t, testRuleInfos)
	var text string
	got := stubEngine(t, func(o lint.Options) (*report.Result, error) {
		data, _ := io.ReadAll(o.Stdin)
		text = string(data)
		return clean(o)
	})
	// Uncommitted changes: git diff HEAD.
	os.WriteFile("drivers/demo/demo.c", []byte(demoSrc+"/* more */\n"), 0o644)
	if status, _, errOut := kcovlint(); status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	if !reflect.DeepEqual(got.Inputs, []string{"-"}) || got.Tree != repo || got.StdinName != "working tree" || !strings.HasPrefix(text, "diff --git a/drivers/demo/demo.c") || !strings.Contains(text, "+/* more */") {
		t.Errorf("engine got %+v, stdin:\n%s", *got, text)
	}
	// Committed: the HEAD commit as a patch.
	gitRun(t, repo, "commit", "-q", "-a", "-m", "demo: more")
	if status, _, errOut := kcovlint(); status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	if !strings.Contains(text, "Subject: [PATCH] demo: more") || !strings.Contains(text, "+/* more */") || got.StdinName != "HEAD" {
		t.Errorf("HEAD commit patch:\n%s", text)
	}
}

func TestExplain(t *testing.T) {
	stubRules(t, testRuleInfos)
	status, out, _ := kcovlint("explain", "lockirq")
	if status != 0 || !strings.HasPrefix(out, testRuleInfos[0].Help) || !strings.Contains(out, "More: https://example.org/lockirq") {
		t.Errorf("explain lockirq: %d\n%s", status, out)
	}
	status, out, errOut := kcovlint("explain", "nosuch")
	oneLineError(t, status, errOut, `unknown rule "nosuch" (rules: lockirq, percpu)`)
	if out != "" {
		t.Errorf("stdout %q", out)
	}
	status, out, _ = kcovlint("explain")
	if status != 0 || !strings.Contains(out, "lockirq  lock taken in an IRQ context") || !strings.Contains(out, "percpu ") {
		t.Errorf("explain: %d\n%s", status, out)
	}
	stubRules(t, nil)
	status, _, errOut = kcovlint("explain", "lockirq")
	oneLineError(t, status, errOut, "none built in yet")
}

func TestVersion(t *testing.T) {
	oldBI, oldID, oldStamp := readBuildInfo, buildID, version
	t.Cleanup(func() { readBuildInfo, buildID, version = oldBI, oldID, oldStamp })
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.modified", Value: "true"}}
	for _, c := range []struct {
		bi    *debug.BuildInfo
		ok    bool
		id    string
		stamp string
		want  string
	}{
		// No module version, no VCS (GOFLAGS=-buildvcs=false): the build ID.
		{nil, false, "0a1b2c3d4e5f", "", "kcovlint v0.1.0-dev+build.0a1b2c3d4e5f\n"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "0a1b2c3d4e5f", "", "kcovlint v0.1.0-dev+build.0a1b2c3d4e5f\n"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "", "", "kcovlint v0.1.0-dev\n"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, true, "0a1b2c3d4e5f", "", "kcovlint v1.2.3\n"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, true, "0a1b2c3d4e5f", "", "kcovlint v0.1.0-dev+0123456789ab-dirty\n"},
		// A stamp wins.
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: vcs}, true, "0a1b2c3d4e5f", "v2.0.0", "kcovlint v2.0.0\n"},
	} {
		readBuildInfo = func() (*debug.BuildInfo, bool) { return c.bi, c.ok }
		buildID = func() string { return c.id }
		version = c.stamp
		for _, args := range [][]string{{"version"}, {"--version"}} {
			if status, out, _ := kcovlint(args...); status != 0 || out != c.want {
				t.Errorf("%s: %d %q, want %q", args[0], status, out, c.want)
			}
		}
	}
	if status, _, _ := kcovlint("version", "x"); status != 2 {
		t.Error("version x: not a usage error")
	}
}

// The binary built the way a packager without VCS information builds it
// (GOFLAGS=-buildvcs=false): the version is the build's own, never
// "devel", and -ldflags -X main.version stamps one.
func TestVersionBuilt(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		ldflags string
		want    *regexp.Regexp
	}{
		{"", regexp.MustCompile(`^kcovlint v0\.1\.0-dev\+build\.[0-9a-f]{12}\n$`)},
		{"-X main.version=v9.8.7", regexp.MustCompile(`^kcovlint v9\.8\.7\n$`)},
	} {
		bin := filepath.Join(dir, "kcovlint")
		cmd := exec.Command("go", "build", "-ldflags", c.ldflags, "-o", bin, ".")
		cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		for _, arg := range []string{"version", "--version"} {
			out, err := exec.Command(bin, arg).Output()
			if err != nil || !c.want.Match(out) {
				t.Errorf("ldflags %q: kcovlint %s: %v %q, want %s", c.ldflags, arg, err, out, c.want)
			}
		}
	}
}

// Messages name each input once, by what the user gave (the real engine).
func TestInputNamedOnce(t *testing.T) {
	t.Chdir(t.TempDir()) // not a kernel tree
	os.WriteFile("empty.patch", nil, 0o644)
	os.WriteFile("junk.patch", []byte("hello\n"), 0o644)
	os.WriteFile("demo.patch", []byte(cleanPatch), 0o644)
	os.MkdirAll("tree/drivers", 0o755)
	for _, c := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"empty.patch"}, "", "kcovlint: empty.patch: empty input\n"},
		{[]string{"-"}, "", "kcovlint: stdin: empty input\n"},
		{[]string{"junk.patch"}, "", "kcovlint: junk.patch: no patch found (not a diff, mail or thread holding one)\n"},
		{[]string{"demo.patch"}, "", "kcovlint: demo.patch: patch against files not here (drivers/demo/demo.c): use -C TREE\n"},
		{[]string{"-C", "tree", "demo.patch"}, "", "is -C the tree the patch is for?\n"},
		// A mail on stdin is named by its subject.
		{[]string{"-"}, cleanPatch, "kcovlint: demo-add-a-comment: patch against files not here (drivers/demo/demo.c): use -C TREE\n"},
	} {
		stubStdin(t, c.stdin)
		status, out, errOut := kcovlint(c.args...)
		if status != 2 || out != "" || !strings.HasSuffix(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: status %d, stdout %q, stderr %q, want %q", c.args, status, out, errOut, c.want)
		}
	}
}

// With no input, the uncommitted changes are the input "working tree"
// (the real engine).
func TestNoInputNamesWorkingTree(t *testing.T) {
	repo := kernelRepo(t)
	for _, kv := range gitEnv(filepath.Dir(repo)) {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "HOME") || strings.HasPrefix(k, "GIT_CONFIG") {
			t.Setenv(k, v)
		}
	}
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Chdir(repo)
	os.WriteFile("drivers/demo/demo.c", []byte(demoSrc+"static int demo_more;\n"), 0o644)
	status, out, errOut := kcovlint("--format", "json", "--index", "none")
	var doc struct {
		Inputs []struct{ Name, Status string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || status != 0 || len(doc.Inputs) != 1 || doc.Inputs[0].Name != "working tree" || doc.Inputs[0].Status != "ok" {
		t.Errorf("status %d, stderr %q, inputs %+v (%v)", status, errOut, doc.Inputs, err)
	}
}

// With no input, findings are where their lines are in the working tree
// (the real engine): the uncommitted changes add two comment lines above
// the bug HEAD added.
func TestNoInputPositionsAtWorkingTree(t *testing.T) {
	repo := kernelRepo(t)
	for _, kv := range gitEnv(filepath.Dir(repo)) {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "HOME") || strings.HasPrefix(k, "GIT_CONFIG") {
			t.Setenv(k, v)
		}
	}
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Chdir(repo)
	os.WriteFile("drivers/demo/demo_timer.c", []byte(buggyDriver), 0o644)
	gitRun(t, repo, "add", ".")
	gitRun(t, repo, "commit", "-q", "-m", "demo: add a timer tick counter")
	bug := "\tspin_lock(&demo_lock);\n\tdemo_ticks = 0;"
	commented := strings.Replace(buggyDriver, bug, "\t/* the count restarts */\n\t/* from zero */\n"+bug, 1)
	os.WriteFile("drivers/demo/demo_timer.c", []byte(commented), 0o644)
	want := 1 + strings.Count(commented[:strings.Index(commented, bug)], "\n")

	status, out, errOut := kcovlint("--all", "--config", "nonrt", "--format", "json", "--index", "none")
	var doc struct {
		Inputs   []struct{ Name string }
		Findings []struct {
			Rule, File, Status string
			Line               int
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || status != 1 {
		t.Fatalf("status %d, stderr %q: %v\n%s", status, errOut, err, out)
	}
	found := false
	for _, f := range doc.Findings {
		if f.Rule == "lockirq" && f.File == "drivers/demo/demo_timer.c" {
			found = true
			if f.Line != want || f.Status != "existing" {
				t.Errorf("finding at line %d (%s), want %d, the working tree's", f.Line, f.Status, want)
			}
		}
	}
	if !found || doc.Inputs[0].Name != "working tree" {
		t.Errorf("inputs %+v, findings %+v", doc.Inputs, doc.Findings)
	}
}

// Progress goes to a terminal unless -q; off a terminal only with
// --progress.
func TestProgressFlag(t *testing.T) {
	stubRules(t, testRuleInfos)
	p := filepath.Join(t.TempDir(), "x.patch")
	os.WriteFile(p, []byte(cleanPatch), 0o644)
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{p}, false},
		{[]string{"--progress", p}, true},
		{[]string{"-q", "--progress", p}, false},
	} {
		got := stubEngine(t, clean)
		kcovlint(c.args...)
		if (got.Progress != nil) != c.want || got.ProgressTTY {
			t.Errorf("%q: progress %v (tty %v), want %v", c.args, got.Progress != nil, got.ProgressTTY, c.want)
		}
	}
}

// Run from a directory inside a kernel tree, kcovlint lints with that tree,
// as with -C: the same callers, index and tree headers, so the same
// findings at the same cost as from outside.
func TestTreeFoundFromSubdirectory(t *testing.T) {
	tree := fakeKernelTree(t)
	os.WriteFile(filepath.Join(tree, "drivers/demo/demo.c"), []byte(demoSrc), 0o644)
	t.Chdir(filepath.Join(tree, "drivers/demo"))
	stubRules(t, testRuleInfos)
	got := stubEngine(t, clean)
	if status, _, errOut := kcovlint("demo.c"); status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	if got.Tree != tree || !reflect.DeepEqual(got.Inputs, []string{"demo.c"}) {
		t.Errorf("engine called with tree %q, inputs %q; want tree %q", got.Tree, got.Inputs, tree)
	}
	// Not above a git repository's top that is not a kernel tree.
	sub := filepath.Join(tree, "drivers/demo/sub")
	os.MkdirAll(filepath.Join(sub, ".git"), 0o755)
	t.Chdir(sub)
	os.WriteFile("x.c", []byte(demoSrc), 0o644)
	got = stubEngine(t, clean)
	kcovlint("x.c")
	if got.Tree != "" {
		t.Errorf("tree %q found above a git repository", got.Tree)
	}
	if dir, ok := findKernelTree(t.TempDir()); ok {
		t.Errorf("a temporary directory is in the kernel tree %s", dir)
	}
}
