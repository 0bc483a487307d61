// SPDX-License-Identifier: MIT

package ctxflow

import (
	"testing"

	"github.com/kcovlint/kcovlint/cparse"
)

// Which statement expressions need not be walked: those that change
// nothing the analysis tracks.
func TestInertStmtExpr(t *testing.T) {
	const src = `#include <linux/spinlock.h>

struct field { unsigned int mask; int shift; };
#define FIELD(m) ({ BUILD_BUG_ON(!(m) || ((m) & ((m) - 1)) == 0); (struct field) { (m), __builtin_ffs(m) }; })
static DEFINE_SPINLOCK(l);
static int helper(int x) { return x; }

int f(int *p)
{
	int outer = 0;
	struct field a = FIELD(0x30);                          /* inert */
	int b = ({ int t = 3; if (t > 2) t = 1; t; });          /* inert */
	int c = ({ spin_lock(&l); 1; });                        /* locks */
	int d = ({ outer = 2; outer; });                        /* assigns outside */
	int e = ({ helper(1); });                               /* calls the unit */
	int g = ({ int i, s = 0; for (i = 0; i < 3; i++) s += i; s; }); /* a loop */
	int h = ({ p[1]; });                                    /* reads through p */
	return a.shift + b + c + d + e + g + h;
}
`
	f := flowOf(t, src)
	nodes := f.Graph.Lookup("f")
	if len(nodes) != 1 {
		t.Fatalf("f: %d nodes", len(nodes))
	}
	fc := &fctx{flow: f, node: nodes[0]}
	var got []bool
	cparse.WalkStmt(nodes[0].Fn.Body, func(e cparse.Expr) {
		if se, ok := e.(*cparse.StmtExpr); ok {
			got = append(got, fc.inertStmtExpr(se))
		}
	})
	want := []bool{true, true, false, false, false, false, false}
	if len(got) != len(want) {
		t.Fatalf("%d statement expressions, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement expression %d: inert %v, want %v", i+1, got[i], want[i])
		}
	}
}

// Which parameters keep a caller's constant: those that can decide a path
// in the function or, passed on, in a function of the unit, or that reach
// a call the table models.
func TestDecidingParams(t *testing.T) {
	const src = `#include <linux/slab.h>

static void mode_sink(int m) { }
static void mode_user(int m) { if (m == MODE_A) kfree(NULL); }

void f(int a, int b, int c, int d, gfp_t gfp, int e)
{
	if (a)
		kfree(NULL);
	mode_user(b);
	mode_sink(c);
	d = d + 1;
	kfree(kmalloc(8, gfp));
	switch (e) { default: break; }
}
`
	f := flowOf(t, src)
	got := f.decidingParams(f.Graph.Lookup("f")[0])
	for p, want := range map[string]bool{"a": true, "b": true, "c": false, "d": false, "gfp": true, "e": true} {
		if got[p] != want {
			t.Errorf("parameter %s deciding: %v, want %v", p, got[p], want)
		}
	}
}

// flowOf is the non-RT flow of one C file, ready to ask about its
// functions (nothing computed yet).
func flowOf(t *testing.T, src string) *Flow {
	t.Helper()
	return flowOfFiles(t, map[string]string{"f.c": src})
}
