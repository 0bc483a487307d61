/* SPDX-License-Identifier: MIT */
/*
 * A stop_machine() function runs on every CPU's stopper thread with IRQs
 * disabled: this CPU's number and data are stable there. The same access
 * from the sysfs handler that starts it is not.
 */
#include <linux/stop_machine.h>
#include <linux/device.h>
#include <linux/percpu.h>
#include <linux/smp.h>

static DEFINE_PER_CPU(unsigned long, sync_gen);
static int sync_cpu;

static int sync_rendezvous(void *unused)
{
	sync_cpu = smp_processor_id();
	__this_cpu_inc(sync_gen);
	return 0;
}

static ssize_t sync_store(struct device *dev, struct device_attribute *attr, const char *buf, size_t count)
{
	sync_cpu = smp_processor_id(); /* want:both "smp_processor_id\\(\\) in preemptible task context in sync_store\\(\\)" */
	stop_machine(sync_rendezvous, NULL, cpu_online_mask);
	return count;
}

static DEVICE_ATTR_WO(sync);
