// SPDX-License-Identifier: MIT
/*
 * collector: a kernel thread that polls a device once a second, records
 * what it read into its own tracebuf, hands the frames it found to pktstat,
 * and feeds a probe packet through pktstat as the receive path would.
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/tracebuf.h>
#include <net/pktstat.h>

#define COLLECTOR_PROBE_LEN	64

struct collector {
	struct task_struct *thread;
	unsigned long polls;
	unsigned int rx_len;	/* written by the device */
	u64 trace_id;
};

static struct collector collector;

/* Returns the length of the frame the device finished, 0 for none. */
static unsigned int collector_poll(struct collector *c)
{
	unsigned int len = READ_ONCE(c->rx_len);

	c->polls++;
	tracebuf_event(len);
	WRITE_ONCE(c->rx_len, 0);
	return len;
}

static int collector_thread(void *data)
{
	struct collector *c = data;
	unsigned int len;

	while (!kthread_should_stop()) {
		tracebuf_attach(c->trace_id);
		len = collector_poll(c);
		tracebuf_detach();
		if (len)
			pktstat_queue(len);

		/* A probe packet through the receive path. */
		pktstat_rx_ni(COLLECTOR_PROBE_LEN);

		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

static int __init collector_init(void)
{
	int err;

	collector.trace_id = tracebuf_id(TRACEBUF_SUBSYS_SAMPLER, 1);
	err = tracebuf_register(collector.trace_id, 64);
	if (err)
		return err;
	collector.thread = kthread_run(collector_thread, &collector, "collector");
	if (IS_ERR(collector.thread)) {
		tracebuf_unregister(collector.trace_id);
		return PTR_ERR(collector.thread);
	}
	return 0;
}
module_init(collector_init);

static void __exit collector_exit(void)
{
	kthread_stop(collector.thread);
	tracebuf_unregister(collector.trace_id);
}
module_exit(collector_exit);

MODULE_DESCRIPTION("Device poller");
MODULE_LICENSE("Dual MIT/GPL");
