/* SPDX-License-Identifier: MIT */
/*
 * Where the analysis loses count of what the code disables, it does not
 * claim the task is preemptible: the locks of a loop may still be held.
 */
#include <linux/percpu.h>
#include <linux/fs.h>
#include <linux/spinlock.h>

struct bucket {
	spinlock_t lock;
};
static struct bucket buckets[8];
static DEFINE_PER_CPU(unsigned long, hits);

/* Releases as many locks as the loop runs: its ways out disagree. */
static void unlock_some(int n)
{
	int i;

	for (i = 0; i < n; i++)
		spin_unlock(&buckets[i].lock);
}

static ssize_t hits_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	int i;

	for (i = 0; i < 8; i++)
		spin_lock(&buckets[i].lock);
	unlock_some(4);
	__this_cpu_inc(hits);
	unlock_some(4);
	return n;
}

/* Where the count is known, the access is reported. */
static ssize_t hits_read(struct file *f, char __user *u, size_t n, loff_t *pos)
{
	__this_cpu_inc(hits); /* want:both "per-CPU hits accessed with __this_cpu_inc\\(\\) in preemptible task context in hits_read\\(\\)" */
	return 0;
}

static const struct file_operations hits_fops = {
	.write = hits_write,
	.read = hits_read,
};
