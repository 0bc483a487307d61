/* SPDX-License-Identifier: MIT */
/*
 * A net device's ndo_neigh_destroy runs when a neighbour's last reference
 * goes, which can be in softirq (the neighbour timer): a driver that
 * allocates with GFP_KERNEL there, through its own ops, sleeps in softirq
 * context.
 */
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/neighbour.h>

struct world_ops {
	void (*port_neigh_destroy)(struct net_device *dev, struct neighbour *n);
};

static void hw_port_neigh_destroy(struct net_device *dev, struct neighbour *n)
{
	void *entry = kzalloc(64, GFP_KERNEL); /* want:both "kzalloc\\(\\) \\(GFP_KERNEL\\) may sleep in softirq context in hw_port_neigh_destroy\\(\\)" */

	kfree(entry);
}

static const struct world_ops hw_world_ops = {
	.port_neigh_destroy = hw_port_neigh_destroy,
};

static void port_neigh_destroy(struct net_device *dev, struct neighbour *n)
{
	hw_world_ops.port_neigh_destroy(dev, n);
}

static const struct net_device_ops port_netdev_ops = {
	.ndo_neigh_destroy = port_neigh_destroy,
};
