// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// A tree whose driver's timer calls a subsystem's exported helper, which
// calls the subsystem's transmit function in a third file, which
// allocates with GFP_KERNEL: the sleep is two files down from the
// driver, and only reading them tells.
var calleeTree = map[string]string{
	"Makefile":       "# SPDX-License-Identifier: MIT\n",
	"kernel/Kconfig": "",
	"net/widget/send.c": `/* SPDX-License-Identifier: MIT */
#include <linux/module.h>

int widget_xmit(void *dev, int ev);

int widget_send_event(void *dev, int ev)
{
	if (!dev)
		return -EINVAL;
	return widget_xmit(dev, ev);
}
EXPORT_SYMBOL(widget_send_event);
`,
	"net/widget/xmit.c": `/* SPDX-License-Identifier: MIT */
#include <linux/slab.h>

int widget_xmit(void *dev, int ev)
{
	int *msg = kzalloc(sizeof(*msg), GFP_KERNEL);

	if (!msg)
		return -ENOMEM;
	*msg = ev;
	kfree(msg);
	return 0;
}
`,
	// Two more definitions of one name: which is linked is a
	// configuration's choice, so neither is read.
	"net/widget/alt_a.c": "/* SPDX-License-Identifier: MIT */\nint widget_alt(void *dev)\n{\n\treturn 0;\n}\n",
	"net/widget/alt_b.c": "/* SPDX-License-Identifier: MIT */\nint widget_alt(void *dev)\n{\n\treturn 1;\n}\n",
	// The kernel's core is the table's to model.
	"kernel/helper.c": "/* SPDX-License-Identifier: MIT */\nint core_helper(void *dev)\n{\n\treturn 0;\n}\n",
	"drivers/widget/wd.c": `/* SPDX-License-Identifier: MIT */
#include <linux/timer.h>

int widget_send_event(void *dev, int ev);
int widget_alt(void *dev);
int core_helper(void *dev);

struct wd {
	struct timer_list timer;
	void *dev;
};

static void wd_timeout(struct timer_list *t)
{
	struct wd *wd = from_timer(wd, t, timer);

	widget_alt(wd->dev);
	core_helper(wd->dev);
	widget_send_event(wd->dev, 1);
}

void wd_init(struct wd *wd)
{
	timer_setup(&wd->timer, wd_timeout, 0);
}
`,
}

func TestCalleeFiles(t *testing.T) {
	root := testenv.WriteTree(t, calleeTree)
	db := filepath.Join(t.TempDir(), "i.db")
	buildIndex(t, root, db)
	target := filepath.Join(root, "drivers", "widget", "wd.c")
	for _, idx := range []string{"none", db} {
		l := newTestLinter(root, idx)
		got := l.calleeFiles([]string{"widget_send_event", "widget_alt", "core_helper", "not_defined_anywhere"})
		if want := filepath.Join(root, "net/widget/send.c"); len(got) != 1 || got[0] != want {
			t.Errorf("index %s: calleeFiles = %v, want [%s]", idx, got, want)
		}

		res, err := Run(Options{Tree: root, Inputs: []string{target}, Index: idx, Config: "nonrt"})
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, f := range res.Findings {
			if f.Rule == "sleepatomic" && f.File == "drivers/widget/wd.c" && f.Object == "kzalloc" {
				found = true
				if !strings.Contains(f.Message, "widget_send_event() -> widget_xmit()") {
					t.Errorf("index %s: the message does not name the way down: %s", idx, f.Message)
				}
			}
		}
		if !found {
			t.Errorf("index %s: the GFP_KERNEL allocation two files below the timer is not reported at the driver's call; findings: %v", idx, res.Findings)
		}
	}
}
