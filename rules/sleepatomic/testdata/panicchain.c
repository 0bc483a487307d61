/* SPDX-License-Identifier: MIT */
/*
 * A block on the panic notifier chain runs while the kernel panics, with
 * IRQs off and the sleep checks silent (oops_in_progress). PREEMPT_RT's
 * panic path takes spinlock_t locks by design: not reported there. A real
 * sleep in it (a mutex, msleep()) is reported in both configurations.
 */
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/delay.h>
#include <linux/module.h>

static DEFINE_SPINLOCK(bmc_lock);
static DEFINE_MUTEX(bmc_mutex);
static int bmc_count;

static void bmc_log(void)
{
	unsigned long flags;

	spin_lock_irqsave(&bmc_lock, flags);
	bmc_count++;
	spin_unlock_irqrestore(&bmc_lock, flags);
}

static int bmc_panic(struct notifier_block *nb, unsigned long event, void *ptr)
{
	bmc_log();
	mutex_lock(&bmc_mutex); /* want:both "mutex_lock\\(\\).*may sleep with IRQs disabled in bmc_panic" */
	bmc_count = 0;
	mutex_unlock(&bmc_mutex);
	return NOTIFY_DONE;
}

static struct notifier_block bmc_panic_nb = {
	.notifier_call = bmc_panic,
};

static int __init bmc_init(void)
{
	atomic_notifier_chain_register(&panic_notifier_list, &bmc_panic_nb);
	return 0;
}
module_init(bmc_init);
