/* SPDX-License-Identifier: MIT */
/*
 * A context predicate that decides a sleep several calls down: the
 * flush helper waits two calls below the test, so the test is what keeps
 * the wait out of interrupt context -- and in_task() is also true under
 * a caller's spinlock.
 */
#include <linux/preempt.h>
#include <linux/delay.h>
#include <linux/spinlock.h>
#include <linux/export.h>

static int cache_gen;

static void cache_write_back(void)
{
	cache_gen++;
	msleep(1);
}

static void cache_flush(void)
{
	cache_write_back();
}

/* The predicate tested, then the sleep reached whatever it said. */
void cache_touch(int v)
{
	if (in_task())
		cache_gen = v;
	cache_flush();
}
EXPORT_SYMBOL(cache_touch);

void cache_update(int v)
{
	cache_gen = v;
	if (in_task()) /* want:both "in_task\\(\\) decides whether msleep\\(\\) may sleep in cache_update\\(\\)" */
		cache_flush();
}
EXPORT_SYMBOL(cache_update);
