/* SPDX-License-Identifier: MIT */
/* The RCU flavours' grace-period and barrier waits sleep like synchronize_rcu(). */
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/timer.h>

DEFINE_STATIC_SRCU(cache_srcu);
static DEFINE_SPINLOCK(cache_lock);
static struct timer_list cache_timer;

static void cache_expire(struct timer_list *t)
{
	srcu_barrier(&cache_srcu); /* want:both "srcu_barrier\\(\\) may sleep in softirq context in cache_expire\\(\\)" */
}

static void cache_flush(void)
{
	spin_lock(&cache_lock);
	synchronize_srcu_expedited(&cache_srcu); /* want:both "synchronize_srcu_expedited\\(\\) may sleep under (spinlock )?&?cache_lock" */
	synchronize_rcu_expedited(); /* want:both "synchronize_rcu_expedited\\(\\) may sleep under (spinlock )?&?cache_lock" */
	rcu_barrier_tasks_trace(); /* want:both "rcu_barrier_tasks_trace\\(\\) may sleep under (spinlock )?&?cache_lock" */
	spin_unlock(&cache_lock);
}

void cache_init(void)
{
	timer_setup(&cache_timer, cache_expire, 0);
	cache_flush();
}
