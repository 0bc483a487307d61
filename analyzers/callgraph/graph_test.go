// SPDX-License-Identifier: MIT

package callgraph

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
)

// roots builds the graph of one C file and returns, per function, its
// roots as "ctx/rtctx via".
func roots(t *testing.T, src string) map[string][]string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "drv.c")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	u, err := cunit.New(dir, []*cparse.Config{cparse.NewConfig(false)}, []string{path}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := Build(u).Graphs["nonrt"]
	out := map[string][]string{}
	for _, n := range g.Nodes {
		for _, r := range n.Roots {
			out[n.Name()] = append(out[n.Name()], r.Ctx+"/"+r.RTCtx+" "+r.Via)
		}
	}
	return out
}

func wantRoot(t *testing.T, got map[string][]string, fn, prefix string) {
	t.Helper()
	for _, r := range got[fn] {
		if strings.HasPrefix(r, prefix) {
			return
		}
	}
	t.Errorf("%s: no root %q; roots: %q", fn, prefix, got[fn])
}

// A function a macro defines (SYSCALL_DEFINE) is rooted by that macro.
func TestSelfDefiningMacro(t *testing.T) {
	got := roots(t, `#include <linux/syscalls.h>
static int do_foo(int cmd) { return cmd; }
SYSCALL_DEFINE3(foo, int, cmd, void __user *, uattr, unsigned int, size)
{
	return do_foo(cmd);
}
`)
	wantRoot(t, got, "SYSCALL_DEFINE3(foo)", "task/ SYSCALL_DEFINE3")
}

// hrtimer_init()'s mode decides where ->function runs, also when the
// timer is reached through a local pointer.
func TestHrtimerModeThroughLocal(t *testing.T) {
	got := roots(t, `#include <linux/hrtimer.h>
#include <linux/percpu.h>
static DEFINE_PER_CPU(struct hrtimer, wd_timer);
static enum hrtimer_restart hard_fn(struct hrtimer *t) { return HRTIMER_NORESTART; }
static enum hrtimer_restart soft_fn(struct hrtimer *t) { return HRTIMER_NORESTART; }
static enum hrtimer_restart plain_fn(struct hrtimer *t) { return HRTIMER_NORESTART; }
static void enable(void)
{
	struct hrtimer *h = this_cpu_ptr(&wd_timer);
	struct hrtimer *s = kmalloc(sizeof(*s), GFP_KERNEL);
	struct hrtimer *p = kmalloc(sizeof(*p), GFP_KERNEL);

	hrtimer_init(h, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	h->function = hard_fn;
	hrtimer_init(s, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	s->function = soft_fn;
	hrtimer_init(p, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	p->function = plain_fn;
}
`)
	wantRoot(t, got, "hard_fn", "hardirq/ ")
	wantRoot(t, got, "soft_fn", "softirq/ ")
	wantRoot(t, got, "plain_fn", "hardirq/softirq ")
}

// hrtimer_setup() names the callback and the mode in one call: the mode
// argument's text decides (the table's argctx), as for hrtimer_init().
func TestHrtimerSetupMode(t *testing.T) {
	got := roots(t, `#include <linux/hrtimer.h>
static struct hrtimer ht, st, pt;
static enum hrtimer_restart hard_cb(struct hrtimer *t) { return HRTIMER_NORESTART; }
static enum hrtimer_restart soft_cb(struct hrtimer *t) { return HRTIMER_NORESTART; }
static enum hrtimer_restart plain_cb(struct hrtimer *t) { return HRTIMER_NORESTART; }
static void start(void)
{
	hrtimer_setup(&ht, hard_cb, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	hrtimer_setup(&st, soft_cb, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	hrtimer_setup(&pt, plain_cb, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
}
`)
	wantRoot(t, got, "hard_cb", "hardirq/ ")
	wantRoot(t, got, "soft_cb", "softirq/ ")
	wantRoot(t, got, "plain_cb", "hardirq/softirq ")
}

// Attribute macros define show/store methods named after their argument,
// as a file-scope declaration or inside an initializer.
func TestAttributeMacros(t *testing.T) {
	got := roots(t, `#include <linux/sysfs.h>
static ssize_t run_show(struct kobject *k, struct kobj_attribute *a, char *buf) { return 0; }
static ssize_t run_store(struct kobject *k, struct kobj_attribute *a, const char *buf, size_t n) { return n; }
static struct kobj_attribute run_attr = __ATTR_RW(run);
static ssize_t mode_show(struct kobject *k, struct kobj_attribute *a, char *buf) { return 0; }
static struct kobj_attribute attrs[] = { __ATTR_RO(mode) };
`)
	wantRoot(t, got, "run_show", "task/ __ATTR_RW(run)")
	wantRoot(t, got, "run_store", "task/ __ATTR_RW(run)")
	wantRoot(t, got, "mode_show", "task/ __ATTR_RO(mode)")
}

// A field entry bound to a struct (->func of struct irq_work runs in
// hardirq) applies only where the member's struct is known to be that
// one: callback_head's ->func (task work) is a task-context callback.
func TestFieldEntryNeedsItsStruct(t *testing.T) {
	got := roots(t, `
struct irq_work { void (*func)(struct irq_work *); };
/* struct req is a header's: the type of r->tw is not known here. */

static void iw_fn(struct irq_work *w) { }
static void tw_fn(struct callback_head *h) { }

void setup(struct irq_work *w, struct req *r)
{
	w->func = iw_fn;
	r->tw.func = tw_fn;
}
`)
	wantRoot(t, got, "iw_fn", "hardirq/")
	if len(got["tw_fn"]) != 0 {
		t.Errorf("tw_fn: roots %v, want none (the member's struct is not known)", got["tw_fn"])
	}
}

// The dev_pm_ops macros of the model put each callback in its field, so
// the operations table roots them.
func TestPMOpsMacrosRoot(t *testing.T) {
	got := roots(t, `#include <linux/pm.h>
static int foo_suspend(struct device *dev) { return 0; }
static int foo_resume(struct device *dev) { return 0; }
static int foo_rt_idle(struct device *dev) { return 0; }
static const struct dev_pm_ops foo_pm_ops = {
	SYSTEM_SLEEP_PM_OPS(foo_suspend, foo_resume)
	RUNTIME_PM_OPS(NULL, NULL, foo_rt_idle)
};
`)
	wantRoot(t, got, "foo_suspend", "task/ dev_pm_ops.suspend (foo_pm_ops)")
	wantRoot(t, got, "foo_resume", "task/ dev_pm_ops.resume (foo_pm_ops)")
	wantRoot(t, got, "foo_rt_idle", "task/ dev_pm_ops.runtime_idle (foo_pm_ops)")
}

// DECLARE_TASKLET_OLD(name, func) runs its second argument in softirq.
func TestDeclareTaskletOld(t *testing.T) {
	got := roots(t, `#include <linux/interrupt.h>
static void old_fn(unsigned long data) { }
static DECLARE_TASKLET_OLD(old_tasklet, old_fn);
`)
	wantRoot(t, got, "old_fn", "softirq/ DECLARE_TASKLET_OLD")
}
