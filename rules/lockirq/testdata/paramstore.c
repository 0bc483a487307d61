/* SPDX-License-Identifier: MIT */
/*
 * A helper packs its callback argument into a request and hands the
 * request to smp_call_function_single(), whose callback calls the
 * request's ->func: the functions callers pass to the helper (directly,
 * or through a wrapper that passes its own argument on) run in hardirq
 * context, the IPI. stat_bump() takes the lock there; stat_reset(), in a
 * work item, takes it with IRQs on.
 */
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct cpu_req {
	void (*func)(void *info);
	void *info;
};

static DEFINE_SPINLOCK(stat_lock);
static unsigned long stat_count;
static struct work_struct stat_work;

static void cpu_req_run(void *data)
{
	struct cpu_req *req = data;

	req->func(req->info);
}

static void run_on_cpu(int cpu, void (*func)(void *), void *info)
{
	struct cpu_req req = { .func = func, .info = info };

	smp_call_function_single(cpu, cpu_req_run, &req, 1);
}

static void run_on_cpu_checked(int cpu, void (*func)(void *), void *info)
{
	if (cpu >= 0)
		run_on_cpu(cpu, func, info);
}

static void stat_bump(void *info)
{
	spin_lock(&stat_lock);
	stat_count++;
	spin_unlock(&stat_lock);
}

static void stat_reset(struct work_struct *w)
{
	spin_lock(&stat_lock); /* want:nonrt "inconsistent \\{HARDIRQ-ON-W\\} -> \\{IN-HARDIRQ-W\\} usage: stat_lock is taken with hardirqs enabled in stat_reset\\(\\) and in hardirq context in stat_bump\\(\\)" */
	stat_count = 0;
	spin_unlock(&stat_lock);
}

static int stat_init(void)
{
	INIT_WORK(&stat_work, stat_reset);
	run_on_cpu_checked(0, stat_bump, NULL);
	return 0;
}
module_init(stat_init);
