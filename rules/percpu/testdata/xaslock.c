/* SPDX-License-Identifier: MIT */
/*
 * xas_lock_irq() disables IRQs without PREEMPT_RT; xas_unlock() leaves
 * them off, and the stats updated before local_irq_enable() are safe
 * there (a page cache migration's pattern). On PREEMPT_RT the lock
 * leaves IRQs on: the same update is preemptible. xas_unlock_irq()
 * before the update leaves it preemptible everywhere. xa_lock_irqsave()
 * on the array itself keeps the update pinned in both (on PREEMPT_RT the
 * spinlock_t disables migration).
 */
#include <linux/percpu.h>
#include <linux/xarray.h>
#include <linux/fs.h>

struct pstore_map {
	struct xarray pages;
};

static DEFINE_PER_CPU(long, nr_moved);

static int pmap_move(struct pstore_map *m, unsigned long idx)
{
	XA_STATE(xas, &m->pages, idx);

	xas_lock_irq(&xas);
	xas_store(&xas, NULL);
	xas_unlock(&xas);
	__this_cpu_inc(nr_moved); /* want:rt "per-CPU nr_moved accessed with __this_cpu_inc\\(\\) in preemptible task context in pmap_move\\(\\)" */
	local_irq_enable();
	return 0;
}

static int pmap_drop(struct pstore_map *m, unsigned long idx)
{
	XA_STATE(xas, &m->pages, idx);

	xas_lock_irq(&xas);
	xas_store(&xas, NULL);
	xas_unlock_irq(&xas);
	__this_cpu_inc(nr_moved); /* want:both "per-CPU nr_moved accessed with __this_cpu_inc\\(\\) in preemptible task context in pmap_drop\\(\\)" */
	return 0;
}

static void pmap_mark(struct pstore_map *m)
{
	unsigned long flags;

	xa_lock_irqsave(&m->pages, flags);
	__this_cpu_inc(nr_moved);
	xa_unlock_irqrestore(&m->pages, flags);
}

static struct pstore_map the_map;

static ssize_t pmap_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	pmap_move(&the_map, 1);
	pmap_drop(&the_map, 2);
	pmap_mark(&the_map);
	return n;
}

static const struct file_operations pmap_fops = {
	.write = pmap_write,
};
