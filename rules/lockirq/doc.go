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
package lockirq
