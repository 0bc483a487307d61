/* SPDX-License-Identifier: MIT */
/* Correct IRQ-safe locking: nothing to report. */
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

static DEFINE_SPINLOCK(q_lock);
static int q_len;
static struct timer_list q_timer;
static struct work_struct q_work;

static void q_tick(struct timer_list *t)
{
	spin_lock(&q_lock);
	q_len--;
	spin_unlock(&q_lock);
}

static void q_worker(struct work_struct *w)
{
	unsigned long flags;

	spin_lock_irqsave(&q_lock, flags);
	q_len++;
	spin_unlock_irqrestore(&q_lock, flags);

	local_irq_save(flags);
	spin_lock(&q_lock);
	q_len = 0;
	spin_unlock(&q_lock);
	local_irq_restore(flags);

	scoped_guard(spinlock_bh, &q_lock) {
		q_len = 1;
	}
	guard(spinlock_irqsave)(&q_lock);
	q_len = 2;
}

static int q_init(void)
{
	timer_setup(&q_timer, q_tick, 0);
	INIT_WORK(&q_work, q_worker);
	schedule_work(&q_work);
	return 0;
}
module_init(q_init);
