// SPDX-License-Identifier: MIT

// Package lockirq is a static lockdep for IRQ safety.
//
// # Analyzer lockirq
//
// lockirq: lock taken in softirq/hardirq context and elsewhere with that
// interrupt enabled
//
// For each lock class — a static lock by its name (pool_lock), a
// lock in a struct by the access path users write (&dev->lock), the class
// being the struct type and member — lockirq collects every acquisition
// with the contexts it can run in and the IRQ/BH state there, as the
// execution-context analysis computes them along call chains from the
// kernel's entry points.
//
// It reports, like lockdep at run time, a class that is taken in softirq
// context ({IN-SOFTIRQ-W}) and elsewhere with softirqs enabled
// ({SOFTIRQ-ON-W}), or in hardirq context ({IN-HARDIRQ-W}) and elsewhere with
// hardirqs enabled ({HARDIRQ-ON-W}): on one CPU the interrupt can arrive
// while the lock is held and spin on it forever.
//
// On PREEMPT_RT spinlock_t and rwlock_t are sleeping locks and softirqs never
// interrupt a task, so only raw_spinlock_t taken in true hardirq context
// (IRQF_NO_THREAD handlers, hard hrtimers) is checked there.
//
// The report names the lock, both sites, both contexts with call chains,
// the configuration, and the smallest fix that is safe by construction:
// _bh when no hardirq takes the lock and IRQs are on at every way into the
// unsafe function and at its sites, _irq when a hardirq takes it and IRQs
// are so on (spin_unlock_irq() would otherwise enable IRQs inside a
// caller's IRQ-disabled section, and spin_unlock_bh() warns with IRQs
// off), _irqsave otherwise (callers outside the analysed code, or IRQs
// possibly off). The fix converts every acquisition and release of the
// lock in the unsafe function and declares the flags variable _irqsave
// needs; there is none when the function takes the lock without releasing
// it (or the reverse) or tries it with a plain trylock.
//
// A spinlock that is taken in softirq context must never be taken elsewhere
// with softirqs enabled: if a softirq runs on the same CPU while a task holds
// the lock (on irq_exit or local_bh_enable), the softirq spins on a lock its
// own CPU holds. Lockdep reports this at run time as
//
//	inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.
//
// The same holds for hardirq context and hardirqs enabled ({HARDIRQ-ON-W} ->
// {IN-HARDIRQ-W}). kcovlint finds both statically, following call chains
// from the kernel's entry points: timers and tasklets and BH workqueues run in
// softirq, request_irq() handlers in hardirq, file_operations, kthreads and
// workqueues in task context (see kapi/kernel.table).
//
// Minimal example:
//
//	static DEFINE_SPINLOCK(stats_lock);
//
//	static void stats_timer(struct timer_list *t)   /* softirq */
//	{
//	    spin_lock(&stats_lock);        /* {IN-SOFTIRQ-W} */
//	    ...
//	    spin_unlock(&stats_lock);
//	}
//
//	static ssize_t stats_write(struct file *f, ...)  /* task */
//	{
//	    spin_lock(&stats_lock);        /* {SOFTIRQ-ON-W}: deadlock */
//	    ...
//	    spin_unlock(&stats_lock);
//	}
//
// Fix: in the task-context function use spin_lock_bh()/spin_unlock_bh() when
// no hardirq takes the lock, spin_lock_irq() when one does, each only when
// IRQs are on at every way into the function (spin_unlock_irq() would enable
// IRQs inside a caller's IRQ-disabled section; spin_unlock_bh() warns with
// IRQs off), and spin_lock_irqsave()/spin_unlock_irqrestore() otherwise (the
// function is exported, called from code kcovlint did not see, or called
// with IRQs off). kcovlint prints the fix as a diff (--diff) and applies it
// (--fix).
//
// On PREEMPT_RT spinlock_t is a sleeping lock and softirqs run in task
// context, so this rule checks only raw_spinlock_t there (in hard interrupt
// context: IRQF_NO_THREAD handlers, HARD hrtimers, hard irq_work).
package lockirq
