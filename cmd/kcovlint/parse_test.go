// SPDX-License-Identifier: MIT

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `kcovlint parse DIR DIR` prints one row per directory and lists every
// lost function with its reason; a lost function the file registers is
// marked CALLBACK with the context the kernel table gives.
func TestParseDirTable(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/irq.c", `static irqreturn_t foo_irq(int irq, void *data)
{
	return 1 +;
}

static int helper(int x)
{
	return x +;
}

static int foo_probe(struct foo *f)
{
	return request_irq(f->irq, foo_irq, 0, "foo", f) + helper(1);
}
`)
	write("b/ok.c", `static int fine(void)
{
	return 0;
}

static const struct dev_pm_ops ok_pm_ops = {
	.suspend = fine,
	1 +
};
`)
	write("c/gen.h", `static int gen_fn(int x)
{
	return x +;
}
`)
	write("c/user.c", `#include "gen.h"

static int user(void)
{
	return gen_fn(1);
}
`)
	a, b, c := filepath.Join(dir, "a"), filepath.Join(dir, "b"), filepath.Join(dir, "c")
	status, out, errs := kcovlint("parse", "-j", "1", a, b, c)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	for _, want := range []string{
		"irq.c:1: foo_irq CALLBACK: syntax",
		"registered by request_irq() in foo_probe() [hardirq (RT: task-bh)]",
		"irq.c:6: helper: syntax",
		"lost in " + a + ": syntax 2",
		"lost registration ok_pm_ops at " + filepath.Join(b, "ok.c") + ":6: syntax",
		"  fine: initializer of ok_pm_ops (dev_pm_ops.suspend) [task]",
		"lost in header " + filepath.Join(c, "gen.h") + ":1: gen_fn (included by " + filepath.Join(c, "user.c") + "): syntax",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	row := func(path string) []string {
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) == 9 && f[0] == path {
				return f[1:]
			}
		}
		t.Fatalf("no row for %s:\n%s", path, out)
		return nil
	}
	if got := strings.Join(row(a), " "); got != "1 3 1 33.33% 2 1 0 0" {
		t.Errorf("row a: %s", got)
	}
	if got := strings.Join(row(b), " "); got != "1 1 1 100.00% 0 0 1 0" {
		t.Errorf("row b: %s", got)
	}
	if got := strings.Join(row(c), " "); got != "1 1 1 100.00% 0 0 0 1" {
		t.Errorf("row c: %s", got)
	}
	status, out, _ = kcovlint("parse", "-j", "1", "--format", "json", a, b)
	var sum parseSummary
	if err := json.Unmarshal([]byte(out), &sum); status != 0 || err != nil {
		t.Fatalf("json: status %d, %v", status, err)
	}
	if len(sum.Dirs) != 2 || len(sum.Dirs[0].Lost) != 2 || sum.Dirs[0].Lost[0].Ctx == "" || sum.Dirs[0].Callbacks != 1 || len(sum.Dirs[1].LostRegs) != 1 {
		t.Errorf("json directories %+v", sum.Dirs)
	}
}
