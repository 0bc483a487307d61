/* SPDX-License-Identifier: MIT */
/*
 * An exit-to-user loop calls schedule() with IRQs disabled: allowed, the
 * scheduler disables them itself and checks only the preemption count.
 * Under a spinlock it is still a sleep in atomic context, and so is a
 * wait with IRQs disabled.
 */
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/delay.h>
#include <linux/fs.h>

static DEFINE_SPINLOCK(work_lock);

static void work_loop(unsigned long flags)
{
	local_irq_disable();
	while (flags & 1) {
		schedule();
		local_irq_disable();
		flags >>= 1;
	}
	local_irq_enable();
}

static ssize_t work_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	work_loop(n);
	spin_lock(&work_lock);
	schedule(); /* want:both "schedule\\(\\) may sleep under" */
	spin_unlock(&work_lock);
	local_irq_disable();
	msleep(1); /* want:both "msleep\\(\\) may sleep with IRQs disabled" */
	local_irq_enable();
	return n;
}

static const struct file_operations work_fops = {
	.write = work_write,
};
