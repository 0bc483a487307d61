/* SPDX-License-Identifier: MIT */
/*
 * One work item, re-initialised for each stage of a request: the first
 * stage runs on a BH workqueue (softirq), the second is queued by the
 * first on an ordinary workqueue (task context, may sleep). A function
 * that initialises the item and then queues it queues its own work
 * function only.
 */
#include <linux/workqueue.h>
#include <linux/delay.h>
#include <linux/slab.h>

struct req {
	struct work_struct work;
	struct workqueue_struct *wq;
	void *buf;
};

static void req_finish(struct work_struct *w)
{
	struct req *r = container_of(w, struct req, work);

	msleep(10);
	kfree(r->buf);
}

static void req_first(struct work_struct *w)
{
	struct req *r = container_of(w, struct req, work);

	r->buf = kmalloc(64, GFP_ATOMIC);
	INIT_WORK(&r->work, req_finish);
	queue_work(r->wq, &r->work);
}

static void req_slow_first(struct work_struct *w)
{
	msleep(1); /* want:both "msleep\\(\\) may sleep in softirq context" */
}

void req_submit(struct req *r)
{
	INIT_WORK(&r->work, req_first);
	queue_work(system_bh_wq, &r->work);
}
EXPORT_SYMBOL(req_submit);

struct other {
	struct work_struct work;
};

void other_submit(struct other *o)
{
	INIT_WORK(&o->work, req_slow_first);
	queue_work(system_bh_wq, &o->work);
}
EXPORT_SYMBOL(other_submit);
