/* SPDX-License-Identifier: MIT */
/*
 * An array of locks taken in one loop and released in another: the
 * analysis does not pair the two loops' trip counts, so it does not count
 * holds of a lock picked by a variable index. A sleep under a plain lock
 * taken the same way is still reported.
 */
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/fs.h>

#define NR_LOCKS 8

struct table {
	spinlock_t locks[NR_LOCKS];
	spinlock_t *hash_locks;
	spinlock_t lock;
};

static void lock_all(struct table *t)
{
	int i;

	spin_lock_irq(t->hash_locks);
	for (i = 1; i < NR_LOCKS; i++)
		spin_lock_nest_lock(t->hash_locks + i, t->hash_locks);
	for (i = 0; i < NR_LOCKS; i++)
		spin_lock(&t->locks[i]);
}

static void unlock_all(struct table *t)
{
	int i;

	for (i = NR_LOCKS - 1; i >= 0; i--)
		spin_unlock(&t->locks[i]);
	for (i = NR_LOCKS - 1; i; i--)
		spin_unlock(t->hash_locks + i);
	spin_unlock_irq(t->hash_locks);
}

static long table_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct table *t = f->private_data;

	lock_all(t);
	unlock_all(t);
	cond_resched();
	spin_lock(&t->lock);
	cond_resched(); /* want:both "cond_resched\\(\\) may sleep under" */
	spin_unlock(&t->lock);
	return 0;
}

static const struct file_operations table_fops = {
	.unlocked_ioctl = table_ioctl,
};
