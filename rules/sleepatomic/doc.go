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
package sleepatomic
