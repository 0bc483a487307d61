// SPDX-License-Identifier: MIT
/* Unknown macros glued to string literals make strings: a name
 * (KERN_SOMETHING "...", "%" PRIx64) or an invocation ("default "
 * __MODULE_STRING(N), MY_STR(x) " suffix"). */
#include <linux/module.h>

struct option {
	const char *name;
	const char *err;
	int def;
};

static int check_options(struct option *opt)
{
	*opt = (struct option) {
		.name = "Transmit Descriptors",
		.err  = "using default of "
			__MODULE_STRING(DEFAULT_TXD),
		.def  = 256,
	};
	pr_info(MY_PREFIX "value %" MY_PRIx64 "\n", 7);
	pr_info(MY_STR(opt) " suffix %d\n", opt->def);
	return 0;
}
