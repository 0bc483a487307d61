// SPDX-License-Identifier: MIT
/*
 * demo.c - a tiny driver used by kcovlint's patch tests.
 */
#include <linux/spinlock.h>
#include <linux/interrupt.h>

static DEFINE_SPINLOCK(demo_lock);
static unsigned long demo_count;

static void demo_bump(void)
{
	spin_lock(&demo_lock);
	demo_count++;
	spin_unlock(&demo_lock);
}

static irqreturn_t demo_irq(int irq, void *dev)
{
	demo_bump();
	return IRQ_HANDLED;
}

static void demo_reset(void)
{
	spin_lock(&demo_lock);
	demo_count = 0;
	spin_unlock(&demo_lock);
}

int demo_read(void)
{
	unsigned long v;

	spin_lock(&demo_lock);
	v = demo_count;
	spin_unlock(&demo_lock);
	return v;
}

void demo_init(void)
{
	demo_reset();
}
