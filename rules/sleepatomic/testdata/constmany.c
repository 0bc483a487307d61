/* SPDX-License-Identifier: MIT */
/*
 * A constant that decides the callee's path, passed by one caller among
 * many: each caller also passes its own callback, so the callee's entries
 * differ by the functions passed more than by the constant. Past the bound
 * on entries told apart by what their parameters hold, the constants that
 * decide paths are kept (their values are few): the caller under the lock
 * passes the mode that only queues, and the thread mode, which sleeps, is
 * passed in task context only.
 */
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/fs.h>
#include <linux/module.h>

typedef enum { EXEC_NOTIFY, EXEC_GPE, EXEC_THREAD, EXEC_OTHER } exec_type;
typedef void (*exec_fn)(void *ctx);

static DEFINE_MUTEX(thread_mutex);
static DEFINE_SPINLOCK(gpe_lock);
static struct work_struct exec_work;

static int start_thread(exec_fn fn, void *ctx)
{
	mutex_lock(&thread_mutex);
	fn(ctx);
	mutex_unlock(&thread_mutex);
	return 0;
}

static int os_execute(exec_type type, exec_fn fn, void *ctx)
{
	if (type == EXEC_THREAD)
		return start_thread(fn, ctx);
	switch (type) {
	case EXEC_NOTIFY:
	case EXEC_GPE:
		schedule_work(&exec_work);
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static void cb1(void *c) { }
static void cb2(void *c) { }
static void cb3(void *c) { }
static void cb4(void *c) { }
static void cb5(void *c) { }
static void cb6(void *c) { }
static void cb7(void *c) { }
static void cb8(void *c) { }
static void cb9(void *c) { }
static void cb10(void *c) { }

static void notify_all(void *ctx)
{
	os_execute(EXEC_NOTIFY, cb1, ctx);
	os_execute(EXEC_NOTIFY, cb2, ctx);
	os_execute(EXEC_NOTIFY, cb3, ctx);
	os_execute(EXEC_NOTIFY, cb4, ctx);
	os_execute(EXEC_THREAD, cb5, ctx);
	os_execute(EXEC_THREAD, cb6, ctx);
	os_execute(EXEC_OTHER, cb7, ctx);
	os_execute(EXEC_OTHER, cb8, ctx);
	os_execute(EXEC_NOTIFY, cb9, ctx);
}

static void gpe_dispatch(void *ctx)
{
	unsigned long flags;

	spin_lock_irqsave(&gpe_lock, flags);
	os_execute(EXEC_GPE, cb10, ctx);
	spin_unlock_irqrestore(&gpe_lock, flags);
}

static ssize_t exec_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	notify_all(f);
	gpe_dispatch(f);
	return n;
}

static const struct file_operations exec_fops = {
	.write = exec_write,
};
