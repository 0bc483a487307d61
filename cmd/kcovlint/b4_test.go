// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// builtKcovlint is the kcovlint binary built from this tree, once per test
// run, in builtDir (removed by TestMain).
var builtKcovlint = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "kcovlint-test-bin-")
	if err != nil {
		return "", err
	}
	builtDir = dir
	bin := filepath.Join(dir, "kcovlint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

var builtDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

func buildKcovlint(t *testing.T) string {
	t.Helper()
	bin, err := builtKcovlint()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// shlexSplit splits a command line as b4 does (Python's shlex in POSIX
// mode with whitespace_split): words separated by blanks, '...' taken as
// is, "..." with \ escaping " \ $ ` and newline, \ escaping any
// character outside quotes.
func shlexSplit(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '\'':
			inWord = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("no closing quotation")
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			inWord = true
			for i++; ; i++ {
				if i >= len(s) {
					return nil, errors.New("no closing quotation")
				}
				if s[i] == '"' {
					break
				}
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`\n", s[i+1]) >= 0 {
					i++
				}
				w.WriteByte(s[i])
			}
		case c == '\\':
			inWord = true
			if i+1 < len(s) {
				i++
				w.WriteByte(s[i])
			}
		default:
			inWord = true
			w.WriteByte(c)
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

func TestShlexSplit(t *testing.T) {
	got, err := shlexSplit(`kcovlint -q  --format checkpatch 'a b' "c \"d\"" e\ f -`)
	want := []string{"kcovlint", "-q", "--format", "checkpatch", "a b", `c "d"`, "e f", "-"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%q %v", got, err)
	}
}

// b4Check runs one check command on a patch the way b4 prep --check (and
// b4 am --check) does, as LoreMessage.run_local_check in b4 0.14 to 0.16:
// the configured string split by shlex, run without a shell from the top
// of the repository with the patch on standard input, and the output
// counted: each line of the stripped standard output is a warning (a
// failure when it holds "ERROR:"), each line of the stripped standard
// error a failure, and no output at all a success, or a failure when the
// exit status is not 0. It returns b4's (flag, message) report.
func b4Check(t *testing.T, repo, cmdline string, patch []byte) [][2]string {
	t.Helper()
	args, err := shlexSplit(cmdline)
	if err != nil || len(args) == 0 {
		t.Fatalf("%q: %v", cmdline, err)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = repo
	cmd.Env = gitEnv(filepath.Dir(repo))
	cmd.Stdin = bytes.NewReader(patch)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	ecode := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%q: %v", cmdline, err)
		}
		ecode = ee.ExitCode()
	}
	mycmd := filepath.Base(args[0])
	var report [][2]string
	out := strings.TrimSpace(stdout.String())
	var outLines []string
	if out != "" {
		outLines = strings.Split(out, "\n")
	}
	for _, line := range outLines {
		flag := "warning"
		if strings.Contains(line, "ERROR:") {
			flag = "fail"
		}
		report = append(report, [2]string{flag, mycmd + ": " + strings.TrimPrefix(line, "-:")})
	}
	errText := strings.TrimSpace(stderr.String())
	var errLines []string
	if errText != "" {
		errLines = strings.Split(errText, "\n")
	}
	for _, line := range errLines {
		report = append(report, [2]string{"fail", mycmd + ": " + strings.TrimPrefix(line, "-:")})
	}
	if len(outLines) == 0 && len(errLines) == 0 {
		if ecode != 0 {
			report = append(report, [2]string{"fail", fmt.Sprintf("%s: Exited with error code %d", mycmd, ecode)})
		} else {
			report = append(report, [2]string{"success", mycmd + ": passed all checks"})
		}
	}
	return report
}

// flagCount counts a report's entries by flag, as b4's summary does.
func flagCount(report [][2]string) map[string]int {
	n := map[string]int{}
	for _, r := range report {
		n[r[0]]++
	}
	return n
}

// b4Repo is a kernel-like repository on a prep-like branch whose last
// commit holds src as drivers/demo/demo_timer.c, and that commit as b4
// gives it to a check command (a mail with the patch).
func b4Repo(t *testing.T, src string) (repo string, patch []byte) {
	t.Helper()
	repo = kernelRepo(t)
	gitRun(t, repo, "checkout", "-q", "-b", "b4/demo")
	os.WriteFile(filepath.Join(repo, "drivers/demo/demo_timer.c"), []byte(src), 0o644)
	gitRun(t, repo, "add", ".")
	gitRun(t, repo, "commit", "-q", "-m", "demo: add a timer tick counter")
	return repo, []byte(gitRun(t, repo, "format-patch", "-1", "--stdout", "HEAD"))
}

// The b4 recipe of docs/b4.md, run as b4 runs it: one warning per
// finding on a bad patch, a pass on a clean one, and checkpatch.pl run
// too through the multi-value setting.
func TestB4Check(t *testing.T) {
	needGit(t)
	bin := buildKcovlint(t)
	const b4Cmd = " -q --format checkpatch --terse --no-summary -"
	kcov := shQuote(bin) + b4Cmd

	findings := func(repo string, patch []byte) int {
		cmd := exec.Command(bin, "--format", "json", "-")
		cmd.Dir, cmd.Env, cmd.Stdin = repo, gitEnv(filepath.Dir(repo)), bytes.NewReader(patch)
		out, _ := cmd.Output()
		var doc struct{ Findings []any }
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatalf("json: %v\n%s", err, out)
		}
		return len(doc.Findings)
	}

	// A bad patch: as many warnings as findings, each a finding's line.
	repo, bad := b4Repo(t, buggyDriver)
	n := findings(repo, bad)
	if n == 0 {
		t.Fatal("the buggy driver has no finding")
	}
	report := b4Check(t, repo, kcov, bad)
	t.Logf("b4's report on the bad patch: %q", report)
	if c := flagCount(report); c["warning"] != n || len(report) != n {
		t.Errorf("bad patch: b4 counts %v for %d findings:\n%q", c, n, report)
	}
	for _, r := range report {
		if !strings.HasPrefix(r[1], "kcovlint: drivers/demo/demo_timer.c:") || !strings.Contains(r[1], ": WARNING: ") {
			t.Errorf("bad patch: b4 shows %q", r[1])
		}
	}
	// The checkpatch format without --terse --no-summary: b4 would count
	// every line of each block, and the total line, as warnings.
	if c := flagCount(b4Check(t, repo, shQuote(bin)+" -q --format checkpatch -", bad)); c["warning"] <= n {
		t.Errorf("without --terse --no-summary b4 counts %v for %d findings: the test no longer shows why they are needed", c, n)
	}

	// A clean patch: a pass.
	repo, clean := b4Repo(t, cleanDriver)
	if report := b4Check(t, repo, kcov, clean); len(report) != 1 || report[0] != [2]string{"success", "kcovlint: passed all checks"} {
		t.Errorf("clean patch: %q", report)
	}

	// A patch with a function kcovlint cannot parse: no warning (b4
	// would count any line), and a failure with --strict.
	repo, unparsed := b4Repo(t, strings.Replace(cleanDriver, "\tdemo_ticks = 0;\n", "\tdemo_ticks = 0 +;\n", 1))
	if report := b4Check(t, repo, kcov, unparsed); len(report) != 1 || report[0][0] != "success" {
		t.Errorf("patch not fully analysed: %q", report)
	}
	if report := b4Check(t, repo, shQuote(bin)+" --strict"+b4Cmd, unparsed); flagCount(report)["fail"] != 1 || !strings.Contains(report[0][1], "not analysed") {
		t.Errorf("patch not fully analysed, --strict: %q", report)
	}

	// The multi-value setting of docs/b4.md: checkpatch.pl and kcovlint,
	// both run. A stand-in checkpatch.pl says nothing.
	repo2, bad2 := b4Repo(t, buggyDriver)
	os.MkdirAll(filepath.Join(repo2, "scripts"), 0o755)
	os.WriteFile(filepath.Join(repo2, "scripts/checkpatch.pl"), []byte("#!/bin/sh\ncat >/dev/null\n"), 0o755)
	gitRun(t, repo2, "config", "--add", "b4.prep-perpatch-check-cmd", "./scripts/checkpatch.pl -q --terse --no-summary --mailback --showfile")
	gitRun(t, repo2, "config", "--add", "b4.prep-perpatch-check-cmd", kcov)
	cmds := strings.Split(strings.TrimSpace(gitRun(t, repo2, "config", "--get-all", "b4.prep-perpatch-check-cmd")), "\n")
	if len(cmds) != 2 {
		t.Fatalf("b4.prep-perpatch-check-cmd: %q", cmds)
	}
	var all [][2]string
	for _, c := range cmds {
		all = append(all, b4Check(t, repo2, c, bad2)...)
	}
	if c := flagCount(all); c["success"] != 1 || c["warning"] != n || c["fail"] != 0 || all[0][1] != "checkpatch.pl: passed all checks" {
		t.Errorf("both commands: %q", all)
	}
}
