// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// A function of another file that tests irqs_disabled() to choose its GFP
// flags, then takes a spinlock_t with spin_lock_irqsave() (fresh set 15:
// gnttab_add_deferred() in drivers/xen/grant-table.c): the test is a
// condition on its caller's state, not an effect. A caller with IRQs on is
// not told that the lock, a sleeping lock on PREEMPT_RT, is taken "with
// IRQs disabled"; a caller with IRQs off is.
var predEffectTree = map[string]string{
	"Makefile":       "# SPDX-License-Identifier: MIT\n",
	"kernel/Kconfig": "",
	"drivers/defq/core.c": `/* SPDX-License-Identifier: MIT */
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/export.h>

static DEFINE_SPINLOCK(defq_lock);
static void *defq_last;

static void defq_add(void *p)
{
	gfp_t gfp = (in_atomic() || irqs_disabled()) ? GFP_ATOMIC : GFP_KERNEL;
	unsigned long flags;
	void *e = kmalloc(16, gfp);

	spin_lock_irqsave(&defq_lock, flags);
	defq_last = e;
	spin_unlock_irqrestore(&defq_lock, flags);
}

void defq_end(void *p)
{
	if (p)
		defq_add(p);
}
EXPORT_SYMBOL_GPL(defq_end);
`,
	"drivers/defq/user.c": `/* SPDX-License-Identifier: MIT */
#include <linux/fs.h>
#include <linux/irqflags.h>

void defq_end(void *p);

static char buf[8];

static void user_free(void)
{
	int i;

	for (i = 0; i < 4; i++)
		defq_end(buf);
}

static ssize_t user_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	user_free();
	return n;
}

static ssize_t user_read(struct file *f, char __user *u, size_t n, loff_t *pos)
{
	local_irq_disable();
	defq_end(buf);
	local_irq_enable();
	return n;
}

static const struct file_operations user_fops = {
	.write = user_write,
	.read = user_read,
};
`,
}

func TestPredicateIsNoEffect(t *testing.T) {
	root := testenv.WriteTree(t, predEffectTree)
	target := filepath.Join(root, "drivers", "defq", "user.c")
	got := ruleFindings(t, Options{Tree: root, Inputs: []string{target}, Index: "none", Config: "rt"}, "sleepatomic")
	want := "user_read: [PREEMPT_RT] spin_lock_irqsave() (spinlock is a sleeping lock on PREEMPT_RT) via defq_end() -> defq_add() may sleep with IRQs disabled in user_read()"
	if len(got) != 1 || got[0] != want {
		t.Errorf("sleepatomic findings:\n%s\nwant only:\n%s", strings.Join(got, "\n"), want)
	}
}
