/* SPDX-License-Identifier: MIT */
/*
 * A method and, beside it, a constant that says how to call it: the
 * dispatcher tests the constant, and calls under a lock only the methods
 * whose initializer gives it the matching value. A batch method that
 * sleeps is not called under the RCU read lock; an RCU method that
 * sleeps is. An assignment says nothing of the other fields: a method
 * stored by one stays a candidate of every case.
 */
#include <linux/rcupdate.h>
#include <linux/mutex.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/module.h>

enum msg_cb_type { MSG_CB_RCU, MSG_CB_MUTEX, MSG_CB_BATCH };

struct msg_cb {
	int (*call)(int arg);
	enum msg_cb_type type;
	int attrs;
};

static DEFINE_MUTEX(msg_mutex);

static int batch_new(int arg)
{
	msleep(1);
	return 0;
}

static int rcu_get(int arg)
{
	msleep(1); /* want:both "msleep\\(\\) may sleep inside an RCU read-side section in rcu_get\\(\\)" */
	return 0;
}

static int mutex_set(int arg)
{
	msleep(1);
	return 0;
}

static int late_get(int arg)
{
	msleep(1); /* want:both "msleep\\(\\) may sleep inside an RCU read-side section in late_get\\(\\)" */
	return 0;
}

static const struct msg_cb msg_cbs[] = {
	[0] = { .call = batch_new, .type = MSG_CB_BATCH, .attrs = 3 },
	[1] = { .call = rcu_get, .type = MSG_CB_RCU },
	[2] = { mutex_set, MSG_CB_MUTEX, 1 },
};

static struct msg_cb late_cb;

static int msg_rcv(const struct msg_cb *nc, int arg)
{
	int err;

	rcu_read_lock();
	switch (nc->type) {
	case MSG_CB_RCU:
		err = nc->call(arg);
		rcu_read_unlock();
		break;
	case MSG_CB_MUTEX:
		rcu_read_unlock();
		mutex_lock(&msg_mutex);
		err = nc->call(arg);
		mutex_unlock(&msg_mutex);
		break;
	default:
		rcu_read_unlock();
		err = -EINVAL;
	}
	return err;
}

static int msg_rcv_if(const struct msg_cb *nc, int arg)
{
	int err = -EINVAL;

	rcu_read_lock();
	if (nc->type == MSG_CB_RCU)
		err = nc->call(arg);
	rcu_read_unlock();
	return err;
}

static ssize_t msg_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	msg_rcv(&msg_cbs[n % 3], n);
	return msg_rcv_if(&msg_cbs[n % 3], n);
}

static const struct file_operations msg_fops = {
	.write = msg_write,
};

static int __init msg_init(void)
{
	late_cb.call = late_get;
	return 0;
}
module_init(msg_init);
