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
