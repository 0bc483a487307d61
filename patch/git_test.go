// SPDX-License-Identifier: MIT

package patch

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const gitBase = `#include <linux/spinlock.h>

static DEFINE_SPINLOCK(lock);
static int count;

void bump(void)
{
	spin_lock(&lock);
	count++;
	spin_unlock(&lock);
}

int read_count(void)
{
	return count;
}
`

const gitChanged = `#include <linux/spinlock.h>

static DEFINE_SPINLOCK(lock);
static int count;

void bump(void)
{
	unsigned long flags;

	spin_lock_irqsave(&lock, flags);
	count++;
	spin_unlock_irqrestore(&lock, flags);
}

int read_count(void)
{
	return count;
}
`

// gitRepo makes a repository with the base file committed, then the
// change committed; it returns the directory and both commit ids.
func gitRepo(t *testing.T) (dir, first, second string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir = t.TempDir()
	git(t, dir, "init", "-q")
	git(t, dir, "config", "user.name", "Test Dev")
	git(t, dir, "config", "user.email", "test@example.org")
	git(t, dir, "config", "commit.gpgsign", "false")
	write := func(p, s string) {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("kernel/count.c", gitBase)
	write("kernel/Kconfig", "config COUNT\n\tbool\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "count: add counter")
	first = strings.TrimSpace(git(t, dir, "rev-parse", "HEAD"))
	write("kernel/count.c", gitChanged)
	write("kernel/Kconfig", "config COUNT\n\tbool \"counter\"\n")
	git(t, dir, "commit", "-q", "-am", "count: make bump() irq safe")
	second = strings.TrimSpace(git(t, dir, "rev-parse", "HEAD"))
	return dir, first, second
}

func TestGitRange(t *testing.T) {
	dir, first, second := gitRepo(t)
	rs, err := GitRange(dir, first+".."+second)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d results", len(rs))
	}
	r := rs[0]
	if want := second[:12] + "-count-make-bump-irq-safe"; r.Input.Name != want || r.Input.Author != "Test Dev" {
		t.Errorf("name %q author %q, want %q", r.Input.Name, r.Input.Author, want)
	}
	im := image(t, r, "kernel/count.c")
	if string(im.Pre) != gitBase || string(im.Post) != gitChanged || im.Skipped != "" {
		t.Fatalf("images wrong: skipped %q", im.Skipped)
	}
	checkLineMap(t, im)
	if got := im.Lines.AddedLines(); !slices.Equal(got, []int{8, 9, 10, 12}) {
		t.Errorf("added %v", got)
	}
	if got := im.Lines.DeletedLines(); !slices.Equal(got, []int{8, 10}) {
		t.Errorf("deleted %v", got)
	}
	if p, added := im.Lines.PreLine(11); added || p != 9 {
		t.Errorf("PreLine(11) = %d, %v", p, added)
	}
	if k := image(t, r, "kernel/Kconfig"); k.Skipped != "not C (Kconfig)" || k.Lines == nil {
		t.Errorf("Kconfig: %q", k.Skipped)
	}

	// The whole history, root commit included.
	rs, err = GitRange(dir, second)
	if err != nil || len(rs) != 2 {
		t.Fatalf("%d results, %v", len(rs), err)
	}
	root := image(t, rs[0], "kernel/count.c")
	if len(root.Pre) != 0 || string(root.Post) != gitBase || len(root.Lines.AddedLines()) != strings.Count(gitBase, "\n") {
		t.Error("root commit images wrong")
	}

	if _, err := GitRange(dir, "no-such-rev"); err == nil {
		t.Error("bad range accepted")
	}
	if _, err := GitRange(dir, "--all"); err == nil {
		t.Error("option accepted as range")
	}
}

// TestDirTreeBlobLookup: the index line of a format-patch names the
// pre-image blob; DirTree finds it with git even after the working tree
// file has changed so that the patch no longer applies to it.
func TestDirTreeBlobLookup(t *testing.T) {
	dir, first, second := gitRepo(t)
	mail := git(t, dir, "format-patch", "--stdout", "-1", second)
	// The working tree moves on: the spin_lock line is gone.
	if err := os.WriteFile(filepath.Join(dir, "kernel/count.c"), []byte(strings.Replace(gitBase, "\tspin_lock(&lock);\n", "\tspin_lock_bh(&lock);\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	ins, err := Read("0001.patch", []byte(mail))
	if err != nil {
		t.Fatal(err)
	}
	r := Apply(ins, DirTree(dir))[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	im := image(t, r, "kernel/count.c")
	if string(im.Pre) != gitBase || string(im.Post) != gitChanged {
		t.Fatal("blob lookup gave the wrong images")
	}
	if !strings.HasPrefix(im.Base, "git blob ") || !strings.HasPrefix(r.Summary(), ins[0].Name+": applied to git blob ") {
		t.Errorf("base %q summary %q", im.Base, r.Summary())
	}
	checkLineMap(t, im)

	// GitTree reads the base from a revision.
	r = Apply(ins, GitTree(dir, first))[0]
	if r.Err != nil || r.Base != "git "+first {
		t.Fatalf("GitTree: %v, base %q", r.Err, r.Base)
	}
	if _, err := GitTree(dir, first).ReadFile("kernel/nothere.c"); !notExist(err) {
		t.Errorf("missing file: %v", err)
	}

	// Outside a repository there is no blob lookup: the changed file does
	// not take the patch, and the error says where it differs.
	plain := t.TempDir()
	if err := os.MkdirAll(filepath.Join(plain, "kernel"), 0o755); err != nil {
		t.Fatal(err)
	}
	changed, _ := os.ReadFile(filepath.Join(dir, "kernel/count.c"))
	os.WriteFile(filepath.Join(plain, "kernel/count.c"), changed, 0o644)
	r = Apply(ins, DirTree(plain))[0]
	if r.Err == nil || !strings.Contains(r.Err.Error(), `expected "\tspin_lock(&lock);" found "\tspin_lock_bh(&lock);"`) {
		t.Fatalf("err %v", r.Err)
	}
}

// Outside a git work tree (no .git in the directory or above it, no
// GIT_DIR), DirTree does not run git to look for a blob: a patch lint in
// an unpacked tarball pays no process start for it.
func TestDirTreeNoGitNotRun(t *testing.T) {
	bin := t.TempDir()
	marker := filepath.Join(t.TempDir(), "ran")
	fake := "#!/bin/sh\necho \"$@\" >> " + marker + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	t.Setenv("GIT_DIR", "")

	plain := t.TempDir()
	if mayBeGit(plain) {
		t.Skipf("%s is inside a git work tree", plain)
	}
	if _, err := DirTree(plain).(BlobReader).Blob("0123456789abcdef"); !notExist(err) {
		t.Errorf("Blob outside git: %v", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("git was run outside a git work tree")
	}

	// With a .git entry, git is asked (here the fake, which says no).
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(repo, "kernel")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := DirTree(sub).(BlobReader).Blob("0123456789abcdef"); !notExist(err) {
		t.Errorf("Blob with the fake git: %v", err)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Error("git was not run under a directory with .git")
	}
}
