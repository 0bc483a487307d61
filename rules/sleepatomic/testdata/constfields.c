/* SPDX-License-Identifier: MIT */
/*
 * A constant that decides the callee's path, passed by a caller that
 * sets fields of its own structs on the way: each call's entry differs
 * by what the caller knew of those fields, and the entries fill the
 * bounds on entries told apart by what they hold. The caller's field
 * facts are dropped before the constant: the dispatcher holds a spinlock
 * and passes the mode that only queues; the thread mode, which takes a
 * mutex, is passed in task context only.
 */
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/fs.h>
#include <linux/module.h>

enum run_type { RUN_QUEUE, RUN_THREAD };

struct gpe_event {
	int f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18;
};

static DEFINE_MUTEX(run_mutex);
static DEFINE_SPINLOCK(event_lock);
static struct work_struct run_work;

static int run_thread(void *ctx)
{
	mutex_lock(&run_mutex);
	mutex_unlock(&run_mutex);
	return 0;
}

static int run_execute(enum run_type type, void *ctx)
{
	if (type == RUN_THREAD)
		return run_thread(ctx);
	schedule_work(&run_work);
	return 0;
}

static void event_dispatch(struct gpe_event *ev)
{
	unsigned long flags;

	spin_lock_irqsave(&event_lock, flags);
	ev->f1 = 1;
	run_execute(RUN_QUEUE, ev);
	ev->f2 = 2;
	run_execute(RUN_QUEUE, ev);
	ev->f3 = 3;
	run_execute(RUN_QUEUE, ev);
	ev->f4 = 4;
	run_execute(RUN_QUEUE, ev);
	ev->f5 = 5;
	run_execute(RUN_QUEUE, ev);
	ev->f6 = 6;
	run_execute(RUN_QUEUE, ev);
	ev->f7 = 7;
	run_execute(RUN_QUEUE, ev);
	ev->f8 = 8;
	run_execute(RUN_QUEUE, ev);
	ev->f9 = 9;
	run_execute(RUN_QUEUE, ev);
	ev->f10 = 10;
	run_execute(RUN_QUEUE, ev);
	ev->f11 = 11;
	run_execute(RUN_QUEUE, ev);
	ev->f12 = 12;
	run_execute(RUN_QUEUE, ev);
	ev->f13 = 13;
	run_execute(RUN_QUEUE, ev);
	ev->f14 = 14;
	run_execute(RUN_QUEUE, ev);
	ev->f15 = 15;
	run_execute(RUN_QUEUE, ev);
	ev->f16 = 16;
	run_execute(RUN_QUEUE, ev);
	ev->f17 = 17;
	run_execute(RUN_QUEUE, ev);
	ev->f18 = 18;
	run_execute(RUN_QUEUE, ev);
	spin_unlock_irqrestore(&event_lock, flags);
}

static ssize_t event_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	struct gpe_event *ev = f->private_data;

	event_dispatch(ev);
	run_execute(RUN_THREAD, ev);
	return n;
}

static const struct file_operations event_fops = {
	.write = event_write,
};
