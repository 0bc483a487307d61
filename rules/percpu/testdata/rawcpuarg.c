/* SPDX-License-Identifier: MIT */
/*
 * per_cpu_ptr(x, raw_smp_processor_id()) is raw_cpu_ptr(x): the code says
 * any CPU's data will do (statistics added atomically, a hint), as the
 * raw accessor's own promise. With smp_processor_id() it is this CPU's
 * data, and the preemptible path is reported.
 */
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/module.h>

struct io_stats {
	atomic_t done;
	unsigned long hint;
};

static struct io_stats __percpu *stats;

static ssize_t stats_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	struct io_stats *s = per_cpu_ptr(stats, raw_smp_processor_id());
	struct io_stats *t = per_cpu_ptr(stats, smp_processor_id()); /* want:both "stats" */

	atomic_inc(&s->done);
	t->hint++;
	return n;
}

static const struct file_operations stats_fops = {
	.write = stats_write,
};
