// SPDX-License-Identifier: MIT

package ctxflow

// Lock instances through pointers.
//
// A lock in a struct is named by the outermost object it is embedded in
// (callgraph.Scope.ObjectKey): &sk->sk_receive_queue.lock is the socket's
// receive-queue lock, "struct sock.sk_receive_queue.lock". A helper that
// takes a pointer to the inner struct (struct sk_buff_head *queue) and
// locks &queue->lock sees only the inner type; where the analysis sees
// the call, the pointer carries the object it points to (Val.Obj: the
// caller passed &chan->data_q), and the lock is named by it:
// "struct hci_chan.data_q.lock", written &chan->data_q.lock. Without a
// known object (callers outside the unit, a pointer loaded from memory)
// the lock keeps the inner name.

import (
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
)

// lockRef is a lock as a locking call names it.
type lockRef struct {
	// Key is the lock class key, Name the lock as written (see Held).
	Key, Name string
	// Param and Path: see Held.
	Param, Path string
}

// lockName computes a lock's class key and the name a user writes, for
// the lock expression e (the argument of a locking call) in state s.
func (fc *fctx) lockName(s *State, e cparse.Expr) lockRef {
	if s != nil {
		if r, ok := fc.boundLock(s, e); ok {
			return r
		}
	}
	r := lockRef{Name: e.String()}
	r.Key = fc.node.Scope.ObjectKey(e)
	if r.Key != "" {
		r.Key = fc.flow.classOf(fc.node.Scope, r.Key, e)
	} else {
		r.Key = r.Name
		if fc.mentionsLocal(e) {
			// Only this function knows what its locals point to.
			r.Key = fc.node.Fn.Name + ":" + r.Name
		}
	}
	if u, ok := cparse.Unparen(e).(*cparse.Unary); ok && u.Op == "&" {
		if id, ok := cparse.Unparen(u.X).(*cparse.Ident); ok && !fc.isLocal(id.Name) {
			// A static lock: lockdep names it by the variable.
			r.Name = id.Name
		}
	}
	if fc.summary {
		r.Param, r.Path = fc.paramPath(e)
	}
	return r
}

// boundLock names a lock reached through a pointer whose object is known
// on this path: spin_lock(&queue->lock) with queue = &chan->data_q, or
// spin_lock(lock) with lock = &dev->lock.
func (fc *fctx) boundLock(s *State, e cparse.Expr) (lockRef, bool) {
	e = cparse.Unparen(e)
	if id, ok := e.(*cparse.Ident); ok {
		if v, ok := s.Vars.get(id.Name); ok && v.Obj != "" {
			return lockRef{Key: v.Obj, Name: addrOf(v.ObjName)}, true
		}
		return lockRef{}, false
	}
	u, ok := e.(*cparse.Unary)
	if !ok || u.Op != "&" {
		return lockRef{}, false
	}
	key, name, ok := fc.boundObj(s, u.X)
	if !ok {
		return lockRef{}, false
	}
	return lockRef{Key: key, Name: addrOf(name)}, true
}

// addrOf writes the address of a named object: &chan->data_q.lock; a
// static object by its name, as lockdep does.
func addrOf(name string) string {
	if isIdent(name) {
		return name
	}
	return "&" + name
}

func isIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// boundObj names the object x denotes when it is reached through a
// pointer whose object is known: queue->lock with queue = &chan->data_q is
// "struct hci_chan.data_q.lock", chan->data_q.lock.
func (fc *fctx) boundObj(s *State, x cparse.Expr) (key, name string, ok bool) {
	x = cparse.Unparen(x)
	var path []string
	y := x
	for {
		var m *cparse.Member
		switch z := y.(type) {
		case *cparse.Member:
			m = z
			path = append([]string{z.Name}, path...)
		case *cparse.Index:
			if im, ok := cparse.Unparen(z.X).(*cparse.Member); ok && len(path) > 0 {
				m = im
				path = append([]string{im.Name + "[]"}, path...)
			}
		}
		if m == nil {
			return "", "", false
		}
		base := cparse.Unparen(m.X)
		if !m.Arrow {
			y = base
			continue
		}
		id, isID := base.(*cparse.Ident)
		if !isID {
			return "", "", false
		}
		v, bound := s.Vars.get(id.Name)
		if !bound || v.Obj == "" {
			return "", "", false
		}
		rest, cut := strings.CutPrefix(x.String(), id.Name+"->")
		if !cut {
			return "", "", false
		}
		return v.Obj + "." + strings.Join(path, "."), v.ObjName + "." + rest, true
	}
}

// withObj gives v, the value of e, the object e points to when e takes
// the address of a named object (&chan->data_q). It is asked where a
// pointer is kept (a local, a parameter that names a lock's instance),
// not at every &: most addresses are passed once and never reach a lock.
func (fc *fctx) withObj(s *State, e cparse.Expr, v Val) Val {
	switch x := cparse.Unparen(e).(type) {
	case *cparse.Unary:
		if x.Op == "&" {
			v.Obj, v.ObjName = fc.objOf(s, x.X)
		}
	case *cparse.Binary:
		// An array member plus an index points into the array:
		// pcp->vm_stat_diff + item is &pcp->vm_stat_diff[item].
		if m, ok := cparse.Unparen(x.X).(*cparse.Member); ok && (x.Op == "+" || x.Op == "-") && strings.HasSuffix(fc.node.Scope.TypeOf(m), "[]") {
			v.Obj, v.ObjName = fc.objOf(s, m)
		}
	}
	return v
}

// objOf names the object x denotes, for a pointer to it (&x): its key and
// the expression, or "" when it has no stable name.
func (fc *fctx) objOf(s *State, x cparse.Expr) (key, name string) {
	if k, n, ok := fc.boundObj(s, x); ok {
		return k, n
	}
	switch cparse.Unparen(x).(type) {
	case *cparse.Ident, *cparse.Member, *cparse.Index:
	default:
		return "", ""
	}
	if key = fc.node.Scope.ObjectKey(x); key == "" {
		return "", ""
	}
	return key, cparse.Unparen(x).String()
}

// paramPath returns, for a lock expression through one of the function's
// parameters (&p->lock, &p->q.lock, or p itself), the parameter and the
// member path written after it ("->lock", "->q.lock", "").
func (fc *fctx) paramPath(e cparse.Expr) (param, path string) {
	e = cparse.Unparen(e)
	isParam := func(name string) bool {
		for _, p := range fc.node.Fn.Params {
			if p.Name == name && name != "" {
				return true
			}
		}
		return false
	}
	if id, ok := e.(*cparse.Ident); ok {
		if isParam(id.Name) {
			return id.Name, ""
		}
		return "", ""
	}
	u, ok := e.(*cparse.Unary)
	if !ok || u.Op != "&" {
		return "", ""
	}
	y := cparse.Unparen(u.X)
	for {
		m, ok := y.(*cparse.Member)
		if !ok {
			return "", ""
		}
		base := cparse.Unparen(m.X)
		if !m.Arrow {
			y = base
			continue
		}
		id, ok := base.(*cparse.Ident)
		if !ok || !isParam(id.Name) {
			return "", ""
		}
		rest, cut := strings.CutPrefix(cparse.Unparen(u.X).String(), id.Name)
		if !cut {
			return "", ""
		}
		return id.Name, rest
	}
}

// memberPath builds the expression &(arg)->a.b for the argument a caller
// passed and a Path of Held ("->a.b"): &chan->data_q passed for queue,
// queue's "->lock", gives &chan->data_q.lock.
func memberPath(arg cparse.Expr, path string) cparse.Expr {
	rest, ok := strings.CutPrefix(path, "->")
	if !ok || rest == "" {
		return nil
	}
	names := strings.Split(rest, ".")
	p := arg.Pos()
	var x cparse.Expr
	if u, ok := cparse.Unparen(arg).(*cparse.Unary); ok && u.Op == "&" {
		// (&obj)->a is obj.a.
		x = &cparse.Member{P: p, X: u.X, Name: names[0]}
	} else {
		x = &cparse.Member{P: p, X: arg, Name: names[0], Arrow: true}
	}
	for _, n := range names[1:] {
		if n == "" {
			return nil
		}
		x = &cparse.Member{P: p, X: x, Name: n}
	}
	return &cparse.Unary{P: p, Op: "&", X: x}
}

// instanceParams returns the parameters through which a function names
// a lock's instance: the base of a locking call's lock argument
// (spin_lock(&queue->lock), spin_lock(lock)), or passed on to a function
// of the unit that does -- and those it calls a method through
// (ops->do_action(): the object decides the method, byObject). Only their
// objects are kept at the entry (a pointer passed for another purpose
// makes no entry of its own).
func (f *Flow) instanceParams(n *callgraph.Node) map[string]bool {
	if v, ok := f.instances.Load(n); ok {
		return v.(map[string]bool)
	}
	// While computing (recursion through the call graph), none.
	f.instances.Store(n, map[string]bool{})
	params := map[string]bool{}
	for _, p := range n.Fn.Params {
		if p.Name != "" {
			params[p.Name] = true
		}
	}
	out := map[string]bool{}
	base := func(e cparse.Expr) string {
		e = cparse.Unparen(e)
		if u, ok := e.(*cparse.Unary); ok && u.Op == "&" {
			e = cparse.Unparen(u.X)
		}
		for {
			switch x := e.(type) {
			case *cparse.Member:
				e = cparse.Unparen(x.X)
				continue
			case *cparse.Index:
				e = cparse.Unparen(x.X)
				continue
			case *cparse.Ident:
				if params[x.Name] {
					return x.Name
				}
			}
			return ""
		}
	}
	t := f.Table
	if len(params) > 0 && n.Fn.Body != nil {
		callgraph.WalkStmt(n.Fn.Body, func(x cparse.Expr) {
			c, ok := x.(*cparse.Call)
			if !ok {
				return
			}
			if c.Name == "" {
				// ops->do_action(...): the object a parameter points to
				// decides which method runs (byObject).
				if id := calledThrough(c); params[id] {
					out[id] = true
				}
				// guard(NAME)(lock)
				if inner, ok := c.Fun.(*cparse.Call); ok && inner.Name == "guard" {
					for _, a := range c.Args {
						if p := base(a); p != "" {
							out[p] = true
						}
					}
				}
				return
			}
			if op, ok := t.Locks[c.Name]; ok {
				if op.Arg < len(c.Args) {
					if p := base(c.Args[op.Arg]); p != "" {
						out[p] = true
					}
				}
				return
			}
			if a, ok := t.Asserts[c.Name]; ok {
				if a.Held >= 0 && a.Held < len(c.Args) {
					if p := base(c.Args[a.Held]); p != "" {
						out[p] = true
					}
				}
				return
			}
			if t.Scoped[c.Name] {
				for _, a := range c.Args {
					if p := base(a); p != "" {
						out[p] = true
					}
				}
				return
			}
			if t.Models(c.Name) {
				return
			}
			callee := f.Graph.Resolve(n.File, c.Name)
			if callee == nil || callee.Fn == nil || callee.Fn == n.Fn {
				return
			}
			sub := f.instanceParams(callee)
			for i, a := range c.Args {
				if i >= len(callee.Fn.Params) || !sub[callee.Fn.Params[i].Name] {
					continue
				}
				if p := base(a); p != "" {
					out[p] = true
				}
			}
		})
	}
	f.instances.Store(n, out)
	return out
}

// bindParams gives the callee's instance parameters the objects the
// caller's arguments point to (in s, the caller's state at the call).
func (fc *fctx) bindParams(s, ent *State, fn *cparse.Func, args []cparse.Expr, vals []Val, instance map[string]bool) {
	if len(instance) == 0 {
		return
	}
	for i, v := range vals {
		if i >= len(fn.Params) || i >= len(args) {
			break
		}
		name := fn.Params[i].Name
		if !instance[name] {
			continue
		}
		v = fc.withObj(s, args[i], v)
		if v.Obj == "" {
			continue
		}
		w, ok := ent.Vars.get(name)
		if !ok {
			w = Val{Null: No}
		}
		w.Obj, w.ObjName = v.Obj, v.ObjName
		ent.setVar(name, w)
	}
}
