/* SPDX-License-Identifier: MIT */
/* Per-task state saved in per-CPU storage by a start function and restored
 * by the stop function, each under its own local_lock section. */
#include <linux/percpu.h>
#include <linux/local_lock.h>
#include <linux/interrupt.h>
#include <linux/sched.h>

struct track_pcpu {
	local_lock_t lock;
	void *buf;
	unsigned long saved_pos;
	void *saved_area;
};
static DEFINE_PER_CPU(struct track_pcpu, track_pcpu) = {
	.lock = INIT_LOCAL_LOCK(lock),
};

struct tracker {
	unsigned long pos;
	void *area;
};

static void track_save(struct tracker *t)
{
	struct track_pcpu *d = this_cpu_ptr(&track_pcpu);

	d->saved_pos = t->pos; /* want:rt "per-CPU state track_pcpu.\\{saved_area,saved_pos\\} is saved in track_save\\(\\) and restored in track_restore\\(\\), in separate sections: on PREEMPT_RT softirq handling is preemptible" */
	d->saved_area = t->area;
}

static void track_restore(struct tracker *t)
{
	struct track_pcpu *d = this_cpu_ptr(&track_pcpu);

	t->pos = d->saved_pos;
	t->area = d->saved_area;
	d->saved_pos = 0;
	d->saved_area = NULL;
}

static void track_use(struct tracker *t, void *area)
{
	t->area = area;
}

void track_start(struct tracker *t)
{
	unsigned long flags;

	local_lock_irqsave(&track_pcpu.lock, flags);
	if (in_serving_softirq()) {
		track_save(t);
		track_use(t, this_cpu_ptr(&track_pcpu)->buf); /* want:rt "per-CPU track_pcpu.buf is handed to track_use\\(\\), which stores it, in track_start\\(\\) and used after the section ends" */
	}
	local_unlock_irqrestore(&track_pcpu.lock, flags);
}
EXPORT_SYMBOL(track_start);

void track_stop(struct tracker *t)
{
	unsigned long flags;

	local_lock_irqsave(&track_pcpu.lock, flags);
	if (in_serving_softirq())
		track_restore(t);
	local_unlock_irqrestore(&track_pcpu.lock, flags);
}
EXPORT_SYMBOL(track_stop);
