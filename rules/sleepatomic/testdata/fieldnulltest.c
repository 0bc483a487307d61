/* SPDX-License-Identifier: MIT */
/*
 * A pointer field tested for NULL takes both ways: "is a job running?"
 * (dev->cur) is a state of the object, not a pointer the code knows to
 * be set. The rest of the function, after the early return for a
 * running job, still runs in the callback's context.
 */
#include <linux/timer.h>
#include <linux/delay.h>

struct job;

struct jdev {
	struct timer_list timer;
	struct job *cur;
};

static void jdev_tick(struct timer_list *t)
{
	struct jdev *d = from_timer(d, t, timer);

	if (NULL != d->cur)
		return;
	msleep(1); /* want:both "msleep\\(\\) may sleep in softirq context in jdev_tick\\(\\)" */
}

static void jdev_setup(struct jdev *d)
{
	timer_setup(&d->timer, jdev_tick, 0);
}
