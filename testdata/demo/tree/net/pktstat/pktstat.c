// SPDX-License-Identifier: MIT
/*
 * pktstat: packet statistics. Packets are queued from any context and
 * accounted by a BH work item, which records every packet length into the
 * pktstat tracebuf.
 */
#include <linux/atomic.h>
#include <linux/bottom_half.h>
#include <linux/module.h>
#include <linux/workqueue.h>
#include <linux/tracebuf.h>
#include <net/pktstat.h>

struct pktstat {
	struct work_struct bh_work;
	atomic_long_t queued_bytes;
	atomic_long_t queued_pkts;
	unsigned long rx_bytes;
	unsigned long rx_pkts;
	u64 trace_id;
};

static struct pktstat pktstat;

static void pktstat_account(struct pktstat *ps, unsigned long pkts, unsigned long bytes)
{
	tracebuf_event(bytes);
	ps->rx_pkts += pkts;
	ps->rx_bytes += bytes;
}

void pktstat_rx(unsigned int len)
{
	tracebuf_attach(pktstat.trace_id);
	pktstat_account(&pktstat, 1, len);
	tracebuf_detach();
}
EXPORT_SYMBOL(pktstat_rx);

void pktstat_rx_ni(unsigned int len)
{
	local_bh_disable();
	pktstat_rx(len);
	local_bh_enable();
}
EXPORT_SYMBOL(pktstat_rx_ni);

static void pktstat_bh_work(struct work_struct *work)
{
	struct pktstat *ps = container_of(work, struct pktstat, bh_work);

	tracebuf_attach(ps->trace_id);
	pktstat_account(ps, atomic_long_xchg(&ps->queued_pkts, 0),
			atomic_long_xchg(&ps->queued_bytes, 0));
	tracebuf_detach();
}

void pktstat_queue(unsigned int len)
{
	atomic_long_add(len, &pktstat.queued_bytes);
	atomic_long_inc(&pktstat.queued_pkts);
	queue_work(system_bh_wq, &pktstat.bh_work);
}
EXPORT_SYMBOL(pktstat_queue);

static int __init pktstat_init(void)
{
	INIT_WORK(&pktstat.bh_work, pktstat_bh_work);
	pktstat.trace_id = tracebuf_id(TRACEBUF_SUBSYS_PKTSTAT, 0);
	return tracebuf_register(pktstat.trace_id, 1024);
}
module_init(pktstat_init);

static void __exit pktstat_exit(void)
{
	cancel_work_sync(&pktstat.bh_work);
	tracebuf_unregister(pktstat.trace_id);
}
module_exit(pktstat_exit);

MODULE_DESCRIPTION("Packet statistics");
MODULE_LICENSE("Dual MIT/GPL");
