// SPDX-License-Identifier: MIT

package ctxflow

import (
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// Flow is the execution-context analysis of one configuration: for every
// function the contexts it runs in (entries, each with a witness call chain
// and the state at entry), and the sites the rules look at with the state
// that holds there on each path.
type Flow struct {
	Config string
	RT     bool
	Graph  *callgraph.Graph
	Table  *kapi.Table
	Unit   *cunit.Unit
	// RTSoftirqParallel: on PREEMPT_RT, two softirq-serving tasks can run
	// on one CPU (v6.18+, PREEMPT_RT_NEEDS_BH_LOCK=n).
	RTSoftirqParallel bool

	Funcs   map[*callgraph.Node]*FuncInfo
	Entries []*Entry
	Locks   []*LockSite
	Sleeps  []*SleepSite
	PerCPU  []*PerCPUSite
	Preds   []*PredSite
	Calls   []*CallSite

	summaries map[*callgraph.Node]*Summary
	queue     []*Entry
	// recorded de-duplicates sites recorded again on another path with
	// the same state.
	recorded map[string]bool
	// relevant are the functions whose contexts matter: those of the
	// targets and those that can reach them through calls. Nil means all.
	relevant map[*callgraph.Node]bool
	runs     int
	// outward collects the states of calls in summary runs (OutwardStates).
	outward map[OutKey][]CallState
	// rtSensitive is set when the analysis met something PREEMPT_RT
	// changes: a lock class that means otherwise on RT, a predicate
	// whose answer differs.
	rtSensitive bool
	// statesPerBlock, when not 0, replaces maxStatesPerBlock.
	statesPerBlock int
	// Truncated is set when a budget stopped the analysis early.
	Truncated bool
	// inert remembers, per statement expression, whether it is inert
	// (inertStmtExpr): the same macro expansion is evaluated once per
	// entry and path.
	inert sync.Map
	// deciding remembers decidingParams per function.
	deciding sync.Map
	// instances remembers instanceParams per function.
	instances sync.Map
	// reclass holds the unit's lockdep_set_class*() calls (reclasses).
	reclass     map[string][]reclass
	reclassOnce sync.Once
	// fieldCalls remembers fieldCallsBelow per function.
	fieldCalls sync.Map
	// dispatch: function → its parameters called through (dispatchParams).
	dispatch sync.Map
}

// FuncInfo is what the analysis learned about one function.
type FuncInfo struct {
	Node    *callgraph.Node
	Entries []*Entry
	// Declared are the contexts the function's own predicate tests name.
	Declared CtxSet
	entryKey map[string]bool
	// constEntries counts the entries told apart by constants, per
	// context; ownerEntries those told apart by their owners only.
	constEntries map[Ctx]int
	// decisionEntries counts the entries that carry their callers'
	// predicate tests (guardingDecisions), per context.
	decisionEntries map[Ctx]int
	ownerEntries    int
	// objEntries counts, per context and per the ops tables their
	// parameters point to (objectSig), the entries past the constants'
	// bound kept for those tables (byObject).
	objEntries map[Ctx]map[string]int
	// plain counts the entries that know no constant (hasConsts), per
	// context and in all (plainAll): full() is asked on every call.
	plain    map[Ctx]int
	plainAll int
	// Cut is set when an entry was left out at the bound.
	Cut bool
}

// IRQsOnAtEntry reports whether IRQs are known to be enabled on every way
// into a function: each of its entries is from a known caller (not the
// assumption about unknown ones) with IRQs on, none was left out at an
// analysis bound, and its address is not taken for callers the analysis
// does not see.
func (f *Flow) IRQsOnAtEntry(n *callgraph.Node) bool {
	fi := f.Funcs[n]
	if fi == nil || fi.Cut || len(fi.Entries) == 0 || n.AddressTaken && len(n.Roots) == 0 {
		return false
	}
	for _, e := range fi.Entries {
		if e.Assumed || e.State.IRQOff != No {
			return false
		}
	}
	return true
}

// Entry is one way a function is entered: a context, the state at entry,
// and a witness call chain from a root.
type Entry struct {
	Node  *callgraph.Node
	Ctx   Ctx
	State *State
	// Chain lists the calls from the root to this function: Chain[0] is
	// the root's function, the last element this function.
	Chain []Link
	// Root describes how the kernel enters Chain[0]: "timer_setup() in
	// foo_init()", "file_operations.unlocked_ioctl (fops)", "exported
	// (callers unknown)".
	Root    string
	Assumed bool
	// MayPin: the root's task may be bound to one CPU (kapi.Entry.MayPin).
	MayPin bool
	// Many: any number of tasks enter the root at once (kapi.Entry.Many).
	Many bool
	// Declared is set for assumed entries whose context the function's own
	// predicate tests name (it tests in_serving_softirq(), so it expects to
	// run in softirq); unset for the default assumption (task context).
	Declared bool
	// Owners names the methods the objects of the path hold where that
	// narrows the calls through fields below (ownerSig; owner.go).
	Owners string
	// Emergency: the root runs while the kernel panics (vpanic() calls
	// the panic notifier chain with IRQs off and oops_in_progress set,
	// after which might_sleep() checks are silent).
	Emergency bool
	// Origin is the function whose module's objects the path carries: the
	// one that registered the root, or the root (originOf,
	// callgraph.Graph.ModuleOwner); nil when the root is an exported
	// function or an assumed caller.
	Origin *callgraph.Node
}

// Evidence reports whether the entry rests on a known caller or on the
// function's own predicate tests, rather than on the default assumption.
func (e *Entry) Evidence() bool { return e == nil || !e.Assumed || e.Declared }

// Link is one function of a chain: its definition, and the position of
// its call to the next function of the chain (unset for the last).
type Link struct {
	Func string
	Pos  cparse.Pos
	Call cparse.Pos
	// Via is set when the previous function calls this one through a
	// function pointer: the struct field it reads ("foo_ops.open") or the
	// parameter that holds it ("argument fn").
	Via string
}

// ChainNames returns the function names of the chain.
func (e *Entry) ChainNames() []string {
	out := make([]string, len(e.Chain))
	for i, l := range e.Chain {
		out[i] = l.Func
	}
	return out
}

// Snap is the state at a site.
type Snap struct {
	Ctx     Ctx
	IRQOff  Tri
	BHOff   Tri
	BH      depth
	Preempt depth
	Migrate depth
	RCU     depth
	Held    []Held
	Prot    []Prot
	Assumed bool
	// Decisions taken on the path to the site.
	Decisions []Decision
	// Guards are the undecided mode tests on the way to the site, in this
	// function and in the callers of the witness chain.
	Guards []Guard
	// CtxSet is the set of contexts still possible on the path.
	CtxSet CtxSet
	// LastRef: the site runs only when a reference count drops to zero.
	LastRef bool
	// Oops: the site runs after bust_spinlocks(1) (State.Oops).
	Oops bool
}

// PreemptOff reports whether preemption is known to be disabled.
func (s Snap) PreemptOff() bool { return s.Preempt.Positive() }

// MigrateOff reports whether the task is known to be pinned to its CPU.
func (s Snap) MigrateOff() bool { return s.Migrate.Positive() || s.Preempt.Positive() }

// RCURead reports whether an RCU read-side section is known to be held.
func (s Snap) RCURead() bool { return s.RCU.Positive() }

// BHDisabled reports whether BH is disabled by the code (not by serving a
// softirq).
func (s Snap) BHDisabled() bool { return s.BH.Positive() }

// Site is common to the recorded sites.
type Site struct {
	Entry *Entry
	Node  *callgraph.Node
	Pos   cparse.Pos
	Call  *cparse.Call
	Snap  Snap
}

// LockSite is a lock acquisition, release or assertion.
type LockSite struct {
	Site
	Op    *kapi.LockOp
	Key   string
	Name  string
	Class string
	// Guard is set for guard()/scoped_guard() acquisitions.
	Guard bool
	// Object is the named object the lock is a member of, when the lock
	// is not reached through a pointer (namedObject): locks of two such
	// objects are two locks of one class.
	Object string
	// Aliases are other keys of the lock, by the structs it is embedded
	// in (callgraph.Scope.ObjectAliases).
	Aliases []string
}

// SleepSite is a call that may sleep.
type SleepSite struct {
	Site
	Name string
	// Why says why the call may sleep ("GFP_KERNEL", "vmalloc", "mutex"),
	// for messages; Kind says it for the rules.
	Why  string
	Kind SleepKind
	// BugInInterrupt: the callee BUG()s when in_interrupt().
	BugInInterrupt bool
	// UnlessInterrupt: the callee sleeps only when !in_interrupt() (vfree).
	UnlessInterrupt bool
	// IRQsOffOK: the call is allowed with only IRQs disabled (schedule()).
	IRQsOffOK bool
	// Uaccess: the call sleeps only in a page fault (kapi.Sleep.Uaccess).
	Uaccess bool
	// Via is set when the sleeping call is inside a callee: the chain from
	// the function at Pos to the sleeping call.
	Via []string
}

// SleepKind is what makes a call sleep.
type SleepKind int

const (
	// SleepCall: the callee may sleep (msleep(), a wait).
	SleepCall SleepKind = iota
	// SleepGFP: an allocation whose GFP flags allow blocking.
	SleepGFP
	// SleepLock: taking a sleeping lock (a mutex, a semaphore).
	SleepLock
	// SleepRTLock: taking a lock that sleeps only on PREEMPT_RT (a
	// spinlock_t, rwlock_t, local_lock_t).
	SleepRTLock
)

// IsLock reports whether the sleep is taking a lock.
func (k SleepKind) IsLock() bool { return k == SleepLock || k == SleepRTLock }

// PerCPUSite is an access to per-CPU data.
type PerCPUSite struct {
	Site
	// Var is the per-CPU object ("foo_pcpu_data"), Field the member
	// accessed ("saved_mode") or "".
	Var, Field string
	// Access is ptr (this_cpu_ptr and friends), op (this_cpu_*), unsafe-op
	// (__this_cpu_*), read, write, escape.
	Access string
	// Clear is set for writes of a constant zero/NULL.
	Clear bool
	// Accessor names the call (this_cpu_ptr ...).
	Accessor string
	// Half is "read" or "write" when the accessor only reads or only
	// writes the object (kapi.PerCPU.Half).
	Half string
}

// PredSite is a use of a context predicate.
type PredSite struct {
	Site
	Pred *kapi.Pred
	// Helper is set when the use is a call to a helper built from
	// predicates (in_softirq_really()).
	Helper string
	// Cond is set when the predicate decides a branch; Outcome says which.
	Cond    bool
	Outcome bool
	// Before is the context set before the branch.
	Before CtxSet
}

// CallSite is a call of a function defined in the unit.
type CallSite struct {
	Site
	Callee *callgraph.Node
}

func (f *Flow) info(n *callgraph.Node) *FuncInfo {
	fi := f.Funcs[n]
	if fi == nil {
		fi = &FuncInfo{Node: n, entryKey: map[string]bool{}}
		fi.Declared = declaredContexts(f, n)
		f.Funcs[n] = fi
	}
	return fi
}

// declaredContexts returns the contexts a function's own predicate tests
// name: a function that asks in_serving_softirq() expects to run in softirq.
func declaredContexts(f *Flow, n *callgraph.Node) CtxSet {
	return DeclaredBy(f.Table, ExpectedPreds(f.Table, n.Fn.Body))
}

// ExpectedPreds returns the names of the context predicates a function's
// body tests to tell the contexts it expects apart (sorted, once each):
// not those it only complains about — WARN_ON(in_interrupt()) and
// `if (in_interrupt()) pr_warn(...)` say the function does not expect an
// interrupt. The tree index keeps them (DeclaredBy reads them back).
func ExpectedPreds(t *kapi.Table, body *cparse.Block) []string {
	complaints := complaintTests(t, body)
	seen := map[string]bool{}
	callgraph.WalkStmt(body, func(e cparse.Expr) {
		c, ok := e.(*cparse.Call)
		if !ok || c.Name == "" || complaints[c] {
			return
		}
		if _, ok := t.Preds[c.Name]; ok {
			seen[c.Name] = true
		}
	})
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// meantCtx is the context a predicate of the table's meaning tests for.
func meantCtx(meaning string) CtxSet {
	switch meaning {
	case "task":
		return CtxSet(Task)
	case "serving-softirq", "softirq-or-bh":
		return CtxSet(Softirq)
	case "interrupt":
		return CtxSet(Softirq | Hardirq)
	case "hardirq":
		return CtxSet(Hardirq)
	case "nmi":
		return CtxSet(NMI)
	}
	return 0
}

// DeclaredBy is the set of contexts a function that tests the named
// predicates expects to run in (as FuncInfo.Declared, from the names
// alone: the tree index keeps the predicates a function tests).
func DeclaredBy(t *kapi.Table, preds []string) CtxSet {
	var set CtxSet
	for _, name := range preds {
		if p := t.Preds[name]; p != nil {
			set |= meantCtx(p.Meaning)
		}
	}
	return set
}

// complaintTests returns the predicate calls tested only to complain:
// `if (in_interrupt()) pr_notice("called from interrupt");` and
// WARN_ON(in_interrupt()), wherever the WARN_ON is, say the function does
// not expect that context.
// ComplaintTests returns the calls of a function's body that only decide
// a complaint (WARN_ON(x), BUG_ON(x), `if (x) { pr_warn(...); }`).
func ComplaintTests(t *kapi.Table, body *cparse.Block) map[*cparse.Call]bool {
	return complaintTests(t, body)
}

func complaintTests(t *kapi.Table, body *cparse.Block) map[*cparse.Call]bool {
	out := map[*cparse.Call]bool{}
	callgraph.WalkStmt(body, func(e cparse.Expr) {
		if w, ok := e.(*cparse.Call); ok && w.Name == warnCall {
			for _, a := range w.Args {
				callgraph.WalkExpr(a, func(x cparse.Expr) {
					if c, ok := x.(*cparse.Call); ok {
						out[c] = true
					}
				})
			}
		}
	})
	var walk func(st cparse.Stmt)
	walk = func(st cparse.Stmt) {
		switch st := st.(type) {
		case *cparse.Block:
			if st == nil {
				return
			}
			for _, x := range st.Stmts {
				walk(x)
			}
		case *cparse.IfStmt:
			if st.Else == nil && onlyComplains(t, st.Then) {
				callgraph.WalkExpr(st.Cond, func(e cparse.Expr) {
					if c, ok := e.(*cparse.Call); ok {
						out[c] = true
					}
				})
			}
			walk(st.Then)
			walk(st.Else)
		default:
			if b := cparse.Body(st); b != nil {
				walk(b)
			}
		}
	}
	walk(body)
	return out
}

// onlyComplains reports whether a statement only prints or warns.
func onlyComplains(t *kapi.Table, st cparse.Stmt) bool {
	switch st := st.(type) {
	case *cparse.Block:
		if st == nil || len(st.Stmts) == 0 {
			return false
		}
		for _, x := range st.Stmts {
			if !onlyComplains(t, x) {
				return false
			}
		}
		return true
	case *cparse.ExprStmt:
		c, ok := cparse.Unparen(st.X).(*cparse.Call)
		if !ok {
			return false
		}
		return c.Name == warnCall || t.OnlyReports(c.Name)
	}
	return false
}

// entryState returns the state at the start of a context on this config.
// ctx is a table context name: task, task-bh, task-pinned, task-irqoff,
// softirq, hardirq, nmi; with a lock the caller holds (kapi.WithHeld),
// the state that lock's acquisition leaves.
func (f *Flow) entryState(ctx string) *State {
	ctx, call, obj := kapi.SplitHeld(ctx)
	s := f.baseState(ctx)
	if s == nil || call == "" {
		return s
	}
	op := f.Table.Locks[call]
	if op == nil {
		return s
	}
	f.enterHeld(s, op, obj)
	return s
}

// enterHeld applies to an entry state what holding a lock the caller took
// with the call op means: the IRQ/BH part of the call, what the class
// disables, and the hold (of the caller: Entry).
func (f *Flow) enterHeld(s *State, op *kapi.LockOp, obj string) {
	cfg := f.Model()
	class := op.Class
	if (op.IRQ == "off" || op.IRQ == "save") && class.IRQVariantsDisable(cfg) {
		s.IRQOff = Yes
	}
	if op.BH == "off" {
		s.BH = s.BH.Inc()
	}
	if class.DisablesPreemption(cfg) {
		s.Preempt = s.Preempt.Inc()
	}
	if class.DisablesMigration(cfg) && !class.DisablesPreemption(cfg) {
		s.Migrate = s.Migrate.Inc()
	}
	if class.HoldsRCU(cfg) {
		s.RCU = s.RCU.Inc()
	}
	key := obj
	if typ, _, ok := strings.Cut(obj, "."); ok && !strings.Contains(typ, " ") {
		key = "struct " + obj
	}
	s.acquire(Held{Key: key, Name: obj, Class: class.Name, Op: op.Name, Read: op.Read, Entry: true})
}

// baseState is entryState without a held lock.
func (f *Flow) baseState(ctx string) *State {
	s := &State{IRQOff: No, Local: AllCtx}
	switch ctx {
	case "task":
		s.Ctx = CtxSet(Task)
	case "task-irqoff", "emergency":
		// A callback the kernel calls with IRQs disabled, in task
		// context (syscore suspend/resume; a core calling back with its
		// raw spinlock held; the panic notifier chain, Entry.Emergency):
		// atomic, but not an interrupt.
		s.Ctx = CtxSet(Task)
		s.IRQOff = Yes
	case "task-pinned":
		// A per-CPU kthread bound to its CPU (smpboot threads, irq_work
		// on RT): preemptible, but it cannot migrate, so this CPU's
		// per-CPU data stays this CPU's.
		s.Ctx = CtxSet(Task)
		s.Migrate = 1
	case "task-bh":
		// A kthread running the handler with BH disabled (a force-threaded
		// IRQ handler, rcuc): on RT that also pins it and holds RCU.
		s.Ctx = CtxSet(Task)
		s.BH = 1
		if f.RT {
			s.Migrate = 1
			s.RCU = 1
		} else {
			s.Preempt = 1
		}
	case "softirq":
		s.Ctx = CtxSet(Softirq)
		s.BH = 1
		if f.RT {
			// Softirq handling on RT is preemptible, pinned to the CPU
			// and an RCU read-side section.
			s.Migrate = 1
			s.RCU = 1
		} else {
			s.Preempt = 1
		}
	case "hardirq":
		s.Ctx = CtxSet(Hardirq)
		s.IRQOff = Yes
		s.Preempt = 1
	case "nmi":
		s.Ctx = CtxSet(NMI)
		s.IRQOff = Yes
		s.Preempt = 1
	default:
		return nil
	}
	return s
}

const maxEntriesPerFunc = 16

// knownEntry reports whether an equal entry is already known (or the
// function has all the entries it may have).
func (f *Flow) knownEntry(n *callgraph.Node, c Ctx, s *State, owners string) bool {
	fi := f.info(n)
	k := strconv.Itoa(int(c)) + "/" + f.entryKey(s)
	if fi.entryKey[k+owners] || fi.full(c) {
		return true
	}
	return fi.entryKey[k] && fi.ownerEntries >= maxOwnerEntries
}

// addEntry queues an entry unless an equal one is known.
func (f *Flow) addEntry(e *Entry) {
	if f.relevant != nil && !f.relevant[e.Node] {
		return
	}
	fi := f.info(e.Node)
	if e.Owners == "" {
		e.Owners = f.ownerSig(e.Node, e.Chain, e.Origin)
	}
	consts := hasConsts(e.State)
	objOnly := false
	objSig := ""
	if consts && fi.constEntries[e.Ctx] >= maxConstEntries {
		// Entries told apart by the constants passed have a bound of
		// their own, so that they take no place of the others'; past
		// it, the entry is taken without its constants, as it was
		// before constants were kept (every path of the callee) --
		// but for the ops tables its parameters point to, which decide
		// the methods it calls (byObject), up to a bound of their own.
		keep := f.dispatchParams(e.Node)
		e.State = withoutConstsBut(e.State, keep)
		consts = false
		if hasConsts(e.State) {
			sig := objectSig(e.State)
			switch {
			case fi.admitObjects(e.Ctx, sig):
				objOnly, objSig = true, sig
			case fi.admitGeneral(e.Ctx, sig):
				// The table's entries are at their bound: one that
				// knows only the objects and the modes stands for the
				// rest (what else the callers knew, a pointer's NULL
				// test or a field's, is forgotten: every path).
				e.State = objectsOnly(e.State, keep, f.modeParams(e.Node))
				objOnly, objSig = true, sig+generalSig
			default:
				e.State = withoutConsts(e.State)
			}
		}
	}
	decided := false
	if len(e.State.Decisions) > 0 {
		// Entries told apart by the tests that guard them have a bound
		// of their own, so that they take no place of the others'; past
		// it, the entry is taken without them.
		if fi.decisionEntries[e.Ctx] >= maxDecisionEntries {
			e.State = e.State.clone()
			e.State.Decisions = nil
		} else {
			decided = true
		}
	}
	k := strconv.Itoa(int(e.Ctx)) + "/" + f.entryKey(e.State)
	if fi.entryKey[k+e.Owners] {
		return
	}
	switch {
	case decided:
		if fi.decisionEntries == nil {
			fi.decisionEntries = map[Ctx]int{}
		}
		fi.decisionEntries[e.Ctx]++
	case fi.entryKey[k]:
		// The same state as a known entry, through objects whose
		// methods differ below: an entry of its own, up to a bound.
		if fi.ownerEntries >= maxOwnerEntries {
			return
		}
		fi.ownerEntries++
	case objOnly:
		fi.countObjects(e.Ctx, objSig)
	case consts:
		if fi.constEntries == nil {
			fi.constEntries = map[Ctx]int{}
		}
		fi.constEntries[e.Ctx]++
	case fi.full(e.Ctx):
		f.Truncated = true
		fi.Cut = true
		return
	}
	fi.entryKey[k] = true
	fi.entryKey[k+e.Owners] = true
	fi.Entries = append(fi.Entries, e)
	if !hasConsts(e.State) && !decided {
		if fi.plain == nil {
			fi.plain = map[Ctx]int{}
		}
		fi.plain[e.Ctx]++
		fi.plainAll++
	}
	f.Entries = append(f.Entries, e)
	f.queue = append(f.queue, e)
}

// entryKey identifies an entry state: the execution state and locks held,
// not the local facts of the caller.
func (f *Flow) entryKey(s *State) string {
	b := appendInts(make([]byte, 0, 64+16*len(s.Held)+32*len(s.Vars)),
		int64(s.Ctx), int64(s.IRQOff), int64(norm(s.BH)), int64(norm(s.Preempt)), int64(norm(s.Migrate)), int64(norm(s.RCU)))
	b = append(b, '/')
	b = strconv.AppendBool(b, s.Assumed)
	b = append(b, '/')
	b = strconv.AppendBool(b, s.LastRef)
	if s.Oops {
		b = append(b, "/oops"...)
	}
	for _, h := range s.Held {
		if c := f.Table.Classes[h.Class]; c != nil && c.Sleeping {
			continue // a sleeping lock changes nothing the rules look at
		}
		b = append(b, '|')
		b = append(b, h.Key...)
	}
	// The predicate tests the path took (projectEntry): a callee entered
	// after `if (in_task())` is another entry than one entered
	// regardless, so that the test is seen whichever caller comes first.
	for _, d := range s.Decisions {
		b = append(b, '?')
		b = append(b, d.Pred...)
		b = strconv.AppendBool(b, d.Outcome)
		b = appendInts(b, int64(d.Pos.Line), int64(d.Pos.Col))
	}
	// Constant parameters (see constParams).
	for _, kv := range s.Vars {
		n, v := kv.Name, kv.Val
		b = append(b, '#')
		b = append(b, n...)
		b = append(b, '=')
		b = strconv.AppendInt(b, int64(v.Null), 10)
		if v.Const != "" {
			b = append(b, '=')
			b = append(b, v.Const...)
		}
		if v.Obj != "" {
			b = append(b, '@')
			b = append(b, v.Obj...)
		}
		if v.Func != nil {
			b = append(b, "=@"...)
			b = append(b, funcID(v.Func)...)
		}
	}
	return string(b)
}

// norm reduces a nesting count to none / some / unknown.
func norm(d depth) int {
	switch {
	case d.Positive():
		return 1
	case d.Zero():
		return 0
	}
	return -1
}

// maxEntriesPerCtx bounds the entries of one function in one context, so
// that one busy caller does not take every place.
const maxEntriesPerCtx = 6

func (fi *FuncInfo) full(c Ctx) bool {
	// Entries that know constants are bounded apart (maxConstEntries).
	return fi.plain[c] >= maxEntriesPerCtx || fi.plainAll >= maxEntriesPerFunc
}

// maxConstEntries bounds the entries of one function in one context that
// differ by the constants passed to its parameters. Per context: a
// function that many task paths call with their constants keeps the one
// its softirq caller passes (ipv6_ifa_notify(0, ...) from the receive
// path, which takes no case of the callee's switch).
const maxConstEntries = 8

// maxDecisionEntries bounds the entries of one function in one context
// that carry the predicate tests guarding their call.
const maxDecisionEntries = 4

// hasConsts reports whether an entry state knows a parameter's constant,
// or the object a parameter points to (bindParams).
func hasConsts(s *State) bool {
	for _, kv := range s.Vars {
		if v := kv.Val; v.Const != "" || v.Obj != "" || v.Func != nil {
			return true
		}
	}
	return false
}

// Past maxConstEntries, entries keep the ops tables their parameters
// point to for maxObjSigs distinct tables per context, and up to
// maxObjEntries entries for each (the same table reached by callers that
// differ in what else they know: a compat ioctl's field test).
const (
	maxObjSigs    = 16
	maxObjEntries = 4
)

// objectSig names the objects the parameters of an entry state point to.
func objectSig(s *State) string {
	var sig []string
	for _, kv := range s.Vars {
		if kv.Val.Obj != "" {
			sig = append(sig, kv.Name+"="+kv.Val.Obj)
		}
	}
	sort.Strings(sig)
	return strings.Join(sig, ",")
}

// admitObjects reports whether one more entry of context c told apart by
// the objects sig may keep them (maxObjSigs, maxObjEntries).
func (fi *FuncInfo) admitObjects(c Ctx, sig string) bool {
	by := fi.objEntries[c]
	if n, ok := by[sig]; ok {
		return n < maxObjEntries
	}
	return len(by) < maxObjSigs
}

// generalSig marks the count of the entries of an object signature that
// know only the objects (objectsOnly).
const generalSig = "\x00general"

// admitGeneral reports whether one more entry of context c that knows only
// the objects sig may be kept: for a table already kept, up to
// maxObjEntries.
func (fi *FuncInfo) admitGeneral(c Ctx, sig string) bool {
	by := fi.objEntries[c]
	if _, ok := by[sig]; !ok {
		return false
	}
	return by[sig+generalSig] < maxObjEntries
}

// objectsOnly is s knowing of its variables only the objects the
// parameters of keep point to, and whether the mode parameters (see
// modeParams) are zero.
func objectsOnly(s *State, keep, modes map[string]bool) *State {
	t := s.clone()
	t.Vars, t.varsShared = nil, false
	for name := range keep {
		if v, ok := s.Vars.get(name); ok && v.Obj != "" {
			t.setVar(name, Val{Null: No, Obj: v.Obj, ObjName: v.ObjName})
		}
	}
	for name := range modes {
		if v, ok := s.Vars.get(name); ok && v.Null != Unknown && !keep[name] {
			t.setVar(name, Val{Null: v.Null})
		}
	}
	return t
}

// modeParams returns the parameters of n that are modes: a number or a
// bool (not a pointer, not a struct) whose value decides a path
// (decidingParams). What a caller passes there is its choice of what the
// callee does -- snd_pcm_action_nonatomic() passes stream_lock = false,
// so its group action takes the mutexes, not the spinlocks -- where a
// pointer's NULL test or a field's value is only what one caller knew.
// So an entry that stands for many callers keeps whether a mode is zero:
// it doubles such entries at most, within their bound.
func (f *Flow) modeParams(n *callgraph.Node) map[string]bool {
	deciding := f.decidingParams(n)
	out := map[string]bool{}
	for _, p := range n.Fn.Params {
		if deciding[p.Name] && isScalarType(p.Type) {
			out[p.Name] = true
		}
	}
	return out
}

// isScalarType reports whether a C type, as cparse writes it, is a number
// or a bool: no pointer, array, struct or union, no function.
func isScalarType(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" || strings.ContainsAny(t, "*[(") {
		return false
	}
	for _, w := range strings.Fields(t) {
		if w == "struct" || w == "union" {
			return false
		}
	}
	return true
}

func (fi *FuncInfo) countObjects(c Ctx, sig string) {
	if fi.objEntries == nil {
		fi.objEntries = map[Ctx]map[string]int{}
	}
	if fi.objEntries[c] == nil {
		fi.objEntries[c] = map[string]int{}
	}
	fi.objEntries[c][sig]++
}

// withoutConstsBut is withoutConsts keeping the objects the parameters
// of keep point to.
func withoutConstsBut(s *State, keep map[string]bool) *State {
	t := withoutConsts(s)
	for name := range keep {
		if v, ok := s.Vars.get(name); ok && v.Obj != "" {
			w := t.Vars.val(name)
			w.Obj, w.ObjName = v.Obj, v.ObjName
			t.setVar(name, w)
		}
	}
	return t
}

// dispatchParams returns the parameters of n that n calls through
// (ops->do_action()).
func (f *Flow) dispatchParams(n *callgraph.Node) map[string]bool {
	if v, ok := f.dispatch.Load(n); ok {
		return v.(map[string]bool)
	}
	params := map[string]bool{}
	for _, p := range n.Fn.Params {
		if p.Name != "" {
			params[p.Name] = true
		}
	}
	out := map[string]bool{}
	// While computing (recursion through the call graph), none.
	f.dispatch.Store(n, out)
	if n.Fn.Body != nil {
		callgraph.WalkStmt(n.Fn.Body, func(x cparse.Expr) {
			c, ok := x.(*cparse.Call)
			if !ok {
				return
			}
			if c.Name != "" {
				// Passed on to a callee that calls through it.
				callee := f.Graph.Resolve(n.File, c.Name)
				if callee == nil || callee.Fn == nil || callee.Fn == n.Fn {
					return
				}
				sub := f.dispatchParams(callee)
				for i, a := range c.Args {
					if i < len(callee.Fn.Params) && sub[callee.Fn.Params[i].Name] {
						if id, ok := cparse.Unparen(a).(*cparse.Ident); ok && params[id.Name] {
							out[id.Name] = true
						}
					}
				}
				return
			}
			if id := calledThrough(c); params[id] {
				out[id] = true
			}
		})
	}
	return out
}

// withoutConsts returns s without the constants of its variables and the
// objects its pointers point to.
func withoutConsts(s *State) *State {
	t := s.clone()
	for _, kv := range s.Vars {
		if name, v := kv.Name, kv.Val; v.Const != "" || v.Obj != "" || v.Func != nil {
			v.Const, v.Func = "", nil
			v.Obj, v.ObjName = "", ""
			t.setVar(name, v)
		}
	}
	return t
}

// seedRoots creates the entries the kernel starts: registrations, ops
// tables, macros, exports, and functions whose callers are unknown.
func (f *Flow) seedRoots() {
	nodes := append([]*callgraph.Node(nil), f.Graph.Nodes...)
	for _, n := range nodes {
		if f.Table.Noreturn[n.Name()] {
			// panic() and friends run in an emergency: their bodies do
			// what would be wrong anywhere else.
			continue
		}
		for _, r := range n.Roots {
			ctx := r.Ctx
			if f.RT && r.RTCtx != "" {
				ctx = r.RTCtx
			}
			st := f.entryState(ctx)
			if st == nil {
				continue
			}
			f.addEntry(&Entry{Node: n, Ctx: ParseCtx(ctx), State: st, Chain: []Link{{Func: n.Name(), Pos: n.Fn.Pos}}, Root: r.Via, MayPin: r.Entry != nil && r.Entry.MayPin && !r.Unbound, Many: r.Entry != nil && r.Entry.Many, Origin: f.originOf(n, r), Emergency: ctx == "emergency"})
		}
	}
	ext := f.external()
	for _, name := range sortedWayNames(ext) {
		for _, n := range f.Graph.Lookup(name) {
			if f.Unit.Targets[n.File.Path] && !n.Fn.Static && !f.Table.Noreturn[name] {
				f.seedExternal(n, ext[name])
			}
		}
	}
	for _, n := range nodes {
		if f.Table.Noreturn[n.Name()] {
			continue
		}
		fi := f.info(n)
		// Ways from outside the unit are callers.
		// Callers through function pointers add contexts; they do not
		// replace the assumption for a function whose direct callers
		// are unknown.
		noCallers := !hasDirectCaller(n) && len(n.Roots) == 0 && (n.Fn.Static || len(ext[n.Name()]) == 0)
		// A linted function whose address is taken is called through a
		// pointer from somewhere: analysed at least from the default
		// assumption, so that what it does on its own (a sleep in a
		// section it locks itself) is checked, unless the unit shows
		// the calls through the pointer (then those are its ways in).
		pointer := noCallers && len(n.Callers) == 0 && n.AddressTaken && !n.Header && f.Unit.Targets[n.File.Path]
		unknownCallers := n.Exported || (noCallers && !n.Fn.Static && !n.Header) || pointer
		if !unknownCallers && !(noCallers && fi.Declared != 0 && !n.Header) {
			continue
		}
		// A function that tests for a context expects it and the task
		// context it is contrasted with.
		ctxs := fi.Declared | CtxSet(Task)
		why := "callers unknown"
		switch {
		case n.Exported:
			why = "exported, callers unknown"
		case pointer && n.Fn.Static:
			why = "called through a pointer, callers unknown"
		}
		if fi.Declared != 0 {
			why += "; contexts from its own predicate tests"
		}
		// A static function called through a pointer works on the
		// objects of its own module, as an ops table's method does.
		var origin *callgraph.Node
		if pointer && n.Fn.Static {
			origin = n
		}
		for _, c := range ctxs.Kinds() {
			st := f.entryState(c.String())
			st.Assumed = true
			f.addEntry(&Entry{Node: n, Ctx: c, State: st, Chain: []Link{{Func: n.Name(), Pos: n.Fn.Pos}}, Root: why, Assumed: true, Declared: fi.Declared != 0, Origin: origin})
		}
	}
}

// maxRuns bounds the number of function executions per configuration.
const maxRuns = 200000

func (f *Flow) run() {
	f.relevant = relevantFuncs(f.Graph, f.Unit)
	f.seedRoots()
	for len(f.queue) > 0 {
		e := f.queue[0]
		f.queue = f.queue[1:]
		if f.runs >= maxRuns {
			f.Truncated = true
			return
		}
		f.runs++
		fc := &fctx{flow: f, node: e.Node, entry: e}
		fc.exec(e.State.clone())
	}
}

// Contexts returns the entries of a function, sorted by context.
func (f *Flow) Contexts(n *callgraph.Node) []*Entry {
	fi := f.Funcs[n]
	if fi == nil {
		return nil
	}
	out := append([]*Entry(nil), fi.Entries...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Ctx != out[j].Ctx {
			return out[i].Ctx < out[j].Ctx
		}
		if out[i].Assumed != out[j].Assumed {
			return !out[i].Assumed
		}
		return len(out[i].Chain) < len(out[j].Chain)
	})
	return out
}

// relevantFuncs returns the functions defined in the unit's targets and all
// functions that can reach one of them through calls, direct or through
// function pointers: the contexts of other functions cannot change a
// finding in the targets. A function a target calls directly (or through
// other such functions) is relevant too, a tree header's inline helper or
// another file's function: what it does is the caller's doing (an
// allocation wrapper given the caller's GFP flags, a subsystem helper
// called from the caller's timer), and the rules report it at the
// target's call.
func relevantFuncs(g *callgraph.Graph, u *cunit.Unit) map[*callgraph.Node]bool {
	if u == nil || len(u.Targets) == 0 {
		return nil
	}
	rel := map[*callgraph.Node]bool{}
	var work []*callgraph.Node
	for _, n := range g.Nodes {
		if u.Targets[n.File.Path] {
			rel[n] = true
			work = append(work, n)
		}
	}
	down := append([]*callgraph.Node(nil), work...)
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		for _, e := range n.Callers {
			if !rel[e.Caller] {
				rel[e.Caller] = true
				work = append(work, e.Caller)
			}
		}
	}
	// Down, by direct calls; and from a target, by a call through a
	// pointer to a method a library the target calls stored in the
	// target's own object (callgraph.Edge.Filled: card->isac.release()
	// runs isac_release(), which mISDNisac_init() stored).
	for len(down) > 0 {
		n := down[len(down)-1]
		down = down[:len(down)-1]
		for _, e := range n.Callees {
			c := e.Callee
			follow := e.Direct() || e.Filled && u.Targets[n.File.Path]
			if follow && c.Fn != nil && !rel[c] {
				rel[c] = true
				down = append(down, c)
			}
		}
	}
	return rel
}

func hasDirectCaller(n *callgraph.Node) bool {
	for _, e := range n.Callers {
		if e.Direct() {
			return true
		}
	}
	return false
}

// Model names the configuration for the table (kapi.RT or kapi.NonRT):
// what locks and sections mean in it. Config is its name, which for a
// .config or a build's autoconf.h is the file's path.
func (f *Flow) Model() string {
	if f.RT {
		return kapi.RT
	}
	return kapi.NonRT
}
