/* SPDX-License-Identifier: MIT */
/*
 * Which interrupt handlers PREEMPT_RT does not force into a thread
 * (kernel/irq/manage.c: irq_setup_forced_threading()): those requested
 * with IRQF_NO_THREAD, IRQF_PERCPU or IRQF_ONESHOT. A primary handler
 * requested with IRQF_ONESHOT stays in hard interrupt context, with a
 * thread function or without one, and a spinlock_t sleeps there on RT.
 */
#include <linux/interrupt.h>
#include <linux/spinlock.h>

struct chip {
	spinlock_t lock;
	unsigned int events;
};

static irqreturn_t chip_oneshot_irq(int irq, void *data)
{
	struct chip *c = data;

	spin_lock(&c->lock); /* want:rt "spin_lock\\(\\) .*may sleep in hardirq context in chip_oneshot_irq\\(\\)" */
	c->events++;
	spin_unlock(&c->lock);
	return IRQ_HANDLED;
}

static irqreturn_t chip_primary(int irq, void *data)
{
	struct chip *c = data;

	spin_lock(&c->lock); /* want:rt "spin_lock\\(\\) .*may sleep in hardirq context in chip_primary\\(\\)" */
	c->events++;
	spin_unlock(&c->lock);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t chip_thread(int irq, void *data)
{
	return IRQ_HANDLED;
}

/* Force-threaded on RT: no finding. */
static irqreturn_t chip_plain_irq(int irq, void *data)
{
	struct chip *c = data;

	spin_lock(&c->lock);
	c->events++;
	spin_unlock(&c->lock);
	return IRQ_HANDLED;
}

int chip_probe(struct chip *c, int irq)
{
	int ret;

	ret = request_irq(irq, chip_oneshot_irq, IRQF_ONESHOT, "chip", c);
	if (ret)
		return ret;
	ret = request_threaded_irq(irq + 1, chip_primary, chip_thread, IRQF_ONESHOT, "chip-t", c);
	if (ret)
		return ret;
	return request_irq(irq + 2, chip_plain_irq, 0, "chip-p", c);
}
