// SPDX-License-Identifier: MIT

package cparse

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Config is the kernel configuration a file is read under: it decides every
// `#ifdef CONFIG_*`, `#if IS_ENABLED(CONFIG_*)` and every use of a CONFIG_*
// value in code.
//
// Without a .config file the policy is "allyesconfig on x86_64": an option
// nobody set is =y (so that the most code is analysed, as smatch and sparse
// runs on allyesconfig do), except for the options in defaultOff (other
// architectures, 32-bit and big-endian variants, clang-only code, choices
// that exclude the ones we pick) and the numeric options in defaultValues.
// CONFIG_PREEMPT_RT is decided by the configuration's flavour (RT or non-RT).
// With a real .config (LoadConfig) an option not listed there is =n, exactly
// as in the kernel's autoconf.h.
type Config struct {
	// Name is "rt", "nonrt" or the path of the .config file.
	Name string
	// RT reports CONFIG_PREEMPT_RT=y.
	RT bool
	// values maps an option name without the CONFIG_ prefix to "y", "m",
	// "n" or its value text (numbers, strings).
	values map[string]string
	// complete is true for a real .config: options not in values are =n.
	complete bool
}

// defaultOff lists options (without CONFIG_) that the default policy sets to
// =n. Prefixes end in '*'.
var defaultOff = []string{
	// Other architectures and 32-bit / big-endian variants.
	"X86_32", "M486*", "M586*", "M686*", "MK6", "MK7", "MK8", "MPENTIUM*", "MCORE2", "MATOM",
	"ALPHA*", "ARC", "ARC_*", "ARM", "ARM_*", "ARM64*", "CPU_32*", "CPU_BIG_ENDIAN", "CPU_ENDIAN_BE*",
	"CSKY*", "HEXAGON*", "IA64*", "LOONGARCH*", "M68K*", "MICROBLAZE*", "MIPS*", "NIOS2*", "OPENRISC*",
	"PARISC*", "PPC*", "PPC", "RISCV*", "S390*", "SH", "SUPERH*", "SPARC*", "UML*", "XTENSA*", "32BIT",
	"HIGHMEM*", "X86_PAE", "GENERIC_ATOMIC64", "64BIT_TIME_MISSING",
	// Toolchain: we read code as gcc would build it.
	"CC_IS_CLANG", "LD_IS_LLD", "AS_IS_LLVM", "CLANG_VERSION", "LTO_CLANG*", "CFI_CLANG",
	// Preemption model: PREEMPT (full) is chosen; PREEMPT_RT comes from the flavour.
	"PREEMPT_NONE*", "PREEMPT_VOLUNTARY*", "PREEMPT_RT", "PREEMPT_RT_NEEDS_BH_LOCK",
	// Configurations that remove code rather than add it.
	"TINY_RCU", "TINY_SRCU", "TREE_RCU_TRACE", "SLOB", "SLUB_TINY", "BASE_SMALL", "EMBEDDED",
	"COMPILE_TEST", "KASAN_SW_TAGS", "KASAN_HW_TAGS", "UBSAN_TRAP",
	"CMDLINE_OVERRIDE", "MODULE_UNLOAD_TAINT_TRACKING", "KUNIT*",
	// Options whose name suggests absence.
	"*_NONE", "NO_*", "*_DISABLE", "*_DISABLED",
}

// defaultValues gives numeric options a plausible x86_64 value instead of 1.
var defaultValues = map[string]string{
	"NR_CPUS": "64", "HZ": "250", "PGTABLE_LEVELS": "4", "NODES_SHIFT": "6", "LOG_BUF_SHIFT": "17",
	"X86_L1_CACHE_SHIFT": "6", "PHYSICAL_START": "0x1000000", "PHYSICAL_ALIGN": "0x200000",
	"PAGE_OFFSET": "0xffff888000000000", "ILLEGAL_POINTER_VALUE": "0xdead000000000000",
	"DEFAULT_MMAP_MIN_ADDR": "65536", "FRAME_WARN": "2048",
	"LOCKDEP_BITS": "15", "LOCKDEP_CHAINS_BITS": "16", "ARCH_MMAP_RND_BITS": "28",
	"ARCH_MMAP_RND_COMPAT_BITS": "8", "NR_CPUS_DEFAULT": "64", "RCU_FANOUT": "64",
	"RCU_FANOUT_LEAF": "16", "SLUB_CPU_PARTIAL": "1", "MAX_SKB_FRAGS": "17", "VMSPLIT_3G": "1",
	"FORCE_MAX_ZONEORDER": "11", "ARCH_FORCE_MAX_ORDER": "10", "SECTION_MISMATCH_WARN_ONLY": "1",
	"CONSOLE_LOGLEVEL_DEFAULT": "7", "MESSAGE_LOGLEVEL_DEFAULT": "4", "PANIC_TIMEOUT": "0",
	"KASAN_SHADOW_OFFSET": "0xdffffc0000000000", "INIT_STACK_NONE": "1", "DEFAULT_HOSTNAME": "\"(none)\"",
	"LOCALVERSION": "\"\"", "CMDLINE": "\"\"", "SERIAL_8250_NR_UARTS": "4", "SERIAL_8250_RUNTIME_UARTS": "4",
}

// forcedOn are options the default policy always sets, whatever defaultOff says.
var forcedOn = map[string]bool{
	"X86": true, "X86_64": true, "64BIT": true, "SMP": true, "MMU": true, "PREEMPT": true,
	"PREEMPTION": true, "PREEMPT_COUNT": true, "CC_IS_GCC": true, "PREEMPT_BUILD": true,
}

// RTOption is the Kconfig symbol of a PREEMPT_RT kernel, which the
// configurations are told apart by.
const RTOption = "PREEMPT_RT"

// NewConfig returns the default policy for a PREEMPT_RT (rt) or a non-RT kernel.
func NewConfig(rt bool) *Config {
	c := &Config{Name: "nonrt", RT: rt, values: map[string]string{}}
	if rt {
		c.Name = "rt"
		c.values[RTOption] = "y"
	}
	return c
}

// LoadConfig reads a kernel .config file ("CONFIG_X=y", "# CONFIG_X is not
// set"). Options not listed in it are =n. It accepts the uncompressed form only.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := ParseConfig(path, data)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ParseConfig parses the text of a kernel .config file.
func ParseConfig(name string, data []byte) (*Config, error) {
	if bytes.HasPrefix(data, []byte{0xfd, '7', 'z', 'X', 'Z'}) {
		return nil, fmt.Errorf("%s: compressed .config (xz); decompress it first (xz -dk %s)", name, name)
	}
	c := &Config{Name: name, values: map[string]string{}, complete: true}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	n, lineNo := 0, 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case strings.HasPrefix(line, "# CONFIG_") && strings.HasSuffix(line, " is not set"):
			opt := strings.TrimSuffix(strings.TrimPrefix(line, "# CONFIG_"), " is not set")
			c.values[opt] = "n"
			n++
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "CONFIG_"):
			k, v, ok := strings.Cut(line[len("CONFIG_"):], "=")
			if !ok || k == "" {
				return nil, fmt.Errorf("%s:%d: not a .config line: %q", name, lineNo, line)
			}
			c.values[k] = v
			n++
		default:
			return nil, fmt.Errorf("%s:%d: not a .config line: %q", name, lineNo, line)
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: no CONFIG_ lines: not a kernel .config", name)
	}
	c.RT = c.values[RTOption] == "y"
	return c, nil
}

// Set forces an option (without CONFIG_) to a value: "y", "m", "n" or a value.
func (c *Config) Set(opt, val string) { c.values[opt] = val }

// Value returns the option's setting: "y", "m", "n" or its value text.
func (c *Config) Value(opt string) string {
	if v, ok := c.values[opt]; ok {
		return v
	}
	if c.complete {
		return "n"
	}
	if forcedOn[opt] {
		return "y"
	}
	if v, ok := defaultValues[opt]; ok {
		return v
	}
	for _, p := range defaultOff {
		if matchOpt(p, opt) {
			return "n"
		}
	}
	return "y"
}

func matchOpt(pattern, opt string) bool {
	switch {
	case strings.HasPrefix(pattern, "*"):
		return strings.HasSuffix(opt, pattern[1:])
	case strings.HasSuffix(pattern, "*"):
		return strings.HasPrefix(opt, pattern[:len(pattern)-1])
	}
	return pattern == opt
}

// Enabled reports whether the option is =y or =m.
func (c *Config) Enabled(opt string) bool {
	v := c.Value(opt)
	return v != "n" && v != ""
}

// macroValue answers a CONFIG_* macro name as autoconf.h would define it: the
// replacement text and whether the macro is defined at all.
func (c *Config) macroValue(name string) (string, bool) {
	opt := strings.TrimPrefix(name, "CONFIG_")
	if strings.HasSuffix(opt, "_MODULE") {
		base := strings.TrimSuffix(opt, "_MODULE")
		if v, ok := c.values[base]; ok && v == "m" {
			return "1", true
		}
		if _, ok := c.values[opt]; !ok {
			return "", false
		}
	}
	switch v := c.Value(opt); v {
	case "n", "", "m":
		return "", false
	case "y":
		return "1", true
	default:
		return v, true
	}
}

// answer is how File.Consulted records a macroValue result.
func answer(v string, defined bool) string {
	if !defined {
		return "\x00undefined"
	}
	return v
}

// Answers reports whether c answers every CONFIG_* macro of consulted (a
// File's Consulted) as recorded: then preprocessing the same source under
// c gives the same tokens, and the parse can be shared.
func (c *Config) Answers(consulted map[string]string) bool {
	for name, want := range consulted {
		if v, ok := c.macroValue(name); answer(v, ok) != want {
			return false
		}
	}
	return true
}

// archOptions maps the kernel's arch/ directories to the option that
// selects each architecture.
var archOptions = map[string]string{
	"x86": "X86", "arm": "ARM", "arm64": "ARM64", "riscv": "RISCV", "powerpc": "PPC",
	"s390": "S390", "mips": "MIPS", "loongarch": "LOONGARCH", "sparc": "SPARC", "parisc": "PARISC",
	"alpha": "ALPHA", "arc": "ARC", "csky": "CSKY", "hexagon": "HEXAGON", "m68k": "M68K",
	"microblaze": "MICROBLAZE", "nios2": "NIOS2", "openrisc": "OPENRISC", "sh": "SUPERH",
	"um": "UML", "xtensa": "XTENSA",
}

// BuildsPath reports whether a tree-relative path can be built in this
// configuration as far as its architecture goes: arch/<dir>/ of another
// architecture than the configuration's is not (the default policy is
// x86_64; a .config names its own). Paths outside arch/, and arch/
// directories not known here, are.
func (c *Config) BuildsPath(rel string) bool {
	rest, ok := strings.CutPrefix(rel, "arch/")
	if !ok {
		return true
	}
	dir, _, _ := strings.Cut(rest, "/")
	opt, known := archOptions[dir]
	return !known || c.Enabled(opt)
}

// Describe summarises the configuration for reports.
func (c *Config) Describe() string {
	if c.complete {
		return fmt.Sprintf("%s (%d options)", c.Name, len(c.values))
	}
	keys := make([]string, 0, len(c.values))
	for k := range c.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fmt.Sprintf("%s (default policy: unset options =y, see cparse.Config)", c.Name)
}

// ParseAutoconf parses include/generated/autoconf.h, the header kbuild
// generates from .config and every compiler run of a kernel build reads
// (through include/linux/kconfig.h): "#define CONFIG_X 1" is X=y,
// "#define CONFIG_X_MODULE 1" is X=m, other values are kept as written.
// Options not defined there are =n, as for a .config.
func ParseAutoconf(name string, data []byte) (*Config, error) {
	c := &Config{Name: name, values: map[string]string{}, complete: true}
	modules := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 || f[0] != "#define" || !strings.HasPrefix(f[1], "CONFIG_") {
			continue
		}
		opt, val := strings.TrimPrefix(f[1], "CONFIG_"), strings.Join(f[2:], " ")
		if m, ok := strings.CutSuffix(opt, "_MODULE"); ok && val == "1" {
			modules[m] = true
			continue
		}
		if val == "1" {
			val = "y"
		}
		c.values[opt] = val
	}
	for m := range modules {
		if _, ok := c.values[m]; !ok {
			c.values[m] = "m"
		} else {
			// An option whose name ends in _MODULE, set to 1.
			c.values[m+"_MODULE"] = "y"
		}
	}
	if len(c.values) == 0 {
		return nil, fmt.Errorf("%s: no CONFIG_ definitions: not a kernel autoconf.h", name)
	}
	c.RT = c.values[RTOption] == "y"
	return c, nil
}

// LoadConfigFile reads a configuration: a .config, or the autoconf.h a
// configured build directory holds (include/generated/autoconf.h).
func LoadConfigFile(path string) (*Config, error) {
	if strings.HasSuffix(path, ".h") {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return ParseAutoconf(path, data)
	}
	return LoadConfig(path)
}
