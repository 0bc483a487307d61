/* SPDX-License-Identifier: MIT */
/* A type name no header declares (frob_dev), first met in the function
 * that also names a variable after it: the variable shadows the type, so
 * its uses are expressions, not type arguments. The same for a
 * parameter (blob_ctx *blob_ctx). */
#include <linux/list.h>
#include <linux/types.h>

static LIST_HEAD(frob_list);

frob_dev *frob_find(int id)
{
	frob_dev *frob_dev, *found = NULL;

	list_for_each_entry(frob_dev, &frob_list, node)
		if (frob_dev->id == id) {
			found = frob_dev;
			frob_hold(frob_dev);
			break;
		}
	return found;
}

static int blob_count(blob_ctx *blob_ctx)
{
	blob_put(blob_ctx);
	return blob_ctx->id;
}
