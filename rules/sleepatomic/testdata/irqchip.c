/* SPDX-License-Identifier: MIT */
/*
 * An irq_chip on a slow bus (an I2C GPIO expander): the core calls
 * irq_bus_lock()/irq_bus_sync_unlock() around the other callbacks in
 * sleepable task context (chip_bus_lock()), where the driver takes its
 * mutex and talks to the bus; irq_set_type() runs in task context under
 * the raw desc->lock with IRQs off, irq_mask() also in hardirq from the
 * flow handler: they must only record what the bus callbacks then write.
 */
#include <linux/irq.h>
#include <linux/mutex.h>
#include <linux/i2c.h>
#include <linux/delay.h>

struct expander {
	struct mutex irq_lock;
	struct i2c_client *client;
	unsigned int mask, type;
};

static void exp_irq_bus_lock(struct irq_data *d)
{
	struct expander *e = irq_data_get_irq_chip_data(d);

	mutex_lock(&e->irq_lock);
}

static void exp_irq_bus_sync_unlock(struct irq_data *d)
{
	struct expander *e = irq_data_get_irq_chip_data(d);

	i2c_smbus_write_byte_data(e->client, 1, e->mask);
	msleep(1);
	mutex_unlock(&e->irq_lock);
}

static void exp_irq_mask(struct irq_data *d)
{
	struct expander *e = irq_data_get_irq_chip_data(d);

	e->mask |= 1U << d->hwirq;
}

static int exp_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct expander *e = irq_data_get_irq_chip_data(d);

	e->type = type;
	return 0;
}

/* The bug the rule is for: sleeping where the core holds desc->lock. */
static int exp_irq_set_wake(struct irq_data *d, unsigned int on)
{
	struct expander *e = irq_data_get_irq_chip_data(d);

	mutex_lock(&e->irq_lock); /* want:both "mutex_lock\\(\\) .*may sleep with IRQs disabled in exp_irq_set_wake\\(\\)" */
	mutex_unlock(&e->irq_lock);
	return 0;
}

static void exp_irq_unmask(struct irq_data *d)
{
	struct expander *e = irq_data_get_irq_chip_data(d);

	mutex_lock(&e->irq_lock); /* want:both "mutex_lock\\(\\) .*may sleep in hardirq context in exp_irq_unmask\\(\\)" */
	e->mask &= ~(1U << d->hwirq);
	mutex_unlock(&e->irq_lock);
}

static const struct irq_chip exp_irq_chip = {
	.name			= "exp",
	.irq_mask		= exp_irq_mask,
	.irq_unmask		= exp_irq_unmask,
	.irq_set_type		= exp_irq_set_type,
	.irq_set_wake		= exp_irq_set_wake,
	.irq_bus_lock		= exp_irq_bus_lock,
	.irq_bus_sync_unlock	= exp_irq_bus_sync_unlock,
};
