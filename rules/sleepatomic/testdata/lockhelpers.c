/* SPDX-License-Identifier: MIT */
/*
 * Locking helpers that take the lock as a parameter: lock_cpu(l) and
 * unlock_cpu(l) take and release the caller's lock, so nothing is held
 * after the pair, and the sleep that follows is fine. The sleep between
 * them is not.
 */
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/sched.h>

static DEFINE_RAW_SPINLOCK(cpu_stats_lock);

static unsigned long lock_cpu(raw_spinlock_t *l)
{
	unsigned long flags;

	if (!raw_spin_trylock_irqsave(l, flags))
		raw_spin_lock_irqsave(l, flags);
	return flags;
}

static void unlock_cpu(raw_spinlock_t *l, unsigned long flags)
{
	raw_spin_unlock_irqrestore(l, flags);
}

static void stats_work_fn(struct work_struct *w)
{
	unsigned long flags;

	flags = lock_cpu(&cpu_stats_lock);
	cond_resched(); /* want:both "cond_resched\\(\\) may sleep (under raw spinlock cpu_stats_lock|with IRQs disabled)" */
	unlock_cpu(&cpu_stats_lock, flags);
	cond_resched();
}
static DECLARE_WORK(stats_work, stats_work_fn);
