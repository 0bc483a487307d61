/* SPDX-License-Identifier: MIT */
/*
 * The suggested variant must be safe by construction: spin_lock_irq()
 * only where IRQs are on at every way into the function. stat_add() is
 * also stored as a callback the analysis does not see called: a caller it
 * does not know may hold IRQs off, and spin_unlock_irq() would enable
 * them there: spin_lock_irqsave(). stat_reset() has only the callers it
 * sees, with IRQs on: spin_lock_irq().
 */
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/fs.h>

static DEFINE_SPINLOCK(stat_lock);
static unsigned long stat_count;

struct stat_user {
	void (*account)(struct stat_user *u);
};

static irqreturn_t stat_irq(int irq, void *dev_id)
{
	spin_lock(&stat_lock);
	stat_count++;
	spin_unlock(&stat_lock);
	return IRQ_HANDLED;
}

static void stat_add(struct stat_user *u)
{
	spin_lock(&stat_lock); /* want "HARDIRQ-ON-W.*stat_lock is taken with hardirqs enabled in stat_add\\(\\).*; use spin_lock_irqsave\\(\\)" */
	stat_count += 2;
	spin_unlock(&stat_lock);
}

static void stat_reset(void)
{
	spin_lock(&stat_lock); /* want "HARDIRQ-ON-W.*stat_lock is taken with hardirqs enabled in stat_reset\\(\\).*; use spin_lock_irq\\(\\)" */
	stat_count = 0;
	spin_unlock(&stat_lock);
}

static long stat_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct stat_user *u = f->private_data;

	if (cmd)
		stat_add(u);
	else
		stat_reset();
	return 0;
}

static const struct file_operations stat_fops = {
	.unlocked_ioctl = stat_ioctl,
};

static int stat_setup(struct stat_user *u, int irq)
{
	u->account = stat_add;
	return request_irq(irq, stat_irq, 0, "stat", u);
}
