/* SPDX-License-Identifier: MIT */
/*
 * A static callback stored in an operations table kcovlint does not know:
 * its callers are unknown, but what it does on its own is checked from
 * the default assumption (task context, nothing held).
 */
#include <linux/spinlock.h>
#include <linux/delay.h>

struct m2m_ops {
	void (*device_run)(void *priv);
};

struct ctx {
	spinlock_t lock;
	int busy;
};

static void ctx_device_run(void *priv)
{
	struct ctx *c = priv;
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->busy = 1;
	msleep(10); /* want:both "msleep\\(\\) may sleep with IRQs disabled|msleep\\(\\) may sleep under" */
	spin_unlock_irqrestore(&c->lock, flags);
	msleep(10);
}

static const struct m2m_ops ctx_m2m_ops = {
	.device_run = ctx_device_run,
};
