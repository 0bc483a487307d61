/* SPDX-License-Identifier: MIT */
/*
 * A page-table walk: the mapping helper returns the PTE mapped under
 * rcu_read_lock() with the page-table lock it took; pte_unmap_unlock()
 * (a header macro) drops both, so the sleep after it is fine. The broken
 * walker sleeps before unlocking.
 */
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/kthread.h>
#include <linux/delay.h>

pte_t *__pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd,
			     unsigned long addr, spinlock_t **ptlp)
{
	spinlock_t *ptl;
	pte_t *pte;

	rcu_read_lock();
	pte = __pte_map(pmd, addr);
	if (!pte) {
		rcu_read_unlock();
		return NULL;
	}
	ptl = pte_lockptr(mm, pmd);
	spin_lock(ptl);
	*ptlp = ptl;
	return pte;
}

static void walk_one(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = __pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return;
	set_pte_young(pte);
	pte_unmap_unlock(pte, ptl);
	msleep(1);
}

static void walk_bad(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	pte = __pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return;
	msleep(1); /* want "msleep\\(\\) may sleep with preemption disabled" */ /* want:rt "msleep\\(\\) may sleep inside an RCU read-side section" */
	pte_unmap_unlock(pte, ptl);
}

static int walker(void *data)
{
	walk_one(NULL, NULL, 0);
	walk_bad(NULL, NULL, 0);
	return 0;
}

static int walker_start(void)
{
	kthread_run(walker, NULL, "walker");
	return 0;
}
