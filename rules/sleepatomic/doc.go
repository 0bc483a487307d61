// SPDX-License-Identifier: MIT

// Package sleepatomic reports calls that may sleep where sleeping is not
// allowed.
//
// # Analyzer sleepatomic
//
// sleepatomic: a call that may sleep in atomic context
//
// A call may sleep when the kernel table says so (mutex_lock, msleep,
// vmalloc, copy_from_user, GFP_KERNEL allocations — a GFP flags argument is
// read to decide), or when it takes a lock that sleeps in the configuration
// (spinlock_t on PREEMPT_RT). Sleeping is not allowed in hardirq, NMI or
// softirq context (on RT too: a softirq section holds the RCU read lock),
// with IRQs or preemption disabled, with BH disabled, inside rcu_read_lock()
// readers, under a spinning lock, and on PREEMPT_RT under a raw_spinlock_t.
// On RT a spinlock_t held or an RCU reader does allow the blocking of
// another spinlock_t (the "lock's own blocking"), not a real sleep.
//
// The state comes from the execution-context analysis along the call chains
// from the kernel's entry points, so a sleeping call in a helper is reported
// with the chain from the softirq or the locked region that reaches it.
//
// The kernel prints "BUG: sleeping function called from invalid context"
// (CONFIG_DEBUG_ATOMIC_SLEEP) when code sleeps in hardirq, NMI or softirq
// context, with IRQs or preemption disabled, under a spinlock or in an RCU
// read-side section. kcovlint finds such calls statically, along the call
// chains from the entry points.
//
// Minimal example:
//
//	static void poll_timer(struct timer_list *t)     /* softirq */
//	{
//	    buf = kmalloc(len, GFP_KERNEL);   /* may sleep: invalid */
//	    ...
//	}
//
// Fix: allocate with GFP_ATOMIC (or GFP_NOWAIT) in atomic context, move the
// work to a workqueue, or allocate before entering the atomic section.
//
// What may sleep: mutex_lock(), down(), msleep(), wait_event(), vmalloc()
// (which also BUG()s in interrupt context), copy_{from,to}_user(),
// synchronize_rcu(), flush_work(), GFP_KERNEL/GFP_NOFS/GFP_NOIO allocations
// (the flags argument is read), and on PREEMPT_RT acquiring a spinlock_t,
// rwlock_t or local_lock_t. vfree() sleeps only outside interrupt context.
//
// PREEMPT_RT: spinlock_t is a sleeping lock there, so spin_lock() under a
// raw_spinlock_t, with IRQs truly disabled or with preemption disabled is an
// "Invalid wait context"; under another spinlock_t or in an RCU reader it is
// allowed. A softirq section on RT still must not sleep for real. Under a
// raw_spinlock_t or in a hard interrupt handler, that nesting is also what
// lockdep's wait-context check (CONFIG_PROVE_RAW_LOCK_NESTING) reports on
// any architecture: such a finding (JSON raw_nesting) stays certain in code
// no RT kernel builds, where other PREEMPT_RT findings become uncertain.
package sleepatomic
