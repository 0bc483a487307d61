// SPDX-License-Identifier: MIT
/* A user-space tool's own struct whose members are named like kernel
 * attribute macros (the model defines them empty): after '.' or '->' they
 * stay member names. Elsewhere they are attributes. */
#include <linux/compiler.h>

struct tool_opts {
	int noinstr;
	int __cold;
	int link;
};

static struct tool_opts opts;

static noinstr int want_checks(struct tool_opts *o)
{
	if (opts.link && opts.noinstr)
		return o->__cold;
	return 0;
}
