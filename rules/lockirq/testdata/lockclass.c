/* SPDX-License-Identifier: MIT */
/*
 * Lockdep classes set by the driver: the receive channel's lock and the
 * transmit channel's lock are both struct chan.lock, but
 * lockdep_set_class() gives each its own class. The timer takes the
 * receive lock in softirq; taking the transmit lock with softirqs enabled
 * is no inconsistency, taking the receive lock so is one.
 */
#include <linux/spinlock.h>
#include <linux/lockdep.h>
#include <linux/timer.h>
#include <linux/fs.h>

struct chan {
	spinlock_t lock;
	int pending;
};

struct foo_dev {
	struct chan *rx;
	struct chan *tx;
	struct timer_list timer;
};

static struct lock_class_key foo_rx_key, foo_tx_key;

static void foo_timer(struct timer_list *t)
{
	struct foo_dev *dev = from_timer(dev, t, timer);

	spin_lock(&dev->rx->lock);
	dev->rx->pending = 0;
	spin_unlock(&dev->rx->lock);
}

static long foo_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct foo_dev *dev = f->private_data;
	long n;

	spin_lock(&dev->tx->lock);
	n = dev->tx->pending;
	spin_unlock(&dev->tx->lock);
	if (cmd)
		return n;
	spin_lock(&dev->rx->lock); /* want "SOFTIRQ-ON-W.*&dev->rx->lock is taken with softirqs enabled in foo_ioctl\\(\\) and in softirq context in foo_timer\\(\\)" */
	n = dev->rx->pending;
	spin_unlock(&dev->rx->lock);
	return n;
}

static const struct file_operations foo_fops = {
	.unlocked_ioctl = foo_ioctl,
};

static void foo_setup(struct foo_dev *dev)
{
	spin_lock_init(&dev->rx->lock);
	lockdep_set_class(&dev->rx->lock, &foo_rx_key);
	spin_lock_init(&dev->tx->lock);
	lockdep_set_class(&dev->tx->lock, &foo_tx_key);
	timer_setup(&dev->timer, foo_timer, 0);
}
