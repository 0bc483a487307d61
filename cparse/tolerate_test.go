// SPDX-License-Identifier: MIT

package cparse

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Each test here parses one file of testdata/ written for one tolerance
// rule and checks both that every function parsed and what the IR says.

func TestTolerateTypedefNames(t *testing.T) {
	f := parseClean(t, "typedefs.c", "make_ret", "take_params", "user")
	for _, name := range []string{"wobble_t", "gizmo_t", "member_t", "member_ptr_t", "cb_t", "ret_t", "param_t", "pptr_t", "loc_t", "lptr_t", "cnst_t", "iter_t", "castptr_t", "castval_t", "anon_t"} {
		if !slices.Contains(f.Stats.Inferred, name) {
			t.Errorf("type name %s not inferred (inferred %v)", name, f.Stats.Inferred)
		}
	}
	tp := funcByName(t, f, "take_params")
	if len(tp.Params) != 3 || tp.Params[0].Type != "param_t" || tp.Params[0].Name != "a" || tp.Params[2].Type != "pptr_t *" {
		t.Errorf("take_params params %+v %+v %+v", tp.Params[0], tp.Params[1], tp.Params[2])
	}
	for name, typ := range map[string]string{"x": "loc_t", "y": "lptr_t *", "z": "const cnst_t", "i": "iter_t", "h": "struct holder *"} {
		if tp.Locals[name] != typ {
			t.Errorf("local %s: type %q, want %q", name, tp.Locals[name], typ)
		}
	}
	if r := funcByName(t, f, "make_ret"); r.Result != "ret_t" {
		t.Errorf("make_ret result %q", r.Result)
	}
	st := f.Structs["struct holder"]
	if st == nil || st.FieldType("m") != "member_t" || st.FieldType("mp") != "member_ptr_t *" || st.FieldType("fp") == "" {
		t.Errorf("struct holder: %+v", st)
	}
	// Names used as variables are not types.
	for _, name := range []string{"r", "x", "a", "global_wobble"} {
		if slices.Contains(f.Stats.Inferred, name) {
			t.Errorf("%s inferred as a type", name)
		}
	}
}

func TestTolerateAttributes(t *testing.T) {
	f := parseTestdata(t, "attrs.c", nil)
	noFailures(t, f)
	want := []string{"setup_conf", "traced_not", "held", "odd_attr", "after_params", "gnu_attr", "use_all"}
	if got := funcNames(f); !reflect.DeepEqual(got, want) {
		t.Errorf("functions %v, want %v", got, want)
	}
	// __must_hold(x) between the parameters and the body becomes a call at
	// the start of the body.
	held := funcByName(t, f, "held")
	c := callByName(t, held, "__kl_annot_must_hold")
	if len(c.Args) != 1 || c.Args[0].String() != "&conf_lock" {
		t.Errorf("annotation args %v", c.Args)
	}
	if es, ok := held.Body.Stmts[0].(*ExprStmt); !ok || es.X != Expr(c) {
		t.Errorf("annotation is not the first statement of held")
	}
	if c.P.Line != 27 {
		t.Errorf("annotation at %s, want line 27", c.P)
	}
	var tagged *Global
	for _, g := range f.Globals {
		if g.Name == "tagged" {
			tagged = g
		}
	}
	if tagged == nil || tagged.Init == nil || tagged.Init.String() != "3" {
		t.Errorf("global tagged: %+v", tagged)
	}
	st := f.Structs["struct conf"]
	if st == nil || st.FieldType("ptr") != "int *" || st.FieldType("plain") != "int" {
		t.Errorf("struct conf: %+v", st)
	}
}

func TestTolerateFileScopeMacros(t *testing.T) {
	f := parseClean(t, "filemacros.c", "stats_read", "stats_init", "stats_exit")
	type use struct {
		name  string
		args  []string
		line  int
		local bool
	}
	var got []use
	for _, m := range f.Macros {
		got = append(got, use{m.Name, m.Args, m.Pos.Line, m.Local})
	}
	want := []use{
		{"DEFINE_PER_CPU", []string{"struct stats", "cpu_stats"}, 10, false},
		{"DEFINE_SPINLOCK", []string{"stats_lock"}, 11, false},
		{"DEFINE_MUTEX", []string{"stats_mutex"}, 12, false},
		{"EXPORT_SYMBOL", []string{"stats_read"}, 18, false},
		{"EXPORT_SYMBOL_GPL", []string{"stats_read"}, 19, false},
		{"BTF_SET_START", []string{"my_set"}, 21, false},
		{"BTF_ID", []string{"func", "stats_read"}, 22, false},
		{"BTF_SET_END", []string{"my_set"}, 23, false},
		{"BTF_ID_UNUSED", nil, 25, false},
		{"DEFINE_MUTEX", []string{"local_mutex"}, 29, true},
		{"DEFINE_RATELIMIT_STATE", []string{"rs", "5", "10"}, 30, true},
		{"module_init", []string{"stats_init"}, 36, false},
		{"MODULE_LICENSE", []string{`"GPL"`}, 37, false},
		{"MODULE_DESCRIPTION", []string{`"test"`}, 38, false},
		{"module_exit", []string{"stats_exit"}, 43, false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("macro uses:\n got %v\nwant %v", got, want)
	}
	for _, m := range f.Macros {
		if m.Name == "DEFINE_SPINLOCK" && !m.Static {
			// Static is recorded for local definitions; file-scope
			// ones keep their storage class in the chunk.
		}
	}
	init := funcByName(t, f, "stats_init")
	if c := callByName(t, init, "mutex_lock"); c.Args[0].String() != "&local_mutex" {
		t.Errorf("mutex_lock arg %s", c.Args[0])
	}
}

func TestTolerateIterators(t *testing.T) {
	f := parseTestdata(t, "iterators.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "sum")
	var loops []string
	walkStmts(fn.Body, func(s Stmt) {
		if fs, ok := s.(*ForStmt); ok {
			loops = append(loops, fs.Macro)
			if fs.Body == nil {
				t.Errorf("loop %s without a body", fs.Macro)
			}
		}
	})
	want := []string{"list_for_each_entry", "list_for_each_entry_safe", "for_each_possible_cpu", "scoped_guard", "my_for_each_thing", "hlist_for_each_entry_rcu"}
	if !reflect.DeepEqual(loops, want) {
		t.Errorf("iterator loops %v, want %v", loops, want)
	}
	// The guard's arguments stay the loop condition's arguments.
	var guard *ForStmt
	walkStmts(fn.Body, func(s Stmt) {
		if fs, ok := s.(*ForStmt); ok && fs.Macro == "scoped_guard" {
			guard = fs
		}
	})
	if c, ok := guard.Cond.(*Call); !ok || len(c.Args) != 2 || c.Args[1].String() != "&item_lock" || guard.P.Line != 22 {
		t.Errorf("scoped_guard loop: cond %v at %s", guard.Cond, guard.P)
	}
	// do { } while_each_thread(g, t);: the tail macro is the loop condition.
	var do *DoStmt
	walkStmts(fn.Body, func(s Stmt) {
		if d, ok := s.(*DoStmt); ok {
			do = d
		}
	})
	if do == nil {
		t.Fatal("no do loop")
	}
	if c, ok := do.Cond.(*Call); !ok || c.Name != "while_each_thread" {
		t.Errorf("do loop condition %v", do.Cond)
	}
}

func TestTolerateTypeArguments(t *testing.T) {
	f := parseTestdata(t, "typeargs.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "alloc_one")
	for name, want := range map[string]string{
		"my_alloc_obj":   "(struct foo *)0",
		"my_alloc_array": "(u32 **)0",
		"my_read_typed":  "(unsigned long *)0",
	} {
		c := callByName(t, fn, name)
		if got := c.Args[0].String(); got != want {
			t.Errorf("%s: first argument %q, want %q", name, got, want)
		}
	}
	// A model macro with a type argument (container_of) expands instead.
	first := funcByName(t, f, "first")
	ret, ok := first.Body.Stmts[0].(*ReturnStmt)
	if !ok || ret.X == nil {
		t.Fatalf("first: %v", first.Body.Stmts)
	}
	if _, ok := Unparen(ret.X).(*BadExpr); ok {
		t.Errorf("first: return value not modelled: %v", ret.X)
	}
}

func TestTolerateFunctionMacros(t *testing.T) {
	f := parseClean(t, "fnmacros.c", "SYSCALL_DEFINE3(frob)", "BPF_CALL_2(bpf_frob)", "get_size", "get_count", "plain")
	sys := funcByName(t, f, "SYSCALL_DEFINE3(frob)")
	if sys.Macro == nil || sys.Macro.Name != "SYSCALL_DEFINE3" || len(sys.Macro.Args) != 7 || sys.Pos.Line != 6 {
		t.Errorf("SYSCALL_DEFINE3: %+v at %s", sys.Macro, sys.Pos)
	}
	if c := callByName(t, sys, "do_frob"); len(c.Args) != 3 || c.P.Line != 10 {
		t.Errorf("do_frob call %v at %s", c, c.P)
	}
	// Functions written by the file's own macro are generated, counted
	// apart from the functions written out.
	g := funcByName(t, f, "get_size")
	if !g.Generated || g.Pos.Line != 24 {
		t.Errorf("get_size: generated %v at %s", g.Generated, g.Pos)
	}
	if f.Stats.Parsed != 3 || f.Stats.Generated != 2 || f.Stats.FuncChunks != 3 {
		t.Errorf("stats %+v", f.Stats)
	}
}

// Storage-class and attribute macros among declaration specifiers
// (TC_INDIRECT_SCOPE, INDIRECT_CALLABLE_SCOPE, noinline_for_stack) are
// dropped by where they stand.
func TestTolerateSpecifierMacros(t *testing.T) {
	f := parseTestdata(t, "specmacros.c", nil)
	noFailures(t, f)
	want := []string{"fast_act", "fast_lookup", "deep_helper", "deep_known_type", "deep_file_type", "deep_void", "deep_struct", "two_macros", "use_them"}
	if got := funcNames(f); !reflect.DeepEqual(got, want) {
		t.Errorf("functions %v, want %v", got, want)
	}
	if r := funcByName(t, f, "deep_known_type"); r.Result != "u32" || !r.Static {
		t.Errorf("deep_known_type: result %q static %v", r.Result, r.Static)
	}
	if r := funcByName(t, f, "deep_struct"); r.Result != "struct sk_buff *" {
		t.Errorf("deep_struct: result %q", r.Result)
	}
	if r := funcByName(t, f, "fast_act"); len(r.Params) != 2 || r.Params[1].Name != "res" {
		t.Errorf("fast_act params %+v", r.Params)
	}
}

// After a struct tag, a __word followed by a declarator is an attribute
// (static struct pernet_operations __net_initdata ops = ...), and one that
// ends the declarator list or goes on to the next is the variable itself
// (struct bpf_net_context __bpf_net_ctx, *bpf_net_ctx;).
func TestTolerateWordAfterTag(t *testing.T) {
	f := parseTestdata(t, "tagwords.c", nil)
	noFailures(t, f)
	var ops *Global
	for _, g := range f.Globals {
		if g.Name == "net_ops" {
			ops = g
		}
	}
	if ops == nil || ops.Type != "struct pernet_operations" || ops.Init == nil {
		t.Errorf("global net_ops: %+v", ops)
	}
	fn := funcByName(t, f, "rx_action")
	for name, typ := range map[string]string{"__bpf_net_ctx": "struct bpf_net_context", "bpf_net_ctx": "struct bpf_net_context *", "__saved": "struct bpf_net_context"} {
		if fn.Locals[name] != typ {
			t.Errorf("local %s: type %q, want %q (locals %v)", name, fn.Locals[name], typ, fn.Locals)
		}
	}
	if c := callByName(t, fn, "bpf_net_ctx_set"); c.Args[0].String() != "&__bpf_net_ctx" {
		t.Errorf("bpf_net_ctx_set arg %s", c.Args[0])
	}
}

// The dev_pm_ops macros put each callback in its field; an unknown macro
// that stands for initializers, written without a comma after it, is one
// element of the list.
func TestToleratePMOps(t *testing.T) {
	f := parseTestdata(t, "pmops.c", nil)
	noFailures(t, f)
	fields := func(name string) map[string]string {
		for _, g := range f.Globals {
			if g.Name != name {
				continue
			}
			list, ok := g.Init.(*InitList)
			if !ok {
				t.Fatalf("%s: initializer %v", name, g.Init)
			}
			m := map[string]string{}
			for k, it := range list.Items {
				key := it.Field
				if key == "" {
					key = strconv.Itoa(k)
				}
				m[key] = it.Value.String()
			}
			return m
		}
		t.Fatalf("no global %s", name)
		return nil
	}
	foo := fields("foo_pm_ops")
	for field, fn := range map[string]string{"suspend": "foo_suspend", "restore": "foo_resume", "runtime_suspend": "foo_rt_suspend", "runtime_resume": "foo_rt_resume", "suspend_noirq": "foo_suspend", "resume_noirq": "foo_resume"} {
		if foo[field] != fn {
			t.Errorf("foo_pm_ops.%s = %q, want %s (%v)", field, foo[field], fn, foo)
		}
	}
	bar := fields("bar_pm_ops")
	if bar["suspend_late"] != "foo_suspend" || bar["runtime_resume"] != "foo_rt_resume" || bar["freeze"] != "foo_suspend" {
		t.Errorf("bar_pm_ops %v", bar)
	}
	found := false
	for _, g := range f.Globals {
		if g.Name != "fields" {
			continue
		}
		found = true
		list := g.Init.(*InitList)
		for _, it := range list.Items {
			if n := len(it.Value.(*InitList).Items); n != 3 {
				t.Errorf("fields: element %v has %d items, want 3", it.Value, n)
			}
		}
	}
	if !found {
		t.Errorf("no global fields")
	}
	baz := fields("baz_ops")
	if baz["open"] != "foo_resume" || baz["0"] != "MY_OPS_FIELDS(foo_suspend)" || len(baz) != 5 {
		t.Errorf("baz_ops %v", baz)
	}
}

// A macro argument that is a statement (scoped_cond_guard(..., return
// -EINTR, ...)) becomes a statement expression.
func TestTolerateStatementArguments(t *testing.T) {
	f := parseClean(t, "stmtargs.c", "do_autoconfig", "check_state")
	fn := funcByName(t, f, "do_autoconfig")
	var guard *ForStmt
	walkStmts(fn.Body, func(s Stmt) {
		if fs, ok := s.(*ForStmt); ok && fs.Macro == "scoped_cond_guard" {
			guard = fs
		}
	})
	if guard == nil {
		t.Fatal("no scoped_cond_guard loop")
	}
	c, ok := guard.Cond.(*Call)
	if !ok || len(c.Args) != 3 || c.Args[2].String() != "&port->mutex" {
		t.Fatalf("scoped_cond_guard: %v", guard.Cond)
	}
	se, ok := c.Args[1].(*StmtExpr)
	if !ok || len(se.Body.Stmts) != 1 {
		t.Fatalf("failure action %v", c.Args[1])
	}
	if r, ok := se.Body.Stmts[0].(*ReturnStmt); !ok || r.X.String() != "-ERESTARTSYS" {
		t.Errorf("failure action %v", se.Body.Stmts[0])
	}
	check := funcByName(t, f, "check_state")
	n := 0
	for _, c := range calls(check) {
		if c.Name != "MY_ASSERT_WITH_CODE" && c.Name != "MY_CHECK" {
			continue
		}
		n++
		if _, ok := c.Args[2].(*StmtExpr); !ok || len(c.Args) != 3 {
			t.Errorf("%s: code argument %v", c.Name, c.Args)
		}
	}
	if n != 3 {
		t.Errorf("%d macro calls, want 3", n)
	}
	callByName(t, check, "break_out")
}

// An empty argument of an unknown macro (a comment, or nothing, between
// commas) is one argument.
func TestTolerateEmptyArguments(t *testing.T) {
	f := parseTestdata(t, "emptyargs.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "copy_sel")
	var got []string
	for _, c := range calls(fn) {
		var args []string
		for _, a := range c.Args {
			args = append(args, a.String())
		}
		got = append(got, c.Name+"("+strings.Join(args, "|")+")")
	}
	want := []string{"unsafe_memcpy(dst|src|size|__kl_noarg)", "MY_PAIR(__kl_noarg|dst)", "MY_TRIPLE(dst|__kl_noarg|size)", "MY_TRIPLE(dst|__kl_noarg|size)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("calls %v, want %v", got, want)
	}
}

// NAME(args) = { ... } in a body declares a variable by a macro: the
// first argument when it is a name.
func TestTolerateDeclaringMacro(t *testing.T) {
	f := parseTestdata(t, "declmacros.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "tunnel_init")
	if _, ok := fn.Locals["flags"]; !ok {
		t.Errorf("no local flags: %v", fn.Locals)
	}
	if _, ok := fn.Locals["mask"]; !ok {
		t.Errorf("no local mask: %v", fn.Locals)
	}
	callByName(t, fn, "ip_tunnel_flags_copy")
	var assigned bool
	WalkStmt(fn.Body, func(e Expr) {
		if a, ok := e.(*Assign); ok && a.L.String() == "per_cpu(counter, 0)" {
			assigned = true
		}
	})
	if !assigned {
		t.Errorf("per_cpu(counter, 0) = ... is not an assignment")
	}
	var uses []string
	for _, m := range f.Macros {
		if m.Local {
			uses = append(uses, m.Name)
		}
	}
	if want := []string{"IP_TUNNEL_DECLARE_FLAGS", "MY_DECLARE_MASK"}; !reflect.DeepEqual(uses, want) {
		t.Errorf("local macro uses %v, want %v", uses, want)
	}
}

// A lone name on its line without ';' (an X-macro list: XDP_METADATA_KFUNC_xxx)
// is a macro use at file scope and a statement in a body.
func TestTolerateListMacros(t *testing.T) {
	f := parseClean(t, "listmacros.c", "kfunc_id", "features", "resolve")
	var names []string
	for _, m := range f.Macros {
		names = append(names, m.Name)
	}
	if want := []string{"BTF_ID_LIST", "META_KFUNC_xxx"}; !reflect.DeepEqual(names, want) {
		t.Errorf("macro uses %v, want %v", names, want)
	}
	fn := funcByName(t, f, "features")
	var ifs int
	walkStmts(fn.Body, func(s Stmt) {
		if _, ok := s.(*IfStmt); ok {
			ifs++
		}
	})
	if ifs != 1 {
		t.Errorf("features: %d if statements, want 1", ifs)
	}
}

// An unknown macro glued to a string literal, by name or by invocation,
// is a string.
func TestTolerateStringMacros(t *testing.T) {
	f := parseTestdata(t, "strmacros.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "check_options")
	var args []int
	for _, c := range calls(fn) {
		if c.Name == "pr_info" {
			args = append(args, len(c.Args))
		}
	}
	if !reflect.DeepEqual(args, []int{2, 2}) {
		t.Errorf("pr_info argument counts %v, want [2 2]", args)
	}
}

// An iterator macro before an assignment through a pointer is a loop.
func TestTolerateDerefLoop(t *testing.T) {
	f := parseTestdata(t, "derefloop.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "clone_match")
	var loops []string
	walkStmts(fn.Body, func(s Stmt) {
		if fs, ok := s.(*ForStmt); ok {
			loops = append(loops, fs.Macro)
			if _, ok := fs.Body.(*ExprStmt); !ok {
				t.Errorf("%s: body %T", fs.Macro, fs.Body)
			}
		}
	})
	if want := []string{"for_each_possible_cpu", "my_for_each_slot"}; !reflect.DeepEqual(loops, want) {
		t.Errorf("loops %v, want %v", loops, want)
	}
}

// A brace list or a designated initializer passed to a macro is a
// compound literal argument.
func TestTolerateInitializerArguments(t *testing.T) {
	f := parseTestdata(t, "initargs.c", nil)
	noFailures(t, f)
	var cases *Global
	for _, g := range f.Globals {
		if g.Name == "cases" {
			cases = g
		}
	}
	if cases == nil || cases.Init == nil {
		t.Fatalf("global cases: %+v", cases)
	}
	fn := funcByName(t, f, "register_options")
	if c := callByName(t, fn, "__module_param_call"); len(c.Args) != 7 || c.Args[1].String() != "probe_rsa" {
		t.Errorf("__module_param_call args %v", c.Args)
	}
	if c := callByName(t, fn, "MY_TABLE_ENTRY"); len(c.Args) != 2 {
		t.Errorf("MY_TABLE_ENTRY args %v", c.Args)
	}
}

// ipset's generated set types get their pasted names from the model's
// IPSET_TOKEN(), so that a type's functions and their calls join.
func TestModelIPSetToken(t *testing.T) {
	f := parseTestdata(t, "ipset.c", nil)
	noFailures(t, f)
	var names []string
	for _, fn := range f.Funcs {
		if fn.Body != nil {
			names = append(names, fn.Name)
		}
	}
	if want := []string{"hash_demo_add", "hash_demo_kadt"}; !reflect.DeepEqual(names, want) {
		t.Errorf("functions %v, want %v", names, want)
	}
	callByName(t, funcByName(t, f, "hash_demo_kadt"), "hash_demo_add")
}

// __portpair and __addrpair are model types, not attribute words: the
// TCP and UDP established-socket lookups declare locals of them.
func TestModelSockPairs(t *testing.T) {
	f := parseTestdata(t, "sockpairs.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "lookup_established")
	if fn.Locals["ports"] != "const __portpair" || fn.Locals["both"] != "const __addrpair" {
		t.Errorf("locals %v", fn.Locals)
	}
}

func TestModelBPFSection(t *testing.T) {
	f := parseClean(t, "bpfsec.c", "prog_tagged", "prog_plain", "helper")
	var lic *Global
	for _, g := range f.Globals {
		if g.Name == "_license" {
			lic = g
		}
	}
	if lic == nil || lic.Init == nil {
		t.Errorf("global _license not parsed with its initializer: %+v", lic)
	}
}

func TestTolerateAsmTemplateMacros(t *testing.T) {
	f := parseClean(t, "asmmacros.c", "flush_one", "read_reg")
	callByName(t, funcByName(t, f, "flush_one"), "note_flush")
}

func TestTolerateLocalExternDecls(t *testing.T) {
	f := parseTestdata(t, "localextern.c", nil)
	noFailures(t, f)
	fn := funcByName(t, f, "start_cpu")
	if c := callByName(t, fn, "set_entry"); len(c.Args) != 2 || c.Args[1].String() != "entry_point" {
		t.Errorf("set_entry args %v", c.Args)
	}
	if c := callByName(t, fn, "probe_hw"); len(c.Args) != 2 || c.Args[0].String() != "hw" {
		t.Errorf("probe_hw args %v", c.Args)
	}
	if fn.Locals["hook"] != "hook_fn" {
		t.Errorf("local hook: type %q, want hook_fn", fn.Locals["hook"])
	}
}

func TestModelScalarTypes(t *testing.T) {
	f := parseTestdata(t, "modeltypes.c", nil)
	noFailures(t, f)
	callByName(t, funcByName(t, f, "push_sample"), "store_sample")
}

// A local named after a type that the same function's declarations are
// the first to show (frob_dev *frob_dev, or a parameter so) shadows it
// from there on.
func TestTolerateShadowedInferredType(t *testing.T) {
	f := parseClean(t, "shadowinferred.c", "frob_find", "blob_count")
	if c := callByName(t, funcByName(t, f, "frob_find"), "frob_hold"); len(c.Args) != 1 || c.Args[0].String() != "frob_dev" {
		t.Errorf("frob_hold args %v, want [frob_dev]", c.Args)
	}
	if c := callByName(t, funcByName(t, f, "blob_count"), "blob_put"); len(c.Args) != 1 || c.Args[0].String() != "blob_ctx" {
		t.Errorf("blob_put args %v, want [blob_ctx]", c.Args)
	}
}

// `(X){...}` makes X a type: a compound literal is the only reading.
func TestTolerateCompoundLiteralType(t *testing.T) {
	f := parseClean(t, "compoundlit.c", "rec_fill", "rec_kind")
	for _, name := range []string{"wire32_t", "wmode_t"} {
		if !slices.Contains(f.Stats.Inferred, name) {
			t.Errorf("type name %s not inferred (inferred %v)", name, f.Stats.Inferred)
		}
	}
	for _, name := range []string{"ready", "mode"} {
		if slices.Contains(f.Stats.Inferred, name) {
			t.Errorf("%s inferred as a type (inferred %v)", name, f.Stats.Inferred)
		}
	}
	callByName(t, funcByName(t, f, "rec_fill"), "store_mode")
}

// A list macro alone on its line is a macro use also as the last
// statement of a block.
func TestTolerateListMacroLast(t *testing.T) {
	f := parseClean(t, "lastlistmacro.c", "ctrs_copy", "ctrs_sub")
	callByName(t, funcByName(t, f, "ctrs_sub"), "note_sub")
}
