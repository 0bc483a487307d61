/* SPDX-License-Identifier: MIT */
/*
 * Whether a held lock pins the task comes from its class in the table: a
 * mutex does not (the holder can be preempted and migrate), a spinlock_t
 * does (preemption off on non-RT, migration off on RT).
 */
#include <linux/percpu.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

static DEFINE_MUTEX(cfg_mutex);
static DEFINE_SPINLOCK(cfg_lock);
static DEFINE_PER_CPU(unsigned long, cfg_hits);

static ssize_t cfg_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	mutex_lock(&cfg_mutex);
	__this_cpu_inc(cfg_hits); /* want:both "per-CPU cfg_hits accessed with __this_cpu_inc\\(\\) in preemptible task context in cfg_write\\(\\)" */
	mutex_unlock(&cfg_mutex);

	spin_lock(&cfg_lock);
	__this_cpu_inc(cfg_hits);
	spin_unlock(&cfg_lock);
	return n;
}

static const struct file_operations cfg_fops = {
	.write = cfg_write,
};
