/* SPDX-License-Identifier: MIT */
/*
 * x86's fpregs_lock() pins the task to its CPU's FPU registers: BH off
 * without PREEMPT_RT, preemption off with it. The CPU's number is stable
 * inside; after fpregs_unlock() it is not.
 */
#include <linux/fs.h>
#include <linux/smp.h>
#include <asm/fpu/api.h>

static int owner_cpu;

static ssize_t regs_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	fpregs_lock();
	owner_cpu = smp_processor_id();
	fpregs_unlock();
	owner_cpu = smp_processor_id(); /* want:both "smp_processor_id\\(\\) in preemptible task context in regs_write\\(\\)" */
	return n;
}

static const struct file_operations regs_fops = {
	.write = regs_write,
};
