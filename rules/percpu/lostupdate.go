// SPDX-License-Identifier: MIT

package percpu

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/report"
	"github.com/kcovlint/kcovlint/rules/internal/rutil"
)

// checkLostUpdate reports a per-CPU object that a function reads and then
// writes back (x = __this_cpu_read(v); ...; __this_cpu_write(v, x + d)),
// or updates with one __this_cpu_*() read-modify-write
// (__this_cpu_inc_return(v)), where only migration is disabled. A
// migrate_disable() section, and on PREEMPT_RT a spinlock_t, keeps the
// task on its CPU but lets another task run on it; one that updates the
// same object in between loses its update, or this one does, or sees the
// other's half-done one (upstream's preempt_disable_nested() exists for
// this on RT: vmstat, c68ed7945701; a BPF map's per-CPU busy counter
// under migrate_disable(), 2775da216287). Each access alone passes
// DEBUG_PREEMPT, which accepts a task that cannot migrate.
//
// Reported only where the function is reached in at least two ways (two
// roots: entry points, or registrations, or a root any number of tasks
// enter at once, a system call): that is the other task. A
// function only one task runs (a CPU hotplug callback, run by that CPU's
// hotplug thread) has no one to lose an update to. Not reported where the
// analysis knows IRQs or preemption are off at a read or write, or BH is disabled (the softirq checks own those), where
// a per-CPU lock (local_lock_t) or a lock of the object itself is held, or
// where one lock is held at every read and write the analysis reached: that
// lock serializes the updates, whatever pins the task.
func checkLostUpdate(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow) {
	type group struct {
		sites      []*ctxflow.PerCPUSite
		read, wrt  *ctxflow.PerCPUSite
		rmw        *ctxflow.PerCPUSite
		unpinnable bool
		roots      map[string]bool
	}
	groups := map[string]*group{}
	var order []string
	for _, s := range flow.PerCPU {
		if s.Half == "" || s.Snap.Assumed || s.Entry == nil {
			continue
		}
		k := s.Node.Name() + "\x00" + objName(s)
		g := groups[k]
		if g == nil {
			g = &group{roots: map[string]bool{}}
			groups[k] = g
			order = append(order, k)
		}
		g.sites = append(g.sites, s)
		g.roots[rootOf(s)] = true
		if s.Entry.Many {
			// A system call: two tasks in it are the other task.
			g.roots[rootOf(s)+"\x00again"] = true
		}
		if !migrateOnly(flow, s) {
			g.unpinnable = true
		}
		switch s.Half {
		case "read":
			if g.read == nil || before(s, g.read) {
				g.read = s
			}
		case "write":
			if g.wrt == nil || before(g.wrt, s) {
				g.wrt = s
			}
		case "rmw":
			if g.rmw == nil || before(s, g.rmw) {
				g.rmw = s
			}
		}
	}
	for _, k := range order {
		g := groups[k]
		pair := g.read != nil && g.wrt != nil && before(g.read, g.wrt)
		if g.unpinnable || len(g.roots) < 2 || !pair && g.rmw == nil {
			continue
		}
		if common := commonLocks(g.sites); len(common) > 0 {
			continue
		}
		s := g.read
		obj := objName(g.sites[0])
		what := ""
		if pair {
			what = fmt.Sprintf("read (%s()) and written back (%s(), line %d)", g.read.Accessor, g.wrt.Accessor, g.wrt.Pos.Line)
		}
		if g.rmw != nil && (!pair || before(g.rmw, g.read)) {
			s = g.rmw
			what = fmt.Sprintf("updated with %s()", g.rmw.Accessor)
		}
		prefix, pins, fix := "", "migrate_disable() keeps the task on its CPU but lets other tasks run there; ", "fix: preempt_disable() around the update, or one this_cpu_*() operation"
		if flow.RT {
			prefix = "[PREEMPT_RT] "
		}
		if flow.RT && !explicitMigrate(g.sites) {
			// Only a lock pins the task, and only on RT: the
			// nested variant costs nothing elsewhere.
			pins = "on PREEMPT_RT a spinlock_t, a local_lock_irq() or migrate_disable() keeps the task on its CPU but lets other tasks run there; "
			fix = "fix: preempt_disable_nested()/preempt_enable_nested() around the read-modify-write (nothing without PREEMPT_RT), or one this_cpu_add()-style operation"
		}
		rep.Report(report.Finding{
			Rule: "percpu", Function: s.Node.Name(), FunctionLine: s.Node.Fn.Pos.Line, Object: obj, Config: flow.Config, Status: report.StatusNew,
			Message: fmt.Sprintf("%sper-CPU %s %s in %s with only migration disabled: another task on this CPU can update it in between, and one update is lost",
				prefix, rutil.KeyText(obj), what, rutil.Func(s.Node.Name())),
			Trace:  []report.Trace{rutil.Trace(u, s.Entry, rutil.Context(s.Snap), s.Pos)},
			Detail: []string{pins + heldText(g.sites), fix},
			Doubts: rutil.Doubts(u, s.Snap, s.Entry),
			Key:    rutil.Key("percpu", flow.Config, obj, s.Node.Name(), "lost-update"),
		}, s.Pos)
	}
}

// migrateOnly reports whether, at a site in task context, the task is
// pinned to its CPU but can be preempted: IRQs known on, preemption and BH
// known enabled, migration disabled or a lock held that disables only
// migration in this configuration, and no per-CPU lock or lock of the
// object held.
func migrateOnly(flow *ctxflow.Flow, s *ctxflow.PerCPUSite) bool {
	sn := s.Snap
	if sn.Ctx != ctxflow.Task || sn.IRQOff != ctxflow.No || !sn.Preempt.Zero() || !sn.BH.Zero() {
		return false
	}
	if localLocked(flow.Table, sn) || ownLockHeld(s) {
		return false
	}
	pinned := sn.Migrate.Positive()
	for _, h := range sn.Held {
		c := flow.Table.Classes[h.Class]
		if c == nil || c.DisablesPreemption(flow.Model()) {
			return false
		}
		if c.DisablesMigration(flow.Model()) {
			pinned = true
		}
	}
	return pinned
}

// explicitMigrate reports whether migrate_disable() pins the task at one
// of the sites: then preemption is on in every configuration.
func explicitMigrate(sites []*ctxflow.PerCPUSite) bool {
	for _, s := range sites {
		if s.Snap.Migrate.Positive() {
			return true
		}
	}
	return false
}

// rootOf names the way a site's function was entered: the root of its
// witness chain and how the kernel enters it.
func rootOf(s *ctxflow.PerCPUSite) string {
	if len(s.Entry.Chain) > 0 {
		return s.Entry.Chain[0].Func + "\x00" + s.Entry.Root
	}
	return s.Node.Name() + "\x00" + s.Entry.Root
}

// before reports whether a comes before b in the function's text.
func before(a, b *ctxflow.PerCPUSite) bool {
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	return a.Pos.Col < b.Pos.Col
}

// commonLocks returns the locks held at every site.
func commonLocks(sites []*ctxflow.PerCPUSite) []string {
	var common []string
	for i, s := range sites {
		var keys []string
		for _, h := range s.Snap.Held {
			keys = append(keys, h.Key)
		}
		if i == 0 {
			common = keys
			continue
		}
		common = slices.DeleteFunc(common, func(k string) bool { return !slices.Contains(keys, k) })
	}
	return common
}

// heldText says what pins the task at the sites, for the message.
func heldText(sites []*ctxflow.PerCPUSite) string {
	seen := map[string]bool{}
	var what []string
	for _, s := range sites {
		for _, h := range s.Snap.Held {
			if n := h.Name; n != "" && !seen[n] {
				seen[n] = true
				what = append(what, n)
			}
		}
		if s.Snap.Migrate.Positive() && !seen["migrate_disable()"] {
			seen["migrate_disable()"] = true
			what = append(what, "migrate_disable()")
		}
	}
	if len(what) == 0 {
		return "here nothing else pins it"
	}
	return "here: " + strings.Join(what, ", ") + ", and no one lock at every read and write"
}
