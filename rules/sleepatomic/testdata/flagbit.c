/* SPDX-License-Identifier: MIT */
/*
 * A flag bit set on the way decides its test further down: the core's
 * oneshot path sets BLINK_ONESHOT before it calls the setup helper, which
 * calls the driver's sleeping blink_set() only when that bit is clear. A
 * timer running the oneshot path therefore never reaches blink_set(); a
 * timer running the path that clears the bit does.
 */
#include <linux/timer.h>
#include <linux/mutex.h>
#include <linux/bitops.h>
#include <linux/module.h>

#define BLINK_ONESHOT	1

struct lamp {
	unsigned long work_flags;
	int (*blink_set)(struct lamp *l);
	struct timer_list timer;
	struct mutex lock;
};

static void lamp_blink_setup(struct lamp *l)
{
	if (!test_bit(BLINK_ONESHOT, &l->work_flags) && l->blink_set &&
	    !l->blink_set(l))
		return;
}

static void lamp_blink_oneshot(struct lamp *l)
{
	set_bit(BLINK_ONESHOT, &l->work_flags);
	lamp_blink_setup(l);
}

static int slow_blink_set(struct lamp *l)
{
	mutex_lock(&l->lock);
	mutex_unlock(&l->lock);
	return 0;
}

static void oneshot_timer(struct timer_list *t)
{
	struct lamp *l = from_timer(l, t, timer);

	lamp_blink_oneshot(l);
}

static struct lamp the_lamp = { .blink_set = slow_blink_set };

/* A beacon blinks from its timer with the bit cleared: it sleeps there. */
struct beacon {
	unsigned long work_flags;
	int (*blink_set)(struct beacon *b);
	struct timer_list timer;
	struct mutex lock;
};

static void beacon_blink_setup(struct beacon *b)
{
	if (!test_bit(BLINK_ONESHOT, &b->work_flags) && b->blink_set &&
	    !b->blink_set(b))
		return;
}

static int beacon_slow_blink_set(struct beacon *b)
{
	mutex_lock(&b->lock); /* want:both "mutex_lock\\(\\) .*may sleep in softirq context in beacon_slow_blink_set\\(\\)" */
	mutex_unlock(&b->lock);
	return 0;
}

static void beacon_timer(struct timer_list *t)
{
	struct beacon *b = from_timer(b, t, timer);

	clear_bit(BLINK_ONESHOT, &b->work_flags);
	beacon_blink_setup(b);
}

static struct beacon the_beacon = { .blink_set = beacon_slow_blink_set };

static int __init lamp_init(void)
{
	timer_setup(&the_lamp.timer, oneshot_timer, 0);
	timer_setup(&the_beacon.timer, beacon_timer, 0);
	return 0;
}
module_init(lamp_init);
