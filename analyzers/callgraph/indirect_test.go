// SPDX-License-Identifier: MIT

package callgraph

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/internal/testenv"
)

// graphOf builds the non-RT graph of one C file.
func graphOf(t *testing.T, src string) *Graph {
	t.Helper()
	dir := testenv.WriteTree(t, map[string]string{"drv.c": src})
	path := filepath.Join(dir, "drv.c")
	u, err := cunit.New(dir, []*cparse.Config{cparse.NewConfig(false)}, []string{path}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range u.Failures() {
		t.Errorf("does not parse: %s", f)
	}
	return Build(u).Graphs["nonrt"]
}

// indirectEdges lists a graph's calls through pointers as
// "caller -> callee via VIA".
func indirectEdges(g *Graph) []string {
	var out []string
	for _, n := range g.Nodes {
		for _, e := range n.Callees {
			if !e.Direct() {
				out = append(out, e.Caller.Name()+" -> "+e.Callee.Name()+" via "+e.Via)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Every function stored in a struct field is recorded under the struct
// type and the field, whatever the form of the store: designated and
// positional initializers (also written by a macro the front end expands,
// in arrays, nested, in a function's local or a compound literal), and
// assignments.
func TestStoredFields(t *testing.T) {
	g := graphOf(t, `
struct foo_ops { int (*open)(int); void (*close)(int); };
struct inner { void (*kick)(int); };
struct outer { int id; struct inner in; union { void (*a)(int); void (*b)(int); }; void (*after)(int); };
struct dev { const struct foo_ops *ops; void (*handler)(int); };

static int p_open(int x) { return x; }
static void p_close(int x) { }
static int d_open(int x) { return x; }
static void m_close(int x) { }
static void a_close(int x) { }
static void n_kick(int x) { }
static void u_a(int x) { }
static void u_after(int x) { }
static int l_open(int x) { return x; }
static void c_close(int x) { }
static void h_fn(int x) { }

#define FOO_OPS(o, c) { .open = o, .close = c }

static const struct foo_ops pos = { p_open, p_close };
static const struct foo_ops des = { .open = d_open };
static const struct foo_ops arr[] = { FOO_OPS(d_open, m_close), [1] = { .close = a_close } };
static struct outer o = { 1, { n_kick }, { u_a }, u_after };

void setup(struct dev *d, struct foo_ops *ops)
{
	struct foo_ops local = { .open = l_open };
	const struct foo_ops *c = &(struct foo_ops){ .close = c_close };

	d->handler = h_fn;
	ops->close = c->close;
}
`)
	want := map[string][]string{
		"struct foo_ops.open":  {"d_open", "l_open", "p_open"},
		"struct foo_ops.close": {"a_close", "c_close", "m_close", "p_close"},
		"struct inner.kick":    {"n_kick"},
		"struct outer.after":   {"u_after"},
		"struct dev.handler":   {"h_fn"},
	}
	for k, names := range want {
		var got []string
		for _, n := range g.Stored[k] {
			got = append(got, n.Name())
		}
		sort.Strings(got)
		if strings.Join(got, " ") != strings.Join(names, " ") {
			t.Errorf("Stored[%q] = %v, want %v", k, got, names)
		}
	}
	// The anonymous union takes one place: u_a is not after's.
	if len(g.Stored["struct outer.a"]) != 0 || len(g.Stored["struct outer.id"]) != 0 {
		t.Errorf("positional values given to the wrong members: %v", g.Stored)
	}
}

// A call through a struct field of a known type calls every function the
// unit stores in that field: x->f(), x->ops->f(), (*x->f)(), x.in.f().
func TestIndirectCalls(t *testing.T) {
	g := graphOf(t, `
struct foo_ops { int (*open)(int); void (*close)(int); };
struct inner { void (*kick)(int); };
struct dev { const struct foo_ops *ops; struct inner in; void (*handler)(int); };

static int a_open(int x) { return x; }
static int b_open(int x) { return x; }
static void a_close(int x) { }
static void kick(int x) { }
static void handler(int x) { }

static const struct foo_ops a_ops = { .open = a_open, .close = a_close };
static const struct foo_ops b_ops = { .open = b_open };

void setup(struct dev *d)
{
	d->in.kick = kick;
	d->handler = handler;
}

void use(struct dev *d, void *p)
{
	d->ops->open(1);
	(*d->ops->close)(2);
	d->in.kick(3);
	d->handler(4);
	((struct dev *)p)->handler(5);
}
`)
	got := strings.Join(indirectEdges(g), "\n")
	want := strings.Join([]string{
		"use -> a_close via foo_ops.close",
		"use -> a_open via foo_ops.open",
		"use -> b_open via foo_ops.open",
		"use -> handler via dev.handler",
		"use -> handler via dev.handler", // through the cast
		"use -> kick via inner.kick",
	}, "\n")
	if got != want {
		t.Errorf("indirect edges:\n%s\nwant:\n%s", got, want)
	}
	if n := len(g.Indirect(findCall(t, g, "use", "d->handler(4)"))); n != 1 {
		t.Errorf("d->handler(4): %d edges, want 1", n)
	}
	if n := len(g.Indirect(findCall(t, g, "use", "((struct dev *)p)->handler(5)"))); n != 1 {
		t.Errorf("a call through a cast: %d edges, want 1", n)
	}
}

// A function passed as an argument is called where the callee calls the
// parameter, also through a function the callee passes it on to.
func TestCallbackArguments(t *testing.T) {
	g := graphOf(t, `
static void each(void (*fn)(int), int n) { fn(n); }
static void each_twice(int n, void (*cb)(int)) { each(cb, n); each(cb, n + 1); }
static void keeps(void (*fn)(int)) { }
static void visit(int x) { }
static void other(int x) { }

void run(void)
{
	each_twice(1, visit);
	each(&other, 2);
	keeps(other);
}
`)
	got := strings.Join(indirectEdges(g), "\n")
	want := "each -> other via argument fn\neach -> visit via argument fn"
	if got != want {
		t.Errorf("callback edges:\n%s\nwant:\n%s", got, want)
	}
	if !g.CallsParam(g.Lookup("each_twice")[0], 1) || g.CallsParam(g.Lookup("keeps")[0], 0) {
		t.Errorf("CallsParam: each_twice passes cb on to a caller of it; keeps does not call fn")
	}
}

func findCall(t *testing.T, g *Graph, fn, text string) *cparse.Call {
	t.Helper()
	var found *cparse.Call
	for _, n := range g.Lookup(fn) {
		WalkStmt(n.Fn.Body, func(e cparse.Expr) {
			if c, ok := e.(*cparse.Call); ok && c.String() == text {
				found = c
			}
		})
	}
	if found == nil {
		t.Fatalf("%s: no call %s", fn, text)
	}
	return found
}

// A member of a struct the unit's files do not define (a header's, which
// the parser does not read) has the type the unit's tree structs give it:
// x->ops->go() is a call through the ops struct's field.
func TestIndirectThroughTreeStructs(t *testing.T) {
	const src = `
struct hdr_ops;
static void my_go(int x) { }
static const struct hdr_ops my_ops = { .go = my_go };
void kick(struct hdr_dev *d)
{
	d->ops->go(1);
}
`
	tree := map[string]*cparse.Struct{
		"struct hdr_dev": {Name: "struct hdr_dev", Fields: []cparse.Field{{Name: "ops", Type: "struct hdr_ops *"}}},
	}
	for _, withTree := range []bool{false, true} {
		dir := testenv.WriteTree(t, map[string]string{"drv.c": src})
		path := filepath.Join(dir, "drv.c")
		o := cunit.Options{}
		if withTree {
			o.Structs = tree
		}
		u, err := cunit.NewWith(nil, dir, []*cparse.Config{cparse.NewConfig(false)}, []string{path}, nil, nil, o)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(indirectEdges(Build(u).Graphs["nonrt"]), "\n")
		want := ""
		if withTree {
			want = "kick -> my_go via hdr_ops.go"
		}
		if got != want {
			t.Errorf("tree structs %v: edges %q, want %q", withTree, got, want)
		}
	}
}

// graphOfFiles builds the non-RT graph of C files (name: source) written
// in one directory, all of them targets.
func graphOfFiles(t *testing.T, files map[string]string) *Graph {
	t.Helper()
	dir := testenv.WriteTree(t, files)
	var paths []string
	for name := range files {
		if strings.HasSuffix(name, ".c") {
			paths = append(paths, filepath.Join(dir, filepath.FromSlash(name)))
		}
	}
	sort.Strings(paths)
	u, err := cunit.New(dir, []*cparse.Config{cparse.NewConfig(false)}, paths, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range u.Failures() {
		t.Errorf("does not parse: %s", f)
	}
	return Build(u).Graphs["nonrt"]
}

// Which of the functions stored in a field a call through it reaches: a
// file that stores functions in the field calls its own (a driver calling
// its object's method); one that stores none there but embeds the field's
// struct in its own is an implementation too, whose methods a library
// filled: what the files it calls by name store there, none when it calls
// none that does; any other file (a core) calls what anyone stores.
func TestIndirectOwnObject(t *testing.T) {
	g := graphOfFiles(t, map[string]string{
		"chip.h": `struct chip { int (*get)(struct chip *c); int id; };
`,
		"core.c": `#include "chip.h"
int chip_get(struct chip *c) { return c->get(c); }
`,
		"drv_a.c": `#include "chip.h"
static int a_get(struct chip *c) { return 0; }
static struct chip a_chip = { .get = a_get };
int a_poll(struct chip *c) { return c->get(c); }
`,
		"lib.c": `#include "chip.h"
static int lib_get(struct chip *c) { return 2; }
void lib_init(struct chip *c) { c->get = lib_get; }
`,
		"drv_b.c": `#include "chip.h"
struct b_chip { struct chip c; int irq; };
void lib_init(struct chip *c);
int b_irq(struct b_chip *bc)
{
	lib_init(&bc->c);
	return bc->c.get(&bc->c);
}
`,
		"drv_c.c": `#include "chip.h"
struct c_chip { struct chip c; int irq; };
int c_irq(struct c_chip *cc)
{
	return cc->c.get(&cc->c);
}
`,
	})
	got := strings.Join(indirectEdges(g), "\n")
	want := strings.Join([]string{
		"a_poll -> a_get via chip.get",
		"b_irq -> lib_get via chip.get",
		"chip_get -> a_get via chip.get",
		"chip_get -> lib_get via chip.get",
	}, "\n")
	if got != want {
		t.Errorf("indirect edges:\n%s\nwant:\n%s", got, want)
	}
}
