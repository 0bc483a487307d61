/* SPDX-License-Identifier: MIT */
/*
 * Two static objects of one struct type: rx_pair.lock and tx_pair.lock
 * have one class key by type (struct pair.lock) but are two locks. The
 * interrupt handler takes only rx_pair's; the task taking tx_pair's with
 * IRQs on cannot deadlock against it. Taking rx_pair's can.
 */
#include <linux/spinlock.h>
#include <linux/interrupt.h>
#include <linux/fs.h>

struct pair {
	spinlock_t lock;
	int n;
};

static struct pair rx_pair, tx_pair;

static irqreturn_t pair_irq(int irq, void *dev)
{
	spin_lock(&rx_pair.lock);
	rx_pair.n++;
	spin_unlock(&rx_pair.lock);
	return IRQ_HANDLED;
}

static long pair_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	long n;

	spin_lock(&tx_pair.lock);
	n = tx_pair.n;
	spin_unlock(&tx_pair.lock);
	if (cmd)
		return n;
	spin_lock(&rx_pair.lock); /* want "HARDIRQ-ON-W.*: &rx_pair.lock is taken with hardirqs enabled in pair_ioctl\\(\\) and in hardirq context in pair_irq\\(\\)" */
	n += rx_pair.n;
	spin_unlock(&rx_pair.lock);
	return n;
}

static const struct file_operations pair_fops = {
	.unlocked_ioctl = pair_ioctl,
};

static int pair_probe(int irq)
{
	return request_irq(irq, pair_irq, 0, "pair", NULL);
}
