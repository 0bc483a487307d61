/* SPDX-License-Identifier: MIT */
/*
 * A statement expression's value is its last statement's: the per-CPU
 * trylock macro returns NULL exactly where the trylock failed and the pin
 * was dropped, so the failure path sleeps with nothing held. The success
 * path sleeping under the lock is still caught.
 */
#include <linux/spinlock.h>
#include <linux/percpu.h>
#include <linux/kthread.h>
#include <linux/delay.h>

struct pcp {
	spinlock_t lock;
	int count;
};
static DEFINE_PER_CPU(struct pcp, pcps);

#define pcp_trylock(ptr)					\
({								\
	struct pcp *_ret;					\
	migrate_disable();					\
	_ret = this_cpu_ptr(ptr);				\
	if (!spin_trylock(&_ret->lock)) {			\
		migrate_enable();				\
		_ret = NULL;					\
	}							\
	_ret;							\
})

static int bulk(void *data)
{
	struct pcp *pcp;

	pcp = pcp_trylock(&pcps);
	if (!pcp)
		goto failed;
	pcp->count++;
	spin_unlock(&pcp->lock);
	migrate_enable();
	return 0;
failed:
	msleep(1);
	return 0;
}

static int bulk_bad(void *data)
{
	struct pcp *pcp;

	pcp = pcp_trylock(&pcps);
	if (!pcp)
		return 0;
	msleep(1); /* want:both "msleep\\(\\) may sleep under (spinlock )?&_ret->lock" */
	spin_unlock(&pcp->lock);
	migrate_enable();
	return 0;
}

static int bulk_start(void)
{
	kthread_run(bulk, NULL, "bulk");
	kthread_run(bulk_bad, NULL, "bulk-bad");
	return 0;
}
