// SPDX-License-Identifier: MIT

// Package testenv finds what kcovlint's tests read from outside the
// repository — the Debian linux-source-6.12 kernel tree and the kcov-rt
// corpus — and makes the temporary trees the tests lint.
//
// The kernel tree is too large to ship and the corpus belongs to the
// project, not the repository, so a test that needs one of them skips
// when it is absent, with a message that says what is missing and how to
// get it: `go test ./...` passes on a bare checkout, and .ci/run, which
// provides both, runs every test. Keeping the finders in one place keeps
// the tests' conditions and messages the same everywhere.
package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// startDir is the working directory when the test binary started: the
// directory of the package under test, before any test changes it.
var startDir, startErr = os.Getwd()

// ModuleRoot returns the directory holding kcovlint's go.mod, found
// upwards from the package under test. It fails the test when there is
// none.
func ModuleRoot(tb testing.TB) string {
	tb.Helper()
	if startErr != nil {
		tb.Fatalf("module root: %v", startErr)
	}
	for dir := startDir; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatalf("go.mod not found above %s", startDir)
		}
		dir = parent
	}
}

// KernelTreeDir is where the kernel tree is looked for:
// $KCOVLINT_KERNEL_TREE when set, else linux-source-6.12 in kcovlint's
// cache directory, ${KCOVLINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcovlint},
// where scripts/kernel-tree.sh unpacks it.
func KernelTreeDir() string {
	if dir := os.Getenv("KCOVLINT_KERNEL_TREE"); dir != "" {
		return dir
	}
	cache := os.Getenv("KCOVLINT_CACHE")
	if cache == "" {
		if c, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(c, "kcovlint")
		}
	}
	return filepath.Join(cache, "linux-source-6.12")
}

// KernelTree returns the unpacked Debian linux-source-6.12 tree the tree
// tests read (see KernelTreeDir). It skips the test when that directory
// holds no kernel tree: no Makefile or no kernel/kcov.c.
func KernelTree(tb testing.TB) string {
	tb.Helper()
	dir := KernelTreeDir()
	for _, f := range []string{"Makefile", filepath.Join("kernel", "kcov.c")} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			tb.Skip(missingTree(dir, err))
		}
	}
	return dir
}

func missingTree(dir string, err error) string {
	where := dir
	if os.Getenv("KCOVLINT_KERNEL_TREE") != "" {
		where += " ($KCOVLINT_KERNEL_TREE)"
	}
	return fmt.Sprintf("no Debian linux-source-6.12 tree at %s: %v; "+
		"run scripts/kernel-tree.sh (it installs linux-source-6.12 and unpacks it into the cache) "+
		"or set KCOVLINT_KERNEL_TREE to an unpacked tree, as .ci/run does", where, err)
}

// KcovRTCorpus returns the kcov-rt corpus: the project's
// shared/corpus/kcov-rt, which sits beside the repository
// (../shared/corpus/kcov-rt from the module root). It skips the test when
// the corpus is not there.
func KcovRTCorpus(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(ModuleRoot(tb), "..", "shared", "corpus", "kcov-rt")
	for _, f := range []string{"thread.txt", filepath.Join("base", "kernel", "kcov.c")} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			tb.Skipf("kcov-rt corpus not found: %v; it is the project's shared/corpus/kcov-rt, "+
				"which must sit beside the repository as ../shared/corpus/kcov-rt (as it does for the project's sessions and CI)", err)
		}
	}
	return dir
}

// CopyTree copies the directories srcs, in order, into one new temporary
// directory and returns it. The copies are writable whatever the modes of
// the originals (the corpus is read-only).
func CopyTree(tb testing.TB, srcs ...string) string {
	tb.Helper()
	dst := tb.TempDir()
	for _, src := range srcs {
		err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(src, p)
			if err != nil {
				return err
			}
			target := filepath.Join(dst, rel)
			if info.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, 0o644)
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return dst
}

// WriteTree writes files (path relative to the root, slash-separated →
// content) into a new temporary directory and returns it.
func WriteTree(tb testing.TB, files map[string]string) string {
	tb.Helper()
	root := tb.TempDir()
	for rel, text := range files {
		WriteFile(tb, root, rel, text)
	}
	return root
}

// WriteFile writes text to the file rel (slash-separated) below root,
// making its directories.
func WriteFile(tb testing.TB, root, rel, text string) {
	tb.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}
