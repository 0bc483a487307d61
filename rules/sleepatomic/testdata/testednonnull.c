/* SPDX-License-Identifier: MIT */
/*
 * A pointer the caller tested enters its callees as tested: send_abort()
 * allocates with GFP_KERNEL only when it is given no buffer, and the
 * close path under the BH-disabling lock gives it one it allocated with
 * GFP_ATOMIC and checked. send_abort_untested() is given the same
 * allocation unchecked, which may be NULL: reported.
 */
#include <linux/skbuff.h>
#include <linux/spinlock.h>

struct conn {
	spinlock_t lock;
	int state;
};

static void send_abort(struct conn *c, struct sk_buff *skb)
{
	if (!skb)
		skb = alloc_skb(64, GFP_KERNEL);
	kfree_skb(skb);
}

static void send_reset(struct conn *c, struct sk_buff *skb)
{
	send_abort(c, skb);
}

static void send_abort_untested(struct conn *c, struct sk_buff *skb)
{
	if (!skb)
		skb = alloc_skb(64, GFP_KERNEL); /* want:both "alloc_skb\\(\\) \\(GFP_KERNEL\\) may sleep .* in send_abort_untested\\(\\)" */
	kfree_skb(skb);
}

void conn_close(struct conn *c)
{
	struct sk_buff *skb;

	spin_lock_bh(&c->lock);
	skb = alloc_skb(64, GFP_ATOMIC);
	if (skb)
		send_reset(c, skb);
	spin_unlock_bh(&c->lock);
}

void conn_flush(struct conn *c)
{
	struct sk_buff *skb;

	spin_lock_bh(&c->lock);
	skb = alloc_skb(64, GFP_ATOMIC);
	send_abort_untested(c, skb);
	spin_unlock_bh(&c->lock);
}
