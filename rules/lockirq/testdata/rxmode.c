/* SPDX-License-Identifier: MIT */
/*
 * A net device's ndo_set_rx_mode runs in task context with BH disabled
 * (__dev_set_rx_mode() under netif_addr_lock_bh()), never in softirq: a
 * lock it shares with the device's other task paths needs no _bh. Its
 * ndo_start_xmit does run in softirq: the same kind of lock shared with
 * ndo_open is reported.
 */
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/module.h>

struct mbox {
	spinlock_t lock;
	int pending;
};

struct priv {
	struct mbox mb;
	spinlock_t tx_lock;
	int tx_count;
};

static void mbox_send(struct mbox *mb)
{
	spin_lock(&mb->lock);
	mb->pending++;
	spin_unlock(&mb->lock);
}

static void priv_set_rx_mode(struct net_device *dev)
{
	struct priv *p = netdev_priv(dev);

	mbox_send(&p->mb);
}

static netdev_tx_t priv_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct priv *p = netdev_priv(dev);

	spin_lock(&p->tx_lock);
	p->tx_count++;
	spin_unlock(&p->tx_lock);
	return NETDEV_TX_OK;
}

static int priv_open(struct net_device *dev)
{
	struct priv *p = netdev_priv(dev);

	mbox_send(&p->mb);
	spin_lock(&p->tx_lock); /* want:nonrt "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage: &p->tx_lock" */
	p->tx_count = 0;
	spin_unlock(&p->tx_lock);
	return 0;
}

static const struct net_device_ops priv_ops = {
	.ndo_open = priv_open,
	.ndo_start_xmit = priv_xmit,
	.ndo_set_rx_mode = priv_set_rx_mode,
};
