/* SPDX-License-Identifier: MIT */
/*
 * A flag computed from a constant parameter decides what the callee does:
 * the preempt-off path asks for the runnable state, whose update does not
 * take the mutex; with preemption off, the blocked state's update does.
 */
#include <linux/mutex.h>
#include <linux/preempt.h>

struct vstate {
	struct mutex lock;
	int cur;
};

static void vstate_update_guest(struct vstate *v, bool atomic)
{
	if (atomic)
		return;
	mutex_lock(&v->lock);
	v->cur++;
	mutex_unlock(&v->lock);
}

static void vstate_update(struct vstate *v, int state)
{
	vstate_update_guest(v, state == VSTATE_RUNNABLE);
}

void vstate_preempted(struct vstate *v)
{
	preempt_disable();
	vstate_update(v, VSTATE_RUNNABLE);
	preempt_enable();
}

void vstate_blocked(struct vstate *v)
{
	vstate_update(v, VSTATE_BLOCKED);
}

static void bstate_update_guest(struct vstate *v, bool atomic)
{
	if (atomic)
		return;
	mutex_lock(&v->lock); /* want:both "mutex_lock\\(\\) .*may sleep with preemption disabled in bstate_update_guest\\(\\)" */
	v->cur++;
	mutex_unlock(&v->lock);
}

static void bstate_update(struct vstate *v, int state)
{
	bstate_update_guest(v, state != VSTATE_BLOCKED);
}

void bstate_blocked(struct vstate *v)
{
	preempt_disable();
	bstate_update(v, VSTATE_BLOCKED);
	preempt_enable();
}
