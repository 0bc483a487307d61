/* SPDX-License-Identifier: MIT */
/*
 * A lock released under another name than it was taken by: the caller
 * takes &b->lock, the callee drops it as *q->lock_ptr (which points to
 * it) to sleep, and takes it again. The analysis cannot connect the two
 * names; with one spinlock held, the release of an unknown one of the
 * same class is that one. An assertion that q->lock_ptr is held does not
 * make it a second lock.
 */
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

struct bucket {
	spinlock_t lock;
};

struct waiter {
	spinlock_t *lock_ptr;
};

static DEFINE_MUTEX(fault_mutex);
static struct bucket the_bucket;
static struct waiter the_waiter;
static DEFINE_SPINLOCK(other_lock);

static void fault_in(void)
{
	mutex_lock(&fault_mutex);
	mutex_unlock(&fault_mutex);
}

static void fault_in_other(void)
{
	mutex_lock(&fault_mutex); /* want:both "mutex_lock\\(\\) .*may sleep under" */
	mutex_unlock(&fault_mutex);
}

static void fixup_ambiguous(struct waiter *q)
{
	spin_unlock(q->lock_ptr);
	fault_in_other();
	spin_lock(q->lock_ptr);
}

static void fixup(struct waiter *q)
{
	lockdep_assert_held(q->lock_ptr);
	spin_unlock(q->lock_ptr);
	fault_in();
	spin_lock(q->lock_ptr);
}

static void fixup_noassert(struct waiter *q)
{
	spin_unlock(q->lock_ptr);
	fault_in();
	spin_lock(q->lock_ptr);
}

static void alias_work_fn(struct work_struct *w)
{
	struct bucket *b = &the_bucket;

	spin_lock(&b->lock);
	fixup(&the_waiter);
	spin_unlock(&b->lock);

	spin_lock(&b->lock);
	fixup_noassert(&the_waiter);
	spin_unlock(&b->lock);

	/* Two spinlocks held: which one the callee drops is not known. */
	spin_lock(&b->lock);
	spin_lock(&other_lock);
	fixup_ambiguous(&the_waiter);
	spin_unlock(&other_lock);
	spin_unlock(&b->lock);
}

static DECLARE_WORK(alias_work, alias_work_fn);
