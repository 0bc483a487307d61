/* SPDX-License-Identifier: MIT */
/*
 * What a path shows about a pointer: after
 * `if ((skb = dev_alloc_skb(n)) == NULL) goto drop;` (assigned in the
 * condition that tests it) skb is not NULL, nor after `skb->len` (a
 * pointer loaded from memory and dereferenced), so the receiver's "skb ==
 * NULL means the channel closes" branch, which sleeps, is not taken from
 * the interrupt. The close path, which passes NULL itself, still reaches
 * it (from task context with a spinlock held).
 */
#include <linux/interrupt.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/fs.h>

struct chan {
	void (*push)(struct chan *c, struct sk_buff *skb);
	struct sk_buff_head q;
	struct sk_buff *pending;
	unsigned int bytes;
	spinlock_t lock;
	int irq;
};

static void chan_push(struct chan *c, struct sk_buff *skb)
{
	if (skb == NULL) {
		void *p = kmalloc(16, GFP_KERNEL); /* want "kmalloc\\(\\) \\(GFP_KERNEL\\) may sleep under spinlock &c->lock in chan_push" */ /* want:rt "kmalloc\\(\\) \\(GFP_KERNEL\\) may sleep under &c->lock .*in chan_push" */
		kfree(p);
		return;
	}
	kfree_skb(skb);
}

static irqreturn_t card_irq(int irq, void *d)
{
	struct chan *c = d;
	struct sk_buff *sb;

	if ((sb = dev_alloc_skb(64)) == NULL)
		goto drop;
	c->push(c, sb);
	while ((sb = skb_dequeue(&c->q)) != NULL)
		c->push(c, sb);
	sb = c->pending;
	c->bytes += sb->len;
	c->push(c, sb);
drop:
	return IRQ_HANDLED;
}

static int chan_release(struct inode *inode, struct file *f)
{
	struct chan *c = f->private_data;

	spin_lock(&c->lock);
	c->push(c, NULL);
	spin_unlock(&c->lock);
	return 0;
}

static const struct file_operations chan_fops = {
	.release = chan_release,
};

int card_init(struct chan *c)
{
	c->push = chan_push;
	return request_irq(c->irq, card_irq, 0, "card", c);
}
