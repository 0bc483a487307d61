// SPDX-License-Identifier: MIT

package sleepatomic

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

// Analyzer reports sleeping calls in atomic context.
var Analyzer = &analysis.Analyzer{
	Name:       "sleepatomic",
	Doc:        rutil.AnalyzerDoc(doc, "sleepatomic"),
	URL:        "https://github.com/kcovlint/kcovlint/blob/main/rules/sleepatomic/doc.go",
	Requires:   []*analysis.Analyzer{cunit.Analyzer, ctxflow.Analyzer},
	Run:        rutil.Run(check),
	ResultType: reflect.TypeOf([]report.Finding(nil)),
}

type reason struct {
	rank int
	text string
	kind string
}

// atomicReason says why sleeping is not allowed at a site, or "".
func atomicReason(t *kapi.Table, s *ctxflow.SleepSite, rt bool, rtLockOnly bool) reason {
	sn := s.Snap
	switch sn.Ctx {
	case ctxflow.Hardirq:
		return reason{1, "in hardirq context", "hardirq"}
	case ctxflow.NMI:
		return reason{1, "in NMI context", "nmi"}
	}
	if sn.Ctx == ctxflow.Softirq && !rtLockOnly {
		return reason{2, "in softirq context", "softirq"}
	}
	if sn.IRQOff == ctxflow.Yes && !s.IRQsOffOK {
		return reason{3, "with IRQs disabled", "irqs-off"}
	}
	for _, h := range sn.Held {
		c := t.Classes[h.Class]
		switch {
		case c == nil:
		case c.Spins(kapi.RT):
			// Spins on PREEMPT_RT too: raw_spinlock_t, bit spinlocks.
			return reason{4, fmt.Sprintf("under raw spinlock %s", h.Name), "raw-lock"}
		case c.Spins(kapi.NonRT):
			// spinlock_t, rwlock_t: a sleeping lock on PREEMPT_RT.
			if !rt {
				return reason{4, fmt.Sprintf("under spinlock %s", h.Name), "spinlock"}
			}
			if !rtLockOnly {
				return reason{4, fmt.Sprintf("under %s (on PREEMPT_RT a spinlock_t holds the RCU read lock: only another spinlock's blocking is allowed)", h.Name), "spinlock"}
			}
		}
	}
	if sn.Preempt.Positive() {
		return reason{5, "with preemption disabled", "preempt-off"}
	}
	if rtLockOnly {
		return reason{}
	}
	if sn.BH.Positive() && sn.Ctx == ctxflow.Task {
		return reason{6, "with BH disabled", "bh-off"}
	}
	if sn.RCU.Positive() {
		return reason{7, "inside an RCU read-side section", "rcu"}
	}
	return reason{}
}

type group struct {
	best   *ctxflow.SleepSite
	reason reason
}

func check(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow) {
	groups := map[string]*group{}
	var keys []string
	lift := newLifter(u, flow)
	for _, s := range flow.Sleeps {
		s = lift.site(s)
		rtLock := flow.RT && s.Kind == ctxflow.SleepRTLock
		r := atomicReason(flow.Table, s, flow.RT, rtLock)
		if r.rank == 0 {
			continue
		}
		if s.Snap.LastRef || lastRefPath(flow, s) {
			// Reached only when a reference count drops to zero: the
			// analysis cannot tell whether that happens in this context.
			continue
		}
		if s.Uaccess && s.Snap.Oops {
			// A user-memory access on an oops path (after
			// bust_spinlocks(1)): the fault handler fixes it up in
			// atomic context instead of sleeping, and with
			// oops_in_progress set __might_resched() is silent.
			continue
		}
		if s.UnlessInterrupt && (s.Snap.Ctx != ctxflow.Task || s.Snap.BH.Positive()) {
			// vfree() defers the work when in_interrupt().
			continue
		}
		if rtLock && s.Entry != nil && s.Entry.Emergency {
			// A spinlock_t taken while the kernel panics (the panic
			// notifier chain, IRQs off): PREEMPT_RT's panic path takes
			// them by design, with the sleep checks off
			// (oops_in_progress); a real sleep there is still reported.
			continue
		}
		k := fmt.Sprintf("%s:%d:%d|%s", s.Pos.File, s.Pos.Line, s.Pos.Col, r.kind)
		g := groups[k]
		if g == nil {
			g = &group{best: s, reason: r}
			groups[k] = g
			keys = append(keys, k)
			continue
		}
		if rutil.Surer(u, s.Site, g.best.Site) {
			g.best = s
		}
	}
	sort.Strings(keys)
	// One finding per call site: the strongest reason.
	bySite := map[string]*group{}
	var sites []string
	for _, k := range keys {
		g := groups[k]
		site := k[:strings.LastIndexByte(k, '|')]
		cur := bySite[site]
		if cur == nil {
			bySite[site] = g
			sites = append(sites, site)
			continue
		}
		if g.reason.rank < cur.reason.rank || (g.reason.rank == cur.reason.rank && rutil.Surer(u, g.best.Site, cur.best.Site)) {
			bySite[site] = g
		}
	}
	for _, site := range sites {
		g := bySite[site]
		s := g.best
		cfgLabel := rutil.ConfigLabel(u, flow.Config)
		what := s.Name + "()"
		if s.Why != s.Name && s.Why != "" {
			what = fmt.Sprintf("%s() (%s)", s.Name, s.Why)
		}
		if len(s.Via) > 0 {
			what += " via " + rutil.Func(strings.Join(s.Via, "() -> "))
		}
		why := g.reason.text
		if g.reason.rank <= 2 {
			why += rutil.DeclaredText(s.Entry)
		}
		msg := fmt.Sprintf("%s may sleep %s in %s", what, why, rutil.Func(s.Node.Name()))
		if flow.RT {
			msg = "[PREEMPT_RT] " + msg
		}
		detail := []string{
			fmt.Sprintf("state: %s", stateText(s.Snap)),
		}
		if o := lift.orig[s]; o != nil {
			where := ""
			if o.Node.Header {
				where = ", inline in a header"
			}
			detail = append(detail, fmt.Sprintf("the call: %s() at %s:%d:%d in %s%s", s.Name, u.Rel(o.Pos.File), o.Pos.Line, o.Pos.Col, rutil.Func(o.Node.Name()), where))
		}
		if s.BugInInterrupt && (s.Snap.Ctx != ctxflow.Task || s.Snap.BH.Positive()) {
			detail = append(detail, fmt.Sprintf("%s() also BUG()s when in_interrupt() (softirq context or BH disabled)", s.Name))
		}
		if s.Entry != nil && s.Entry.Assumed {
			detail = append(detail, fmt.Sprintf("context of %s is assumed: %s", rutil.Func(s.Entry.Chain[0].Func), s.Entry.Root))
		}
		if o := lift.orig[s]; o != nil && !o.Node.Header && len(s.Via) > 0 {
			// The sleep is another file's, whose other callers may
			// sleep there: this call is what to move.
			detail = append(detail, fmt.Sprintf("fix: call %s() outside the atomic section, or defer it to a workqueue", s.Via[0]))
		} else {
			detail = append(detail, "fix: "+fixAdvice(flow.Table, s, g.reason))
		}
		f := report.Finding{
			Rule:         "sleepatomic",
			Severity:     report.SeverityWarning,
			Function:     s.Node.Name(),
			FunctionLine: s.Node.Fn.Pos.Line,
			Object:       s.Name,
			Config:       flow.Config,
			Status:       report.StatusNew,
			Message:      msg,
			Trace:        []report.Trace{rutil.Trace(u, s.Entry, rutil.Context(s.Snap), s.Pos)},
			Detail:       detail,
			Doubts:       append(rutil.Doubts(u, s.Snap, s.Entry), modeDoubt(u, flow.Table, lift.origOf(s))...),
			Key:          rutil.Key("sleepatomic", flow.Config, s.Name, s.Node.Name(), g.reason.kind),
			RawNesting:   flow.RT && s.Kind == ctxflow.SleepRTLock && rawNesting(flow.Table, s.Snap),
		}
		_ = cfgLabel
		rep.Report(f, s.Pos)
	}
}

// rawNesting reports whether a lock taken in state s nests inside what
// lockdep's wait-context check sees as spinning: hard interrupt context
// (a handler PREEMPT_RT does not thread) or a held raw spinlock.
func rawNesting(t *kapi.Table, s ctxflow.Snap) bool {
	if s.Ctx == ctxflow.Hardirq || s.Ctx == ctxflow.NMI {
		return true
	}
	for _, h := range s.Held {
		if c := t.Classes[h.Class]; c != nil && c.Spins(kapi.RT) {
			return true
		}
	}
	return false
}

func stateText(s ctxflow.Snap) string {
	parts := []string{s.Ctx.String()}
	if s.IRQOff == ctxflow.Yes {
		parts = append(parts, "IRQs off")
	}
	if s.BH.Positive() {
		parts = append(parts, "BH off")
	}
	if s.Preempt.Positive() {
		parts = append(parts, "preemption off")
	}
	if s.RCU.Positive() {
		parts = append(parts, "RCU read lock held")
	}
	for _, h := range s.Held {
		parts = append(parts, "holding "+h.Name)
	}
	return strings.Join(parts, ", ")
}

func fixAdvice(t *kapi.Table, s *ctxflow.SleepSite, r reason) string {
	switch {
	case s.Kind == ctxflow.SleepGFP:
		return "allocate with GFP_ATOMIC or GFP_NOWAIT here, or allocate before the atomic section"
	case t.Sleeps[s.Name] != nil && t.Sleeps[s.Name].VMap:
		return "vmalloc() cannot be used in atomic context: preallocate, or allocate from a workqueue"
	case s.Kind == ctxflow.SleepRTLock:
		return "on PREEMPT_RT this lock sleeps: use a raw_spinlock_t, or take it outside the atomic section"
	case s.Kind == ctxflow.SleepLock:
		return "take the sleeping lock outside the atomic section, or use a spinning lock"
	}
	return "move the call out of the atomic section (or defer it to a workqueue)"
}

// lastRefPath reports whether the path to a site went through the true
// branch of a last-reference test.
func lastRefPath(flow *ctxflow.Flow, s *ctxflow.SleepSite) bool {
	for _, d := range s.Snap.Decisions {
		if d.Outcome && flow.Table.LastRef[d.Pred] {
			return true
		}
	}
	return false
}

// A sleeping call inside a header's inline function (an allocation
// wrapper whose flags are its parameter, nci_skb_alloc(ndev, len,
// GFP_KERNEL)) is the caller's doing: the caller chose the flags, and the
// header is not the file being linted. So is one in another file's
// function the linted code calls (a subsystem's exported helper that
// allocates, called from the driver's timer): the linted code chose the
// context. lifter reports such a site at the call in the linted file the
// witness went through last, naming the functions below it.
type lifter struct {
	u      *cunit.Unit
	flow   *ctxflow.Flow
	byPos  map[cparse.Pos]*callgraph.Node
	lifted map[*ctxflow.SleepSite]*ctxflow.SleepSite
	// orig maps a lifted site back to the header's.
	orig map[*ctxflow.SleepSite]*ctxflow.SleepSite
}

func newLifter(u *cunit.Unit, flow *ctxflow.Flow) *lifter {
	return &lifter{u: u, flow: flow}
}

// site returns s, or s reported at the last call of its witness chain in
// a linted file when every function after that call is a header's.
func (l *lifter) site(s *ctxflow.SleepSite) *ctxflow.SleepSite {
	if l.u.Targets[s.Pos.File] || s.Entry == nil {
		return s
	}
	if t, ok := l.lifted[s]; ok {
		return t
	}
	chain := s.Entry.Chain
	var out *ctxflow.SleepSite
	for i := len(chain) - 2; i >= 0; i-- {
		if h := l.node(chain[i+1].Pos); h == nil || l.u.Targets[h.Fn.Pos.File] {
			break
		}
		if !l.u.Targets[chain[i].Call.File] {
			continue
		}
		n := l.node(chain[i].Pos)
		if n == nil {
			break
		}
		t := *s
		e := *s.Entry
		e.Chain = chain[:i+1]
		t.Entry, t.Node, t.Pos, t.Call = &e, n, chain[i].Call, nil
		for _, k := range chain[i+1:] {
			t.Via = append(t.Via, k.Func)
		}
		out = &t
		if l.orig == nil {
			l.orig = map[*ctxflow.SleepSite]*ctxflow.SleepSite{}
		}
		l.orig[out] = s
		break
	}
	if out == nil {
		out = s
	}
	if l.lifted == nil {
		l.lifted = map[*ctxflow.SleepSite]*ctxflow.SleepSite{}
	}
	l.lifted[s] = out
	return out
}

// origOf returns the site s was lifted from, or s.
func (l *lifter) origOf(s *ctxflow.SleepSite) *ctxflow.SleepSite {
	if o := l.orig[s]; o != nil {
		return o
	}
	return s
}

// modeDoubt says why a sleeping lock may not be taken where the witness
// says: it is one arm of a run-time choice between a sleeping lock and a
// spinning one (snd_pcm_action_group(): the group mutex when
// s->pcm->nonatomic, else the group spinlock), and an atomic caller gets
// the spinning arm unless the object's mode says otherwise, which the
// analysis does not follow. The finding is kept, with this doubt.
func modeDoubt(u *cunit.Unit, t *kapi.Table, s *ctxflow.SleepSite) []string {
	if s.Kind != ctxflow.SleepLock || s.Node == nil || s.Node.Fn == nil || s.Node.Fn.Body == nil {
		return nil
	}
	if at, ok := modeSwitch(t, s.Node.Fn.Body, s.Pos); ok {
		return []string{fmt.Sprintf("%s() is the sleeping arm of a choice between a sleeping and a spinning lock (%s:%d): in atomic context the object's mode normally picks the spinning one", s.Name, u.Rel(at.File), at.Line)}
	}
	return nil
}

// modeSwitch finds the if statement of body one arm of which holds the
// call at p while the other takes a spinning lock.
func modeSwitch(t *kapi.Table, body cparse.Stmt, p cparse.Pos) (cparse.Pos, bool) {
	var found cparse.Pos
	ok := false
	var walk func(st cparse.Stmt)
	walk = func(st cparse.Stmt) {
		if ok || st == nil || !hasCall(st, p) {
			return
		}
		switch x := st.(type) {
		case *cparse.Block:
			for _, y := range x.Stmts {
				walk(y)
			}
		case *cparse.IfStmt:
			if hasCall(x.Then, p) && spins(t, x.Else) || hasCall(x.Else, p) && spins(t, x.Then) {
				found, ok = x.P, true
				return
			}
			walk(x.Then)
			walk(x.Else)
		case *cparse.SwitchStmt:
			walk(x.Body)
		case *cparse.CaseStmt:
			walk(x.Body)
		case *cparse.LabelStmt:
			walk(x.Body)
		case *cparse.WhileStmt:
			walk(x.Body)
		case *cparse.DoStmt:
			walk(x.Body)
		case *cparse.ForStmt:
			walk(x.Body)
		}
	}
	walk(body)
	return found, ok
}

// hasCall reports whether st holds the call at p.
func hasCall(st cparse.Stmt, p cparse.Pos) bool {
	if st == nil {
		return false
	}
	in := false
	cparse.WalkStmt(st, func(e cparse.Expr) {
		if c, ok := e.(*cparse.Call); ok && c.P == p {
			in = true
		}
	})
	return in
}

// spins reports whether st takes a lock of a class that spins (on
// non-RT kernels: the choice is the code's, whatever RT makes of it).
func spins(t *kapi.Table, st cparse.Stmt) bool {
	if st == nil {
		return false
	}
	yes := false
	cparse.WalkStmt(st, func(e cparse.Expr) {
		if c, ok := e.(*cparse.Call); ok {
			if op := t.Locks[c.Name]; op != nil && (op.Op == "acquire" || op.Op == "try") && !op.Class.Sleeping && op.Class.Spins(kapi.NonRT) {
				yes = true
			}
		}
	})
	return yes
}

// node finds the function defined at p.
func (l *lifter) node(p cparse.Pos) *callgraph.Node {
	if l.byPos == nil {
		l.byPos = map[cparse.Pos]*callgraph.Node{}
		for _, n := range l.flow.Graph.Nodes {
			if n.Fn != nil {
				l.byPos[n.Fn.Pos] = n
			}
		}
	}
	return l.byPos[p]
}
