/* SPDX-License-Identifier: MIT */
/*
 * A block on the die chain runs in the exception handler that raised
 * the event, before it turns IRQs back on: this CPU's data is safe there.
 * A PMU's snapshot_aux method is called with IRQs off by the perf core;
 * its event_init method in task context.
 */
#include <linux/kdebug.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/init.h>

static DEFINE_PER_CPU(unsigned long, trap_seen);
static DEFINE_PER_CPU(unsigned long, snap_seen);
static DEFINE_PER_CPU(unsigned long, init_seen);

static int trap_notify(struct notifier_block *nb, unsigned long val, void *data)
{
	unsigned long *c = this_cpu_ptr(&trap_seen);

	if (val == DIE_DEBUG)
		(*c)++;
	return NOTIFY_DONE;
}

static struct notifier_block trap_nb = {
	.notifier_call = trap_notify,
};

static long trace_snapshot(struct perf_event *event, struct perf_output_handle *handle, unsigned long size)
{
	unsigned long *c = this_cpu_ptr(&snap_seen);

	(*c)++;
	return 0;
}

static int trace_event_init(struct perf_event *event)
{
	unsigned long *c = this_cpu_ptr(&init_seen); /* want:both "init_seen" */

	(*c)++;
	return 0;
}

static struct pmu trace_pmu = {
	.event_init = trace_event_init,
	.snapshot_aux = trace_snapshot,
};

static int __init trace_init(void)
{
	register_die_notifier(&trap_nb);
	return perf_pmu_register(&trace_pmu, "trace", -1);
}
device_initcall(trace_init);
