/* SPDX-License-Identifier: MIT */
/*
 * A lock helper and its unlock helper that take and release two locks of
 * one type, branching the same way: the same queue once, or two in
 * address order. Each path of lock_cqs() holds one or two cq locks, and
 * unlock_cqs() releases what its twin path took, so nothing is held after
 * the pair: the mutex that follows is fine. Between them it is not.
 */
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

struct cq {
	spinlock_t lock;
	int cqn;
};

struct qp {
	struct cq *scq, *rcq;
	spinlock_t list_lock;
	struct work_struct work;
};

static DEFINE_MUTEX(table_mutex);

void lock_cqs(struct cq *send_cq, struct cq *recv_cq)
{
	if (send_cq == recv_cq) {
		spin_lock(&send_cq->lock);
	} else if (send_cq->cqn < recv_cq->cqn) {
		spin_lock(&send_cq->lock);
		spin_lock_nested(&recv_cq->lock, SINGLE_DEPTH_NESTING);
	} else {
		spin_lock(&recv_cq->lock);
		spin_lock_nested(&send_cq->lock, SINGLE_DEPTH_NESTING);
	}
}

void unlock_cqs(struct cq *send_cq, struct cq *recv_cq)
{
	if (send_cq == recv_cq) {
		spin_unlock(&send_cq->lock);
	} else if (send_cq->cqn < recv_cq->cqn) {
		spin_unlock(&recv_cq->lock);
		spin_unlock(&send_cq->lock);
	} else {
		spin_unlock(&send_cq->lock);
		spin_unlock(&recv_cq->lock);
	}
}

static void destroy_qp(struct qp *qp)
{
	unsigned long flags;

	spin_lock_irqsave(&qp->list_lock, flags);
	lock_cqs(qp->scq, qp->rcq);
	mutex_lock(&table_mutex); /* want:both "mutex_lock\\(\\) .*may sleep (under|with IRQs disabled)" */
	mutex_unlock(&table_mutex);
	unlock_cqs(qp->scq, qp->rcq);
	spin_unlock_irqrestore(&qp->list_lock, flags);
	mutex_lock(&table_mutex);
	mutex_unlock(&table_mutex);
}

static void qp_work(struct work_struct *w)
{
	destroy_qp(container_of(w, struct qp, work));
}
static DECLARE_WORK(qpw, qp_work);
