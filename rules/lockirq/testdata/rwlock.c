/* SPDX-License-Identifier: MIT */
/*
 * Reader-writer locks: lockdep tracks read acquisitions apart (the -R
 * states). Readers in interrupt context never wait for a reader the
 * interrupted code holds (qrwlock lets interrupt-context readers past a
 * waiting writer), so read/read is safe; a writer on either side is not.
 */
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/fs.h>

struct table {
	rwlock_t readers_only;
	rwlock_t writer_in_task;
	rwlock_t writer_in_timer;
	rwlock_t writers_bh;
	int n;
	struct timer_list timer;
};

static void table_timer(struct timer_list *t)
{
	struct table *tb = from_timer(tb, t, timer);

	read_lock(&tb->readers_only);
	read_lock(&tb->writer_in_task);
	write_lock(&tb->writer_in_timer);
	read_lock(&tb->writers_bh);
	tb->n++;
	read_unlock(&tb->writers_bh);
	write_unlock(&tb->writer_in_timer);
	read_unlock(&tb->writer_in_task);
	read_unlock(&tb->readers_only);
}

static long table_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct table *tb = f->private_data;

	/* read/read: no deadlock, lockdep says nothing. */
	read_lock(&tb->readers_only);
	tb->n = 0;
	read_unlock(&tb->readers_only);

	/* {SOFTIRQ-ON-W} here, {IN-SOFTIRQ-R} in the timer. */
	write_lock(&tb->writer_in_task); /* want "inconsistent \\{SOFTIRQ-ON-W\\} -> \\{IN-SOFTIRQ-R\\} usage: &tb->writer_in_task is taken for writing with softirqs enabled in table_ioctl\\(\\) and for reading in softirq context in table_timer\\(\\); use write_lock_bh\\(\\)$" */
	tb->n = 1;
	write_unlock(&tb->writer_in_task);

	/* {SOFTIRQ-ON-R} here, {IN-SOFTIRQ-W} in the timer. */
	read_lock(&tb->writer_in_timer); /* want "inconsistent \\{SOFTIRQ-ON-R\\} -> \\{IN-SOFTIRQ-W\\} usage: &tb->writer_in_timer is taken for reading with softirqs enabled in table_ioctl\\(\\) and in softirq context in table_timer\\(\\); use read_lock_bh\\(\\)$" */
	tb->n = 2;
	read_unlock(&tb->writer_in_timer);

	/* The writer disables BH; this reader is safe against the timer's reader. */
	write_lock_bh(&tb->writers_bh);
	tb->n = 3;
	write_unlock_bh(&tb->writers_bh);
	read_lock(&tb->writers_bh);
	tb->n = 4;
	read_unlock(&tb->writers_bh);
	return 0;
}

static const struct file_operations table_fops = {
	.unlocked_ioctl = table_ioctl,
};

static void table_init(struct table *tb)
{
	timer_setup(&tb->timer, table_timer, 0);
}
