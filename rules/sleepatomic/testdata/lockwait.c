/* SPDX-License-Identifier: MIT */
/*
 * wait_event_lock_irq*() drop the lock around the sleep and around the
 * command they run; wait_event_cmd() runs its first command before each
 * sleep and its second after it (callers unlock and relock there).
 */
#include <linux/wait.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/fs.h>

struct conf {
	spinlock_t resync_lock;
	spinlock_t device_lock;
	wait_queue_head_t wait;
	int pending, barrier;
};

static void unlock_all(struct conf *c)
{
	spin_unlock_irq(&c->device_lock);
}

static void lock_all(struct conf *c)
{
	spin_lock_irq(&c->device_lock);
}

static long conf_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct conf *c = f->private_data;

	spin_lock_irq(&c->resync_lock);
	c->barrier++;
	wait_event_lock_irq_cmd(c->wait, c->pending == 0, c->resync_lock, cond_resched());
	c->barrier--;
	cond_resched(); /* want:both "cond_resched\\(\\) may sleep" */
	spin_unlock_irq(&c->resync_lock);

	lock_all(c);
	wait_event_cmd(c->wait, c->pending == 0, unlock_all(c), lock_all(c));
	c->pending = 1;
	unlock_all(c);
	return 0;
}

static const struct file_operations conf_fops = {
	.unlocked_ioctl = conf_ioctl,
};
