// SPDX-License-Identifier: MIT
/*
 * sampler: reads a free-running counter every 10 ms from a timer and
 * records the difference into the sampler tracebuf.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/timer.h>
#include <linux/tracebuf.h>

struct sampler {
	struct timer_list timer;
	unsigned long last;
	u64 trace_id;
};

static struct sampler sampler;

static void sampler_sample(struct sampler *s, unsigned long now)
{
	tracebuf_attach(s->trace_id);
	tracebuf_event(now - s->last);
	s->last = now;
	tracebuf_detach();
}

static void sampler_tick(struct timer_list *t)
{
	struct sampler *s = container_of(t, struct sampler, timer);
	unsigned long now = jiffies;

	sampler_sample(s, now);
	mod_timer(&s->timer, now + msecs_to_jiffies(10));
}

static int __init sampler_init(void)
{
	int err;

	sampler.trace_id = tracebuf_id(TRACEBUF_SUBSYS_SAMPLER, 0);
	err = tracebuf_register(sampler.trace_id, 256);
	if (err)
		return err;
	sampler.last = jiffies;
	timer_setup(&sampler.timer, sampler_tick, 0);
	mod_timer(&sampler.timer, jiffies + msecs_to_jiffies(10));
	return 0;
}
module_init(sampler_init);

static void __exit sampler_exit(void)
{
	timer_delete_sync(&sampler.timer);
	tracebuf_unregister(sampler.trace_id);
}
module_exit(sampler_exit);

MODULE_DESCRIPTION("Counter sampler");
MODULE_LICENSE("Dual MIT/GPL");
