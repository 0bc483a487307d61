/* SPDX-License-Identifier: MIT */
/*
 * Sleeps a function makes at its caller's request: under
 * gfpflags_allow_blocking(gfp) of a GFP argument. The caller's flags
 * decide; a lock taken after the test is still this function's doing.
 */
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

static DEFINE_SPINLOCK(q_lock);
static struct timer_list flush_timer;

static void *log_start(gfp_t gfp)
{
	if (gfpflags_allow_blocking(gfp))
		schedule_timeout(10);
	return kmalloc(32, gfp);
}

static void log_locked(gfp_t gfp)
{
	if (gfpflags_allow_blocking(gfp)) {
		spin_lock(&q_lock);
		schedule_timeout(10); /* want:both "schedule_timeout\\(\\) may sleep under (spinlock )?q_lock" */
		spin_unlock(&q_lock);
	}
}

static void flush_tick(struct timer_list *t)
{
	unsigned long flags;

	/* Zone modifiers say nothing about reclaim. */
	kfree(kzalloc(8, GFP_DMA));
	kfree(kzalloc(8, GFP_KERNEL | GFP_DMA)); /* want:both "kzalloc\\(\\) \\(GFP_KERNEL\\|GFP_DMA\\) may sleep in softirq context" */
	/* GFP_ATOMIC: the sleeping branch is not taken. */
	kfree(log_start(GFP_ATOMIC));
	local_irq_save(flags);
	kfree(log_start(GFP_ATOMIC));
	local_irq_restore(flags);
}

static int setup(void)
{
	timer_setup(&flush_timer, flush_tick, 0);
	kfree(log_start(GFP_KERNEL));
	log_locked(GFP_KERNEL);
	return 0;
}
module_init(setup);
