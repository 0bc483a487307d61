/* SPDX-License-Identifier: MIT */
/*
 * One of an array of locks taken through a helper that locks its
 * parameter (nf_conntrack_lock(&locks[h])) and released directly: the
 * helper's hold is as untracked as a direct spin_lock(&locks[h]), so the
 * release matches, and the sleep after it is not under the lock. A
 * helper locking one named lock still counts.
 */
#include <linux/spinlock.h>
#include <linux/delay.h>
#include <linux/module.h>

static spinlock_t bucket_locks[16];
static DEFINE_SPINLOCK(one_lock);

void bucket_lock(spinlock_t *lock)
{
	spin_lock(lock);
}
EXPORT_SYMBOL_GPL(bucket_lock);

static void buckets_unlock(unsigned int h1, unsigned int h2)
{
	spin_unlock(&bucket_locks[h1]);
	if (h1 != h2)
		spin_unlock(&bucket_locks[h2]);
}

static void buckets_lock(unsigned int h1, unsigned int h2)
{
	bucket_lock(&bucket_locks[h1]);
	if (h1 != h2)
		spin_lock_nested(&bucket_locks[h2], SINGLE_DEPTH_NESTING);
}

static int __init buckets_init(void)
{
	unsigned int h;

	for (h = 0; h < 16; h++)
		spin_lock_init(&bucket_locks[h]);
	buckets_lock(1, 2);
	buckets_unlock(1, 2);
	msleep(1);
	bucket_lock(&one_lock);
	msleep(1); /* want:both "msleep\\(\\) may sleep" */
	spin_unlock(&one_lock);
	return 0;
}
module_init(buckets_init);
