/* SPDX-License-Identifier: MIT */
/*
 * An hrtimer not marked _HARD expires in softirq context on PREEMPT_RT,
 * with IRQs on, whatever its callback asserts: there the raw lock an IPI
 * also takes is held with IRQs on. Without PREEMPT_RT the timer expires
 * in hardirq context and the assertion holds. Below the root an
 * assertion still stands: mux_rearm() says its callers disable IRQs, and
 * the work item that calls it with IRQs on is taken to be a way the
 * analysis made up (lockdep would report it if the kernel took it), so
 * the lock it takes is not reported as taken with IRQs on there.
 */
#include <linux/hrtimer.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/lockdep.h>
#include <linux/workqueue.h>

static DEFINE_RAW_SPINLOCK(mux_lock);
static struct hrtimer mux_timer;
static int mux_armed;
static struct work_struct mux_work;

static void mux_rearm(void)
{
	lockdep_assert_irqs_disabled();
	raw_spin_lock(&mux_lock);
	mux_armed = 1;
	raw_spin_unlock(&mux_lock);
}

static enum hrtimer_restart mux_tick(struct hrtimer *t)
{
	lockdep_assert_irqs_disabled();
	raw_spin_lock(&mux_lock); /* want:rt "inconsistent \\{HARDIRQ-ON-W\\} -> \\{IN-HARDIRQ-W\\} usage: mux_lock is taken with hardirqs enabled in mux_tick\\(\\)" */
	mux_armed = 0;
	raw_spin_unlock(&mux_lock);
	return HRTIMER_NORESTART;
}

static void mux_ipi(void *info)
{
	mux_rearm();
}

static void mux_work_fn(struct work_struct *w)
{
	mux_rearm();
}

static int mux_init(void)
{
	unsigned long flags;

	hrtimer_init(&mux_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	mux_timer.function = mux_tick;
	smp_call_function_single(0, mux_ipi, NULL, 1);
	INIT_WORK(&mux_work, mux_work_fn);
	local_irq_save(flags);
	mux_rearm();
	local_irq_restore(flags);
	return 0;
}
module_init(mux_init);
