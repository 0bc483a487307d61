/* SPDX-License-Identifier: MIT */
/*
 * A caller passes GFP flags written as several flags or'ed together
 * (GFP_NOWAIT | __GFP_NOWARN); the callee keeps whether they allow
 * blocking in a local bool, and yields only then. The tasklet passes
 * flags that do not allow blocking: no sleep in softirq context. A
 * handler that passes GFP_KERNEL | __GFP_ZERO is caught.
 */
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/sched.h>

static void refill(void *ring, gfp_t gfp)
{
	bool can_wait = !!(gfp & __GFP_DIRECT_RECLAIM);
	int i;

	for (i = 0; i < 8; i++) {
		if (can_wait)
			cond_resched();
	}
}

static void bad_refill(void *ring, gfp_t gfp)
{
	bool can_wait = !!(gfp & __GFP_DIRECT_RECLAIM);

	if (can_wait)
		cond_resched(); /* want:both "cond_resched\\(\\) may sleep .*in bad_refill\\(\\)" */
}

static void ring_tasklet(struct tasklet_struct *t)
{
	refill(t, GFP_NOWAIT | __GFP_NOWARN);
	bad_refill(t, GFP_KERNEL | __GFP_ZERO);
}

static DECLARE_TASKLET(ring_task, ring_tasklet);

static int ring_open(void *ring)
{
	refill(ring, GFP_KERNEL | __GFP_NOWARN);
	tasklet_schedule(&ring_task);
	return 0;
}
EXPORT_SYMBOL(ring_open);
