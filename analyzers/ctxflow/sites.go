// SPDX-License-Identifier: MIT

package ctxflow

import (
	"fmt"
	"strings"

	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// snap captures the state for a site, for one context.
func snap(s *State, c Ctx) Snap {
	return Snap{
		Ctx:       c,
		IRQOff:    s.IRQOff,
		BHOff:     bhOff(s, c),
		BH:        s.BH,
		Preempt:   s.Preempt,
		Migrate:   s.Migrate,
		RCU:       s.RCU,
		Held:      append([]Held(nil), s.Held...),
		Prot:      append([]Prot(nil), s.Prot...),
		Assumed:   s.Assumed,
		Decisions: append([]Decision(nil), s.Decisions...),
		Guards:    append([]Guard(nil), s.Guards...),
		CtxSet:    s.Ctx,
		LastRef:   s.LastRef,
		Oops:      s.Oops,
	}
}

// bhOff tells whether softirqs can run on this CPU at a site in context c.
func bhOff(s *State, c Ctx) Tri {
	if c != Task {
		return Yes
	}
	return s.BHOff()
}

func (fc *fctx) recording() bool { return !fc.summary && fc.entry != nil }

// once reports whether a site with this state is seen for the first time
// in this entry's run.
func (fc *fctx) once(kind string, p cparse.Pos, s *State, k Ctx, extra string) bool {
	f := fc.flow
	if f.recorded == nil {
		f.recorded = map[string]bool{}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s:%d:%d|%p|%d|%d|%d|%d|%d|%d|%d|%v|%s", kind, p.File, p.Line, p.Col, fc.entry, k, s.IRQOff, s.BH, s.Preempt, s.Migrate, s.RCU, s.Ctx, s.Assumed, extra)
	for _, h := range s.Held {
		b.WriteByte('|')
		b.WriteString(h.Key)
	}
	for _, pr := range s.Prot {
		fmt.Fprintf(&b, "|%s@%d", pr.Kind, pr.Pos.Line)
	}
	for _, d := range s.Decisions {
		fmt.Fprintf(&b, "#%s%v@%d", d.Pred, d.Outcome, d.Pos.Line)
	}
	key := b.String()
	if f.recorded[key] {
		return false
	}
	f.recorded[key] = true
	return true
}

func (fc *fctx) site(s *State, c Ctx, p cparse.Pos, call *cparse.Call) Site {
	return Site{Entry: fc.entry, Node: fc.node, Pos: p, Call: call, Snap: snap(s, c)}
}

func (fc *fctx) recordLock(s *State, c *cparse.Call, op *kapi.LockOp, key, name string, guard bool) {
	if !fc.recording() {
		return
	}
	for _, k := range s.Ctx.Kinds() {
		if !fc.once("lock", c.P, s, k, op.Name+key) {
			continue
		}
		var aliases []string
		if op.Arg >= 0 && op.Arg < len(c.Args) {
			for _, a := range fc.node.Scope.ObjectAliases(c.Args[op.Arg]) {
				if a != key {
					aliases = append(aliases, a)
				}
			}
		}
		fc.flow.Locks = append(fc.flow.Locks, &LockSite{Site: fc.site(s, k, c.P, c), Op: op, Key: key, Name: name, Class: op.Class.Name, Guard: guard, Object: namedObject(key, name), Aliases: aliases})
	}
}

// namedObject returns the object a lock of a struct member is written as
// a member of when that object is named, not reached through a pointer:
// rx_pair in &rx_pair.lock. Two objects of one struct type have one class
// key ("struct pair.lock") but are two locks: a task holding tx_pair.lock
// never waits for an interrupt holding rx_pair.lock.
func namedObject(key, name string) string {
	if !strings.HasPrefix(key, "struct ") && !strings.HasPrefix(key, "union ") {
		return ""
	}
	name = strings.TrimPrefix(name, "&")
	i := 0
	for i < len(name) && (name[i] == '_' || name[i] >= 'a' && name[i] <= 'z' || name[i] >= 'A' && name[i] <= 'Z' || i > 0 && name[i] >= '0' && name[i] <= '9') {
		i++
	}
	if i == 0 || i >= len(name) || name[i] != '.' {
		return ""
	}
	return name[:i]
}

func (fc *fctx) recordPred(s *State, c *cparse.Call, p *kapi.Pred, helper string, cond, outcome bool, before CtxSet) {
	if !fc.recording() {
		return
	}
	for _, k := range s.Ctx.Kinds() {
		if !fc.once("pred", c.P, s, k, fmt.Sprintf("%v%v%d", cond, outcome, before)) {
			continue
		}
		fc.flow.Preds = append(fc.flow.Preds, &PredSite{Site: fc.site(s, k, c.P, c), Pred: p, Helper: helper, Cond: cond, Outcome: outcome, Before: before})
	}
}

func (fc *fctx) recordHelper(s *State, c *cparse.Call, helper string, outcome bool) {
	if !fc.recording() {
		return
	}
	for _, k := range s.Ctx.Kinds() {
		if !fc.once("helper", c.P, s, k, fmt.Sprintf("%v", outcome)) {
			continue
		}
		fc.flow.Preds = append(fc.flow.Preds, &PredSite{Site: fc.site(s, k, c.P, c), Helper: helper, Cond: true, Outcome: outcome, Before: s.Ctx})
	}
}

// sleepCall records a call that may sleep, deciding GFP-dependent ones by
// the flags argument.
func (fc *fctx) sleepCall(s *State, c *cparse.Call, sl *kapi.Sleep) {
	why, kind := c.Name, SleepCall
	if sl.GFP >= 0 {
		if sl.GFP >= len(c.Args) {
			return
		}
		names, sleeps := fc.sleepingGFP(s, c.Args[sl.GFP])
		if !sleeps {
			return
		}
		why, kind = strings.Join(names, "|"), SleepGFP
	}
	fc.unlessInterrupt, fc.irqsOffOK, fc.uaccess = sl.UnlessInterrupt, sl.IRQsOffOK, sl.Uaccess
	fc.sleepAt(s, c, c.Name, why, kind, sl.BugInInterrupt)
	fc.unlessInterrupt, fc.irqsOffOK, fc.uaccess = false, false, false
}

// sleepingGFP reports whether an argument is GFP flags that allow
// blocking, and names them: a flag expression (GFP_KERNEL | __GFP_ZERO),
// or a wrapper's flags parameter holding the caller's constant
// (alloc_skb(len, how) with how = GFP_KERNEL).
func (fc *fctx) sleepingGFP(s *State, e cparse.Expr) ([]string, bool) {
	names := gfpNames(e)
	sleeps, known := fc.flow.Table.GFPSleeps(names)
	if !known {
		if id, ok := cparse.Unparen(e).(*cparse.Ident); ok {
			if v, ok := s.Vars.get(id.Name); ok && v.Const != "" && !isNumber(v.Const) {
				names = gfpConstNames(v.Const)
				sleeps, known = fc.flow.Table.GFPSleeps(names)
			}
		}
	}
	return names, known && sleeps
}

// indirectGFP records a call through a function pointer that passes GFP
// flags allowing blocking as a call that may sleep. The flags are the
// caller's leave for whatever function the pointer holds to sleep, and
// the functions it can hold are an open set: the ones the unit stores in
// the field are only those of the files read (a scheduler's init_sid()
// that allocates is in another file than the one that calls it).
func (fc *fctx) indirectGFP(s *State, c *cparse.Call) {
	for _, a := range c.Args {
		if names, ok := fc.sleepingGFP(s, a); ok {
			name := strings.TrimSpace(c.Fun.String())
			fc.sleepAt(s, c, name, strings.Join(names, "|"), SleepGFP, false)
			return
		}
	}
}

func gfpNames(e cparse.Expr) []string {
	var out []string
	var walk func(cparse.Expr)
	walk = func(e cparse.Expr) {
		switch x := cparse.Unparen(e).(type) {
		case *cparse.Ident:
			out = append(out, x.Name)
		case *cparse.Binary:
			if x.Op == "|" || x.Op == "&" {
				walk(x.X)
				if x.Op == "|" {
					walk(x.Y)
				}
			}
		case *cparse.Unary:
			// ~__GFP_DIRECT_RECLAIM removes a flag: ignore the expression.
			if x.Op != "~" {
				walk(x.X)
			}
		}
	}
	walk(e)
	return out
}

func (fc *fctx) sleepAt(s *State, c *cparse.Call, name, why string, kind SleepKind, bug bool) {
	if s.MayBlock > 0 && len(s.Prot) < s.MayBlock {
		// Under gfpflags_allow_blocking(gfp) of the caller's flags, with
		// nothing entered since: the caller asked for a sleeping call.
		return
	}
	if fc.summary {
		fc.addSleep(sleepEffect{name: name, why: why, kind: kind, bug: bug})
		return
	}
	if !fc.recording() {
		return
	}
	for _, k := range s.Ctx.Kinds() {
		if !fc.once("sleep", c.P, s, k, name) {
			continue
		}
		fc.flow.Sleeps = append(fc.flow.Sleeps, &SleepSite{Site: fc.site(s, k, c.P, c), Name: name, Why: why, Kind: kind, BugInInterrupt: bug, UnlessInterrupt: fc.unlessInterrupt, IRQsOffOK: fc.irqsOffOK, Uaccess: fc.uaccess})
	}
}

// percpuCall handles a per-CPU accessor and returns the value.
func (fc *fctx) percpuCall(s *State, c *cparse.Call, pc *kapi.PerCPU, args []Val) Val {
	v := Val{Null: Unknown}
	if pc.Ptr >= 0 || pc.Var >= 0 {
		v = nonNull
	}
	if pc.CPUID {
		if !pc.Raw {
			// The CPU number alone: stale as soon as the task can
			// migrate (DEBUG_PREEMPT's "using smp_processor_id() in
			// preemptible"); the raw accessor is the caller's promise
			// that any CPU's number will do.
			fc.percpuRecord(s, c.P, c, c.Name, "", "cpu-id", c.Name, false)
		}
		return v
	}
	if pc.Raw {
		return v
	}
	arg := func(i int) cparse.Expr {
		if i >= 0 && i < len(c.Args) {
			return c.Args[i]
		}
		return nil
	}
	if pc.CPUArg >= 0 {
		// per_cpu_ptr(x, cpu) is this CPU's data only for smp_processor_id().
		a := arg(pc.CPUArg)
		call, ok := cparse.Unparen(a).(*cparse.Call)
		if !ok {
			return v
		}
		if id := fc.flow.Table.PerCPUs[call.Name]; id == nil || !id.CPUID || id.Raw {
			// Another CPU's data, or the raw accessor's number:
			// per_cpu_ptr(x, raw_smp_processor_id()) is raw_cpu_ptr(x),
			// the caller's promise that any CPU's data will do.
			return v
		}
	}
	var target cparse.Expr
	access := ""
	switch {
	case pc.Ptr >= 0:
		target, access = arg(pc.Ptr), "ptr"
	case pc.Op >= 0:
		target, access = arg(pc.Op), "op"
	case pc.UnsafeOp >= 0:
		target, access = arg(pc.UnsafeOp), "unsafe-op"
	case pc.Var >= 0:
		target, access = arg(pc.Var), "ptr"
	}
	if pc.Pins {
		s.Preempt = s.Preempt.Inc()
		s.pushProt(Prot{Kind: "preempt", Pos: c.P})
	}
	if pc.Unpins {
		s.Preempt = s.Preempt.Dec(fc.summary)
		s.popProt("preempt", "")
	}
	if target == nil {
		return v
	}
	obj, field := fc.percpuObject(s, target)
	if obj == "" {
		return v
	}
	n := len(fc.flow.PerCPU)
	fc.percpuRecord(s, c.P, c, obj, field, access, c.Name, false)
	for _, ps := range fc.flow.PerCPU[n:] {
		ps.Half = pc.Half
	}
	if access == "ptr" {
		v.PerCPU = obj
		if field != "" {
			v.PerCPU = obj + "." + field
		}
	}
	if access == "op" || access == "unsafe-op" {
		v.FromPerCPU = obj
	}
	return v
}

// percpuObject names the per-CPU object an accessor argument denotes: *p
// is the object a local pointer was set to point into (p = &pcp->x, or
// pcp->counts + item for an array member: withObj).
func (fc *fctx) percpuObject(s *State, e cparse.Expr) (obj, field string) {
	e = cparse.Unparen(e)
	if u, ok := e.(*cparse.Unary); ok && u.Op == "*" {
		if id, ok := cparse.Unparen(u.X).(*cparse.Ident); ok && fc.isLocal(id.Name) {
			if v, ok := s.Vars.get(id.Name); ok && v.Obj != "" {
				return v.Obj, ""
			}
		}
		// A per-CPU pointer kept in a struct, or one of an array of
		// them (*(htab->map_locked[i])): the member names the object.
		inner := cparse.Unparen(u.X)
		if ix, ok := inner.(*cparse.Index); ok {
			inner = cparse.Unparen(ix.X)
		}
		if m, ok := inner.(*cparse.Member); ok {
			if key := fc.node.Scope.ObjectKey(m); key != "" {
				return key, ""
			}
		}
		return "", ""
	}
	if u, ok := e.(*cparse.Unary); ok && u.Op == "&" {
		e = cparse.Unparen(u.X)
	}
	switch x := e.(type) {
	case *cparse.Ident:
		if fc.isLocal(x.Name) {
			if v, ok := fc.node.Fn.Locals[x.Name]; ok && v != "" {
				return "", ""
			}
		}
		return x.Name, ""
	case *cparse.Member:
		if id, ok := cparse.Unparen(x.X).(*cparse.Ident); ok && !fc.isLocal(id.Name) {
			return id.Name, x.Name
		}
		if key := fc.node.Scope.ObjectKey(x); key != "" {
			return key, ""
		}
	}
	return "", ""
}

// percpuAccess records a field access through a per-CPU pointer.
func (fc *fctx) percpuAccess(s *State, m *cparse.Member, pc, field, access, accessor string, clear bool) {
	fc.percpuRecord(s, m.P, nil, pc, field, access, accessor, clear)
}

func (fc *fctx) percpuEscape(s *State, e *cparse.Assign, from string) {
	obj, field, _ := strings.Cut(from, ".")
	fc.percpuRecord(s, e.P, nil, obj, field, "escape", "", false)
}

func (fc *fctx) percpuRecord(s *State, p cparse.Pos, c *cparse.Call, obj, field, access, accessor string, clear bool) {
	if !fc.recording() {
		return
	}
	for _, k := range s.Ctx.Kinds() {
		if !fc.once("percpu", p, s, k, obj+"."+field+access+accessor) {
			continue
		}
		fc.flow.PerCPU = append(fc.flow.PerCPU, &PerCPUSite{Site: fc.site(s, k, p, c), Var: obj, Field: field, Access: access, Clear: clear, Accessor: accessor})
	}
}
