// SPDX-License-Identifier: MIT
/* Declarations inside a body that start with a storage class: a function
 * declared where it is used (architecture setup code declares its
 * assembly entry points so) and a local typedef. Their parameter lists
 * are declarations, not the arguments of a call. */
#include <linux/types.h>

static int start_cpu(unsigned int cpu)
{
	unsigned int hw;
	extern void entry_point(void);
	extern int probe_hw(unsigned int id, void *data);
	typedef int (*hook_fn)(void);
	hook_fn hook = 0;

	hw = cpu + 1;
	set_entry(cpu, entry_point);
	return probe_hw(hw, 0) + (hook != 0);
}
