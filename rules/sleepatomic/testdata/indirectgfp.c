/* SPDX-License-Identifier: MIT */
/*
 * A call through a function pointer that passes GFP flags allowing
 * blocking may sleep, whatever function the pointer holds: the flags are
 * the caller's leave to sleep, and the implementations are an open set
 * (here none is defined in the file; a scheduler module elsewhere would
 * allocate with the flags). GFP_ATOMIC through the same pointer, and
 * GFP_KERNEL from task context, are fine.
 */
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/slab.h>

struct qsched_ops {
	int (*init_sid)(void *stream, int sid, gfp_t gfp);
};

struct qassoc {
	struct timer_list timer;
	struct work_struct work;
	const struct qsched_ops *ops;
	void *stream;
};

static int qassoc_each(struct qassoc *a, int (*fn)(void *, int, gfp_t))
{
	return fn(a->stream, 2, GFP_NOIO); /* want:both "fn\\(\\) \\(GFP_NOIO\\) may sleep in softirq context in qassoc_each\\(\\)" */
}

static void qassoc_timer(struct timer_list *t)
{
	struct qassoc *a = from_timer(a, t, timer);

	a->ops->init_sid(a->stream, 0, GFP_KERNEL); /* want:both "a->ops->init_sid\\(\\) \\(GFP_KERNEL\\) may sleep in softirq context in qassoc_timer\\(\\)" */
	a->ops->init_sid(a->stream, 1, GFP_ATOMIC);
	qassoc_each(a, a->ops->init_sid);
}

static void qassoc_work(struct work_struct *w)
{
	struct qassoc *a = container_of(w, struct qassoc, work);

	a->ops->init_sid(a->stream, 0, GFP_KERNEL);
}

static void qassoc_setup(struct qassoc *a)
{
	timer_setup(&a->timer, qassoc_timer, 0);
	INIT_WORK(&a->work, qassoc_work);
}
