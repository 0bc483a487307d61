// SPDX-License-Identifier: MIT

package index

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/internal/testenv"
)

// Each call row holds the state at the call relative to the caller's
// entry, with both semantics: BH disabled by spin_lock_bh() (and, on RT
// only, the spinlock's migration and RCU), a context ruled in by the
// caller's own test, the lock held; calls of the file's own statics are
// rows too (local).
func TestCallStates(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{
		"drivers/a/a.c": `static DEFINE_SPINLOCK(a_lock);
void target(void);

static void helper(void)
{
	target();
}

void caller(void)
{
	spin_lock_bh(&a_lock);
	target();
	spin_unlock_bh(&a_lock);
	if (in_serving_softirq())
		helper();
	target();
}
`,
	})
	ix, _ := build(t, root, filepath.Join(t.TempDir(), "i.db"), UpdateOptions{Jobs: 1})
	defer ix.Close()
	edges, err := ix.CallsIntoAny([]string{"target", "helper"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]Edge{}
	for _, e := range edges {
		got[e.Line] = e
	}
	decode := func(text string) ctxflow.CallState {
		t.Helper()
		cs, err := ctxflow.DecodeCallStates(text, "a.c")
		if err != nil || len(cs) != 1 {
			t.Fatalf("%q: %v %v", text, cs, err)
		}
		return cs[0]
	}
	locked := got[12]
	if locked.Caller != "caller" || locked.Local {
		t.Fatalf("line 12: %+v", locked)
	}
	n, r := decode(locked.State), decode(locked.StateRT)
	if !n.BH.Positive() || len(n.Held) != 1 || n.Held[0].Key != "a_lock" || n.Preempt.Zero() {
		t.Errorf("non-RT state under spin_lock_bh: %+v", n)
	}
	if !r.BH.Positive() || !r.Migrate.Positive() || !r.RCU.Positive() || r.Preempt.Positive() {
		t.Errorf("RT state under spin_lock_bh: %+v", r)
	}
	// in_serving_softirq() is true in softirq and in an interrupt of it.
	if h := got[15]; h.Callee != "helper" || !h.Local || decode(h.State).Ctx.Has(ctxflow.Task) || !decode(h.State).Ctx.Has(ctxflow.Softirq) {
		t.Errorf("line 15 (the static helper, not in task context): %+v", h)
	}
	// After the section and the test: both ways, each as at entry but for
	// the contexts the test told apart.
	after, err := ctxflow.DecodeCallStates(got[16].State, "a.c")
	if err != nil {
		t.Fatal(err)
	}
	var union ctxflow.CtxSet
	for _, c := range after {
		union |= c.Ctx
		if c.IRQ != ctxflow.Same || !c.BH.Zero() || len(c.Held) != 0 {
			t.Errorf("line 16: %+v, want the entry's IRQ, BH and locks", c)
		}
	}
	if union != ctxflow.AllCtx {
		t.Errorf("line 16: contexts %v, want all", union)
	}
	if e := got[6]; e.Caller != "helper" || e.State != "" {
		t.Errorf("line 6 (in helper): %+v", e)
	}
}

// CallsIntoIn reads each name's calls in its own file only; CallsIntoAny
// in every file. Both order by callee, file and line.
func TestCallsIntoIn(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{
		"drivers/a/a.c": `static void work(void) { }
void a_entry(void) { work(); }
void a_more(void) { work(); shared(); }
`,
		"drivers/b/b.c": `static void work(void) { }
void b_entry(void) { work(); shared(); }
`,
	})
	ix, _ := build(t, root, filepath.Join(t.TempDir(), "i.db"), UpdateOptions{Jobs: 1})
	defer ix.Close()
	where := func(edges []Edge) []string {
		var out []string
		for _, e := range edges {
			out = append(out, e.Callee+"@"+e.File+":"+e.Caller)
		}
		return out
	}
	in, err := ix.CallsIntoIn([]NameIn{{"work", "drivers/b/b.c"}, {"shared", "drivers/a/a.c"}, {"work", "drivers/a/a.c"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"shared@drivers/a/a.c:a_more", "work@drivers/a/a.c:a_entry", "work@drivers/a/a.c:a_more", "work@drivers/b/b.c:b_entry"}
	if got := where(in); !slices.Equal(got, want) {
		t.Errorf("CallsIntoIn: %v, want %v", got, want)
	}
	only, err := ix.CallsIntoIn([]NameIn{{"shared", "drivers/b/b.c"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := where(only), []string{"shared@drivers/b/b.c:b_entry"}; !slices.Equal(got, want) {
		t.Errorf("CallsIntoIn of shared in b.c: %v, want %v", got, want)
	}
	anyFile, err := ix.CallsIntoAny([]string{"shared"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := where(anyFile), []string{"shared@drivers/a/a.c:a_more", "shared@drivers/b/b.c:b_entry"}; !slices.Equal(got, want) {
		t.Errorf("CallsIntoAny of shared: %v, want %v", got, want)
	}
}

// A function's predicates are those it tests to tell contexts apart, not
// those it only complains about (WARN_ON(in_nmi())): the ways start in the
// contexts of the former only.
func TestPredsLeaveOutComplaints(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{
		"drivers/a/a.c": `void a_free(void *p)
{
	WARN_ON(in_nmi());
	if (in_serving_softirq())
		return;
	kfree(p);
}
`,
	})
	ix, _ := build(t, root, filepath.Join(t.TempDir(), "i.db"), UpdateOptions{Jobs: 1})
	defer ix.Close()
	defs, err := ix.Definitions("a_free")
	if err != nil || len(defs) != 1 {
		t.Fatalf("Definitions: %+v %v", defs, err)
	}
	if !slices.Equal(defs[0].Preds, []string{"in_serving_softirq"}) {
		t.Errorf("preds %v, want [in_serving_softirq]", defs[0].Preds)
	}
}
