/* SPDX-License-Identifier: MIT */
/*
 * Tasks that cannot migrate: per-CPU kthreads bound to their CPU (smpboot
 * threads, kthread_create_on_cpu()) and code that tested !preemptible().
 * An ordinary kthread can migrate.
 */
#include <linux/percpu.h>
#include <linux/kthread.h>
#include <linux/smpboot.h>

struct pcpu_q {
	unsigned long pending;
};
static DEFINE_PER_CPU(struct pcpu_q, pcpu_q);
static DEFINE_PER_CPU(struct task_struct *, q_task);

static int q_should_run(unsigned int cpu)
{
	return this_cpu_ptr(&pcpu_q)->pending != 0;
}

static void q_thread_fn(unsigned int cpu)
{
	struct pcpu_q *q = this_cpu_ptr(&pcpu_q);

	q->pending = 0;
}

static struct smp_hotplug_thread q_threads = {
	.store			= &q_task,
	.thread_should_run	= q_should_run,
	.thread_fn		= q_thread_fn,
	.thread_comm		= "q/%u",
};

static int bound_fn(void *arg)
{
	struct pcpu_q *q = this_cpu_ptr(&pcpu_q);

	q->pending++;
	return 0;
}

static int free_fn(void *arg)
{
	struct pcpu_q *q = this_cpu_ptr(&pcpu_q); /* want:both "per-CPU pcpu_q accessed with this_cpu_ptr\\(\\) in preemptible task context in free_fn\\(\\)" */

	q->pending++;
	if (!preemptible()) {
		q = this_cpu_ptr(&pcpu_q);
		q->pending++;
	}
	return 0;
}

static int q_init(void)
{
	smpboot_register_percpu_thread(&q_threads);
	kthread_create_on_cpu(bound_fn, NULL, 1, "bound");
	kthread_run(free_fn, NULL, "free");
	return 0;
}
module_init(q_init);

/* Early initcalls run before the other CPUs are brought up. */
static int early_setup(void)
{
	struct pcpu_q *q = this_cpu_ptr(&pcpu_q);

	q->pending = 0;
	return 0;
}
early_initcall(early_setup);

static int late_setup(void)
{
	struct pcpu_q *q = this_cpu_ptr(&pcpu_q); /* want:both "per-CPU pcpu_q accessed with this_cpu_ptr\\(\\) in preemptible task context in late_setup\\(\\)" */

	q->pending = 0;
	return 0;
}
late_initcall(late_setup);
