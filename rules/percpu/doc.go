// SPDX-License-Identifier: MIT

// Package percpu reports per-CPU state touched by preemptible paths.
//
// # Analyzer percpu
//
// percpu: per-CPU data used where another user of it can run on the same CPU
//
// Three forms, from the execution-context analysis:
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
package percpu
