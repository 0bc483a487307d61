/* SPDX-License-Identifier: MIT */
/* Work queued on a BH workqueue runs in softirq context. */
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/kthread.h>

struct ring {
	spinlock_t lock;
	struct work_struct bh;
	int head;
};

static void ring_bh(struct work_struct *work)
{
	struct ring *r = container_of(work, struct ring, bh);

	spin_lock(&r->lock);
	r->head++;
	spin_unlock(&r->lock);
}

static int ring_thread(void *data)
{
	struct ring *r = data;

	while (!kthread_should_stop()) {
		spin_lock(&r->lock); /* want "SOFTIRQ-ON-W.*&r->lock is taken with softirqs enabled in ring_thread\\(\\) and in softirq context in ring_bh\\(\\); use spin_lock_bh\\(\\)" */
		r->head = 0;
		spin_unlock(&r->lock);
	}
	return 0;
}

static void ring_kick(struct ring *r)
{
	queue_work(system_bh_wq, &r->bh);
}

static void ring_setup(struct ring *r)
{
	INIT_WORK(&r->bh, ring_bh);
	kthread_run(ring_thread, r, "ring");
}
