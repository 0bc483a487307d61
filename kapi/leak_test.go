// SPDX-License-Identifier: MIT

package kapi

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// apiKinds are the table kinds whose entry names are kernel API: a call,
// macro, flag, workqueue or guard class the kernel defines. class (the
// table's own names for lock classes), report (print prefixes such as
// "pr_*"), config (the table's own names for its facts) and ops/field
// (see apiNames) are not among them.
var apiKinds = map[string]bool{
	"lock": true, "sleep": true, "pred": true, "state": true, "assert": true,
	"entry": true, "entrymacro": true, "queue": true, "bhwq": true, "percpu": true,
	"gfp": true, "gfptest": true, "null": true, "noreturn": true, "define": true,
	"export": true, "guard": true, "lockclass": true, "scoped": true, "bitop": true,
	"lastref": true, "modetest": true, "lockwait": true,
}

// notAPI are names the table holds that are not, by themselves, kernel
// knowledge in Go code:
//
//   - guard class names that are also the table's and the analyses' own
//     vocabulary for execution state and lock classes: "irq", "bh",
//     "preempt", "migrate", "rcu" are attribute keys and state names
//     (irq=off, rcu=on; ctxflow's names for the state it tracks), and
//     "spinlock", "mutex", "local_lock", "raw_spinlock" are the table's
//     lock class names, which Go code may use as such (sleepatomic's
//     "spinlock" reason, Classes["spinlock"]).
//   - field names that are ordinary words: "function", "func" and
//     "complete" (field entries of hrtimer, irq_work and urb) are JSON keys
//     and identifiers everywhere; the table names them only with of=TYPE.
var notAPI = map[string]string{
	"irq": "state vocabulary", "bh": "state vocabulary", "preempt": "state vocabulary",
	"migrate": "state vocabulary", "rcu": "state vocabulary",
	"spinlock": "lock class name", "raw_spinlock": "lock class name",
	"mutex": "lock class name", "local_lock": "lock class name",
	"function": "ordinary word", "func": "ordinary word", "complete": "ordinary word",
}

// allowed are the uses, by file and name, that name kernel API without
// being kernel knowledge; stale entries fail the test.
var allowed = map[string]map[string]string{
	// A JSON key of `kcovlint graph` output (the state's IRQ flag, beside
	// bh_disabled and preempt_off): output format, not a call.
	"lint/graph.go": {"irqs_disabled": "output key"},
}

// policyVars are declarations whose string literals are not checked. The
// C front end's default configuration policy (used without a .config:
// allyesconfig on x86_64 but these options) names Kconfig options only to
// decide how to preprocess: which #ifdef branches to read. It is the
// parser's configuration, like a .config file, not a fact about what a
// kernel API does, and cparse does not depend on kapi. The table's facts
// about an option (config rt-softirq-parallel's default) are read from
// the table by the analyses.
var policyVars = map[string]map[string]bool{
	"cparse/config.go": {"defaultOff": true, "defaultValues": true, "forcedOn": true},
}

var cIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// apiNames returns the kernel API names kernel.table knows, each with the
// table line that names it.
func apiNames() map[string]string {
	names := map[string]string{}
	add := func(name, where string) {
		if !cIdent.MatchString(name) {
			return
		}
		if _, skip := notAPI[name]; skip {
			return
		}
		if _, ok := names[name]; !ok {
			names[name] = where
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(tableText))
	no := 0
	for sc.Scan() {
		no++
		f := strings.Fields(sc.Text())
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		kind, name := f[0], f[1]
		where := "kernel.table:" + strconv.Itoa(no) + " " + kind
		switch {
		case apiKinds[kind]:
			add(name, where)
		case kind == "ops":
			// The struct type is kernel API; its field names (probe,
			// open, read) are ordinary words.
			typ, _, _ := strings.Cut(name, ".")
			add(typ, where)
		case kind == "field":
			add(name, where)
		}
		for _, kv := range f[2:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				continue
			}
			switch k {
			case "of":
				add(v, where)
			case "held", "if-set":
				// LOCKCALL:TYPE.MEMBER, TYPE.FIELD:CTX
				for _, part := range strings.Split(v, ":") {
					typ, _, _ := strings.Cut(part, ".")
					if strings.Contains(part, ".") {
						add(typ, where)
					}
				}
			case "needs", "option", "value":
				if kind != "config" && k != "needs" {
					continue
				}
				for _, opt := range strings.Split(v, ",") {
					add(opt, where)
					if o, ok := strings.CutPrefix(opt, "CONFIG_"); ok {
						add(o, where)
					} else if strings.ToUpper(opt) == opt {
						add("CONFIG_"+opt, where)
					}
				}
			}
		}
	}
	return names
}

// TestNoKernelNamesOutsideKapi keeps kernel knowledge in kernel.table: Go
// code outside kapi/ may not name, in a string literal, a kernel function,
// macro, flag or configuration option the table knows; it asks kapi.
// Comments are documentation and may name anything. Test files may name
// kernel API in their C fixtures.
func TestNoKernelNamesOutsideKapi(t *testing.T) {
	names := apiNames()
	if len(names) < 400 {
		t.Fatalf("only %d API names read from the table", len(names))
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root: %v", err)
	}
	var leaks []string
	used := map[string]bool{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			base := d.Name()
			if rel == "kapi" || base == "testdata" || base == "vendor" || (strings.HasPrefix(base, ".") && rel != ".") {
				return filepath.SkipDir
			}
			// A nested module is not this module's code.
			if rel != "." {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		file := filepath.ToSlash(rel)
		ast.Inspect(f, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok {
				for _, id := range vs.Names {
					if policyVars[file][id.Name] {
						used[file+" "+id.Name] = true
						return false
					}
				}
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if where, ok := names[s]; ok {
				if _, ok := allowed[file][s]; ok {
					used[file+" "+s] = true
					return true
				}
				p := fset.Position(lit.Pos())
				leaks = append(leaks, file+":"+strconv.Itoa(p.Line)+": "+strconv.Quote(s)+" ("+where+")")
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for file, m := range allowed {
		for name := range m {
			if !used[file+" "+name] {
				t.Errorf("allowed %s in %s is no longer used: drop it", name, file)
			}
		}
	}
	for file, m := range policyVars {
		for name := range m {
			if !used[file+" "+name] {
				t.Errorf("policy declaration %s in %s is gone: drop it", name, file)
			}
		}
	}
	sort.Strings(leaks)
	for _, l := range leaks {
		t.Errorf("kernel API named outside kapi (move the fact to kernel.table): %s", l)
	}
}
