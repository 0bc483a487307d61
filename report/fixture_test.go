// SPDX-License-Identifier: MIT

package report

// Hand-built Results that mirror what kcovlint reports on the kcov
// PREEMPT_RT thread (the v4 patch and the versions before it). Line numbers
// are those of kernel/kcov.c after v4 and of the 6.12 callers; the second
// finding and the series are illustrative, made to exercise every field.

const testRoot = "/src/linux"

var testRules = []RuleInfo{
	{
		Name:  "lockirq",
		Short: "A lock is taken in an IRQ context and elsewhere with that IRQ enabled",
		Help: "lockirq: a lock class that is taken in softirq (or hardirq) context must never be\n" +
			"taken with softirqs (hardirqs) enabled elsewhere: the interrupt can arrive while the\n" +
			"lock is held on the same CPU and spin on it forever. Lockdep reports this as\n" +
			"\"inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage\".\n\n" +
			"Fix: take the lock with spin_lock_bh() or spin_lock_irqsave() outside the IRQ context.",
		URL: "https://github.com/kcovlint/kcovlint/blob/main/rules/lockirq/doc.go",
	},
	{
		Name:  "sleepatomic",
		Short: "A call that may sleep is reached in atomic context",
		Help:  "sleepatomic: a function that may sleep (GFP_KERNEL allocations, vmalloc, mutex_lock ...) is called where sleeping is not allowed.",
	},
}

// kcovLockFinding is the finding on the v4 patch: &kcov->lock is taken with
// plain spin_lock() in kcov_remote_stop(), which runs in task context (vhost
// worker) and in softirq context (USB giveback BH), now that v4 removed the
// local_lock_irqsave() around it.
func kcovLockFinding(input string) Finding {
	return Finding{
		Rule:         "lockirq",
		Severity:     SeverityWarning,
		File:         "kernel/kcov.c",
		Line:         1031,
		Column:       2,
		Function:     "kcov_remote_stop",
		FunctionLine: 990,
		Object:       "&kcov->lock",
		Config:       "nonrt",
		Status:       StatusNew,
		Input:        input,
		Message:      "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage: &kcov->lock is taken with softirqs enabled in kcov_remote_stop() and in softirq context in kcov_remote_stop(); use spin_lock_irqsave()",
		Trace: []Trace{
			{
				Context: "task, softirqs enabled",
				Chain:   []string{"vhost_run_work_kthread_list", "kcov_remote_stop"},
				Sites: []Location{
					{File: "drivers/vhost/vhost.c", Line: 410},
					{File: "drivers/vhost/vhost.c", Line: 439, Column: 4},
				},
				Site: &Location{File: "kernel/kcov.c", Line: 1031, Column: 2, Message: "spin_lock(&kcov->lock) {SOFTIRQ-ON-W}"},
			},
			{
				Context: "softirq",
				Chain:   []string{"usb_giveback_urb_bh", "__usb_hcd_giveback_urb", "kcov_remote_stop_softirq", "kcov_remote_stop"},
				Sites: []Location{
					{File: "drivers/usb/core/hcd.c", Line: 1665},
					{File: "drivers/usb/core/hcd.c", Line: 1682, Column: 3},
					{File: "drivers/usb/core/hcd.c", Line: 1649, Column: 2},
					{File: "include/linux/kcov.h", Line: 74, Column: 3},
				},
				Site: &Location{File: "kernel/kcov.c", Line: 1031, Column: 2, Message: "spin_lock(&kcov->lock) {IN-SOFTIRQ-W}"},
			},
		},
		Related: []Location{
			{File: testRoot + "/kernel/kcov.c", Line: 521, Column: 2, Message: "&kcov->lock is initialized here (lockdep names the class _T->lock)"},
		},
		Detail: []string{
			"The patch removes local_lock_irqsave(&kcov_percpu_data.lock, flags), which kept",
			"interrupts, and with them softirqs, off around this spin_lock().",
		},
		Scenario: []string{
			"lock(&kcov->lock);",
			"<Interrupt>",
			"  lock(&kcov->lock);",
		},
		Fix: &Fix{
			Description: "take &kcov->lock with spin_lock_irqsave(), as the other users of the lock do",
			Edits: []Edit{
				{File: "kernel/kcov.c", Line: 1031, Column: 2, EndLine: 1031, EndColumn: 25, NewText: "spin_lock_irqsave(&kcov->lock, flags);"},
				{File: "kernel/kcov.c", Line: 1038, Column: 2, EndLine: 1038, EndColumn: 27, NewText: "spin_unlock_irqrestore(&kcov->lock, flags);"},
			},
		},
		Key:        "lockirq|nonrt|&kcov->lock|kcov_remote_stop",
		SourceLine: "\tspin_lock(&kcov->lock);",
	}
}

// kcovSleepFinding is a second finding, of another rule and severity, with
// an absolute path (under testRoot), a trace without sites and a patch line.
func kcovSleepFinding() Finding {
	return Finding{
		Rule:         "sleepatomic",
		Severity:     SeverityError,
		File:         testRoot + "/kernel/kcov.c",
		Line:         907,
		Column:       22,
		Function:     "kcov_remote_start",
		FunctionLine: 844,
		Object:       "vmalloc()",
		Config:       "rt",
		Status:       StatusNew,
		Input:        "v4",
		Message:      "[PREEMPT_RT] vmalloc() may sleep in softirq context in kcov_remote_start()",
		Trace: []Trace{
			{Context: "softirq", Chain: []string{"ieee80211_iface_work", "kcov_remote_start_common", "kcov_remote_start"}},
		},
		Detail:     []string{"in_task() is true in BH-disabled sections, under spinlocks and with IRQs off: it is not a \"may I sleep?\" test."},
		Key:        "sleepatomic|rt|vmalloc()|kcov_remote_start",
		PatchLine:  204,
		SourceLine: "\t\tarea = in_task() ? vmalloc(size * sizeof(unsigned long)) : NULL;",
	}
}

// kcovV4Result is one run on the v4 patch.
func kcovV4Result() *Result {
	return &Result{
		Tool:     "kcovlint",
		Version:  "v0.1.0",
		Inputs:   []Input{{Name: "v4", Kind: "patch", Status: "ok", Base: "working tree", Lines: 312}},
		Findings: []Finding{kcovLockFinding("v4"), kcovSleepFinding()},
	}
}

// kcovSeriesResult is one run on the whole thread: v3, the two follow-up
// diffs posted in replies, and v4. The second lock finding is v3's plain
// spin_lock(&kcov_remote_lock), which the irqsave follow-up fixes.
func kcovSeriesResult() *Result {
	remote := func(input, status string) Finding {
		return Finding{
			Rule: "lockirq", Severity: SeverityWarning, File: "kernel/kcov.c", Line: 921, Column: 2,
			Function: "kcov_remote_start", FunctionLine: 891, Object: "kcov_remote_lock", Config: "nonrt",
			Status: status, Input: input,
			Message: "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage: kcov_remote_lock is taken with softirqs enabled in kcov_remote_start() and in softirq context in kcov_remote_start(); use spin_lock_irqsave()",
			Trace: []Trace{
				{Context: "task, softirqs enabled", Chain: []string{"vhost_run_work_kthread_list", "kcov_remote_start_common", "kcov_remote_start"}},
				{Context: "softirq", Chain: []string{"usb_giveback_urb_bh", "__usb_hcd_giveback_urb", "kcov_remote_start_usb_softirq", "kcov_remote_start_usb", "kcov_remote_start"}},
			},
			Scenario: []string{"lock(kcov_remote_lock);", "<Interrupt>", "  lock(kcov_remote_lock);"},
			Key:      "lockirq|nonrt|kcov_remote_lock|kcov_remote_start",
		}
	}
	existing := kcovLockFinding("v3-reply-1")
	existing.Status = StatusExisting
	return &Result{
		Tool:    "kcovlint",
		Version: "v0.1.0",
		Inputs: []Input{
			{Name: "v3", Kind: "patch", Status: "ok", Base: "working tree"},
			{Name: "v3-reply-1", Kind: "patch", Status: "ok", Base: "on top of v3"},
			{Name: "v3-reply-2", Kind: "patch", Status: "ok", Base: "working tree"},
			{Name: "v4", Kind: "patch", Status: "ok", Base: "working tree"},
		},
		Findings: []Finding{
			kcovLockFinding("v3"),
			remote("v3", StatusNew),
			existing,
			remote("v3-reply-1", StatusFixed),
			kcovLockFinding("v3-reply-2"),
			kcovLockFinding("v4"),
		},
	}
}

// onlyNew keeps the findings the command prints by default.
func onlyNew(res *Result) *Result {
	out := *res
	out.Findings = nil
	for _, f := range res.Findings {
		if f.Status == StatusNew {
			out.Findings = append(out.Findings, f)
		}
	}
	return &out
}
