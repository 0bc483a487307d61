/* SPDX-License-Identifier: MIT */
#define TAKE(l) spin_lock(l)
#define DROP(l) spin_unlock(l)

static inline int header_helper(int x)
{
	return helper_call(x);
}
