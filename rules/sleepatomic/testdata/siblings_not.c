/* SPDX-License-Identifier: MIT */
/*
 * Sibling tests beyond equality. A dispatcher that runs a table entry's
 * handler inline unless the entry says it blocks, tested with == and
 * run in the else branch, or tested with !=; an initializer that writes
 * the enumerator's value as a number. A driver interface whose core calls
 * one method under a spinlock only when the driver also has another
 * (if (drv->setpolicy && drv->get)): a driver without it is never called
 * there (C zeroes the methods an initializer leaves out), unless some code
 * assigns that method at run time. A test of one object says nothing of
 * another object of the same type.
 */
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/fs.h>
#include <linux/module.h>

enum handler_kind {
	HK_BLOCKING = 0,
	HK_NON_BLOCKING = 1,
};

struct msg_entry {
	int type;
	enum handler_kind kind;
	void (*handler)(int arg);
};

static DEFINE_MUTEX(offer_mutex);

static void on_offer(int arg)
{
	mutex_lock(&offer_mutex);
	mutex_unlock(&offer_mutex);
}

static void on_result(int arg)
{
	msleep(1); /* want:both "msleep\\(\\) may sleep .*in on_result\\(\\)" */
}

static void on_gone(int arg)
{
	msleep(2); /* want:both "msleep\\(\\) may sleep .*in on_gone\\(\\)" */
}

static const struct msg_entry msg_table[] = {
	{ 1, 0, on_offer },
	{ 2, 1, on_result },
	{ .type = 3, .kind = HK_NON_BLOCKING, .handler = on_gone },
};

static void defer_entry(const struct msg_entry *e, int arg);

static irqreturn_t msg_irq(int irq, void *data)
{
	const struct msg_entry *entry = &msg_table[irq % 3];

	if (entry->kind == HK_BLOCKING)
		defer_entry(entry, irq);
	else
		entry->handler(irq);
	if (entry->kind != HK_BLOCKING)
		entry->handler(irq);
	return IRQ_HANDLED;
}

struct freq_driver {
	int (*setpolicy)(int cpu);
	unsigned int (*get)(int cpu);
	int (*target)(int cpu, unsigned int freq);
	int (*exit)(int cpu);
	int (*resume)(int cpu);
};

static DEFINE_SPINLOCK(freq_lock);
static struct freq_driver *freq_drv;

static int fast_setpolicy(int cpu) { return 0; }
static unsigned int fast_get(int cpu) { return 1; }

static unsigned int slow_get(int cpu)
{
	msleep(1);
	return 2;
}
static int slow_target(int cpu, unsigned int freq) { return 0; }

static int late_exit(int cpu)
{
	msleep(4); /* want:both "msleep\\(\\) may sleep .*in late_exit\\(\\)" */
	return 0;
}

static int late_resume(int cpu)
{
	msleep(5); /* want:both "msleep\\(\\) may sleep .*in late_resume\\(\\)" */
	return 0;
}

static struct freq_driver fast_driver = {
	.setpolicy = fast_setpolicy,
	.get = fast_get,
};

static struct freq_driver slow_driver = {
	.get = slow_get,
};

/* Its .target is filled in at run time: the initializer says nothing. */
static struct freq_driver late_driver = {
	.exit = late_exit,
	.resume = late_resume,
};

static unsigned int quick_get(int cpu)
{
	unsigned long flags;
	unsigned int ret = 0;

	spin_lock_irqsave(&freq_lock, flags);
	if (freq_drv && freq_drv->setpolicy && freq_drv->get)
		ret = freq_drv->get(cpu);
	spin_unlock_irqrestore(&freq_lock, flags);
	return ret;
}

static int quick_exit(struct freq_driver *other, int cpu)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&freq_lock, flags);
	/* The test is of freq_drv; the call through another object. */
	if (freq_drv->setpolicy)
		ret = other->exit(cpu);
	spin_unlock_irqrestore(&freq_lock, flags);
	return ret;
}

static int quick_resume(int cpu)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&freq_lock, flags);
	if (!freq_drv->target)
		goto out;
	ret = freq_drv->resume(cpu);
out:
	spin_unlock_irqrestore(&freq_lock, flags);
	return ret;
}

static ssize_t freq_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	quick_exit(&late_driver, n);
	quick_resume(n);
	return quick_get(n);
}

static const struct file_operations freq_fops = {
	.write = freq_write,
};

static int __init freq_init(void)
{
	late_driver.target = slow_target;
	freq_drv = &slow_driver;
	return request_irq(1, msg_irq, 0, "msg", NULL);
}
module_init(freq_init);
