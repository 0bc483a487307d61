// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// A tree whose file calls a helper of a shared header that pins the task
// to its CPU: the per-CPU access between the helpers is safe, which only
// reading the header tells.
var helperTree = map[string]string{
	"Makefile":       "# SPDX-License-Identifier: MIT\n",
	"kernel/Kconfig": "",
	"include/linux/pinhelp.h": `/* SPDX-License-Identifier: MIT */
static inline void pin_this_task(void)
{
	migrate_disable();
}

static inline void unpin_this_task(void)
{
	migrate_enable();
}
`,
	"include/uapi/linux/pinhelp.h": `/* SPDX-License-Identifier: MIT */
static inline void pin_this_task(void) { }
`,
	"kernel/stats.c": `/* SPDX-License-Identifier: MIT */
#include <linux/percpu.h>
#include <linux/fs.h>
#include <linux/pinhelp.h>

static DEFINE_PER_CPU(unsigned long, hits);

static ssize_t hits_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	unsigned long *p;

	pin_this_task();
	p = this_cpu_ptr(&hits);
	(*p)++;
	unpin_this_task();
	return n;
}

static const struct file_operations hits_fops = {
	.write = hits_write,
};
`,
}

func TestHelperHeaders(t *testing.T) {
	root := testenv.WriteTree(t, helperTree)
	db := filepath.Join(t.TempDir(), "i.db")
	buildIndex(t, root, db)
	target := filepath.Join(root, "kernel", "stats.c")
	for _, idx := range []string{"none", db} {
		l := newTestLinter(root, idx)
		got := l.helperHeaders([]string{"pin_this_task", "unpin_this_task", "not_defined_anywhere"})
		if want := []string{filepath.Join(root, "include/linux/pinhelp.h")}; len(got) != 1 || got[0] != want[0] {
			t.Errorf("index %s: helperHeaders = %v, want %v", idx, got, want)
		}

		res, err := Run(Options{Tree: root, Inputs: []string{target}, Index: idx, Config: "both"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Rule == "percpu" {
				t.Errorf("index %s: %s:%d: %s (the header's helper disables migration)", idx, f.File, f.Line, f.Message)
			}
		}
		// Without the tree (no header to read) the access is reported:
		// the test would pass vacuously if it were not.
		res, err = Run(Options{Inputs: []string{target}, Config: "nonrt"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range res.Findings {
			found = found || f.Rule == "percpu" && strings.Contains(f.Message, "hits")
		}
		if !found {
			t.Errorf("without the tree: no percpu finding on hits (findings %v)", res.Findings)
		}
	}
}

// A tree header's allocation wrapper whose GFP flags are its parameter:
// a timer passing GFP_KERNEL through it is reported at its call, in the
// linted file, naming the wrapper; the GFP_ATOMIC caller is not.
var wrapperTree = map[string]string{
	"Makefile":       "# SPDX-License-Identifier: MIT\n",
	"kernel/Kconfig": "",
	"include/net/wrapalloc.h": `/* SPDX-License-Identifier: MIT */
#include <linux/skbuff.h>

static inline struct sk_buff *wrap_skb_alloc(unsigned int len, gfp_t how)
{
	struct sk_buff *skb = alloc_skb(len + 32, how);

	if (skb)
		skb_reserve(skb, 32);
	return skb;
}
`,
	"net/wrap/wrap.c": `/* SPDX-License-Identifier: MIT */
#include <linux/timer.h>
#include <net/wrapalloc.h>

struct wrap_conn {
	struct timer_list timer;
	struct timer_list timer2;
	unsigned int len;
};

static void wrap_send(struct wrap_conn *c)
{
	kfree_skb(wrap_skb_alloc(c->len, GFP_KERNEL));
}

static void wrap_send_atomic(struct wrap_conn *c)
{
	kfree_skb(wrap_skb_alloc(c->len, GFP_ATOMIC));
}

static void wrap_timeout(struct timer_list *t)
{
	struct wrap_conn *c = from_timer(c, t, timer);

	wrap_send(c);
}

static void wrap_timeout2(struct timer_list *t)
{
	struct wrap_conn *c = from_timer(c, t, timer2);

	wrap_send_atomic(c);
}

void wrap_init(struct wrap_conn *c)
{
	timer_setup(&c->timer, wrap_timeout, 0);
	timer_setup(&c->timer2, wrap_timeout2, 0);
}
`,
}

func TestHelperHeaderSleepAtCaller(t *testing.T) {
	root := testenv.WriteTree(t, wrapperTree)
	target := filepath.Join(root, "net", "wrap", "wrap.c")
	got := ruleFindings(t, Options{Tree: root, Inputs: []string{target}, Index: "none", Config: "nonrt"}, "sleepatomic")
	want := "wrap_send: alloc_skb() (GFP_KERNEL) via wrap_skb_alloc() may sleep in softirq context in wrap_send()"
	if len(got) != 1 || got[0] != want {
		t.Errorf("sleepatomic findings %q, want [%q]", got, want)
	}
}

// ruleFindings runs the lint and returns the rule's findings as
// "function: message".
func ruleFindings(t *testing.T, opts Options, rule string) []string {
	t.Helper()
	res, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Rule == rule {
			got = append(got, f.Function+": "+f.Message)
		}
	}
	return got
}
