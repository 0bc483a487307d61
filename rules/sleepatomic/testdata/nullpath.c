/* SPDX-License-Identifier: MIT */
/* A pointer is NULL only where a function says so: no report for the
 * allocation behind a field that is never NULL, one for the path where the
 * helper explicitly returns NULL. */
#include <linux/vmalloc.h>
#include <linux/timer.h>
#include <linux/percpu.h>

struct pcpu_buf {
	void *area;
};
static DEFINE_PER_CPU(struct pcpu_buf, pcpu_buf);
static struct timer_list t1, t2;

static void *pool_get(int n)
{
	if (n > 8)
		return NULL;
	return &t1;
}

static void tick_field(struct timer_list *t)
{
	void *area = this_cpu_ptr(&pcpu_buf)->area;

	if (!area)
		area = vmalloc(4096);
}

static void tick_pool(struct timer_list *t)
{
	void *area = pool_get(9);

	if (!area)
		area = vmalloc(4096); /* want:both "vmalloc\\(\\) may sleep in softirq context in tick_pool\\(\\)" */
}

static void setup(void)
{
	timer_setup(&t1, tick_field, 0);
	timer_setup(&t2, tick_pool, 0);
}
module_init(setup);
