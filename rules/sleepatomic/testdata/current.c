/* SPDX-License-Identifier: MIT */
/*
 * A lock named through current (not a local) is the same lock in every
 * function: the callee releases the lock its caller took before it sleeps.
 */
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/fs.h>
static void stop_me(void)
{
	spin_unlock_irq(&current->sighand->siglock);
	schedule();
	spin_lock_irq(&current->sighand->siglock);
}
static ssize_t notify_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	spin_lock_irq(&current->sighand->siglock);
	stop_me();
	spin_unlock_irq(&current->sighand->siglock);
	return n;
}
static const struct file_operations notify_fops = { .write = notify_write };
