/* SPDX-License-Identifier: MIT */
/*
 * Blocks on the panic notifier chain run with IRQs off (vpanic() disables
 * them before calling the chain): taking the interrupt handler's lock
 * there is no inconsistent usage. A block on another atomic chain keeps
 * the notifier's own context, task with IRQs on: reported.
 */
#include <linux/interrupt.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(smi_lock);
static ATOMIC_NOTIFIER_HEAD(other_chain);
static int smi_pending;

static irqreturn_t smi_irq(int irq, void *data)
{
	spin_lock(&smi_lock);
	smi_pending = 0;
	spin_unlock(&smi_lock);
	return IRQ_HANDLED;
}

static int smi_panic(struct notifier_block *nb, unsigned long event, void *ptr)
{
	spin_lock(&smi_lock);
	smi_pending = 1;
	spin_unlock(&smi_lock);
	return NOTIFY_DONE;
}

static int smi_other(struct notifier_block *nb, unsigned long event, void *ptr)
{
	spin_lock(&smi_lock); /* want "inconsistent \\{HARDIRQ-ON-W\\} -> \\{IN-HARDIRQ-W\\} usage: smi_lock is taken with hardirqs enabled in smi_other\\(\\)" */
	smi_pending = 2;
	spin_unlock(&smi_lock);
	return NOTIFY_DONE;
}

static struct notifier_block smi_panic_nb = {
	.notifier_call = smi_panic,
};

static struct notifier_block smi_other_nb = {
	.notifier_call = smi_other,
};

int smi_init(int irq)
{
	atomic_notifier_chain_register(&panic_notifier_list, &smi_panic_nb);
	atomic_notifier_chain_register(&other_chain, &smi_other_nb);
	return request_irq(irq, smi_irq, 0, "smi", NULL);
}
