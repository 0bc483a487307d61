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

// A driver's remove calls, under its IRQ-disabling lock, a method an
// exported init function of a library module stored in the driver's
// embedded struct (card->isac.release, stored by mISDNisac_init() as
// isac->release = isac_release): the library's file is read for the init
// function the driver calls, and the method it stores is parsed too.
var storedMethodTree = map[string]string{
	"Makefile":            "# SPDX-License-Identifier: MIT\n",
	"kernel/Kconfig":      "",
	"drivers/hw/Makefile": "obj-$(CONFIG_HW_LIB) += hwlib.o\nobj-$(CONFIG_HW_CARD) += card.o\n",
	"drivers/hw/hwlib.h": `/* SPDX-License-Identifier: MIT */
struct chip_hw {
	void *regs;
	int (*init)(struct chip_hw *);
	void (*release)(struct chip_hw *);
};
int chip_hw_init(struct chip_hw *chip);
`,
	"drivers/hw/hwlib.c": `/* SPDX-License-Identifier: MIT */
#include <linux/module.h>
#include <linux/delay.h>
#include "hwlib.h"

static int chip_init(struct chip_hw *chip)
{
	return 0;
}

static void chip_release(struct chip_hw *chip)
{
	msleep(10);
}

int chip_hw_init(struct chip_hw *chip)
{
	chip->init = chip_init;
	chip->release = chip_release;
	return 0;
}
EXPORT_SYMBOL(chip_hw_init);
`,
	"drivers/hw/card.c": `/* SPDX-License-Identifier: MIT */
#include <linux/pci.h>
#include <linux/spinlock.h>
#include "hwlib.h"

struct card {
	spinlock_t lock;
	struct chip_hw chip;
};

static int card_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct card *card = pci_get_drvdata(pdev);

	spin_lock_init(&card->lock);
	chip_hw_init(&card->chip);
	return card->chip.init(&card->chip);
}

static void card_remove(struct pci_dev *pdev)
{
	struct card *card = pci_get_drvdata(pdev);
	unsigned long flags;

	spin_lock_irqsave(&card->lock, flags);
	card->chip.release(&card->chip);
	spin_unlock_irqrestore(&card->lock, flags);
}

static struct pci_driver card_driver = {
	.probe = card_probe,
	.remove = card_remove,
};
module_pci_driver(card_driver);
`,
}

func TestStoredMethodOfCalleeFile(t *testing.T) {
	root := testenv.WriteTree(t, storedMethodTree)
	res, err := Run(Options{Tree: root, Inputs: []string{filepath.Join(root, "drivers", "hw", "card.c")}, Index: "none", Config: "nonrt"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.File+": "+f.Message)
		if f.Rule == "sleepatomic" && f.File == "drivers/hw/card.c" && f.Object == "msleep" && f.Function == "card_remove" {
			return
		}
	}
	t.Errorf("msleep() in the stored chip_release(), called through card->chip.release under card->lock, is not reported in card_remove(); findings: %q", got)
}
