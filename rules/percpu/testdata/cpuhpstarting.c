/* SPDX-License-Identifier: MIT */
/*
 * CPU hotplug callbacks of a STARTING state run on the incoming CPU with
 * IRQs off (and those of its teardown on the outgoing CPU, the same way):
 * this CPU's data there is safe. A dynamic online state's callbacks run
 * in the hotplugged CPU's hotplug thread, bound to it: preemptible, but
 * this CPU's data is the CPU's the callback is for. A prepare state's
 * callbacks run on the control CPU, in the caller's task, which can
 * migrate: the same access there is reported.
 */
#include <linux/cpuhotplug.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/init.h>

struct rdist {
	void *base;
	unsigned int cpu;
};

static DEFINE_PER_CPU(struct rdist, chip_rdist);
static DEFINE_PER_CPU(unsigned long, online_count);
static DEFINE_PER_CPU(unsigned long, prepare_count);

static int chip_starting_cpu(unsigned int cpu)
{
	struct rdist *r = this_cpu_ptr(&chip_rdist);

	r->cpu = smp_processor_id();
	return 0;
}

static int chip_dying_cpu(unsigned int cpu)
{
	this_cpu_ptr(&chip_rdist)->base = NULL;
	return 0;
}

static int chip_online_cpu(unsigned int cpu)
{
	unsigned long *c = this_cpu_ptr(&online_count);

	(*c)++;
	return 0;
}

static int chip_prepare_cpu(unsigned int cpu)
{
	unsigned long *c = this_cpu_ptr(&prepare_count); /* want:both "prepare_count" */

	(*c)++;
	return 0;
}

static int __init chip_init(void)
{
	cpuhp_setup_state_nocalls(CPUHP_AP_IRQ_CHIP_STARTING, "irqchip/chip:starting",
				  chip_starting_cpu, chip_dying_cpu);
	cpuhp_setup_state(CPUHP_BP_PREPARE_DYN, "irqchip/chip:prepare",
			  chip_prepare_cpu, NULL);
	return cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "irqchip/chip:online",
				 chip_online_cpu, NULL);
}
early_initcall(chip_init);
