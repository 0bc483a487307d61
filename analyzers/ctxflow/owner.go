// SPDX-License-Identifier: MIT

package ctxflow

import (
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
)

// Which object a call through a method field runs the method of is not
// in the call: a core calls dev->event(), host->ops->request() or
// ctlr->optimize_message() for the object it was given, and the call
// graph links it to every function any file stores in the field. On a
// path, the object usually comes from the driver the path went through
// last that owns objects of the type (callgraph.Graph.Owns) and is no
// core of it (it does not call through the type's fields itself). That
// driver's objects hold what it stores, or what a library it calls
// stores for it (Graph.Reach); another driver's methods are not theirs.
// With no such driver on the path (a bus calling the bound driver's
// method: a port driver keeps no serio_driver), every stored function
// stays.
//
// Entries of a function whose calls (or its direct callees' calls) an
// owner narrows are told apart by the methods left (Entry.Owners), so
// that two paths through two drivers are both followed, up to
// maxOwnerEntries per function.

// maxOwnerEntries bounds the entries of one function told apart by their
// owners only.
const maxOwnerEntries = 8

// ownerOf returns the files whose stores fill the objects of struct type
// typ a path passes: those the owner reaches, the owner being the last
// file of the chain (and then of last, the function the chain enters
// next, if not nil) that owns objects of typ, is no library's (whose
// objects are its callers': Graph.LibraryFile) and does not call through
// its fields (a file that does may be given others' objects: n_gsm
// stores its own tty methods and calls the attached tty's); else, when
// the path's root was registered by a driver module (origin,
// Entry.Origin), that module's (Graph.ModuleOwner); nil when neither is
// known.
func (f *Flow) ownerOf(chain []Link, last *callgraph.Node, typ string, origin *callgraph.Node) map[*cparse.File]bool {
	g := f.Graph
	seen := map[*cparse.File]bool{}
	check := func(n *callgraph.Node) *cparse.File {
		if n == nil || n.Header || seen[n.File] {
			return nil
		}
		seen[n.File] = true
		if g.Owns(n.File, typ) && !g.LibraryFile(n.File) && !g.CallsThrough(n.File, typ) {
			return n.File
		}
		return nil
	}
	if o := check(last); o != nil {
		return g.Reach(o)
	}
	for j := len(chain) - 1; j >= 0; j-- {
		if o := check(f.chainNode(chain[j])); o != nil {
			return g.Reach(o)
		}
	}
	return g.ModuleOwner(origin, typ)
}

// narrowByOwner keeps the callees of a call through the field key that
// the stores of the allowed files put there (all of them when allowed is
// nil: no owner known).
func (f *Flow) narrowByOwner(key string, allowed map[*cparse.File]bool, callees []*callgraph.Node, vias []string) ([]*callgraph.Node, []string) {
	if allowed == nil {
		return callees, vias
	}
	var cs []*callgraph.Node
	var vs []string
	for k, c := range callees {
		if f.Graph.StoredFrom(key, c, allowed) {
			cs = append(cs, c)
			vs = append(vs, vias[k])
		}
	}
	return cs, vs
}

// byOwner narrows a call through the field key made on the current
// entry's path.
func (fc *fctx) byOwner(key string, callees []*callgraph.Node, vias []string) ([]*callgraph.Node, []string) {
	if fc.entry == nil || len(callees) < 2 {
		return callees, vias
	}
	return fc.flow.narrowByOwner(key, fc.flow.ownerOf(fc.entry.Chain, nil, fieldType(key), fc.entry.Origin), callees, vias)
}

// fieldType is the struct type of a field key ("struct a.b" → "struct a").
func fieldType(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i]
	}
	return key
}

// ownerSig names, for an entry of n reached by chain (which ends at n's
// caller, or at n), the methods the path's owners leave to the calls
// through fields that n and the functions it calls directly make: "" when
// no owner narrows any of them.
func (f *Flow) ownerSig(n *callgraph.Node, chain []Link, origin *callgraph.Node) string {
	keys := f.fieldCallsBelow(n)
	if len(keys) == 0 {
		return ""
	}
	var b strings.Builder
	for _, k := range keys {
		o := f.ownerOf(chain, n, fieldType(k), origin)
		if o == nil {
			continue
		}
		all := f.Graph.Stored[k]
		left, _ := f.narrowByOwner(k, o, all, make([]string, len(all)))
		if len(left) == len(all) {
			continue
		}
		b.WriteString("|" + k + "=")
		for _, c := range left {
			b.WriteString(funcID(c) + ",")
		}
	}
	return b.String()
}

// fieldCallsBelow returns the fields (callgraph.Graph.FieldCalls) that n
// and the functions it reaches by direct calls call through, sorted.
func (f *Flow) fieldCallsBelow(n *callgraph.Node) []string {
	if v, ok := f.fieldCalls.Load(n); ok {
		return v.([]string)
	}
	set := map[string]bool{}
	for _, x := range callgraph.DirectClosure([]*callgraph.Node{n}) {
		for _, k := range f.Graph.FieldCalls(x) {
			set[k] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	f.fieldCalls.Store(n, out)
	return out
}

// chainNode returns the function a link of a witness chain names.
func (f *Flow) chainNode(l Link) *callgraph.Node {
	for _, n := range f.Graph.Lookup(l.Func) {
		if n.Fn.Pos == l.Pos {
			return n
		}
	}
	return nil
}

// originOf returns the function whose modules' objects the kernel hands
// to root r of n (callgraph.Graph.ModuleOwner): the registering function
// (mt76x0e_probe() requesting the IRQ of a handler a library defines,
// for the device it allocated), else n (an ops table); nil for an
// exported function, whose callers may be any module's.
func (f *Flow) originOf(n *callgraph.Node, r *callgraph.Root) *callgraph.Node {
	if r.Kind == "export" {
		return nil
	}
	if reg := r.Registrar; reg != nil && !reg.Header {
		return reg
	}
	if n.Header {
		return nil
	}
	return n
}
