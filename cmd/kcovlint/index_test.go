// SPDX-License-Identifier: MIT

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/index"
)

// smallTree writes a tiny kernel-like tree.
func smallTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"Makefile":                "all:\n",
		"include/linux/foo.h":     "void foo_do(int x);\nstatic inline void foo_helper(void)\n{\n\tfoo_do(1);\n}\n",
		"kernel/foo.c":            "#include <linux/foo.h>\nvoid foo_do(int x)\n{\n}\n",
		"drivers/bar.c":           "#include <linux/foo.h>\nvoid bar(void)\n{\n\tfoo_do(2);\n}\n",
		"drivers/baz.c":           "void baz(void)\n{\n\tfoo_helper();\n}\n",
		"Documentation/skip_me.c": "void doc(void) { foo_do(1); }\n",
	}
	for p, s := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestIndexUsage(t *testing.T) {
	root := smallTree(t)
	for _, args := range [][]string{
		{"index", "-C", filepath.Join(root, "missing")},
		{"index", "-C", root, "--shard", "3/3"},
		{"index", "-C", root, "--shard", "x"},
		{"index", "-C", root, "-j", "0"},
		{"index", "-C", root, "extra"},
		{"index", "--bogus"},
		{"index", "--merge", filepath.Join(root, "out.db")},
		{"index", "--merge", filepath.Join(root, "out.db"), filepath.Join(root, "nope.db")},
	} {
		status, _, stderr := kcovlint(args...)
		if status != 2 || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "kcovlint index: ") {
			t.Errorf("%q: status %d, stderr %q; want 2 and one line", args, status, stderr)
		}
	}
	status, stdout, _ := kcovlint("index", "-h")
	if status != 0 || !strings.Contains(stdout, "--merge OUT SHARD") {
		t.Errorf("index -h: %d %q", status, stdout)
	}
}

func TestIndexCommand(t *testing.T) {
	root := smallTree(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "i.db")
	status, stdout, stderr := kcovlint("index", "-C", root, "--index", db, "-j", "2")
	if status != 0 || stderr != "" {
		t.Fatalf("index: %d %q", status, stderr)
	}
	for _, want := range []string{"index:     " + db, "files:     4 (new 4,", "peak RSS"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	// Again: nothing to do.
	status, stdout, _ = kcovlint("index", "-C", root, "--index", db, "--json")
	var st index.Stats
	if err := json.Unmarshal([]byte(stdout), &st); status != 0 || err != nil || st.Unchanged != 4 || st.New != 0 {
		t.Errorf("second run: %d %v %+v", status, err, st)
	}

	// Shards and merge.
	var shards []string
	for _, s := range []string{"0/2", "1/2"} {
		p := filepath.Join(dir, "s"+s[:1]+".db")
		if status, _, stderr := kcovlint("index", "-C", root, "--index", p, "--shard", s, "-q"); status != 0 {
			t.Fatalf("shard %s: %q", s, stderr)
		}
		shards = append(shards, p)
	}
	merged := filepath.Join(dir, "m.db")
	if status, _, stderr := kcovlint(append([]string{"index", "--merge", merged, "-q"}, shards...)...); status != 0 {
		t.Fatalf("merge: %q", stderr)
	}
	ix, err := index.Open(merged)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	files, err := ix.CallerFiles([]string{"foo_do"})
	if err != nil || strings.Join(files, " ") != "drivers/bar.c include/linux/foo.h" {
		t.Errorf("merged callers of foo_do: %v %v", files, err)
	}

	// The default path, from the tree as the current directory.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(root)
	if status, _, stderr := kcovlint("index", "-q"); status != 0 {
		t.Fatalf("index in the tree: %q", stderr)
	}
	if _, err := os.Stat(index.DefaultPath(root)); err != nil {
		t.Errorf("no index at the default path: %v", err)
	}
}

func TestLintIndexFlag(t *testing.T) {
	got := stubEngine(t, clean)
	dir := t.TempDir()
	in := filepath.Join(dir, "a.c")
	os.WriteFile(in, []byte("void a(void) {}\n"), 0o644)
	if status, _, stderr := kcovlint("--index", "none", in); status != 0 || got.Index != "none" {
		t.Errorf("--index none: %d %q %q", status, stderr, got.Index)
	}
	status, _, stderr := kcovlint("--index", filepath.Join(dir, "missing.db"), in)
	if status != 2 || !strings.Contains(stderr, "no such index") {
		t.Errorf("missing index: %d %q", status, stderr)
	}
}

func TestIndexOldSchema(t *testing.T) {
	root := smallTree(t)
	db := filepath.Join(t.TempDir(), "i.db")
	if status, _, stderr := kcovlint("index", "-C", root, "--index", db, "-q"); status != 0 {
		t.Fatalf("index: %q", stderr)
	}
	ix, err := index.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	ix.DB().Exec(`UPDATE meta SET value = '0' WHERE key = 'schema'`)
	ix.Close()
	status, stdout, stderr := kcovlint("index", "-C", root, "--index", db)
	if status != 0 || !strings.Contains(stderr, "schema version 0; building it again") || !strings.Contains(stdout, "new 4") {
		t.Errorf("old schema: %d %q %q", status, stderr, stdout)
	}
}
