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
	"sort"
	"strings"

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

// Edge is a direct call.
type Edge struct {
	Caller, Callee *Node
	Call           *cparse.Call
}

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
}

// Graph is the call graph for one configuration.
type Graph struct {
	Config string
	Nodes  []*Node
	byName map[string][]*Node
	byFunc map[*cparse.Func]*Node
	table  *kapi.Table
	unit   *cunit.Unit
	// modes maps "object|field" to the mode argument of the object's init
	// call; bound are the callback fields set on objects.
	modes map[string]string
	bound []boundField
	// fieldSets caches setsField.
	fieldSets map[string]bool
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
	g := &Graph{Config: config, byName: map[string][]*Node{}, byFunc: map[*cparse.Func]*Node{}, table: u.Table, unit: u, modes: map[string]string{}}
	globals := map[string]string{}
	structs := map[string]*cparse.Struct{}
	for _, f := range files {
		for _, gl := range f.Globals {
			if _, ok := globals[gl.Name]; !ok {
				globals[gl.Name] = gl.Type
			}
		}
		for k, s := range f.Structs {
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
			n.Scope = &Scope{Func: fn, File: f, Globals: globals, Structs: structs, Rel: u.Rel}
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
	_ = t
	return g
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
	WalkStmt(n.Fn.Body, func(e cparse.Expr) {
		switch x := e.(type) {
		case *cparse.Call:
			if x.Name != "" {
				if callee := g.Resolve(n.File, x.Name); callee != nil {
					ed := &Edge{Caller: n, Callee: callee, Call: x}
					n.Callees = append(n.Callees, ed)
					callee.Callers = append(callee.Callers, ed)
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
			ref := g.funcRef(n.File, x.R)
			if ref == nil {
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
				for _, c := range o.ContextsIf(g.setsField(n.File, o.IfSet)) {
					ref.Roots = append(ref.Roots, &Root{Kind: "ops", Ctx: c[0], RTCtx: c[1], Via: fmt.Sprintf("%s.%s assigned in %s", strings.TrimPrefix(bt, "struct "), m.Name, funcText(n.Name())), Pos: p, Registrar: n})
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

// applyModes gives callback fields the context their object's init mode
// says: *_SOFT modes expire in softirq everywhere, *_HARD ones in hardirq
// on PREEMPT_RT too.
func (g *Graph) applyModes() {
	for _, b := range g.bound {
		mode, ok := g.modes[b.obj+"|"+b.field]
		if !ok {
			continue
		}
		switch {
		case strings.Contains(mode, "_SOFT"):
			b.root.Ctx, b.root.RTCtx = "softirq", ""
			b.root.Via += " (" + strings.TrimSpace(mode) + ")"
		case strings.Contains(mode, "_HARD"):
			b.root.Ctx, b.root.RTCtx = "hardirq", ""
			b.root.Via += " (" + strings.TrimSpace(mode) + ")"
		}
	}
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
	if ent.BindsField != "" && ent.Mode >= 0 && ent.Mode < len(c.Args) && ent.Obj >= 0 && ent.Obj < len(c.Args) {
		if obj := bindKey(n, c.Args[ent.Obj]); obj != "" {
			g.modes[obj+"|"+ent.BindsField] = c.Args[ent.Mode].String()
		}
	}
	rt := ent.RTCtx
	if ent.HardFlag >= 0 && ent.HardFlag < len(c.Args) && rt != "" {
		// IRQF_NO_THREAD / IRQF_PERCPU keep the handler in hard interrupt
		// context on PREEMPT_RT.
		flags := c.Args[ent.HardFlag].String()
		if strings.Contains(flags, "IRQF_NO_THREAD") || strings.Contains(flags, "IRQF_PERCPU") || strings.Contains(flags, "IRQF_TIMER") || (strings.Contains(flags, "IRQF_ONESHOT") && ent.Thread >= 0) {
			rt = ""
		}
	}
	if ent.Mode >= 0 && ent.Mode < len(c.Args) {
		mode := c.Args[ent.Mode].String()
		switch {
		case strings.Contains(mode, "_SOFT"):
			register(ent.Fn, "softirq", "", c.Name)
			return
		case strings.Contains(mode, "_HARD"):
			rt = ""
		}
	}
	register(ent.Fn, ent.Ctx, rt, c.Name)
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
		bt := BaseType(gl.Type)
		g.scanInit(f, strings.TrimPrefix(bt, "struct "), gl.Name, list, structs)
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
			n.Roots = append(n.Roots, &Root{Kind: "macro", Ctx: e.Ctx, RTCtx: e.RTCtx, Via: m.Name, Pos: m.Pos})
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

// scanInit reads an initializer of a struct of type typ: function values
// in fields of an operations table are roots; nested initializers of known
// field types are read too.
func (g *Graph) scanInit(f *cparse.File, typ, varName string, list *cparse.InitList, structs map[string]*cparse.Struct) {
	for _, it := range list.Items {
		if it.Field == "" {
			if sub, ok := it.Value.(*cparse.InitList); ok {
				// Arrays of ops structs: static struct foo_ops x[] = { {...}, };
				g.scanInit(f, typ, varName, sub, structs)
			}
			continue
		}
		if sub, ok := it.Value.(*cparse.InitList); ok {
			if st := structs["struct "+typ]; st != nil {
				g.scanInit(f, strings.TrimPrefix(BaseType(st.FieldType(it.Field)), "struct "), varName, sub, structs)
			}
			continue
		}
		ref := g.funcRef(f, it.Value)
		if ref == nil {
			continue
		}
		ref.AddressTaken = true
		if o := g.table.OpsEntry(typ, it.Field); o != nil {
			// One root per context the kernel calls the field in.
			for _, c := range o.ContextsIf(g.setsField(f, o.IfSet)) {
				ref.Roots = append(ref.Roots, &Root{Kind: "ops", Ctx: c[0], RTCtx: c[1], Via: fmt.Sprintf("%s.%s (%s)", typ, it.Field, varName), Pos: it.Value.Pos()})
			}
		}
	}
}

// setsField reports whether a function of file f sets a field
// ("snd_pcm.nonatomic") of a struct of that type to a true constant
// (pcm->nonatomic = true): a mode the file's ops run in (kapi.Ops.IfSet).
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
	for _, n := range g.Nodes {
		if n.File != f || found {
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
	return &workIndex{inits: map[string][]workInit{}, queues: map[string][]workQueue{}}
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
