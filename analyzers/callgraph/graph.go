// SPDX-License-Identifier: MIT

// Package callgraph builds the call graph of an analysis unit: direct
// calls, and calls through function pointers where the target is evident —
// a function passed to a registration API, stored in an operations struct
// or assigned to a callback field. Each registration is a root with the
// execution context the kernel gives the callback (from package kapi).
package callgraph

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// Analyzer computes a Graph per configuration.
var Analyzer = &analysis.Analyzer{
	Name:       "callgraph",
	Doc:        "build the call graph of kernel C, with callbacks resolved through registrations and operation tables\n\nBy itself, it does not report any diagnostics.",
	Requires:   []*analysis.Analyzer{cunit.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result holds one Graph per configuration name.
type Result struct {
	Graphs map[string]*Graph
}

func run(pass *analysis.Pass) (any, error) {
	u := pass.ResultOf[cunit.Analyzer].(*cunit.Unit)
	return Build(u), nil
}

// Build computes the graphs of a unit.
func Build(u *cunit.Unit) *Result {
	r := &Result{Graphs: map[string]*Graph{}}
	for _, c := range u.Configs {
		r.Graphs[c.Name] = buildGraph(u, c.Name, u.Files[c.Name])
	}
	return r
}

// Node is a function definition.
type Node struct {
	Fn       *cparse.Func
	File     *cparse.File
	Callees  []*Edge
	Callers  []*Edge
	Roots    []*Root
	Exported bool
	// Header is set for functions defined in .h files.
	Header bool
	// AddressTaken is set when the function is used as a value somewhere.
	AddressTaken bool
	Scope        *Scope
}

// Name returns the function's name.
func (n *Node) Name() string { return n.Fn.Name }

// Static reports whether the function has internal linkage.
func (n *Node) Static() bool { return n.Fn.Static }

// Edge is a call: a direct one, or one through a function pointer to a
// function the unit stores where the pointer is read from (Via says where).
type Edge struct {
	Caller, Callee *Node
	Call           *cparse.Call
	// Via is set for calls through a function pointer: the struct field
	// called ("foo_ops.open": the callee is stored in that field of some
	// struct foo_ops), or the parameter the caller calls ("argument fn":
	// some call of the caller passes the callee for it).
	Via string
	// Filled is set for a call through a field of a struct the caller's
	// file embeds in its own, resolved to what a library that file calls
	// by name stores there (callees): the method is the object's, as
	// sure as the direct call that filled it.
	Filled bool
}

// Direct reports whether the edge is a call by name.
func (e *Edge) Direct() bool { return e.Via == "" }

// Root is a way the kernel calls a function directly: a registration, an
// operations table, a defining macro, an export.
type Root struct {
	// Kind is register, ops, field, macro or export.
	Kind string
	// Ctx is the context the kernel runs the function in (kapi names:
	// task, softirq, hardirq, nmi, task-bh, task-pinned, task-irqoff; with
	// a lock the kernel holds around the call, kapi.WithHeld); RTCtx is
	// the context on PREEMPT_RT when different.
	Ctx, RTCtx string
	// Via describes it for reports: "timer_setup() in foo_init()",
	// "file_operations.unlocked_ioctl (foo_fops)", "EXPORT_SYMBOL".
	Via string
	Pos cparse.Pos
	// Registrar is the function that made the registration, if any.
	Registrar *Node
	// Call is the registering call, if any.
	Call *cparse.Call
	// Entry is the table entry used, if any.
	Entry *kapi.Entry
	// Unbound is set for a work item queued only on workqueues whose
	// workers are not bound to a CPU: a may-pin entry's task can migrate.
	Unbound bool
}

// Graph is the call graph for one configuration.
type Graph struct {
	Config string
	Nodes  []*Node
	byName map[string][]*Node
	byFunc map[*cparse.Func]*Node
	table  *kapi.Table
	unit   *cunit.Unit
	// modes maps "object|field" to the argument of the object's init
	// call that names its callback's context; bound are the callback
	// fields set on objects.
	modes map[string]modeArg
	bound []boundField
	// initRoots are the roots an initializer of a global gave the
	// functions it stores, by "variable|field"; chainCtx are the
	// registrations that say in which context the callback stored in a
	// field of the object they register runs (applyModes).
	initRoots map[string][]*Root
	chainCtx  []chainCtx
	// fieldSets caches setsField.
	fieldSets map[string]bool
	// Stored maps a struct field (FieldKey: "struct foo_ops.open") to the
	// functions the unit stores in it: in initializers, designated or
	// positional, and by assignment.
	Stored map[string][]*Node
	// indirect are the calls through struct fields, resolved to edges
	// once every store is known; byCall holds those edges by call.
	indirect []indirectCall
	byCall   map[*cparse.Call][]*Edge
	// storedIn is Stored by the file that stores (the file parsed: a
	// .c file with the files it includes).
	storedIn map[string]map[*cparse.File][]*Node
	// paramMemo holds paramCalls' answers (paramMu: CallsParam is asked
	// while the analysis runs).
	paramMemo map[paramRef][]paramCall
	paramMu   sync.Mutex
	// owners holds the facts of owner.go.
	owners ownerFacts
	// modules holds the facts of module.go.
	modules moduleFacts
	// varStored: "var|field key" → file → the functions the initializer
	// of the global var of that file stores in the field (VarStored).
	varStored map[string]map[*cparse.File][]*Node
	// siblings holds, per field key and function stored there by an
	// initializer, the constants that initializer gives the struct's
	// other fields (Siblings).
	siblings     map[string]map[*Node][]map[string]string
	siblingsOnce sync.Once
	// paramStores are the parameters functions store in struct fields
	// (paramstore.go).
	paramStores []paramStore
	// assigned are the fields some function assigns (Assigned).
	assigned     map[string]bool
	siblingTypes map[string]bool
}

// CallsParam reports whether a function calls what it receives as its
// i-th parameter, or passes it on to a function of the unit that does.
func (g *Graph) CallsParam(n *Node, i int) bool {
	g.paramMu.Lock()
	defer g.paramMu.Unlock()
	return len(g.paramCalls(n, i, g.paramMemo)) > 0
}

// indirectCall is a call through a struct field: x->ops->open(...).
type indirectCall struct {
	in   *Node
	call *cparse.Call
	key  string
}

// FieldKey names a field of a struct type ("struct foo_ops" and "open"
// give "struct foo_ops.open"; typ is reduced by BaseType).
func FieldKey(typ, field string) string { return BaseType(typ) + "." + field }

// fieldShown is how a witness names a field: "foo_ops.open".
func fieldShown(key string) string { return strings.TrimPrefix(key, "struct ") }

// Indirect returns the edges of a call through a struct field: to each
// function the unit stores in that field (nil for other calls).
func (g *Graph) Indirect(c *cparse.Call) []*Edge { return g.byCall[c] }

// CalledField returns the struct field a call through a function pointer
// reads the function from: FieldKey of x->f(...), x.f(...), (*x->f)(...)
// with x of a known type; "" otherwise.
func CalledField(sc *Scope, c *cparse.Call) string {
	if c.Name != "" {
		return ""
	}
	fun := cparse.Unparen(c.Fun)
	if u, ok := fun.(*cparse.Unary); ok && u.Op == "*" {
		fun = cparse.Unparen(u.X)
	}
	m, ok := fun.(*cparse.Member)
	if !ok {
		return ""
	}
	return MemberKey(sc, m)
}

// MemberKey returns the FieldKey of a member expression (x->f, x.f) with
// x of a known struct type; "" otherwise.
func MemberKey(sc *Scope, m *cparse.Member) string {
	bt := BaseType(sc.MemberType(m.X))
	if bt == "" || !structLike(bt) {
		return ""
	}
	return FieldKey(bt, m.Name)
}

// Siblings returns, for a function stored in the field key, the
// constants each initializer that stores it gives the struct's other
// fields ({.call = foo_rcv, .type = FOO_CB_RCU} gives {"type":
// "FOO_CB_RCU"}); nil when no initializer stores it (assignments only).
func (g *Graph) Siblings(key string, fn *Node) []map[string]string {
	return g.siblings[key][fn]
}

// TestsSiblings reports whether a test of a field of the struct type typ
// can narrow a call through another of its fields: some initializer
// stores a function in a field of typ and gives another field a constant.
func (g *Graph) TestsSiblings(typ string) bool {
	g.siblingsOnce.Do(func() {
		g.siblingTypes = map[string]bool{}
		for key, byFn := range g.siblings {
			for _, stores := range byFn {
				for _, consts := range stores {
					if len(consts) > 0 {
						g.siblingTypes[key[:strings.LastIndexByte(key, '.')]] = true
					}
				}
			}
		}
	})
	return g.siblingTypes[typ]
}

// structLike reports whether a base type can hold members: a struct or
// union, or a typedef name (whose struct the unit may not know; stores
// and calls name it alike).
func structLike(bt string) bool {
	if strings.HasPrefix(bt, "struct ") || strings.HasPrefix(bt, "union ") {
		return true
	}
	if strings.ContainsAny(bt, " ()[]*") {
		return false
	}
	switch bt {
	case "void", "int", "char", "long", "short", "bool", "unsigned", "signed", "float", "double":
		return false
	}
	return true
}

// store records that fn is stored in the field key.
func (g *Graph) store(key string, fn *Node, in *cparse.File) {
	by := g.storedIn[key]
	if by == nil {
		by = map[*cparse.File][]*Node{}
		g.storedIn[key] = by
	}
	if !slices.Contains(by[in], fn) {
		by[in] = append(by[in], fn)
	}
	if !slices.Contains(g.Stored[key], fn) {
		g.Stored[key] = append(g.Stored[key], fn)
	}
}

// Lookup returns the nodes defining name.
func (g *Graph) Lookup(name string) []*Node { return g.byName[name] }

// NodeOf returns the node of a function.
func (g *Graph) NodeOf(f *cparse.Func) *Node { return g.byFunc[f] }

// Resolve finds the function a call to name from file means: a definition
// in the same file first, else a non-static one or an inline in a header.
func (g *Graph) Resolve(from *cparse.File, name string) *Node {
	var best *Node
	for _, n := range g.byName[name] {
		if n.File == from {
			return n
		}
		if n.Fn.Static && !n.Header {
			continue
		}
		if best == nil || (best.Header && !n.Header) {
			best = n
		}
	}
	return best
}

func buildGraph(u *cunit.Unit, config string, files []*cparse.File) *Graph {
	g := &Graph{Config: config, byName: map[string][]*Node{}, byFunc: map[*cparse.Func]*Node{}, table: u.Table, unit: u, modes: map[string]modeArg{},
		Stored: map[string][]*Node{}, byCall: map[*cparse.Call][]*Edge{}, paramMemo: map[paramRef][]paramCall{},
		storedIn: map[string]map[*cparse.File][]*Node{}}
	globals := map[string]string{}
	structs := map[string]*cparse.Struct{}
	for _, f := range files {
		for _, gl := range f.Globals {
			if _, ok := globals[gl.Name]; !ok {
				globals[gl.Name] = gl.Type
			}
		}
		for k, s := range f.Structs {
			if strings.HasSuffix(s.Pos.File, ".c") {
				// A .c file's struct is its own (its scope sees it
				// first): not the definition another file lacks.
				continue
			}
			if _, ok := structs[k]; !ok {
				structs[k] = s
			}
		}
	}
	for _, f := range files {
		header := strings.HasSuffix(f.Path, ".h")
		for _, fn := range f.Funcs {
			if fn.Body == nil {
				continue
			}
			// Functions of files this one includes (headers, and .c files
			// included as parts of it) belong to the unit too.
			n := &Node{Fn: fn, File: f, Header: header || strings.HasSuffix(fn.Pos.File, ".h")}
			n.Scope = &Scope{Func: fn, File: f, Globals: globals, Structs: structs, Rel: u.Rel, Tree: u.Structs}
			g.Nodes = append(g.Nodes, n)
			g.byName[fn.Name] = append(g.byName[fn.Name], n)
			g.byFunc[fn] = n
		}
	}
	// Deduplicate header functions parsed from several files: keep the
	// first definition of each (file, line).
	for name, list := range g.byName {
		if len(list) < 2 {
			continue
		}
		seen := map[string]bool{}
		var kept []*Node
		for _, n := range list {
			k := fmt.Sprintf("%s:%d", n.Fn.Pos.File, n.Fn.Pos.Line)
			if n.Header && seen[k] {
				continue
			}
			seen[k] = true
			kept = append(kept, n)
		}
		g.byName[name] = kept
	}
	t := u.Table
	work := newWorkIndex()
	for _, n := range g.Nodes {
		g.scanFunc(n, work)
	}
	for _, f := range files {
		g.scanFile(f, globals, structs, work)
	}
	g.selfMacros()
	work.resolve(g)
	g.applyModes()
	g.resolveParamStores()
	g.resolveIndirect()
	g.callbackArgs()
	_ = t
	return g
}

// resolveIndirect turns the calls through struct fields into edges to the
// functions stored in those fields (Callees).
func (g *Graph) resolveIndirect() {
	embeds := map[*cparse.File]map[string]bool{}
	for _, ic := range g.indirect {
		if g.table.Bound[fieldShown(ic.key)] {
			// Which object's callback runs is set at registration.
			continue
		}
		f := ic.in.File
		if embeds[f] == nil {
			embeds[f] = embedded(f)
		}
		filled := len(g.storedIn[ic.key][f]) == 0 && embeds[f][ic.key[:strings.LastIndexByte(ic.key, '.')]]
		for _, fn := range g.callees(f, ic.key, embeds[f]) {
			g.addEdge(&Edge{Caller: ic.in, Callee: fn, Call: ic.call, Via: fieldShown(ic.key), Filled: filled})
		}
	}
}

// callees returns the functions a call through the field key in file f
// may call. A file that stores functions in the field calls its own (a
// driver calling its object's method; a core its default). A file that
// stores none there but embeds a struct of the field's type in one of its
// own is an implementation of that type too (struct foo_chip { struct
// gpio_chip gc; }), filled by a library it calls: what the files its
// functions reach by direct calls store there (mISDNisac_init() setting
// isac->release for netjet's embedded struct isac_hw), none when the unit
// holds no such file. Other files call through the field what anyone
// stores in it (a subsystem's core, calling its drivers' methods).
// embeds is embedded(f). (Reach is complete here: every direct edge is
// in before the calls through fields are resolved.)
func (g *Graph) callees(f *cparse.File, key string, embeds map[string]bool) []*Node {
	if own := g.storedIn[key][f]; len(own) > 0 {
		return own
	}
	if !embeds[key[:strings.LastIndexByte(key, '.')]] {
		return g.Stored[key]
	}
	reach := g.Reach(f)
	var out []*Node
	for _, fn := range g.Stored[key] {
		if g.StoredFrom(key, fn, reach) {
			out = append(out, fn)
		}
	}
	return out
}

// embedded returns the struct types a file's own structs (its text and
// the headers it includes by quotes) have a member of, by value.
func embedded(f *cparse.File) map[string]bool {
	out := map[string]bool{}
	for _, st := range f.Structs {
		for _, fl := range st.Fields {
			t := strings.TrimSpace(strings.ReplaceAll(fl.Type, "const ", ""))
			if fl.Name != "" && (strings.HasPrefix(t, "struct ") || strings.HasPrefix(t, "union ")) && !strings.ContainsAny(t, "*[(") {
				out[t] = true
			}
		}
	}
	return out
}

func (g *Graph) addEdge(ed *Edge) {
	if !ed.Direct() {
		// Two callers may pass the same callback: one edge per call.
		for _, x := range g.byCall[ed.Call] {
			if x.Callee == ed.Callee && x.Caller == ed.Caller {
				return
			}
		}
	}
	ed.Caller.Callees = append(ed.Caller.Callees, ed)
	ed.Callee.Callers = append(ed.Callee.Callers, ed)
	if !ed.Direct() {
		g.byCall[ed.Call] = append(g.byCall[ed.Call], ed)
	}
}

// funcRef returns the node a function-valued expression names.
func (g *Graph) funcRef(from *cparse.File, e cparse.Expr) *Node {
	e = cparse.Unparen(e)
	if u, ok := e.(*cparse.Unary); ok && u.Op == "&" {
		e = cparse.Unparen(u.X)
	}
	if id, ok := e.(*cparse.Ident); ok {
		return g.Resolve(from, id.Name)
	}
	return nil
}

func (g *Graph) scanFunc(n *Node, work *workIndex) {
	t := g.table
	walkDecls(n.Fn.Body, func(d *cparse.DeclStmt) {
		// struct foo_ops ops = { .open = foo_open };
		if list, ok := d.Init.(*cparse.InitList); ok {
			g.scanInit(n, n.File, BaseType(d.Type), strings.HasSuffix(strings.TrimSpace(d.Type), "[]"), n.Name()+"()", list, n.Scope.Structs)
		}
	})
	WalkStmt(n.Fn.Body, func(e cparse.Expr) {
		switch x := e.(type) {
		case *cparse.CompoundLit:
			if x.Init != nil {
				g.scanInit(n, n.File, BaseType(x.Type), strings.HasSuffix(strings.TrimSpace(x.Type), "[]"), n.Name()+"()", x.Init, n.Scope.Structs)
			}
		case *cparse.Call:
			if x.Name == "" {
				if k := CalledField(n.Scope, x); k != "" {
					g.indirect = append(g.indirect, indirectCall{in: n, call: x, key: k})
				}
			}
			if x.Name != "" {
				if callee := g.Resolve(n.File, x.Name); callee != nil {
					g.addEdge(&Edge{Caller: n, Callee: callee, Call: x})
				}
				if ent, ok := t.Entries[x.Name]; ok {
					g.registration(n, x, ent, work)
				}
				if q, ok := t.Queues[x.Name]; ok {
					work.queue(n, x, q)
				}
			}
			// Functions passed as arguments are address-taken.
			for _, a := range x.Args {
				if ref := g.funcRef(n.File, a); ref != nil {
					ref.AddressTaken = true
				}
			}
		case *cparse.Assign:
			g.noteAssigned(n, x)
			if c, ok := cparse.Unparen(x.R).(*cparse.Call); ok {
				if a := t.WQAllocs[c.Name]; a != nil {
					var args []string
					for _, e := range c.Args {
						args = append(args, e.String())
					}
					if a.UnboundBy(args) {
						work.unbound[strings.TrimSpace(x.L.String())] = true
					}
				}
			}
			ref := g.funcRef(n.File, x.R)
			if ref == nil {
				if m, ok := cparse.Unparen(x.L).(*cparse.Member); ok {
					if bt := BaseType(n.Scope.MemberType(m.X)); bt != "" && structLike(bt) {
						g.noteParamStore(n, x.R, FieldKey(bt, m.Name))
					}
				}
				return
			}
			ref.AddressTaken = true
			if m, ok := cparse.Unparen(x.L).(*cparse.Member); ok {
				g.fieldAssign(n, m, ref, x.P)
			}
		}
	})
}

func (g *Graph) fieldAssign(n *Node, m *cparse.Member, ref *Node, p cparse.Pos) {
	t := g.table
	if bt := BaseType(n.Scope.MemberType(m.X)); bt != "" && structLike(bt) {
		key := FieldKey(bt, m.Name)
		g.store(key, ref, n.File)
		// What an assignment gives the object's other fields is not
		// known: a nil entry among the function's Siblings.
		if g.siblings == nil {
			g.siblings = map[string]map[*Node][]map[string]string{}
		}
		if g.siblings[key] == nil {
			g.siblings[key] = map[*Node][]map[string]string{}
		}
		g.siblings[key][ref] = append(g.siblings[key][ref], nil)
	}
	fe, ok := t.Fields[m.Name]
	if ok && fe.Of != "" {
		bt := BaseType(n.Scope.TypeOf(m.X))
		// A field entry bound to a struct (of=irq_work) needs the
		// member's struct known: ->func is also callback_head's, which
		// runs in task context.
		if !strings.HasSuffix(bt, " "+fe.Of) && bt != fe.Of {
			ok = false
		}
	}
	if !ok {
		// An operations struct filled field by field: ops.open = f.
		if bt := BaseType(n.Scope.TypeOf(m.X)); strings.HasPrefix(bt, "struct ") {
			if o := t.OpsEntry(strings.TrimPrefix(bt, "struct "), m.Name); o != nil {
				obj := bindKey(n, m.X)
				for _, c := range o.ContextsIf(g.setsField(n.File, o.IfSet)) {
					r := &Root{Kind: "ops", Ctx: c[0], RTCtx: c[1], Via: fmt.Sprintf("%s.%s assigned in %s", strings.TrimPrefix(bt, "struct "), m.Name, funcText(n.Name())) + documented(o), Pos: p, Registrar: n}
					ref.Roots = append(ref.Roots, r)
					if obj != "" {
						// A registration of the object may say more
						// (chainCtx).
						if g.initRoots == nil {
							g.initRoots = map[string][]*Root{}
						}
						g.initRoots[obj+"|"+m.Name] = append(g.initRoots[obj+"|"+m.Name], r)
					}
				}
			}
		}
		return
	}
	r := &Root{Kind: "field", Ctx: fe.Ctx, RTCtx: fe.RTCtx, Via: fmt.Sprintf("->%s callback set in %s", m.Name, funcText(n.Name())), Pos: p, Registrar: n}
	ref.Roots = append(ref.Roots, r)
	if obj := bindKey(n, m.X); obj != "" {
		g.bound = append(g.bound, boundField{obj: obj, field: m.Name, root: r})
	}
}

// bindKey names the object an init call and a later field store share. It
// is ObjectKey, or for a local variable (a pointer to the object, as in
// "struct hrtimer *t = this_cpu_ptr(&v); hrtimer_init(t, ...);
// t->function = fn;") the variable within its function.
func bindKey(n *Node, e cparse.Expr) string {
	if k := n.Scope.ObjectKey(e); k != "" {
		return k
	}
	if id, ok := cparse.Unparen(e).(*cparse.Ident); ok {
		return "local " + n.Name() + "." + id.Name
	}
	return ""
}

// boundField is a callback field set on an object whose init call may say
// more (hrtimer_init(&t, clock, HRTIMER_MODE_REL_SOFT); t.function = fn).
type boundField struct {
	obj, field string
	root       *Root
}

// chainCtx is a registration of an object whose callback field runs in
// the context the registration says (kapi.Entry.BindsField without a
// mode: a notifier block registered on a chain called with IRQs off).
type chainCtx struct {
	obj, field, ctx, rt, via string
}

// applyModes gives callback fields the context their object's init mode
// says: *_SOFT modes expire in softirq everywhere, *_HARD ones in hardirq
// on PREEMPT_RT too. A registration that binds the object to a chain
// gives the callback stored in it, by its initializer or an assignment,
// the chain's context.
func (g *Graph) applyModes() {
	for _, cc := range g.chainCtx {
		roots := g.initRoots[cc.obj+"|"+cc.field]
		for _, b := range g.bound {
			if b.obj == cc.obj && b.field == cc.field {
				roots = append(roots, b.root)
			}
		}
		for _, r := range roots {
			r.Ctx, r.RTCtx = cc.ctx, cc.rt
			r.Via += ", registered with " + cc.via
		}
	}
	for _, b := range g.bound {
		m, ok := g.modes[b.obj+"|"+b.field]
		if !ok {
			continue
		}
		if ac := m.ent.ArgCtxFor(m.arg); ac != nil {
			b.root.Ctx, b.root.RTCtx = ac.Ctx, ""
			b.root.Via += " (" + strings.TrimSpace(m.arg) + ")"
		}
	}
	// An object whose initializer stores the callback, registered on a
	// chain the argument names (atomic_notifier_chain_register(
	// &panic_notifier_list, &nb)): the chain's context.
	for key, m := range g.modes {
		ac := m.ent.ArgCtxFor(m.arg)
		if ac == nil {
			continue
		}
		for _, r := range g.initRoots[key] {
			r.Ctx, r.RTCtx = ac.Ctx, ""
			r.Via += ", registered on " + strings.TrimSpace(m.arg)
		}
	}
}

// modeArg is the argument of an object's init call that names the
// context of the callback field it binds (kapi.Entry.ArgCtx).
type modeArg struct {
	arg string
	ent *kapi.Entry
}

// registration records a root for the function a registration call names.
func (g *Graph) registration(n *Node, c *cparse.Call, ent *kapi.Entry, work *workIndex) {
	register := func(argIdx int, ctx, rtctx string, what string) {
		if argIdx < 0 || argIdx >= len(c.Args) {
			return
		}
		ref := g.funcRef(n.File, c.Args[argIdx])
		if ref == nil {
			return
		}
		r := &Root{Kind: "register", Ctx: ctx, RTCtx: rtctx, Via: fmt.Sprintf("%s() in %s", what, funcText(n.Name())), Pos: c.P, Registrar: n, Call: c, Entry: ent}
		if ent.Work && ent.Obj >= 0 && ent.Obj < len(c.Args) {
			work.init(n, c.Args[ent.Obj], ref, r)
		}
		ref.Roots = append(ref.Roots, r)
	}
	if ent.BindsField != "" && ent.ArgCtx >= 0 && ent.ArgCtx < len(c.Args) && ent.Obj >= 0 && ent.Obj < len(c.Args) {
		// hrtimer_init(&t, clock, HRTIMER_MODE_REL_SOFT); t.function = fn
		if obj := bindKey(n, c.Args[ent.Obj]); obj != "" {
			g.modes[obj+"|"+ent.BindsField] = modeArg{arg: c.Args[ent.ArgCtx].String(), ent: ent}
		}
	}
	if ent.BindsField != "" && ent.ArgCtx < 0 && ent.Fn < 0 && ent.Obj >= 0 && ent.Obj < len(c.Args) {
		// cpu_pm_register_notifier(&nb): the chain calls the block's
		// notifier_call in its own context.
		if obj := bindKey(n, c.Args[ent.Obj]); obj != "" {
			g.chainCtx = append(g.chainCtx, chainCtx{obj: obj, field: ent.BindsField, ctx: ent.Ctx, rt: ent.RTCtx, via: fmt.Sprintf("%s() in %s", c.Name, funcText(n.Name()))})
		}
		return
	}
	rt := ent.RTCtx
	if ent.HardFlag >= 0 && ent.HardFlag < len(c.Args) && rt != "" {
		// The flags that keep a handler in hard interrupt context on
		// PREEMPT_RT (the table's irq-hard-flags).
		flags := c.Args[ent.HardFlag].String()
		for _, f := range strings.Split(g.table.Configs["irq-hard-flags"]["value"], ",") {
			if f != "" && strings.Contains(flags, f) {
				rt = ""
			}
		}
	}
	ctx := ent.Ctx
	if ent.ArgCtx >= 0 && ent.ArgCtx < len(c.Args) {
		// The argument names the context (kapi.Entry.ArgCtxs): an
		// hrtimer's mode, a hotplug state.
		if ac := ent.ArgCtxFor(c.Args[ent.ArgCtx].String()); ac != nil {
			ctx, rt = ac.Ctx, ""
		}
	}
	register(ent.Fn, ctx, rt, c.Name)
	if ent.Also >= 0 {
		register(ent.Also, ctx, rt, c.Name)
	}
	if ent.Thread >= 0 {
		register(ent.Thread, "task", "", c.Name+" (thread)")
	}
}

// scanFile finds roots in file-scope declarations: operations tables,
// defining and registering macros, exports.
func (g *Graph) scanFile(f *cparse.File, globals map[string]string, structs map[string]*cparse.Struct, work *workIndex) {
	t := g.table
	for _, gl := range f.Globals {
		if c, ok := gl.Init.(*cparse.Call); ok {
			// static struct kobj_attribute x = __ATTR_RW(x);
			g.initMacro(f, c, work)
			continue
		}
		list, ok := gl.Init.(*cparse.InitList)
		if !ok {
			continue
		}
		g.scanInit(nil, f, BaseType(gl.Type), strings.HasSuffix(strings.TrimSpace(gl.Type), "[]"), gl.Name, list, structs)
		for _, it := range list.Items {
			// static struct device_attribute a[] = { __ATTR_RO(x), ... };
			if c, ok := it.Value.(*cparse.Call); ok {
				g.initMacro(f, c, work)
			}
		}
	}
	for _, m := range f.Macros {
		if e, ok := t.EntryMacros[m.Name]; ok {
			if e.Self {
				continue // see selfMacros
			}
			if e.Fn >= 0 && e.Fn < len(m.Args) {
				for _, name := range macroFuncNames(m.Args[e.Fn], e.Suffixes) {
					ref := g.Resolve(f, name)
					if ref == nil {
						continue
					}
					r := &Root{Kind: "macro", Ctx: e.Ctx, RTCtx: e.RTCtx, Via: fmt.Sprintf("%s(%s)", m.Name, strings.Join(m.Args, ",")), Pos: m.Pos, Entry: e}
					ref.Roots = append(ref.Roots, r)
					ref.AddressTaken = true
					if e.Work && e.Obj >= 0 && e.Obj < len(m.Args) {
						work.initKey(strings.TrimSpace(m.Args[e.Obj]), ref, r)
					}
				}
			}
		}
		if fnArg, ok := t.Exports[m.Name]; ok && fnArg >= 0 && fnArg < len(m.Args) {
			for _, n := range g.byName[strings.TrimSpace(m.Args[fnArg])] {
				if n.File == f || !n.Fn.Static {
					n.Exported = true
				}
			}
		}
	}
}

// selfMacros roots the functions a macro defines itself
// (SYSCALL_DEFINE3(name, ...) { body }).
func (g *Graph) selfMacros() {
	for _, n := range g.Nodes {
		m := n.Fn.Macro
		if m == nil {
			continue
		}
		if e, ok := g.table.EntryMacros[m.Name]; ok && e.Self {
			n.Roots = append(n.Roots, &Root{Kind: "macro", Ctx: e.Ctx, RTCtx: e.RTCtx, Via: m.Name, Pos: m.Pos, Entry: e})
		}
	}
}

// initMacro roots the functions a defining macro used as an initializer
// names (__ATTR_RW(foo) in a global's initializer defines an attribute
// whose show and store methods are foo_show and foo_store).
func (g *Graph) initMacro(f *cparse.File, c *cparse.Call, work *workIndex) {
	e, ok := g.table.EntryMacros[c.Name]
	if !ok || e.Self || e.Fn < 0 || e.Fn >= len(c.Args) || g.Resolve(f, c.Name) != nil {
		return
	}
	for _, name := range macroFuncNames(c.Args[e.Fn].String(), e.Suffixes) {
		ref := g.Resolve(f, name)
		if ref == nil {
			continue
		}
		ref.Roots = append(ref.Roots, &Root{Kind: "macro", Ctx: e.Ctx, RTCtx: e.RTCtx, Via: fmt.Sprintf("%s(%s)", c.Name, c.Args[e.Fn].String()), Pos: c.P, Entry: e})
		ref.AddressTaken = true
	}
}

// macroFuncNames turns a macro argument into the function names it
// denotes: "&fn" is fn; with suffixes (DEVICE_ATTR_RW(foo) defines
// foo_show and foo_store) each suffix is appended.
func macroFuncNames(arg string, suffixes []string) []string {
	name := strings.TrimSpace(arg)
	name = strings.TrimPrefix(name, "&")
	name = strings.TrimSpace(strings.Trim(name, "()"))
	if len(suffixes) == 0 {
		return []string{name}
	}
	var out []string
	for _, suf := range suffixes {
		out = append(out, name+suf)
	}
	return out
}

// scanInit reads an initializer of a value of type typ (a base type:
// "struct foo_ops"; array is set when the value is an array of them):
// the functions stored in its fields, designated or positional, are
// recorded (Stored), and are roots where the table lists the field of an
// operations table; nested initializers of known field types are read too.
//
// in is the function whose local the initializer is (nil for a global):
// a parameter of it stored in a field stores what its callers pass
// (paramStore).
func (g *Graph) scanInit(in *Node, f *cparse.File, typ string, array bool, varName string, list *cparse.InitList, structs map[string]*cparse.Struct) {
	st := f.Structs[typ]
	if st == nil {
		st = structs[typ]
	}
	for i, it := range list.Items {
		if array {
			// static struct foo_ops x[] = { {...}, [2] = {...} };
			if sub, ok := it.Value.(*cparse.InitList); ok {
				g.scanInit(in, f, typ, false, varName, sub, structs)
			}
			continue
		}
		field := it.Field
		if field == "" && it.Index == nil && st != nil {
			// { foo_open, foo_close }: the fields in order.
			field = st.Positional(i)
		}
		if field == "" {
			if sub, ok := it.Value.(*cparse.InitList); ok && st == nil {
				// An array whose type the unit does not know as such.
				g.scanInit(in, f, typ, false, varName, sub, structs)
			}
			continue
		}
		if sub, ok := it.Value.(*cparse.InitList); ok {
			if st != nil {
				ft := st.FieldType(field)
				g.scanInit(in, f, BaseType(ft), strings.HasSuffix(strings.TrimSpace(ft), "[]"), varName, sub, structs)
			}
			continue
		}
		ref := g.funcRef(f, it.Value)
		if ref == nil {
			if in != nil && structLike(typ) {
				g.noteParamStore(in, it.Value, FieldKey(typ, field))
			}
			continue
		}
		ref.AddressTaken = true
		if structLike(typ) {
			g.store(FieldKey(typ, field), ref, f)
			g.recordSiblings(f, FieldKey(typ, field), ref, list, st)
			if !array && !strings.HasSuffix(varName, "()") {
				g.storeVar(f, varName, FieldKey(typ, field), ref)
			}
		}
		name := strings.TrimPrefix(typ, "struct ")
		if o := g.table.OpsEntry(name, field); o != nil {
			// One root per context the kernel calls the field in.
			for _, c := range o.ContextsIf(g.setsField(f, o.IfSet)) {
				r := &Root{Kind: "ops", Ctx: c[0], RTCtx: c[1], Via: fmt.Sprintf("%s.%s (%s)", name, field, varName) + documented(o), Pos: it.Value.Pos()}
				ref.Roots = append(ref.Roots, r)
				if g.initRoots == nil {
					g.initRoots = map[string][]*Root{}
				}
				g.initRoots[varName+"|"+field] = append(g.initRoots[varName+"|"+field], r)
			}
		}
	}
}

// documented says where the kernel documents an ops field's context when
// that is where the table has it from (kapi.Ops.Src).
func documented(o *kapi.Ops) string {
	if o.Src == "" {
		return ""
	}
	return ", as documented at " + o.Src
}

// storeVar records that the initializer of the global varName of file f
// stores fn in the field key.
func (g *Graph) storeVar(f *cparse.File, varName, key string, fn *Node) {
	if g.varStored == nil {
		g.varStored = map[string]map[*cparse.File][]*Node{}
	}
	k := varName + "|" + key
	if g.varStored[k] == nil {
		g.varStored[k] = map[*cparse.File][]*Node{}
	}
	g.varStored[k][f] = append(g.varStored[k][f], fn)
}

// VarStored returns the functions the initializer of the global varName
// stores in the field key (snd_pcm_action_stop's do_action), as file f
// sees that global (its own static one first, else the only file that
// defines one), and whether such an initializer is known.
func (g *Graph) VarStored(f *cparse.File, varName, key string) ([]*Node, bool) {
	by := g.varStored[varName+"|"+key]
	if fns, ok := by[f]; ok {
		return fns, true
	}
	if len(by) == 1 {
		for _, fns := range by {
			return fns, true
		}
	}
	return nil, false
}

// VarsStoring returns the global variables whose initializers store fn
// in the field key, and whether those are all the stores of fn there the
// unit holds (no assignment, no local's initializer).
func (g *Graph) VarsStoring(key string, fn *Node) ([]string, bool) {
	total := 0
	for _, fns := range g.storedIn[key] {
		for _, x := range fns {
			if x == fn {
				total++
			}
		}
	}
	var vars []string
	n := 0
	prefix := "|" + key
	for k, by := range g.varStored {
		if !strings.HasSuffix(k, prefix) {
			continue
		}
		for _, fns := range by {
			for _, x := range fns {
				if x == fn {
					n++
					vars = append(vars, strings.TrimSuffix(k, prefix))
				}
			}
		}
	}
	return vars, total > 0 && n == total
}

// recordSiblings records the constants an initializer list gives the
// fields other than the one fn is stored in (Siblings): a constant's
// text (an enumerator the file defines, by its value), MethodSet for a
// field that holds a function, and "0" for a method field of the struct
// the list leaves out (C zeroes what an initializer does not name).
func (g *Graph) recordSiblings(f *cparse.File, key string, fn *Node, list *cparse.InitList, st *cparse.Struct) {
	consts := map[string]string{}
	named := map[string]bool{}
	for i, it := range list.Items {
		field := it.Field
		if field == "" && it.Index == nil && st != nil {
			field = st.Positional(i)
		}
		if field == "" {
			continue
		}
		named[field] = true
		if c := cparse.ConstOf(it.Value); c != "" {
			if v, ok := f.EnumValue(c); ok {
				c = strconv.FormatInt(v, 10)
			}
			consts[field] = c
		} else if g.funcRef(f, it.Value) != nil {
			consts[field] = MethodSet
		}
	}
	if st != nil {
		for _, fl := range st.Fields {
			// A member of an anonymous union may share its place with
			// a member the list names: not known to be zero.
			if fl.Name != "" && !fl.Inner && !named[fl.Name] && funcPointer(fl.Type) {
				consts[fl.Name] = "0"
			}
		}
	}
	if g.siblings == nil {
		g.siblings = map[string]map[*Node][]map[string]string{}
	}
	if g.siblings[key] == nil {
		g.siblings[key] = map[*Node][]map[string]string{}
	}
	g.siblings[key][fn] = append(g.siblings[key][fn], consts)
}

// MethodSet is what Siblings gives a field an initializer stores a
// function in: not zero, no constant.
const MethodSet = "&"

// funcPointer reports whether a field's type, as cparse renders it, is a
// pointer to a function ("void()( *)").
func funcPointer(typ string) bool {
	return strings.Contains(typ, "( *)") || strings.Contains(typ, "(*)")
}

// Assigned reports whether some function of the graph assigns the field
// key (p->f = fn, p->f = cb, whatever the value): an initializer's zero
// for the field then says nothing of the object at run time.
func (g *Graph) Assigned(key string) bool { return g.assigned[key] }

// noteAssigned records the field an assignment stores a value in
// (Assigned); clearing one (p->f = NULL) keeps initializers' zeroes true.
func (g *Graph) noteAssigned(n *Node, a *cparse.Assign) {
	m, ok := cparse.Unparen(a.L).(*cparse.Member)
	if !ok {
		return
	}
	if l, ok := cparse.Unparen(a.R).(*cparse.Lit); ok && l.Kind == cparse.TNumber {
		if n, ok := cparse.NumConst(l.Value); ok && n == "0" {
			return
		}
	}
	if id, ok := cparse.Unparen(a.R).(*cparse.Ident); ok && id.Name == "NULL" {
		return
	}
	bt := BaseType(n.Scope.MemberType(m.X))
	if bt == "" || !structLike(bt) {
		return
	}
	if g.assigned == nil {
		g.assigned = map[string]bool{}
	}
	g.assigned[FieldKey(bt, m.Name)] = true
}

// setsField reports whether a function of file f's module sets a field
// ("snd_pcm.nonatomic") of a struct of that type to a true constant
// (pcm->nonatomic = true): a mode the module's ops run in
// (kapi.Ops.IfSet). The module, not the file: virtio-snd keeps its PCM
// ops in virtio_pcm_ops.c and sets nonatomic in virtio_pcm.c.
func (g *Graph) setsField(f *cparse.File, field string) bool {
	typ, name, ok := strings.Cut(field, ".")
	if !ok {
		return false
	}
	key := f.Path + "|" + field
	if v, ok := g.fieldSets[key]; ok {
		return v
	}
	found := false
	// The module as the tree's Makefiles say; without them, the file
	// alone (a directory may hold several drivers).
	moduleOf := func(path string) string {
		if g.unit == nil || g.unit.Modules == nil {
			return ""
		}
		return g.unit.Modules(g.unit.Rel(path))
	}
	module := moduleOf(f.Path)
	for _, n := range g.Nodes {
		if found || n.Fn == nil || n.File != f && (n.Header || module == "" || moduleOf(n.File.Path) != module) {
			continue
		}
		WalkStmt(n.Fn.Body, func(e cparse.Expr) {
			a, ok := e.(*cparse.Assign)
			if !ok || a.Op != "=" {
				return
			}
			m, ok := cparse.Unparen(a.L).(*cparse.Member)
			if !ok || m.Name != name || BaseType(n.Scope.TypeOf(m.X)) != "struct "+typ {
				return
			}
			switch r := cparse.Unparen(a.R).(type) {
			case *cparse.Ident:
				found = found || r.Name == "true"
			case *cparse.Lit:
				found = found || r.Kind == cparse.TNumber && strings.Trim(r.Value, "0xXuUlL") != ""
			}
		})
	}
	if g.fieldSets == nil {
		g.fieldSets = map[string]bool{}
	}
	g.fieldSets[key] = found
	return found
}

// workIndex links work items initialised with INIT_WORK() to the queues
// they are put on, so that work queued on a BH workqueue runs in softirq.
// Work items are named by their object key (struct type and member), so
// one key may stand for several work functions: a function that
// initialises the item and then queues it queues its own work function,
// not the others (a request's work re-initialised for each stage, one
// stage on a BH workqueue, the others not).
type workIndex struct {
	inits  map[string][]workInit
	queues map[string][]workQueue
	// unbound are the workqueue expressions assigned an unbound
	// workqueue (hclge_wq = alloc_workqueue("...", WQ_UNBOUND, 0)).
	unbound map[string]bool
}

type workInit struct {
	in   *Node // the function with the INIT_WORK(), nil at file scope
	fn   *Node
	root *Root
}

type workQueue struct {
	in *Node // the function that queues
	wq string
}

func newWorkIndex() *workIndex {
	return &workIndex{inits: map[string][]workInit{}, queues: map[string][]workQueue{}, unbound: map[string]bool{}}
}

func (w *workIndex) init(n *Node, obj cparse.Expr, fn *Node, r *Root) {
	if k := n.Scope.ObjectKey(obj); k != "" {
		w.inits[k] = append(w.inits[k], workInit{in: n, fn: fn, root: r})
	}
}

func (w *workIndex) initKey(k string, fn *Node, r *Root) {
	w.inits[k] = append(w.inits[k], workInit{fn: fn, root: r})
}

func (w *workIndex) queue(n *Node, c *cparse.Call, q *kapi.Queue) {
	if q.Obj < 0 || q.Obj >= len(c.Args) {
		return
	}
	k := n.Scope.ObjectKey(c.Args[q.Obj])
	if k == "" {
		return
	}
	wq := ""
	if q.WQ >= 0 && q.WQ < len(c.Args) {
		wq = strings.TrimSpace(c.Args[q.WQ].String())
	}
	w.queues[k] = append(w.queues[k], workQueue{in: n, wq: wq})
}

func (w *workIndex) resolve(g *Graph) {
	keys := make([]string, 0, len(w.inits))
	for k := range w.inits {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		inits := w.inits[k]
		initsIn := map[*Node]bool{}
		for _, in := range inits {
			if in.in != nil {
				initsIn[in.in] = true
			}
		}
		bh := map[int][]string{} // init index -> BH queues it may be put on
		for _, q := range w.queues[k] {
			if !g.table.BHWQ[q.wq] {
				continue
			}
			for i, in := range inits {
				if initsIn[q.in] && in.in != q.in {
					// The queueing function put its own work function in the item.
					continue
				}
				bh[i] = append(bh[i], q.wq)
			}
		}
		// Queued only on unbound workqueues: its worker can migrate.
		qs := w.queues[k]
		unbound := len(qs) > 0
		for _, q := range qs {
			if !g.table.UnboundWQ[q.wq] && !w.unbound[q.wq] {
				unbound = false
			}
		}
		if unbound {
			for _, in := range inits {
				in.root.Unbound = true
				in.root.Via += ", queued on an unbound workqueue"
			}
		}
		for i, in := range inits {
			if len(bh[i]) == 0 {
				continue
			}
			in.root.Ctx = "softirq"
			in.root.RTCtx = ""
			in.root.Via += fmt.Sprintf(", queued on %s", strings.Join(uniq(bh[i]), "/"))
		}
	}
}

func uniq(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// funcText names a function in messages: "f()", or a function defined by
// a macro by its invocation, "SYSCALL_DEFINE0(foo)", without a second
// pair of parentheses.
func funcText(name string) string {
	if strings.HasSuffix(name, ")") {
		return name
	}
	return name + "()"
}

// callbackArgs links functions passed as arguments to the calls of the
// parameter that receives them: foo(..., fn) with foo calling its
// parameter, directly or by passing it on, calls fn there. The edges tell
// which functions lead to which (the contexts come from the analysis of
// each path, where the parameter holds fn).
func (g *Graph) callbackArgs() {
	memo := g.paramMemo
	for _, n := range g.Nodes {
		for _, ed := range n.Callees {
			if !ed.Direct() {
				continue
			}
			for i, a := range ed.Call.Args {
				ref := g.funcRef(n.File, a)
				if ref == nil {
					continue
				}
				for _, pc := range g.paramCalls(ed.Callee, i, memo) {
					if pc.in.Fn == ref.Fn {
						continue
					}
					g.addEdge(&Edge{Caller: pc.in, Callee: ref, Call: pc.call, Via: "argument " + pc.param})
				}
			}
		}
	}
}

type paramRef struct {
	fn *Node
	i  int
}

// paramCall is a call of a function's parameter, by its name.
type paramCall struct {
	in    *Node
	call  *cparse.Call
	param string
}

// paramCalls returns the calls that call what n receives as its i-th
// parameter: calls of the parameter in n, and those of the functions n
// passes it on to.
func (g *Graph) paramCalls(n *Node, i int, memo map[paramRef][]paramCall) []paramCall {
	k := paramRef{n, i}
	if out, ok := memo[k]; ok {
		return out
	}
	memo[k] = nil // a cycle passes nothing new
	if i >= len(n.Fn.Params) || n.Fn.Params[i].Name == "" {
		return nil
	}
	p := n.Fn.Params[i].Name
	var out []paramCall
	for _, ed := range n.Callees {
		if ed.Direct() {
			for j, a := range ed.Call.Args {
				if id, ok := cparse.Unparen(a).(*cparse.Ident); ok && id.Name == p {
					out = append(out, g.paramCalls(ed.Callee, j, memo)...)
				}
			}
		}
	}
	WalkStmt(n.Fn.Body, func(e cparse.Expr) {
		if c, ok := e.(*cparse.Call); ok && c.Name == p {
			out = append(out, paramCall{in: n, call: c, param: p})
		}
	})
	memo[k] = out
	return out
}
