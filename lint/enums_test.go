// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// A uapi header's enumerators decide a switch on a constant passed down:
// the softirq path notifies with event 0, which takes neither case, so
// the sleeping join on RTM_NEWADDR is reached only from the task path.
// Without the tree's enumerator values the switch is undecided and the
// softirq path reaches the mutex.
var enumTree = map[string]string{
	"include/uapi/linux/evnotify.h": `/* SPDX-License-Identifier: MIT */
enum {
	EVN_BASE	= 16,
#define EVN_BASE	EVN_BASE
	EVN_NEWADDR	= EVN_BASE + 4,
	EVN_DELADDR,
};
`,
	"net/evn/evn.c": `/* SPDX-License-Identifier: MIT */
#include <linux/timer.h>
#include <linux/mutex.h>
#include <uapi/linux/evnotify.h>

struct evn_addr {
	struct timer_list timer;
	struct mutex lock;
	int joined;
};

static void evn_join(struct evn_addr *a)
{
	mutex_lock(&a->lock);
	a->joined = 1;
	mutex_unlock(&a->lock);
}

static void evn_leave(struct evn_addr *a)
{
	mutex_lock(&a->lock);
	a->joined = 0;
	mutex_unlock(&a->lock);
}

static void evn_notify(int event, struct evn_addr *a)
{
	switch (event) {
	case EVN_NEWADDR:
		evn_join(a);
		break;
	case EVN_DELADDR:
		evn_leave(a);
		break;
	}
}

static void evn_timeout(struct timer_list *t)
{
	struct evn_addr *a = from_timer(a, t, timer);

	evn_notify(0, a);
}

void evn_add(struct evn_addr *a)
{
	timer_setup(&a->timer, evn_timeout, 0);
	evn_notify(EVN_NEWADDR, a);
}
`,
}

func TestTreeEnumsDecideSwitch(t *testing.T) {
	root := testenv.WriteTree(t, enumTree)
	target := filepath.Join(root, "net", "evn", "evn.c")
	res, err := Run(Options{Tree: root, Inputs: []string{target}, Index: "none", Config: "nonrt", Uncertain: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Errorf("unexpected finding %s:%d [%s] %s", f.File, f.Line, f.Rule, f.Message)
	}
	// The control: with the header's values gone, the softirq path
	// reaches both mutexes.
	tree := map[string]string{}
	for k, v := range enumTree {
		tree[k] = v
	}
	tree["include/uapi/linux/evnotify.h"] = "/* SPDX-License-Identifier: MIT */\n"
	root = testenv.WriteTree(t, tree)
	res, err = Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "net", "evn", "evn.c")}, Index: "none", Config: "nonrt", Uncertain: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Error("control: no finding without the enumerator values; the fixture no longer tests them")
	}
}

// The softirq caller's constant is kept however many task callers pass
// theirs: the bound on entries told apart by constants is per context.
// Twelve work items notify with constants of their own, registered
// before the timer, whose path to the notifier is the longest: its entry
// comes last.
func TestConstEntriesBoundPerContext(t *testing.T) {
	tree := map[string]string{}
	for k, v := range enumTree {
		tree[k] = v
	}
	var works, inits strings.Builder
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&works, "static void evn_work%d(struct work_struct *w)\n{\n\tstruct evn_addr *a = container_of(w, struct evn_addr, work[%d]);\n\n\tevn_notify(%d, a);\n}\n\n", i, i, 100+i)
		fmt.Fprintf(&inits, "\tINIT_WORK(&a->work[%d], evn_work%d);\n", i, i)
	}
	src := tree["net/evn/evn.c"]
	src = strings.Replace(src, "#include <linux/mutex.h>\n", "#include <linux/mutex.h>\n#include <linux/workqueue.h>\n", 1)
	src = strings.Replace(src, "\tint joined;\n", "\tint joined;\n\tstruct work_struct work[13];\n", 1)
	src = strings.Replace(src, "static void evn_timeout", works.String()+`static void evn_deep2(struct evn_addr *a)
{
	evn_notify(0, a);
}

static void evn_deep1(struct evn_addr *a)
{
	evn_deep2(a);
}

static void evn_timeout`, 1)
	src = strings.Replace(src, "\tevn_notify(0, a);\n}\n\nvoid evn_add", "\tevn_deep1(a);\n}\n\nvoid evn_add", 1)
	src = strings.Replace(src, "\ttimer_setup(", inits.String()+"\ttimer_setup(", 1)
	tree["net/evn/evn.c"] = src
	root := testenv.WriteTree(t, tree)

	res, err := Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "net", "evn", "evn.c")}, Index: "none", Config: "nonrt", Uncertain: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Errorf("unexpected finding %s:%d [%s] %s", f.File, f.Line, f.Rule, f.Message)
	}
}
