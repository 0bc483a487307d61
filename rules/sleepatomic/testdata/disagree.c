/* SPDX-License-Identifier: MIT */
/*
 * A function whose ways out disagree on what they leave disabled: one
 * enables BH (the caller's section), one leaves it alone, one disables it.
 * Its callers do not know the count after it, so they are not told they
 * sleep with BH disabled. Of several ways out that only disable, callers
 * get the smaller (an error path before the lock): no report either.
 */
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/delay.h>

static DEFINE_SPINLOCK(q_lock);
static int q_len;

static void q_settle(int mode)
{
	if (mode == 1) {
		spin_unlock_bh(&q_lock);
		return;
	}
	if (mode == 2)
		return;
	local_bh_disable();
}

static int q_enter(int err)
{
	if (err)
		return err;
	spin_lock(&q_lock);
	return 0;
}

static void q_work_fn(struct work_struct *w)
{
	q_settle(q_len);
	msleep(1);

	if (q_enter(q_len))
		return;
	msleep(1);
	spin_unlock(&q_lock);

	spin_lock(&q_lock);
	msleep(1); /* want:both "msleep\\(\\) may sleep" */
	spin_unlock(&q_lock);
}

static DECLARE_WORK(q_work, q_work_fn);
