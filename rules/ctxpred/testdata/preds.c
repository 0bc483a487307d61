/* SPDX-License-Identifier: MIT */
/* Context predicates used to mean what they do not. */
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/hardirq.h>
#include <linux/timer.h>
#include <linux/kthread.h>
#include <linux/interrupt.h>

static void do_task_work(void);
static void do_softirq_work(void);

void ctx_dispatch(void)
{
	if (!in_serving_softirq()) /* want:both "!in_serving_softirq\\(\\) taken as task context in ctx_dispatch\\(\\), but hardirq and NMI are not excluded" */
		do_task_work();
	else
		do_softirq_work();
}
EXPORT_SYMBOL(ctx_dispatch);

/* Guarded: hardirq and NMI excluded first. */
void ctx_dispatch_guarded(void)
{
	if (in_hardirq() || in_nmi())
		return;
	if (!in_serving_softirq())
		do_task_work();
	else
		do_softirq_work();
}
EXPORT_SYMBOL(ctx_dispatch_guarded);

void *ctx_alloc(size_t n)
{
	if (in_task()) /* want:both "in_task\\(\\) decides whether kmalloc\\(\\) may sleep in ctx_alloc\\(\\): in_task\\(\\) is also true with BH disabled" */
		return kmalloc(n, GFP_KERNEL);
	return kmalloc(n, GFP_ATOMIC);
}
EXPORT_SYMBOL(ctx_alloc);

void *ctx_alloc2(size_t n)
{
	return kmalloc(n, in_interrupt() ? GFP_ATOMIC : GFP_KERNEL);
}
EXPORT_SYMBOL(ctx_alloc2);

/* in_softirq() as "BH is disabled here": the right test, not reported. */
int ctx_is_bh(void)
{
	return in_softirq();
}
EXPORT_SYMBOL(ctx_is_bh);

/* in_softirq() naming a context among others: it means "serving a softirq". */
const char *ctx_name(void)
{
	if (in_softirq()) /* want:both "in_softirq\\(\\) in ctx_name\\(\\) is also true in task context with BH disabled" */
		return "softirq";
	if (in_task())
		return "task";
	return "hardirq";
}
EXPORT_SYMBOL(ctx_name);

static void do_task_work(void) {}
static void do_softirq_work(void) {}

/* Hardirq told apart through preempt_count() masks: not a task test. */
void ctx_account(unsigned long pc)
{
	if (pc & HARDIRQ_MASK)
		do_softirq_work();
	else if (!in_serving_softirq())
		do_task_work();
}
EXPORT_SYMBOL(ctx_account);

static int kthread_running;

/* One operand of ||: its falsity alone decides nothing. */
void ctx_batch(void)
{
	if (in_serving_softirq() || kthread_running)
		do_softirq_work();
	else
		do_task_work();
}
EXPORT_SYMBOL(ctx_batch);

/* An early exit decides what follows. */
void *ctx_early(size_t n)
{
	if (!in_task()) /* want:both "in_task\\(\\) decides whether kmalloc\\(\\) may sleep in ctx_early\\(\\)" */
		return NULL;
	return kmalloc(n, GFP_KERNEL);
}
EXPORT_SYMBOL(ctx_early);

/*
 * Reached only in softirq and task context: !in_serving_softirq() does
 * mean task there. The same test reached from a hardirq handler does not.
 */
static void batch_softirq_or_thread(void)
{
	if (!in_serving_softirq())
		do_task_work();
}

static void batch_any(void)
{
	if (!in_serving_softirq()) /* want:both "!in_serving_softirq\\(\\) taken as task context in batch_any\\(\\)" */
		do_task_work();
}

static struct timer_list batch_timer;

static void batch_tick(struct timer_list *t)
{
	batch_softirq_or_thread();
	batch_any();
}

static int batch_thread(void *arg)
{
	batch_softirq_or_thread();
	batch_any();
	return 0;
}

static irqreturn_t batch_irq(int irq, void *dev)
{
	batch_any();
	return IRQ_HANDLED;
}

static int batch_init(void)
{
	timer_setup(&batch_timer, batch_tick, 0);
	kthread_run(batch_thread, NULL, "batch");
	return request_irq(1, batch_irq, IRQF_NO_THREAD, "batch", NULL);
}
module_init(batch_init);
