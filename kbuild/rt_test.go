// SPDX-License-Identifier: MIT

package kbuild

import (
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

func TestConjuncts(t *testing.T) {
	for e, want := range map[string]string{
		"(A && B)":        "A|B",
		"(A) && (B || C)": "A|B || C",
		"A && (B && C)":   "A|B|C",
		"(A || B) && C":   "A || B|C",
		"A":               "A",
	} {
		var got []string
		for _, c := range conjuncts(e) {
			got = append(got, stripParens(c))
		}
		if strings.Join(got, "|") != want {
			t.Errorf("conjuncts(%q) = %q, want %q", e, got, want)
		}
	}
}

// The #if blocks tied to architectures without RT: a tied condition's
// block (with defined(), IS_ENABLED(), || of tied symbols), not its
// #else, not a negation, and nested blocks inside a tied one.
func TestIfRegions(t *testing.T) {
	r := New("", "", "", "", []string{"IS_ENABLED"})
	r.noRT = map[string]string{"SPARC64": "sparc", "FOO_SPARC": "depends on SPARC64"}
	src := []byte(`int a;
#ifdef CONFIG_SPARC64
int b;
#ifdef CONFIG_PCI
int c;
#endif
#else
int d;
#endif
#if IS_ENABLED(CONFIG_FOO_SPARC) || defined(CONFIG_SPARC64)
int e;
#endif
#if NOT_A_CONFIG_TEST(CONFIG_SPARC64)
int h;
#endif
#if !defined(CONFIG_SPARC64)
int f;
#endif
#if IS_ENABLED(CONFIG_PCI) || IS_ENABLED(CONFIG_SPARC64)
int g;
#endif
`)
	regions := r.ifRegions(src)
	in := func(line int) bool {
		for _, g := range regions {
			if line >= g.from && line <= g.to {
				return true
			}
		}
		return false
	}
	for line, want := range map[int]bool{1: false, 3: true, 5: true, 8: false, 11: true, 14: false, 17: false, 20: false} {
		if got := in(line); got != want {
			t.Errorf("line %d tied: %v, want %v (regions %v)", line, got, want, regions)
		}
	}
}

// A .c file no Makefile line builds but other .c files of its directory
// #include (lib82596.c in lasi_82596.c and sni_82596.c) is built with
// them: tied to architectures without RT when every includer is.
func TestIncludedFileNoRT(t *testing.T) {
	tree := testenv.WriteTree(t, map[string]string{
		"Kconfig":             "source \"arch/$(SRCARCH)/Kconfig\"\nsource \"drivers/Kconfig\"\n",
		"arch/x86/Kconfig":    "config X86\n\tdef_bool y\n\tselect ARCH_SUPPORTS_RT\n",
		"arch/parisc/Kconfig": "config PARISC\n\tdef_bool y\n\nconfig GSC\n\tbool \"gsc bus\"\n\nsource \"arch/parisc/Kconfig.debug\"\n",
		// An architecture's Kconfig that sources nothing is read as
		// that architecture's too.
		"arch/mips/Kconfig":         "config MIPS\n\tdef_bool y\n\nconfig SNI_RM\n\tbool \"sni\"\n",
		"arch/parisc/Kconfig.debug": "",
		"drivers/Kconfig":           "source \"drivers/net/Kconfig\"\n",
		"drivers/net/Kconfig": "config LASI\n\ttristate \"lasi\"\n\tdepends on GSC\n\n" +
			"config SNI\n\ttristate \"sni\"\n\tdepends on SNI_RM\n\n" +
			"config ANY\n\ttristate \"any\"\n\tdepends on PCI\n",
		"drivers/net/Makefile": "obj-$(CONFIG_LASI) += lasi.o\nobj-$(CONFIG_SNI) += sni.o\nobj-$(CONFIG_ANY) += any.o\n",
		"drivers/net/lib.c":    "static int lib_x;\n",
		"drivers/net/lasi.c":   "#include \"lib.c\"\n",
		"drivers/net/sni.c":    "#include \"lib.c\"\n#include \"shared.c\"\n",
		"drivers/net/shared.c": "static int shared_x;\n",
		"drivers/net/any.c":    "# include \"shared.c\"\n",
	})
	r := New(tree, "ARCH_SUPPORTS_RT", "COMPILE_TEST", "BROKEN", nil)
	if why := r.FileNoRT("drivers/net/lib.c"); !strings.Contains(why, "as part of lasi.c, sni.c") {
		t.Errorf("lib.c: %q, want it tied through lasi.c and sni.c", why)
	}
	if why := r.FileNoRT("drivers/net/shared.c"); why != "" {
		t.Errorf("shared.c: %q, want none (any.c, which any architecture builds, includes it)", why)
	}
	if why := r.FileNoRT("drivers/net/lasi.c"); !strings.Contains(why, "CONFIG_LASI") {
		t.Errorf("lasi.c: %q, want its own Makefile line's reason", why)
	}
}

// A file built under a symbol any architecture may set (EISA is x86's
// too) in a directory its parent's Makefile enters only under an
// architecture's symbol (obj-$(CONFIG_PARISC) += parisc/) is that
// architecture's.
func TestDirectoryGateNoRT(t *testing.T) {
	tree := testenv.WriteTree(t, map[string]string{
		"Kconfig":             "source \"arch/$(SRCARCH)/Kconfig\"\nsource \"drivers/Kconfig\"\n",
		"arch/x86/Kconfig":    "config X86\n\tdef_bool y\n\tselect ARCH_SUPPORTS_RT\n\nconfig EISA\n\tbool \"eisa\"\n",
		"arch/parisc/Kconfig": "config PARISC\n\tdef_bool y\n\nconfig EISA\n\tbool \"eisa\"\n",
		"drivers/Kconfig":     "config WIFI\n\ttristate \"wifi\"\n\nconfig WIFI_MEI\n\ttristate \"mei\"\n\tdepends on BROKEN\n",
		"drivers/Makefile":    "obj-$(CONFIG_PARISC) += parisc/\nobj-$(CONFIG_EISA) += eisa/\nobj-$(CONFIG_WIFI) += wifi/\nobj-$(CONFIG_WIFI_MEI) += wifi/\n",
		// A directory entered on two lines, one of them under a symbol
		// no configuration sets: the other line builds it.
		"drivers/wifi/Makefile":   "obj-$(CONFIG_WIFI) += core.o\n",
		"drivers/wifi/core.c":     "static int core_x;\n",
		"drivers/parisc/Makefile": "obj-$(CONFIG_EISA) += eisa.o\nobj-y += common.o\n",
		"drivers/parisc/eisa.c":   "static int eisa_x;\n",
		"drivers/parisc/common.c": "static int common_x;\n",
		"drivers/eisa/Makefile":   "obj-$(CONFIG_EISA) += bus.o\n",
		"drivers/eisa/bus.c":      "static int bus_x;\n",
	})
	r := New(tree, "ARCH_SUPPORTS_RT", "COMPILE_TEST", "BROKEN", nil)
	for _, f := range []string{"drivers/parisc/eisa.c", "drivers/parisc/common.c"} {
		if why := r.FileNoRT(f); !strings.Contains(why, "CONFIG_PARISC") {
			t.Errorf("%s: %q, want it tied through drivers/Makefile's parisc/ line", f, why)
		}
	}
	if why := r.FileNever("drivers/wifi/core.c"); why != "" {
		t.Errorf("drivers/wifi/core.c: %q, want none (drivers/Makefile enters wifi/ with CONFIG_WIFI too)", why)
	}
	if why := r.FileNoRT("drivers/eisa/bus.c"); why != "" {
		t.Errorf("drivers/eisa/bus.c: %q, want none (x86 builds it)", why)
	}
}

// A file of an architecture whose Kconfig does not select
// ARCH_SUPPORTS_RT is built for no RT kernel, though no Makefile line
// names a symbol for it (the top Makefile enters arch/$(SRCARCH)/):
// fresh set 21's parisc and mips RT findings. An RT architecture's files
// are kept.
func TestArchDirNoRT(t *testing.T) {
	tree := testenv.WriteTree(t, map[string]string{
		"Kconfig":                     "source \"arch/$(SRCARCH)/Kconfig\"\n",
		"arch/x86/Kconfig":            "config X86\n\tdef_bool y\n\tselect ARCH_SUPPORTS_RT\n",
		"arch/parisc/Kconfig":         "config PARISC\n\tdef_bool y\n",
		"arch/parisc/kernel/Makefile": "obj-y += smp.o\n",
		"arch/parisc/kernel/smp.c":    "static int smp_x;\n",
		"arch/x86/kernel/Makefile":    "obj-y += smp.o\n",
		"arch/x86/kernel/smp.c":       "static int smp_x;\n",
	})
	r := New(tree, "ARCH_SUPPORTS_RT", "COMPILE_TEST", "BROKEN", nil)
	if why := r.FileNoRT("arch/parisc/kernel/smp.c"); !strings.Contains(why, "ARCH=parisc") {
		t.Errorf("arch/parisc/kernel/smp.c: %q, want it built only for ARCH=parisc", why)
	}
	if why := r.FileNoRT("arch/x86/kernel/smp.c"); why != "" {
		t.Errorf("arch/x86/kernel/smp.c: %q, want none (x86 selects ARCH_SUPPORTS_RT)", why)
	}
}

// A symbol a user sets only in a compile test, which otherwise takes its
// value from a default or a select, is tied when every one of those is
// (drivers/clocksource's EM_TIMER_STI defaults to SYS_SUPPORTS_EM_STI,
// which only an ARM platform, in an `if ARM` block, selects).
func TestSetOnlyByNoRT(t *testing.T) {
	tree := testenv.WriteTree(t, map[string]string{
		"Kconfig":             "source \"arch/$(SRCARCH)/Kconfig\"\nsource \"drivers/Kconfig\"\n",
		"arch/x86/Kconfig":    "config X86\n\tdef_bool y\n\tselect ARCH_SUPPORTS_RT\n\tselect SYS_SUPPORTS_TMU\n",
		"arch/arm/Kconfig":    "config ARM\n\tdef_bool y\n",
		"drivers/Kconfig":     "source \"drivers/soc/Kconfig\"\nsource \"drivers/clocksource/Kconfig\"\n",
		"drivers/soc/Kconfig": "if ARM && ARCH_SOC\n\nconfig ARCH_EMEV2\n\tbool \"EMEV2\"\n\tselect HAVE_SCU if SMP\n\tselect SYS_SUPPORTS_STI\n\tselect SYS_SUPPORTS_TMU\n\nendif # ARM\n",
		"drivers/clocksource/Kconfig": "config SYS_SUPPORTS_STI\n\tbool\n\nconfig SYS_SUPPORTS_TMU\n\tbool\n\n" +
			"config STI\n\tbool \"STI timer\" if COMPILE_TEST\n\tdepends on HAS_IOMEM\n\tdefault SYS_SUPPORTS_STI\n\thelp\n\t  The timer if any.\n\n" +
			// x86 selects SYS_SUPPORTS_TMU too.
			"config TMU\n\tbool \"TMU timer\" if COMPILE_TEST\n\tdefault SYS_SUPPORTS_TMU\n\n" +
			// A prompt any user sees.
			"config STI_USER\n\ttristate \"STI, by hand\"\n\tdefault SYS_SUPPORTS_STI\n\n" +
			// A default that holds anywhere.
			"config STI_ON\n\tbool \"STI on\" if COMPILE_TEST\n\tdefault y\n\n" +
			// Selected by a symbol any architecture has.
			"config STI_SEL\n\tbool\n\tdefault y if SYS_SUPPORTS_STI\n\nconfig USER\n\tbool \"user\"\n\tselect STI_SEL\n",
		"drivers/clocksource/Makefile": "obj-$(CONFIG_STI) += sti.o\nobj-$(CONFIG_TMU) += tmu.o\nobj-$(CONFIG_STI_USER) += user.o\nobj-$(CONFIG_STI_ON) += on.o\nobj-$(CONFIG_STI_SEL) += sel.o\n",
		"drivers/clocksource/sti.c":    "static int sti_x;\n",
		"drivers/clocksource/tmu.c":    "static int tmu_x;\n",
		"drivers/clocksource/user.c":   "static int user_x;\n",
		"drivers/clocksource/on.c":     "static int on_x;\n",
		"drivers/clocksource/sel.c":    "static int sel_x;\n",
	})
	r := New(tree, "ARCH_SUPPORTS_RT", "COMPILE_TEST", "BROKEN", nil)
	if why := r.FileNoRT("drivers/clocksource/sti.c"); !strings.Contains(why, "SYS_SUPPORTS_STI") {
		t.Errorf("sti.c: %q, want it tied through default SYS_SUPPORTS_STI", why)
	}
	for _, f := range []string{"tmu.c", "user.c", "on.c", "sel.c"} {
		if why := r.FileNoRT("drivers/clocksource/" + f); why != "" {
			t.Errorf("%s: %q, want none", f, why)
		}
	}
}

func TestSplitIf(t *testing.T) {
	for in, want := range map[string]kconfigValue{
		`"STI timer" if COMPILE_TEST`: {`"STI timer"`, "COMPILE_TEST"},
		`"if only" if A && (B || C)`:  {`"if only"`, "A && (B || C)"},
		`y if(A)`:                     {"y", "(A)"},
		`SYS_SUPPORTS_STI # iffy`:     {"SYS_SUPPORTS_STI", ""},
		`HAVE_SCU if SMP`:             {"HAVE_SCU", "SMP"},
		`IFFY`:                        {"IFFY", ""},
	} {
		if got := splitIf(in); got != want {
			t.Errorf("splitIf(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// A symbol that depends on !PREEMPT_RT (KMSAN) keeps its code out of RT
// kernels on every architecture, and so does one that depends on it; an
// `X || !PREEMPT_RT` does not.
func TestExcludedRT(t *testing.T) {
	tree := testenv.WriteTree(t, map[string]string{
		"Kconfig":          "source \"arch/$(SRCARCH)/Kconfig\"\nsource \"mm/Kconfig\"\n",
		"arch/x86/Kconfig": "config X86\n\tdef_bool y\n\tselect ARCH_SUPPORTS_RT\n",
		"mm/Kconfig": "config SAN\n\tbool \"sanitizer\"\n\tdepends on HAVE_SAN && !PREEMPT_RT\n\n" +
			"config SAN_TEST\n\ttristate \"its test\"\n\tdepends on SAN\n\n" +
			"config EITHER\n\tbool \"either\"\n\tdepends on X86 || !PREEMPT_RT\n",
		"mm/Makefile":     "obj-$(CONFIG_SAN) += san/\nobj-$(CONFIG_EITHER) += either.o\n",
		"mm/either.c":     "static int either_x;\n",
		"mm/san/Makefile": "obj-y += core.o\nobj-$(CONFIG_SAN_TEST) += test.o\n",
		"mm/san/core.c":   "static int core_x;\n",
		"mm/san/test.c":   "static int test_x;\n",
	})
	r := New(tree, "ARCH_SUPPORTS_RT", "COMPILE_TEST", "BROKEN", nil).WithRTOption("PREEMPT_RT")
	for _, f := range []string{"mm/san/core.c", "mm/san/test.c"} {
		if why := r.FileExcludedRT(f); !strings.Contains(why, "no PREEMPT_RT kernel builds it") {
			t.Errorf("%s: %q, want it excluded through CONFIG_SAN", f, why)
		}
		if why := r.FileNoRT(f); why != "" {
			t.Errorf("%s: FileNoRT %q, want none (x86 could build it but for !PREEMPT_RT)", f, why)
		}
	}
	if why := r.FileExcludedRT("mm/either.c"); why != "" {
		t.Errorf("mm/either.c: %q, want none (X86 || !PREEMPT_RT)", why)
	}
}

func TestMentions(t *testing.T) {
	var got []string
	mentions(`(ARCH_X86 && !PREEMPT_RT) || m2 "Text 7" 0x10 _Y`, func(w string) { got = append(got, w) })
	if want := "ARCH_X86 PREEMPT_RT m2 Text _Y"; strings.Join(got, " ") != want {
		t.Errorf("mentions = %q, want %q", strings.Join(got, " "), want)
	}
}

func TestWithVars(t *testing.T) {
	for in, want := range map[string]string{
		"arch/$(SRCARCH)/Kconfig":        "arch/x86/Kconfig",
		"arch/$(HEADER_ARCH)/um/Kconfig": "arch/x86/um/Kconfig",
		"drivers/Kconfig":                "drivers/Kconfig",
		"$(A)/$(B)":                      "x86/x86",
		"arch/$(broken":                  "arch/$(broken",
	} {
		if got := withVars(in, "x86"); got != want {
			t.Errorf("withVars(%q) = %q, want %q", in, got, want)
		}
	}
}
