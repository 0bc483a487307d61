// SPDX-License-Identifier: MIT
/* Typedef names and tags spelled like Kconfig symbols are the file's own
 * names (vendor headers name their mailbox layouts CONFIG_LINK,
 * CONFIG_PAGE_HEADER): the declarations using them parse. An option used
 * in an array size or an attribute inside a typedef stays an option. */
#include <linux/types.h>

typedef struct {
	u32 enable:1;
	u32 rsvd:31;
} CONFIG_WIDGET, *PTR_CONFIG_WIDGET;

typedef int (*CONFIG_HOOK)(int);

struct CONFIG_INFO {
	int speed;
};

typedef char widget_pad[CONFIG_NR_CPUS];

typedef union {
	CONFIG_WIDGET widget;
	u32 raw;
} MAILBOX;

static int widget_on(MAILBOX *mb, PTR_CONFIG_WIDGET w, struct CONFIG_INFO *info, CONFIG_HOOK hook)
{
	CONFIG_WIDGET copy = mb->widget;

	w->enable = copy.enable;
	return hook(info->speed) + (int)sizeof(widget_pad);
}
