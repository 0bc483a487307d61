/* SPDX-License-Identifier: MIT */
/* An X-macro list from a header (CTR_ITEMS, which applies the file's
 * DO_ITEM to each counter) alone on its line as the last statement of a
 * block, with the file's own #define of DO_ITEM around it: a macro use
 * that expands to statements. */
#include <linux/atomic.h>

struct k_ctrs;
struct ctrs;

void ctrs_copy(struct k_ctrs *from, struct ctrs *to)
{
#define DO_ITEM(i) to->i = atomic_read(&from->i)
	CTR_ITEMS
#undef DO_ITEM
}

static void ctrs_sub(struct k_ctrs *from, struct ctrs *to, int all)
{
	if (all) {
		CTR_ITEMS
	}
	note_sub(from, to);
}
