/* SPDX-License-Identifier: MIT */
/* Locks shared with an interrupt handler. */
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/fs.h>

struct dev {
	spinlock_t lock;
	raw_spinlock_t hw_lock;
	unsigned int pending;
	int irq;
};

static irqreturn_t dev_irq(int irq, void *data)
{
	struct dev *d = data;

	spin_lock(&d->lock);
	d->pending++;
	spin_unlock(&d->lock);
	return IRQ_HANDLED;
}

static irqreturn_t dev_hw_irq(int irq, void *data)
{
	struct dev *d = data;

	raw_spin_lock(&d->hw_lock);
	d->pending = 0;
	raw_spin_unlock(&d->hw_lock);
	return IRQ_HANDLED;
}

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct dev *d = f->private_data;

	spin_lock_bh(&d->lock); /* want "inconsistent \\{HARDIRQ-ON-W\\} -> \\{IN-HARDIRQ-W\\} usage: &d->lock is taken with hardirqs enabled in dev_ioctl\\(\\) and in hardirq context in dev_irq\\(\\); use spin_lock_irq\\(\\)$" */
	d->pending = 0;
	spin_unlock_bh(&d->lock);
	raw_spin_lock(&d->hw_lock); /* want:both "HARDIRQ-ON-W.*&d->hw_lock" */
	d->pending = 1;
	raw_spin_unlock(&d->hw_lock);
	return 0;
}

static const struct file_operations dev_fops = {
	.unlocked_ioctl = dev_ioctl,
};

static int dev_probe(struct dev *d)
{
	int ret = request_irq(d->irq, dev_irq, 0, "dev", d);

	if (ret)
		return ret;
	/* IRQF_NO_THREAD keeps the handler in hard interrupt context on RT. */
	return request_irq(d->irq, dev_hw_irq, IRQF_NO_THREAD, "dev-hw", d);
}
