/* SPDX-License-Identifier: MIT */
/*
 * A field set to a constant on the way decides the tests of it further
 * down: the BH work sets io->in_bh and the shared verification code backs
 * off (to retry in a workqueue) before anything that may sleep; the
 * ordinary work clears it and may sleep. A field the path did not set
 * decides nothing.
 */
#include <linux/workqueue.h>
#include <linux/slab.h>
#include <linux/delay.h>

struct vio {
	struct work_struct work;
	struct work_struct bh_work;
	bool in_bh;
	bool slow;
	void *buf;
};

static int vio_recheck(struct vio *io)
{
	io->buf = kmalloc(512, GFP_NOIO); /* want:both "kmalloc\\(\\) \\(GFP_NOIO\\) may sleep in softirq context in vio_recheck" */
	return 0;
}

static int vio_mismatch(struct vio *io)
{
	if (io->in_bh)
		return -EAGAIN;
	io->buf = kmalloc(512, GFP_NOIO);
	if (io->slow)
		vio_recheck(io);
	return 0;
}

static int vio_verify(struct vio *io)
{
	return vio_mismatch(io);
}

static void vio_work(struct work_struct *w)
{
	struct vio *io = container_of(w, struct vio, work);

	io->in_bh = false;
	vio_verify(io);
	msleep(1);
}

static void vio_bh_work(struct work_struct *w)
{
	struct vio *io = container_of(w, struct vio, bh_work);

	io->in_bh = true;
	if (vio_verify(io) == -EAGAIN) {
		INIT_WORK(&io->work, vio_work);
		queue_work(system_wq, &io->work);
	}
	io->slow = true;
	vio_recheck(io);
}

void vio_submit(struct vio *io)
{
	INIT_WORK(&io->bh_work, vio_bh_work);
	queue_work(system_bh_wq, &io->bh_work);
}
EXPORT_SYMBOL(vio_submit);
