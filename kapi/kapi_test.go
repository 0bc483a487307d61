// SPDX-License-Identifier: MIT

package kapi

import (
	"regexp"
	"testing"
)

func TestTableLoads(t *testing.T) {
	tb := Default()
	if tb.Locks["spin_lock_irqsave"].Flags != 1 || tb.Locks["spin_lock_irqsave"].IRQ != "save" {
		t.Errorf("spin_lock_irqsave: %+v", tb.Locks["spin_lock_irqsave"])
	}
	sp := tb.Classes["spinlock"]
	if !sp.Spins(NonRT) || sp.Spins(RT) || !sp.SleepsIn(RT) || sp.SleepsIn(NonRT) {
		t.Errorf("spinlock_t must spin on non-RT and sleep on RT")
	}
	if sp.IRQVariantsDisable(RT) || !sp.IRQVariantsDisable(NonRT) {
		t.Errorf("spin_lock_irqsave does not disable IRQs on RT")
	}
	raw := tb.Classes["raw_spinlock"]
	if !raw.Spins(RT) || !raw.IRQVariantsDisable(RT) {
		t.Errorf("raw_spinlock_t keeps non-RT semantics on RT")
	}
	ll := tb.Classes["local_lock"]
	if ll.IRQVariantsDisable(RT) || !ll.DisablesMigration(RT) || ll.DisablesPreemption(RT) || !ll.DisablesPreemption(NonRT) {
		t.Errorf("local_lock semantics wrong: %+v", ll)
	}
	if s, _ := tb.GFPSleeps([]string{"GFP_KERNEL"}); !s {
		t.Errorf("GFP_KERNEL sleeps")
	}
	if s, _ := tb.GFPSleeps([]string{"GFP_ATOMIC"}); s {
		t.Errorf("GFP_ATOMIC does not sleep")
	}
	if tb.OpsCtx("file_operations", "unlocked_ioctl") != "task" {
		t.Errorf("file_operations run in task context")
	}
	if e := tb.Entries["timer_setup"]; e == nil || e.Fn != 1 || e.Ctx != "softirq" {
		t.Errorf("timer_setup: %+v", e)
	}
}

// TestNoKcovNames enforces the design rule that the kernel table names no
// kcov function or variable: everything must come from general semantics.
func TestNoKcovNames(t *testing.T) {
	if regexp.MustCompile(`(?m)^[^#]*\bkcov`).Match(tableText) {
		t.Fatal("kernel.table names a kcov function or variable")
	}
}

// A field's own entry wins over its type's wildcard, wherever they are in
// the table.
func TestOpsEntryPrefersField(t *testing.T) {
	tb, err := Parse([]byte("ops widget_ops.*  ctx=task\nops widget_ops.irq  ctx=hardirq\n"))
	if err != nil {
		t.Fatal(err)
	}
	if o := tb.OpsEntry("widget_ops", "irq"); o == nil || o.Ctx != "hardirq" {
		t.Errorf("widget_ops.irq: got %+v, want ctx=hardirq", o)
	}
	if o := tb.OpsEntry("widget_ops", "open"); o == nil || o.Ctx != "task" {
		t.Errorf("widget_ops.open: got %+v, want the wildcard's ctx=task", o)
	}
	if o := tb.OpsEntry("other_ops", "open"); o != nil {
		t.Errorf("other_ops.open: got %+v, want none", o)
	}
}

func TestOnlyReports(t *testing.T) {
	tab := Default()
	for name, want := range map[string]bool{"pr_notice": true, "printk_deferred": true, "WARN_ONCE": true, "dump_stack": true,
		"dump_stack_lvl": false, "prepare_to_wait": false, "dev_info": false, "msleep": false} {
		if got := tab.OnlyReports(name); got != want {
			t.Errorf("OnlyReports(%q) = %v, want %v", name, got, want)
		}
	}
}

// In the built-in table, every field's own entry is the one used, never
// its type's wildcard, and a field is listed once.
func TestOpsFieldsWinInTable(t *testing.T) {
	tb := Default()
	for _, o := range tb.Ops {
		if o.Field == "*" {
			continue
		}
		if got := tb.OpsEntry(o.Type, o.Field); got != o {
			t.Errorf("%s.%s: OpsEntry gives %+v, want its own entry %+v", o.Type, o.Field, got, o)
		}
	}
	if _, err := Parse([]byte("ops widget_ops.irq ctx=task\nops widget_ops.irq ctx=hardirq\n")); err == nil {
		t.Errorf("a field listed twice must not load")
	}
}

// An ops entry can say every context the kernel calls a field in, and the
// lock its dispatcher holds: task context with IRQs off under a raw lock
// is no hardirq.
func TestOpsContextsAndHeld(t *testing.T) {
	tb, err := Parse([]byte("class raw_spinlock spins=both preempt=both irq-variants=both\n" +
		"lock raw_spin_lock_irqsave op=acquire class=raw_spinlock irq=save flags=1\n" +
		"ops widget_chip.set_mode ctx=task held=raw_spin_lock_irqsave:widget_desc.lock\n" +
		"ops widget_chip.ack ctx=hardirq,task-irqoff rt=hardirq,task\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := tb.OpsEntry("widget_chip", "set_mode").Contexts()
	if len(got) != 1 || got[0][0] != "task+raw_spin_lock_irqsave:widget_desc.lock" || got[0][1] != "" {
		t.Errorf("set_mode: %q", got)
	}
	if base, call, obj := SplitHeld(got[0][0]); base != "task" || call != "raw_spin_lock_irqsave" || obj != "widget_desc.lock" {
		t.Errorf("SplitHeld(%q) = %q %q %q", got[0][0], base, call, obj)
	}
	got = tb.OpsEntry("widget_chip", "ack").Contexts()
	if len(got) != 2 || got[0] != [2]string{"hardirq", "hardirq"} || got[1] != [2]string{"task-irqoff", "task"} {
		t.Errorf("ack: %q", got)
	}
	tb, err = Parse([]byte("class mutex sleeping\nlock mutex_lock op=acquire class=mutex\n" +
		"ops widget_ops.start ctx=task-irqoff,hardirq if-set=widget.sleepy:task+mutex_lock:widget_group.mutex\n"))
	if err != nil {
		t.Fatal(err)
	}
	o := tb.OpsEntry("widget_ops", "start")
	if got := o.ContextsIf(false); len(got) != 2 {
		t.Errorf("start, field not set: %q", got)
	}
	if got := o.ContextsIf(true); len(got) != 1 || got[0] != [2]string{"task+mutex_lock:widget_group.mutex", ""} {
		t.Errorf("start, widget.sleepy set: %q", got)
	}
	for _, bad := range []string{
		"ops w.f ctx=task held=no_such_lock:w.lock\n",
		"ops w.f ctx=task if-set=w.mode:task+no_such_lock:w.lock\n",
		"ops w.f ctx=task if-set=mode:task\n",
		"ops w.f ctx=task,hardirq rt=task\n",
		"ops w.f ctx=irqoff\n",
	} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%q must not load", bad)
		}
	}
}

func TestMovedFacts(t *testing.T) {
	tb := Default()
	for _, n := range []string{"vmalloc", "vzalloc", "vmalloc_user", "vmalloc_node", "vzalloc_node", "__vmalloc"} {
		if s := tb.Sleeps[n]; s == nil || !s.VMap {
			t.Errorf("%s: want a vmap sleep entry: %+v", n, s)
		}
	}
	if s := tb.Sleeps["kvmalloc"]; s == nil || s.VMap {
		t.Errorf("kvmalloc falls back to vmalloc only when its flags allow: not vmap")
	}
	if !tb.TellsHardirqApart("in_task") || !tb.TellsHardirqApart("HARDIRQ_MASK") || tb.TellsHardirqApart("in_serving_softirq") {
		t.Errorf("hardirq-tests: in_task and HARDIRQ_MASK tell hardirq apart, in_serving_softirq does not")
	}
	if p := tb.Preds["preemptible"]; p == nil || p.Meaning != "preempt-enabled" {
		t.Errorf("preemptible: %+v", p)
	}
}

// Every lock call's variant names a base call of the table, and a base
// has one variant per IRQ and BH effect (the suggested fixes look them
// up: LockVariant).
func TestLockVariants(t *testing.T) {
	tb := Default()
	type want struct{ base, irq, bh string }
	seen := map[want]string{}
	for name, l := range tb.Locks {
		if l.Of == "" {
			continue
		}
		if _, ok := tb.Locks[l.Of]; !ok {
			t.Errorf("lock %s: of=%s is not a lock call of the table", name, l.Of)
		}
		if l.IRQ == "" && l.BH == "" {
			t.Errorf("lock %s: of=%s but no irq= or bh= effect", name, l.Of)
		}
		k := want{l.Of, l.IRQ, l.BH}
		if other, dup := seen[k]; dup {
			t.Errorf("locks %s and %s are both the irq=%q bh=%q variant of %s", name, other, l.IRQ, l.BH, l.Of)
		}
		seen[k] = name
	}
	for _, c := range []struct{ base, irq, bh, want string }{
		{"spin_lock", "save", "", "spin_lock_irqsave"},
		{"spin_unlock", "restore", "", "spin_unlock_irqrestore"},
		{"spin_lock_nested", "save", "", "spin_lock_irqsave_nested"},
		{"read_lock", "", "off", "read_lock_bh"},
		{"spin_lock_nest_lock", "save", "", ""},
	} {
		if got := tb.LockVariant(c.base, c.irq, c.bh); got != c.want {
			t.Errorf("LockVariant(%s, %q, %q) = %q, want %q", c.base, c.irq, c.bh, got, c.want)
		}
	}
}

func TestAddDocumented(t *testing.T) {
	tb, err := Parse([]byte("ops foo_ops.open ctx=softirq\nops bar_ops.* ctx=hardirq\n"))
	if err != nil {
		t.Fatal(err)
	}
	doc := "ops foo_ops.open ctx=task src=include/linux/foo.h:10\nops foo_ops.close ctx=task src=include/linux/foo.h:12\nops bar_ops.run ctx=task src=include/linux/bar.h:3\n"
	if err := tb.AddDocumented([]byte(doc)); err != nil {
		t.Fatal(err)
	}
	if c := tb.OpsCtx("foo_ops", "open"); c != "softirq" {
		t.Errorf("foo_ops.open = %q: the hand entry must win", c)
	}
	if o := tb.OpsEntry("foo_ops", "close"); o == nil || o.Ctx != "task" || o.Src != "include/linux/foo.h:12" {
		t.Errorf("foo_ops.close = %+v, want task from include/linux/foo.h:12", o)
	}
	if c := tb.OpsCtx("bar_ops", "run"); c != "hardirq" {
		t.Errorf("bar_ops.run = %q: the hand entry for the whole struct must win", c)
	}
	if err := tb.AddDocumented([]byte("ops baz_ops.x ctx=task\n")); err == nil {
		t.Error("a documented fact without src= was accepted")
	}
	// The built-in table loads with the generated one.
	if o := Default().OpsEntry("ieee80211_ops", "sta_state"); o == nil || o.Src == "" {
		t.Errorf("ieee80211_ops.sta_state is not in the documented table: %+v", o)
	}
}
