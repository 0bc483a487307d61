/* SPDX-License-Identifier: MIT */
/*
 * A notifier's callback runs when its chain is called: a call through
 * nb->notifier_call runs the block at hand, not every notifier_call the
 * code stores. The replay below calls, under a spinlock, the block it is
 * given (one of the port's), never the sleeping reboot notifier.
 */
#include <linux/notifier.h>
#include <linux/reboot.h>
#include <linux/spinlock.h>
#include <linux/delay.h>
#include <linux/module.h>

static DEFINE_SPINLOCK(port_lock);

static int port_event(struct notifier_block *nb, unsigned long ev, void *p)
{
	return NOTIFY_OK;
}

static int slow_reboot(struct notifier_block *nb, unsigned long ev, void *p)
{
	msleep(10);
	return NOTIFY_DONE;
}

static struct notifier_block port_nb = { .notifier_call = port_event };
static struct notifier_block reboot_nb = { .notifier_call = slow_reboot };

static int port_replay(struct notifier_block *nb)
{
	int err;

	spin_lock(&port_lock);
	err = nb->notifier_call(nb, 0, NULL);
	spin_unlock(&port_lock);
	return notifier_to_errno(err);
}

static int __init port_init(void)
{
	register_reboot_notifier(&reboot_nb);
	return port_replay(&port_nb);
}
module_init(port_init);
