/* SPDX-License-Identifier: MIT */
/*
 * Two modules analysed together, each with its own struct foo_dev (a type
 * local to its .c file): fooa's lock is taken in softirq, foob's with
 * softirqs enabled. They are two lock classes, not one.
 */
#include <linux/spinlock.h>
#include <linux/timer.h>

struct foo_dev {
	spinlock_t lock;
	struct timer_list timer;
	int ticks;
};

static void fooa_timer(struct timer_list *t)
{
	struct foo_dev *dev = from_timer(dev, t, timer);

	spin_lock(&dev->lock);
	dev->ticks++;
	spin_unlock(&dev->lock);
}

static void fooa_setup(struct foo_dev *dev)
{
	timer_setup(&dev->timer, fooa_timer, 0);
}
