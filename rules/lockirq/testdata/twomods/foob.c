/* SPDX-License-Identifier: MIT */
/* The other module: its own struct foo_dev, locked in task context only. */
#include <linux/spinlock.h>
#include <linux/fs.h>

struct foo_dev {
	int mode;
	spinlock_t lock;
};

static long foob_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct foo_dev *dev = f->private_data;

	spin_lock(&dev->lock);
	dev->mode = cmd;
	spin_unlock(&dev->lock);
	return 0;
}

static const struct file_operations foob_fops = {
	.unlocked_ioctl = foob_ioctl,
};
