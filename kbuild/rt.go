// SPDX-License-Identifier: MIT

// Package kbuild reads a kernel tree's build rules (Kconfig, Makefiles,
// the #if blocks of its sources) to answer what a configuration can
// build: which files and blocks no PREEMPT_RT kernel compiles, because
// they depend on architectures that cannot select it.
package kbuild

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// RT answers, from the tree's Kconfig and Makefiles, whether a file
// can be built into a PREEMPT_RT kernel at all: PREEMPT_RT depends on
// ARCH_SUPPORTS_RT, which only some architectures select (x86, arm64 and
// riscv in 6.12), and a driver that depends on another architecture
// (SPARC64, PPC_PSERIES, a parisc bus) is never in an RT kernel. A
// PREEMPT_RT finding in such a file is one no RT kernel can have; it is
// kept, as uncertain, with the reason (rtDoubt).
//
// The reading is deliberately small: the `obj-$(CONFIG_X) += f.o` and
// `f-y := a.o b.o` lines of the file's own Makefile and the `obj-$(CONFIG_X)
// += dir/` line of its parent's, the `depends on` lines of `config X`
// blocks, and the `source` lines that say which Kconfig files only an
// architecture reads. A symbol is tied to architectures without RT when
// every file defining it is read only from their Kconfig, or when every
// definition depends on such a symbol (alone, or or-ed only with others
// or with COMPILE_TEST, which builds a driver without making it run).
// What it cannot read, it does not judge.
type RT struct {
	root string
	// rtSymbol is the symbol an architecture selects to support
	// PREEMPT_RT, compileTest the symbol that builds a driver only to
	// compile it (the table's rt-arch-symbol and compile-test-symbol).
	rtSymbol, compileTest string
	// configTests are the macros that test a symbol in C (IS_ENABLED()
	// and friends: the table's config-tests).
	configTests map[string]bool
	// neverSymbol is the symbol no configuration enables (BROKEN: the
	// table's never-symbol).
	neverSymbol string
	once        sync.Once
	// noRT maps a symbol tied to architectures without RT to why.
	noRT map[string]string
	// rtOption is the PREEMPT_RT symbol itself (WithRTOption); exclRT
	// maps a symbol that depends on its negation, or on such a symbol,
	// to why: code its authors keep out of RT kernels.
	rtOption   string
	exclRT     map[string]string
	exclByFile map[string]string
	// never maps a symbol no configuration enables (it depends on
	// neverSymbol) to why.
	never       map[string]string
	neverByFile map[string]string
	// rtArches are the architectures that select ARCH_SUPPORTS_RT;
	// noRTArch those (arch/ directories with a Kconfig) that do not.
	rtArches []string
	noRTArch map[string]bool
	mu       sync.Mutex
	byFile   map[string]string
	// regions are, per file, the #if blocks tied to architectures
	// without RT (LineNoRT).
	regions map[string][]ifRegion
}

var (
	reConfig  = regexp.MustCompile(`^\s*(?:menu)?config\s+([A-Za-z0-9_]+)\s*$`)
	reDepends = regexp.MustCompile(`^\s*depends\s+on\s+(.*)$`)
	reSource  = regexp.MustCompile(`^\s*(?:o|r|or)?source\s+"([^"]+)"`)
	reObj     = regexp.MustCompile(`^\s*obj-\$\(CONFIG_([A-Za-z0-9_]+)\)\s*[+:]?=\s*(.*)$`)
	reComp    = regexp.MustCompile(`^\s*([A-Za-z0-9_.-]+)-(?:y|objs|\$\(CONFIG_([A-Za-z0-9_]+)\))\s*[+:]?=\s*(.*)$`)
	reSymbol  = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
)

// kconfigDef is one definition of a symbol.
type kconfigDef struct {
	file    string   // tree-relative Kconfig file
	depends []string // the depends-on expressions, and-ed
	// kind is the symbol's type (bool, tristate, int, ...), "" when this
	// definition does not say.
	kind string
	// prompts are the conditions of its prompts ("" for a prompt shown
	// always): a user sets the symbol only where one holds.
	prompts []string
	// defaults are its default values, each with the condition under
	// which it applies (kconfigValue.cond, "" for always).
	defaults []kconfigValue
}

// kconfigValue is an expression of a `default` or `select` line, with
// the condition of its `if` ("" when none).
type kconfigValue struct {
	expr, cond string
}

// kconfigSelect is a `select` of a symbol in another one's definition.
type kconfigSelect struct {
	by   string // the selecting symbol
	cond string // the line's `if` condition, "" when none
	// depends are the selecting definition's depends-on lines (and its
	// `if` blocks): the select happens only where they hold.
	depends []string
}

// New returns the reader of a tree's build rules for PREEMPT_RT:
// rtSymbol is the symbol an architecture selects to support it
// (ARCH_SUPPORTS_RT), compileTest the symbol that builds a driver only
// to compile it (COMPILE_TEST), configTests the macros C code tests a
// symbol with in #if (IS_ENABLED, ...). The tree is read on first use.
func New(root, rtSymbol, compileTest, neverSymbol string, configTests []string) *RT {
	r := &RT{root: root, rtSymbol: rtSymbol, compileTest: compileTest, neverSymbol: neverSymbol, configTests: map[string]bool{}}
	for _, m := range configTests {
		r.configTests[m] = true
	}
	return r
}

// WithRTOption names the PREEMPT_RT symbol (the table's rt-option), so
// that FileExcludedRT can tell the code that depends on its negation.
func (r *RT) WithRTOption(sym string) *RT {
	r.rtOption = sym
	return r
}

// Arches returns the architectures that can build PREEMPT_RT.
func (r *RT) Arches() []string {
	r.once.Do(r.load)
	return r.rtArches
}

func (r *RT) load() {
	r.noRT = map[string]string{}
	r.never = map[string]string{}
	archDir := filepath.Join(r.root, "arch")
	entries, err := os.ReadDir(archDir)
	if err != nil {
		return
	}
	var noRTArches []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(archDir, e.Name(), "Kconfig"))
		if err != nil {
			continue
		}
		if r.rtSymbol != "" && bytes.Contains(data, []byte("select "+r.rtSymbol)) {
			r.rtArches = append(r.rtArches, e.Name())
		} else {
			noRTArches = append(noRTArches, e.Name())
		}
	}
	defs := map[string][]kconfigDef{}
	sources := map[string][]string{}
	selects := map[string][]kconfigSelect{}
	// The Kconfig files the build reads: the top one and, through their
	// source lines, the rest; a variable ($(SRCARCH), arch/um's
	// $(HEADER_ARCH)) stands for every architecture (a path that names
	// no file is not read). Following them reads 1,800 files
	// where a walk of the tree lists 80,000 entries.
	var arches []string
	for _, e := range entries {
		if e.IsDir() {
			arches = append(arches, e.Name())
		}
	}
	read := map[string]bool{}
	queue := []string{"Kconfig"}
	for len(queue) > 0 {
		rel := queue[0]
		queue = queue[1:]
		if read[rel] {
			continue
		}
		read[rel] = true
		for _, s := range readKconfig(filepath.Join(r.root, rel), rel, defs, sources, selects) {
			if !strings.Contains(s, "$(") {
				queue = append(queue, s)
				continue
			}
			for _, a := range arches {
				queue = append(queue, withVars(s, a))
			}
		}
	}
	rev := reverseMentions(defs, selects)
	// Symbols no configuration enables: the never symbol and those that
	// depend on it, to a fixpoint (a driver marked BROKEN).
	if r.neverSymbol != "" {
		r.never[r.neverSymbol] = "which nothing enables"
		fixpoint(defs, r.never, func(exprs []string) string { return r.dependsOn(exprs, r.never) }, nil, rev)
	}
	if len(r.rtArches) == 0 {
		return // a tree without PREEMPT_RT support: nothing more to say
	}
	// Symbols that depend on !PREEMPT_RT (KMSAN, DRM_I915, ...): an
	// and-ed `!PREEMPT_RT` in every definition (an `X || !PREEMPT_RT`
	// is no exclusion), and what depends on them or only they set.
	r.exclRT = map[string]string{}
	if r.rtOption != "" {
		for sym, ds := range defs {
			excluded := len(ds) > 0
			for _, d := range ds {
				if !negates(d.depends, r.rtOption) {
					excluded = false
					break
				}
			}
			if excluded {
				r.exclRT[sym] = "depends on !" + r.rtOption
			}
		}
		fixpoint(defs, r.exclRT, func(exprs []string) string { return r.dependsOn(exprs, r.exclRT) },
			func(sym string, ds []kconfigDef) string { return r.setOnlyBy(ds, selects[sym], r.exclRT) }, rev)
	}
	// Files read from some architecture's Kconfig, and from where else.
	readFrom := map[string]map[string]bool{} // file -> arches reading it ("" = generic)
	var walk func(file, arch string)
	walk = func(file, arch string) {
		if readFrom[file] == nil {
			readFrom[file] = map[string]bool{}
		}
		if readFrom[file][arch] {
			return
		}
		readFrom[file][arch] = true
		for _, s := range sources[file] {
			walk(s, arch)
		}
	}
	// Every Kconfig file of an architecture, also one that sources
	// nothing.
	archFiles := map[string]bool{}
	for file := range sources {
		archFiles[file] = true
	}
	for _, ds := range defs {
		for _, d := range ds {
			archFiles[d.file] = true
		}
	}
	for file := range archFiles {
		if !strings.HasPrefix(file, "arch/") {
			// Top-level and subsystem Kconfig files: generic unless an
			// architecture's file is what sources them (found below).
			continue
		}
		arch := strings.SplitN(file, "/", 3)[1]
		walk(file, arch)
	}
	for _, top := range []string{"Kconfig"} {
		for _, s := range sources[top] {
			if !strings.HasPrefix(s, "arch/") {
				walk(s, "")
			}
		}
	}
	noRTArch := map[string]bool{}
	for _, a := range noRTArches {
		noRTArch[a] = true
	}
	r.noRTArch = noRTArch
	archOnly := func(file string) string {
		from := readFrom[file]
		if len(from) == 0 || from[""] {
			return ""
		}
		var arches []string
		for a := range from {
			if !noRTArch[a] {
				return ""
			}
			arches = append(arches, a)
		}
		sort.Strings(arches)
		return strings.Join(arches, ", ")
	}
	for sym, ds := range defs {
		why := ""
		for _, d := range ds {
			a := archOnly(d.file)
			if a == "" {
				why = ""
				break
			}
			why = "defined in " + d.file + ", which only " + a + " reads"
		}
		if why != "" {
			r.noRT[sym] = why
		}
	}
	// Symbols that depend on those, or that only those set, to a
	// fixpoint.
	fixpoint(defs, r.noRT, func(exprs []string) string { return r.dependsOn(exprs, r.noRT) },
		func(sym string, ds []kconfigDef) string { return r.setOnlyBy(ds, selects[sym], r.noRT) }, rev)
}

// negates reports whether depends-on expressions and in the negation of
// sym: a conjunct `!SYM` (or `!(SYM)`) of one of them.
func negates(exprs []string, sym string) bool {
	for _, e := range exprs {
		for _, c := range conjuncts(e) {
			c = strings.TrimSpace(stripParens(c))
			if strings.HasPrefix(c, "!") && strings.TrimSpace(stripParens(c[1:])) == sym {
				return true
			}
		}
	}
	return false
}

// fixpoint adds to tied every symbol each of whose definitions the
// depends-on lines tie (why returns the reason, "" when they do not), or
// that alt ties (when not nil), until nothing changes. A symbol is looked
// at again only when one it mentions (rev, reverseMentions) is tied, and
// first in name order: the reasons are the same on every run.
func fixpoint(defs map[string][]kconfigDef, tied map[string]string, why func([]string) string, alt func(string, []kconfigDef) string, rev map[string][]string) {
	queue := make([]string, 0, len(defs))
	for sym := range defs {
		queue = append(queue, sym)
	}
	sort.Strings(queue)
	queued := make(map[string]bool, len(queue))
	for _, sym := range queue {
		queued[sym] = true
	}
	for len(queue) > 0 {
		sym := queue[0]
		queue = queue[1:]
		queued[sym] = false
		if _, done := tied[sym]; done {
			continue
		}
		ds := defs[sym]
		w := ""
		for _, d := range ds {
			if w = why(d.depends); w == "" {
				break
			}
		}
		if w == "" && alt != nil {
			w = alt(sym, ds)
		}
		if w == "" {
			continue
		}
		tied[sym] = w
		for _, x := range rev[sym] {
			if _, done := tied[x]; !done && !queued[x] {
				queued[x] = true
				queue = append(queue, x)
			}
		}
	}
}

// mentions calls f with each word (a symbol, or y/m/n) of an expression;
// numbers (0x10) are none.
func mentions(text string, f func(string)) {
	alnum := func(c byte) bool {
		return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(text); {
		if !alnum(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && alnum(text[j]) {
			j++
		}
		if c := text[i]; c < '0' || c > '9' {
			f(text[i:j])
		}
		i = j
	}
}

// withVars replaces each $(VAR) of a source line's path with value.
func withVars(path, value string) string {
	for {
		i := strings.Index(path, "$(")
		if i < 0 {
			return path
		}
		j := strings.IndexByte(path[i:], ')')
		if j < 0 {
			return path
		}
		path = path[:i] + value + path[i+j+1:]
	}
}

// reverseMentions maps a symbol to the symbols whose tie may follow from
// its: those whose definitions name it (depends on, prompt and default
// conditions, defaults) or that it, or a selecting definition's
// condition, selects.
func reverseMentions(defs map[string][]kconfigDef, selects map[string][]kconfigSelect) map[string][]string {
	rev := map[string][]string{}
	for sym, ds := range defs {
		seen := map[string]bool{}
		add := func(text string) {
			mentions(text, func(m string) {
				if m != sym && !seen[m] {
					seen[m] = true
					rev[m] = append(rev[m], sym)
				}
			})
		}
		for _, d := range ds {
			add(strings.Join(d.depends, " "))
			add(strings.Join(d.prompts, " "))
			for _, v := range d.defaults {
				add(v.expr + " " + v.cond)
			}
		}
		for _, sel := range selects[sym] {
			add(sel.by + " " + sel.cond + " " + strings.Join(sel.depends, " "))
		}
	}
	return rev
}

// dependsOn returns why depends-on expressions tie a symbol to the
// symbols of tied (architectures without RT, or never enabled): a
// conjunct whose every alternative is such a symbol, a conjunction with
// such a symbol, or COMPILE_TEST (and not only COMPILE_TEST); ""
// otherwise.
func (r *RT) dependsOn(exprs []string, tied map[string]string) string {
	for _, e := range exprs {
		for _, conj := range conjuncts(e) {
			alts := splitTop(strings.TrimSpace(stripParens(conj)), "||")
			var by []string
			ok := true
			for _, a := range alts {
				a = strings.TrimSpace(stripParens(a))
				if a == r.compileTest {
					continue
				}
				if sym := tiedConjunct(a, tied); sym != "" {
					// (ARCH_EXYNOS && ARM): an and-ed alternative is
					// tied by any one of its symbols.
					by = append(by, sym)
					continue
				}
				ok = false
				break
			}
			if ok && len(by) > 0 {
				return "depends on " + strings.Join(by, " || ")
			}
		}
	}
	return ""
}

// setOnlyBy returns why a symbol gets a value only from symbols of tied:
// a bool or tristate whose prompts all need COMPILE_TEST or a tied symbol
// (a user cannot set it otherwise), whose every default is a tied symbol
// or applies only under a tied condition, and which only tied symbols
// select (drivers/clocksource's EM_TIMER_STI: `bool "..." if
// COMPILE_TEST`, `default SYS_SUPPORTS_EM_STI`, which only an ARM
// platform selects). "" otherwise, and for a symbol nothing sets.
func (r *RT) setOnlyBy(ds []kconfigDef, selects []kconfigSelect, tied map[string]string) string {
	var by []string
	for _, d := range ds {
		if d.kind != "" && d.kind != "bool" && d.kind != "tristate" {
			return ""
		}
		for _, p := range d.prompts {
			if !r.condTied(p, tied) {
				return ""
			}
		}
		for _, v := range d.defaults {
			switch {
			case v.expr == "n":
			case v.cond != "" && r.condTied(v.cond, tied):
				by = append(by, "default "+v.expr+" if "+v.cond)
			case r.dependsOn([]string{v.expr}, tied) != "":
				by = append(by, "default "+v.expr)
			default:
				return ""
			}
		}
	}
	for _, sel := range selects {
		switch {
		case tied[sel.by] != "", r.dependsOn(sel.depends, tied) != "":
			by = append(by, "select in "+sel.by)
		case sel.cond != "" && r.condTied(sel.cond, tied):
			by = append(by, "select in "+sel.by+" if "+sel.cond)
		default:
			return ""
		}
	}
	if len(by) == 0 {
		return ""
	}
	if len(by) > 3 {
		by = append(by[:3], "...")
	}
	return "set only by " + strings.Join(by, ", ") + ", none of which an RT kernel has"
}

// condTied reports whether an `if` condition holds only in a compile
// test (COMPILE_TEST and-ed in) or only with a symbol of tied.
func (r *RT) condTied(cond string, tied map[string]string) bool {
	if cond == "" {
		return false
	}
	for _, c := range conjuncts(cond) {
		if strings.TrimSpace(stripParens(c)) == r.compileTest {
			return true
		}
	}
	return r.dependsOn([]string{cond}, tied) != ""
}

// tiedConjunct returns the symbol of tied that ties an alternative of a
// depends on line: the alternative itself, or one of its and-ed parts;
// "" when none does.
func tiedConjunct(a string, tied map[string]string) string {
	for _, c := range conjuncts(a) {
		c = strings.TrimSpace(stripParens(c))
		if reSymbol.MatchString(c) && tied[c] != "" {
			return c
		}
	}
	return ""
}

// conjuncts splits an expression into its and-ed parts, through
// parentheses around a conjunction.
func conjuncts(e string) []string {
	e = stripParens(e)
	parts := splitTop(e, "&&")
	if len(parts) == 1 {
		return parts
	}
	var out []string
	for _, p := range parts {
		out = append(out, conjuncts(p)...)
	}
	return out
}

// splitTop splits an expression at an operator outside parentheses.
func splitTop(e, op string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(e); i++ {
		switch e[i] {
		case '(':
			depth++
		case ')':
			depth--
		}
		if depth == 0 && strings.HasPrefix(e[i:], op) {
			out = append(out, e[start:i])
			start = i + len(op)
			i += len(op) - 1
		}
	}
	return append(out, e[start:])
}

// stripParens removes parentheses around a whole expression.
func stripParens(e string) string {
	e = strings.TrimSpace(e)
	for len(e) >= 2 && e[0] == '(' && e[len(e)-1] == ')' && wraps(e) {
		e = strings.TrimSpace(e[1 : len(e)-1])
	}
	return e
}

// wraps reports whether the first parenthesis of e closes at its end:
// "(A && B)" yes, "(A) && (B)" no.
func wraps(e string) bool {
	depth := 0
	for i := 0; i < len(e); i++ {
		switch e[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 && i != len(e)-1 {
				return false
			}
		}
	}
	return true
}

// readKconfig records a Kconfig file's symbol definitions (with their
// depends-on lines and the enclosing `if` blocks) and the files it
// sources, and returns every file its source lines name, as written.
func readKconfig(path, rel string, defs map[string][]kconfigDef, sources map[string][]string, selects map[string][]kconfigSelect) (named []string) {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var ifs []string
	var cur *kconfigDef
	var curSym string
	var curSelects []kconfigValue
	flush := func() {
		if cur != nil {
			cur.depends = append(cur.depends, ifs...)
			defs[curSym] = append(defs[curSym], *cur)
			for _, v := range curSelects {
				selects[v.expr] = append(selects[v.expr], kconfigSelect{by: curSym, cond: v.cond, depends: cur.depends})
			}
			cur, curSelects = nil, nil
		}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	// Help text runs while lines are indented more than its first line.
	inHelp, helpIndent := false, -1
	for sc.Scan() {
		line := sc.Text()
		if inHelp {
			if strings.TrimSpace(line) == "" {
				continue
			}
			ind := len(line) - len(strings.TrimLeft(line, " \t"))
			if helpIndent < 0 {
				helpIndent = ind
			}
			if ind >= helpIndent && ind > 0 {
				continue
			}
			inHelp = false
		}
		if t := strings.TrimSpace(line); t == "help" || t == "---help---" {
			inHelp, helpIndent = true, -1
			continue
		}
		if m := reConfig.FindStringSubmatch(line); m != nil {
			flush()
			cur, curSym = &kconfigDef{file: rel}, m[1]
			continue
		}
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "if "):
			flush()
			ifs = append(ifs, strings.TrimSpace(t[3:]))
			continue
		case t == "endif" || strings.HasPrefix(t, "endif ") || strings.HasPrefix(t, "endif#"):
			flush()
			if len(ifs) > 0 {
				ifs = ifs[:len(ifs)-1]
			}
			continue
		case strings.HasPrefix(t, "menu ") || strings.HasPrefix(t, "choice") || strings.HasPrefix(t, "endmenu") || strings.HasPrefix(t, "endchoice") || strings.HasPrefix(t, "comment "):
			flush()
		}
		if m := reSource.FindStringSubmatch(line); m != nil {
			flush()
			named = append(named, m[1])
			s := strings.ReplaceAll(m[1], "$(SRCARCH)", "*")
			if !strings.Contains(s, "*") && !strings.Contains(s, "$") {
				sources[rel] = append(sources[rel], s)
			}
			continue
		}
		if cur != nil {
			if m := reDepends.FindStringSubmatch(line); m != nil {
				cur.depends = append(cur.depends, strings.TrimSpace(m[1]))
				continue
			}
			if m := reAttr.FindStringSubmatch(t); m != nil {
				v := splitIf(m[2])
				switch m[1] {
				case "select":
					curSelects = append(curSelects, v)
				case "default":
					cur.defaults = append(cur.defaults, v)
				case "def_bool", "def_tristate":
					cur.kind = strings.TrimPrefix(m[1], "def_")
					cur.defaults = append(cur.defaults, v)
				case "prompt":
					cur.prompts = append(cur.prompts, v.cond)
				default: // a type, with a prompt when a string follows
					cur.kind = m[1]
					if strings.HasPrefix(v.expr, "\"") {
						cur.prompts = append(cur.prompts, v.cond)
					}
				}
			}
		}
	}
	flush()
	return named
}

// reAttr matches the attribute lines of a config block that say how the
// symbol gets a value.
var reAttr = regexp.MustCompile(`^(bool|tristate|string|int|hex|prompt|default|def_bool|def_tristate|select)(?:\s+(.*))?$`)

// splitIf splits "EXPR if COND" (a prompt's text, a default's value, a
// selected symbol) at its `if`, outside quotes.
func splitIf(s string) kconfigValue {
	s = strings.TrimSpace(s)
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '#':
			return splitIf(s[:i]) // a comment
		case i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') && strings.HasPrefix(s[i:], "if") &&
			(i+2 == len(s) || s[i+2] == ' ' || s[i+2] == '\t' || s[i+2] == '('):
			return kconfigValue{expr: strings.TrimSpace(s[:i]), cond: strings.TrimSpace(s[i+2:])}
		}
	}
	return kconfigValue{expr: s}
}

// FileNoRT returns why a tree-relative .c file cannot be in a PREEMPT_RT
// kernel, or "".
func (r *RT) FileNoRT(rel string) string {
	r.once.Do(r.load)
	if len(r.rtArches) == 0 {
		return ""
	}
	if why := r.ArchNoRT(rel); why != "" {
		return why
	}
	if len(r.noRT) == 0 {
		return ""
	}
	return r.fileWhy(rel, r.noRT, &r.byFile, "; PREEMPT_RT in this tree is for "+strings.Join(r.rtArches, ", "))
}

// ArchNoRT returns why a file of arch/A/ is in no PREEMPT_RT kernel: it
// is built only for ARCH=A, which the top Makefile chooses, not a Kconfig
// symbol (no Makefile line ties it), and A's Kconfig does not select
// ARCH_SUPPORTS_RT. "" for other files.
func (r *RT) ArchNoRT(rel string) string {
	r.once.Do(r.load)
	if len(r.rtArches) == 0 {
		return ""
	}
	if a := archOf(rel); a != "" && r.noRTArch[a] {
		return rel + " is built only for ARCH=" + a + ", whose Kconfig does not select " + r.rtSymbol + "; PREEMPT_RT in this tree is for " + strings.Join(r.rtArches, ", ")
	}
	return ""
}

// archOf returns the architecture of a file under arch/ ("parisc" for
// arch/parisc/kernel/smp.c), "" elsewhere.
func archOf(rel string) string {
	rest, ok := strings.CutPrefix(filepath.ToSlash(rel), "arch/")
	if !ok {
		return ""
	}
	a, _, ok := strings.Cut(rest, "/")
	if !ok {
		return ""
	}
	return a
}

// fileWhy returns, cached in *cache, why file rel is built only with a
// symbol of tied (fileTied), followed by tail; "" when it is not.
func (r *RT) fileWhy(rel string, tied map[string]string, cache *map[string]string, tail string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if *cache == nil {
		*cache = map[string]string{}
	}
	if why, ok := (*cache)[rel]; ok {
		return why
	}
	why := r.fileTied(rel, tied)
	if why != "" {
		why = rel + " is built only " + why + tail
	}
	(*cache)[rel] = why
	return why
}

// fileTied returns why the symbol a .c file is built with is one of tied:
// its Makefile line's, or, for a file no Makefile line of its directory
// names, the symbols of the .c files of its directory that #include it
// (lib82596.c, built into lasi_82596.o and sni_82596.o), when every one
// of them is tied.
func (r *RT) fileTied(rel string, tied map[string]string) string {
	dir, base := filepath.Dir(rel), filepath.Base(rel)
	obj := strings.TrimSuffix(base, ".c") + ".o"
	if r.named(dir, obj) {
		return r.objTied(dir, obj, 0, tied)
	}
	includers := r.includers(dir, base)
	if len(includers) == 0 {
		return r.objTied(dir, obj, 0, tied)
	}
	var whys []string
	for _, in := range includers {
		w := r.objTied(dir, strings.TrimSuffix(in, ".c")+".o", 0, tied)
		if w == "" {
			return ""
		}
		whys = append(whys, w)
	}
	return "as part of " + strings.Join(includers, ", ") + ", which #include it: " + strings.Join(whys, "; ")
}

// named reports whether dir's Makefile (or Kbuild file) names obj (a
// line building it, or a composite object's part).
func (r *RT) named(dir, obj string) bool {
	for _, l := range makefileLines(r.root, dir) {
		if m := reObj.FindStringSubmatch(l); m != nil && containsWord(m[2], obj) {
			return true
		}
		if m := reComp.FindStringSubmatch(l); m != nil && strings.HasPrefix(l, m[1]) && containsWord(m[3], obj) {
			return true
		}
	}
	return false
}

// reIncludeC matches a line including a .c file by a quoted name.
var reIncludeC = regexp.MustCompile(`(?m)^\s*#\s*include\s+"([^"/]+\.c)"`)

// includers returns, sorted, the .c files of dir that #include base.
func (r *RT) includers(dir, base string) []string {
	entries, err := os.ReadDir(filepath.Join(r.root, dir))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".c") || e.Name() == base {
			continue
		}
		data, err := os.ReadFile(filepath.Join(r.root, dir, e.Name()))
		if err != nil || !strings.Contains(string(data), base) {
			continue
		}
		for _, m := range reIncludeC.FindAllStringSubmatch(string(data), -1) {
			if m[1] == base {
				out = append(out, e.Name())
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// FileExcludedRT returns why a tree-relative .c file is kept out of
// PREEMPT_RT kernels by its own Kconfig (it is built only with a symbol
// that depends on !PREEMPT_RT: mm/kmsan/ with KMSAN), or "". Unlike
// FileNoRT's, such code is not built for RT on any architecture.
func (r *RT) FileExcludedRT(rel string) string {
	r.once.Do(r.load)
	if len(r.exclRT) == 0 {
		return ""
	}
	return r.fileWhy(rel, r.exclRT, &r.exclByFile, ": no PREEMPT_RT kernel builds it")
}

// FileNever returns why no configuration builds a tree-relative .c file
// (its Makefile line or its directory's needs a symbol that depends on
// BROKEN), or "".
func (r *RT) FileNever(rel string) string {
	r.once.Do(r.load)
	if len(r.never) <= 1 {
		return ""
	}
	return r.fileWhy(rel, r.never, &r.neverByFile, ": no configuration builds it")
}

// objTied looks for the Makefile line that builds obj in dir, and for the
// parent's line that enters dir, and returns why the symbol it is built
// with is one of tied.
func (r *RT) objTied(dir, obj string, depth int, tied map[string]string) string {
	if depth > 6 || dir == "." || dir == "" {
		return ""
	}
	lines := makefileLines(r.root, dir)
	if lines == nil {
		return ""
	}
	targets := []string{obj}
	// A composite object: foo-y := a.o b.o builds a.o into foo.o; a
	// part under a symbol of its own (ssb-$(CONFIG_SSB_DRIVER_GIGE) +=
	// driver_gige.o) is built only with that symbol.
	for _, l := range lines {
		// (obj-$(CONFIG_X) lines are the loop below's: an object or a
		// directory they name twice is built if either line builds it.)
		if m := reComp.FindStringSubmatch(l); m != nil && m[1] != "obj" && strings.HasPrefix(l, m[1]) && containsWord(m[3], obj) {
			if why := tied[m[2]]; m[2] != "" && why != "" {
				return "with CONFIG_" + m[2] + " (" + why + ")"
			}
			targets = append(targets, m[1]+".o")
		}
	}
	// Tied when every line that names it is (intel/Makefile enters
	// iwlwifi/ with CONFIG_IWLWIFI and again with CONFIG_IWLMEI, which
	// depends on BROKEN: the first line builds it).
	tiedWhy, untied := "", false
	for _, l := range lines {
		m := reObj.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		for _, t := range targets {
			if containsWord(m[2], t) {
				if why := tied[m[1]]; why != "" {
					if tiedWhy == "" {
						tiedWhy = "with CONFIG_" + m[1] + " (" + why + ")"
					}
				} else {
					untied = true
				}
			}
		}
	}
	if tiedWhy != "" && !untied {
		return tiedWhy
	}
	// Named here under a symbol not tied, or not named: the directory
	// itself may be entered only under a symbol of its parent's Makefile
	// (drivers/parisc/ builds eisa.o with CONFIG_EISA, which x86 has
	// too, but drivers/Makefile enters parisc/ only with CONFIG_PARISC).
	return r.objTied(filepath.Dir(dir), filepath.Base(dir)+"/", depth+1, tied)
}

func containsWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}
