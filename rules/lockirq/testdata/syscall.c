/* SPDX-License-Identifier: MIT */
/*
 * A lock shared by a timer (softirq) and a system call (task): the
 * function a macro defines is named by its invocation, with no second
 * pair of parentheses.
 */
#include <linux/spinlock.h>
#include <linux/syscalls.h>
#include <linux/timer.h>
#include <linux/module.h>

static DEFINE_SPINLOCK(foo_lock);
static unsigned long foo_n;
static struct timer_list foo_timer;

static void foo_timer_fn(struct timer_list *t)
{
	spin_lock(&foo_lock);
	foo_n++;
	spin_unlock(&foo_lock);
}

SYSCALL_DEFINE0(foo_count)
{
	unsigned long n;

	spin_lock(&foo_lock); /* want "foo_lock is taken with softirqs enabled in SYSCALL_DEFINE0\\(foo_count\\) and in softirq context in foo_timer_fn\\(\\); use spin_lock_bh\\(\\)$" */
	n = foo_n;
	spin_unlock(&foo_lock);
	return n;
}

static int __init foo_init(void)
{
	timer_setup(&foo_timer, foo_timer_fn, 0);
	return 0;
}
module_init(foo_init);
