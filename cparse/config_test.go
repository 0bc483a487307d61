// SPDX-License-Identifier: MIT

package cparse

import (
	"reflect"
	"testing"
)

func TestConfigSelectsCode(t *testing.T) {
	dotConfig, err := ParseConfig("test.config", []byte("CONFIG_SMP=y\nCONFIG_NR_CPUS=1\nCONFIG_MODULAR_THING=m\n# CONFIG_PREEMPT_RT is not set\nCONFIG_ARM64=y\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cfg  *Config
		want []string
		// the branch() condition IS_ENABLED(CONFIG_PREEMPT_RT) as the IR has it
		cond string
	}{
		// The documented default: every option nobody set is =y (x86_64
		// allyesconfig), except other architectures; PREEMPT_RT comes
		// from the flavour; NR_CPUS has a plausible value.
		{NewConfig(false), []string{"nonrt_only", "not_rt", "smp_many", "default_on", "is_enabled_on", "modular", "branch"}, "0 || 0"},
		{NewConfig(true), []string{"rt_only", "smp_many", "default_on", "is_enabled_on", "modular", "branch"}, "1 || 0"},
		// A .config: what it does not list is =n.
		{dotConfig, []string{"nonrt_only", "not_rt", "smp_one", "arm64_only", "modular", "branch"}, "0 || 0"},
	} {
		f := parseTestdata(t, "config.c", c.cfg)
		noFailures(t, f)
		if got := funcNames(f); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: functions %v, want %v", c.cfg.Name, got, c.want)
		}
		br := funcByName(t, f, "branch")
		ifs, ok := br.Body.Stmts[0].(*IfStmt)
		if !ok {
			t.Fatalf("%s: branch: %v", c.cfg.Name, br.Body.Stmts)
		}
		if got := ifs.Cond.String(); got != c.cond {
			t.Errorf("%s: IS_ENABLED(CONFIG_PREEMPT_RT) reads %q, want %q", c.cfg.Name, got, c.cond)
		}
	}
}

func TestConfigDefaultPolicy(t *testing.T) {
	nonrt, rt := NewConfig(false), NewConfig(true)
	for opt, want := range map[string]string{
		"PREEMPT_RT":     "n",
		"SMP":            "y",
		"X86_64":         "y",
		"ARM64":          "n",
		"PREEMPT_NONE":   "n",
		"NR_CPUS":        "64",
		"SOME_NEW_THING": "y",
		"CC_IS_CLANG":    "n",
		"DEBUG_NONE":     "n",
		"PRINTK":         "y",
	} {
		if got := nonrt.Value(opt); got != want {
			t.Errorf("nonrt %s = %q, want %q", opt, got, want)
		}
	}
	if rt.Value("PREEMPT_RT") != "y" || !rt.Enabled("PREEMPT_RT") || nonrt.Enabled("PREEMPT_RT") {
		t.Errorf("PREEMPT_RT: rt %q nonrt %q", rt.Value("PREEMPT_RT"), nonrt.Value("PREEMPT_RT"))
	}
	if _, err := ParseConfig("x", []byte("not a config\n")); err == nil {
		t.Errorf("garbage accepted as a .config")
	}
	if _, err := ParseConfig("x", []byte{0xfd, '7', 'z', 'X', 'Z', 0}); err == nil {
		t.Errorf("xz data accepted as a .config")
	}
}

func TestBuildsPath(t *testing.T) {
	x86 := NewConfig(false)
	arm, err := ParseConfig("arm64.config", []byte("CONFIG_ARM64=y\nCONFIG_64BIT=y\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path         string
		onX86, onArm bool
	}{
		{"kernel/fork.c", true, true},
		{"arch/x86/mm/init.c", true, false},
		{"arch/riscv/kernel/setup.c", false, false},
		{"arch/arm64/kernel/smp.c", false, true},
		{"arch/newarch/x.c", true, true},
		{"drivers/arch/x.c", true, true},
	} {
		if got := x86.BuildsPath(c.path); got != c.onX86 {
			t.Errorf("x86_64: %s: %v, want %v", c.path, got, c.onX86)
		}
		if got := arm.BuildsPath(c.path); got != c.onArm {
			t.Errorf("arm64 .config: %s: %v, want %v", c.path, got, c.onArm)
		}
	}
}

// An enum constant named CONFIG_* (qcom gpi.c's CONFIG_STATE) is not read
// as a Kconfig option, which the default policy would turn into 1.
func TestConfigEnumConstant(t *testing.T) {
	for _, cfg := range []*Config{NewConfig(false), NewConfig(true)} {
		f := parseTestdata(t, "configenum.c", cfg)
		noFailures(t, f)
		fn := funcByName(t, f, "chan_config")
		ifs := fn.Body.Stmts[0].(*IfStmt)
		if got := ifs.Cond.String(); got != "1 || 0" {
			t.Errorf("%s: IS_ENABLED(CONFIG_SMP) reads %q", cfg.Name, got)
		}
		var set string
		WalkStmt(ifs.Then, func(e Expr) {
			if a, ok := e.(*Assign); ok {
				set = a.R.String()
			}
		})
		if set != "CONFIG_STATE" {
			t.Errorf("%s: *state = %q, want CONFIG_STATE", cfg.Name, set)
		}
		if _, ok := f.Consulted["CONFIG_STATE"]; ok {
			t.Errorf("%s: CONFIG_STATE asked of the configuration", cfg.Name)
		}
	}
}

// autoconf.h says y, m, values and, by leaving them out, n — the same
// configuration as the .config it was generated from.
func TestParseAutoconf(t *testing.T) {
	const h = `/*
 * Automatically generated file; DO NOT EDIT.
 */
#define CONFIG_SMP 1
#define CONFIG_NR_CPUS 8192
#define CONFIG_LEDS_APU_MODULE 1
#define CONFIG_PREEMPT_RT 1
#define CONFIG_LOCALVERSION ""
`
	c, err := ParseAutoconf("autoconf.h", []byte(h))
	if err != nil {
		t.Fatal(err)
	}
	for opt, want := range map[string]string{"SMP": "y", "NR_CPUS": "8192", "LEDS_APU": "m", "LEDS_APU_MODULE": "n", "PREEMPT_RT": "y", "LOCALVERSION": `""`, "X86_32": "n"} {
		if got := c.Value(opt); got != want {
			t.Errorf("%s = %q, want %q", opt, got, want)
		}
	}
	if !c.RT {
		t.Error("CONFIG_PREEMPT_RT 1 is not RT")
	}
	if _, err := ParseAutoconf("x.h", []byte("#define FOO 1\n")); err == nil {
		t.Error("a header without CONFIG_ definitions is accepted as autoconf.h")
	}
}

func TestConfigTypedefNames(t *testing.T) {
	cfg := NewConfig(false)
	f := parseTestdata(t, "configtypedef.c", cfg)
	noFailures(t, f)
	fn := funcByName(t, f, "widget_on")
	if fn.Locals["copy"] != "CONFIG_WIDGET" {
		t.Errorf("local copy: type %q, want CONFIG_WIDGET", fn.Locals["copy"])
	}
	for _, name := range []string{"CONFIG_WIDGET", "PTR_CONFIG_WIDGET", "CONFIG_HOOK", "CONFIG_INFO"} {
		if _, ok := f.Consulted[name]; ok {
			t.Errorf("%s asked of the configuration", name)
		}
	}
	if _, ok := f.Consulted["CONFIG_NR_CPUS"]; !ok {
		t.Errorf("CONFIG_NR_CPUS in an array size not asked of the configuration (consulted %v)", f.Consulted)
	}
}
