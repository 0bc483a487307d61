/* SPDX-License-Identifier: MIT */
/*
 * A per-CPU read-modify-write where the callers' locks only disable
 * migration on PREEMPT_RT: two tasks on one CPU, each holding another lock,
 * can interleave between the read and the write. On other kernels a
 * spinlock_t disables preemption and nothing is reported.
 */
#include <linux/percpu.h>
#include <linux/fs.h>
#include <linux/spinlock.h>
#include <linux/preempt.h>
#include <linux/cpuhotplug.h>
#include <linux/init.h>

static DEFINE_PER_CPU(long, nr_dirty);
static DEFINE_PER_CPU(long, nr_clean);
static DEFINE_PER_CPU(long, nr_nested);
static DEFINE_SPINLOCK(a_lock);
static DEFINE_SPINLOCK(b_lock);

struct zstat {
	s8 diff[4];
};

struct zone_x {
	struct zstat __percpu *stats;
};

static struct zone_x zx;

static void mod_dirty(long delta)
{
	long x = __this_cpu_read(nr_dirty) + delta; /* want:rt "per-CPU nr_dirty read \\(__this_cpu_read\\(\\)\\) and written back \\(__this_cpu_write\\(\\), line 35\\) in mod_dirty\\(\\) with only migration disabled" */

	__this_cpu_write(nr_dirty, x);
}

/* Through a local pointer into an array member of the per-CPU struct. */
static void mod_zone(struct zone_x *z, int item, int delta)
{
	struct zstat __percpu *pcp = z->stats;
	s8 __percpu *p = pcp->diff + item;
	long x;

	x = delta + __this_cpu_read(*p); /* want:rt "per-CPU struct zstat.diff, struct zstat of lostupdate.c read \\(__this_cpu_read\\(\\)\\)" */
	__this_cpu_write(*p, x);
}

/* Both callers hold b_lock: it serializes the updates. */
static void mod_clean(long delta)
{
	long x = __this_cpu_read(nr_clean) + delta;

	__this_cpu_write(nr_clean, x);
}

/* Preemption off on RT too. */
static void mod_nested(long delta)
{
	long x;

	preempt_disable_nested();
	x = __this_cpu_read(nr_nested) + delta;
	__this_cpu_write(nr_nested, x);
	preempt_enable_nested();
}

static ssize_t a_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	spin_lock(&a_lock);
	mod_dirty(1);
	mod_zone(&zx, 1, 1);
	mod_nested(1);
	spin_unlock(&a_lock);
	spin_lock(&b_lock);
	mod_clean(1);
	spin_unlock(&b_lock);
	return n;
}

static ssize_t b_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	spin_lock(&b_lock);
	mod_dirty(-1);
	mod_zone(&zx, 1, -1);
	mod_nested(-1);
	mod_clean(-1);
	spin_unlock(&b_lock);
	return n;
}

static const struct file_operations a_fops = {
	.write = a_write,
};

static const struct file_operations b_fops = {
	.write = b_write,
};

/*
 * One way in: the CPU's hotplug thread runs the online callback, bound to
 * the CPU; no other task runs it there to lose an update to.
 */
static DEFINE_PER_CPU(bool, hw_on);

static int hw_online(unsigned int cpu)
{
	if (__this_cpu_read(hw_on))
		return 0;
	__this_cpu_write(hw_on, true);
	return 0;
}

static int __init hw_init(void)
{
	return cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "x/hw:online", hw_online, NULL);
}
