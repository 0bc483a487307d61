// SPDX-License-Identifier: MIT
/* Conditional compilation under the configuration. */
#include <linux/kernel.h>

#ifdef CONFIG_PREEMPT_RT
int rt_only(void)
{
	return 1;
}
#else
int nonrt_only(void)
{
	return 0;
}
#endif

#ifndef CONFIG_PREEMPT_RT
int not_rt(void) { return 2; }
#endif

#if defined(CONFIG_SMP) && CONFIG_NR_CPUS > 1
int smp_many(void) { return CONFIG_NR_CPUS; }
#elif defined(CONFIG_SMP)
int smp_one(void) { return 1; }
#else
int up(void) { return 0; }
#endif

#ifdef CONFIG_ARM64
int arm64_only(void) { return 64; }
#endif

#ifdef CONFIG_SOME_DRIVER_OPTION
int default_on(void) { return 1; }
#endif

#if IS_ENABLED(CONFIG_SOME_DRIVER_OPTION)
int is_enabled_on(void) { return 1; }
#endif

#if IS_ENABLED(CONFIG_MODULAR_THING)
int modular(void) { return 1; }
#endif

#if 0
int never(void) { return 0; }
#endif

int branch(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		return rt_path();
	return other_path();
}
