// SPDX-License-Identifier: MIT

package ctxflow

// Lockdep classes set by the code.
//
// lockdep_set_class(&dev->rx->lock, &foo_rx_key) gives the locks reached
// through dev->rx a class of their own: &dev->tx->lock, another struct
// chan's lock reached through another member, is another class although
// both are "struct chan.lock" by type. A lock taken through the member a
// lockdep_set_class*() call of the unit names is keyed by that class
// ("struct chan.lock#foo_rx_key"); other acquisitions of the type keep
// the type's key (the class of the instances those reach is not known).

import (
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
)

// reclass is one lockdep_set_class*() of the unit: the locks reached
// through the pointer member Ptr ("struct foo_dev.rx->lock") get Class.
type reclass struct {
	Ptr, Class string
}

// reclasses collects the unit's lockdep_set_class*() calls by the lock's
// key.
func (f *Flow) reclasses() map[string][]reclass {
	f.reclassOnce.Do(func() {
		f.reclass = map[string][]reclass{}
		for _, n := range f.Graph.Nodes {
			callgraph.WalkStmt(n.Fn.Body, func(x cparse.Expr) {
				c, ok := x.(*cparse.Call)
				if !ok || c.Name == "" {
					return
				}
				lc := f.Table.LockClasses[c.Name]
				if lc == nil || lc.Lock >= len(c.Args) || lc.Key >= len(c.Args) {
					return
				}
				ptr := pointerPath(n.Scope, c.Args[lc.Lock])
				if ptr == "" {
					return
				}
				key := n.Scope.ObjectKey(c.Args[lc.Lock])
				f.reclass[key] = append(f.reclass[key], reclass{Ptr: ptr, Class: classKeyName(n.Scope, c.Args[lc.Key])})
			})
		}
	})
	return f.reclass
}

// classOf returns the key of a lock named key and written e: the class a
// lockdep_set_class*() of the unit gave the locks reached through the
// same pointer member, else key.
func (f *Flow) classOf(sc *callgraph.Scope, key string, e cparse.Expr) string {
	rs := f.reclasses()[key]
	if len(rs) == 0 {
		return key
	}
	ptr := pointerPath(sc, e)
	if ptr == "" {
		return key
	}
	for _, r := range rs {
		if r.Ptr == ptr {
			return key + "#" + r.Class
		}
	}
	return key
}

// pointerPath names a lock expression by the pointer member it is
// reached through: &dev->rx->lock is "struct foo_dev.rx->lock", the lock
// of the object dev->rx points to; "" when the pointer is no member with
// a name (a local, a parameter: &sk->q.lock).
func pointerPath(sc *callgraph.Scope, e cparse.Expr) string {
	e = cparse.Unparen(e)
	if u, ok := e.(*cparse.Unary); ok && u.Op == "&" {
		e = cparse.Unparen(u.X)
	}
	var path []string
	for {
		m, ok := e.(*cparse.Member)
		if !ok {
			return ""
		}
		path = append([]string{m.Name}, path...)
		base := cparse.Unparen(m.X)
		if !m.Arrow {
			e = base
			continue
		}
		if _, ok := base.(*cparse.Member); !ok {
			return ""
		}
		k := sc.ObjectKey(base)
		if k == "" {
			return ""
		}
		return k + "->" + strings.Join(path, ".")
	}
}

// classKeyName names a lockdep key expression: &foo_key is foo_key, an
// element of a key array (keys + i, &keys[i]) the array's "keys[]".
func classKeyName(sc *callgraph.Scope, e cparse.Expr) string {
	e = cparse.Unparen(e)
	if u, ok := e.(*cparse.Unary); ok && u.Op == "&" {
		e = cparse.Unparen(u.X)
	}
	switch x := e.(type) {
	case *cparse.Binary:
		if x.Op == "+" {
			if k := sc.ObjectKey(x.X); k != "" {
				return k + "[]"
			}
		}
	case *cparse.Index:
		if k := sc.ObjectKey(x.X); k != "" {
			return k + "[]"
		}
	}
	if k := sc.ObjectKey(e); k != "" {
		return k
	}
	return e.String()
}
