/* SPDX-License-Identifier: MIT */
/* A type name no header declares and no declaration uses, seen only in
 * compound literals that a file's macros build (wire32_t from a header
 * the model answers): the literals make it a type. Parenthesized
 * conditions before a block stay conditions. */
#include <linux/types.h>

#define to_wire32(x) ((wire32_t){ (x) + 1 })
#define to_wmode(x) ((wmode_t){ .v = (x) })

struct rec {
	int kind;
	unsigned int len;
};

static void rec_fill(struct rec *r, unsigned int mode, int ready)
{
	r->len = to_wire32(mode).v;
	if (ready) {
		store_mode(r, to_wmode(mode));
	}
	while (ready) {
		ready--;
	}
}

static int rec_kind(struct rec *r)
{
	return r->kind;
}
