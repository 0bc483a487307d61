/* SPDX-License-Identifier: MIT */
/*
 * A stacked channel forwards, under its spinlock, to the channel below it
 * through the core, which calls the lower channel's method through the
 * same operations struct. Which channels are stacked on which, the code
 * decides at run time (here: only ones that do not sleep); the analysis
 * does not follow a call through a field of a struct type the chain
 * already went through, so slow_xmit() is not taken to sleep under the
 * stacked channel's lock. It runs in task context, where it may sleep.
 */
#include <linux/spinlock.h>
#include <linux/delay.h>
#include <linux/module.h>

struct chan;

struct chan_ops {
	void (*xmit)(struct chan *c);
};

struct chan {
	const struct chan_ops *ops;
	struct chan *lower;
	spinlock_t lock;
};

static void chan_xmit(struct chan *c)
{
	c->ops->xmit(c);
}

static void slow_xmit(struct chan *c)
{
	msleep(1);
}

static const struct chan_ops slow_ops = { .xmit = slow_xmit };

static void stack_xmit(struct chan *c)
{
	spin_lock(&c->lock);
	chan_xmit(c->lower);
	spin_unlock(&c->lock);
}

static const struct chan_ops stack_ops = { .xmit = stack_xmit };

static struct chan the_chan;

static int __init chan_init(void)
{
	chan_xmit(&the_chan);
	return 0;
}
module_init(chan_init);
