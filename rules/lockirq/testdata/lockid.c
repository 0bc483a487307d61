/* SPDX-License-Identifier: MIT */
/*
 * Lock identity. A lock in a struct embedded in another is that object's
 * lock: a socket's receive-queue lock is not its write-queue lock, nor a
 * channel's data-queue lock, though all three are struct pkt_queue.lock.
 * A helper that locks the queue it is given (q_tick(), q_len()) takes the
 * lock of the queue its caller passes.
 */
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/fs.h>

struct pkt_queue {
	spinlock_t lock;
	int len;
};

struct sock_like {
	struct pkt_queue rx_queue;
	struct pkt_queue tx_queue;
	struct timer_list timer;
};

struct chan {
	struct pkt_queue data_q;
	struct timer_list timer;
};

static void q_tick(struct pkt_queue *q)
{
	spin_lock(&q->lock);
	q->len++;
	spin_unlock(&q->lock);
}

static int q_len(struct pkt_queue *q)
{
	int n;

	spin_lock(&q->lock);
	n = q->len;
	spin_unlock(&q->lock);
	return n;
}

/* Softirq: the socket's receive queue, directly and through q_tick(). */
static void sk_timer(struct timer_list *t)
{
	struct sock_like *sk = from_timer(sk, t, timer);

	spin_lock(&sk->rx_queue.lock);
	sk->rx_queue.len = 0;
	spin_unlock(&sk->rx_queue.lock);
	q_tick(&sk->rx_queue);
}

/* Softirq: the channel's data queue, through q_tick(). */
static void chan_timer(struct timer_list *t)
{
	struct chan *ch = from_timer(ch, t, timer);

	q_tick(&ch->data_q);
}

/*
 * Task: the write queue is another lock than the ones the timers take,
 * directly or through q_tick(): no finding for it. The receive queue is
 * the timer's: a deadlock.
 */
static long sk_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct sock_like *s = f->private_data;
	long n;

	spin_lock(&s->tx_queue.lock);
	n = s->tx_queue.len;
	spin_unlock(&s->tx_queue.lock);
	n += q_len(&s->tx_queue);
	if (cmd)
		return n;
	spin_lock(&s->rx_queue.lock); /* want "SOFTIRQ-ON-W.*: &s->rx_queue.lock is taken with softirqs enabled in sk_ioctl\\(\\) and in softirq context in sk_timer\\(\\) \\(as &sk->rx_queue.lock\\); use spin_lock_bh\\(\\)" */
	n = s->rx_queue.len;
	spin_unlock(&s->rx_queue.lock);
	return n;
}

static const struct file_operations sk_fops = {
	.unlocked_ioctl = sk_ioctl,
};

static void sk_setup(struct sock_like *sk, struct chan *ch)
{
	timer_setup(&sk->timer, sk_timer, 0);
	timer_setup(&ch->timer, chan_timer, 0);
}
