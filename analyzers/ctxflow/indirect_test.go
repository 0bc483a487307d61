// SPDX-License-Identifier: MIT

package ctxflow

import (
	"strings"
	"testing"
)

// A function called through a struct field, or through a parameter that
// holds it, is entered with the caller's context and state, and its
// witness chain says through what.
func TestIndirectEntries(t *testing.T) {
	const src = `#include <linux/timer.h>
#include <linux/spinlock.h>

struct blk_dev;
struct blk_ops { void (*start)(struct blk_dev *d); };
struct blk_dev { const struct blk_ops *ops; struct timer_list timer; spinlock_t lock; };

static void a_start(struct blk_dev *d) { }
static void b_start(struct blk_dev *d) { }
static const struct blk_ops a_ops = { .start = a_start };
static const struct blk_ops b_ops = { b_start };

static void each(void (*fn)(struct blk_dev *), struct blk_dev *d)
{
	spin_lock(&d->lock);
	fn(d);
	spin_unlock(&d->lock);
}

static void visit(struct blk_dev *d) { }

static void blk_timer(struct timer_list *t)
{
	struct blk_dev *d = from_timer(d, t, timer);

	d->ops->start(d);
	each(visit, d);
}

void blk_init(struct blk_dev *d)
{
	timer_setup(&d->timer, blk_timer, 0);
}
`
	f := flowOf(t, src)
	f.run()
	for fn, want := range map[string]string{
		"a_start": "blk_timer -> a_start (blk_ops.start)",
		"b_start": "blk_timer -> b_start (blk_ops.start)",
		"visit":   "blk_timer -> each -> visit (argument fn)",
	} {
		var got []string
		for _, e := range f.Contexts(f.Graph.Lookup(fn)[0]) {
			l := e.Chain[len(e.Chain)-1]
			got = append(got, strings.Join(e.ChainNames(), " -> ")+" ("+l.Via+")")
			if e.Ctx != Softirq || e.Assumed {
				t.Errorf("%s: entered in %s (assumed %v), want softirq", fn, e.Ctx, e.Assumed)
			}
			if fn == "visit" && len(e.State.Held) != 1 {
				t.Errorf("visit: entered holding %v, want the lock each() holds", e.State.Held)
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%s: entries %q, want %q", fn, got, want)
		}
	}
}
