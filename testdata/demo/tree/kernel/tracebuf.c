// SPDX-License-Identifier: MIT
/*
 * tracebuf: event buffers recorded into on behalf of their owner.
 *
 * Buffers live in a hash table by id. tracebuf_attach() looks one up and
 * gives the current task a private area to record into; tracebuf_detach()
 * copies the area into the buffer. A softirq that interrupts a task which
 * has a buffer attached is not recorded.
 */
#include <linux/hashtable.h>
#include <linux/interrupt.h>
#include <linux/minmax.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracebuf.h>

struct tracebuf {
	spinlock_t lock;		/* protects events and count */
	refcount_t refs;
	u64 id;
	unsigned int size;		/* entries in events */
	unsigned int count;		/* entries used in events */
	unsigned long *events;
	struct hlist_node node;
};

static DEFINE_SPINLOCK(tracebuf_ids_lock);	/* protects tracebuf_ids */
static DEFINE_HASHTABLE(tracebuf_ids, 4);

static struct tracebuf *tracebuf_find(u64 id)
	__must_hold(&tracebuf_ids_lock)
{
	struct tracebuf *tb;

	hash_for_each_possible(tracebuf_ids, tb, node, id) {
		if (tb->id == id)
			return tb;
	}
	return NULL;
}

static void tracebuf_put(struct tracebuf *tb)
{
	if (refcount_dec_and_test(&tb->refs)) {
		kfree(tb->events);
		kfree(tb);
	}
}

int tracebuf_register(u64 id, unsigned int size)
{
	struct tracebuf *tb;
	unsigned long flags;
	int err = 0;

	tb = kzalloc(sizeof(*tb), GFP_KERNEL);
	if (!tb)
		return -ENOMEM;
	tb->events = kcalloc(size, sizeof(*tb->events), GFP_KERNEL);
	if (!tb->events) {
		kfree(tb);
		return -ENOMEM;
	}
	spin_lock_init(&tb->lock);
	refcount_set(&tb->refs, 1);
	tb->id = id;
	tb->size = size;

	spin_lock_irqsave(&tracebuf_ids_lock, flags);
	if (tracebuf_find(id))
		err = -EEXIST;
	else
		hash_add(tracebuf_ids, &tb->node, id);
	spin_unlock_irqrestore(&tracebuf_ids_lock, flags);
	if (err) {
		kfree(tb->events);
		kfree(tb);
	}
	return err;
}
EXPORT_SYMBOL(tracebuf_register);

void tracebuf_unregister(u64 id)
{
	struct tracebuf *tb;
	unsigned long flags;

	spin_lock_irqsave(&tracebuf_ids_lock, flags);
	tb = tracebuf_find(id);
	if (tb)
		hash_del(&tb->node);
	spin_unlock_irqrestore(&tracebuf_ids_lock, flags);
	if (tb)
		tracebuf_put(tb);
}
EXPORT_SYMBOL(tracebuf_unregister);

void tracebuf_attach(u64 id)
{
	struct tracebuf_task *tt = &current->tracebuf;
	struct tracebuf *tb;
	unsigned long *area;
	unsigned long flags;

	if (!in_task() && !in_serving_softirq())
		return;
	/* Already attached, or a softirq on top of an attached task. */
	if (READ_ONCE(tt->buf))
		return;

	spin_lock_irqsave(&tracebuf_ids_lock, flags);
	tb = tracebuf_find(id);
	if (tb)
		refcount_inc(&tb->refs);
	spin_unlock_irqrestore(&tracebuf_ids_lock, flags);
	if (!tb)
		return;

	area = kmalloc_array(tb->size, sizeof(*area), GFP_ATOMIC);
	if (!area) {
		tracebuf_put(tb);
		return;
	}
	tt->area = area;
	tt->len = 0;
	tt->cap = tb->size;
	tt->softirq = in_serving_softirq();
	WRITE_ONCE(tt->buf, tb);
}
EXPORT_SYMBOL(tracebuf_attach);

/*
 * The attachment the current context may use: a softirq's own, not that of
 * the task it interrupted.
 */
static struct tracebuf_task *tracebuf_mine(void)
{
	struct tracebuf_task *tt = &current->tracebuf;

	if (!READ_ONCE(tt->buf) || tt->softirq != in_serving_softirq())
		return NULL;
	return tt;
}

void tracebuf_event(unsigned long ev)
{
	struct tracebuf_task *tt;

	if (!in_task() && !in_serving_softirq())
		return;
	tt = tracebuf_mine();
	if (tt && tt->len < tt->cap)
		tt->area[tt->len++] = ev;
}
EXPORT_SYMBOL(tracebuf_event);

void tracebuf_detach(void)
{
	struct tracebuf_task *tt;
	struct tracebuf *tb;
	unsigned int n;

	if (!in_task() && !in_serving_softirq())
		return;
	tt = tracebuf_mine();
	if (!tt)
		return;
	tb = tt->buf;
	WRITE_ONCE(tt->buf, NULL);

	spin_lock(&tb->lock);
	n = min(tt->len, tb->size - tb->count);
	memcpy(tb->events + tb->count, tt->area, n * sizeof(*tt->area));
	tb->count += n;
	spin_unlock(&tb->lock);

	kfree(tt->area);
	tt->area = NULL;
	tracebuf_put(tb);
}
EXPORT_SYMBOL(tracebuf_detach);
