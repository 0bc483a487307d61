/* SPDX-License-Identifier: MIT */
/*
 * An ops table passed by address: run_action(&stop_ops, ...) calls
 * ops->do_action(), which is stop_ops's do_stop(), never prepare_ops's
 * do_prepare() (sound/core's snd_pcm_action() shape). The stop action
 * runs under a spinlock with IRQs off, the prepare action under a mutex:
 * the prepare method may sleep, the stop method is reported only for
 * what it does itself.
 */
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/delay.h>
#include <linux/fs.h>

struct stream {
	spinlock_t lock;
	struct mutex mtx;
	int state;
};

struct action_ops {
	int (*pre_action)(struct stream *s, int state);
	int (*do_action)(struct stream *s, int state);
};

static int pre_any(struct stream *s, int state)
{
	return 0;
}

static int do_prepare(struct stream *s, int state)
{
	msleep(10);
	return 0;
}

static int do_stop(struct stream *s, int state)
{
	s->state = state;
	msleep(1); /* want "msleep\\(\\) may sleep with IRQs disabled in do_stop" */ /* want:rt "msleep\\(\\) may sleep under &s->lock .*in do_stop" */
	return 0;
}

static const struct action_ops prepare_ops = {
	.pre_action = pre_any,
	.do_action = do_prepare,
};

static const struct action_ops stop_ops = {
	.pre_action = pre_any,
	.do_action = do_stop,
};

static int run_action(const struct action_ops *ops, struct stream *s, int state)
{
	int res = ops->pre_action(s, state);

	if (res < 0)
		return res;
	return ops->do_action(s, state);
}

int stream_stop(struct stream *s)
{
	unsigned long flags;
	int res;

	spin_lock_irqsave(&s->lock, flags);
	res = run_action(&stop_ops, s, 0);
	spin_unlock_irqrestore(&s->lock, flags);
	return res;
}

static long stream_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct stream *s = f->private_data;
	int res;

	if (cmd)
		return stream_stop(s);
	mutex_lock(&s->mtx);
	res = run_action(&prepare_ops, s, 1);
	mutex_unlock(&s->mtx);
	return res;
}

static const struct file_operations stream_fops = {
	.unlocked_ioctl = stream_ioctl,
};
