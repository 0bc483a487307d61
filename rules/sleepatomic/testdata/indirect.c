/* SPDX-License-Identifier: MIT */
/*
 * Calls through function pointers. A call through a field of a struct no
 * table lists (struct blk_ops, a driver's own) calls every function the
 * unit stores in that field — by a designated or positional initializer
 * or by an assignment — with the caller's state; after it the caller's
 * state is what all those callees leave, or as it was when they differ.
 * A function passed as an argument is called, with the state there, where
 * the callee calls the parameter.
 */
#include <linux/spinlock.h>
#include <linux/delay.h>
#include <linux/timer.h>
#include <linux/interrupt.h>
#include <linux/module.h>

struct blk_dev;

struct blk_ops {
	void (*start)(struct blk_dev *d);
	void (*stop)(struct blk_dev *d);
};

struct blk_dev {
	spinlock_t lock;
	const struct blk_ops *ops;
	struct timer_list timer;
	void (*done)(struct blk_dev *d);
	int irq;
};

static void fast_start(struct blk_dev *d)
{
	d->irq = 0;
}

static void slow_start(struct blk_dev *d)
{
	msleep(1); /* want:both "msleep\\(\\) may sleep in softirq context in slow_start\\(\\)" */
}

static void irqoff_stop(struct blk_dev *d)
{
	local_irq_disable();
}

static void plain_stop(struct blk_dev *d)
{
	d->irq = 0;
}

static const struct blk_ops fast_ops = { .start = fast_start, .stop = irqoff_stop };
static const struct blk_ops slow_ops = { slow_start, plain_stop };

static void blk_timer(struct timer_list *t)
{
	struct blk_dev *d = from_timer(d, t, timer);

	d->ops->start(d);
}

static void blk_done_msleep(struct blk_dev *d)
{
	msleep(1); /* want "msleep\\(\\) may sleep in hardirq context in blk_done_msleep\\(\\)" */ /* want:rt "msleep\\(\\) may sleep with BH disabled in blk_done_msleep\\(\\)" */
}

static irqreturn_t blk_interrupt(int irq, void *data)
{
	struct blk_dev *d = data;

	(*d->done)(d);
	return IRQ_HANDLED;
}

/* Two callees of pm_ops.enter, both leaving IRQs off. */
struct pm_ops {
	void (*enter)(void);
};

static void a_enter(void)
{
	local_irq_disable();
}

static void b_enter(void)
{
	local_irq_disable();
}

static const struct pm_ops pm_a = { .enter = a_enter };
static const struct pm_ops pm_b = { .enter = b_enter };

static DEFINE_SPINLOCK(list_lock);

static void for_each_blk(void (*fn)(int), int n)
{
	spin_lock(&list_lock);
	fn(n);
	spin_unlock(&list_lock);
}

static void blk_sync(int n)
{
	msleep(n); /* want:both "msleep\\(\\) may sleep under (spinlock )?list_lock" */
}

static void blk_count(int n)
{
}

static struct blk_dev the_dev;
static const struct pm_ops *the_pm;

static int __init blk_init(void)
{
	struct blk_dev *d = &the_dev;
	const struct pm_ops *pm = the_pm;

	timer_setup(&d->timer, blk_timer, 0);
	d->ops = &fast_ops;
	d->done = blk_done_msleep;
	if (request_irq(d->irq, blk_interrupt, 0, "blk", d))
		return -1;
	/* irqoff_stop and plain_stop differ: the state stays as it was */
	d->ops->stop(d);
	msleep(1);
	/* a_enter and b_enter agree: IRQs are off after the call */
	pm->enter();
	msleep(1); /* want:both "msleep\\(\\) may sleep with IRQs disabled in blk_init\\(\\)" */
	local_irq_enable();
	for_each_blk(blk_sync, 1);
	for_each_blk(blk_count, 1);
	return 0;
}
module_init(blk_init);
