/* SPDX-License-Identifier: MIT */
/*
 * The advice names the table's variant of the call the site makes: a
 * work item (IRQs on) would take _irq, which spin_lock_nested() does not
 * have, so its _irqsave variant, spin_lock_irqsave_nested(); a call the
 * table has no variant of (spin_lock_nest_lock()) is advised in words and
 * not rewritten.
 */
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct pair {
	spinlock_t lock;
	int n;
};

struct nest {
	spinlock_t lock;
	spinlock_t outer;
	int n;
};

static struct pair a;
static struct nest b;
static struct work_struct move_work, merge_work;

static irqreturn_t pair_irq(int irq, void *data)
{
	spin_lock(&a.lock);
	a.n++;
	spin_unlock(&a.lock);
	spin_lock(&b.lock);
	b.n++;
	spin_unlock(&b.lock);
	return IRQ_HANDLED;
}

static void pair_move(struct work_struct *w)
{
	spin_lock_nested(&a.lock, SINGLE_DEPTH_NESTING); /* want "a.lock is taken with hardirqs enabled in pair_move\\(\\).*; use spin_lock_irqsave_nested\\(\\)$" */
	a.n = 0;
	spin_unlock(&a.lock);
}

static void pair_merge(struct work_struct *w)
{
	spin_lock(&b.outer);
	spin_lock_nest_lock(&b.lock, &b.outer); /* want "b.lock is taken with hardirqs enabled in pair_merge\\(\\).*; use the _irq form of spin_lock_nest_lock\\(\\)$" */
	b.n = 0;
	spin_unlock(&b.lock);
	spin_unlock(&b.outer);
}

int pair_init(int irq)
{
	INIT_WORK(&move_work, pair_move);
	INIT_WORK(&merge_work, pair_merge);
	return request_irq(irq, pair_irq, 0, "pair", NULL);
}
