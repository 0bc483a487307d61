// SPDX-License-Identifier: MIT

// Package ctxpred reports misused context predicates.
//
// # Analyzer ctxpred
//
// ctxpred: in_task(), in_serving_softirq(), in_softirq(), in_interrupt(),
// in_atomic(), irqs_disabled() and preemptible() used to mean what they
// do not
//
//   - !in_serving_softirq() (or a false in_serving_softirq()) taken as "in
//     task context" where hardirq and NMI are not excluded on that path: it
//     is also false in a hardirq or NMI that did not interrupt a softirq.
//   - in_softirq() where serving a softirq is meant: it is also true in task
//     context with BH disabled.
//   - in_task(), in_interrupt(), in_atomic() or in_softirq() deciding
//     whether a call may sleep (a GFP_KERNEL allocation, vmalloc, a mutex),
//     in the function or any number of calls below the test (if
//     (in_task()) flush(); where flush() waits two calls down): none of
//     them sees a spinlock, IRQs off, BH off or an RCU reader everywhere
//     (in_task() is true in all of those).
//   - irqs_disabled() used where "preemptible" is meant.
//   - in_atomic() outside core code.
//   - preemptible() deciding a branch outside core code, where the code
//     does not name CONFIG_PREEMPT_COUNT: without it preemptible() is
//     always 0, and it is true in RCU readers (PREEMPT_RCU) and spinlock_t
//     sections (PREEMPT_RT), so it cannot tell whether the code may sleep.
//
// The check is path-sensitive: a use already guarded (after `if
// (in_hardirq() || in_nmi()) return;`) is not reported.
//
// What the predicates of include/linux/preempt.h mean (on RT and non-RT):
//
//	  in_task()             not NMI, not hardirq, not serving a softirq. True in
//		                    BH-disabled sections, under spinlocks, with IRQs off,
//		                    in RCU readers: it is NOT a "may I sleep?" test.
//	  in_serving_softirq()  serving a softirq — also inside a hardirq or NMI that
//		                    interrupted one. !in_serving_softirq() means task
//		                    context only where hardirq and NMI are excluded.
//	  in_softirq()          serving a softirq OR BH disabled (deprecated).
//	  in_interrupt()        NMI, hardirq, softirq OR BH disabled (deprecated).
//	  in_atomic()           preempt_count != 0: blind to spinlocks without
//		                    PREEMPT_COUNT, on RT blind to softirq and spinlock_t
//		                    sections; not for drivers.
//	  irqs_disabled()       local IRQs off; says nothing about preemption.
//
// Minimal examples:
//
//	if (!in_serving_softirq())          /* also true in a hardirq */
//	    do_task_things();
//
//	if (in_task())                      /* true under spin_lock_bh() too */
//	    buf = kmalloc(n, GFP_KERNEL);
//
// Fix: exclude hardirq/NMI first (if (in_hardirq() || in_nmi()) return;) or
// use in_task(); use in_serving_softirq() instead of in_softirq(); do not let
// a context predicate decide whether to sleep — pass gfp flags down from the
// caller, who knows its context, or use GFP_ATOMIC.
package ctxpred
