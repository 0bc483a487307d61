/* SPDX-License-Identifier: MIT */
/*
 * Constants passed down decide paths in the callee: a mode selects one case
 * of a switch, a flags argument of 0 makes every bit test false, and a
 * comparison with another caller's constant is false on this caller's way.
 * The interrupt handler passes the constants that keep it off the sleeping
 * paths (the probe, in task context, takes them); the bad handler calls
 * copies of the same helpers with the constants that do not.
 */
#include <linux/interrupt.h>
#include <linux/delay.h>

static void dev_settle(int mode)
{
	switch (mode) {
	case DEV_MODE_SLOW:
		msleep(10);
		break;
	case DEV_MODE_FAST:
		udelay(10);
		break;
	default:
		break;
	}
}

static void dev_fill(unsigned int flags)
{
	if (flags & DEV_FILL_MAY_SLEEP)
		msleep(1);
}

static void dev_drain(int which)
{
	if (which == DEV_QUEUE_SOFT)
		usleep_range(10, 20);
}

static void dev_kick(int hint)
{
	if (hint & 0x4)
		msleep(2);
}

/* Numbers fold: a bit-field macro's test of its constant bounds. */
#define DEV_FIELD_FITS(lo, width) (((lo) + (width)) <= 32)

static void dev_fold(void)
{
	if (!DEV_FIELD_FITS(3 << 2, 8))
		msleep(5);
}

static void bad_fold(void)
{
	if (!DEV_FIELD_FITS(3 << 3, 16))
		msleep(6); /* want:both "msleep\\(\\) may sleep in hardirq context in bad_fold\\(\\)" */
}

static irqreturn_t dev_irq(int irq, void *data)
{
	dev_fold();
	dev_settle(DEV_MODE_FAST);
	dev_fill(0);
	dev_drain(DEV_QUEUE_HARD);
	dev_kick(0x3);
	return IRQ_HANDLED;
}

/* The same helpers, reached with the sleeping constants. */
static void bad_settle(int mode)
{
	switch (mode) {
	case DEV_MODE_SLOW:
		msleep(10); /* want:both "msleep\\(\\) may sleep in hardirq context in bad_settle\\(\\)" */
		break;
	case DEV_MODE_FAST:
		udelay(10);
		break;
	}
}

static void bad_fill(unsigned int flags)
{
	if (flags & DEV_FILL_MAY_SLEEP)
		msleep(1); /* want:both "msleep\\(\\) may sleep in hardirq context in bad_fill\\(\\)" */
}

static void bad_drain(int which)
{
	if (which == DEV_QUEUE_SOFT)
		usleep_range(10, 20); /* want:both "usleep_range\\(\\) may sleep in hardirq context in bad_drain\\(\\)" */
}

static void bad_kick(int hint)
{
	if (hint & 0x4)
		msleep(2); /* want:both "msleep\\(\\) may sleep in hardirq context in bad_kick\\(\\)" */
}

static irqreturn_t dev_bad_irq(int irq, void *data)
{
	bad_fold();
	bad_settle(DEV_MODE_SLOW);
	bad_fill(DEV_FILL_MAY_SLEEP);
	bad_drain(DEV_QUEUE_SOFT);
	bad_kick(0x6);
	return IRQ_HANDLED;
}

/*
 * More callers with constants than the analysis tells apart: past the
 * bound, a call is taken without its constant (every case), so the one
 * sleeping case is still found.
 */
static void many_modes(int mode)
{
	switch (mode) {
	case MODE_9:
		msleep(1); /* want:both "msleep\\(\\) may sleep in hardirq context in many_modes\\(\\)" */
		break;
	default:
		udelay(1);
		break;
	}
}

static irqreturn_t many_irq(int irq, void *data)
{
	many_modes(MODE_0);
	many_modes(MODE_1);
	many_modes(MODE_2);
	many_modes(MODE_3);
	many_modes(MODE_4);
	many_modes(MODE_5);
	many_modes(MODE_6);
	many_modes(MODE_7);
	many_modes(MODE_8);
	many_modes(MODE_9);
	return IRQ_HANDLED;
}

static int dev_probe(void)
{
	dev_settle(DEV_MODE_SLOW);
	dev_fill(DEV_FILL_MAY_SLEEP);
	dev_drain(DEV_QUEUE_SOFT);
	dev_kick(0x4);
	if (request_irq(1, dev_irq, IRQF_NO_THREAD, "dev", NULL))
		return -EBUSY;
	if (request_irq(3, many_irq, IRQF_NO_THREAD, "many", NULL))
		return -EBUSY;
	return request_irq(2, dev_bad_irq, IRQF_NO_THREAD, "dev-bad", NULL);
}
