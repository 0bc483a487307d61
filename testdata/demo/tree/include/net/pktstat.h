// SPDX-License-Identifier: MIT
/* pktstat: per-flow packet statistics, recorded into a tracebuf. */
#ifndef _NET_PKTSTAT_H
#define _NET_PKTSTAT_H

#include <linux/types.h>

/* Accounts one received packet; call with BH disabled. */
void pktstat_rx(unsigned int len);
/* pktstat_rx() for callers in task context. */
void pktstat_rx_ni(unsigned int len);
/* Queues packets for accounting by the BH work; any context. */
void pktstat_queue(unsigned int len);

#endif /* _NET_PKTSTAT_H */
