// SPDX-License-Identifier: MIT

// Package ctxmodel is the vocabulary of execution states that the context
// analysis (ctxflow), the tree index and the unit that carries the index's
// answers (cunit.Unit.External) share: contexts, three-valued facts,
// nesting counts, locks held, and the ways into a unit's functions from
// callers outside it. It sits below them all, so that a unit holds its
// ways as a typed value.
package ctxmodel

import (
	"strings"

	"github.com/kcovlint/kcovlint/cparse"
)

// Ctx is one execution context kind.
type Ctx uint8

const (
	Task Ctx = 1 << iota
	Softirq
	Hardirq
	NMI
)

// AllCtx is every context.
const AllCtx = CtxSet(Task | Softirq | Hardirq | NMI)

// CtxSet is a set of contexts.
type CtxSet uint8

// Has reports whether c is in the set.
func (s CtxSet) Has(c Ctx) bool { return s&CtxSet(c) != 0 }

// Kinds lists the contexts in the set.
func (s CtxSet) Kinds() []Ctx {
	var out []Ctx
	for _, c := range []Ctx{Task, Softirq, Hardirq, NMI} {
		if s.Has(c) {
			out = append(out, c)
		}
	}
	return out
}

func (c Ctx) String() string {
	switch c {
	case Task:
		return "task"
	case Softirq:
		return "softirq"
	case Hardirq:
		return "hardirq"
	case NMI:
		return "nmi"
	}
	return "?"
}

func (s CtxSet) String() string {
	var parts []string
	for _, c := range s.Kinds() {
		parts = append(parts, c.String())
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// Tri is a three-valued fact.
type Tri int8

const (
	Unknown Tri = iota
	No
	Yes
	// Same is, in a summary run, the value the caller had at the call: not
	// known, but unchanged.
	Same
	// Restored is, in a summary run, the value the caller saved before the
	// call (an irqrestore with flags the function did not save itself).
	Restored
	// SameOrNo and SameOrYes are, in a summary run, Same on some paths
	// and No (Yes) on others: known when the caller's value is No (Yes).
	// A function that enables IRQs on some paths only (spin_unlock_irq()
	// after a conditional spin_lock_irq()) leaves a caller whose IRQs
	// were on with IRQs on.
	SameOrNo
	SameOrYes
)

func (t Tri) String() string {
	switch t {
	case No:
		return "no"
	case Yes:
		return "yes"
	}
	return "unknown"
}

// Depth is a nesting count (of local_bh_disable(), preempt_disable() ...):
// DepthUnknown, or -MaxDepth..MaxDepth. Negative counts only occur in
// summaries, which run a function relative to its entry (0).
type Depth int8

// MaxDepth bounds a known count; DepthUnknown is a count not known.
const (
	MaxDepth     = 4
	DepthUnknown = Depth(-100)
)

// Inc raises the count.
func (d Depth) Inc() Depth {
	if d == DepthUnknown {
		return d
	}
	if d >= MaxDepth {
		return MaxDepth
	}
	return d + 1
}

// Dec lowers the count; relative counts (summaries) may go negative, an
// absolute count stays at zero (an unbalanced enable is the caller's).
func (d Depth) Dec(relative bool) Depth {
	if d == DepthUnknown {
		return d
	}
	if d <= 0 && !relative {
		return 0
	}
	if d <= -MaxDepth {
		return -MaxDepth
	}
	return d - 1
}

// Positive reports whether the count is known to be above zero.
func (d Depth) Positive() bool { return d > 0 && d != DepthUnknown }

// Unknown reports whether the count is not known.
func (d Depth) Unknown() bool { return d == DepthUnknown }

// Zero reports whether the count is known to be zero.
func (d Depth) Zero() bool { return d == 0 }

// Held is a lock held on a path.
type Held struct {
	Key   string // lock class key: "pool_lock", "struct foo_dev.lock"
	Name  string // as a user writes it: "&dev->lock"
	Class string // kapi class name
	Op    string // the call that took it
	Pos   cparse.Pos
	Read  bool
	// Scope is set for scope-bound holds (guard(), scoped_guard()): the
	// block or loop whose end releases it.
	Scope any
	// Entry is set for holds the function was entered with (the caller's).
	Entry bool
	// PerCPU names the per-CPU object the lock is a member of, when the
	// analysis saw it taken through a per-CPU pointer.
	PerCPU string
	// Param and Path, in a summary, name a lock the function reached
	// through one of its parameters: Param's pointee and the member path
	// written after it ("->lock", "->q.lock"), or the parameter itself
	// (Path ""), so that a caller names the lock by its argument
	// (callerLock).
	Param, Path string
}

// CallState is the state at a call relative to the calling function's
// entry, as a summary run measures it.
type CallState struct {
	// Ctx are the contexts the function's own tests have not ruled out on
	// the way to the call (AllCtx: none ruled out).
	Ctx CtxSet
	// IRQ is Same (as at entry), Yes, No, SameOrNo, SameOrYes, Restored
	// (the caller's caller's saved state) or Unknown.
	IRQ Tri
	// The nesting counts the function added before the call (negative: it
	// left a section its caller entered; DepthUnknown: not known).
	BH, Preempt, Migrate, RCU Depth
	// Held are the locks the function holds at the call.
	Held []Held
	// LastRef: the call runs only when a reference count drops to zero.
	LastRef bool
}

// IsNeutral reports whether the call is made in the state the function
// was entered in.
func (c CallState) IsNeutral() bool {
	return c.Ctx == AllCtx && c.IRQ == Same && c.BH == 0 && c.Preempt == 0 && c.Migrate == 0 && c.RCU == 0 && len(c.Held) == 0 && !c.LastRef
}

// Equal reports whether two call states are the same.
func (c CallState) Equal(d CallState) bool {
	if c.Ctx != d.Ctx || c.IRQ != d.IRQ || c.BH != d.BH || c.Preempt != d.Preempt || c.Migrate != d.Migrate ||
		c.RCU != d.RCU || c.LastRef != d.LastRef || len(c.Held) != len(d.Held) {
		return false
	}
	for i := range c.Held {
		a, b := c.Held[i], d.Held[i]
		if a.Key != b.Key || a.Name != b.Name || a.Class != b.Class || a.Op != b.Op || a.Pos != b.Pos || a.Read != b.Read {
			return false
		}
	}
	return true
}

// Way is a chain of calls from a way the kernel enters code outside the
// unit down to one of the unit's functions: Hops[0] is entered by the
// root, each hop calls the next, the last calls the unit's function.
type Way struct {
	// Root says how the kernel enters Hops[0], as Entry.Root.
	Root string
	// Ctx and RTCtx are the table contexts of the root (RTCtx: on
	// PREEMPT_RT, when different); both "" when the callers of Hops[0]
	// are unknown: it is then assumed to run in task context and in the
	// contexts of Declared.
	Ctx, RTCtx string
	Declared   CtxSet
	// Many: any number of tasks enter the root at once (a system call;
	// kapi.Entry.Many).
	Many bool
	Hops []Hop
}

// Hop is one function of a way and the states at its call of the next.
type Hop struct {
	Func string
	// Pos is where the function is defined, Call its call of the next.
	Pos, Call cparse.Pos
	// States at the call: NonRT with the non-RT semantics, RT with
	// PREEMPT_RT's.
	NonRT, RT []CallState
}

// Ways are the ways into the unit's functions from outside it, by the
// name of the function entered; a unit carries them in
// cunit.Unit.External.
type Ways map[string][]Way
