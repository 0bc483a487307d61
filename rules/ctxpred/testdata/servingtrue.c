/* SPDX-License-Identifier: MIT */
/*
 * A true in_serving_softirq() taken as "in softirq context": it is also
 * true in a hardirq (or NMI) that interrupted a softirq. Code reached from
 * both must exclude them too.
 */
#include <linux/interrupt.h>
#include <linux/timer.h>

struct cov {
	struct timer_list timer;
	int irq;
	int depth;
};

static void cov_start(struct cov *c)
{
	c->depth++;
}

static void cov_enter(struct cov *c)
{
	if (in_serving_softirq()) /* want:both "in_serving_softirq\\(\\) taken as softirq context in cov_enter\\(\\), but hardirq and NMI are not excluded on this path: it is also true in a hardirq or NMI that interrupted a softirq" */
		cov_start(c);
}

static void cov_enter_right(struct cov *c)
{
	if (in_serving_softirq() && !in_hardirq())
		cov_start(c);
}

static void cov_timer(struct timer_list *t)
{
	struct cov *c = from_timer(c, t, timer);

	cov_enter(c);
	cov_enter_right(c);
}

static irqreturn_t cov_irq(int irq, void *data)
{
	struct cov *c = data;

	cov_enter(c);
	cov_enter_right(c);
	return IRQ_HANDLED;
}

static int cov_probe(struct cov *c)
{
	timer_setup(&c->timer, cov_timer, 0);
	return request_irq(c->irq, cov_irq, IRQF_NO_THREAD, "cov", c);
}
