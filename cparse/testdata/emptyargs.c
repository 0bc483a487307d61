// SPDX-License-Identifier: MIT
/* Empty macro arguments, most often an argument made only of a comment
 * (unsafe_memcpy()'s justification): each is one argument, so the call
 * parses and keeps its argument count. */
#include <linux/string.h>

struct sel {
	int n;
	int keys[];
};

static void copy_sel(struct sel *dst, const struct sel *src, int size)
{
	unsafe_memcpy(dst, src, size,
		      /* A flexible array, bounds-checked above. */);
	MY_PAIR(/* no prefix */, dst);
	MY_TRIPLE(dst, /* none */, size);
	MY_TRIPLE(dst, , size);
}
