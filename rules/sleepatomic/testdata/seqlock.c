/* SPDX-License-Identifier: MIT */
/*
 * seqlock_t writers hold its spinlock from write_seqlock() to
 * write_sequnlock() (header inlines, in the table): a sleep inside is a
 * bug, one after the unlock is not, however many sections came before.
 */
#include <linux/seqlock.h>
#include <linux/delay.h>
#include <linux/fs.h>

struct engine {
	seqlock_t head_lock;
	seqlock_t wait_lock;
	int head, waiters;
};

static void engine_advance(struct engine *e)
{
	unsigned long flags;

	write_seqlock(&e->head_lock);
	e->head++;
	write_sequnlock(&e->head_lock);
	write_seqlock_irqsave(&e->wait_lock, flags);
	e->waiters = 0;
	write_sequnlock_irqrestore(&e->wait_lock, flags);
	write_seqlock_bh(&e->head_lock);
	e->head++;
	write_sequnlock_bh(&e->head_lock);
	read_seqlock_excl(&e->wait_lock);
	e->waiters++;
	read_sequnlock_excl(&e->wait_lock);
}

static ssize_t engine_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	struct engine *e = f->private_data;

	engine_advance(e);
	engine_advance(e);
	msleep(10);
	write_seqlock(&e->head_lock);
	msleep(1); /* want:both "msleep\\(\\) may sleep under (spinlock )?&e->head_lock" */
	write_sequnlock(&e->head_lock);
	return n;
}

static const struct file_operations engine_fops = {
	.write = engine_write,
};
