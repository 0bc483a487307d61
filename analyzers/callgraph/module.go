// SPDX-License-Identifier: MIT

package callgraph

import (
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/kcovlint/kcovlint/cparse"
)

// A driver module's objects hold its methods, not a sibling module's.
// mt7603e and mt7915e both fill struct mt76_bus_ops, one each for its own
// devices; the interrupt handler mt7603e registers is given an mt7603
// device, and the bus accessors it calls through dev->bus are those
// mt7603e (or a library it calls, mt76's mmio.c) stores, never
// mt7915e's nor the USB library's. The chain-owner narrowing (owner.go)
// does not see this when the driver itself calls through the type's
// fields (the accessors are macros every file of the driver expands).
//
// So a path whose root a leaf module registered (no other module of the
// unit calls a function of it directly: it is a driver, not a library
// the others share) narrows the calls through the fields of a struct
// type that module's own structs hold, embedded or by pointer, to the
// functions that module and the code it calls store there. A library's
// paths (mt76's own NAPI poll) are not narrowed: its objects may be any
// driver's.

// moduleFacts are the per-module facts, computed once per graph.
type moduleFacts struct {
	once sync.Once
	of   map[*cparse.File]string
	// files: module → its files with functions in the graph.
	files map[string][]*cparse.File
	// library: modules whose functions another module calls directly.
	library map[string]bool
	mu      sync.Mutex
	reach   map[string]map[*cparse.File]bool
	keeps   map[string]map[string]bool
	// funcKeeps: function → funcKeeps.
	funcKeeps map[*Node]map[string]bool
	// drivers: function → drivers.
	drivers map[*Node][]string
}

func (g *Graph) moduleInit() {
	m := &g.modules
	m.once.Do(func() {
		m.of = map[*cparse.File]string{}
		m.files = map[string][]*cparse.File{}
		m.library = map[string]bool{}
		m.reach = map[string]map[*cparse.File]bool{}
		m.keeps = map[string]map[string]bool{}
		m.funcKeeps = map[*Node]map[string]bool{}
		m.drivers = map[*Node][]string{}
		for _, n := range g.Nodes {
			if n.Header || n.File == nil {
				continue
			}
			if _, ok := m.of[n.File]; !ok {
				mod := g.unit.Module(n.File.Path)
				m.of[n.File] = mod
				m.files[mod] = append(m.files[mod], n.File)
			}
		}
		for _, n := range g.Nodes {
			if n.Header || n.File == nil {
				continue
			}
			for _, e := range n.Callees {
				c := e.Callee
				if !e.Direct() || c.Header || c.File == nil {
					continue
				}
				if mc := m.of[c.File]; mc != m.of[n.File] {
					m.library[mc] = true
				}
			}
		}
	})
}

// ModuleOwner returns the files whose stores can fill the objects of
// struct type typ that a path carries whose root function origin
// registered (or is, with no registering function): the files of the
// driver modules origin works for (its own module, or for a library
// function the drivers that call it: mt76x02_dma_init() sets up the
// tasklet of the PCI drivers that call it, never of a USB one) and the
// files their functions reach by direct calls. It returns nil when no
// driver is known (a library function no driver of the unit calls by
// name), or when typ is neither held by those modules' own structs nor
// by the objects origin works on (its parameters and locals:
// mt76x0e_probe()'s struct mt76x02_dev, a library's type the driver
// allocates), so that the objects are not known to be the drivers'.
func (g *Graph) ModuleOwner(origin *Node, typ string) map[*cparse.File]bool {
	if origin == nil || origin.Header || origin.File == nil {
		return nil
	}
	g.moduleInit()
	m := &g.modules
	mods := g.drivers(origin)
	if len(mods) == 0 {
		return nil
	}
	base := strings.SplitN(typ, "@", 2)[0]
	kept := g.funcKeeps(origin)[base]
	for _, mod := range mods {
		kept = kept || g.moduleKeeps(mod)[base]
	}
	if !kept {
		return nil
	}
	key := strings.Join(mods, "\x00")
	m.mu.Lock()
	r, done := m.reach[key]
	m.mu.Unlock()
	if !done {
		r = map[*cparse.File]bool{}
		for _, mod := range mods {
			for _, mf := range m.files[mod] {
				for x := range g.Reach(mf) {
					r[x] = true
				}
			}
		}
		m.mu.Lock()
		m.reach[key] = r
		m.mu.Unlock()
	}
	// The drivers' objects hold their own methods only if they (or the
	// code they call) store some: a UDC driver keeps a pointer to the
	// gadget driver's ops, which the gadget core hands it.
	g.ownerInit()
	for f := range r {
		if g.owners.stores[f][typ] {
			return r
		}
	}
	return nil
}

// maxDriverWalk bounds the functions drivers() visits upward.
const maxDriverWalk = 500

// drivers returns, sorted, the driver modules (no other module calls
// them by name) whose functions reach n by direct calls, n's own module
// when it is one; nil when some function on the way up is a library's
// that no function of the unit calls by name (its callers are not
// known), or when the walk is too long.
func (g *Graph) drivers(n *Node) []string {
	m := &g.modules
	m.mu.Lock()
	if d, ok := m.drivers[n]; ok {
		m.mu.Unlock()
		return d
	}
	m.mu.Unlock()
	set := map[string]bool{}
	seen := map[*Node]bool{n: true}
	stack := []*Node{n}
	ok := true
	for len(stack) > 0 && ok {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		mod, known := m.of[x.File]
		if x.Header || !known {
			ok = false
			break
		}
		if !m.library[mod] {
			set[mod] = true
			continue
		}
		if x.Exported {
			// Callers anywhere in the tree, also through header
			// wrappers the unit did not read (led_classdev_register()
			// around the exported led_classdev_register_ext()): the
			// drivers the unit shows are not all of them.
			ok = false
			break
		}
		callers := 0
		for _, e := range x.Callers {
			if !e.Direct() {
				continue
			}
			callers++
			if c := e.Caller; !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
		if callers == 0 || len(seen) > maxDriverWalk {
			ok = false
		}
	}
	var out []string
	if ok {
		for mod := range set {
			out = append(out, mod)
		}
		sort.Strings(out)
	}
	m.mu.Lock()
	m.drivers[n] = out
	m.mu.Unlock()
	return out
}

// funcKeeps returns the struct types that the objects function n's
// parameters and locals are, or point to, hold (keepMembers): what a
// probe's struct mt76x02_dev *dev embeds and the ops tables it points to;
// an ops table a local points to too.
func (g *Graph) funcKeeps(n *Node) map[string]bool {
	m := &g.modules
	m.mu.Lock()
	defer m.mu.Unlock()
	if k := m.funcKeeps[n]; k != nil {
		return k
	}
	keeps := map[string]bool{}
	var types []string
	for _, p := range n.Fn.Params {
		types = append(types, p.Type)
	}
	for _, t := range n.Fn.Locals {
		types = append(types, t)
	}
	for _, t := range types {
		bt := BaseType(t)
		if !structLike(bt) {
			continue
		}
		st := g.structOf(n.File, bt)
		if st == nil {
			continue
		}
		if opsLike(st) {
			keeps[bt] = true
			continue
		}
		g.keepMembers(n.File, st, keeps, 0)
	}
	m.funcKeeps[n] = keeps
	return keeps
}

// structOf returns the definition of struct type t as file f sees it.
func (g *Graph) structOf(f *cparse.File, t string) *cparse.Struct {
	if st := f.Structs[t]; st != nil {
		return st
	}
	if g.unit != nil {
		return g.unit.Structs[t]
	}
	return nil
}

// keepMembers adds to keeps the struct types an object of st holds:
// its embedded members (by value, and what those hold in turn, to a
// small depth) and the ops tables its pointer members point to (struct
// mt76_dev's const struct mt76_bus_ops *bus). A pointer to another
// object (struct atm_vcc *rx_vcc) is not the holder's: that object's
// methods are whoever made it's (a protocol sets vcc->push, the device
// driver calls it).
func (g *Graph) keepMembers(f *cparse.File, st *cparse.Struct, keeps map[string]bool, depth int) {
	for _, fl := range st.Fields {
		bt := BaseType(fl.Type)
		if !structLike(bt) || keeps[bt] {
			continue
		}
		inner := g.structOf(f, bt)
		if strings.Contains(fl.Type, "*") {
			if inner != nil && opsLike(inner) {
				keeps[bt] = true
			}
			continue
		}
		keeps[bt] = true
		if depth < 3 && inner != nil {
			g.keepMembers(f, inner, keeps, depth+1)
		}
	}
}

// opsLike reports whether a struct is an operations table: two thirds
// of its members, and at least one, are function pointers.
func opsLike(st *cparse.Struct) bool {
	n, fn := 0, 0
	for _, fl := range st.Fields {
		if fl.Name == "" {
			continue
		}
		n++
		// "void (*)(int)" as a header's text gives it, "void()( *)"
		// as the parser writes it.
		if strings.Contains(fl.Type, "(*") || strings.Contains(fl.Type, "( *") {
			fn++
		}
	}
	return fn >= 1 && 3*fn >= 2*n
}

// moduleKeeps returns the struct types the module's own structs (those
// defined in its files or in headers of their directories) hold
// (keepMembers): struct mt7603_dev embeds struct mt76_dev, which points
// to a struct mt76_bus_ops.
func (g *Graph) moduleKeeps(mod string) map[string]bool {
	m := &g.modules
	m.mu.Lock()
	defer m.mu.Unlock()
	if k := m.keeps[mod]; k != nil {
		return k
	}
	keeps := map[string]bool{}
	for _, f := range m.files[mod] {
		dir := filepath.Dir(f.Path)
		for _, st := range f.Structs {
			if st.Pos.File != f.Path && filepath.Dir(st.Pos.File) != dir {
				continue
			}
			g.keepMembers(f, st, keeps, 0)
		}
	}
	m.keeps[mod] = keeps
	return keeps
}

// DriverModule reports whether file f belongs to a module of the unit
// that no other module calls directly (a driver, not a library).
func (g *Graph) DriverModule(f *cparse.File) bool {
	if f == nil {
		return false
	}
	g.moduleInit()
	mod, ok := g.modules.of[f]
	return ok && !g.modules.library[mod]
}

// LibraryFile reports whether file f belongs to a library module (another
// module of the unit calls it by name): its structs that point to objects
// of a type hold its callers' objects (gpiolib-cdev's gpio_device points
// to any driver's gpio_chip), so it is no owner of their methods.
func (g *Graph) LibraryFile(f *cparse.File) bool {
	g.moduleInit()
	mod, ok := g.modules.of[f]
	return ok && g.modules.library[mod]
}
