/* SPDX-License-Identifier: MIT */
/* A lock shared by a timer (softirq) and a file write (task). */
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/fs.h>
#include <linux/module.h>

static DEFINE_SPINLOCK(stats_lock);
static unsigned long stats;
static struct timer_list stats_timer;

static void stats_tick(struct timer_list *t)
{
	spin_lock(&stats_lock);
	stats++;
	spin_unlock(&stats_lock);
	mod_timer(&stats_timer, jiffies + HZ);
}

static ssize_t stats_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)
{
	spin_lock(&stats_lock); /* want "inconsistent \\{SOFTIRQ-ON-W\\} -> \\{IN-SOFTIRQ-W\\} usage: stats_lock is taken with softirqs enabled in stats_write\\(\\) and in softirq context in stats_tick\\(\\); use spin_lock_bh\\(\\)" */
	stats = 0;
	spin_unlock(&stats_lock);
	return len;
}

/* Taken with BH disabled: safe against the timer. */
static ssize_t stats_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	unsigned long v;

	spin_lock_bh(&stats_lock);
	v = stats;
	spin_unlock_bh(&stats_lock);
	return v;
}

static const struct file_operations stats_fops = {
	.write = stats_write,
	.read = stats_read,
};

static int __init stats_init(void)
{
	timer_setup(&stats_timer, stats_tick, 0);
	return 0;
}
module_init(stats_init);
