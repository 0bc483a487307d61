// SPDX-License-Identifier: MIT

package percpu

import (
	_ "embed"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/kapi"
	"github.com/kcovlint/kcovlint/report"
	"github.com/kcovlint/kcovlint/rules/internal/rutil"
)

//go:embed doc.go
var doc string

// Analyzer reports per-CPU state touched by preemptible paths.
var Analyzer = &analysis.Analyzer{
	Name:       "percpu",
	Doc:        rutil.AnalyzerDoc(doc, "percpu"),
	URL:        "https://github.com/kcovlint/kcovlint/blob/main/rules/percpu/doc.go",
	Requires:   []*analysis.Analyzer{cunit.Analyzer, ctxflow.Analyzer},
	Run:        rutil.Run(checkUnpinned, checkRTSoftirq, checkCarried, checkLostUpdate),
	ResultType: reflect.TypeOf([]report.Finding(nil)),
}

// preemptible reports whether the task is known to be able to move or be
// preempted by another task at the site: task context with hardirqs on and
// no preemption, migration or BH disabling, as counted from its entry, and
// no lock held whose class pins the task in this configuration (the
// table's preempt= and migrate=: a spinlock_t pins it on RT too). Where the
// analysis lost count (states merged at a bound, a callee whose ways out
// disagree) the task may well be pinned: not reported.
func preemptible(flow *ctxflow.Flow, s ctxflow.Snap) bool {
	if s.Ctx != ctxflow.Task || s.IRQOff != ctxflow.No {
		return false
	}
	if !s.Preempt.Zero() || !s.Migrate.Zero() || !s.BH.Zero() {
		return false
	}
	for _, h := range s.Held {
		if c := flow.Table.Classes[h.Class]; c == nil || c.DisablesMigration(flow.Model()) {
			return false
		}
	}
	return true
}

// lostCount reports whether the IRQ state or the preemption count at a
// site is unknown (states merged at a bound, a callee whose ways out
// disagree).
func lostCount(s ctxflow.Snap) bool {
	return s.IRQOff == ctxflow.Unknown || s.Preempt.Unknown()
}

// softirqPreemptible reports whether, at the site, another softirq user of
// per-CPU data can run on this CPU before the section ends.
func softirqPreemptible(flow *ctxflow.Flow, s ctxflow.Snap) bool {
	if !flow.RT || !flow.RTSoftirqParallel {
		return false
	}
	inBH := s.Ctx == ctxflow.Softirq || (s.Ctx == ctxflow.Task && s.BH.Positive())
	// Only where the analysis knows IRQs are on and preemption is not
	// disabled: where it lost count, the code may well be atomic.
	return inBH && s.IRQOff == ctxflow.No && s.Preempt.Zero() && !localLocked(flow.Table, s)
}

// localLocked reports whether a per-CPU lock (a local lock, a nested-BH
// lock: the table's percpu classes) is held.
func localLocked(t *kapi.Table, s ctxflow.Snap) bool {
	for _, h := range s.Held {
		if c := t.Classes[h.Class]; c != nil && c.PerCPU {
			return true
		}
	}
	return false
}

// ownLockHeld reports whether a lock that is a member of the site's
// per-CPU object is held: the page allocator's per-CPU lists under their
// own spinlock; the softirqs that use them serialize on it.
func ownLockHeld(s *ctxflow.PerCPUSite) bool {
	for _, h := range s.Snap.Held {
		if h.PerCPU != "" && h.PerCPU == s.Var {
			return true
		}
	}
	return false
}

func objName(s *ctxflow.PerCPUSite) string {
	if s.Field != "" {
		return s.Var + "." + s.Field
	}
	return s.Var
}

// best keeps, per key, the site with the best witness.
type best struct {
	order []string
	sites map[string]*ctxflow.PerCPUSite
}

func (b *best) add(key string, s *ctxflow.PerCPUSite) {
	if b.sites == nil {
		b.sites = map[string]*ctxflow.PerCPUSite{}
	}
	cur, ok := b.sites[key]
	if !ok {
		b.order = append(b.order, key)
		b.sites[key] = s
		return
	}
	if rutil.Better(s.Entry, cur.Entry) {
		b.sites[key] = s
	}
}

func (b *best) each(fn func(*ctxflow.PerCPUSite)) {
	for _, k := range b.order {
		fn(b.sites[k])
	}
}

func siteKey(s *ctxflow.PerCPUSite) string {
	return fmt.Sprintf("%s:%d:%d|%s|%s", s.Pos.File, s.Pos.Line, s.Pos.Col, objName(s), s.Access)
}

func checkUnpinned(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow) {
	var b best
	// A CPU number taken to index per-CPU data (per_cpu_ptr(x,
	// smp_processor_id())) is that access's finding, not its own.
	accessLine := map[string]bool{}
	for _, s := range flow.PerCPU {
		if s.Access != "cpu-id" {
			accessLine[fmt.Sprintf("%s:%d", s.Pos.File, s.Pos.Line)] = true
		}
	}
	for _, s := range flow.PerCPU {
		if s.Access != "ptr" && s.Access != "unsafe-op" && s.Access != "cpu-id" {
			continue
		}
		if s.Access == "cpu-id" && accessLine[fmt.Sprintf("%s:%d", s.Pos.File, s.Pos.Line)] {
			continue
		}
		if s.Snap.Assumed || !preemptible(flow, s.Snap) {
			continue
		}
		b.add(siteKey(s), s)
	}
	b.each(func(s *ctxflow.PerCPUSite) {
		if s.Access == "cpu-id" {
			reportCPUID(rep, u, flow, s)
			return
		}
		reportUnpinned(rep, u, flow, s, s.Var, "unpinned",
			fmt.Sprintf("per-CPU %s accessed with %s() in preemptible task context in %s: the task can migrate or be preempted by another user of it", rutil.KeyText(s.Var), s.Accessor, rutil.Func(s.Node.Name())),
			"fix: pin the task around the access: get_cpu_ptr()/put_cpu_ptr(), preempt_disable()/preempt_enable(), or a local_lock_t")
	})
}

// reportUnpinned reports a per-CPU site reached in a task that can
// migrate: object and kind name it in the key, msg and fix say what.
func reportUnpinned(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow, s *ctxflow.PerCPUSite, object, kind, msg, fix string) {
	if flow.RT {
		msg = "[PREEMPT_RT] " + msg
	}
	rep.Report(report.Finding{
		Rule: "percpu", Function: s.Node.Name(), FunctionLine: s.Node.Fn.Pos.Line, Object: object, Config: flow.Config, Status: report.StatusNew,
		Message: msg,
		Trace:   []report.Trace{rutil.Trace(u, s.Entry, rutil.Context(s.Snap), s.Pos)},
		Detail:  []string{fix},
		Doubts:  append(rutil.Doubts(u, s.Snap, s.Entry), mayPin(flow, s, kind)...),
		Key:     rutil.Key("percpu", flow.Config, object, s.Node.Name(), kind),
	}, s.Pos)
}

// mayPin is the doubt of a task that may be bound to its CPU: a work
// item on a per-CPU workqueue runs in that CPU's worker, and a kthread may
// be bound with kthread_bind(); DEBUG_PREEMPT exempts such tasks, and
// whether this one is can only be told from the workqueue's flags or the
// binding, which the analysis does not follow. Binding keeps the CPU
// number right, not the data: an access to per-CPU data that an interrupt
// or a softirq on the same CPU also uses (interruptUser) races whether the
// task is bound or not, and has no such doubt.
func mayPin(flow *ctxflow.Flow, s *ctxflow.PerCPUSite, kind string) []string {
	if s.Entry == nil || !s.Entry.MayPin || s.Snap.Ctx != ctxflow.Task {
		return nil
	}
	if kind == "unpinned" && interruptUser(flow, s) != nil {
		return nil
	}
	return []string{fmt.Sprintf("%s() runs in a task that may be bound to one CPU (%s: a per-CPU workqueue's worker or a bound kthread), where the CPU cannot change", s.Entry.Chain[0].Func, s.Entry.Root)}
}

// interruptUser returns another access to the site's per-CPU object made
// in softirq or hard interrupt context (a witness the analysis reached,
// not an assumed one), or nil: such a user runs on the CPU of the task,
// on the task's interrupt or at its exit, bound or not.
func interruptUser(flow *ctxflow.Flow, s *ctxflow.PerCPUSite) *ctxflow.PerCPUSite {
	for _, o := range flow.PerCPU {
		if o == s || o.Var != s.Var || o.Access == "cpu-id" || o.Snap.Assumed {
			continue
		}
		if o.Snap.Ctx == ctxflow.Softirq || o.Snap.Ctx == ctxflow.Hardirq {
			return o
		}
	}
	return nil
}

// reportCPUID reports the CPU number read where the task can migrate:
// with CONFIG_DEBUG_PREEMPT the kernel says "BUG: using
// smp_processor_id() in preemptible".
func reportCPUID(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow, s *ctxflow.PerCPUSite) {
	reportUnpinned(rep, u, flow, s, s.Accessor, "cpu-id",
		fmt.Sprintf("%s() in preemptible task context in %s: the task can migrate right after, and the CPU number is stale (\"BUG: using %s() in preemptible\" with CONFIG_DEBUG_PREEMPT)", s.Accessor, rutil.Func(s.Node.Name()), s.Accessor),
		"fix: pin the task while the number is used (get_cpu()/put_cpu(), migrate_disable()), or use raw_smp_processor_id() where any CPU's number will do")
}

func checkRTSoftirq(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow) {
	var b best
	for _, s := range flow.PerCPU {
		if s.Access != "write" && s.Access != "unsafe-op" {
			continue
		}
		if !softirqPreemptible(flow, s.Snap) || ownLockHeld(s) {
			continue
		}
		b.add(siteKey(s), s)
	}
	b.each(func(s *ctxflow.PerCPUSite) {
		where := "softirq context"
		if s.Snap.Ctx == ctxflow.Task {
			where = "a BH-disabled section"
		}
		msg := fmt.Sprintf("[PREEMPT_RT] per-CPU %s written in %s without local_lock_nested_bh() in %s: on RT softirq handling is preemptible and another softirq on this CPU can use it", objName(s), where, rutil.Func(s.Node.Name()))
		f := report.Finding{
			Rule: "percpu", Function: s.Node.Name(), FunctionLine: s.Node.Fn.Pos.Line, Object: s.Var, Config: flow.Config, Status: report.StatusNew,
			Message: msg,
			Trace:   []report.Trace{rutil.Trace(u, s.Entry, rutil.Context(s.Snap), s.Pos)},
			Detail: []string{
				"PREEMPT_RT model: softirq sections can preempt each other on one CPU (v6.18+, CONFIG_PREEMPT_RT_NEEDS_BH_LOCK=n, the default)",
				"fix: protect the data with local_lock_nested_bh()/local_unlock_nested_bh() on a local_lock_t in the per-CPU struct",
			},
			Doubts: rutil.Doubts(u, s.Snap, s.Entry),
			Key:    rutil.Key("percpu", flow.Config, s.Var, s.Node.Name(), "rt-softirq"),
		}
		rep.Report(f, s.Pos)
	})
}

// spanPreemptible reports whether, between two sections in context c, the
// CPU can run another user of per-CPU data.
func spanPreemptible(flow *ctxflow.Flow, c ctxflow.Ctx) bool {
	switch c {
	case ctxflow.Task:
		return true
	case ctxflow.Softirq:
		return flow.RT && flow.RTSoftirqParallel
	}
	return false
}

// sharedSection reports whether two sites are inside one protection entered
// before both (the same outer section).
func sharedSection(a, b ctxflow.Snap) bool {
	for _, pa := range a.Prot {
		for _, pb := range b.Prot {
			if pa == pb && pa.Kind != "migrate" && pa.Kind != "rcu" {
				return true
			}
		}
	}
	return false
}

type carried struct {
	save    *ctxflow.PerCPUSite
	restore *ctxflow.PerCPUSite
	fields  []string
}

func checkCarried(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow) {
	// Saves: non-clearing writes; restores: reads in a function that also
	// clears the field (consume and clear).
	type fk struct{ v, f string }
	saves := map[fk][]*ctxflow.PerCPUSite{}
	reads := map[fk][]*ctxflow.PerCPUSite{}
	clears := map[fk]map[*callgraph.Node]bool{}
	for _, s := range flow.PerCPU {
		if s.Field == "" {
			continue
		}
		k := fk{s.Var, s.Field}
		switch s.Access {
		case "write":
			if s.Clear {
				if clears[k] == nil {
					clears[k] = map[*callgraph.Node]bool{}
				}
				clears[k][s.Node] = true
			} else {
				saves[k] = append(saves[k], s)
			}
		case "read":
			reads[k] = append(reads[k], s)
		}
	}
	groups := map[string]*carried{}
	var order []string
	saveKeys := make([]fk, 0, len(saves))
	for k := range saves {
		saveKeys = append(saveKeys, k)
	}
	sort.Slice(saveKeys, func(i, j int) bool {
		if saveKeys[i].v != saveKeys[j].v {
			return saveKeys[i].v < saveKeys[j].v
		}
		return saveKeys[i].f < saveKeys[j].f
	})
	earlier := func(a, b *ctxflow.PerCPUSite) bool {
		if rutil.Better(a.Entry, b.Entry) {
			return true
		}
		if rutil.Better(b.Entry, a.Entry) {
			return false
		}
		return a.Pos.Line < b.Pos.Line
	}
	for _, k := range saveKeys {
		ws := saves[k]
		for _, w := range ws {
			if !spanPreemptible(flow, w.Snap.Ctx) {
				continue
			}
			if w.Snap.Ctx == ctxflow.Task && !w.Entry.Evidence() {
				// Unknown callers may keep preemption off across both.
				continue
			}
			if w.Snap.Ctx == ctxflow.Task && lostCount(w.Snap) {
				// The analysis lost count of what the chain to the
				// save disables: it may well span both.
				continue
			}
			for _, r := range reads[k] {
				if r.Node == w.Node || !clears[k][r.Node] || r.Snap.Ctx != w.Snap.Ctx {
					continue
				}
				if sharedSection(w.Snap, r.Snap) {
					continue
				}
				gk := fmt.Sprintf("%s|%s|%s|%s", k.v, w.Node.Name(), r.Node.Name(), w.Snap.Ctx)
				g := groups[gk]
				if g == nil {
					g = &carried{save: w, restore: r}
					groups[gk] = g
					order = append(order, gk)
				}
				if earlier(w, g.save) {
					g.save = w
				}
				if earlier(r, g.restore) {
					g.restore = r
				}
				if !contains(g.fields, k.f) {
					g.fields = append(g.fields, k.f)
				}
			}
		}
	}
	sort.Strings(order)
	for _, gk := range order {
		g := groups[gk]
		sort.Strings(g.fields)
		reportCarried(rep, u, flow, g)
	}
	checkEscapes(rep, u, flow, func(obj, field string, n *callgraph.Node) bool { return clears[fk{obj, field}][n] })
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func preemptWhy(flow *ctxflow.Flow, c ctxflow.Ctx) string {
	if c == ctxflow.Softirq {
		return "on PREEMPT_RT softirq handling is preemptible and another softirq on this CPU (v6.18+, CONFIG_PREEMPT_RT_NEEDS_BH_LOCK=n, the default) can run in between"
	}
	return "in task context the task can be preempted, or migrate, between the two sections"
}

func reportCarried(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow, g *carried) {
	w, r := g.save, g.restore
	fields := w.Var + "." + strings.Join(g.fields, ", ."+"")
	if len(g.fields) > 1 {
		fields = fmt.Sprintf("%s.{%s}", w.Var, strings.Join(g.fields, ","))
	}
	msg := fmt.Sprintf("per-CPU state %s is saved in %s and restored in %s, in separate sections: %s, and its state is overwritten", fields, rutil.Func(w.Node.Name()), rutil.Func(r.Node.Name()), preemptWhy(flow, w.Snap.Ctx))
	if flow.RT {
		msg = "[PREEMPT_RT] " + msg
	}
	ctx := rutil.Context(w.Snap)
	f := report.Finding{
		Rule: "percpu", Function: w.Node.Name(), FunctionLine: w.Node.Fn.Pos.Line, Object: w.Var, Config: flow.Config, Status: report.StatusNew,
		Message: msg,
		Trace: []report.Trace{
			rutil.Trace(u, w.Entry, ctx+", saving", w.Pos),
			rutil.Trace(u, r.Entry, rutil.Context(r.Snap)+", restoring", r.Pos),
		},
		Related: []report.Location{rutil.Loc(u, r.Pos, fmt.Sprintf("restored in %s", rutil.Func(r.Node.Name())))},
		Detail: []string{
			fmt.Sprintf("saved at %s:%d in %s section entered at %s", u.Rel(w.Pos.File), w.Pos.Line, sectionWord(w.Snap), sectionAt(u, w.Snap)),
			fmt.Sprintf("restored at %s:%d in %s section entered at %s", u.Rel(r.Pos.File), r.Pos.Line, sectionWord(r.Snap), sectionAt(u, r.Snap)),
			"fix: keep state that must survive from one section to a later one per task (task_struct) or per object, not per CPU",
		},
		Doubts: append(rutil.Doubts(u, w.Snap, w.Entry), rutil.Doubts(u, r.Snap, r.Entry)...),
		Key:    rutil.Key("percpu", flow.Config, w.Var, w.Node.Name(), "carried", r.Node.Name()),
	}
	if pin := mayPin(flow, w, "carried"); pin != nil && mayPin(flow, r, "carried") != nil {
		// Both sections in tasks that may be bound to the CPU (a CPU
		// hotplug state's startup and teardown in that CPU's hotplug
		// thread): the task does not migrate between them.
		f.Doubts = append(f.Doubts, pin...)
	}
	if w.Snap.Ctx == ctxflow.Softirq && flow.RT {
		f.Detail = append([]string{"PREEMPT_RT model: softirq sections can preempt each other on one CPU (v6.18+, CONFIG_PREEMPT_RT_NEEDS_BH_LOCK=n, the default); with =y this is not reported"}, f.Detail...)
	}
	rep.Report(f, w.Pos)
}

func sectionWord(s ctxflow.Snap) string {
	if n := len(s.Prot); n > 0 {
		p := s.Prot[n-1]
		if p.Kind == "lock" {
			return "a " + p.Class + " (" + rutil.KeyText(p.Key) + ")"
		}
		return "a " + p.Kind + "-disabled"
	}
	return "no protected"
}

func sectionAt(u *cunit.Unit, s ctxflow.Snap) string {
	if n := len(s.Prot); n > 0 {
		p := s.Prot[n-1].Pos
		return fmt.Sprintf("%s:%d", u.Rel(p.File), p.Line)
	}
	return "function entry"
}

// checkEscapes reports per-CPU buffers handed to longer-lived memory where
// the span until their last use can be preempted.
func checkEscapes(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow, restores func(obj, field string, n *callgraph.Node) bool) {
	var b best
	for _, s := range flow.PerCPU {
		if s.Access != "escape" || s.Snap.Ctx != ctxflow.Softirq || !spanPreemptible(flow, s.Snap.Ctx) {
			// A buffer handed on in task context is not modelled well
			// enough (the later use may be pinned): only softirqs on RT.
			continue
		}
		if restores(s.Var, s.Field, s.Node) {
			// Restoring saved state (read, then cleared): reported as
			// state carried between sections.
			continue
		}
		if s.Snap.Ctx == ctxflow.Task && s.Snap.Assumed {
			continue
		}
		b.add(siteKey(s), s)
	}
	b.each(func(s *ctxflow.PerCPUSite) {
		to := "longer-lived memory"
		if s.Accessor != "" {
			to = rutil.Func(s.Accessor) + ", which stores it,"
		}
		msg := fmt.Sprintf("per-CPU %s is handed to %s in %s and used after the section ends: %s, and that user gets the same per-CPU buffer", objName(s), to, rutil.Func(s.Node.Name()), preemptWhy(flow, s.Snap.Ctx))
		if flow.RT {
			msg = "[PREEMPT_RT] " + msg
		}
		f := report.Finding{
			Rule: "percpu", Function: s.Node.Name(), FunctionLine: s.Node.Fn.Pos.Line, Object: s.Var, Config: flow.Config, Status: report.StatusNew,
			Message: msg,
			Trace:   []report.Trace{rutil.Trace(u, s.Entry, rutil.Context(s.Snap), s.Pos)},
			Detail: []string{
				fmt.Sprintf("the per-CPU value is read in %s section entered at %s", sectionWord(s.Snap), sectionAt(u, s.Snap)),
				"fix: give each user its own buffer (per task or from a pool taken under a lock)",
			},
			Key: rutil.Key("percpu", flow.Config, objName(s), s.Node.Name(), "escape"),
		}
		rep.Report(f, s.Pos)
	})
}
