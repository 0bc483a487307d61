// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// Two modules linted in one run each define a struct adapter in a header
// of their own: their locks are different lock classes. t1's work_lock is
// taken only in task context, t3's in its interrupt handler; neither is
// an inconsistent usage. (A struct defined in a shared header is one
// type, and the same code in one module is reported: the control.)
var twoAdaptersTree = map[string]string{
	"drivers/net/t1/common.h": `/* SPDX-License-Identifier: MIT */
#include <linux/spinlock.h>
struct adapter {
	spinlock_t work_lock;
	int open;
};
`,
	"drivers/net/t1/t1main.c": `/* SPDX-License-Identifier: MIT */
#include <linux/netdevice.h>
#include "common.h"

static int t1_close(struct net_device *dev)
{
	struct adapter *adapter = netdev_priv(dev);

	spin_lock(&adapter->work_lock);
	adapter->open = 0;
	spin_unlock(&adapter->work_lock);
	return 0;
}

static const struct net_device_ops t1_netdev_ops = {
	.ndo_stop = t1_close,
};

void t1_setup(struct net_device *dev)
{
	dev->netdev_ops = &t1_netdev_ops;
}
`,
	"drivers/net/t3/adapter.h": `/* SPDX-License-Identifier: MIT */
#include <linux/spinlock.h>
struct adapter {
	int irq;
	spinlock_t work_lock;
	unsigned int pending;
};
`,
	"drivers/net/t3/t3main.c": `/* SPDX-License-Identifier: MIT */
#include <linux/interrupt.h>
#include "adapter.h"

static irqreturn_t t3_intr(int irq, void *cookie)
{
	struct adapter *adapter = cookie;

	spin_lock(&adapter->work_lock);
	adapter->pending++;
	spin_unlock(&adapter->work_lock);
	return IRQ_HANDLED;
}

int t3_up(struct adapter *adapter)
{
	return request_irq(adapter->irq, t3_intr, 0, "t3", adapter);
}
`,
}

func TestModuleTypesAreNotConflated(t *testing.T) {
	root := testenv.WriteTree(t, twoAdaptersTree)
	res, err := Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "drivers", "net")}, Index: "none", Config: "nonrt", Uncertain: true, Rules: []string{"lockirq"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Errorf("unexpected finding %s:%d %s", f.File, f.Line, f.Message)
	}
	// Control: t3's lock taken with IRQs on by t3's own ndo_stop is
	// reported.
	tree := map[string]string{}
	for k, v := range twoAdaptersTree {
		tree[k] = v
	}
	tree["drivers/net/t3/t3main.c"] = strings.Replace(tree["drivers/net/t3/t3main.c"], "#include \"adapter.h\"\n", `#include <linux/netdevice.h>
#include "adapter.h"

static int t3_close(struct net_device *dev)
{
	struct adapter *adapter = netdev_priv(dev);

	spin_lock(&adapter->work_lock);
	adapter->pending = 0;
	spin_unlock(&adapter->work_lock);
	return 0;
}

static const struct net_device_ops t3_netdev_ops = {
	.ndo_stop = t3_close,
};

void t3_setup(struct net_device *dev)
{
	dev->netdev_ops = &t3_netdev_ops;
}
`, 1)
	root = testenv.WriteTree(t, tree)
	res, err = Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "drivers", "net")}, Index: "none", Config: "nonrt", Uncertain: true, Rules: []string{"lockirq"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || filepath.Base(res.Findings[0].File) != "t3main.c" {
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.File+": "+f.Message)
		}
		t.Errorf("control: findings %q, want one in t3main.c", got)
	}
}
