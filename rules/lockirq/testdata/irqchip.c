/* SPDX-License-Identifier: MIT */
/*
 * A GPIO controller's interrupt chip: irq_set_type() runs in the task
 * configuring the interrupt, IRQs off, and irq_ack() in the flow handler
 * of the interrupt. A lock taken with plain raw_spin_lock() in both and in
 * the GPIO direction method (task, IRQs on) is a deadlock only with the
 * one in hardirq.
 */
#include <linux/irq.h>
#include <linux/spinlock.h>
#include <linux/gpio/driver.h>
#include <linux/module.h>

struct tg_chip {
	raw_spinlock_t lock;
	raw_spinlock_t ack_lock;
	struct gpio_chip gc;
	unsigned int dir;
};

static int tg_direction_input(struct gpio_chip *gc, unsigned int off)
{
	struct tg_chip *c = gpiochip_get_data(gc);

	raw_spin_lock(&c->lock);
	c->dir |= 1 << off;
	raw_spin_unlock(&c->lock);
	raw_spin_lock(&c->ack_lock); /* want:both "inconsistent \\{HARDIRQ-ON-W\\} -> \\{IN-HARDIRQ-W\\} usage: &c->ack_lock" */
	c->dir |= 2 << off;
	raw_spin_unlock(&c->ack_lock);
	return 0;
}

static int tg_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct tg_chip *c = irq_data_get_irq_chip_data(d);

	raw_spin_lock(&c->lock);
	c->dir &= ~type;
	raw_spin_unlock(&c->lock);
	return 0;
}

static void tg_irq_ack(struct irq_data *d)
{
	struct tg_chip *c = irq_data_get_irq_chip_data(d);

	raw_spin_lock(&c->ack_lock);
	c->dir = 0;
	raw_spin_unlock(&c->ack_lock);
}

static const struct irq_chip tg_irq_chip = {
	.irq_ack	= tg_irq_ack,
	.irq_set_type	= tg_irq_set_type,
};

static struct tg_chip tg;

static int __init tg_init(void)
{
	return tg_direction_input(&tg.gc, 0);
}
module_init(tg_init);
