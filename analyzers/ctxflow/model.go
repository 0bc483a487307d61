// SPDX-License-Identifier: MIT

package ctxflow

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/ctxmodel"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// The state vocabulary is package ctxmodel's; these names keep the
// analysis' code as it reads.
type (
	Ctx       = ctxmodel.Ctx
	CtxSet    = ctxmodel.CtxSet
	Tri       = ctxmodel.Tri
	depth     = ctxmodel.Depth
	Held      = ctxmodel.Held
	CallState = ctxmodel.CallState
	Hop       = ctxmodel.Hop
	Way       = ctxmodel.Way
	Ways      = ctxmodel.Ways
)

const (
	Task         = ctxmodel.Task
	Softirq      = ctxmodel.Softirq
	Hardirq      = ctxmodel.Hardirq
	NMI          = ctxmodel.NMI
	AllCtx       = ctxmodel.AllCtx
	Unknown      = ctxmodel.Unknown
	No           = ctxmodel.No
	Yes          = ctxmodel.Yes
	Same         = ctxmodel.Same
	Restored     = ctxmodel.Restored
	SameOrNo     = ctxmodel.SameOrNo
	SameOrYes    = ctxmodel.SameOrYes
	maxDepth     = ctxmodel.MaxDepth
	depthUnknown = ctxmodel.DepthUnknown
)

// ParseCtx turns a table context name into a context.
func ParseCtx(s string) Ctx {
	s, _, _ = kapi.SplitHeld(s)
	switch s {
	case "task", "task-bh", "task-pinned", "task-irqoff", "emergency":
		return Task
	case "softirq":
		return Softirq
	case "hardirq":
		return Hardirq
	case "nmi":
		return NMI
	}
	return 0
}

func joinTri(a, b Tri) Tri {
	if a == b {
		return a
	}
	if b == Same || b == SameOrNo || b == SameOrYes {
		a, b = b, a
	}
	switch {
	case (a == Same || a == SameOrNo) && (b == No || b == SameOrNo):
		return SameOrNo
	case (a == Same || a == SameOrYes) && (b == Yes || b == SameOrYes):
		return SameOrYes
	}
	return Unknown
}

// atCall is the value of a summary-relative t (Same, SameOrNo ...) for
// a caller whose value is v.
func atCall(t, v Tri) Tri {
	switch t {
	case Same:
		return v
	case Yes, No:
		return t
	case SameOrNo:
		if v == No || v == Same || v == SameOrNo {
			return joinTri(v, No)
		}
	case SameOrYes:
		if v == Yes || v == Same || v == SameOrYes {
			return joinTri(v, Yes)
		}
	}
	return Unknown
}

func joinDepth(a, b depth) depth {
	if a == b {
		return a
	}
	if a > 0 && b > 0 {
		return min(a, b)
	}
	return depthUnknown
}

// Val is what the analysis knows about a local variable's value.
type Val struct {
	Null Tri // the value is NULL / zero
	// PerCPU names the per-CPU object a pointer points into, with the
	// protection it was obtained under.
	PerCPU string
	// Saved holds the IRQ state saved by local_irq_save(flags) and friends.
	Saved Tri
	// SavedValid is set when Saved is meaningful.
	SavedValid bool
	// FromPerCPU marks a value loaded from per-CPU data (a field of it).
	FromPerCPU string
	// MayNull marks the result of a function that may return NULL.
	MayNull bool
	// Load marks a value loaded from memory (a struct field, a global):
	// when it is a pointer it is not assumed NULL.
	Load bool
	// Const is the constant the value is, when known: a number (as
	// written: "0x10"; compared by value) or the name of a constant the
	// parser does not expand (an enumerator, a macro of a header not
	// read): TWA_RESUME passed for a mode parameter. See consts.go.
	Const string
	// GFPBlock marks a value that is true when the caller's GFP flags
	// allow blocking: gfp & __GFP_DIRECT_RECLAIM (see assumeGFP).
	GFPBlock bool
	// Obj is, for a pointer to a named object (&chan->data_q), the
	// object's key ("struct hci_chan.data_q") and ObjName the expression
	// that names it where the pointer was taken ("chan->data_q"): a lock
	// reached through the pointer (&queue->lock) is that object's
	// (instance.go).
	Obj, ObjName string
	// Func is the function of the unit the value is (a function's name,
	// &fn, or a variable or parameter holding it): a call through it
	// calls that function.
	Func *callgraph.Node
}

// asPointer applies "a loaded pointer is not assumed NULL".
func (v Val) asPointer() Val {
	if v.Load && v.Null == Unknown && !v.MayNull {
		v.Null = No
	}
	return v
}

// Decision is a context-predicate branch taken on a path.
type Decision struct {
	Pred    string // predicate name (in_task ...) or helper name
	Pos     cparse.Pos
	Outcome bool
	// Before is the context set before the branch.
	Before CtxSet
}

// State is the execution state on one path.
type State struct {
	Ctx CtxSet
	// Local is the set of contexts the function's own code has not ruled
	// out on this path, starting from all of them at its entry: what the
	// code itself guarantees, whoever its callers are.
	Local   CtxSet
	IRQOff  Tri
	BH      depth // local_bh_disable nesting in task context; >0 in softirq
	Preempt depth
	Migrate depth
	RCU     depth
	Held    []Held
	Vars    varTab
	// Decisions are the context-predicate branches taken so far (for
	// ctxpred); bounded.
	Decisions []Decision
	// Guards are the branches on mode tests the path took without the
	// analysis deciding them (see Guard); bounded, not part of the key.
	Guards []Guard
	// Modes are the guarded branches taken in this run, kept past their
	// join: the value the branch assumed stays assumed (a loop testing
	// the same flag again is decided by that assumption, not by a fact).
	Modes []Guard
	// Prot is the stack of protections entered on this path (lock,
	// preemption, IRQ, BH sections), innermost last.
	Prot []Prot
	// IRQSaved is the stack of IRQ states saved by irqsave calls whose
	// flags the analysis cannot follow (a struct field), innermost last.
	IRQSaved []Tri
	// Assumed is set when the function's callers are unknown and the
	// entry state was assumed.
	Assumed bool
	// LastRef is set on paths that run only when a reference count drops
	// to zero (the true branch of atomic_dec_and_test() and friends).
	LastRef bool
	// Oops is set after bust_spinlocks(1): oops_in_progress is raised,
	// and __might_resched() reports nothing (an oops or die path).
	Oops bool
	// MayBlock is set (to 1 + the number of protections entered then)
	// on paths under a test that the caller's GFP flags allow blocking
	// (gfpflags_allow_blocking(gfp) with gfp a parameter): a sleep there
	// is the caller's request unless a protection was entered since.
	MayBlock int
	// RetNull is what is known of the value returned on a path that
	// has reached a return statement (summaries split effects by it).
	RetNull Tri
	// Dead marks an infeasible or ended path.
	Dead bool
	// Tested are the constants the path's tests found struct fields
	// equal to (switch (nc->type) { case FOO_CB_RCU: ...}) or not, by
	// FieldKey: they narrow a call through a sibling field (siblings.go).
	// Bounded, local to the function, part of the key until the test's
	// ways meet again.
	Tested []FieldTest

	varsShared bool
}

// A varKV is one variable a path knows something of.
type varKV struct {
	Name string
	Val  Val
}

// A varTab is what a path knows of its variables, sorted by name; a
// variable it knows nothing of (Val{Null: Unknown}) is not in it. States
// are cloned at every branch and keyed at every block: a sorted slice
// shared until written (State.varsShared) is copied with one move and
// keyed without sorting, where a map cost more than the rest of a run.
type varTab []varKV

// find returns where name is or would be.
func (t varTab) find(name string) (int, bool) {
	lo, hi := 0, len(t)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t[m].Name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(t) && t[lo].Name == name
}

// get returns what is known of name, and whether anything is.
func (t varTab) get(name string) (Val, bool) {
	if i, ok := t.find(name); ok {
		return t[i].Val, true
	}
	return Val{}, false
}

// val returns what is known of name (the zero Val when nothing is).
func (t varTab) val(name string) Val {
	v, _ := t.get(name)
	return v
}

func (s *State) clone() *State {
	n := *s
	n.Held = append([]Held(nil), s.Held...)
	// Vars are copied on write: both states share the map until one of
	// them sets a variable.
	if s.Vars != nil {
		s.varsShared = true
		n.varsShared = true
	}
	n.Decisions = append([]Decision(nil), s.Decisions...)
	n.Guards = append([]Guard(nil), s.Guards...)
	n.Modes = append([]Guard(nil), s.Modes...)
	n.Prot = append([]Prot(nil), s.Prot...)
	n.IRQSaved = append([]Tri(nil), s.IRQSaved...)
	n.Tested = append([]FieldTest(nil), s.Tested...)
	return &n
}

// Guard is a branch on a mode test that the analysis could not decide:
// a bool field, parameter or local, or a static key (see modeTest). Code
// that runs in several contexts often carries its context in such a
// value (io->in_bh, c->no_sleep, bool atomic, a static key set with the
// option that queues the work on a BH workqueue) and tests it before it
// sleeps or locks; a site reached only through such a branch rests on
// the analysis not knowing the value, and the rules say so.
type Guard struct {
	Pos     cparse.Pos
	Text    string
	Outcome bool
	// cfg and join are the graph the branch is in and the block where its
	// two ways meet again (its immediate post-dominator; nil when they do
	// not): a path that reaches join has left the guard.
	cfg  *cparse.CFG
	join *cparse.BB
}

const maxGuards = 8

// guard records an undecided branch on a mode test.
func (s *State) guard(g Guard) {
	if len(s.Guards) >= maxGuards {
		s.Guards = s.Guards[1:]
	}
	s.Guards = append(s.Guards[:len(s.Guards):len(s.Guards)], g)
	if !s.tookMode(g.cfg, nil) || !slices.ContainsFunc(s.Modes, func(m Guard) bool { return m.cfg == g.cfg && m.Text == g.Text }) {
		if len(s.Modes) >= maxGuards {
			s.Modes = s.Modes[1:]
		}
		s.Modes = append(s.Modes[:len(s.Modes):len(s.Modes)], g)
	}
}

// tookMode reports whether the run took a guarded branch on the same test
// in graph g (any test when cond is nil).
func (s *State) tookMode(g *cparse.CFG, cond cparse.Expr) bool {
	for _, m := range s.Modes {
		if m.cfg == g && (cond == nil || m.Text == cond.String()) {
			return true
		}
	}
	return false
}

// Prot is a protection section entered on a path.
type Prot struct {
	Kind string // "lock", "preempt", "irq", "bh", "migrate"
	Key  string // lock key for locks
	Pos  cparse.Pos
	// Class is the lock class for locks.
	Class string
	// PrevIRQ is the IRQ state before a scoped IRQ section.
	PrevIRQ Tri
	// Sum is the summary of a locking function used as a guard class,
	// undone at the end of the scope.
	Sum *Summary
}

func (s *State) pushProt(p Prot) { s.Prot = append(s.Prot, p) }

func (s *State) popProt(kind, key string) {
	for i := len(s.Prot) - 1; i >= 0; i-- {
		if s.Prot[i].Kind == kind && s.Prot[i].Key == key {
			s.Prot = append(s.Prot[:i], s.Prot[i+1:]...)
			return
		}
	}
}

func (s *State) holds(key string) int {
	for i, h := range s.Held {
		if h.Key == key {
			return i
		}
	}
	return -1
}

func (s *State) acquire(h Held) {
	s.Held = append(s.Held, h)
	sort.SliceStable(s.Held, func(i, j int) bool { return s.Held[i].Key < s.Held[j].Key })
}

// release drops the most recent hold of key; it reports whether one was held.
func (s *State) release(key string) bool {
	for i := len(s.Held) - 1; i >= 0; i-- {
		if s.Held[i].Key == key {
			s.Held = append(s.Held[:i], s.Held[i+1:]...)
			return true
		}
	}
	return false
}

// releaseAlias releases the lock key, or, when no lock of that key is
// held but exactly one lock of the same class is, that one: the same lock
// reached through another name (spin_lock(&hb->lock) in the caller,
// spin_unlock(q->lock_ptr) here). It returns the hold released.
func (s *State) releaseAlias(key, class string) (Held, bool) {
	if i := s.holds(key); i >= 0 && s.Held[i].Class == "" && class != "" {
		// Held by an assertion only (lockdep_assert_held(q->lock_ptr)):
		// the lock the caller took, perhaps known here by another name.
		h := s.Held[i]
		s.release(key)
		if g, ok := s.releaseAlias(key, class); ok {
			return g, true
		}
		return h, true
	}
	if i := s.holds(key); i >= 0 {
		h := s.Held[i]
		s.release(key)
		return h, true
	}
	if class == "" {
		return Held{}, false
	}
	found := -1
	for i, h := range s.Held {
		if h.Class != class || h.Scope != nil {
			continue
		}
		if found >= 0 && s.Held[found].Key != h.Key {
			return Held{}, false
		}
		found = i
	}
	if found < 0 {
		return Held{}, false
	}
	h := s.Held[found]
	s.release(h.Key)
	return h, true
}

func (s *State) setVar(name string, v Val) {
	unknown := v == Val{Null: Unknown}
	i, ok := s.Vars.find(name)
	if unknown && !ok {
		// Nothing known is the same as not tracked.
		return
	}
	if s.varsShared || s.Vars == nil {
		n := make(varTab, len(s.Vars), len(s.Vars)+1)
		copy(n, s.Vars)
		s.Vars = n
		s.varsShared = false
	}
	switch {
	case unknown:
		s.Vars = append(s.Vars[:i], s.Vars[i+1:]...)
	case ok:
		s.Vars[i].Val = v
	default:
		s.Vars = append(s.Vars, varKV{})
		copy(s.Vars[i+1:], s.Vars[i:])
		s.Vars[i] = varKV{name, v}
	}
}

// appendInts appends the numbers to b, separated by '/'.
func appendInts(b []byte, ns ...int64) []byte {
	for i, n := range ns {
		if i > 0 {
			b = append(b, '/')
		}
		b = strconv.AppendInt(b, n, 10)
	}
	return b
}

// key identifies a state for de-duplication at a block.
func (s *State) key() string {
	// Called for every state at every block: built in one buffer,
	// without the temporary strings of concatenations.
	b := appendInts(make([]byte, 0, 64+16*len(s.Held)+32*len(s.Vars)),
		int64(s.Ctx), int64(s.Local), int64(s.IRQOff), int64(s.BH), int64(s.Preempt), int64(s.Migrate), int64(s.RCU))
	if s.LastRef {
		b = append(b, "/L"...)
	}
	if s.Oops {
		b = append(b, "/O"...)
	}
	if s.MayBlock != 0 {
		b = append(b, "/B"...)
		b = strconv.AppendInt(b, int64(s.MayBlock), 10)
	}
	if s.RetNull != Unknown {
		b = append(b, "/R"...)
		b = strconv.AppendInt(b, int64(s.RetNull), 10)
	}
	for _, h := range s.Held {
		b = append(b, '|')
		b = append(b, h.Key...)
	}
	for _, ft := range s.Tested {
		// Paths that know different things of a tested field stay
		// apart until the test's ways meet (leaveTests).
		b = append(b, '~')
		b = append(b, ft.Obj...)
		b = append(b, '~')
		b = append(b, ft.Key...)
		if ft.Not {
			b = append(b, '!')
		}
		b = append(b, '=')
		b = append(b, ft.Const...)
	}
	for _, t := range s.IRQSaved {
		b = append(b, '^')
		b = strconv.AppendInt(b, int64(t), 10)
	}
	if len(s.Vars) > 0 {
		for _, kv := range s.Vars {
			n, v := kv.Name, kv.Val
			b = append(b, ';')
			b = append(b, n...)
			b = append(b, '=')
			b = strconv.AppendInt(b, int64(v.Null), 10)
			if v.SavedValid {
				b = append(b, 's')
				b = strconv.AppendInt(b, int64(v.Saved), 10)
			}
			b = append(b, v.PerCPU...)
			b = append(b, v.FromPerCPU...)
			if v.Obj != "" {
				b = append(b, '@')
				b = append(b, v.Obj...)
			}
			if v.Func != nil {
				b = append(b, '@')
				b = append(b, funcID(v.Func)...)
			}
			if strings.HasPrefix(n, fieldPrefix) {
				b = append(b, v.Const...)
			}
		}
	}
	for _, d := range s.Decisions {
		b = append(b, '#')
		b = append(b, d.Pred...)
		if d.Outcome {
			b = append(b, '+')
		}
	}
	return string(b)
}

// join merges two states at a block that has too many states.
func join(a, b *State) *State {
	n := a.clone()
	n.Ctx = a.Ctx | b.Ctx
	n.Local = a.Local | b.Local
	n.IRQOff = joinTri(a.IRQOff, b.IRQOff)
	n.BH = joinDepth(a.BH, b.BH)
	n.Preempt = joinDepth(a.Preempt, b.Preempt)
	n.Migrate = joinDepth(a.Migrate, b.Migrate)
	n.RCU = joinDepth(a.RCU, b.RCU)
	n.Assumed = a.Assumed || b.Assumed
	n.LastRef = a.LastRef && b.LastRef
	n.Oops = a.Oops && b.Oops
	n.MayBlock = min(a.MayBlock, b.MayBlock)
	n.RetNull = joinTri(a.RetNull, b.RetNull)
	// Locks held on both.
	var held []Held
	for _, h := range a.Held {
		if b.holds(h.Key) >= 0 {
			held = append(held, h)
		}
	}
	n.Held = held
	// Field tests both paths made alike.
	var tested []FieldTest
	for _, ft := range a.Tested {
		if slices.Contains(b.Tested, ft) {
			tested = append(tested, ft)
		}
	}
	n.Tested = tested
	var vars varTab
	for _, kv := range a.Vars {
		w, ok := b.Vars.get(kv.Name)
		if !ok {
			continue
		}
		v := kv.Val
		v.Null = joinTri(v.Null, w.Null)
		if v.PerCPU != w.PerCPU {
			v.PerCPU = ""
		}
		if v.FromPerCPU != w.FromPerCPU {
			v.FromPerCPU = ""
		}
		if v.Const != w.Const {
			v.Const = ""
		}
		if v.Obj != w.Obj || v.ObjName != w.ObjName {
			v.Obj, v.ObjName = "", ""
		}
		if v.Func != w.Func {
			v.Func = nil
		}
		v.GFPBlock = v.GFPBlock && w.GFPBlock
		v.SavedValid = v.SavedValid && w.SavedValid
		v.Saved = joinTri(v.Saved, w.Saved)
		vars = append(vars, varKV{kv.Name, v})
	}
	n.Vars, n.varsShared = vars, false
	k := 0
	for k < len(a.Prot) && k < len(b.Prot) && a.Prot[k] == b.Prot[k] {
		k++
	}
	n.Prot = append([]Prot(nil), a.Prot[:k]...)
	if len(a.IRQSaved) == len(b.IRQSaved) {
		n.IRQSaved = append([]Tri(nil), a.IRQSaved...)
		for i := range n.IRQSaved {
			n.IRQSaved[i] = joinTri(a.IRQSaved[i], b.IRQSaved[i])
		}
	} else {
		n.IRQSaved = nil
	}
	// Keep the guards either took: a site reached on the merged state
	// may be one that only a guarded path reaches.
	n.Guards = append([]Guard(nil), a.Guards...)
	n.Modes = append([]Guard(nil), a.Modes...)
	for _, g := range b.Guards {
		if !slices.Contains(n.Guards, g) {
			n.guard(g)
		}
	}
	for _, g := range b.Modes {
		if !slices.Contains(n.Modes, g) && len(n.Modes) < maxGuards {
			n.Modes = append(n.Modes, g)
		}
	}
	// Keep the common prefix of decisions.
	k = 0
	for k < len(a.Decisions) && k < len(b.Decisions) && a.Decisions[k] == b.Decisions[k] {
		k++
	}
	n.Decisions = append([]Decision(nil), a.Decisions[:k]...)
	return n
}

// BHOff reports whether softirqs cannot run on this CPU here (BH disabled,
// serving a softirq, or IRQs off).
func (s *State) BHOff() Tri {
	if s.BH.Positive() || s.IRQOff == Yes {
		return Yes
	}
	if s.BH.Zero() && s.IRQOff == No {
		return No
	}
	return Unknown
}

// funcID names a function for state keys: its name and where it is defined.
func funcID(n *callgraph.Node) string { return n.Name() + "@" + n.Fn.Pos.String() }
