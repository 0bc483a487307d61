// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/report"
)

// confidenceSrc has, in a BH work item: a sleep reached only through a
// static key test and a bool parameter the analysis cannot decide (the
// code testing its mode), a sleep reached unconditionally, an in_task()
// test deciding a sleep that no caller reaches with BH off, and one that
// a caller does.
const confidenceSrc = `// SPDX-License-Identifier: MIT
#include <linux/workqueue.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/jump_label.h>

DEFINE_STATIC_KEY_FALSE(use_bh);

struct obj {
	struct work_struct work;
	void *buf;
};

static void obj_fill(struct obj *o, bool atomic)
{
	if (!atomic)
		cond_resched();
}

static void obj_work(struct work_struct *w)
{
	struct obj *o = container_of(w, struct obj, work);

	if (!static_branch_unlikely(&use_bh))
		o->buf = kmalloc(64, GFP_KERNEL);
	obj_fill(o, o->buf != NULL);
	msleep(1);
}

void obj_submit(struct obj *o)
{
	INIT_WORK(&o->work, obj_work);
	queue_work(system_bh_wq, &o->work);
}
EXPORT_SYMBOL(obj_submit);

static void *grab(void)
{
	if (in_task())
		return vmalloc(64);
	return NULL;
}

long quiet_ioctl(void)
{
	return grab() != NULL;
}
EXPORT_SYMBOL(quiet_ioctl);

static void *grab_bh(void)
{
	if (in_task())
		return vmalloc(128);
	return NULL;
}

long bh_ioctl(void)
{
	void *p;

	local_bh_disable();
	p = grab_bh();
	local_bh_enable();
	return p != NULL;
}
EXPORT_SYMBOL(bh_ioctl);

static int last_cpu;

static void cpu_work_fn(struct work_struct *w)
{
	last_cpu = smp_processor_id();
}
static DECLARE_WORK(cpu_work, cpu_work_fn);

static long cpu_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	last_cpu = smp_processor_id();
	schedule_work(&cpu_work);
	return 0;
}

static const struct file_operations cpu_fops = {
	.unlocked_ioctl = cpu_ioctl,
};
`

func TestConfidence(t *testing.T) {
	tree := testenv.WriteTree(t, map[string]string{"drivers/x/obj.c": confidenceSrc})
	file := filepath.Join(tree, "drivers", "x", "obj.c")
	run := func(uncertain bool) *report.Result {
		res, err := Run(Options{Tree: tree, Inputs: []string{file}, Config: "nonrt", Uncertain: uncertain})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	find := func(res *report.Result, rule, object, fn string) *report.Finding {
		for i, f := range res.Findings {
			if f.Rule == rule && f.Object == object && f.Function == fn {
				return &res.Findings[i]
			}
		}
		return nil
	}
	all := run(true)
	for _, c := range []struct {
		rule, object, fn, conf, doubt string
	}{
		{"sleepatomic", "kmalloc", "obj_work", report.ConfidenceLow, "!static_branch_unlikely(&use_bh) is true"},
		{"sleepatomic", "cond_resched", "obj_fill", report.ConfidenceLow, "!atomic is true"},
		{"sleepatomic", "msleep", "obj_work", report.ConfidenceHigh, ""},
		{"ctxpred", "in_task", "grab", report.ConfidenceLow, "no way in that kcovlint saw reaches in_task()"},
		{"ctxpred", "in_task", "grab_bh", report.ConfidenceHigh, ""},
		{"percpu", "smp_processor_id", "cpu_ioctl", report.ConfidenceHigh, ""},
		{"percpu", "smp_processor_id", "cpu_work_fn", report.ConfidenceLow, "may be bound to one CPU"},
	} {
		f := find(all, c.rule, c.object, c.fn)
		if f == nil {
			t.Errorf("--uncertain: no %s finding on %s in %s", c.rule, c.object, c.fn)
			continue
		}
		if f.Confidence != c.conf || (c.doubt != "") != (len(f.Doubts) > 0) || !strings.Contains(strings.Join(f.Doubts, "\n"), c.doubt) {
			t.Errorf("%s %s: confidence %s, doubts %q; want %s with a doubt naming %q", c.rule, c.object, f.Confidence, f.Doubts, c.conf, c.doubt)
		}
	}
	def := run(false)
	for _, f := range def.Findings {
		if f.Confidence != report.ConfidenceHigh {
			t.Errorf("default output has an uncertain finding: %s", findingLine(f))
		}
	}
	if def.Uncertain != 4 || len(def.Findings)+def.Uncertain != len(all.Findings) {
		t.Errorf("default output: %d findings, %d uncertain left out; with --uncertain %d", len(def.Findings), def.Uncertain, len(all.Findings))
	}
}
