/* SPDX-License-Identifier: MIT */
/*
 * A sleeping call inside a header's inline wrapper is the caller's doing:
 * the timer's path passes GFP_KERNEL to the header's allocation wrapper,
 * and the finding is at the call in this file, naming the wrapper. The
 * GFP_ATOMIC caller is clean.
 */
#include <linux/timer.h>
#include "skbwrap.h"

struct wconn {
	struct wdev dev;
	struct timer_list timer;
	struct timer_list timer2;
	int len;
};

static void wconn_send(struct wconn *c)
{
	struct sk_buff *skb = wdev_skb_alloc(&c->dev, c->len, GFP_KERNEL); /* want:both "alloc_skb\\(\\) \\(GFP_KERNEL\\) via wdev_skb_alloc\\(\\) may sleep in softirq context in wconn_send\\(\\)" */

	kfree_skb(skb);
}

static void wconn_send_atomic(struct wconn *c)
{
	kfree_skb(wdev_skb_alloc(&c->dev, c->len, GFP_ATOMIC));
}

static void wconn_timeout(struct timer_list *t)
{
	struct wconn *c = from_timer(c, t, timer);

	wconn_send(c);
}

static void wconn_timeout2(struct timer_list *t)
{
	struct wconn *c = from_timer(c, t, timer2);

	wconn_send_atomic(c);
}

void wconn_init(struct wconn *c)
{
	timer_setup(&c->timer, wconn_timeout, 0);
	timer_setup(&c->timer2, wconn_timeout2, 0);
}
