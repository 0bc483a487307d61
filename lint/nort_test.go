// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// rtDriver has a PREEMPT_RT-only bug: a spinlock_t taken with IRQs
// disabled in an interrupt handler PREEMPT_RT runs in a thread. Lockdep's
// wait-context check does not see it (no raw lock is held, the handler is
// threaded), so no architecture without RT reports it.
const rtDriver = `// SPDX-License-Identifier: MIT
#include <linux/interrupt.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(%[1]s_lock);

static irqreturn_t %[1]s_irq(int irq, void *data)
{
	unsigned long flags;

	local_irq_save(flags);
	spin_lock(&%[1]s_lock);
	spin_unlock(&%[1]s_lock);
	local_irq_restore(flags);
	return IRQ_HANDLED;
}

int %[1]s_probe(int irq)
{
	return request_irq(irq, %[1]s_irq, 0, "%[1]s", NULL);
}
`

// rawDriver has a spinlock_t in an IRQF_NO_THREAD handler, which stays in
// hard interrupt context: lockdep's wait-context check
// (CONFIG_PROVE_RAW_LOCK_NESTING) reports it on any architecture.
const rawDriver = `// SPDX-License-Identifier: MIT
#include <linux/interrupt.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(%[1]s_lock);

static irqreturn_t %[1]s_irq(int irq, void *data)
{
	spin_lock(&%[1]s_lock);
	spin_unlock(&%[1]s_lock);
	return IRQ_HANDLED;
}

int %[1]s_probe(int irq)
{
	return request_irq(irq, %[1]s_irq, IRQF_NO_THREAD, "%[1]s", NULL);
}
`

// A PREEMPT_RT finding in a driver that only an architecture without RT
// builds is one no RT kernel can have: uncertain, with the Kconfig reason;
// the same bug in a driver any architecture builds is reported.
func TestRTFindingInDriverRTCannotBuild(t *testing.T) {
	tree := testenv.WriteTree(t, map[string]string{
		"Kconfig":              "source \"arch/$(SRCARCH)/Kconfig\"\nsource \"drivers/Kconfig\"\n",
		"arch/x86/Kconfig":     "config X86\n\tdef_bool y\n\tselect ARCH_SUPPORTS_RT\n",
		"arch/sparc/Kconfig":   "config SPARC\n\tdef_bool y\n\nconfig SPARC64\n\tbool \"64-bit\"\n\thelp\n\t  if you want it\n\nsource \"drivers/sbus/Kconfig\"\n",
		"drivers/sbus/Kconfig": "config SBUS_THING\n\tbool\n",
		"drivers/Kconfig":      "source \"drivers/foo/Kconfig\"\n",
		"drivers/foo/Kconfig": "if SPARC64\nconfig FOO_INNER\n\tbool\nendif # SPARC64\n\nconfig FOO_SPARC\n\ttristate \"sparc only\"\n\tdepends on SPARC64 || COMPILE_TEST\n\n" +
			"config FOO_SBUS\n\ttristate \"sbus\"\n\tdepends on (SBUS_THING && PCI)\n\n" +
			"config FOO_ANY\n\ttristate \"any\"\n\tdepends on PCI || SPARC64\n\n" +
			"config FOO_SOC\n\tbool \"soc\" if COMPILE_TEST\n\tdepends on (ARCH_SOCX && SPARC) || COMPILE_TEST\n\n" +
			"config FOO_NORT\n\ttristate \"not for RT\"\n\tdepends on PCI && !PREEMPT_RT\n\n" +
			"config FOO_BUS\n\ttristate \"bus\"\n\tdepends on PCI\n\nconfig FOO_BUS_SPARCCORE\n\tbool \"bus core of sparc\"\n\tdepends on FOO_BUS && SPARC64\n",
		"drivers/foo/Makefile": "obj-$(CONFIG_FOO_SPARC) += sparcfoo.o sparcraw.o\nobj-$(CONFIG_FOO_NORT) += nortraw.o\nobj-$(CONFIG_FOO_SBUS) += sbusfoo.o\nobj-$(CONFIG_FOO_ANY) += anyfoo.o\nobj-$(CONFIG_FOO_SOC) += socfoo.o\n" +
			"obj-$(CONFIG_FOO_ANY) += ifdeffoo.o elsefoo.o\n" +
			"obj-$(CONFIG_FOO_BUS) += foobus.o\nfoobus-y := busmain.o corelib.o\nfoobus-$(CONFIG_FOO_BUS_SPARCCORE) += buscore.o sparcuse.o\n",
		// Files any architecture builds with code under conditions:
		// the sparc-only block's finding is uncertain, the #else's is
		// not.
		"drivers/foo/ifdeffoo.c": "#if IS_BUILTIN(CONFIG_FOO_SPARC) || IS_ENABLED(CONFIG_SPARC64)\n" + sprintfDriver("ifdeffoo") + "#endif\n",
		"drivers/foo/elsefoo.c":  "#ifdef CONFIG_SPARC64\nint elsefoo_sparc;\n#else\n" + sprintfDriver("elsefoo") + "#endif /* CONFIG_SPARC64 */\n",
		// A library any architecture builds, whose lock only a
		// sparc-only part takes in hard interrupt context.
		"drivers/foo/corelib.c": `// SPDX-License-Identifier: MIT
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(corelib_lock);

void corelib_poke(void)
{
	spin_lock(&corelib_lock);
	spin_unlock(&corelib_lock);
}
`,
		"drivers/foo/sparcuse.c": `// SPDX-License-Identifier: MIT
#include <linux/interrupt.h>

void corelib_poke(void);

static irqreturn_t sparcuse_irq(int irq, void *data)
{
	unsigned long flags;

	local_irq_save(flags);
	corelib_poke();
	local_irq_restore(flags);
	return IRQ_HANDLED;
}

int sparcuse_probe(int irq)
{
	return request_irq(irq, sparcuse_irq, 0, "sparcuse", NULL);
}
`,
		"drivers/foo/buscore.c":  sprintfDriver("buscore"),
		"drivers/foo/socfoo.c":   sprintfDriver("socfoo"),
		"drivers/foo/sparcfoo.c": sprintfDriver("sparcfoo"),
		"drivers/foo/sbusfoo.c":  sprintfDriver("sbusfoo"),
		"drivers/foo/anyfoo.c":   sprintfDriver("anyfoo"),
		// A nesting lockdep reports on any architecture: it stays.
		"drivers/foo/sparcraw.c": strings.ReplaceAll(rawDriver, "%[1]s", "sparcraw"),
		// Kept out of RT by its own Kconfig: uncertain, raw nesting or
		// not.
		"drivers/foo/nortraw.c": strings.ReplaceAll(rawDriver, "%[1]s", "nortraw"),
	})
	dir := filepath.Join(tree, "drivers", "foo")
	run := func(uncertain bool) map[string]string {
		res, err := Run(Options{Tree: tree, Inputs: []string{dir}, Config: "rt", Uncertain: uncertain})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, f := range res.Findings {
			if f.Rule == "sleepatomic" {
				out[filepath.Base(f.File)] = f.Confidence + ": " + strings.Join(f.Doubts, "; ")
				if f.RawNesting {
					out[filepath.Base(f.File)] += " | " + strings.Join(f.Detail, "; ")
				}
			}
		}
		return out
	}
	def := run(false)
	_, any := def["anyfoo.c"]
	_, els := def["elsefoo.c"]
	_, raw := def["sparcraw.c"]
	if !any || !els || !raw || len(def) != 3 {
		t.Errorf("default output: %q, want anyfoo.c's, elsefoo.c's and sparcraw.c's findings only", def)
	}
	all := run(true)
	for file, want := range map[string]string{
		"sparcfoo.c": "CONFIG_FOO_SPARC (depends on SPARC64); PREEMPT_RT in this tree is for x86",
		"sbusfoo.c":  "CONFIG_FOO_SBUS (depends on SBUS_THING)",
		// An architecture's SoC, or a compile test: an and-ed
		// alternative tied by one of its symbols.
		"socfoo.c": "CONFIG_FOO_SOC (depends on SPARC)",
		// A part of a composite object under a symbol of its own.
		"buscore.c": "CONFIG_FOO_BUS_SPARCCORE (depends on SPARC64)",
		// A driver that depends on !PREEMPT_RT.
		"nortraw.c": "CONFIG_FOO_NORT (depends on !PREEMPT_RT): no PREEMPT_RT kernel builds it",
		// Code under a condition only such architectures meet.
		"ifdeffoo.c": "drivers/foo/ifdeffoo.c:1 is under a condition that depends on FOO_SPARC || SPARC64",
		// A witness through such a part.
		"corelib.c": "hardirqs disabled witness passes through code no PREEMPT_RT kernel has: drivers/foo/sparcuse.c is built only with CONFIG_FOO_BUS_SPARCCORE",
	} {
		if got := all[file]; !strings.HasPrefix(got, "low: ") || !strings.Contains(got, want) {
			t.Errorf("%s with --uncertain: %q, want low confidence saying %q", file, got, want)
		}
	}
	if got, want := all["sparcraw.c"], "lockdep reports this lock nesting on any architecture with CONFIG_PROVE_RAW_LOCK_NESTING=y"; !strings.HasPrefix(got, "high: ") || !strings.Contains(got, "CONFIG_FOO_SPARC") || !strings.Contains(got, want) {
		t.Errorf("sparcraw.c: %q, want high confidence, the Kconfig reason and %q", got, want)
	}
}

func sprintfDriver(name string) string {
	return strings.ReplaceAll(rtDriverText(), "%[1]s", name)
}

func rtDriverText() string { return rtDriver }

// A driver that depends on BROKEN is built by no configuration: the
// findings whose witness passes through it into other code are
// uncertain, with the Kconfig reason, in every configuration; its own
// findings stay (who lints it asks about its code); the same bug reached
// from a driver that is built is reported.
func TestFindingThroughBrokenDriver(t *testing.T) {
	timerUser := func(name string) string {
		return `// SPDX-License-Identifier: MIT
#include <linux/timer.h>
#include <linux/mutex.h>

void lib_sync(void);
static DEFINE_MUTEX(` + name + `_mtx);
static struct timer_list ` + name + `_timer;

static void ` + name + `_tick(struct timer_list *t)
{
	mutex_lock(&` + name + `_mtx);
	mutex_unlock(&` + name + `_mtx);
	lib_sync();
}

int ` + name + `_probe(void)
{
	timer_setup(&` + name + `_timer, ` + name + `_tick, 0);
	return 0;
}
`
	}
	tree := testenv.WriteTree(t, map[string]string{
		"Kconfig":          "source \"arch/$(SRCARCH)/Kconfig\"\nsource \"init/Kconfig\"\nsource \"drivers/Kconfig\"\n",
		"arch/x86/Kconfig": "config X86\n\tdef_bool y\n\tselect ARCH_SUPPORTS_RT\n",
		"init/Kconfig":     "config BROKEN\n\tbool\n\nconfig BROKEN_ON_SMP\n\tbool\n\tdepends on BROKEN || !SMP\n\tdefault y\n",
		"drivers/Kconfig":  "source \"drivers/foo/Kconfig\"\n",
		"drivers/foo/Kconfig": "config FOO_OLD\n\ttristate \"old\"\n\tdepends on PCI && BROKEN\n\n" +
			"config FOO_LIB\n\ttristate \"lib\"\n\nconfig FOO_NEW\n\ttristate \"new\"\n\tdepends on PCI\n",
		"drivers/foo/Makefile": "obj-$(CONFIG_FOO_OLD) += oldfoo.o\nobj-$(CONFIG_FOO_LIB) += libfoo.o\nobj-$(CONFIG_FOO_NEW) += newfoo.o\n",
		"drivers/foo/libfoo.c": `// SPDX-License-Identifier: MIT
#include <linux/mutex.h>

static DEFINE_MUTEX(lib_mtx);

void lib_sync(void)
{
	mutex_lock(&lib_mtx);
	mutex_unlock(&lib_mtx);
}
`,
		"drivers/foo/oldfoo.c": timerUser("oldfoo"),
	})
	dir := filepath.Join(tree, "drivers", "foo")
	res, err := Run(Options{Tree: tree, Inputs: []string{dir}, Config: "nonrt", Uncertain: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range res.Findings {
		if f.Rule == "sleepatomic" {
			got[filepath.Base(f.File)] = f.Confidence + ": " + strings.Join(f.Doubts, "; ")
		}
	}
	want := "softirq witness passes through code no configuration builds: drivers/foo/oldfoo.c is built only with CONFIG_FOO_OLD (depends on BROKEN): no configuration builds it"
	if g := got["libfoo.c"]; !strings.HasPrefix(g, "low: ") || !strings.Contains(g, want) {
		t.Errorf("libfoo.c: %q, want low confidence saying %q", g, want)
	}
	if g := got["oldfoo.c"]; !strings.HasPrefix(g, "high: ") {
		t.Errorf("oldfoo.c: %q, want its own finding at default confidence", g)
	}

	// Built from a driver that is not broken: reported.
	testenv.WriteFile(t, tree, "drivers/foo/newfoo.c", timerUser("newfoo"))
	res, err = Run(Options{Tree: tree, Inputs: []string{filepath.Join(dir, "libfoo.c"), filepath.Join(dir, "newfoo.c")}, Config: "nonrt"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == "sleepatomic" && filepath.Base(f.File) == "libfoo.c" {
			n++
		}
	}
	if n == 0 {
		t.Errorf("libfoo.c: no default finding with a built caller (newfoo.c)")
	}
}

// The code of an architecture whose Kconfig does not select
// ARCH_SUPPORTS_RT has no RT findings in the default output, not even a
// nesting lockdep's raw-nesting check (off by default, there to keep RT's
// rules) would report: fresh set 21's parisc and mips sites. The same
// code under an RT architecture keeps them.
func TestArchNoRTFindings(t *testing.T) {
	tree := testenv.WriteTree(t, map[string]string{
		"Makefile":                    "# SPDX-License-Identifier: MIT\n",
		"Kconfig":                     "source \"arch/$(SRCARCH)/Kconfig\"\n",
		"arch/x86/Kconfig":            "config X86\n\tdef_bool y\n\tselect ARCH_SUPPORTS_RT\n",
		"arch/parisc/Kconfig":         "config PARISC\n\tdef_bool y\n",
		"arch/parisc/kernel/Makefile": "obj-y += pdcirq.o pdcraw.o\n",
		"arch/parisc/kernel/pdcirq.c": strings.ReplaceAll(rtDriver, "%[1]s", "pdcirq"),
		"arch/parisc/kernel/pdcraw.c": strings.ReplaceAll(rawDriver, "%[1]s", "pdcraw"),
		"arch/x86/kernel/Makefile":    "obj-y += x86raw.o\n",
		"arch/x86/kernel/x86raw.c":    strings.ReplaceAll(rawDriver, "%[1]s", "x86raw"),
	})
	run := func(dir string, uncertain bool) []string {
		res, err := Run(Options{Tree: tree, Inputs: []string{filepath.Join(tree, dir)}, Config: "rt", Uncertain: uncertain})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			if f.Rule == "sleepatomic" {
				out = append(out, filepath.Base(f.File)+" "+f.Confidence+": "+strings.Join(f.Doubts, "; "))
			}
		}
		return out
	}
	if got := run("arch/parisc/kernel", false); len(got) != 0 {
		t.Errorf("parisc default output: %q, want none", got)
	}
	all := run("arch/parisc/kernel", true)
	if len(all) != 2 {
		t.Errorf("parisc with --uncertain: %q, want pdcirq.c's and pdcraw.c's findings", all)
	}
	for _, f := range all {
		if !strings.Contains(f, "built only for ARCH=parisc") {
			t.Errorf("%s: want the ARCH=parisc doubt", f)
		}
	}
	if got := run("arch/x86/kernel", false); len(got) != 1 {
		t.Errorf("x86 default output: %q, want x86raw.c's finding", got)
	}
}
