// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/report"
)

// A driver's callbacks, stored in an operations struct the table does not
// list and passed to a function of the core or a header's hook, and the
// code that calls them in other files of the tree: with a timer, under a
// lock, with BH disabled.
var dispatchTree = map[string]string{
	"Makefile":       "# SPDX-License-Identifier: MIT\n",
	"kernel/Kconfig": "",
	"include/linux/blkx.h": `/* SPDX-License-Identifier: MIT */
struct blkx_dev;

struct blkx_ops {
	int (*open)(struct blkx_dev *d);
	void (*close)(struct blkx_dev *d);
};

struct blkx_dev {
	const struct blkx_ops *ops;
	int id;
};
`,
	// The prototypes are elsewhere: the caller scan reads this one, not
	// the struct definitions, which only the tree's structs give.
	"include/linux/blkx_api.h": `/* SPDX-License-Identifier: MIT */
void blkx_release(struct blkx_dev *d);
void blkx_for_each(void (*fn)(struct blkx_dev *d));
`,
	// The core: blkx_shutdown() calls the ops' close through a member of
	// a header's struct, under a lock; blkx_for_each() calls its
	// argument under it.
	"drivers/blkx/core.c": `/* SPDX-License-Identifier: MIT */
#include <linux/spinlock.h>
#include <linux/blkx.h>
#include <linux/blkx_api.h>

static DEFINE_SPINLOCK(blkx_list_lock);
static struct blkx_dev *blkx_devs[4];

static void blkx_shutdown(struct blkx_dev *d)
{
	d->ops->close(d);
}

void blkx_release(struct blkx_dev *d)
{
	blkx_shutdown(d);
}

void blkx_for_each(void (*fn)(struct blkx_dev *d))
{
	int i;

	spin_lock(&blkx_list_lock);
	for (i = 0; i < 4; i++)
		fn(blkx_devs[i]);
	spin_unlock(&blkx_list_lock);
}
`,
	// The core's user: a timer releases the device (softirq).
	"drivers/blkx/reaper.c": `/* SPDX-License-Identifier: MIT */
#include <linux/timer.h>
#include <linux/blkx_api.h>

static struct blkx_dev *victim;
static struct timer_list reaper;

static void reaper_fn(struct timer_list *t)
{
	blkx_release(victim);
}

static int __init reaper_init(void)
{
	timer_setup(&reaper, reaper_fn, 0);
	return 0;
}
module_init(reaper_init);
`,
	// Another subsystem calls ->close() of its own ops in hardirq
	// context; its text names struct blkx_ops, the parse tells the types
	// apart.
	"drivers/other/other.c": `/* SPDX-License-Identifier: MIT */
#include <linux/interrupt.h>

/* unlike struct blkx_ops, ours close in interrupt context */
struct other_ops {
	void (*close)(struct other_dev *o);
};

struct other_dev {
	const struct other_ops *ops;
	int irq;
};

static irqreturn_t other_irq(int irq, void *data)
{
	struct other_dev *o = data;

	o->ops->close(o);
	return IRQ_HANDLED;
}

int other_setup(struct other_dev *o)
{
	return request_irq(o->irq, other_irq, 0, "other", o);
}
`,
	// A hook written in upper case, as a macro would be, that calls the
	// function it is passed with BH disabled.
	"include/linux/hookx.h": `/* SPDX-License-Identifier: MIT */
static inline int RUN_HOOK(int (*okfn)(int), int x)
{
	int r;

	local_bh_disable();
	r = okfn(x);
	local_bh_enable();
	return r;
}
`,
	"drivers/blkx/mydrv.c": `/* SPDX-License-Identifier: MIT */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/blkx.h>
#include <linux/blkx_api.h>
#include <linux/hookx.h>

static void mydrv_close(struct blkx_dev *d)
{
	msleep(1);
}

static const struct blkx_ops mydrv_ops = {
	.close = mydrv_close,
};

static void mydrv_visit(struct blkx_dev *d)
{
	msleep(2);
}

static int mydrv_okfn(int x)
{
	msleep(x);
	return 0;
}

static int __init mydrv_init(void)
{
	blkx_for_each(mydrv_visit);
	return RUN_HOOK(mydrv_okfn, 3);
}
module_init(mydrv_init);
`,
}

// The tree's code that calls a target's callbacks through the struct
// field they are stored in, or through the parameter they are passed to,
// gives them its context: the files are found by the scan, their
// functions on the way kept, and the types told apart by the parse.
func TestDispatchers(t *testing.T) {
	root := testenv.WriteTree(t, dispatchTree)
	target := filepath.Join(root, "drivers", "blkx", "mydrv.c")
	res, err := Run(Options{Tree: root, Inputs: []string{target}, Index: "none", Rules: []string{"sleepatomic"}, Config: "nonrt"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]report.Finding{}
	for _, f := range res.Findings {
		got[f.Function+": "+f.Message] = f
	}
	want := map[string]string{
		"mydrv_close: msleep() may sleep in softirq context in mydrv_close()":            "reaper_fn -> blkx_release -> blkx_shutdown -> mydrv_close|calls mydrv_close() through blkx_ops.close",
		"mydrv_visit: msleep() may sleep under spinlock blkx_list_lock in mydrv_visit()": "mydrv_init -> blkx_for_each -> mydrv_visit|calls mydrv_visit() through argument fn",
		"mydrv_okfn: msleep() may sleep with BH disabled in mydrv_okfn()":                "mydrv_init -> RUN_HOOK -> mydrv_okfn|calls mydrv_okfn() through argument okfn",
	}
	for k, w := range want {
		f, ok := got[k]
		if !ok {
			t.Errorf("no finding %q; findings: %v", k, keysOf(got))
			continue
		}
		chain, site, _ := strings.Cut(w, "|")
		found := false
		for _, tr := range f.Trace {
			var msgs []string
			for _, s := range tr.Sites {
				msgs = append(msgs, s.Message)
			}
			if strings.Join(tr.Chain, " -> ") == chain && strings.Contains(strings.Join(msgs, "\n"), site) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no witness %s (%q); trace %+v", k, chain, site, f.Trace)
		}
	}
	for k := range got {
		if strings.Contains(k, "hardirq") {
			t.Errorf("finding through another struct's field of the same name: %s", k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("findings %v, want %d", keysOf(got), len(want))
	}
}
