/* SPDX-License-Identifier: MIT */
/*
 * An assertion states what the caller must have done; it is not something
 * the call does to its caller: after call_all() returns, preemption is on
 * again, and the sleep that follows is fine.
 */
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/lockdep.h>

static void call_many(void)
{
	lockdep_assert_preemption_disabled();
}

static void call_all(void)
{
	preempt_disable();
	call_many();
	preempt_enable();
}

static int hammer(void *arg)
{
	call_all();
	msleep(1);
	call_many();
	return 0;
}

static int hammer_init(void)
{
	kthread_run(hammer, NULL, "hammer");
	return 0;
}
module_init(hammer_init);

/*
 * A function that complains when called from an interrupt does not expect
 * to be: its callers are unknown, but the complaint is no hardirq context.
 */
void kill_worker(void)
{
	if (in_interrupt())
		pr_notice("kill_worker() called from interrupt\n");
	msleep(1);
}
EXPORT_SYMBOL(kill_worker);

/*
 * WARN_ON() of a predicate is the same complaint, wherever it stands: the
 * function frees memory that may not be freed in an interrupt.
 */
void buf_release(void *p)
{
	WARN_ON(in_interrupt());
	msleep(1);
}
EXPORT_SYMBOL(buf_release);

int buf_drop(void *p)
{
	if (WARN_ON_ONCE(in_interrupt()))
		return -EBUSY;
	msleep(1);
	return 0;
}
EXPORT_SYMBOL(buf_drop);
