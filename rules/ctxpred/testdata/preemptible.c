/* SPDX-License-Identifier: MIT */
/*
 * preemptible() outside core code. Without CONFIG_PREEMPT_COUNT it is
 * always 0, so code that picks a sleeping or an atomic way with it always
 * takes the atomic one; on PREEMPT_RT it is true under a spinlock_t and
 * with PREEMPT_RCU inside an RCU reader, where sleeping is still wrong.
 * Code that names the option it depends on, and assertions, are fine.
 */
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/bug.h>
#include <linux/module.h>

void *drv_alloc(size_t n)
{
	if (!preemptible()) /* want:both "preemptible\\(\\) decides a branch in drv_alloc\\(\\) outside core code: it is 0 without CONFIG_PREEMPT_C.UNT" */
		return kmalloc(n, GFP_ATOMIC);
	return kmalloc(n, GFP_KERNEL);
}
EXPORT_SYMBOL(drv_alloc);

bool drv_atomic_xfer(void)
{
	return IS_ENABLED(CONFIG_PREEMPT_COUNT) ? !preemptible() : irqs_disabled();
}
EXPORT_SYMBOL(drv_atomic_xfer);

void drv_check(void)
{
	WARN_ON_ONCE(preemptible());
}
EXPORT_SYMBOL(drv_check);

/* The same assertion in a function another CPU runs in hard interrupt
 * context (an on_each_cpu() callback), where preemptible() is known 0:
 * still only an assertion. */
static void drv_ipi(void *unused)
{
	WARN_ON_ONCE(preemptible());
}

void drv_sync_all(void)
{
	on_each_cpu(drv_ipi, NULL, 1);
}
EXPORT_SYMBOL(drv_sync_all);

/* BUG_ON() asserts as WARN_ON() does. */
static void drv_ipi_strict(void *unused)
{
	BUG_ON(preemptible());
}

void drv_sync_strict(void)
{
	on_each_cpu(drv_ipi_strict, NULL, 1);
}
EXPORT_SYMBOL(drv_sync_strict);
