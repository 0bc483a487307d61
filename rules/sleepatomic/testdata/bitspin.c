/* SPDX-License-Identifier: MIT */
/*
 * A bit spinlock released with __bit_spin_unlock() (the non-atomic
 * release hlist_bl_unlock() uses): the section ends there, and the
 * sleep after it is fine. The one inside is not.
 */
#include <linux/bit_spinlock.h>
#include <linux/delay.h>
#include <linux/workqueue.h>

static unsigned long table_head;
static int table_count;

static void table_work_fn(struct work_struct *w)
{
	bit_spin_lock(0, &table_head);
	table_count++;
	msleep(1); /* want:both "msleep\\(\\) may sleep" */
	__bit_spin_unlock(0, &table_head);
	usleep_range(10, 20);
}
static DECLARE_WORK(table_work, table_work_fn);
