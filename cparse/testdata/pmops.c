// SPDX-License-Identifier: MIT
/* Macros that stand for designated initializers inside a struct
 * initializer, written without commas between them: the dev_pm_ops ones
 * the model defines, and unknown ones, read by their shape. */
#include <linux/pm.h>

static int foo_suspend(struct device *dev)
{
	return 0;
}

static int foo_resume(struct device *dev)
{
	return 0;
}

static int foo_rt_suspend(struct device *dev)
{
	return 0;
}

static int foo_rt_resume(struct device *dev)
{
	return 0;
}

static const struct dev_pm_ops foo_pm_ops = {
	SET_SYSTEM_SLEEP_PM_OPS(foo_suspend, foo_resume)
	SET_RUNTIME_PM_OPS(foo_rt_suspend, foo_rt_resume, NULL)
	SET_NOIRQ_SYSTEM_SLEEP_PM_OPS(foo_suspend, foo_resume)
};

static const struct dev_pm_ops bar_pm_ops = {
	SYSTEM_SLEEP_PM_OPS(foo_suspend, foo_resume)
	LATE_SYSTEM_SLEEP_PM_OPS(foo_suspend, foo_resume)
	RUNTIME_PM_OPS(foo_rt_suspend, foo_rt_resume, NULL)
};

static const struct my_ops baz_ops = {
	MY_OPS_FIELDS(foo_suspend)
	.open = foo_resume,
	OTHER_OPS_FIELDS(foo_rt_suspend, 2)
	[3] = foo_rt_resume,
	LAST_FIELDS(foo_resume)
};

struct field {
	const char *name;
	int type;
	int size;
};

static const struct field fields[] = {
	{FNAME("ip") OCTSTR, 4},
	{FNAME("port") 2, 2},
};
