/* SPDX-License-Identifier: MIT */
/*
 * smp_processor_id() where the task can migrate: with CONFIG_DEBUG_PREEMPT
 * the kernel reports "BUG: using smp_processor_id() in preemptible".
 * Pinned (get_cpu(), preempt_disable(), a spinlock on non-RT, IRQs off),
 * or raw_smp_processor_id(), it is fine.
 */
#include <linux/smp.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/fs.h>

static DEFINE_SPINLOCK(cpu_lock);
static DEFINE_PER_CPU(int, cpu_hits);
static int last_cpu;

static long cpu_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	int cpu;

	last_cpu = smp_processor_id(); /* want:both "smp_processor_id\\(\\) in preemptible task context in cpu_ioctl\\(\\)" */
	last_cpu = raw_smp_processor_id();
	cpu = get_cpu();
	last_cpu = smp_processor_id();
	put_cpu();
	preempt_disable();
	last_cpu = smp_processor_id();
	preempt_enable();
	spin_lock_irq(&cpu_lock);
	last_cpu = smp_processor_id();
	spin_unlock_irq(&cpu_lock);
	return cpu;
}

static const struct file_operations cpu_fops = {
	.unlocked_ioctl = cpu_ioctl,
};
