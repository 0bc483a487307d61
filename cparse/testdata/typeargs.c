// SPDX-License-Identifier: MIT
/* Type names as arguments of macros the front end does not know. */
#include <linux/slab.h>

struct foo {
	struct list_head node;
	int x;
};

struct foo *first(struct list_head *h)
{
	return list_first_entry(h, struct foo, node);
}

struct foo *alloc_one(void)
{
	struct foo *f = my_alloc_obj(struct foo, GFP_KERNEL);
	u32 *p = my_alloc_array(u32 *, 4, GFP_KERNEL);

	f->x = my_read_typed(unsigned long, &p[0]);
	return f;
}
