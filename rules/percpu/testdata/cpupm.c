/* SPDX-License-Identifier: MIT */
/*
 * A notifier block registered on the CPU PM chain runs with IRQs off
 * (cpu_pm_enter()/cpu_pm_exit() are called so, from idle and suspend):
 * this CPU's data there is safe, whether the block's callback is set by
 * its initializer or assigned. A block on another chain runs in task
 * context: the same access there is reported.
 */
#include <linux/cpu_pm.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/reboot.h>
#include <linux/init.h>

static DEFINE_PER_CPU(unsigned long, saved_ctrl);
static DEFINE_PER_CPU(unsigned long, saved_prio);
static DEFINE_PER_CPU(unsigned long, reboot_seen);

static int chip_pm_notify(struct notifier_block *nb, unsigned long cmd, void *v)
{
	unsigned long *c = this_cpu_ptr(&saved_ctrl);

	if (cmd == CPU_PM_EXIT)
		(*c)++;
	return NOTIFY_OK;
}

static int prio_pm_notify(struct notifier_block *nb, unsigned long cmd, void *v)
{
	__this_cpu_inc(saved_prio);
	return NOTIFY_OK;
}

static int chip_reboot_notify(struct notifier_block *nb, unsigned long cmd, void *v)
{
	unsigned long *c = this_cpu_ptr(&reboot_seen); /* want:both "reboot_seen" */

	(*c)++;
	return NOTIFY_OK;
}

static struct notifier_block chip_pm_nb = {
	.notifier_call = chip_pm_notify,
};

static struct notifier_block prio_pm_nb;

static struct notifier_block chip_reboot_nb = {
	.notifier_call = chip_reboot_notify,
};

static int __init chip_pm_init(void)
{
	prio_pm_nb.notifier_call = prio_pm_notify;
	cpu_pm_register_notifier(&chip_pm_nb);
	cpu_pm_register_notifier(&prio_pm_nb);
	return register_reboot_notifier(&chip_reboot_nb);
}
early_initcall(chip_pm_init);
