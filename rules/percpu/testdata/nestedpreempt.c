/* SPDX-License-Identifier: MIT */
/*
 * preempt_disable_nested() disables preemption on PREEMPT_RT only: other
 * kernels run the sections it guards with preemption off already (a
 * spinlock_t, a softirq, an IRQ handler), and there it does nothing. Used
 * where that is not so, it pins nothing on them.
 */
#include <linux/percpu.h>
#include <linux/fs.h>
#include <linux/preempt.h>

static DEFINE_PER_CPU(long, nr_events);

/* A file write: preemptible, on non-RT kernels even inside the section. */
static ssize_t events_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	long x;

	preempt_disable_nested();
	x = __this_cpu_read(nr_events); /* want:nonrt "per-CPU nr_events accessed with __this_cpu_read\\(\\) in preemptible task context in events_write\\(\\)" */
	__this_cpu_write(nr_events, x + 1);
	preempt_enable_nested();
	return n;
}

static const struct file_operations events_fops = {
	.write = events_write,
};
