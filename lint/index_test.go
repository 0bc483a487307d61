// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/kcovlint/kcovlint/index"
	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/report"
)

// indexTestTree is a small kernel-style tree: kernel/foo.c defines
// functions that other files call directly, through helpers of a header,
// and from an operations table.
var indexTestTree = map[string]string{
	"include/linux/foo.h": `#ifndef _LINUX_FOO_H
#define _LINUX_FOO_H
void foo_do(int x);
int foo_open(void *p);
static inline void foo_helper(void)
{
	foo_do(1);
}
static inline void foo_helper2(void)
{
	foo_helper();
}
#endif
`,
	"kernel/foo.c": `#include <linux/foo.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(foo_lock);
static int foo_count;

void foo_do(int x)
{
	spin_lock(&foo_lock);
	foo_count += x;
	spin_unlock(&foo_lock);
}

int foo_open(void *p)
{
	foo_do(2);
	return 0;
}
`,
	"drivers/bar.c": `#include <linux/foo.h>
#include <linux/timer.h>

static struct timer_list bar_t;

static void bar_timer(struct timer_list *t)
{
	foo_do(3);
}

static int bar_probe(void)
{
	timer_setup(&bar_t, bar_timer, 0);
	return 0;
}
`,
	"drivers/baz.c": `#include <linux/foo.h>

int baz_run(void)
{
	foo_helper();
	return 1;
}
`,
	"drivers/quux.c": `#include <linux/foo.h>

void quux_run(void)
{
	foo_helper2();
}
`,
	"net/qux.c": `#include <linux/fs.h>
#include <linux/foo.h>

static const struct file_operations qux_fops = {
	.open = foo_open,
};
`,
	"net/other.c": "int other(int a)\n{\n\treturn a + 1;\n}\n",
	"tools/y.c":   "void tool(void) { foo_do(1); }\n",
}

func writeIndexTree(t *testing.T) string { return testenv.WriteTree(t, indexTestTree) }

func buildIndex(t *testing.T, root, db string) {
	t.Helper()
	ix, err := index.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Update(root, index.UpdateOptions{Jobs: 2}); err != nil {
		t.Fatal(err)
	}
}

func newTestLinter(root, idx string) *linter {
	return &linter{opts: Options{Tree: root, Index: idx}, root: root, tree: &treeFiles{root: root}}
}

func rels(root string, files []string) []string {
	out := relAll(root, files)
	sort.Strings(out)
	return out
}

func TestIndexContextFilesSameAsScan(t *testing.T) {
	root := writeIndexTree(t)
	db := filepath.Join(t.TempDir(), "i.db")
	buildIndex(t, root, db)
	targets := []string{filepath.Join(root, "kernel", "foo.c")}

	scan := rels(root, newTestLinter(root, "none").contextFiles(targets, nil))
	got, ok := newTestLinter(root, db).indexContextFiles(targets, nil)
	if !ok {
		t.Fatal("index not used")
	}
	want := []string{"drivers/bar.c", "drivers/baz.c", "drivers/quux.c", "include/linux/foo.h", "net/qux.c"}
	if !slices.Equal(scan, want) {
		t.Errorf("scan found %v, want %v", scan, want)
	}
	if g := rels(root, got); !slices.Equal(g, scan) {
		t.Errorf("index found %v, scan %v", g, scan)
	}
	// contextFiles uses the index when there is one.
	if g := rels(root, newTestLinter(root, db).contextFiles(targets, nil)); !slices.Equal(g, scan) {
		t.Errorf("contextFiles with the index found %v, want %v", g, scan)
	}

	// A patch's post-image: its new functions are looked up too.
	post := map[string][]byte{targets[0]: []byte(indexTestTree["kernel/foo.c"] + "\nint other_new(void)\n{\n\treturn 0;\n}\n")}
	if _, ok := newTestLinter(root, db).indexContextFiles(targets, post); !ok {
		t.Error("index not used with an overlay")
	}

	// A stale index is used as it is; a removed file is left out.
	os.Remove(filepath.Join(root, "drivers", "quux.c"))
	got, _ = newTestLinter(root, db).indexContextFiles(targets, nil)
	if g := rels(root, got); slices.Contains(g, "drivers/quux.c") || !slices.Contains(g, "drivers/bar.c") {
		t.Errorf("stale index gave %v", g)
	}
}

func TestIndexOption(t *testing.T) {
	root := writeIndexTree(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	targets := []string{filepath.Join(root, "kernel", "foo.c")}
	// No index yet: "" falls back to the scan.
	if _, ok := newTestLinter(root, "").indexContextFiles(targets, nil); ok {
		t.Error("an index was used before one was built")
	}
	buildIndex(t, root, index.DefaultPath(root))
	if _, ok := newTestLinter(root, "").indexContextFiles(targets, nil); !ok {
		t.Error("the default index was not used")
	}
	if _, ok := newTestLinter(root, "none").indexContextFiles(targets, nil); ok {
		t.Error("--index none used the index")
	}
	if _, ok := newTestLinter(root, filepath.Join(t.TempDir(), "missing.db")).indexContextFiles(targets, nil); ok {
		t.Error("a missing index was used")
	}
	// An empty index is not used.
	empty := filepath.Join(t.TempDir(), "empty.db")
	ix, err := index.Open(empty)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, ok := newTestLinter(root, empty).indexContextFiles(targets, nil); ok {
		t.Error("an empty index was used")
	}
}

func findingKeys(fs []report.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s:%d %s %s", f.Status, f.Rule, f.File, f.Line, f.Config, f.Object))
	}
	sort.Strings(out)
	return out
}

// TestIndexCorpus compares the index with the scan on the kcov-rt corpus:
// the same context files for kernel/kcov.c, the same findings for the v4
// patch.
func TestIndexCorpus(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	tree := corpusTree(t, corpus, "base", true)
	db := filepath.Join(t.TempDir(), "i.db")
	buildIndex(t, tree, db)
	targets := []string{filepath.Join(tree, "kernel", "kcov.c")}
	scan := rels(tree, newTestLinter(tree, "none").contextFiles(targets, nil))
	got, ok := newTestLinter(tree, db).indexContextFiles(targets, nil)
	if !ok {
		t.Fatal("index not used")
	}
	if g := rels(tree, got); !slices.Equal(g, scan) {
		t.Errorf("context files of kernel/kcov.c:\nindex %v\n scan %v", g, scan)
	}

	patch := filepath.Join(corpus, "patches", "v4.patch")
	withScan, err := Run(Options{Tree: tree, Inputs: []string{patch}, Index: "none"})
	if err != nil {
		t.Fatal(err)
	}
	withIndex, err := Run(Options{Tree: tree, Inputs: []string{patch}, Index: db})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := findingKeys(withIndex.Findings), findingKeys(withScan.Findings); !slices.Equal(a, b) {
		t.Errorf("v4 findings differ:\nindex %q\n scan %q", a, b)
	}
}

// TestIndexWholeTree compares the index with the scan on a whole kernel
// tree for kernel/kcov.c: which context files each finds and how long it
// takes. It needs KCOVLINT_WHOLE_TREE=1, the tree in KCOVLINT_KERNEL_TREE
// and its index (kcovlint index -C TREE) at the default path or in
// KCOVLINT_INDEX.
func TestIndexWholeTree(t *testing.T) {
	if os.Getenv("KCOVLINT_WHOLE_TREE") != "1" {
		t.Skip("set KCOVLINT_WHOLE_TREE=1, KCOVLINT_KERNEL_TREE and build the tree's index first")
	}
	tree := os.Getenv("KCOVLINT_KERNEL_TREE")
	if _, err := os.Stat(filepath.Join(tree, "kernel", "kcov.c")); err != nil {
		t.Skipf("no kernel tree in KCOVLINT_KERNEL_TREE (%q)", tree)
	}
	db := os.Getenv("KCOVLINT_INDEX")
	if db == "" {
		db = index.DefaultPath(tree)
	}
	if _, err := os.Stat(db); err != nil {
		t.Skipf("no index at %s: run kcovlint index -C %s", db, tree)
	}
	targets := []string{filepath.Join(tree, "kernel", "kcov.c")}
	start := time.Now()
	got, ok := newTestLinter(tree, db).indexContextFiles(targets, nil)
	indexTime := time.Since(start)
	if !ok {
		t.Fatal("index not used")
	}
	start = time.Now()
	scan := newTestLinter(tree, "none").contextFiles(targets, nil)
	scanTime := time.Since(start)
	g, s := rels(tree, got), rels(tree, scan)
	t.Logf("index: %d files in %v: %v", len(g), indexTime, g)
	t.Logf("scan:  %d files in %v: %v", len(s), scanTime, s)
	for _, f := range g {
		if !slices.Contains(s, f) {
			t.Logf("only the index: %s", f)
		}
	}
	for _, f := range s {
		if !slices.Contains(g, f) {
			t.Logf("only the scan: %s", f)
		}
	}
	for _, want := range []string{"include/linux/kcov.h", "drivers/usb/core/hub.c", "drivers/vhost/vhost.c"} {
		if !slices.Contains(g, want) {
			t.Errorf("the index did not find %s", want)
		}
	}
}
