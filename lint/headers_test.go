// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// A tree whose file calls a helper of a shared header that pins the task
// to its CPU: the per-CPU access between the helpers is safe, which only
// reading the header tells.
var helperTree = map[string]string{
	"Makefile":       "# SPDX-License-Identifier: MIT\n",
	"kernel/Kconfig": "",
	"include/linux/pinhelp.h": `/* SPDX-License-Identifier: MIT */
static inline void pin_this_task(void)
{
	migrate_disable();
}

static inline void unpin_this_task(void)
{
	migrate_enable();
}
`,
	"include/uapi/linux/pinhelp.h": `/* SPDX-License-Identifier: MIT */
static inline void pin_this_task(void) { }
`,
	"kernel/stats.c": `/* SPDX-License-Identifier: MIT */
#include <linux/percpu.h>
#include <linux/fs.h>
#include <linux/pinhelp.h>

static DEFINE_PER_CPU(unsigned long, hits);

static ssize_t hits_write(struct file *f, const char __user *u, size_t n, loff_t *pos)
{
	unsigned long *p;

	pin_this_task();
	p = this_cpu_ptr(&hits);
	(*p)++;
	unpin_this_task();
	return n;
}

static const struct file_operations hits_fops = {
	.write = hits_write,
};
`,
}

func TestHelperHeaders(t *testing.T) {
	root := testenv.WriteTree(t, helperTree)
	db := filepath.Join(t.TempDir(), "i.db")
	buildIndex(t, root, db)
	target := filepath.Join(root, "kernel", "stats.c")
	for _, idx := range []string{"none", db} {
		l := newTestLinter(root, idx)
		got := l.helperHeaders([]string{"pin_this_task", "unpin_this_task", "not_defined_anywhere"})
		if want := []string{filepath.Join(root, "include/linux/pinhelp.h")}; len(got) != 1 || got[0] != want[0] {
			t.Errorf("index %s: helperHeaders = %v, want %v", idx, got, want)
		}

		res, err := Run(Options{Tree: root, Inputs: []string{target}, Index: idx, Config: "both"})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Rule == "percpu" {
				t.Errorf("index %s: %s:%d: %s (the header's helper disables migration)", idx, f.File, f.Line, f.Message)
			}
		}
		// Without the tree (no header to read) the access is reported:
		// the test would pass vacuously if it were not.
		res, err = Run(Options{Inputs: []string{target}, Config: "nonrt"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range res.Findings {
			found = found || f.Rule == "percpu" && strings.Contains(f.Message, "hits")
		}
		if !found {
			t.Errorf("without the tree: no percpu finding on hits (findings %v)", res.Findings)
		}
	}
}
