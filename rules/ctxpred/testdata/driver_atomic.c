/* SPDX-License-Identifier: MIT */
/* in_atomic() outside core code (this file is not under kernel/ or mm/). */
#include <linux/preempt.h>

int drv_can_sleep(void)
{
	return !in_atomic(); /* want:both "in_atomic\\(\\) outside core code" */
}
EXPORT_SYMBOL(drv_can_sleep);
