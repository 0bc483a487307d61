// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// A work item may run in a CPU's bound worker, where the CPU cannot
// change: its unpinned per-CPU access is uncertain. But a bound task is
// still interrupted, and a softirq user of the same per-CPU data on that
// CPU (here a timer) corrupts what the task was updating: then the
// finding is default output (set 6's dpaa2 one-step work item).
const pinDriver = `// SPDX-License-Identifier: MIT
#include <linux/percpu.h>
#include <linux/workqueue.h>
#include <linux/timer.h>

struct pin_stats {
	unsigned long packets;
};

static DEFINE_PER_CPU(struct pin_stats, pin_stats);
static struct work_struct pin_work;
static struct timer_list pin_timer;

static void pin_work_fn(struct work_struct *w)
{
	struct pin_stats *st = this_cpu_ptr(&pin_stats);

	st->packets++;
}
TIMER_USER
void pin_init(void)
{
	INIT_WORK(&pin_work, pin_work_fn);
	TIMER_SETUP
}
`

func TestBoundTaskStillInterrupted(t *testing.T) {
	withTimer := strings.NewReplacer("TIMER_USER", `
static void pin_timer_fn(struct timer_list *t)
{
	this_cpu_ptr(&pin_stats)->packets++;
}
`, "TIMER_SETUP", "timer_setup(&pin_timer, pin_timer_fn, 0);").Replace(pinDriver)
	if got := percpuFindings(t, withTimer, false); len(got) != 1 || got[0] != "pin_work_fn high" {
		t.Errorf("with a softirq user: default findings %q, want [pin_work_fn high]", got)
	}
	alone := strings.NewReplacer("TIMER_USER", "", "TIMER_SETUP", "").Replace(pinDriver)
	if got := percpuFindings(t, alone, false); len(got) != 0 {
		t.Errorf("without one: default findings %q, want none (the worker may be bound)", got)
	}
	if got := percpuFindings(t, alone, true); len(got) != 1 || got[0] != "pin_work_fn low" {
		t.Errorf("without one, --uncertain: %q, want [pin_work_fn low]", got)
	}
}

// A work item queued only on an unbound workqueue (WQ_UNBOUND, or
// alloc_ordered_workqueue()) is not bound to a CPU: its unpinned per-CPU
// access has no bound-worker doubt (set 7's hclge, on its WQ_UNBOUND
// queue). Queued on a per-CPU workqueue, it keeps the doubt.
func TestUnboundWorkqueueNotPinned(t *testing.T) {
	src := func(flags string) string {
		return strings.NewReplacer("TIMER_USER", `
static struct workqueue_struct *pin_wq;

void pin_kick(void)
{
	queue_work(pin_wq, &pin_work);
}
`, "TIMER_SETUP", `pin_wq = alloc_workqueue("pin", `+flags+`, 0);`).Replace(pinDriver)
	}
	if got := percpuFindings(t, src("WQ_UNBOUND | WQ_MEM_RECLAIM"), true); len(got) != 1 || got[0] != "pin_work_fn high" {
		t.Errorf("on an unbound workqueue: %q, want [pin_work_fn high]", got)
	}
	if got := percpuFindings(t, src("WQ_MEM_RECLAIM"), true); len(got) != 1 || got[0] != "pin_work_fn low" {
		t.Errorf("on a per-CPU workqueue: %q, want [pin_work_fn low]", got)
	}
}

// percpuFindings lints a one-file driver (drivers/pin/pin.c) for percpu
// in the non-RT configuration: "function confidence" per finding.
func percpuFindings(t *testing.T, src string, uncertain bool) []string {
	t.Helper()
	root := testenv.WriteTree(t, map[string]string{"drivers/pin/pin.c": src})
	res, err := Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "drivers", "pin", "pin.c")}, Index: "none", Config: "nonrt", Uncertain: uncertain, Rules: []string{"percpu"}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Function+" "+f.Confidence)
	}
	return out
}

// A CPU hotplug state's startup and teardown callbacks run in that CPU's
// hotplug thread: per-CPU state the one saves and the other restores
// (set 8's qedi iothread) is not carried across a migration. Both may be
// bound, so the finding is uncertain, with that doubt.
func TestCarriedStateBetweenBoundTasks(t *testing.T) {
	src := `// SPDX-License-Identifier: MIT
#include <linux/percpu.h>
#include <linux/cpuhotplug.h>
#include <linux/spinlock.h>
#include <linux/sched.h>

struct hp_pcpu {
	spinlock_t lock;
	struct task_struct *thread;
};
static DEFINE_PER_CPU(struct hp_pcpu, hp_pcpu);

static int hp_online(unsigned int cpu)
{
	struct hp_pcpu *p = this_cpu_ptr(&hp_pcpu);

	p->thread = current;
	return 0;
}

static int hp_offline(unsigned int cpu)
{
	struct hp_pcpu *p = this_cpu_ptr(&hp_pcpu);
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	t = p->thread;
	p->thread = NULL;
	spin_unlock_irqrestore(&p->lock, flags);
	if (t)
		wake_up_process(t);
	return 0;
}

int hp_init(void)
{
	return cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hp:online", hp_online, hp_offline);
}
`
	if got := percpuFindings(t, src, false); len(got) != 0 {
		t.Errorf("default findings %q, want none (both callbacks may be bound)", got)
	}
	got := percpuFindings(t, src, true)
	carried := false
	for _, g := range got {
		carried = carried || g == "hp_online low"
	}
	if !carried {
		t.Errorf("--uncertain: %q, want hp_online's carried-state finding, low", got)
	}
}
