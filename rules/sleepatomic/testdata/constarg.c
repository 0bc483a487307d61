/* SPDX-License-Identifier: MIT */
/*
 * A flag argument decides what the callee does: the interrupt handler
 * asks the reset helper not to wait, the probe path lets it sleep.
 */
#include <linux/interrupt.h>
#include <linux/delay.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(hw_lock);

static void hw_wait_mode(void)
{
	usleep_range(1000, 2000); /* want:both "usleep_range\\(\\) may sleep in hardirq context in hw_wait_mode\\(\\)" */
}

static int hw_reset(bool skip_wait)
{
	if (!skip_wait)
		hw_wait_mode();
	return 0;
}

static void hw_resume(int remote)
{
	if (!remote)
		msleep(20);
}

static irqreturn_t hw_irq(int irq, void *dev)
{
	hw_reset(true);
	hw_resume(1);
	return IRQ_HANDLED;
}

static irqreturn_t hw_bad_irq(int irq, void *dev)
{
	hw_reset(false);
	return IRQ_HANDLED;
}

static int hw_probe(void)
{
	hw_reset(false);
	hw_resume(0);
	if (request_irq(1, hw_irq, IRQF_NO_THREAD, "hw", NULL))
		return -EBUSY;
	return request_irq(2, hw_bad_irq, IRQF_NO_THREAD, "hw-bad", NULL);
}
module_init(hw_probe);

/*
 * An address is never NULL: with a list to put it on, the unregister
 * helper only queues the device; without one it waits for it to go.
 */
struct list_head {
	struct list_head *next, *prev;
};

static DEFINE_SPINLOCK(dev_lock);

static void dev_unregister(int id, struct list_head *head)
{
	if (head)
		head->next = head;
	else
		msleep(10);
}

static void dev_unregister_one(int id, struct list_head *head)
{
	if (head)
		head->next = head;
	else
		msleep(10); /* want:both "msleep\\(\\) may sleep under (spinlock )?dev_lock" */
}

static void dev_remove_all(struct work_struct *w)
{
	struct list_head list;

	spin_lock(&dev_lock);
	dev_unregister(1, &list);
	spin_unlock(&dev_lock);
}

static void dev_remove_one(struct work_struct *w)
{
	spin_lock(&dev_lock);
	dev_unregister_one(2, NULL);
	spin_unlock(&dev_lock);
}

static DECLARE_WORK(dev_all_work, dev_remove_all);
static DECLARE_WORK(dev_one_work, dev_remove_one);
