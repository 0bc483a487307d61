// SPDX-License-Identifier: MIT

package ctxflow

import (
	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// fctx is one execution of a function: from an entry (recording sites and
// propagating entries to callees) or, in summary mode, from a neutral state
// relative to which the function's effects are measured.
type fctx struct {
	flow    *Flow
	node    *callgraph.Node
	entry   *Entry // nil in summary mode
	summary bool

	exits    []*State
	returns  []Val
	released map[string]Held // summary: locks released that were not taken here, by releasedKey
	sleeps   []sleepEffect   // summary: calls that may sleep
	steps    int
	// evals counts expression evaluations; past maxEvalsPerRun the run
	// stops (over), as it does past maxStepsPerRun.
	evals int
	over  bool
	// scopeNode is the CFG node being executed (for guard scopes).
	scopeNode *cparse.ExprNode
	depth     int // statement-expression nesting
	// unlessInterrupt marks the sleep being recorded as one that happens
	// only outside interrupt context (vfree).
	unlessInterrupt bool
	// irqsOffOK marks it as one allowed with only IRQs disabled
	// (kapi.Sleep.IRQsOffOK).
	irqsOffOK bool
	// uaccess marks it as a user-memory access (kapi.Sleep.Uaccess).
	uaccess bool
	// untracked marks the lock being taken or released as one of an
	// array of locks (indexedLock).
	untracked bool
}

type sleepEffect struct {
	name string
	why  string
	kind SleepKind
	via  []string
	bug  bool
}

const (
	maxStatesPerBlock = 24
	maxStepsPerRun    = 20000
	// maxEvalsPerRun bounds the expression evaluations of one run: an
	// expression's states multiply through nested ?:, && and || (the
	// register macros of some drivers expand to thousands of them).
	maxEvalsPerRun   = 300000
	maxStatesPerEval = 48
)

func (fc *fctx) exec(start *State) {
	g := fc.node.Fn.CFG()
	fc.exits = fc.walk(g, start)
}

type workItem struct {
	bb *cparse.BB
	s  *State
}

// walk runs a CFG from start and returns the states at its exit.
func (fc *fctx) walk(g *cparse.CFG, start *State) []*State {
	var exits []*State
	seen := make(map[*cparse.BB]map[string]bool)
	widened := make(map[*cparse.BB]*State)
	work := []workItem{{g.Entry, start}}
	var joins map[*cparse.BB]*cparse.BB
	push := func(bb *cparse.BB, s *State) {
		if s.Dead {
			return
		}
		if len(s.Guards) > 0 {
			// Past the point where a guarded branch joins again the
			// path runs whatever the test said.
			s = s.leaveGuards(g, bb)
		}
		if len(s.Tested) > 0 {
			s = s.leaveTests(g, bb)
		}
		m := seen[bb]
		if m == nil {
			m = map[string]bool{}
			seen[bb] = m
		}
		if len(m) >= fc.flow.blockStates() {
			// Too many distinct states here: merge into one.
			w := widened[bb]
			if w == nil {
				w = s
			} else {
				w = join(w, s)
			}
			widened[bb] = w
			s = w
		}
		k := s.key()
		if m[k] {
			return
		}
		m[k] = true
		work = append(work, workItem{bb, s})
	}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		fc.steps++
		if fc.steps > maxStepsPerRun || fc.over {
			fc.flow.Truncated = true
			break
		}
		states := []*State{it.s}
		for _, n := range it.bb.Nodes {
			states = fc.node1(n, states)
			if len(states) == 0 {
				break
			}
		}
		for _, s := range states {
			if s.Dead {
				continue
			}
			if it.bb == g.Exit || len(it.bb.Succs) == 0 {
				if it.bb == g.Exit {
					exits = append(exits, s)
				}
				continue
			}
			switch {
			case it.bb.Cond != nil && len(it.bb.Succs) == 2:
				ts, fs := fc.assume(s, it.bb.Cond, true), fc.assume(s, it.bb.Cond, false)
				if (len(ts) > 0 && len(fs) > 0 || s.tookMode(g, it.bb.Cond)) && !fc.summary && fc.modeTest(it.bb.Cond) {
					// Undecided, or decided only by what an earlier
					// guarded branch on the same test assumed.
					if joins == nil {
						joins = postDominators(g)
					}
					ts, fs = guarded(ts, g, joins[it.bb], it.bb.Cond, true), guarded(fs, g, joins[it.bb], it.bb.Cond, false)
				}
				if newTests(ts) || newTests(fs) {
					if joins == nil {
						joins = postDominators(g)
					}
					stampTests(ts, g, joins[it.bb])
					stampTests(fs, g, joins[it.bb])
				}
				for _, t := range ts {
					push(it.bb.Succs[0], t)
				}
				for _, t := range fs {
					push(it.bb.Succs[1], t)
				}
			case it.bb.Switch != nil:
				rs := fc.eval(s, it.bb.Switch)
				for _, r := range rs {
					succs, ok := fc.switchSuccs(it.bb, r.v.Const)
					if !ok {
						// The case taken says what the tested field
						// holds on its way (a sibling of a method).
						for _, st := range fc.switchTests(it.bb, r.s) {
							if newTests([]*State{st.s}) {
								if joins == nil {
									joins = postDominators(g)
								}
								stampTests([]*State{st.s}, g, joins[it.bb])
							}
							push(st.succ, st.s)
						}
						continue
					}
					for _, succ := range succs {
						push(succ, r.s)
					}
				}
			default:
				for _, succ := range it.bb.Succs {
					push(succ, s)
				}
			}
		}
	}
	return exits
}

// node1 executes one CFG node on each state.
func (fc *fctx) node1(n cparse.Node, states []*State) []*State {
	var out []*State
	for _, s := range states {
		if s.Dead {
			continue
		}
		switch n := n.(type) {
		case *cparse.ExprNode:
			if c, ok := cparse.Unparen(n.X).(*cparse.Call); ok && c.Name == warnCall && len(c.Args) == 1 {
				// A WARN_ON(x) statement states that x does not hold.
				if st := fc.assume(s, c.Args[0], false); len(st) > 0 {
					out = append(out, st...)
					continue
				}
			}
			fc.scopeNode = n
			for _, r := range fc.eval(s, n.X) {
				out = append(out, r.s)
			}
			fc.scopeNode = nil
		case *cparse.DeclNode:
			if n.Decl.Init == nil {
				t := s.clone()
				t.setVar(n.Decl.Name, Val{Null: Unknown})
				out = append(out, t)
				continue
			}
			for _, r := range fc.eval(s, n.Decl.Init) {
				r.s.setVar(n.Decl.Name, fc.typed(n.Decl.Name, fc.withObj(r.s, n.Decl.Init, r.v)))
				out = append(out, r.s)
			}
		case *cparse.ReturnNode:
			if n.X == nil {
				out = append(out, s)
				continue
			}
			for _, r := range fc.eval(s, n.X) {
				fc.returns = append(fc.returns, r.v)
				t := r.s
				if null := r.v.asPointer().Null; fc.summary && t.RetNull != null {
					t = t.clone()
					t.RetNull = null
				}
				out = append(out, t)
			}
		case *cparse.ScopeEnd:
			t := s.clone()
			fc.releaseScope(t, n.Block, n.P)
			out = append(out, t)
		case *cparse.MacroEnter:
			out = append(out, fc.macroEnter(s, n)...)
		case *cparse.MacroExit:
			t := s.clone()
			fc.releaseScope(t, n.Loop, n.P)
			out = append(out, t)
		default:
			out = append(out, s)
		}
	}
	return capStates(out)
}

// capStates merges states beyond a bound.
func capStates(states []*State) []*State {
	if len(states) <= maxStatesPerEval {
		return states
	}
	keep := states[:maxStatesPerEval-1]
	rest := states[maxStatesPerEval-1]
	for _, s := range states[maxStatesPerEval:] {
		rest = join(rest, s)
	}
	return append(keep, rest)
}

// releaseScope releases the scope-bound holds and states tied to scope.
func (fc *fctx) releaseScope(s *State, scope any, p cparse.Pos) {
	for i := len(s.Held) - 1; i >= 0; i-- {
		h := s.Held[i]
		if h.Scope != scope {
			continue
		}
		op := fc.flow.Table.Locks[h.Op]
		if op == nil {
			s.Held = append(s.Held[:i], s.Held[i+1:]...)
			continue
		}
		fc.releaseGuard(s, op, h)
	}
	for i := len(s.Prot) - 1; i >= 0; i-- {
		if s.Prot[i].Key == scopeKey(scope) {
			pr := s.Prot[i]
			s.Prot = append(s.Prot[:i], s.Prot[i+1:]...)
			if pr.Kind == "guardcall" {
				fc.undoGuardCall(s, pr)
				continue
			}
			fc.undoStateKind(s, pr.Kind)
		}
	}
}

// releaseGuard ends a scope-bound acquisition: the lock is dropped and what
// the acquiring variant did is undone.
func (fc *fctx) releaseGuard(s *State, op *kapi.LockOp, h Held) {
	cfg := fc.flow.Model()
	class := op.Class
	fc.flow.usesClass(class)
	s.release(h.Key)
	s.popProt("lock", h.Key)
	if class.DisablesPreemption(cfg) {
		s.Preempt = s.Preempt.Dec(fc.summary)
	}
	if class.DisablesMigration(cfg) && !class.DisablesPreemption(cfg) {
		s.Migrate = s.Migrate.Dec(fc.summary)
	}
	if class.HoldsRCU(cfg) {
		s.RCU = s.RCU.Dec(fc.summary)
	}
	if op.BH == "off" {
		s.BH = s.BH.Dec(fc.summary)
	}
	if class.IRQVariantsDisable(cfg) {
		switch op.IRQ {
		case "off":
			s.IRQOff = No
		case "save":
			fc.irqRestore(s, "")
		}
	}
}
