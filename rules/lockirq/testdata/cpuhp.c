/* SPDX-License-Identifier: MIT */
/*
 * CPU hotplug callbacks: cpuhp_setup_state() registers a startup and a
 * teardown callback, both run in task context with interrupts on (the
 * cpuhp thread, or the caller at setup). A lock the interrupt handler
 * takes must be taken there with IRQs disabled; the teardown's
 * spin_lock_bh() leaves them on.
 */
#include <linux/interrupt.h>
#include <linux/spinlock.h>
#include <linux/cpuhotplug.h>
#include <linux/module.h>

struct worker {
	spinlock_t work_lock;
	unsigned int pending;
};

static struct worker the_worker;

static irqreturn_t worker_irq(int irq, void *data)
{
	spin_lock(&the_worker.work_lock);
	the_worker.pending++;
	spin_unlock(&the_worker.work_lock);
	return IRQ_HANDLED;
}

static int worker_cpu_online(unsigned int cpu)
{
	unsigned long flags;

	spin_lock_irqsave(&the_worker.work_lock, flags);
	the_worker.pending = 0;
	spin_unlock_irqrestore(&the_worker.work_lock, flags);
	return 0;
}

static int worker_cpu_offline(unsigned int cpu)
{
	spin_lock_bh(&the_worker.work_lock); /* want "inconsistent \\{HARDIRQ-ON-W\\} -> \\{IN-HARDIRQ-W\\} usage: &the_worker.work_lock is taken with hardirqs enabled in worker_cpu_offline\\(\\)" */
	the_worker.pending = 0;
	spin_unlock_bh(&the_worker.work_lock);
	return 0;
}

static int __init worker_init(void)
{
	int ret = request_irq(7, worker_irq, 0, "worker", NULL);

	if (ret)
		return ret;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "worker:online",
				worker_cpu_online, worker_cpu_offline);
	return ret < 0 ? ret : 0;
}
module_init(worker_init);
