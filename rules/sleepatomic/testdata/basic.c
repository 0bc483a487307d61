/* SPDX-License-Identifier: MIT */
/* Sleeping calls in atomic contexts. */
#include <linux/slab.h>
#include <linux/timer.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/fs.h>

static DEFINE_SPINLOCK(buf_lock);
static DEFINE_SPINLOCK(other_lock);
static DEFINE_RAW_SPINLOCK(hw_lock);
static DEFINE_MUTEX(cfg_mutex);
static struct timer_list poll_timer;
static void *buf;

static void poll_tick(struct timer_list *t)
{
	void *p = kmalloc(64, GFP_KERNEL); /* want:both "kmalloc\\(\\) \\(GFP_KERNEL\\) may sleep in softirq context in poll_tick\\(\\)" */
	void *q = kmalloc(64, GFP_ATOMIC);

	kfree(p);
	kfree(q);
}

static ssize_t cfg_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	unsigned long flags;

	mutex_lock(&cfg_mutex);
	buf = vmalloc(n);
	mutex_unlock(&cfg_mutex);

	spin_lock(&buf_lock);
	mutex_lock(&cfg_mutex); /* want:both "mutex_lock\\(\\) .* may sleep under (spinlock )?buf_lock" */
	mutex_unlock(&cfg_mutex);
	spin_unlock(&buf_lock);

	rcu_read_lock();
	msleep(1); /* want:both "msleep\\(\\) may sleep inside an RCU read-side section" */
	rcu_read_unlock();

	raw_spin_lock_irqsave(&hw_lock, flags);
	spin_lock(&buf_lock); /* want:rt "spin_lock\\(\\) .*PREEMPT_RT.* may sleep with IRQs disabled" */
	spin_unlock(&buf_lock);
	raw_spin_unlock_irqrestore(&hw_lock, flags);

	spin_lock(&buf_lock);
	spin_lock(&other_lock);
	spin_unlock(&other_lock);
	spin_unlock(&buf_lock);

	local_bh_disable();
	copy_from_user(buf, u, n); /* want:both "copy_from_user\\(\\) may sleep with BH disabled" */
	local_bh_enable();
	return n;
}

static const struct file_operations cfg_fops = {
	.write = cfg_write,
};

static int poll_init(void)
{
	timer_setup(&poll_timer, poll_tick, 0);
	return 0;
}
module_init(poll_init);
