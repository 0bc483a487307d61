// SPDX-License-Identifier: MIT
#include <linux/spinlock.h>
#include "positions.h"

static DEFINE_SPINLOCK(pos_lock);

int positioned(int a)
{
	int r;

	TAKE(&pos_lock);
	r = first_call(a,
		       second_call(a));
	DROP(&pos_lock);
	if (r > 0)
		return header_helper(r);
	return r;
}
