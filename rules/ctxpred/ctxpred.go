// SPDX-License-Identifier: MIT

package ctxpred

import (
	"bytes"
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

// Analyzer reports misused context predicates.
var Analyzer = &analysis.Analyzer{
	Name:       "ctxpred",
	Doc:        rutil.AnalyzerDoc(doc, "ctxpred"),
	URL:        "https://github.com/kcovlint/kcovlint/blob/main/rules/ctxpred/doc.go",
	Requires:   []*analysis.Analyzer{cunit.Analyzer, ctxflow.Analyzer},
	Run:        rutil.Run(check),
	ResultType: reflect.TypeOf([]report.Finding(nil)),
}

type issue struct {
	pos   cparse.Pos
	kind  string
	pred  string
	site  *ctxflow.PredSite
	sleep *ctxflow.SleepSite
	// decider is the function that tests the predicate, where it is not
	// the sleep's (a caller up the witness chain).
	decider *callgraph.Node
	msg     string
	fix     string
	// lies: the sleep's witness reaches the predicate in a state where
	// it answers wrong (decides-sleep issues).
	lies bool
}

func check(rep *rutil.Reporter, u *cunit.Unit, flow *ctxflow.Flow) {
	issues := map[string]*issue{}
	var keys []string
	add := func(is *issue) {
		k := fmt.Sprintf("%s:%d:%d|%s", is.pos.File, is.pos.Line, is.pos.Col, is.kind)
		cur, ok := issues[k]
		if !ok {
			issues[k] = is
			keys = append(keys, k)
			return
		}
		if is.site != nil && cur.site != nil {
			// The witness of a predicate that answers wrong in a hardirq
			// is the way in from the hardirq.
			hard := func(i *issue) bool {
				return (i.kind == "serving-softirq" || i.kind == "not-serving-softirq") && i.site.Snap.Ctx == ctxflow.Hardirq
			}
			if hard(is) != hard(cur) {
				if hard(is) {
					issues[k] = is
				}
			} else if rutil.Surer(u, is.site.Site, cur.site.Site) {
				issues[k] = is
			}
		}
		if is.sleep != nil && cur.sleep != nil && (is.lies && !cur.lies || is.lies == cur.lies && rutil.Surer(u, is.sleep.Site, cur.sleep.Site)) {
			issues[k] = is
		}
	}
	coreDirs := strings.Split(flow.Table.Configs["core-dirs"]["value"], ",")
	inCore := func(rel string) bool {
		for _, d := range coreDirs {
			if d != "" && strings.HasPrefix(rel, d) {
				return true
			}
		}
		return false
	}
	src := guardText{rutil.NewSource(u)}
	// An assertion (WARN_ON_ONCE(preemptible())) decides no way of
	// running: only a complaint.
	complaints := map[*callgraph.Node]map[*cparse.Call]bool{}
	complaint := func(p *ctxflow.PredSite) bool {
		m, ok := complaints[p.Node]
		if !ok {
			m = ctxflow.ComplaintTests(flow.Table, p.Node.Fn.Body)
			complaints[p.Node] = m
		}
		return m[p.Call]
	}
	// Where a predicate is reached in hardirq or NMI context, or by callers
	// the analysis does not know: only there can its meaning in those
	// contexts matter.
	hardReach := map[cparse.Pos]bool{}
	for _, p := range flow.Preds {
		if p.Snap.Assumed || p.Snap.Ctx == ctxflow.Hardirq || p.Snap.Ctx == ctxflow.NMI {
			hardReach[p.Pos] = true
		}
	}
	for _, p := range flow.Preds {
		if p.Pred == nil {
			continue
		}
		name := p.Call.Name
		switch p.Pred.Meaning {
		case "serving-softirq":
			// Which answer the code acts on: `if (!x)` the false one,
			// `if (x)` the true one.
			neg := negated(p.Node, p.Call)
			if p.Cond && !p.Outcome && neg && (p.Before.Has(ctxflow.Hardirq) || p.Before.Has(ctxflow.NMI)) && hardReach[p.Pos] && !tellsHardirqApart(flow, p.Node, p.Call) {
				add(&issue{pos: p.Pos, kind: "not-serving-softirq", pred: name, site: p,
					msg: fmt.Sprintf("!%s() taken as task context in %s, but hardirq and NMI are not excluded on this path: it is also false in a hardirq or NMI that did not interrupt a softirq", name, rutil.Func(p.Node.Name())),
					fix: "exclude them first (if (in_hardirq() || in_nmi()) return;) or test in_task()"})
			}
			if p.Cond && p.Outcome && !neg && (p.Before.Has(ctxflow.Hardirq) || p.Before.Has(ctxflow.NMI)) && hardReach[p.Pos] && !tellsHardirqApart(flow, p.Node, p.Call) {
				add(&issue{pos: p.Pos, kind: "serving-softirq", pred: name, site: p,
					msg: fmt.Sprintf("%s() taken as softirq context in %s, but hardirq and NMI are not excluded on this path: it is also true in a hardirq or NMI that interrupted a softirq", name, rutil.Func(p.Node.Name())),
					fix: "exclude them too (&& !in_hardirq() && !in_nmi())"})
			}
		case "softirq-or-bh":
			// in_softirq() is the right test for "BH is disabled"; it is
			// misused where the function tells contexts apart and means
			// "serving a softirq".
			if p.Before.Has(ctxflow.Task) && identifiesContexts(flow, p.Node) {
				add(&issue{pos: p.Pos, kind: "in-softirq", pred: name, site: p,
					msg: fmt.Sprintf("%s() in %s is also true in task context with BH disabled (local_bh_disable(), spin_lock_bh()); to test for serving a softirq use in_serving_softirq()", name, rutil.Func(p.Node.Name())),
					fix: "use in_serving_softirq()"})
			}
		}
		if p.Pred.Needs != "" && p.Cond && !inCore(u.Rel(p.Pos.File)) && !src.names(p.Pos, p.Pred.Needs) && !complaint(p) {
			add(&issue{pos: p.Pos, kind: "needs-config", pred: name, site: p,
				msg: fmt.Sprintf("%s() decides a branch in %s outside core code: it is 0 without %s, and true in RCU readers (PREEMPT_RCU) and spinlock_t sections (PREEMPT_RT), so it cannot tell whether the code may sleep", name, rutil.Func(p.Node.Name()), p.Pred.Needs),
				fix: "pass the context down from the caller (a gfp_t or a flag) instead of guessing it"})
		}
		if p.Pred.CoreOnly {
			rel := u.Rel(p.Pos.File)
			core := false
			for _, d := range coreDirs {
				if d != "" && strings.HasPrefix(rel, d) {
					core = true
				}
			}
			if !core {
				add(&issue{pos: p.Pos, kind: "in-atomic", pred: name, site: p,
					msg: fmt.Sprintf("%s() outside core code (%s): it cannot see spinlocks without CONFIG_PREEMPT_COUNT and, on PREEMPT_RT, softirq and spinlock_t sections", name, rutil.Func(p.Node.Name())),
					fix: "pass the context down from the caller (a gfp_t or a flag) instead of guessing it"})
			}
		}
	}
	// Predicates that decided whether a sleeping call runs.
	for _, s := range flow.Sleeps {
		if s.Kind.IsLock() {
			// Taking a lock is not what a predicate decides about.
			continue
		}
		for i := len(s.Snap.Decisions) - 1; i >= 0; i-- {
			d := s.Snap.Decisions[i]
			meaning := ""
			if p := flow.Table.Preds[d.Pred]; p != nil {
				meaning = p.Meaning
			}
			var text string
			switch {
			case meaning == "task" && d.Outcome:
				text = "in_task() is also true with BH disabled, under a spinlock, with IRQs off and inside an RCU reader"
			case meaning == "interrupt" && !d.Outcome:
				text = "!in_interrupt() is also true under a spinlock, with IRQs or preemption off and inside an RCU reader"
			case meaning == "atomic" && !d.Outcome:
				text = "!in_atomic() is also true under a spinlock without CONFIG_PREEMPT_COUNT, and on PREEMPT_RT in softirq and spinlock_t sections"
			case meaning == "softirq-or-bh" && !d.Outcome:
				text = "!in_softirq() is also true under a spinlock, with IRQs off and inside an RCU reader"
			case meaning == "irqs-disabled" && !d.Outcome:
				text = "irqs_disabled() is used where \"preemptible\" is meant: IRQs on says nothing about preemption, BH, locks or RCU readers"
			default:
				continue
			}
			if d.Pos.File != s.Pos.File {
				break
			}
			// The predicate is tested in the sleep's function, or in a
			// caller up the witness chain (if (in_task()) flush(); and
			// the wait two calls below): there it must decide the call
			// the chain goes on through.
			n, at := s.Node, s.Pos
			var decider *callgraph.Node
			if !tests(n, d.Pos) {
				if up, call := testingCaller(flow, s.Entry, d.Pos); up != nil {
					n, at, decider = up, call, up
				}
			}
			if !decides(n, d.Pos, at) {
				// The sleep runs whatever the predicate says (a debug
				// check before it): the predicate decides nothing.
				break
			}
			add(&issue{pos: d.Pos, kind: "decides-sleep", pred: d.Pred, sleep: s, decider: decider, lies: lies(flow, meaning, s.Snap),
				msg: fmt.Sprintf("%s() decides whether %s() may sleep in %s: %s", d.Pred, s.Name, rutil.Func(n.Name()), text),
				fix: "let the caller, who knows its context, pass gfp flags (or a may-sleep flag) down; or use GFP_ATOMIC"})
			break
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		is := issues[k]
		var fn string
		var fnLine int
		var trace report.Trace
		var extra []string
		var traces []report.Trace
		if is.site != nil {
			fn, fnLine = is.site.Node.Name(), is.site.Node.Fn.Pos.Line
			trace = rutil.Trace(u, is.site.Entry, rutil.Context(is.site.Snap), is.pos)
			extra = append(extra, fmt.Sprintf("contexts possible here: %s", is.site.Before))
			if is.kind == "serving-softirq" || is.kind == "not-serving-softirq" {
				// Show how a hardirq gets here.
				for _, p := range flow.Preds {
					if p.Pos == is.pos && p.Snap.Ctx == ctxflow.Hardirq {
						traces = append(traces, rutil.Trace(u, p.Entry, rutil.Context(p.Snap), p.Pos))
						break
					}
				}
			}
		} else {
			fn, fnLine = is.sleep.Node.Name(), is.sleep.Node.Fn.Pos.Line
			trace = rutil.Trace(u, is.sleep.Entry, rutil.Context(is.sleep.Snap), is.sleep.Pos)
			extra = append(extra, fmt.Sprintf("%s() at %s:%d may sleep (%s)", is.sleep.Name, u.Rel(is.sleep.Pos.File), is.sleep.Pos.Line, is.sleep.Why))
			if is.decider != nil {
				fn, fnLine = is.decider.Name(), is.decider.Fn.Pos.Line
				extra = append(extra, fmt.Sprintf("%s() tests it and calls down to %s()", is.decider.Name(), is.sleep.Node.Name()))
			}
		}
		msg := is.msg
		if flow.RT {
			msg = "[PREEMPT_RT] " + msg
		}
		var doubts []string
		if is.site != nil {
			doubts = rutil.Doubts(u, is.site.Snap, is.site.Entry)
		} else {
			doubts = rutil.Doubts(u, is.sleep.Snap, is.sleep.Entry)
			if !is.lies {
				doubts = append(doubts, fmt.Sprintf("no way in that kcovlint saw reaches %s() with BH or IRQs off, preemption off, a spinning lock held or in an RCU reader: on the paths seen it answers right", is.pred))
			}
		}
		f := report.Finding{
			Rule: "ctxpred", Function: fn, FunctionLine: fnLine, Object: is.pred, Config: flow.Config, Status: report.StatusNew,
			Message: msg,
			Trace:   append([]report.Trace{trace}, traces...),
			Detail:  append(extra, "fix: "+is.fix),
			Doubts:  doubts,
			Key:     rutil.Key("ctxpred", flow.Config, is.pred, fn, is.kind),
		}
		rep.Report(f, is.pos)
	}
}

// lies reports whether a predicate of this meaning gives the misleading
// answer in a state: the atomic state it does not see.
func lies(flow *ctxflow.Flow, meaning string, s ctxflow.Snap) bool {
	if s.Ctx != ctxflow.Task {
		return false
	}
	spinning := false
	rtSleepingLock := false
	for _, h := range s.Held {
		if c := flow.Table.Classes[h.Class]; c != nil && c.Spins(flow.Model()) {
			spinning = true
		} else if c != nil && flow.RT && c.Spins(kapi.NonRT) {
			rtSleepingLock = true
		}
	}
	hard := s.IRQOff == ctxflow.Yes || s.Preempt.Positive() || spinning || s.RCU.Positive()
	switch meaning {
	case "task":
		return hard || s.BH.Positive()
	case "interrupt", "softirq-or-bh":
		return hard
	case "atomic":
		return s.RCU.Positive() || flow.RT && (rtSleepingLock || s.BH.Positive())
	case "irqs-disabled":
		return s.Preempt.Positive() || s.BH.Positive() || spinning || s.RCU.Positive()
	}
	return false
}

// negated reports whether the predicate call is used negated (!x) in the
// function.
func negated(n *callgraph.Node, call *cparse.Call) bool {
	found := false
	callgraph.WalkStmt(n.Fn.Body, func(e cparse.Expr) {
		if u, ok := e.(*cparse.Unary); ok && u.Op == "!" && cparse.Unparen(u.X) == cparse.Expr(call) {
			found = true
		}
	})
	return found
}

// identifiesContexts reports whether a function also uses predicates that
// tell contexts apart (in_task(), in_serving_softirq(), in_hardirq(),
// in_nmi()): then its in_softirq() names a context, too.
func identifiesContexts(flow *ctxflow.Flow, n *callgraph.Node) bool {
	found := false
	callgraph.WalkStmt(n.Fn.Body, func(e cparse.Expr) {
		c, ok := e.(*cparse.Call)
		if !ok {
			return
		}
		if p := flow.Table.Preds[c.Name]; p != nil {
			switch p.Meaning {
			case "task", "serving-softirq", "hardirq", "nmi":
				found = true
			}
		}
	})
	return found
}

// tellsHardirqApart reports whether !in_serving_softirq() at call does not
// stand for "task context" in n: the function tells hardirq and NMI apart
// some other way (a hardirq/NMI predicate, a preempt_count() mask), or the
// test is one operand of || or && with a test that is not about contexts
// (in_serving_softirq() || kthread_running: its falsity decides nothing
// alone).
func tellsHardirqApart(flow *ctxflow.Flow, n *callgraph.Node, call *cparse.Call) bool {
	found := false
	isPred := func(e cparse.Expr) bool {
		c, ok := cparse.Unparen(e).(*cparse.Call)
		if !ok {
			if u, ok := cparse.Unparen(e).(*cparse.Unary); ok && u.Op == "!" {
				c, ok = cparse.Unparen(u.X).(*cparse.Call)
				if !ok {
					return false
				}
			} else {
				return false
			}
		}
		return flow.Table.Preds[c.Name] != nil
	}
	isCall := func(e cparse.Expr) bool {
		e = cparse.Unparen(e)
		if u, ok := e.(*cparse.Unary); ok && u.Op == "!" {
			e = cparse.Unparen(u.X)
		}
		return e == cparse.Expr(call)
	}
	callgraph.WalkStmt(n.Fn.Body, func(e cparse.Expr) {
		switch e := e.(type) {
		case *cparse.Call:
			if p := flow.Table.Preds[e.Name]; p != nil && (p.Meaning == "hardirq" || p.Meaning == "nmi" || p.Meaning == "interrupt") {
				found = true
			}
			if flow.Table.TellsHardirqApart(e.Name) {
				found = true
			}
		case *cparse.Ident:
			if flow.Table.TellsHardirqApart(e.Name) {
				found = true
			}
		case *cparse.Binary:
			if e.Op == "||" || e.Op == "&&" {
				if isCall(e.X) && !isPred(e.Y) || isCall(e.Y) && !isPred(e.X) {
					found = true
				}
			}
		}
	})
	return found
}

// tests reports whether n's body calls the predicate at p.
func tests(n *callgraph.Node, p cparse.Pos) bool {
	return n.Fn != nil && ctxflow.CallsAt(n.Fn, p)
}

// decides reports whether the predicate call at predPos decides whether
// the call at sleepPos runs in n (ctxflow.Decides). A predicate n does
// not test itself (the decision was made by a caller) is taken to decide.
func decides(n *callgraph.Node, predPos, sleepPos cparse.Pos) bool {
	decided, found := ctxflow.Decides(n.Fn, predPos, sleepPos)
	return decided || !found
}

// testingCaller finds, up the witness chain of an entry, the function
// that tests the predicate at p, and the position of its call down the
// chain.
func testingCaller(flow *ctxflow.Flow, e *ctxflow.Entry, p cparse.Pos) (*callgraph.Node, cparse.Pos) {
	if e == nil {
		return nil, cparse.Pos{}
	}
	for i := len(e.Chain) - 2; i >= 0; i-- {
		l := e.Chain[i]
		for _, n := range flow.Graph.Lookup(l.Func) {
			if n.Fn != nil && n.Fn.Pos == l.Pos && tests(n, p) {
				return n, l.Call
			}
		}
	}
	return nil, cparse.Pos{}
}

// guardText reads the source around a predicate's use.
type guardText struct{ *rutil.Source }

// names reports whether the statement that uses a predicate at p names
// the configuration option it depends on (IS_ENABLED(CONFIG_X) ? ... on
// the line or the two before it, which a multi-line condition spans):
// such code knows what the predicate means without it.
func (g guardText) names(p cparse.Pos, option string) bool {
	for n := p.Line; n >= 1 && n >= p.Line-2; n-- {
		if bytes.Contains(g.Line(p.File, n), []byte(option)) {
			return true
		}
	}
	return false
}
