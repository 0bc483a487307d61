// SPDX-License-Identifier: MIT

package lint

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// A configuration read from a file (a .config, a build's autoconf.h)
// means what its CONFIG_PREEMPT_RT says: a spinlock_t spins in a non-RT
// one and sleeps in an RT one, whatever the file is called.
func TestConfigFileModel(t *testing.T) {
	const src = `#include <linux/spinlock.h>
#include <linux/module.h>

static DEFINE_SPINLOCK(foo_lock);
static DEFINE_RAW_SPINLOCK(foo_raw);
static int foo_n;

static int __init foo_init(void)
{
	raw_spin_lock(&foo_raw);
	spin_lock(&foo_lock);
	foo_n = 0;
	spin_unlock(&foo_lock);
	raw_spin_unlock(&foo_raw);
	return 0;
}
module_init(foo_init);
`
	dir := t.TempDir()
	path := filepath.Join(dir, "foo.c")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("foo.c", src)
	for _, tc := range []struct {
		name, text string
		sleeps     bool
	}{
		{"nonrt.config", "CONFIG_SMP=y\n# CONFIG_PREEMPT_RT is not set\n", false},
		{"rt.config", "CONFIG_SMP=y\nCONFIG_PREEMPT_RT=y\n", true},
		{"autoconf.h", "#define CONFIG_SMP 1\n", false},
		{"rt-autoconf.h", "#define CONFIG_SMP 1\n#define CONFIG_PREEMPT_RT 1\n", true},
	} {
		cfg := write(tc.name, tc.text)
		res, err := Run(Options{Inputs: []string{path}, Config: cfg, Rules: []string{"sleepatomic"}, Uncertain: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Object)
		}
		sort.Strings(got)
		if sleeps := strings.Contains(strings.Join(got, " "), "spin_lock"); sleeps != tc.sleeps {
			t.Errorf("--config %s: sleepatomic findings %q; want spin_lock() sleeping: %v", tc.name, got, tc.sleeps)
		}
	}
}
