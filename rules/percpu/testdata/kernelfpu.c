/* SPDX-License-Identifier: MIT */
/*
 * A kernel-mode FPU section disables preemption (kernel_fpu_begin() to
 * kernel_fpu_end()): this CPU's number and data are stable inside it,
 * not after it.
 */
#include <linux/fs.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/fpu/api.h>

static DEFINE_PER_CPU(unsigned long, simd_calls);
static int last_cpu;

static ssize_t simd_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	kernel_fpu_begin();
	__this_cpu_inc(simd_calls);
	last_cpu = smp_processor_id();
	kernel_fpu_end();
	last_cpu = smp_processor_id(); /* want:both "smp_processor_id\\(\\) in preemptible task context in simd_write\\(\\)" */
	return n;
}

static const struct file_operations simd_fops = {
	.write = simd_write,
};
