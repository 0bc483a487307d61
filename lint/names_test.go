// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/report"
)

// A function defined by a macro is named by its invocation everywhere a
// finding says its name (message, detail, related sites, fix, chains),
// never with a second pair of parentheses.
func TestMacroFunctionNames(t *testing.T) {
	src := `// SPDX-License-Identifier: GPL-2.0
#include <linux/delay.h>
#include <linux/spinlock.h>
#include <linux/syscalls.h>
#include <linux/timer.h>

static DEFINE_SPINLOCK(foo_lock);
static unsigned long foo_n;
static struct timer_list foo_timer;

static void foo_timer_fn(struct timer_list *t)
{
	spin_lock(&foo_lock);
	foo_n++;
	spin_unlock(&foo_lock);
}

SYSCALL_DEFINE0(foo_count)
{
	unsigned long n;

	spin_lock(&foo_lock);
	n = foo_n;
	msleep(1);
	spin_unlock(&foo_lock);
	return n;
}

static int __init foo_init(void)
{
	timer_setup(&foo_timer, foo_timer_fn, 0);
	return 0;
}
`
	path := filepath.Join(t.TempDir(), "foo.c")
	os.WriteFile(path, []byte(src), 0o644)
	res, err := Run(Options{Inputs: []string{path}, Config: "both"})
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, f := range res.Findings {
		rules[f.Rule] = true
	}
	if !rules["lockirq"] || !rules["sleepatomic"] {
		t.Fatalf("want lockirq and sleepatomic findings, got %v", rules)
	}
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		if err := report.Write(&buf, format, res, report.Options{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(out, ")()") || !strings.Contains(out, "SYSCALL_DEFINE0(foo_count)") {
			t.Errorf("%s output names SYSCALL_DEFINE0(foo_count) with doubled parentheses:\n%s", format, out)
		}
	}
}
