/* SPDX-License-Identifier: MIT */
/*
 * GFP flags that allow blocking come from a caller that may sleep: a path
 * under a test of them runs in task context only, whatever contexts the
 * function was entered in — in its callees too, and whether the test is
 * gfpflags_allow_blocking() or a bit test of __GFP_DIRECT_RECLAIM kept in
 * a variable (as the page allocator's slow path does). The exported
 * allocator tests in_interrupt(), so it is entered in interrupts; those
 * callers pass GFP_ATOMIC. A caller's constant flags still decide: the
 * handler that passes GFP_KERNEL down is caught.
 */
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/delay.h>

static int pool_task_allocs;

static void reclaim_deep(void)
{
	msleep(1);
}

static void reclaim(gfp_t gfp)
{
	if (!gfpflags_allow_blocking(gfp))
		return;
	reclaim_deep();
}

static void slowpath(gfp_t gfp)
{
	bool can_reclaim = gfp & __GFP_DIRECT_RECLAIM;

	if (!can_reclaim)
		return;
	msleep(2);
}

void *pool_alloc(gfp_t gfp)
{
	if (!in_interrupt())
		pool_task_allocs++;
	reclaim(gfp);
	slowpath(gfp);
	return NULL;
}
EXPORT_SYMBOL(pool_alloc);

static void bad_reclaim(gfp_t gfp)
{
	if (!gfpflags_allow_blocking(gfp))
		return;
	msleep(3); /* want:both "msleep\\(\\) may sleep in hardirq context in bad_reclaim\\(\\)" */
}

static void bad_slowpath(gfp_t gfp)
{
	if (!(gfp & __GFP_DIRECT_RECLAIM))
		return;
	msleep(4); /* want:both "msleep\\(\\) may sleep in hardirq context in bad_slowpath\\(\\)" */
}

static irqreturn_t bad_irq(int irq, void *data)
{
	bad_reclaim(GFP_KERNEL);
	bad_slowpath(GFP_KERNEL);
	return IRQ_HANDLED;
}

static int pool_init(void)
{
	return request_irq(1, bad_irq, IRQF_NO_THREAD, "pool", NULL);
}
