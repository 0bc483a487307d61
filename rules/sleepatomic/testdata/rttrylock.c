/* SPDX-License-Identifier: MIT */
/*
 * On PREEMPT_RT spinlock_t is an rt_mutex: spin_lock() may sleep, so it
 * must not be taken with preemption off. A trylock never blocks (it
 * returns 0 when the lock is busy), so it is allowed there; lockdep's
 * wait-context check skips trylocks too.
 */
#include <linux/spinlock.h>
#include <linux/percpu.h>
#include <linux/workqueue.h>

struct requeue {
	spinlock_t lock;
	int pending;
};

static DEFINE_PER_CPU(struct requeue, requeues);

static void requeue_work_fn(struct work_struct *w)
{
	struct requeue *r = get_cpu_ptr(&requeues);

	if (spin_trylock(&r->lock)) {
		r->pending = 0;
		spin_unlock(&r->lock);
	}
	spin_lock(&r->lock); /* want:rt "spin_lock\\(\\).*may sleep" */
	r->pending++;
	spin_unlock(&r->lock);
	put_cpu_ptr(&requeues);
}
static DECLARE_WORK(requeue_work, requeue_work_fn);
