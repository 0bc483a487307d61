// SPDX-License-Identifier: MIT
/* Initializers passed to macros: a brace list
 * (KUNIT_CASE_PARAM_ATTR(t, gen, { .speed = SLOW })) or a designated
 * initializer (__module_param_call(..., .arr = &arr, ...)). Neither is an
 * expression; each becomes a compound literal. */
#include <kunit/test.h>
#include <linux/moduleparam.h>

static void test_one(struct kunit *test)
{
}

static struct kunit_case cases[] = {
	KUNIT_CASE_PARAM_ATTR(test_one, gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static void __used register_options(void)
{
	__module_param_call(MODULE_PARAM_PREFIX, probe_rsa,
		&param_array_ops, .arr = &__param_arr_probe_rsa,
		0444, -1, 0);
	MY_TABLE_ENTRY(test_one, [2] = 5);
}
