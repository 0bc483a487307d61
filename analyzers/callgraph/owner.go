// SPDX-License-Identifier: MIT

package callgraph

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/kcovlint/kcovlint/cparse"
)

// Which object a call through a method field runs the method of is not
// in the call: a core calls dev->event() for whatever device it is given.
// The facts below let the context analysis narrow such a call by the
// files of the path that led to it: a driver that fills or keeps objects
// of the struct type and does not call through its fields owns the
// objects its paths pass down, and their methods are what it (or a
// library it calls) stores there.

// ownerFacts are the per-file facts, computed once per graph.
type ownerFacts struct {
	once sync.Once
	// stores: file → struct types it stores a function in a field of.
	stores map[*cparse.File]map[string]bool
	// calls: file → struct types it calls a function through a field of.
	calls map[*cparse.File]map[string]bool
	mu    sync.Mutex
	reach map[*cparse.File]map[*cparse.File]bool
	keeps map[*cparse.File]map[string]bool
	// fieldCalls: function → the fields it calls through that the unit
	// stores more than one function in.
	fieldCalls map[*Node][]string
}

func (g *Graph) ownerInit() {
	o := &g.owners
	o.once.Do(func() {
		o.stores = map[*cparse.File]map[string]bool{}
		o.calls = map[*cparse.File]map[string]bool{}
		o.reach = map[*cparse.File]map[*cparse.File]bool{}
		o.keeps = map[*cparse.File]map[string]bool{}
		add := func(m map[*cparse.File]map[string]bool, f *cparse.File, key string) {
			i := strings.LastIndexByte(key, '.')
			if i < 0 {
				return
			}
			if m[f] == nil {
				m[f] = map[string]bool{}
			}
			m[f][key[:i]] = true
		}
		for key, by := range g.storedIn {
			for f := range by {
				add(o.stores, f, key)
			}
		}
		o.fieldCalls = map[*Node][]string{}
		for _, ic := range g.indirect {
			add(o.calls, ic.in.File, ic.key)
			if len(g.Stored[ic.key]) > 1 && !slices.Contains(o.fieldCalls[ic.in], ic.key) {
				o.fieldCalls[ic.in] = append(o.fieldCalls[ic.in], ic.key)
			}
		}
	})
}

// CallsThrough reports whether a function of file f calls through a
// field of the struct type typ ("struct input_dev"): f is a core of that
// type, not one of its implementations.
func (g *Graph) CallsThrough(f *cparse.File, typ string) bool {
	g.ownerInit()
	return g.owners.calls[f][typ]
}

// Owns reports whether file f makes or keeps objects of the struct type
// typ: it stores a function in one of its fields, or a struct of its own
// (defined in the file or in a header of its directory) has a member of
// that type or a pointer to one.
func (g *Graph) Owns(f *cparse.File, typ string) bool {
	g.ownerInit()
	if g.owners.stores[f][typ] {
		return true
	}
	o := &g.owners
	o.mu.Lock()
	defer o.mu.Unlock()
	keeps := o.keeps[f]
	if keeps == nil {
		keeps = map[string]bool{}
		dir := filepath.Dir(f.Path)
		for _, st := range f.Structs {
			if st.Pos.File != f.Path && filepath.Dir(st.Pos.File) != dir {
				continue
			}
			for _, fl := range st.Fields {
				if bt := BaseType(fl.Type); structLike(bt) {
					keeps[bt] = true
				}
			}
		}
		o.keeps[f] = keeps
	}
	return keeps[typ]
}

// StoredFrom reports whether fn is stored in the field key by one of the
// files of allowed.
func (g *Graph) StoredFrom(key string, fn *Node, allowed map[*cparse.File]bool) bool {
	for f, fns := range g.storedIn[key] {
		if allowed[f] {
			for _, x := range fns {
				if x == fn {
					return true
				}
			}
		}
	}
	return false
}

// Reach returns file f with the files whose functions f's functions
// reach by direct calls: the libraries that may fill f's objects
// (input_ff_create_memless() storing dev->event for its caller).
func (g *Graph) Reach(f *cparse.File) map[*cparse.File]bool {
	g.ownerInit()
	o := &g.owners
	o.mu.Lock()
	defer o.mu.Unlock()
	if r := o.reach[f]; r != nil {
		return r
	}
	r := map[*cparse.File]bool{f: true}
	var own []*Node
	for _, n := range g.Nodes {
		if n.File == f && !n.Header {
			own = append(own, n)
		}
	}
	for _, n := range DirectClosure(own) {
		r[n.File] = true
	}
	o.reach[f] = r
	return r
}

// FieldCalls returns the fields function n calls through that the unit
// stores more than one function in (a call an owner may narrow).
func (g *Graph) FieldCalls(n *Node) []string {
	g.ownerInit()
	return g.owners.fieldCalls[n]
}

// DirectClosure returns the functions reached from starts by direct calls,
// starts included, each once.
func DirectClosure(starts []*Node) []*Node {
	seen := map[*Node]bool{}
	var out, stack []*Node
	for _, n := range starts {
		if !seen[n] {
			seen[n] = true
			stack = append(stack, n)
		}
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		out = append(out, n)
		for _, e := range n.Callees {
			if e.Direct() && !seen[e.Callee] {
				seen[e.Callee] = true
				stack = append(stack, e.Callee)
			}
		}
	}
	return out
}
