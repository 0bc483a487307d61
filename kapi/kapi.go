// SPDX-License-Identifier: MIT

// Package kapi is kcovlint's kernel knowledge: the data in kernel.table
// (which API takes which lock, changes which execution state, may sleep,
// registers a callback for which context, what changes on PREEMPT_RT) with
// typed accessors. Analyses and rules read kernel semantics from here only.
package kapi

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed kernel.table
var tableText []byte

// documentedText is the generated table of the callback contexts the
// kernel's headers document (kapi/docfacts): ops lines only, each with
// the header and line it came from (src=).
//
//go:embed documented.table
var documentedText []byte

// Config names used by the table.
const (
	NonRT = "nonrt"
	RT    = "rt"
)

// Class is a lock class: how holding a lock of it changes the state.
type Class struct {
	Name     string
	spins    string // nonrt, rt, both, none
	preempt  string
	migrate  string
	rcu      string
	irqVar   string
	Sleeping bool
	PerCPU   bool
}

func inConfig(s, config string) bool {
	switch s {
	case "both":
		return true
	case "nonrt":
		return config == NonRT
	case "rt":
		return config == RT
	}
	return false
}

// Spins reports whether the lock busy-waits (does not sleep) in config.
func (c *Class) Spins(config string) bool { return inConfig(c.spins, config) }

// SleepsIn reports whether acquiring the lock may sleep in config.
func (c *Class) SleepsIn(config string) bool {
	if c.Sleeping {
		return true
	}
	return !c.Spins(config) && c.spins != "none" || (c.spins == "none" && config == RT)
}

// SameInRT reports whether the class means the same with and without
// PREEMPT_RT: whether it spins or sleeps, and what holding it and its
// _irq variants disable (a raw_spinlock_t, a mutex; not a spinlock_t).
func (c *Class) SameInRT() bool {
	return c.Spins(NonRT) == c.Spins(RT) && c.SleepsIn(NonRT) == c.SleepsIn(RT) &&
		c.DisablesPreemption(NonRT) == c.DisablesPreemption(RT) && c.DisablesMigration(NonRT) == c.DisablesMigration(RT) &&
		c.HoldsRCU(NonRT) == c.HoldsRCU(RT) && c.IRQVariantsDisable(NonRT) == c.IRQVariantsDisable(RT)
}

// DisablesPreemption reports whether holding the lock disables preemption.
func (c *Class) DisablesPreemption(config string) bool { return inConfig(c.preempt, config) }

// DisablesMigration reports whether holding the lock pins the task to its CPU.
func (c *Class) DisablesMigration(config string) bool {
	return inConfig(c.migrate, config) || c.DisablesPreemption(config)
}

// HoldsRCU reports whether holding the lock implies an RCU read-side section.
func (c *Class) HoldsRCU(config string) bool { return inConfig(c.rcu, config) }

// IRQVariantsDisable reports whether the _irq/_irqsave variants really
// disable IRQs in config.
func (c *Class) IRQVariantsDisable(config string) bool { return inConfig(c.irqVar, config) }

// LockOp is a locking call.
type LockOp struct {
	Name     string
	Op       string // acquire, release, try, assert
	Class    *Class
	Arg      int    // argument naming the lock
	IRQ      string // off, on, save, restore, ""
	Flags    int    // argument holding the flags, -1
	BH       string // off, on, ""
	Read     bool
	NestedBH bool
	Invert   bool // try that returns 0 on success (mutex_lock_interruptible)
	NoSleep  bool
	// Of is the call this one is the IRQ or BH variant of
	// (spin_lock_irqsave of spin_lock), "" for a base call.
	Of string
}

// Base returns the call a lock call is a variant of, or its own name.
func (l *LockOp) Base() string {
	if l.Of != "" {
		return l.Of
	}
	return l.Name
}

// LockVariant returns the variant of the base lock call with the given
// IRQ and BH effects (irq "save", bh "" gives spin_lock_irqsave for
// spin_lock; "restore" spin_unlock_irqrestore for spin_unlock), or "".
func (t *Table) LockVariant(base, irq, bh string) string {
	if irq == "" && bh == "" {
		if _, ok := t.Locks[base]; ok {
			return base
		}
		return ""
	}
	for name, l := range t.Locks {
		if l.Of == base && l.IRQ == irq && l.BH == bh {
			return name
		}
	}
	return ""
}

// StateOp is a call that changes execution state without taking a lock.
type StateOp struct {
	Name       string
	IRQ        string
	Flags      int
	BH         string
	Preempt    string
	Migrate    string
	RCU        string
	ReturnsCPU bool
	// RTOnly: the call changes the state on PREEMPT_RT only and is a
	// no-op elsewhere (preempt_disable_nested()).
	RTOnly bool
	// RTMigrate: on PREEMPT_RT the preempt= change is a change of
	// migration instead (kmap_atomic(): migrate_disable() there).
	RTMigrate bool
	// IRQNonRT: the irq= change is made without PREEMPT_RT only (a
	// spinlock_t's _irq variants leave IRQs on under PREEMPT_RT).
	IRQNonRT bool
	// BHNonRT: the bh= change is made without PREEMPT_RT only, and
	// PreemptRT: the preempt= change with PREEMPT_RT only (x86's
	// fpregs_lock() is local_bh_disable() or preempt_disable()).
	BHNonRT, PreemptRT bool
	// Oops is "arg" for bust_spinlocks(yes): a nonzero constant
	// argument sets oops_in_progress, a zero one clears it.
	Oops string
}

// Pred is a context predicate.
type Pred struct {
	Name       string
	Meaning    string
	Deprecated bool
	CoreOnly   bool
	// Needs is the configuration without which the predicate is a
	// constant ("CONFIG_PREEMPT_COUNT": preemptible() is 0 without it).
	Needs string
}

// Assert is an annotation that states a fact.
type Assert struct {
	Name    string
	Held    int // argument naming a held lock, -1
	IRQs    string
	Ctx     string
	Preempt string
}

// Sleep is a call that may sleep.
type Sleep struct {
	Name            string
	GFP             int // argument holding GFP flags, -1: always sleeps
	BugInInterrupt  bool
	UnlessInterrupt bool
	// VMap: a vmalloc-space allocation (vmalloc(), __vmalloc()), which
	// may sleep whatever its flags: no GFP flag makes it atomic.
	VMap bool
	// IRQsOffOK: called with IRQs disabled and nothing else atomic, the
	// call is allowed (schedule(): __schedule() disables IRQs itself,
	// and its debug check looks only at the preemption count).
	IRQsOffOK bool
	// Uaccess: a user-memory access, which sleeps only in a page fault
	// (get_user(), copy_from_user()): in atomic context the fault handler
	// fixes the access up instead (faulthandler_disabled()).
	Uaccess bool
}

// LockWait describes a wait that sleeps with a lock released
// (wait_event_lock_irq(wq, cond, lock)) or with commands run around the
// sleep (wait_event_cmd(wq, cond, cmd1, cmd2)): the lock argument is
// released with Release before Before is evaluated and the wait sleeps,
// and taken again with Acquire after After. Arguments are -1 when absent.
type LockWait struct {
	Name             string
	Lock             int
	Release, Acquire string
	Before, After    int
}

// PerCPU describes a per-CPU accessor.
type PerCPU struct {
	Name     string
	Ptr      int // pointer to this CPU's data: valid while pinned
	Op       int // one preemption-safe operation
	UnsafeOp int // one operation that needs preemption off
	CPUArg   int // per_cpu_ptr(x, cpu)
	Var      int
	Raw      bool
	CPUID    bool
	Pins     bool
	Unpins   bool
	// Half is "read" or "write" for an accessor that only reads or only
	// writes its object (__this_cpu_read(), __this_cpu_write()): a read
	// and a later write of one object are a read-modify-write. It is
	// "rmw" for one that does both, not atomically against another task
	// on the CPU (__this_cpu_inc()).
	Half string
}

// BitOp sets, clears or tests the bit numbered by argument Bit of the word
// argument Addr points to.
type BitOp struct {
	Name      string
	Op        string // set, clear or test
	Bit, Addr int
}

// Entry is a call that registers a callback.
type Entry struct {
	Name     string
	Fn       int // -1 when the function is bound elsewhere (a field)
	Ctx      string
	RTCtx    string // context on PREEMPT_RT when different; "task-bh": task with BH disabled; "task-pinned": a per-CPU kthread bound to its CPU; "task-irqoff": task with IRQs disabled; "emergency": task with IRQs disabled while the kernel panics (oops_in_progress)
	Obj      int
	HardFlag int
	Thread   int // threaded handler argument, -1
	Also     int // a second callback argument run the same way (a teardown beside a startup), -1
	Work     bool
	// MayPin: the task running the callback may be bound to one CPU (a
	// work item on a per-CPU workqueue's worker, a kthread the code may
	// bind with kthread_bind()), which DEBUG_PREEMPT takes as pinned.
	MayPin bool
	// Many: any number of tasks can run the callback at once (a system
	// call), as if it were reached from many roots.
	Many       bool
	BindsField string
	Self       bool // entrymacro: the function the macro defines
	// Suffixes: the function names are the argument with these appended
	// (DEVICE_ATTR_RW(foo): foo_show, foo_store).
	Suffixes []string
	// ArgCtx is the argument whose text decides the context, by
	// ArgCtxs (-1: none): cpuhp_setup_state(CPUHP_AP_FOO_STARTING, ...)
	// runs its callbacks on the incoming CPU with IRQs off.
	ArgCtx  int
	ArgCtxs []ArgCtx
}

// ArgCtx says that a registration whose argument's text contains Sub
// runs its callback in Ctx, in both configurations.
type ArgCtx struct {
	Sub, Ctx string
}

// ArgCtxFor returns the ArgCtx an argument's text selects, or nil.
func (e *Entry) ArgCtxFor(arg string) *ArgCtx {
	for i := range e.ArgCtxs {
		if strings.Contains(arg, e.ArgCtxs[i].Sub) {
			return &e.ArgCtxs[i]
		}
	}
	return nil
}

// WQAlloc allocates a workqueue: its workers are unbound when the call
// always makes it so (Unbound), or when its flags argument (Flags)
// names UnboundFlag.
type WQAlloc struct {
	Name        string
	Flags       int
	UnboundFlag string
	Unbound     bool
}

// UnboundBy reports whether a call of the allocator with these arguments
// makes an unbound workqueue.
func (a *WQAlloc) UnboundBy(args []string) bool {
	if a.Unbound {
		return true
	}
	return a.UnboundFlag != "" && a.Flags >= 0 && a.Flags < len(args) && strings.Contains(args[a.Flags], a.UnboundFlag)
}

// Queue queues a work item.
type Queue struct {
	Name string
	WQ   int
	Obj  int
}

// Ops is a function-pointer field of an operations struct.
type Ops struct {
	Type, Field, Ctx string
	RTCtx            string
	// Ctxs are all the contexts the kernel calls the field in (Ctx is
	// the first), RTCtxs their PREEMPT_RT counterparts ("" where the same).
	Ctxs, RTCtxs []string
	// Held is the lock the kernel's dispatcher holds around the call, as
	// the locking call that took it and the object ("spin_lock_irq",
	// "snd_pcm_group.lock"), or "".
	HeldCall, HeldObj string
	// Src, for a fact of the generated documented.table, is the header
	// and line that documents it ("include/net/mac80211.h:3908").
	Src string
	// IfSet, when not "", is a field ("snd_pcm.nonatomic") that, set to
	// true by the code that registers the ops, switches the field to
	// IfSetCtx (a PCM driver with nonatomic streams has its trigger
	// called in sleepable task context, under a mutex).
	IfSet, IfSetCtx string
}

// ContextsIf returns Contexts, or, when the registering code sets the
// IfSet field, the one context IfSetCtx.
func (o *Ops) ContextsIf(set bool) [][2]string {
	if set && o.IfSet != "" {
		return [][2]string{{o.IfSetCtx, ""}}
	}
	return o.Contexts()
}

// Contexts returns the contexts of an ops field as roots carry them: one
// (ctx, rtctx) pair per context the kernel calls it in, each with the
// lock the dispatcher holds ("task+spin_lock_irq:snd_pcm_group.lock":
// see WithHeld).
func (o *Ops) Contexts() [][2]string {
	var out [][2]string
	for i, c := range o.Ctxs {
		rt := ""
		if i < len(o.RTCtxs) {
			rt = o.RTCtxs[i]
		}
		c = WithHeld(c, o.HeldCall, o.HeldObj)
		if rt != "" {
			rt = WithHeld(rt, o.HeldCall, o.HeldObj)
		}
		out = append(out, [2]string{c, rt})
	}
	return out
}

// WithHeld names a context entered with a lock held: the context, "+",
// the locking call and the object ("task+raw_spin_lock_irqsave:irq_desc.lock"
// is task context under desc->lock, taken with IRQs saved and disabled).
func WithHeld(ctx, call, obj string) string {
	if call == "" {
		return ctx
	}
	return ctx + "+" + call + ":" + obj
}

// SplitHeld splits a context made by WithHeld: the context, the locking
// call and the object ("" when no lock is held).
func SplitHeld(ctx string) (base, call, obj string) {
	base, held, ok := strings.Cut(ctx, "+")
	if !ok {
		return ctx, "", ""
	}
	call, obj, _ = strings.Cut(held, ":")
	return base, call, obj
}

// Field is a callback field assigned at run time.
type Field struct {
	Field, Ctx, Of string
	RTCtx          string
}

// Define is a file-scope macro that defines a lock or per-CPU data.
type Define struct {
	Name   string
	Lock   int
	Class  string
	PerCPU int
}

// LockClass is a call that gives a lock its own lockdep class
// (lockdep_set_class(lock, key)): Lock and Key are argument indexes.
type LockClass struct {
	Name      string
	Lock, Key int
}

// Guard maps a guard class name (guard(NAME)(...)) to a call.
type Guard struct {
	Name    string
	Acquire string // lock call
	State   string // state call
}

// Table is the loaded knowledge.
type Table struct {
	Classes map[string]*Class
	Locks   map[string]*LockOp
	States  map[string]*StateOp
	Preds   map[string]*Pred
	Asserts map[string]*Assert
	Sleeps  map[string]*Sleep
	GFP     map[string]bool
	// GFPTests are the functions that test whether GFP flags allow
	// blocking (gfpflags_allow_blocking), by the flags' argument index.
	GFPTests map[string]int
	Null     map[string]bool
	Noreturn map[string]bool
	// reports are the calls that only print or warn (report NAME; a
	// NAME ending in * is a prefix).
	reports        map[string]bool
	reportPrefixes []string
	PerCPUs        map[string]*PerCPU
	Entries        map[string]*Entry
	EntryMacros    map[string]*Entry
	Queues         map[string]*Queue
	BHWQ           map[string]bool
	// UnboundWQ are workqueues whose workers are not bound to a CPU;
	// WQAllocs the calls that allocate a workqueue, with what makes the
	// result unbound.
	UnboundWQ   map[string]bool
	WQAllocs    map[string]*WQAlloc
	Ops         []*Ops
	Fields      map[string]*Field
	Defines     map[string]*Define
	Exports     map[string]int
	Guards      map[string]*Guard
	LockClasses map[string]*LockClass
	Scoped      map[string]bool
	// LastRef are the tests that are true when the last reference to an
	// object is dropped (atomic_dec_and_test ...).
	LastRef map[string]bool
	// Bound are the callback fields ("notifier_block.notifier_call")
	// whose function is bound to the object at its registration: a call
	// through the field runs the callback of the object registered, which
	// the struct type does not tell (every notifier of every chain has
	// the type), so the call graph does not resolve such calls by type.
	Bound map[string]bool
	// BitOps set, clear or test one bit of a word (set_bit()).
	BitOps map[string]*BitOp
	// ModeTests are calls that test a run-time mode (static keys): a
	// branch on them the analysis cannot decide is a Guard.
	ModeTests map[string]bool
	// LockWaits are waits that release a lock or run commands around
	// the sleep.
	LockWaits map[string]*LockWait
	Configs   map[string]map[string]string
	// hardirqTests are the names of config hardirq-tests.
	hardirqTests map[string]bool
}

var (
	once  sync.Once
	table *Table
	err   error
)

// Default returns the table built into kcovlint. It panics if the table
// does not load, which the package's tests prevent.
func Default() *Table {
	once.Do(func() {
		table, err = Parse(tableText)
		if err == nil {
			err = table.AddDocumented(documentedText)
		}
	})
	if err != nil {
		panic("kapi: " + err.Error())
	}
	return table
}

type line struct {
	no    int
	kind  string
	name  string
	attrs map[string]string
}

func (l *line) int(key string) int {
	v, ok := l.attrs[key]
	if !ok {
		return -1
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

func (l *line) has(key string) bool { _, ok := l.attrs[key]; return ok }

// AddDocumented adds the ops lines of a generated table of documented
// callback contexts (documented.table) that the table does not already
// say: a hand entry for the field, or for the whole struct (TYPE.*), wins
// over the documentation's general "can sleep". Each added Ops has Src,
// the header and line the fact came from.
func (t *Table) AddDocumented(text []byte) error {
	d, err := Parse(text)
	if err != nil {
		return fmt.Errorf("documented table: %v", err)
	}
	have := map[string]bool{}
	for _, o := range t.Ops {
		have[o.Type+"."+o.Field] = true
	}
	for _, o := range d.Ops {
		if o.Src == "" {
			return fmt.Errorf("documented table: %s.%s has no src=", o.Type, o.Field)
		}
		if have[o.Type+"."+o.Field] || have[o.Type+".*"] {
			continue
		}
		t.Ops = append(t.Ops, o)
	}
	return nil
}

// Parse reads a table.
func Parse(text []byte) (*Table, error) {
	t := &Table{
		Classes: map[string]*Class{}, Locks: map[string]*LockOp{}, States: map[string]*StateOp{},
		Preds: map[string]*Pred{}, Asserts: map[string]*Assert{}, Sleeps: map[string]*Sleep{},
		GFP: map[string]bool{}, GFPTests: map[string]int{}, Null: map[string]bool{}, Noreturn: map[string]bool{}, reports: map[string]bool{},
		PerCPUs: map[string]*PerCPU{}, Entries: map[string]*Entry{}, EntryMacros: map[string]*Entry{},
		Queues: map[string]*Queue{}, BHWQ: map[string]bool{}, UnboundWQ: map[string]bool{}, WQAllocs: map[string]*WQAlloc{}, Fields: map[string]*Field{},
		Defines: map[string]*Define{}, Exports: map[string]int{}, Guards: map[string]*Guard{}, LockClasses: map[string]*LockClass{},
		Scoped: map[string]bool{}, Configs: map[string]map[string]string{}, LastRef: map[string]bool{}, Bound: map[string]bool{}, BitOps: map[string]*BitOp{}, ModeTests: map[string]bool{}, LockWaits: map[string]*LockWait{},
	}
	var lines []*line
	sc := bufio.NewScanner(bytes.NewReader(text))
	no := 0
	for sc.Scan() {
		no++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Fields(s)
		if len(f) < 2 {
			return nil, fmt.Errorf("line %d: want \"kind name ...\": %q", no, s)
		}
		l := &line{no: no, kind: f[0], name: f[1], attrs: map[string]string{}}
		for _, kv := range f[2:] {
			k, v, _ := strings.Cut(kv, "=")
			l.attrs[k] = v
		}
		lines = append(lines, l)
	}
	// Classes first: lock entries refer to them.
	for _, l := range lines {
		if l.kind == "class" {
			t.Classes[l.name] = &Class{Name: l.name, spins: l.attrs["spins"], preempt: l.attrs["preempt"], migrate: l.attrs["migrate"], rcu: l.attrs["rcu"], irqVar: l.attrs["irq-variants"], Sleeping: l.has("sleeping"), PerCPU: l.has("percpu")}
		}
	}
	for _, l := range lines {
		switch l.kind {
		case "class":
		case "lock":
			c := t.Classes[l.attrs["class"]]
			if c == nil {
				return nil, fmt.Errorf("line %d: unknown lock class %q", l.no, l.attrs["class"])
			}
			arg := l.int("arg")
			if arg < 0 {
				arg = 0
			}
			op := l.attrs["op"]
			switch op {
			case "acquire", "release", "try", "assert":
			default:
				return nil, fmt.Errorf("line %d: bad op %q", l.no, op)
			}
			t.Locks[l.name] = &LockOp{Name: l.name, Op: op, Class: c, Arg: arg, IRQ: l.attrs["irq"], Flags: l.int("flags"), BH: l.attrs["bh"], Read: l.has("read"), NestedBH: l.has("nested-bh"), Invert: l.has("invert"), NoSleep: l.has("nosleep"), Of: l.attrs["of"]}
		case "state":
			t.States[l.name] = &StateOp{Name: l.name, IRQ: l.attrs["irq"], Flags: l.int("flags"), BH: l.attrs["bh"], Preempt: l.attrs["preempt"], Migrate: l.attrs["migrate"], RCU: l.attrs["rcu"], ReturnsCPU: l.has("returns-cpu"), RTOnly: l.has("rt-only"), RTMigrate: l.has("rt-migrate"), IRQNonRT: l.has("irq-nonrt"), BHNonRT: l.has("bh-nonrt"), PreemptRT: l.has("preempt-rt"), Oops: l.attrs["oops"]}
		case "pred":
			t.Preds[l.name] = &Pred{Name: l.name, Meaning: l.attrs["meaning"], Deprecated: l.has("deprecated"), CoreOnly: l.has("core-only"), Needs: l.attrs["needs"]}
		case "assert":
			t.Asserts[l.name] = &Assert{Name: l.name, Held: l.int("held"), IRQs: l.attrs["irqs"], Ctx: l.attrs["ctx"], Preempt: l.attrs["preempt"]}
		case "sleep":
			t.Sleeps[l.name] = &Sleep{Name: l.name, GFP: l.int("gfp"), BugInInterrupt: l.has("bug-in-interrupt"), UnlessInterrupt: l.has("unless-interrupt"), VMap: l.has("vmap"), IRQsOffOK: l.has("irqs-off-ok"), Uaccess: l.has("uaccess")}
		case "gfp":
			t.GFP[l.name] = l.attrs["sleeps"] == "yes"
		case "gfptest":
			t.GFPTests[l.name] = l.int("arg")
		case "null":
			t.Null[l.name] = true
		case "noreturn":
			t.Noreturn[l.name] = true
		case "report":
			if p, ok := strings.CutSuffix(l.name, "*"); ok {
				t.reportPrefixes = append(t.reportPrefixes, p)
			} else {
				t.reports[l.name] = true
			}
		case "percpu":
			t.PerCPUs[l.name] = &PerCPU{Name: l.name, Ptr: l.int("ptr"), Op: l.int("op"), UnsafeOp: l.int("unsafe-op"), CPUArg: l.int("cpu-arg"), Var: l.int("var"), Raw: l.has("raw"), CPUID: l.has("cpu-id"), Pins: l.has("pins"), Unpins: l.has("unpins"), Half: l.attrs["half"]}
		case "entry", "entrymacro":
			e := &Entry{Name: l.name, Fn: l.int("fn"), Ctx: l.attrs["ctx"], RTCtx: l.attrs["rt"], Obj: l.int("obj"), HardFlag: l.int("hardflag"), Thread: l.int("thread"), Also: l.int("also"), Work: l.has("work"), MayPin: l.has("may-pin"), Many: l.has("many"), BindsField: l.attrs["binds-field"], Self: l.has("self")}
			if suf := l.attrs["suffix"]; suf != "" {
				e.Suffixes = strings.Split(suf, ",")
			}
			e.ArgCtx = -1
			if v := l.attrs["argctx"]; v != "" {
				// argctx=N:SUB=CTX[,SUB=CTX...]
				n, pairs, ok := strings.Cut(v, ":")
				i, err := strconv.Atoi(n)
				if !ok || err != nil || i < 0 {
					return nil, fmt.Errorf("line %d: bad argctx %q", l.no, v)
				}
				e.ArgCtx = i
				for _, p := range strings.Split(pairs, ",") {
					sub, ctx, ok := strings.Cut(p, "=")
					if !ok || sub == "" || ctx == "" || !validCtx(ctx) {
						return nil, fmt.Errorf("line %d: bad argctx %q", l.no, v)
					}
					e.ArgCtxs = append(e.ArgCtxs, ArgCtx{Sub: sub, Ctx: ctx})
				}
			}
			if !validCtx(e.Ctx) || (e.RTCtx != "" && !validCtx(e.RTCtx)) {
				return nil, fmt.Errorf("line %d: bad context in %q", l.no, l.name)
			}
			if l.kind == "entry" {
				t.Entries[l.name] = e
			} else {
				t.EntryMacros[l.name] = e
			}
		case "queue":
			t.Queues[l.name] = &Queue{Name: l.name, WQ: l.int("wq"), Obj: l.int("obj")}
		case "bhwq":
			t.BHWQ[l.name] = true
		case "unboundwq":
			t.UnboundWQ[l.name] = true
		case "wqalloc":
			t.WQAllocs[l.name] = &WQAlloc{Name: l.name, Flags: l.int("flags"), UnboundFlag: l.attrs["unbound-flag"], Unbound: l.has("unbound")}
		case "ops":
			typ, field, ok := strings.Cut(l.name, ".")
			if !ok {
				return nil, fmt.Errorf("line %d: ops wants TYPE.FIELD", l.no)
			}
			o := &Ops{Type: typ, Field: field, Ctxs: strings.Split(l.attrs["ctx"], ","), Src: l.attrs["src"]}
			if rt := l.attrs["rt"]; rt != "" {
				o.RTCtxs = strings.Split(rt, ",")
				if len(o.RTCtxs) != len(o.Ctxs) {
					return nil, fmt.Errorf("line %d: rt= needs one context for each of ctx=", l.no)
				}
			}
			for i, c := range o.Ctxs {
				if c == "" || !validCtx(c) || i < len(o.RTCtxs) && !validCtx(o.RTCtxs[i]) {
					return nil, fmt.Errorf("line %d: bad context in %q", l.no, l.name)
				}
			}
			o.Ctx = o.Ctxs[0]
			if len(o.RTCtxs) > 0 {
				o.RTCtx = o.RTCtxs[0]
			}
			if h := l.attrs["held"]; h != "" {
				o.HeldCall, o.HeldObj, _ = strings.Cut(h, ":")
				if !strings.Contains(o.HeldObj, ".") {
					return nil, fmt.Errorf("line %d: held= wants LOCKCALL:TYPE.MEMBER", l.no)
				}
			}
			if m := l.attrs["if-set"]; m != "" {
				o.IfSet, o.IfSetCtx, _ = strings.Cut(m, ":")
				base, _, _ := SplitHeld(o.IfSetCtx)
				if !strings.Contains(o.IfSet, ".") || base == "" || !validCtx(base) {
					return nil, fmt.Errorf("line %d: if-set= wants TYPE.FIELD:CTX", l.no)
				}
			}
			for _, x := range t.Ops {
				if x.Type == o.Type && x.Field == o.Field {
					return nil, fmt.Errorf("line %d: %s listed twice", l.no, l.name)
				}
			}
			t.Ops = append(t.Ops, o)
		case "field":
			t.Fields[l.name] = &Field{Field: l.name, Ctx: l.attrs["ctx"], Of: l.attrs["of"], RTCtx: l.attrs["rt"]}
		case "define":
			t.Defines[l.name] = &Define{Name: l.name, Lock: l.int("lock"), Class: l.attrs["class"], PerCPU: l.int("percpu")}
		case "export":
			t.Exports[l.name] = l.int("fn")
		case "guard":
			t.Guards[l.name] = &Guard{Name: l.name, Acquire: l.attrs["acquire"], State: l.attrs["state"]}
		case "lockclass":
			lc := &LockClass{Name: l.name, Lock: l.int("lock"), Key: l.int("key")}
			if lc.Lock < 0 || lc.Key < 0 {
				return nil, fmt.Errorf("line %d: lockclass wants lock=N key=N", l.no)
			}
			t.LockClasses[l.name] = lc
		case "scoped":
			t.Scoped[l.name] = true
		case "bitop":
			b := &BitOp{Name: l.name, Op: l.attrs["op"], Bit: l.int("bit"), Addr: l.int("addr")}
			if (b.Op != "set" && b.Op != "clear" && b.Op != "test") || b.Bit < 0 || b.Addr < 0 {
				return nil, fmt.Errorf("line %d: bitop wants op=set|clear|test bit=N addr=N", l.no)
			}
			t.BitOps[l.name] = b
		case "lastref":
			t.LastRef[l.name] = true
		case "bound":
			if !strings.Contains(l.name, ".") {
				return nil, fmt.Errorf("line %d: bound wants STRUCT.FIELD", l.no)
			}
			t.Bound[l.name] = true
		case "modetest":
			t.ModeTests[l.name] = true
		case "lockwait":
			t.LockWaits[l.name] = &LockWait{Name: l.name, Lock: l.int("lock"), Release: l.attrs["release"], Acquire: l.attrs["acquire"], Before: l.int("before"), After: l.int("after")}
		case "config":
			t.Configs[l.name] = l.attrs
		default:
			return nil, fmt.Errorf("line %d: unknown kind %q", l.no, l.kind)
		}
	}
	for _, o := range t.Ops {
		_, ifSetCall, _ := SplitHeld(o.IfSetCtx)
		for _, call := range []string{o.HeldCall, ifSetCall} {
			if call == "" {
				continue
			}
			if op := t.Locks[call]; op == nil || op.Op != "acquire" {
				return nil, fmt.Errorf("ops %s.%s: held= names no acquiring lock call: %s", o.Type, o.Field, call)
			}
		}
	}
	for _, g := range t.Guards {
		if g.Acquire != "" && t.Locks[g.Acquire] == nil {
			return nil, fmt.Errorf("guard %s: unknown lock call %s", g.Name, g.Acquire)
		}
		if g.State != "" && t.States[g.State] == nil {
			return nil, fmt.Errorf("guard %s: unknown state call %s", g.Name, g.State)
		}
	}
	sort.SliceStable(t.Ops, func(i, j int) bool { return t.Ops[i].Field != "*" && t.Ops[j].Field == "*" })
	t.hardirqTests = map[string]bool{}
	if v := t.Configs["hardirq-tests"]["value"]; v != "" {
		for _, n := range strings.Split(v, ",") {
			t.hardirqTests[n] = true
		}
	}
	return t, nil
}

func validCtx(c string) bool {
	switch c {
	case "", "task", "softirq", "hardirq", "nmi", "task-bh", "task-pinned", "task-irqoff", "emergency":
		return true
	}
	return false
}

// OpsCtx returns the context of a function stored in field of a struct of
// type typ ("file_operations"), or "".
func (t *Table) OpsCtx(typ, field string) string {
	if o := t.OpsEntry(typ, field); o != nil {
		return o.Ctx
	}
	return ""
}

// OpsEntry returns the table entry for a field of an operations struct.
func (t *Table) OpsEntry(typ, field string) *Ops {
	var any *Ops
	for _, o := range t.Ops {
		if o.Type != typ {
			continue
		}
		if o.Field == field {
			return o
		}
		if o.Field == "*" && any == nil {
			any = o
		}
	}
	return any
}

// GFPSleeps reports whether an allocation with these flag names may sleep:
// a sleeping flag and no non-sleeping one. Unknown names do not count.
func (t *Table) GFPSleeps(names []string) (sleeps, known bool) {
	yes, no := false, false
	for _, n := range names {
		s, ok := t.GFP[n]
		if !ok {
			continue
		}
		known = true
		if s {
			yes = true
		} else {
			no = true
		}
	}
	return yes && !no, known
}

// Models reports whether the table says what a call of the named function
// does (takes or releases a lock, changes the execution state, tests or
// asserts a context, sleeps, registers a callback ...). A call it does not
// model is analysed through the callee's definition, when there is one.
func (t *Table) Models(name string) bool {
	if t.Locks[name] != nil || t.States[name] != nil || t.Preds[name] != nil || t.Asserts[name] != nil ||
		t.Sleeps[name] != nil || t.PerCPUs[name] != nil || t.Entries[name] != nil || t.Queues[name] != nil ||
		t.Guards[name] != nil || t.LockClasses[name] != nil || t.BitOps[name] != nil {
		return true
	}
	if _, ok := t.GFPTests[name]; ok {
		return true
	}
	return t.Null[name] || t.Noreturn[name] || t.BHWQ[name] || t.Scoped[name] || t.LastRef[name] || t.ModeTests[name] || t.LockWaits[name] != nil
}

// TellsHardirqApart reports whether a use of the named function or macro
// tells hardirq and NMI context apart from softirq without a predicate of
// hardirq or NMI meaning (config hardirq-tests: preempt_count() masks and
// counts, in_task()).
func (t *Table) TellsHardirqApart(name string) bool { return t.hardirqTests[name] }

// OnlyReports reports whether a call only prints or warns (the table's
// report entries): a test whose branch does nothing else complains about a
// context rather than expecting it.
func (t *Table) OnlyReports(name string) bool {
	if t.reports[name] {
		return true
	}
	for _, p := range t.reportPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
