/* SPDX-License-Identifier: MIT */
/* Per-CPU access from preemptible task code, and softirq code on RT. */
#include <linux/percpu.h>
#include <linux/fs.h>
#include <linux/timer.h>
#include <linux/spinlock.h>

struct stats {
	unsigned long count;
	local_lock_t bh_lock;
	spinlock_t lock;
};
static DEFINE_PER_CPU(struct stats, stats);
static struct timer_list tick_timer, locked_timer;

static ssize_t stats_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	struct stats *s = this_cpu_ptr(&stats); /* want:both "per-CPU stats accessed with this_cpu_ptr\\(\\) in preemptible task context in stats_write\\(\\)" */

	s->count = 0;

	preempt_disable();
	s = this_cpu_ptr(&stats);
	s->count++;
	preempt_enable();

	s = get_cpu_ptr(&stats);
	s->count++;
	put_cpu_ptr(&stats);

	this_cpu_inc(stats.count);
	return n;
}

static const struct file_operations stats_fops = {
	.write = stats_write,
};

static void stats_tick(struct timer_list *t)
{
	struct stats *s = this_cpu_ptr(&stats);

	s->count++; /* want:rt "\\[PREEMPT_RT\\] per-CPU stats.count written in softirq context without local_lock_nested_bh\\(\\) in stats_tick\\(\\)" */

	local_lock_nested_bh(&stats.bh_lock);
	s->count++;
	local_unlock_nested_bh(&stats.bh_lock);
}

/* A lock of the per-CPU data serializes its users too. */
static void stats_tick_locked(struct timer_list *t)
{
	struct stats *s = this_cpu_ptr(&stats);

	spin_lock(&s->lock);
	s->count++;
	spin_unlock(&s->lock);
}

static int stats_init(void)
{
	timer_setup(&tick_timer, stats_tick, 0);
	timer_setup(&locked_timer, stats_tick_locked, 0);
	return 0;
}
module_init(stats_init);
