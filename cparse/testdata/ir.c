// SPDX-License-Identifier: MIT
#include <linux/fs.h>
#include <linux/module.h>

struct counter {
	spinlock_t lock;
	unsigned long value;
	struct counter *next;
};

static int counter_open(struct inode *inode, struct file *file);

static const struct file_operations counter_fops = {
	.owner = THIS_MODULE,
	.open = counter_open,
};

static int table[3] = { 1, 2, [2] = 3 };
extern int external_thing;

static int counter_open(struct inode *inode, struct file *file)
{
	struct counter *c = inode->i_private;
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->value++;
	spin_unlock_irqrestore(&c->lock, flags);
	if (c->value > 10 && !c->next)
		return -EBUSY;
	switch (c->value) {
	case 1:
		break;
	default:
		goto out;
	}
out:
	return 0;
}

module_param(external_thing, int, 0644);
