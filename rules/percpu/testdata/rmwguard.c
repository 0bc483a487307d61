/* SPDX-License-Identifier: MIT */
/*
 * A per-CPU busy counter updated with one __this_cpu_*() read-modify-write
 * under migrate_disable() only: two tasks on one CPU (two syscalls, say)
 * both increment it, and each sees the other's increment (a spurious
 * -EBUSY), or an update is lost where the operation is a load and a store.
 * Under preempt_disable() it is fine, in both configurations. One system
 * call is entered by any number of tasks at once: its function alone is
 * two ways in.
 */
#include <linux/percpu.h>
#include <linux/fs.h>
#include <linux/preempt.h>
#include <linux/syscalls.h>

struct bmap {
	int __percpu *busy[8];
	int __percpu *guarded;
};

static int bmap_lock_bucket(struct bmap *m, int i)
{
	int ret = 0;

	migrate_disable();
	if (__this_cpu_inc_return(*(m->busy[i])) != 1) /* want:both "per-CPU struct bmap.busy, struct bmap of .*rmwguard.c updated with __this_cpu_inc_return\\(\\) in bmap_lock_bucket\\(\\) with only migration disabled" */
		ret = -EBUSY;
	__this_cpu_dec(*(m->busy[i]));
	migrate_enable();
	return ret;
}

static int bmap_lock_guarded(struct bmap *m)
{
	preempt_disable();
	if (__this_cpu_inc_return(*m->guarded) != 1) {
		__this_cpu_dec(*m->guarded);
		preempt_enable();
		return -EBUSY;
	}
	__this_cpu_dec(*m->guarded);
	preempt_enable();
	return 0;
}

static struct bmap the_map;

static ssize_t bmap_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	if (bmap_lock_bucket(&the_map, 1))
		return -EBUSY;
	return bmap_lock_guarded(&the_map) ?: n;
}

static ssize_t bmap_read(struct file *f, char __user *u, size_t n, loff_t *pos)
{
	if (bmap_lock_bucket(&the_map, 2))
		return -EBUSY;
	return bmap_lock_guarded(&the_map) ?: 0;
}

static const struct file_operations bmap_fops = {
	.write = bmap_write,
	.read = bmap_read,
};

static DEFINE_PER_CPU(int, sys_busy);

SYSCALL_DEFINE1(bmapctl, int, i)
{
	int ret = 0;

	migrate_disable();
	if (__this_cpu_inc_return(sys_busy) != 1) /* want:both "per-CPU sys_busy updated with __this_cpu_inc_return\\(\\) in SYSCALL_DEFINE1\\(bmapctl\\) with only migration disabled.*" */
		ret = -EBUSY;
	__this_cpu_dec(sys_busy);
	migrate_enable();
	return ret;
}
