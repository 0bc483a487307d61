// SPDX-License-Identifier: MIT

package lockirq

import (
	"fmt"
	"sort"

	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/report"
	"github.com/kcovlint/kcovlint/rules/internal/rutil"
)

// Lockdep's "possible irq lock inversion dependency": lock S is taken in
// interrupt context (IRQ-safe), lock U is taken elsewhere with that
// interrupt enabled (IRQ-unsafe), and somewhere U is taken while S is
// held. Then
//
//	CPU0                    CPU1
//	lock(U);
//	                        local_irq_disable();
//	                        lock(S);
//	                        lock(U);        spins on CPU0
//	<Interrupt>
//	  lock(S);              spins on CPU1
//
// Neither lock is inconsistent on its own, so checkUsage does not see it.

// usage is what the analysis saw of one lock class in one interrupt kind.
type usage struct {
	safe   *ctxflow.LockSite // taken in that interrupt context
	unsafe *ctxflow.LockSite // taken with that interrupt enabled
}

// checkInversion reports S -> U dependencies with S IRQ-safe and U
// IRQ-unsafe, for hardirqs, then (non-RT) softirqs, once per pair.
func checkInversion(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow, classes map[string][]*ctxflow.LockSite, inconsistent map[string]bool) {
	for _, kind := range []string{"HARDIRQ", "SOFTIRQ"} {
		if kind == "SOFTIRQ" && flow.RT {
			continue
		}
		uses := map[string]*usage{}
		for key, sites := range classes {
			us := &usage{}
			for _, s := range sites {
				if s.Op.Op == "try" || s.Op.Read {
					// Trylocks do not wait; read/read does not conflict.
					continue
				}
				if safeIn(s, kind) && (us.safe == nil || rutil.Surer(u, s.Site, us.safe.Site)) {
					us.safe = s
				}
				if unsafeIn(flow, s, kind) && (us.unsafe == nil || rutil.Surer(u, s.Site, us.unsafe.Site)) {
					us.unsafe = s
				}
			}
			uses[key] = us
		}
		type pair struct{ s, u string }
		deps := map[pair]*ctxflow.LockSite{}
		var order []pair
		for key, sites := range classes {
			for _, site := range sites {
				if site.Op.Op == "try" || site.Op.Read {
					continue
				}
				for _, h := range site.Snap.Held {
					if h.Key == key || h.Read {
						continue
					}
					p := pair{h.Key, key}
					if cur, ok := deps[p]; !ok || rutil.Surer(u, site.Site, cur.Site) {
						if !ok {
							order = append(order, p)
						}
						deps[p] = site
					}
				}
			}
		}
		sort.Slice(order, func(i, j int) bool {
			if order[i].s != order[j].s {
				return order[i].s < order[j].s
			}
			return order[i].u < order[j].u
		})
		for _, p := range order {
			s, un := uses[p.s], uses[p.u]
			if s == nil || un == nil || s.safe == nil || un.unsafe == nil || un.safe != nil {
				// U taken in the interrupt too is checkUsage's finding.
				continue
			}
			if inconsistent[p.s] || inconsistent[p.u] {
				continue
			}
			reportInversion(rep, u, flow, kind, s.safe, deps[p], un.unsafe)
		}
	}
}

func safeIn(s *ctxflow.LockSite, kind string) bool {
	if kind == "HARDIRQ" {
		return s.Snap.Ctx == ctxflow.Hardirq
	}
	return s.Snap.Ctx == ctxflow.Softirq
}

func unsafeIn(flow *ctxflow.Flow, s *ctxflow.LockSite, kind string) bool {
	if kind == "HARDIRQ" {
		return s.Snap.IRQOff == ctxflow.No && s.Snap.Ctx != ctxflow.Hardirq && s.Snap.Ctx != ctxflow.NMI
	}
	return !flow.RT && s.Snap.Ctx == ctxflow.Task && s.Snap.BHOff == ctxflow.No
}

func reportInversion(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow, kind string, safe, dep, unsafe *ctxflow.LockSite) {
	irqWord, enabled := "hardirq", "hardirqs enabled"
	if kind == "SOFTIRQ" {
		irqWord, enabled = "softirq", "softirqs enabled"
	}
	var sName string
	for _, h := range dep.Snap.Held {
		if h.Key == safe.Key {
			sName = h.Name
		}
	}
	if sName == "" {
		sName = safe.Name
	}
	uName := unsafe.Name
	msg := fmt.Sprintf("possible irq lock inversion: %s is %s-safe (taken in %s context in %s), %s is %s-unsafe (taken with %s in %s), and %s takes %s while holding %s",
		sName, kind, irqWord, rutil.Func(safe.Node.Name()), uName, kind, enabled, rutil.Func(unsafe.Node.Name()), rutil.Func(dep.Node.Name()), dep.Name, sName)
	if flow.RT {
		msg = "[PREEMPT_RT] " + msg
	}
	variant := "_irqsave"
	if kind == "SOFTIRQ" {
		variant = "_bh"
	}
	interrupt := "<Interrupt>"
	if kind == "SOFTIRQ" {
		interrupt = "<Interrupt>  (softirq on irq exit)"
	}
	disable := "local_irq_disable();"
	if kind == "SOFTIRQ" {
		disable = "local_bh_disable();"
	}
	f := report.Finding{
		Rule:         "lockirq",
		Severity:     report.SeverityWarning,
		Function:     dep.Node.Name(),
		FunctionLine: dep.Node.Fn.Pos.Line,
		Object:       dep.Name,
		Config:       flow.Config,
		Status:       report.StatusNew,
		Message:      msg,
		Trace: []report.Trace{
			rutil.Trace(u, safe.Entry, rutil.Context(safe.Snap)+", taking "+sName, safe.Pos),
			rutil.Trace(u, dep.Entry, rutil.Context(dep.Snap)+", holding "+sName+", taking "+dep.Name, dep.Pos),
			rutil.Trace(u, unsafe.Entry, rutil.Context(unsafe.Snap)+", taking "+uName, unsafe.Pos),
		},
		Related: []report.Location{
			rutil.Loc(u, safe.Pos, fmt.Sprintf("{IN-%s-W}: %s taken in %s context in %s()", kind, sName, irqWord, safe.Node.Name())),
			rutil.Loc(u, unsafe.Pos, fmt.Sprintf("{%s-ON-W}: %s taken with %s in %s()", kind, uName, enabled, unsafe.Node.Name())),
		},
		Detail: []string{
			fmt.Sprintf("%s-safe lock: %s (%s), %s-unsafe lock: %s (%s)", kind, sName, safe.Key, kind, uName, unsafe.Key),
			fmt.Sprintf("dependency: %s -> %s at %s:%d", sName, dep.Name, u.Rel(dep.Pos.File), dep.Pos.Line),
			fmt.Sprintf("fix: make %s %s-safe: take it with the %s variants wherever %s are enabled (%s() at %s:%d), or do not take it under %s", uName, kind, variant, irqWord+"s", unsafe.Op.Name, u.Rel(unsafe.Pos.File), unsafe.Pos.Line, sName),
		},
		Doubts: append(append(rutil.Doubts(u, safe.Snap, safe.Entry), rutil.Doubts(u, dep.Snap, dep.Entry)...), rutil.Doubts(u, unsafe.Snap, unsafe.Entry)...),
		Scenario: []string{
			"Possible interrupt unsafe locking scenario:",
			"",
			"      CPU0                    CPU1",
			"      ----                    ----",
			fmt.Sprintf(" lock(%s);", uName),
			fmt.Sprintf("                              %s", disable),
			fmt.Sprintf("                              lock(%s);", sName),
			fmt.Sprintf("                              lock(%s);", uName),
			" " + interrupt,
			fmt.Sprintf("   lock(%s);", sName),
			"",
			" *** DEADLOCK ***",
		},
		Key: rutil.Key("lockirq", flow.Config, dep.Key, dep.Node.Name(), "inversion", safe.Key),
	}
	// Reported where the dependency is made, or failing that (a file not
	// linted) where the unsafe lock is taken.
	rep.Report(f, dep.Pos)
	rep.Report(f, unsafe.Pos)
}
