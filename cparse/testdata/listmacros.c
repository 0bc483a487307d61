// SPDX-License-Identifier: MIT
/* X-macro lists: a header's NAME_xxx expands, through a macro the file
 * defines around it, to declarations at file scope or to statements in a
 * body. Alone on its line, with no ';', it is a macro use. */
#include <linux/btf_ids.h>

struct dev {
	const struct meta_ops *ops;
};

BTF_ID_LIST(kfunc_ids_unsorted)
#define META_KFUNC(name, _, str, __) BTF_ID(func, str)
META_KFUNC_xxx
#undef META_KFUNC

unsigned int kfunc_id(int id)
{
	return kfunc_ids_unsorted[id];
}

static int features(struct dev *dev)
{
	int meta = 0;

#define META_KFUNC(_, flag, __, op) \
	if (dev->ops && dev->ops->op) \
		meta |= flag;
META_KFUNC_xxx
#undef META_KFUNC

	if (meta)
		return meta;
	META_STATEMENTS
	return 0;
}

static int resolve(int id, const struct meta_ops *ops)
{
	int p = 0;

#define META_KFUNC(name, _, __, op) \
	if (id == kfunc_id(name)) p = ops->op;
	META_KFUNC_xxx
#undef META_KFUNC

out:
	return p;
}
