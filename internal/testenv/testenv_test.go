// SPDX-License-Identifier: MIT

package testenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKernelTreeDir(t *testing.T) {
	t.Setenv("KCOVLINT_KERNEL_TREE", "/x/tree")
	t.Setenv("KCOVLINT_CACHE", "/x/cache")
	if got := KernelTreeDir(); got != "/x/tree" {
		t.Errorf("with KCOVLINT_KERNEL_TREE: %s", got)
	}
	t.Setenv("KCOVLINT_KERNEL_TREE", "")
	if got := KernelTreeDir(); got != "/x/cache/linux-source-6.12" {
		t.Errorf("with KCOVLINT_CACHE: %s", got)
	}
	t.Setenv("KCOVLINT_CACHE", "")
	t.Setenv("XDG_CACHE_HOME", "/x/xdg")
	if got := KernelTreeDir(); got != "/x/xdg/kcovlint/linux-source-6.12" {
		t.Errorf("with XDG_CACHE_HOME: %s", got)
	}
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "/x/home")
	if got := KernelTreeDir(); got != "/x/home/.cache/kcovlint/linux-source-6.12" {
		t.Errorf("with HOME: %s", got)
	}
}

// TestKernelTree: a directory with the tree's marker files is taken, one
// without them skips the test that asked.
func TestKernelTree(t *testing.T) {
	tree := WriteTree(t, map[string]string{"Makefile": "VERSION = 6\n", "kernel/kcov.c": ""})
	t.Setenv("KCOVLINT_KERNEL_TREE", tree)
	if got := KernelTree(t); got != tree {
		t.Errorf("KernelTree = %s, want %s", got, tree)
	}
	t.Setenv("KCOVLINT_KERNEL_TREE", t.TempDir())
	ran := false
	t.Run("empty", func(t *testing.T) {
		KernelTree(t)
		ran = true
	})
	if ran {
		t.Error("KernelTree did not skip on a directory without a tree")
	}
}

func TestModuleRoot(t *testing.T) {
	root := ModuleRoot(t)
	if _, err := os.Stat(filepath.Join(root, "internal", "testenv", "testenv.go")); err != nil {
		t.Errorf("ModuleRoot = %s: %v", root, err)
	}
}

// TestCopyTree: later sources are merged over earlier ones, and the copies
// of read-only files are writable.
func TestCopyTree(t *testing.T) {
	a := WriteTree(t, map[string]string{"kernel/a.c": "a", "kernel/x.c": "old"})
	b := WriteTree(t, map[string]string{"kernel/x.c": "new", "include/b.h": "b"})
	ro := filepath.Join(a, "kernel", "a.c")
	if err := os.Chmod(ro, 0o444); err != nil {
		t.Fatal(err)
	}
	dst := CopyTree(t, a, b)
	var got []string
	for _, rel := range []string{"kernel/a.c", "kernel/x.c", "include/b.h"} {
		data, err := os.ReadFile(filepath.Join(dst, rel))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(data))
	}
	if s := strings.Join(got, " "); s != "a new b" {
		t.Errorf("copied contents %q, want \"a new b\"", s)
	}
	WriteFile(t, dst, "kernel/a.c", "changed")
}
