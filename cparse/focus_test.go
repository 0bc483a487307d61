// SPDX-License-Identifier: MIT

package cparse

import (
	"reflect"
	"sort"
	"testing"
)

// Two context files of a target that defines target_fn: a header whose
// inline helper forwards to it, and a .c file with functions on the way
// there, below it, and beside it.
const focusHeader = `
static inline void helper(int x)
{
	target_fn(x);
}
`

const focusSource = `#include <linux/spinlock.h>
#include <linux/workqueue.h>

static DEFINE_SPINLOCK(l);
static struct work_struct w;

static void deep3(void) { }
static void deep2(void) { deep3(); }
static void deep1(void) { deep2(); }
static void take(void) { spin_lock(&l); }

static void on_chain(struct work_struct *work)
{
	take();
	deep1();
	helper(1);
	spin_unlock(&l);
}

static int registers(void)
{
	INIT_WORK(&w, on_chain);
	return 0;
}

static void beside(void)
{
	take();
}

SYSCALL_DEFINE0(entry)
{
	beside();
	return 0;
}
`

func TestFocus(t *testing.T) {
	h := Prepare("dir/helper.h", []byte(focusHeader), Options{})
	c := Prepare("dir/file.c", []byte(focusSource), Options{})
	Focus([]*Prepared{c, h}, []string{"target_fn"}, nil, nil, nil, nil)

	if got, want := h.Kept(), []string{"helper"}; !reflect.DeepEqual(got, want) {
		t.Errorf("header kept %v, want %v", got, want)
	}
	// on_chain leads to target_fn through the header's helper; registers
	// names it (a callback registration decides its context); take, deep1,
	// deep2 and deep3 are what on_chain calls, at any depth (a deep callee
	// may undo what a kept one did); beside is off the way; the syscall is
	// an entry point, always kept.
	want := []string{"SYSCALL_DEFINE0(entry)", "deep1", "deep2", "deep3", "on_chain", "registers", "take"}
	got := c.Kept()
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	var leads []string
	for _, f := range c.Funcs() {
		if f.Leads() {
			leads = append(leads, f.Name)
		}
	}
	if !reflect.DeepEqual(leads, []string{"on_chain", "registers"}) {
		t.Errorf("leads %v", leads)
	}

	f := c.Parse()
	var parsed []string
	for _, fn := range f.Funcs {
		if fn.Body != nil {
			parsed = append(parsed, fn.Name)
		}
	}
	sort.Strings(parsed)
	if !reflect.DeepEqual(parsed, want) {
		t.Errorf("parsed %v, want %v (failures %v)", parsed, want, f.Failures)
	}
	if f.Stats.Skipped != 1 {
		t.Errorf("Stats.Skipped = %d, want 1 (beside)", f.Stats.Skipped)
	}
	if len(f.Failures) != 0 {
		t.Errorf("failures: %v", f.Failures)
	}
	// Parse is idempotent.
	if c.Parse() != f {
		t.Error("a second Parse returned another File")
	}
}

// Without Focus, Parse parses everything, as ParseSource does.
func TestPrepareParseAll(t *testing.T) {
	p := Prepare("dir/file.c", []byte(focusSource), Options{})
	f := p.Parse()
	g := ParseSource("dir/file.c", []byte(focusSource), Options{})
	if len(f.Funcs) != len(g.Funcs) || f.Stats.Skipped != 0 || len(f.Funcs) < 8 {
		t.Errorf("Prepare+Parse: %d functions (%d skipped), ParseSource: %d", len(f.Funcs), f.Stats.Skipped, len(g.Funcs))
	}
}

// A function that takes a lock the targets take leads too, and so do its
// callers.
func TestFocusLocks(t *testing.T) {
	c := Prepare("dir/file.c", []byte(focusSource), Options{})
	Focus([]*Prepared{c}, []string{"unused_name"}, [][]string{{"l"}}, nil, nil, nil)
	want := []string{"SYSCALL_DEFINE0(entry)", "beside", "deep1", "deep2", "deep3", "on_chain", "registers", "take"}
	got := c.Kept()
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}

// A helper the targets call, defined in a header, is kept with what it
// calls, though it leads nowhere.
func TestFocusDefs(t *testing.T) {
	h := Prepare("include/helpers.h", []byte(`
static inline void inner(void) { }
static inline void helper(void) { inner(); }
static inline void other(void) { }
`), Options{})
	Focus([]*Prepared{h}, []string{"target_fn"}, nil, []string{"helper"}, nil, nil)
	if got, want := h.Kept(), []string{"inner", "helper"}; !reflect.DeepEqual(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}

// A function that calls through a member the targets store functions in
// leads, with its callers, and is kept with what it calls: it may be the
// way the kernel calls them. A call of a function of that name, or a
// member read, does not lead.
func TestFocusFields(t *testing.T) {
	c := Prepare("core/dispatch.c", []byte(`
struct foo_ops { void (*close)(int); };
struct foo { const struct foo_ops *ops; void (*close)(int); };
static void helper(void) { }
static void do_close(struct foo *f) { helper(); f->ops->close(1); }
static void do_close2(struct foo *f) { (*f->close)(2); }
void foo_release(struct foo *f) { do_close(f); }
void other(struct foo *f) { close(3); }
void reader(struct foo *f) { void (*fn)(int) = f->ops->close; }
void unrelated(void) { }
`), Options{})
	Focus([]*Prepared{c}, []string{"target_fn"}, nil, nil, []string{"close"}, nil)
	want := []string{"helper", "do_close", "do_close2", "foo_release"}
	if got := c.Kept(); !reflect.DeepEqual(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}

// Focus on an outline decides the same as on the file; Take carries the
// decisions to a full Prepared, which parses what the outline kept.
func TestOutline(t *testing.T) {
	full := Prepare("dir/file.c", []byte(focusSource), Options{})
	o := full.Outline().Outline() // an outline of an outline is one too
	if !o.IsOutline() || full.IsOutline() {
		t.Fatal("IsOutline")
	}
	h := Prepare("dir/helper.h", []byte(focusHeader), Options{})
	Focus([]*Prepared{o, h}, []string{"target_fn"}, nil, nil, nil, nil)
	want := o.Kept()
	if len(want) != 7 {
		t.Fatalf("outline kept %v", want)
	}
	q := Prepare("dir/file.c", []byte(focusSource), Options{})
	q.Take(o)
	if got := q.Kept(); !reflect.DeepEqual(got, want) {
		t.Errorf("after Take kept %v, want %v", got, want)
	}
	if f := q.Parse(); f.Stats.Skipped != 1 {
		t.Errorf("Skipped = %d, want 1", f.Stats.Skipped)
	}
	defer func() {
		if recover() == nil {
			t.Error("Parse of an outline did not panic")
		}
	}()
	o.Parse()
}

// Below two levels, only callees with effects are kept: those that name
// something the table models, or call a function that does. A function
// without is what an unknown function is taken for.
func TestFocusEffects(t *testing.T) {
	const src = `
static void inert3(void) { }
static void on3(void) { local_irq_enable(); }
static void via3(void) { on3(); }
static void d2(void) { inert3(); via3(); }
static void d1(void) { d2(); }
static void on_chain(void)
{
	local_irq_disable();
	d1();
	target_fn();
}
`
	c := Prepare("dir/deep.c", []byte(src), Options{})
	Focus([]*Prepared{c}, []string{"target_fn"}, nil, nil, nil, func(name string) bool { return name == "local_irq_enable" || name == "local_irq_disable" })
	want := []string{"d1", "d2", "on3", "on_chain", "via3"}
	got := c.Kept()
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("kept %v, want %v (inert3 has no effect and is three levels down)", got, want)
	}
}
