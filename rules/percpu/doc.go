// SPDX-License-Identifier: MIT

// Package percpu reports per-CPU state touched by preemptible paths.
//
// # Analyzer percpu
//
// percpu: per-CPU data used where another user of it can run on the same CPU
//
// Four forms, from the execution-context analysis:
//
//   - Unpinned access: this_cpu_ptr(), __this_cpu_*(), get_cpu_var(),
//     per_cpu_ptr(x, smp_processor_id()) in task context with preemption,
//     migration and IRQs enabled and no lock pinning the task: the task can
//     move to another CPU or be preempted by another user of the data
//     ("BUG: using smp_processor_id() in preemptible code").
//   - PREEMPT_RT softirq sections: softirq handling is preemptible there and,
//     since v6.18 with PREEMPT_RT_NEEDS_BH_LOCK=n (the default), two
//     softirq-serving tasks can run on one CPU, one preempting the other.
//     Per-CPU data written in a BH-disabled or softirq section needs
//     local_lock_nested_bh() (or a local lock, or a lock that is a member
//     of the per-CPU object itself) there.
//   - State carried between sections: per-CPU state saved in one critical
//     section and restored (read, then cleared) in a later one — a save in a
//     start function, a restore in the stop function — or a per-CPU buffer
//     handed to longer-lived memory in one section and used until a later
//     one. If the span between the sections can be preempted by another
//     user of the data on this CPU, the second user overwrites it. In task
//     context that is so in both configurations; in softirq context only on
//     PREEMPT_RT (see above).
//   - Lost updates: a per-CPU object read and written back by one
//     function (__this_cpu_read(), then __this_cpu_write()), or updated by
//     one __this_cpu_*() read-modify-write (__this_cpu_inc_return()),
//     where only migration is disabled — migrate_disable(), and on RT a
//     spinlock_t or local_lock_irq() — and no one lock is held at every
//     access: another task on the CPU can update it in between. Reported
//     where the function has two ways in, or one that many tasks take at
//     once (a system call).
//
// Per-CPU data is safe only while nothing else that uses it can run on the
// same CPU: preemption or migration disabled, IRQs off, a local_lock held, or
// (on non-RT) serving a softirq, since softirqs do not preempt each other.
//
// Unpinned access. In task context with preemption enabled:
//
//	struct foo *f = this_cpu_ptr(&foo_pcpu);   /* task can migrate */
//	f->count++;
//
// Fix: get_cpu_ptr()/put_cpu_ptr(), preempt_disable(), or a local_lock_t.
//
// PREEMPT_RT softirqs. On RT softirq handling is preemptible and, since
// v6.18 with PREEMPT_RT_NEEDS_BH_LOCK=n (the default), two tasks serving
// softirqs can run on one CPU. Per-CPU data written in softirq or
// BH-disabled code needs local_lock_nested_bh() (or a lock that is a
// member of the per-CPU object, which all its users take):
//
//	local_lock_nested_bh(&foo_pcpu.bh_lock);
//	f = this_cpu_ptr(&foo_pcpu); f->x = y;
//	local_unlock_nested_bh(&foo_pcpu.bh_lock);
//
// State carried between sections. Saving per-task state in per-CPU
// storage in start() and restoring it in stop() is correct only if nothing
// can run on the CPU in between:
//
//	void start(void) {                 void stop(void) {
//	    local_lock(&pcpu.lock);            local_lock(&pcpu.lock);
//	    d->saved = current->x;             current->x = d->saved;
//	    local_unlock(&pcpu.lock);          d->saved = 0;
//	}                                      local_unlock(&pcpu.lock);
//	                                   }
//
// A local_lock only covers its own section. If the span between start()
// and stop() can be preempted by another user of the data on this CPU — in
// task context always, in softirq context on PREEMPT_RT — the other user
// overwrites the saved state. The same holds for a per-CPU buffer handed to
// the task in one section and used until a later one. Fix: keep such
// state per task (task_struct) or per object, not per CPU.
//
// PREEMPT_RT lost updates. Callers holding different spinlock_t locks:
//
//	x = __this_cpu_read(*p) + delta;   /* another task here ... */
//	__this_cpu_write(*p, x);           /* ... and its update is lost */
//
// Each access alone passes DEBUG_PREEMPT (the task cannot migrate). Fix:
// preempt_disable_nested()/preempt_enable_nested() around the pair (a
// no-op without PREEMPT_RT), or one this_cpu_add()-style operation.
//
// Lost updates under migrate_disable(), in every configuration. A
// per-CPU busy counter two system calls share:
//
//	migrate_disable();
//	if (__this_cpu_inc_return(*m->busy) != 1)   /* the other task's */
//		ret = -EBUSY;
//
// Fix: preempt_disable() around the update.
package percpu
