/* SPDX-License-Identifier: MIT */
/*
 * A PMU's pmu_enable and pmu_disable methods run with IRQs off: the perf
 * core calls them only through perf_pmu_enable()/perf_pmu_disable(),
 * from the context switch and transaction paths under the context lock
 * and from the rotation hrtimer. This CPU's data is safe there. The
 * methods the core calls in task context (event_init, from
 * perf_event_open()) are not: the same access there is reported.
 */
#include <linux/perf_event.h>
#include <linux/percpu.h>
#include <linux/smp.h>

struct demo_hw_events {
	unsigned long used_mask;
	int cpu;
};

struct demo_pmu {
	struct pmu pmu;
	struct demo_hw_events __percpu *hw_events;
};

static DEFINE_PER_CPU(int, demo_init_cpu);

static void demo_pmu_enable(struct pmu *pmu)
{
	struct demo_pmu *d = container_of(pmu, struct demo_pmu, pmu);
	struct demo_hw_events *hw = this_cpu_ptr(d->hw_events);

	hw->cpu = smp_processor_id();
}

static void demo_pmu_disable(struct pmu *pmu)
{
	struct demo_pmu *d = container_of(pmu, struct demo_pmu, pmu);

	this_cpu_ptr(d->hw_events)->used_mask = 0;
}

static int demo_event_init(struct perf_event *event)
{
	int *c = this_cpu_ptr(&demo_init_cpu); /* want:both "demo_init_cpu" */

	*c = 1;
	return 0;
}

static struct demo_pmu demo = {
	.pmu = {
		.pmu_enable	= demo_pmu_enable,
		.pmu_disable	= demo_pmu_disable,
		.event_init	= demo_event_init,
	},
};

int demo_register(void)
{
	return perf_pmu_register(&demo.pmu, "demo", -1);
}
