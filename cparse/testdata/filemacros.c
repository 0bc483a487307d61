// SPDX-License-Identifier: MIT
/* File-scope macro invocations, with and without ';'. */
#include <linux/module.h>
#include <linux/percpu.h>

struct stats {
	int n;
};

static DEFINE_PER_CPU(struct stats, cpu_stats);
static DEFINE_SPINLOCK(stats_lock);
DEFINE_MUTEX(stats_mutex);

int stats_read(void)
{
	return this_cpu_read(cpu_stats.n);
}
EXPORT_SYMBOL(stats_read);
EXPORT_SYMBOL_GPL(stats_read);

BTF_SET_START(my_set)
BTF_ID(func, stats_read)
BTF_SET_END(my_set)

BTF_ID_UNUSED

static int __init stats_init(void)
{
	static DEFINE_MUTEX(local_mutex);
	static DEFINE_RATELIMIT_STATE(rs, 5, 10);

	mutex_lock(&local_mutex);
	mutex_unlock(&local_mutex);
	return 0;
}
module_init(stats_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("test")

static void stats_exit(void)
{
}
module_exit(stats_exit)
