// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// TestFocusKeepsDeepCallees: a context file's function on the way to the
// target disables IRQs and a callee three calls down enables them again
// (as __schedule() does and finish_lock_switch() undoes under
// context_switch()). Focus parses only the functions that matter, but a
// callee any depth below a kept one may undo what it did: with the old
// two-level cut, the disabling function's summary left IRQs off and the
// target's spinlock was reported as sleeping with IRQs off on
// PREEMPT_RT. Findings with focus must be those without it.
func TestFocusKeepsDeepCallees(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{
		"lib/counter.c": `#include <linux/spinlock.h>

static DEFINE_SPINLOCK(counter_lock);
static int counter;

void counter_bump(void)
{
	unsigned long flags;

	spin_lock_irqsave(&counter_lock, flags);
	counter++;
	spin_unlock_irqrestore(&counter_lock, flags);
}
`,
		"drivers/misc/worker.c": `#include <linux/kthread.h>
#include <linux/irqflags.h>

static void leaf(void) { local_irq_enable(); }
static void mid2(void) { leaf(); }
static void mid1(void) { mid2(); }
static void switch_off(void) { local_irq_disable(); mid1(); }

static int worker_fn(void *data)
{
	switch_off();
	counter_bump();
	return 0;
}

void worker_start(void)
{
	kthread_run(worker_fn, NULL, "worker");
}
`,
	})
	run := func(nofocus bool) []string {
		res, err := Run(Options{Tree: root, Index: "none", Inputs: []string{filepath.Join(root, "lib", "counter.c")}, NoFocus: nofocus})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, f := range res.Findings {
			keys = append(keys, f.Key+" "+f.Message)
		}
		return keys
	}
	all := run(true)
	focused := run(false)
	if len(all) != 0 {
		t.Errorf("without focus: %d findings, want none (IRQs are back on when counter_bump() runs):\n%v", len(all), all)
	}
	if len(focused) != len(all) {
		t.Errorf("with focus: %d findings, without: %d; focus must not change findings:\n%v", len(focused), len(all), focused)
	}
}
