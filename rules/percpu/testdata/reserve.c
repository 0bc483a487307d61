/* SPDX-License-Identifier: MIT */
/*
 * A reserve function that returns an object with preemption disabled, or
 * NULL with nothing changed (ring_buffer_lock_reserve() does so): the
 * caller is pinned exactly when it got an object.
 */
#include <linux/percpu.h>
#include <linux/fs.h>

struct rec {
	int len;
};
static DEFINE_PER_CPU(struct rec, rec_slot);
static DEFINE_PER_CPU(unsigned long, rec_count);
static int rec_disabled;

static struct rec *rec_reserve(int len)
{
	struct rec *r;

	preempt_disable_notrace();
	if (rec_disabled)
		goto out;
	r = this_cpu_ptr(&rec_slot);
	r->len = len;
	return r;
out:
	preempt_enable_notrace();
	return NULL;
}

static void rec_commit(struct rec *r)
{
	__this_cpu_inc(rec_count);
	preempt_enable_notrace();
}

static ssize_t rec_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	struct rec *r = rec_reserve(n);

	if (!r) {
		__this_cpu_inc(rec_count); /* want:both "per-CPU rec_count accessed with __this_cpu_inc\\(\\) in preemptible task context in rec_write\\(\\)" */
		return -EBUSY;
	}
	rec_commit(r);
	return n;
}

static const struct file_operations rec_fops = {
	.write = rec_write,
};
