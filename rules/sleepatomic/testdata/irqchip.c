/* SPDX-License-Identifier: MIT */
/*
 * An interrupt controller behind a slow bus (an I2C GPIO expander): the
 * genirq core calls irq_bus_lock()/irq_bus_sync_unlock() around the
 * configuration, in task context, where the chip takes a mutex and talks
 * to the bus; irq_set_type() runs under the descriptor's raw lock with
 * IRQs off, where it must not; irq_mask() runs in the interrupt's flow
 * handler.
 */
#include <linux/irq.h>
#include <linux/mutex.h>
#include <linux/delay.h>

struct exp_chip {
	struct mutex lock;
	unsigned int type;
};

static void exp_irq_bus_lock(struct irq_data *d)
{
	struct exp_chip *c = irq_data_get_irq_chip_data(d);

	mutex_lock(&c->lock);
}

static void exp_irq_bus_sync_unlock(struct irq_data *d)
{
	struct exp_chip *c = irq_data_get_irq_chip_data(d);

	msleep(1);
	mutex_unlock(&c->lock);
}

static int exp_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct exp_chip *c = irq_data_get_irq_chip_data(d);

	msleep(1); /* want:both "msleep\\(\\) may sleep with IRQs disabled in exp_irq_set_type\\(\\)" */
	c->type = type;
	return 0;
}

static void exp_irq_mask(struct irq_data *d)
{
	msleep(1); /* want:both "msleep\\(\\) may sleep in hardirq context in exp_irq_mask\\(\\)" */
}

static const struct irq_chip exp_irq_chip = {
	.name			= "exp",
	.irq_mask		= exp_irq_mask,
	.irq_set_type		= exp_irq_set_type,
	.irq_bus_lock		= exp_irq_bus_lock,
	.irq_bus_sync_unlock	= exp_irq_bus_sync_unlock,
};
