/* SPDX-License-Identifier: MIT */
/*
 * Lock identity through embedded structs. A driver's per-station rate
 * state (struct rs_state, the driver's own type) is embedded, inside an
 * untagged union, in its station struct; the softirq side takes the lock
 * through a pointer to the rate state it was handed, the task side
 * through the station: one lock, two names. Lockdep's class is the
 * lock's, whatever path names it.
 *
 * Two other structs that each embed a struct rs_pers of their own are
 * two locks: both are also named by the embedded type, and that name
 * joins neither with the other (only code that holds a struct rs_pers
 * pointer would be joined with each).
 */
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/fs.h>

struct rs_state {
	struct rs_pers {
		spinlock_t lock;
		int rate;
	} pers;
	struct timer_list timer;
};

struct sta_link {
	union {
		struct rs_state rs_drv;
		int rs_fw;
	} lq_sta;
};

struct drv_sta {
	struct sta_link deflink;
};

/* Softirq, through a pointer to the embedded rate state. */
static void rs_timer(struct timer_list *t)
{
	struct rs_state *rs = from_timer(rs, t, timer);

	spin_lock(&rs->pers.lock);
	rs->pers.rate++;
	spin_unlock(&rs->pers.lock);
}

void rs_setup(struct rs_state *rs)
{
	timer_setup(&rs->timer, rs_timer, 0);
}

/* Task, through the station: the same lock. */
static long sta_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct drv_sta *sta = f->private_data;
	long n;

	spin_lock(&sta->deflink.lq_sta.rs_drv.pers.lock); /* want "SOFTIRQ-ON-W.*: &sta->deflink.lq_sta.rs_drv.pers.lock is taken with softirqs enabled in sta_ioctl\\(\\) and in softirq context in rs_timer\\(\\) \\(as &rs->pers.lock\\); use spin_lock_bh\\(\\)" */
	n = sta->deflink.lq_sta.rs_drv.pers.rate;
	spin_unlock(&sta->deflink.lq_sta.rs_drv.pers.lock);
	return n;
}

static const struct file_operations sta_fops = {
	.unlocked_ioctl = sta_ioctl,
};

/* Two other owners of a struct rs_pers each: two locks. */
struct peer_a {
	struct rs_pers st;
	struct timer_list timer;
};

struct peer_b {
	struct rs_pers st;
};

static void peer_a_timer(struct timer_list *t)
{
	struct peer_a *a = from_timer(a, t, timer);

	spin_lock(&a->st.lock);
	a->st.rate = 0;
	spin_unlock(&a->st.lock);
}

void peer_a_setup(struct peer_a *a)
{
	timer_setup(&a->timer, peer_a_timer, 0);
}

static long peer_b_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct peer_b *b = f->private_data;
	long n;

	spin_lock(&b->st.lock);
	n = b->st.rate;
	spin_unlock(&b->st.lock);
	return n;
}

static const struct file_operations peer_fops = {
	.unlocked_ioctl = peer_b_ioctl,
};
