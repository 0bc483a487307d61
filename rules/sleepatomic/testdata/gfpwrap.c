/* SPDX-License-Identifier: MIT */
/*
 * An allocation wrapper whose GFP flags are its parameter: the caller's
 * constant decides whether the allocation may sleep. A timer that passes
 * GFP_KERNEL through the wrapper is caught (in the wrapper, on the timer's
 * way); one that passes GFP_ATOMIC is not.
 */
#include <linux/timer.h>
#include <linux/slab.h>
#include <linux/skbuff.h>

struct ring {
	struct timer_list timer;
	struct timer_list timer2;
	int len;
};

static inline struct sk_buff *ring_skb_alloc(struct ring *r, unsigned int len, gfp_t how)
{
	return alloc_skb(len + 16, how); /* want:both "alloc_skb\\(\\) \\(GFP_KERNEL\\) may sleep in softirq context in ring_skb_alloc\\(\\)" */
}

static void ring_send(struct ring *r)
{
	struct sk_buff *skb = ring_skb_alloc(r, r->len, GFP_KERNEL);

	kfree_skb(skb);
}

static void ring_send_atomic(struct ring *r)
{
	struct sk_buff *skb = ring_skb_alloc(r, r->len, GFP_ATOMIC);

	kfree_skb(skb);
}

static void ring_timeout(struct timer_list *t)
{
	struct ring *r = from_timer(r, t, timer);

	ring_send(r);
}

static void ring_timeout2(struct timer_list *t)
{
	struct ring *r = from_timer(r, t, timer2);

	ring_send_atomic(r);
}

void ring_init(struct ring *r)
{
	timer_setup(&r->timer, ring_timeout, 0);
	timer_setup(&r->timer2, ring_timeout2, 0);
}
