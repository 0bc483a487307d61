// SPDX-License-Identifier: MIT

package lockirq

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
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
	"github.com/kcovlint/kcovlint/report"
	"github.com/kcovlint/kcovlint/rules/internal/rutil"
)

//go:embed doc.go
var doc string

// Analyzer reports IRQ-unsafe lock usage.
var Analyzer = &analysis.Analyzer{
	Name:       "lockirq",
	Doc:        rutil.AnalyzerDoc(doc, "lockirq"),
	URL:        "https://github.com/kcovlint/kcovlint/blob/main/rules/lockirq/doc.go",
	Requires:   []*analysis.Analyzer{cunit.Analyzer, ctxflow.Analyzer},
	Run:        rutil.Run(check),
	ResultType: reflect.TypeOf([]report.Finding(nil)),
}

// classSites groups the acquisitions of each lock class that can deadlock
// against interrupts in this configuration.
func classSites(flow *ctxflow.Flow) map[string][]*ctxflow.LockSite {
	out := map[string][]*ctxflow.LockSite{}
	for _, l := range flow.Locks {
		if l.Op.Op != "acquire" && l.Op.Op != "try" {
			continue
		}
		c := l.Op.Class
		if c.Sleeping || !c.Spins(flow.Model()) || c.PerCPU {
			continue
		}
		if l.Snap.LastRef || lastRefPath(flow, l.Snap) {
			// Taken only when a reference count drops to zero.
			continue
		}
		if !l.Entry.Evidence() {
			// Reached only under the default assumption about unknown
			// callers (an exported function taken to run in task context
			// with interrupts on): not evidence of a usage.
			continue
		}
		out[l.Key] = append(out[l.Key], l)
	}
	// A lock reached through structs embedded in one another is also
	// taken by the code that names it by the embedded struct's pointer
	// (ObjectAliases): those acquisitions join its class. Only that way
	// round, and one step: the code with the pointer may hold any
	// instance of the embedded struct, so its class does not take the
	// outer struct's acquisitions, nor do two outer structs embedding
	// one type join each other.
	joined := map[string][]*ctxflow.LockSite{}
	for key, sites := range out {
		seen := map[string]bool{}
		for _, l := range sites {
			for _, a := range l.Aliases {
				if seen[a] || out[a] == nil {
					continue
				}
				seen[a] = true
				joined[key] = append(joined[key], out[a]...)
			}
		}
	}
	for key, more := range joined {
		out[key] = append(out[key], more...)
	}
	return out
}

func check(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow) {
	src := rep.Source()
	classes := classSites(flow)
	inconsistent := map[string]bool{}
	defer func() { checkInversion(rep, u, flow, classes, inconsistent) }()
	keys := make([]string, 0, len(classes))
	for k := range classes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		sites := classes[key]
		var inHard, hardOn, inSoft, softOn []*ctxflow.LockSite
		for _, s := range sites {
			// A trylock cannot deadlock on its own class.
			trylock := s.Op.Op == "try"
			switch s.Snap.Ctx {
			case ctxflow.Hardirq:
				if !trylock {
					inHard = append(inHard, s)
				}
			case ctxflow.Softirq:
				if !trylock && !flow.RT {
					inSoft = append(inSoft, s)
				}
			}
			if s.Snap.IRQOff == ctxflow.No && s.Snap.Ctx != ctxflow.Hardirq && s.Snap.Ctx != ctxflow.NMI {
				hardOn = append(hardOn, s)
			}
			if !flow.RT && s.Snap.Ctx == ctxflow.Task && s.Snap.BHOff == ctxflow.No {
				softOn = append(softOn, s)
			}
		}
		// A hardirq inconsistency is the stronger report; the softirq one
		// is checked when there is none (read/read pairs are none).
		n := reportPair(rep, src, u, flow, "HARDIRQ", hardOn, inHard, true)
		if n == 0 {
			n = reportPair(rep, src, u, flow, "SOFTIRQ", softOn, inSoft, len(inHard) > 0)
		}
		if n > 0 {
			inconsistent[key] = true
		}
	}
}

// conflicts says whether two acquisitions of one lock class can deadlock
// against each other through an interrupt: lockdep tracks read
// acquisitions apart (the -R states), and a reader in interrupt context
// never waits for a reader it interrupted (qrwlock lets interrupt-context
// readers past a waiting writer), so only a writer on either side counts;
// and the locks of two named objects (rx_pair.lock, tx_pair.lock) are two
// locks, which never wait for each other.
func conflicts(a, b *ctxflow.LockSite) bool {
	if a.Object != "" && b.Object != "" && a.Object != b.Object {
		return false
	}
	return !(a.Op.Read && b.Op.Read)
}

// usageName is lockdep's name of a usage state: SOFTIRQ-ON-W, IN-HARDIRQ-R.
func usageName(prefix, kind string, s *ctxflow.LockSite) string {
	rw := "W"
	if s.Op.Read {
		rw = "R"
	}
	if prefix == "IN" {
		return "IN-" + kind + "-" + rw
	}
	return kind + "-ON-" + rw
}

// reportPair reports, for each function with an unsafe acquisition, the
// inconsistency against the best witness of the interrupt-context usage,
// and returns the number of findings. hardirqTakes says whether a hardirq
// takes the lock (also when the report is of a softirq inconsistency).
func reportPair(rep *rutil.Reporter, src *rutil.Source, unit *cunit.Unit, flow *ctxflow.Flow, kind string, unsafe, inIRQ []*ctxflow.LockSite, hardirqTakes bool) int {
	u := unit
	// The witness of the interrupt-context usage for an unsafe site: one
	// that conflicts with it, in the same function when there is one,
	// else the best chain.
	witness := func(u *ctxflow.LockSite) *ctxflow.LockSite {
		var best *ctxflow.LockSite
		for _, s := range inIRQ {
			switch {
			case !conflicts(u, s):
			case best == nil:
				best = s
			case (s.Node == u.Node) != (best.Node == u.Node):
				if s.Node == u.Node {
					best = s
				}
			case rutil.Surer(unit, s.Site, best.Site):
				best = s
			}
		}
		return best
	}
	// One finding per function with unsafe acquisitions that conflict
	// with an interrupt-context one.
	byFunc := map[*callgraph.Node][]*ctxflow.LockSite{}
	var order []*callgraph.Node
	for _, s := range unsafe {
		if witness(s) == nil {
			continue
		}
		if _, ok := byFunc[s.Node]; !ok {
			order = append(order, s.Node)
		}
		byFunc[s.Node] = append(byFunc[s.Node], s)
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].Fn.Pos.Line < order[j].Fn.Pos.Line })
	for _, n := range order {
		list := byFunc[n]
		best := list[0]
		for _, s := range list[1:] {
			if rutil.Surer(u, s.Site, best.Site) || (s.Entry == best.Entry && s.Pos.Line < best.Pos.Line) {
				best = s
			}
		}
		irqSite := witness(best)
		// The fix must be safe by construction: _irq and _bh (whose
		// unlock enables IRQs, or warns with IRQs off) only where IRQs are
		// on at every way into the function and at every site of the
		// lock in it; _bh only where no hardirq takes the lock.
		irqKnownOn := flow.IRQsOnAtEntry(n)
		for _, s := range flow.Locks {
			if s.Node == n && s.Key == best.Key && (s.Snap.Assumed || s.Snap.IRQOff != ctxflow.No) {
				irqKnownOn = false
			}
		}
		onName, inName := usageName("ON", kind, best), usageName("IN", kind, irqSite)
		irqWord := "softirq"
		enabled := "softirqs enabled"
		if kind == "HARDIRQ" {
			irqWord, enabled = "hardirq", "hardirqs enabled"
		}
		// For reader-writer locks say which side reads and which writes.
		onHow, inHow := "", ""
		if best.Op.Read || irqSite.Op.Read {
			onHow, inHow = " for writing", " for reading"
			if best.Op.Read {
				onHow, inHow = " for reading", ""
			}
		}
		variant := "_irqsave"
		switch {
		case !hardirqTakes && irqKnownOn:
			variant = "_bh"
		case hardirqTakes && irqKnownOn:
			variant = "_irq"
		}
		// Each site is named as its code names the lock: the other one's
		// expression may use names (and an instance) the site does not.
		lock, irqLock := best.Name, irqSite.Name
		as := ""
		if irqLock != lock {
			as = " (as " + irqLock + ")"
		}
		cfgLabel := rutil.ConfigLabel(u, flow.Config)
		_ = cfgLabel
		msg := fmt.Sprintf("inconsistent {%s} -> {%s} usage: %s is taken%s with %s in %s and%s in %s context%s in %s%s; use %s",
			onName, inName, lock, onHow, enabled, rutil.Func(n.Name()), inHow, irqWord, rutil.DeclaredText(irqSite.Entry), rutil.Func(irqSite.Node.Name()), as, variantCall(flow.Table, best.Op, variant))
		if cfgLabel == "PREEMPT_RT" {
			msg = "[PREEMPT_RT] " + msg
		}
		unsafeCtx := rutil.Context(best.Snap)
		detail := []string{
			fmt.Sprintf("lock class: %s (%s)", lock, rutil.KeyText(best.Key)),
			fmt.Sprintf("{%s} state: %s() at %s:%d, %s", onName, best.Op.Name, u.Rel(best.Pos.File), best.Pos.Line, unsafeCtx),
			fmt.Sprintf("{%s} state: %s() at %s:%d, %s", inName, irqSite.Op.Name, u.Rel(irqSite.Pos.File), irqSite.Pos.Line, rutil.Context(irqSite.Snap)),
		}
		if best.Entry != nil && best.Entry.Assumed {
			detail = append(detail, fmt.Sprintf("%s context of %s is assumed: %s", unsafeCtx, rutil.Func(best.Entry.Chain[0].Func), best.Entry.Root))
		}
		if irqSite.Entry != nil && irqSite.Entry.Assumed {
			detail = append(detail, fmt.Sprintf("%s context of %s is assumed: %s", irqWord, rutil.Func(irqSite.Entry.Chain[0].Func), irqSite.Entry.Root))
		}
		why := "the IRQ state there is not known"
		switch {
		case variant == "_bh":
			why = "only softirqs take the lock and IRQs are on at every way into it"
		case variant == "_irq":
			why = "a hardirq takes the lock and IRQs are on at every way into it"
		case hardirqTakes:
			why = "a hardirq takes the lock and IRQs are not known to be on at every way into it (_irq would enable them under a caller's IRQ-disabled section)"
		default:
			why = "IRQs are not known to be on at every way into it (callers outside the analysed code, or IRQs possibly off: _bh would warn there)"
		}
		detail = append(detail, fmt.Sprintf("fix: use %s in %s: %s", variantCall(flow.Table, best.Op, variant), rutil.Func(n.Name()), why))
		interrupt := "<Interrupt>"
		if kind == "SOFTIRQ" {
			interrupt = "<Interrupt>  (softirq on irq exit)"
		}
		scenario := []string{
			"Possible unsafe locking scenario:",
			"",
			"      CPU0",
			"      ----",
			fmt.Sprintf(" lock(%s);", lock),
			" " + interrupt,
			fmt.Sprintf("   lock(%s);", irqLock),
			"",
			" *** DEADLOCK ***",
		}
		f := report.Finding{
			Rule:         "lockirq",
			Severity:     report.SeverityWarning,
			Function:     n.Name(),
			FunctionLine: n.Fn.Pos.Line,
			Object:       lock,
			Config:       flow.Config,
			Status:       report.StatusNew,
			Message:      msg,
			Trace: []report.Trace{
				rutil.Trace(u, best.Entry, unsafeCtx, best.Pos),
				rutil.Trace(u, irqSite.Entry, rutil.Context(irqSite.Snap), irqSite.Pos),
			},
			Related:  []report.Location{rutil.Loc(u, irqSite.Pos, fmt.Sprintf("{%s}: %s taken in %s context in %s", inName, irqLock, irqWord, rutil.Func(irqSite.Node.Name())))},
			Detail:   detail,
			Doubts:   append(rutil.Doubts(u, best.Snap, best.Entry), rutil.Doubts(u, irqSite.Snap, irqSite.Entry)...),
			Scenario: scenario,
			Key:      rutil.Key("lockirq", flow.Config, best.Key, n.Name()),
		}
		f.Fix = fix(src, u, flow, n, best.Key, best.Object, variant, lock)
		rep.Report(f, best.Pos)
	}
	return len(order)
}

// variantEffects are the IRQ and BH effects of a fix's variant
// ("_irqsave", "_irq", "_bh") on an acquisition or a release.
func variantEffects(variant, op string) (irq, bh string) {
	release := op == "release"
	switch variant {
	case "_irqsave":
		if release {
			return "restore", ""
		}
		return "save", ""
	case "_irq":
		if release {
			return "on", ""
		}
		return "off", ""
	case "_bh":
		if release {
			return "", "on"
		}
		return "", "off"
	}
	return "", ""
}

// variantCall names, for advice, the call that takes the lock the way a
// fix's variant does: the table's variant of the site's base call
// (spin_lock_irqsave() for spin_lock() or spin_lock_bh(),
// spin_lock_irqsave_nested() for spin_lock_nested()). A call without an
// _irq variant is advised its _irqsave one, which is right wherever _irq
// is (spin_lock_nested() has no spin_lock_irq_nested()); where the table
// has neither, the variant is said in words.
func variantCall(t *kapi.Table, op *kapi.LockOp, variant string) string {
	for _, v := range []string{variant, "_irqsave"} {
		if v == "_irqsave" && variant == "_bh" {
			break
		}
		irq, bh := variantEffects(v, "acquire")
		if name := t.LockVariant(op.Base(), irq, bh); name != "" {
			return name + "()"
		}
	}
	return "the " + variant + " form of " + op.Base() + "()"
}

// fix converts every plain acquisition and release of the lock in the
// function (of the named object, when the lock is one's) to the variant,
// declaring flags for _irqsave.
func fix(src *rutil.Source, u *cunit.Unit, flow *ctxflow.Flow, n *callgraph.Node, key, object, variant, lock string) *report.Fix {
	flagsName := ""
	if variant == "_irqsave" {
		flagsName = "flags"
		if t, ok := n.Fn.Locals["flags"]; ok && !strings.Contains(t, "long") {
			flagsName = "irqflags"
		}
	}
	seen := map[cparse.Pos]bool{}
	var edits []report.Edit
	var calls []*ctxflow.LockSite
	acquires, releases := 0, 0
	for _, s := range flow.Locks {
		if s.Node != n || s.Key != key || seen[s.Pos] || s.Guard {
			continue
		}
		if s.Object != "" && object != "" && s.Object != object {
			// Another object's lock of the same class.
			continue
		}
		if s.Op.Op == "try" && s.Op.IRQ == "" {
			// A plain trylock released with _irqrestore: no fix to give.
			return nil
		}
		if s.Op.IRQ != "" || (s.Op.BH != "" && variant == "_bh") || (s.Op.Op != "acquire" && s.Op.Op != "release") {
			continue
		}
		seen[s.Pos] = true
		calls = append(calls, s)
		if s.Op.Op == "acquire" {
			acquires++
		} else {
			releases++
		}
	}
	if acquires == 0 || releases == 0 {
		// Taken here and released elsewhere (or the reverse): converting
		// one side would leave IRQs or BH off, or restore flags never saved.
		return nil
	}
	sort.Slice(calls, func(i, j int) bool { return calls[i].Pos.Line < calls[j].Pos.Line })
	for _, s := range calls {
		irq, bh := variantEffects(variant, s.Op.Op)
		name := flow.Table.LockVariant(s.Op.Base(), irq, bh)
		if name == "" {
			return nil
		}
		e := src.RewriteCall(s.Call, name, flagsName)
		if e == nil {
			return nil
		}
		edits = append(edits, e...)
	}
	if len(edits) == 0 {
		return nil
	}
	if flagsName != "" {
		if _, ok := n.Fn.Locals[flagsName]; !ok {
			edits = append(src.DeclareLocal(n.Fn, "unsigned long "+flagsName+";"), edits...)
		}
	}
	return &report.Fix{
		Description: fmt.Sprintf("take %s with the %s variants in %s", lock, variant, rutil.Func(n.Name())),
		Edits:       edits,
	}
}

// lastRefPath reports whether the path to a site went through the true
// branch of a last-reference test.
func lastRefPath(flow *ctxflow.Flow, s ctxflow.Snap) bool {
	for _, d := range s.Decisions {
		if d.Outcome && flow.Table.LastRef[d.Pred] {
			return true
		}
	}
	return false
}
