// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

func runKcovlint(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestApplyThread(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	tree := testenv.CopyTree(t, filepath.Join(corpus, "base"), filepath.Join(corpus, "callers"))
	out := t.TempDir()
	code, stdout, stderr := runKcovlint("apply", "-C", tree, "--out", out, filepath.Join(corpus, "thread.txt"))
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := "v3: applied to the working tree: kernel/kcov.c (include/linux/sched.h: not present in the tree; lib/Kconfig.debug: not C (Kconfig))\n" +
		"v3-reply-1: applied on top of v3: kernel/kcov.c\n" +
		"v3-reply-2: applied to the working tree: kernel/kcov.c (include/linux/sched.h: not present in the tree; lib/Kconfig.debug: not C (Kconfig))\n" +
		"v4: applied to the working tree: kernel/kcov.c (include/linux/sched.h: not present in the tree; lib/Kconfig.debug: not C (Kconfig))\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	for name, dir := range map[string]string{"v3": "post-v3", "v3-reply-1": "post-v3-irqsave", "v3-reply-2": "post-unified", "v4": "post-v4"} {
		got, err := os.ReadFile(filepath.Join(out, name, "kernel", "kcov.c"))
		if err != nil {
			t.Fatal(err)
		}
		wantPost, _ := os.ReadFile(filepath.Join(corpus, dir, "kernel", "kcov.c"))
		if !bytes.Equal(got, wantPost) {
			t.Errorf("%s: written post-image differs from %s", name, dir)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "v3", "include")); !os.IsNotExist(err) {
		t.Error("a skipped file was written")
	}
}

// TestApplyBadInputs: every bad input gives exit status 2 and one line per
// reason on stderr, "kcovlint: <input>: <reason>", never a crash.
func TestApplyBadInputs(t *testing.T) {
	fx := filepath.Join(testenv.ModuleRoot(t), "testdata", "patches")
	tree := testenv.CopyTree(t, filepath.Join(fx, "tree"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"truncated.patch"}, "kcovlint: " + filepath.Join(fx, "truncated.patch") + ":27: truncated hunk"},
		{[]string{"wrong-counts-more.patch"}, "wrong line counts"},
		{[]string{"wrong-counts-fewer.patch"}, "wrong line counts"},
		{[]string{"context-mismatch.patch"}, "kcovlint: demo-make-demo_bump-irq-safe (" + filepath.Join(fx, "context-mismatch.patch") + ":14): drivers/demo/demo.c: hunk @@ -10,9 +10,11 @@ does not apply: line 14"},
		{[]string{"empty.patch"}, "empty input"},
		{[]string{"no-patch.eml"}, "no patch"},
		{[]string{"not-there.patch"}, "patch to a file that is not there"},
		{[]string{"junk.bin"}, "binary data"},
		{[]string{"missing-file.patch"}, "no such file"},
	} {
		var args []string
		for _, a := range c.args {
			args = append(args, filepath.Join(fx, a))
		}
		code, _, stderr := runKcovlint(append([]string{"apply", "-C", tree}, args...)...)
		if code != 2 {
			t.Errorf("%v: exit %d", c.args, code)
		}
		if !strings.Contains(stderr, c.want) || !strings.HasPrefix(stderr, "kcovlint: ") || strings.Contains(stderr, "internal error") {
			t.Errorf("%v: stderr %q, want %q", c.args, stderr, c.want)
		}
		for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
			if !strings.HasPrefix(line, "kcovlint: ") {
				t.Errorf("%v: stderr line %q", c.args, line)
			}
		}
	}
	for _, args := range [][]string{
		{"apply"},
		{"apply", "--nope"},
		{"apply", "-C", filepath.Join(tree, "nodir"), filepath.Join(fx, "demo-irqsave.patch")},
		{"apply", "--range", "HEAD", filepath.Join(fx, "demo-irqsave.patch")},
	} {
		code, _, stderr := runKcovlint(args...)
		if code != 2 || !strings.HasPrefix(stderr, "kcovlint: apply: ") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d stderr %q", args, code, stderr)
		}
	}
}

func TestApplyGood(t *testing.T) {
	fx := filepath.Join(testenv.ModuleRoot(t), "testdata", "patches")
	tree := testenv.CopyTree(t, filepath.Join(fx, "tree"))
	out := t.TempDir()
	// Flags after inputs are taken too.
	code, stdout, stderr := runKcovlint("apply", filepath.Join(fx, "series-v2.mbox"), filepath.Join(fx, "reset-qp.eml"),
		filepath.Join(fx, "demo-irqsave-crlf.patch"), "-C", tree, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{
		"v2-1of3: applied to the working tree: drivers/demo/demo.c\n",
		"v2-2of3: applied on top of v2-1of3: drivers/demo/demo.c\n",
		"v2-3of3: applied on top of v2-2of3: drivers/demo/demo.c, drivers/demo/demo.h\n",
		"v5: applied to the working tree: drivers/demo/demo.c\n",
		"demo-make-demo_bump-irq-safe: applied",
	} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, stdout)
		}
	}
	for _, p := range []string{"v2-3of3/drivers/demo/demo.h", "v5/drivers/demo/demo.c", "demo-make-demo_bump-irq-safe/drivers/demo/demo.c"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}
}

func TestApplyStdin(t *testing.T) {
	fx := filepath.Join(testenv.ModuleRoot(t), "testdata", "patches")
	tree := testenv.CopyTree(t, filepath.Join(fx, "tree"))
	f, err := os.Open(filepath.Join(fx, "plain.diff"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old }()
	code, stdout, stderr := runKcovlint("apply", "-C", tree, "-")
	if code != 0 || stdout != "stdin: applied to the working tree: drivers/demo/demo.c\n" {
		t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
	}
}
