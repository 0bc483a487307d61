// SPDX-License-Identifier: MIT

package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// testTree is a small kernel-style tree.
var testTree = map[string]string{
	"include/linux/foo.h": `/* foo API */
#ifndef _LINUX_FOO_H
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
static inline int foo_unrelated(void)
{
	return 0;
}
#endif
`,
	"kernel/foo.c": `// SPDX-License-Identifier: GPL-2.0
#include <linux/foo.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(foo_lock);
static int foo_count;

static void foo_local(void)
{
	foo_count++;
}

void foo_do(int x)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	spin_lock_irqsave(&foo_lock, flags);
	foo_local();
	foo_count += x;
	spin_unlock_irqrestore(&foo_lock, flags);
}
EXPORT_SYMBOL(foo_do);

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
	"net/other.c": `int other(int a)
{
	return a + 1;
}
`,
	"Documentation/x.c": "void doc(void) { foo_do(1); }\n",
	"tools/y.c":         "void tool(void) { foo_do(1); }\n",
	".git/z.c":          "void git(void) { foo_do(1); }\n",
	"README":            "not C\n",
}

func build(t *testing.T, root, db string, opts UpdateOptions) (*Index, *Stats) {
	t.Helper()
	ix, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	st, err := ix.Update(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ix, st
}

func callFiles(t *testing.T, ix *Index, names ...string) []string {
	t.Helper()
	files, err := ix.CallerFiles(names)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestBuildAndQuery(t *testing.T) {
	root := testenv.WriteTree(t, testTree)
	ix, st := build(t, root, filepath.Join(t.TempDir(), "i.db"), UpdateOptions{Jobs: 2})
	if st.Files != 7 || st.New != 7 || st.Unchanged != 0 || st.Removed != 0 {
		t.Errorf("stats %+v, want 7 new files", st)
	}
	if st.Functions == 0 || st.Parsed == 0 || st.PeakRSSKB == 0 {
		t.Errorf("stats %+v: no functions, parses or RSS", st)
	}
	if got, _ := ix.Meta("root"); got != root {
		t.Errorf("root %q, want %q", got, root)
	}

	defs, err := ix.Definitions("foo_do")
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 1 || defs[0].File != "kernel/foo.c" || defs[0].Line != 13 || defs[0].Static || !defs[0].Exported || defs[0].Header {
		t.Errorf("Definitions(foo_do) = %+v", defs)
	}
	if !slices.Equal(defs[0].Preds, []string{"in_interrupt"}) {
		t.Errorf("foo_do preds %v, want in_interrupt", defs[0].Preds)
	}
	h, _ := ix.Definitions("foo_helper")
	if len(h) != 1 || !h[0].Header || !h[0].Static || !h[0].Inline {
		t.Errorf("Definitions(foo_helper) = %+v", h)
	}

	calls, err := ix.CallersOf([]string{"foo_do"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range calls {
		got = append(got, fmt.Sprintf("%s:%d %s header=%v ref=%v", c.File, c.Line, c.Caller, c.CallerHeader, c.Ref))
	}
	want := []string{
		"drivers/bar.c:8 bar_timer header=false ref=false",
		"include/linux/foo.h:8 foo_helper header=true ref=false",
		"kernel/foo.c:24  header=false ref=true", // EXPORT_SYMBOL(foo_do)
		"kernel/foo.c:28 foo_open header=false ref=false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("CallersOf(foo_do):\n got %q\nwant %q", got, want)
	}
	// Calls to static functions of the same file are not recorded.
	if c, _ := ix.CallersOf([]string{"foo_local"}); len(c) != 0 {
		t.Errorf("CallersOf(foo_local) = %+v, want none", c)
	}
	// A function in an operations table of another file.
	if f := callFiles(t, ix, "foo_open"); !slices.Equal(f, []string{"net/qux.c"}) {
		t.Errorf("CallerFiles(foo_open) = %v", f)
	}

	roots, err := ix.Roots("bar_timer")
	if err != nil {
		t.Fatal(err)
	}
	if len(roots) != 1 || roots[0].Kind != "register" || roots[0].Ctx != "softirq" || roots[0].File != "drivers/bar.c" || !strings.Contains(roots[0].Via, "timer_setup") {
		t.Errorf("Roots(bar_timer) = %+v", roots)
	}
	locks, err := ix.LocksOf("foo_lock")
	if err != nil {
		t.Fatal(err)
	}
	if len(locks) != 1 || locks[0].Call != "spin_lock_irqsave" || locks[0].Func != "foo_do" || locks[0].Line != 19 {
		t.Errorf("LocksOf(foo_lock) = %+v", locks)
	}
	fi, ok, err := ix.File("kernel/foo.c")
	if err != nil || !ok || fi.Funcs != 3 || fi.Parsed != 3 || len(fi.SHA256) != 64 {
		t.Errorf("File(kernel/foo.c) = %+v %v %v", fi, ok, err)
	}
	if _, ok, _ := ix.File("Documentation/x.c"); ok {
		t.Error("Documentation/ was indexed")
	}
}

// parses counts the files an update parsed (new or re-parsed).
func parses(st *Stats) int { return st.New + st.Reparsed }

func TestIncremental(t *testing.T) {
	root := testenv.WriteTree(t, testTree)
	db := filepath.Join(t.TempDir(), "i.db")
	ix, _ := build(t, root, db, UpdateOptions{Jobs: 2})

	st, err := ix.Update(root, UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Unchanged != 7 || st.Changed != 0 || parses(st) != 0 {
		t.Errorf("second update %+v, want all unchanged", st)
	}

	// Touch: read and hashed, not parsed.
	bar := filepath.Join(root, "drivers", "bar.c")
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(bar, later, later); err != nil {
		t.Fatal(err)
	}
	st, _ = ix.Update(root, UpdateOptions{})
	if st.Changed != 1 || st.Reparsed != 0 || st.Unchanged != 6 {
		t.Errorf("after touch %+v, want 1 changed, 0 re-parsed", st)
	}
	st, _ = ix.Update(root, UpdateOptions{})
	if st.Changed != 0 {
		t.Errorf("touch not recorded: %+v", st)
	}

	// New content: parsed again, and the queries see it.
	baz := filepath.Join(root, "drivers", "baz.c")
	if err := os.WriteFile(baz, []byte("int baz_run(void)\n{\n\treturn foo_open(0);\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(baz, later, later)
	st, _ = ix.Update(root, UpdateOptions{})
	if st.Changed != 1 || st.Reparsed != 1 || st.Functions != 1 {
		t.Errorf("after edit %+v, want 1 re-parsed", st)
	}
	if f := callFiles(t, ix, "foo_helper"); !slices.Equal(f, []string{"include/linux/foo.h"}) {
		t.Errorf("CallerFiles(foo_helper) after edit = %v", f)
	}
	if f := callFiles(t, ix, "foo_open"); !slices.Equal(f, []string{"drivers/baz.c", "net/qux.c"}) {
		t.Errorf("CallerFiles(foo_open) after edit = %v", f)
	}

	// Removed: dropped with its rows.
	if err := os.Remove(filepath.Join(root, "drivers", "quux.c")); err != nil {
		t.Fatal(err)
	}
	st, _ = ix.Update(root, UpdateOptions{})
	if st.Removed != 1 || st.Files != 6 || parses(st) != 0 {
		t.Errorf("after delete %+v, want 1 removed", st)
	}
	if f := callFiles(t, ix, "foo_helper2"); len(f) != 0 {
		t.Errorf("CallerFiles(foo_helper2) after delete = %v", f)
	}
	if d, _ := ix.Definitions("quux_run"); len(d) != 0 {
		t.Errorf("quux_run still defined: %+v", d)
	}

	// A new file.
	os.WriteFile(filepath.Join(root, "net", "new.c"), []byte("void n(void) { foo_do(9); }\n"), 0o644)
	st, _ = ix.Update(root, UpdateOptions{})
	if st.New != 1 || st.Unchanged != 6 {
		t.Errorf("after add %+v, want 1 new", st)
	}

	// Rebuild parses everything.
	st, _ = ix.Update(root, UpdateOptions{Rebuild: true})
	if st.Reparsed != 7 {
		t.Errorf("rebuild %+v, want 7 re-parsed", st)
	}
	// The rows of a re-parsed file are replaced, not added to.
	if c, _ := ix.CallersOf([]string{"foo_do"}); len(c) != 5 {
		t.Errorf("after rebuild, %d calls of foo_do, want 5: %+v", len(c), c)
	}
}

// dump lists the index's contents as text, independent of row ids.
func dump(t *testing.T, ix *Index) []string {
	t.Helper()
	queries := []string{
		`SELECT 'file', path, size, mtime, sha256, funcs, parsed, failures FROM files`,
		`SELECT 'failure', f.path, x.line, x.reason, x.func, x.detail FROM failures x JOIN files f ON f.id = x.file_id`,
		`SELECT 'func', f.path, n.name, fn.line, fn.static, fn.inline, fn.header, fn.exported, fn.preds FROM funcs fn JOIN files f ON f.id = fn.file_id JOIN names n ON n.id = fn.name_id`,
		`SELECT 'call', f.path, coalesce(cn.name, ''), n.name, c.line, c.ref FROM calls c JOIN files f ON f.id = c.file_id JOIN names n ON n.id = c.callee_id LEFT JOIN funcs fn ON fn.id = c.caller_id LEFT JOIN names cn ON cn.id = fn.name_id`,
		`SELECT 'root', f.path, n.name, r.kind, r.ctx, r.rt_ctx, r.via, r.line FROM roots r JOIN files f ON f.id = r.file_id JOIN funcs fn ON fn.id = r.func_id JOIN names n ON n.id = fn.name_id`,
		`SELECT 'lock', f.path, n.name, cn.name, l.key, l.line FROM locks l JOIN files f ON f.id = l.file_id JOIN funcs fn ON fn.id = l.func_id JOIN names n ON n.id = fn.name_id JOIN names cn ON cn.id = l.call_id`,
	}
	var out []string
	for _, q := range queries {
		rows, err := ix.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(vals...))
		}
		rows.Close()
	}
	sort.Strings(out)
	return out
}

func TestShardsMerge(t *testing.T) {
	root := testenv.WriteTree(t, testTree)
	dir := t.TempDir()
	full, _ := build(t, root, filepath.Join(dir, "full.db"), UpdateOptions{Jobs: 2})
	want := dump(t, full)

	var shards []string
	total := 0
	for i := 0; i < 3; i++ {
		p := filepath.Join(dir, fmt.Sprintf("shard%d.db", i))
		ix, st := build(t, root, p, UpdateOptions{Shard: i, Shards: 3})
		total += st.Files
		if s, _ := ix.Meta("shard"); s != fmt.Sprintf("%d/3", i) {
			t.Errorf("shard meta %q", s)
		}
		ix.Close()
		shards = append(shards, p)
	}
	if total != 7 {
		t.Errorf("shards hold %d files, want 7", total)
	}
	out := filepath.Join(dir, "merged.db")
	if err := Merge(out, shards...); err != nil {
		t.Fatal(err)
	}
	m, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if got := dump(t, m); !slices.Equal(got, want) {
		t.Errorf("merged index differs from the full build:\n got %d rows\nwant %d rows\n%s", len(got), len(want), diffLines(got, want))
	}
	if m.Root() != root {
		t.Errorf("merged root %q, want %q", m.Root(), root)
	}
	// Merging a shard again replaces its files rather than doubling them.
	if err := Merge(out, shards[0]); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, m); !slices.Equal(got, want) {
		t.Errorf("second merge of a shard changed the index:\n%s", diffLines(got, want))
	}
	// The merged index updates like any other: nothing to do.
	st, err := m.Update(root, UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Unchanged != 7 {
		t.Errorf("update after merge %+v, want 7 unchanged", st)
	}
}

func diffLines(got, want []string) string {
	var b strings.Builder
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "+ %s\n", g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "- %s\n", w)
		}
	}
	return b.String()
}

func TestSchemaVersion(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{"a.c": "void a(void) {}\n"})
	db := filepath.Join(t.TempDir(), "i.db")
	ix, _ := build(t, root, db, UpdateOptions{})
	if _, err := ix.DB().Exec(`UPDATE meta SET value = '0' WHERE key = 'schema'`); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	_, err := Open(db)
	var se *SchemaError
	if err == nil || !strings.Contains(err.Error(), "schema version 0") || !strings.Contains(err.Error(), "re-index") || !strings.Contains(err.Error(), root) {
		t.Fatalf("Open of an old index: %v", err)
	}
	if !asSchemaError(err, &se) || se.Found != 0 {
		t.Errorf("error %T is not a *SchemaError", err)
	}
	if err := Remove(db); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Error("Remove left the database")
	}
	// A file that is not an index.
	bad := filepath.Join(t.TempDir(), "bad.db")
	os.WriteFile(bad, []byte("not sqlite at all, not at all, no"), 0o644)
	if _, err := OpenExisting(bad); err == nil {
		t.Error("OpenExisting of a non-database succeeded")
	}
}

func TestDefaultPath(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	p := DefaultPath("/some/tree")
	dir, file := filepath.Split(p)
	if filepath.Clean(dir) != filepath.Join(cache, "kcovlint", "index") || len(file) != len("0123456789abcdef.db") {
		t.Errorf("DefaultPath = %s", p)
	}
	if DefaultPath("/some/tree") != p || DefaultPath("/other/tree") == p {
		t.Error("DefaultPath is not a function of the root")
	}
	t.Setenv("XDG_CACHE_HOME", "")
	if h, err := os.UserHomeDir(); err == nil {
		if p := DefaultPath("/some/tree"); !strings.HasPrefix(p, filepath.Join(h, ".cache", "kcovlint", "index")) {
			t.Errorf("DefaultPath without XDG_CACHE_HOME = %s", p)
		}
	}
}

func TestShardArgs(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{"a.c": "void a(void) {}\n"})
	ix, err := Open(filepath.Join(t.TempDir(), "i.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Update(root, UpdateOptions{Shard: 3, Shards: 3}); err == nil {
		t.Error("shard 3/3 accepted")
	}
	if _, err := ix.Update(filepath.Join(root, "missing"), UpdateOptions{}); err == nil {
		t.Error("missing root accepted")
	}
	n := 0
	for i := 0; i < 4; i++ {
		if InShard("kernel/kcov.c", i, 4) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("kernel/kcov.c is in %d of 4 shards", n)
	}
}

func asSchemaError(err error, target **SchemaError) bool { return errors.As(err, target) }

// An update by another kcovlint than the one that parsed the files says
// which one did; a rebuild records the new one.
func TestBuiltBy(t *testing.T) {
	root := testenv.WriteTree(t, testTree)
	db := filepath.Join(t.TempDir(), "i.db")
	ix, _ := build(t, root, db, UpdateOptions{Jobs: 2, Builder: "v1"})
	if by, _ := ix.Meta("built_by"); by != "v1" {
		t.Fatalf("built_by = %q, want v1", by)
	}
	st, err := ix.Update(root, UpdateOptions{Builder: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	if st.BuiltBy != "" {
		t.Errorf("same version: BuiltBy = %q", st.BuiltBy)
	}
	st, _ = ix.Update(root, UpdateOptions{Builder: "v2"})
	if st.BuiltBy != "v1" {
		t.Errorf("other version: BuiltBy = %q, want v1", st.BuiltBy)
	}
	if by, _ := ix.Meta("built_by"); by != "v1" {
		t.Errorf("an incremental update changed built_by to %q", by)
	}
	st, _ = ix.Update(root, UpdateOptions{Builder: "v2", Rebuild: true})
	if st.BuiltBy != "" {
		t.Errorf("rebuild: BuiltBy = %q", st.BuiltBy)
	}
	if by, _ := ix.Meta("built_by"); by != "v2" {
		t.Errorf("after rebuild built_by = %q, want v2", by)
	}
}
