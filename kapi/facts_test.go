// SPDX-License-Identifier: MIT

package kapi

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Kernel facts belong in kernel.table, never in Go code (issue 16): no Go
// file outside kapi (tests aside) may name, as a string, a kernel function,
// macro or configuration symbol the table knows. A name a rule compares
// against is a fact the table should give it; a name the table knows and a
// Go file spells too is a fact that can drift.
//
// Only whole string literals are checked ("bust_spinlocks", "CONFIG_X"), not
// comments or prose. labels lists the literals that name a table entry
// without being kernel knowledge, each with why.
var labels = map[string]string{
	// kcovlint graph prints the state as key=value pairs; the key is an
	// output label spelled like the predicate, not a use of it.
	"lint/graph.go: irqs_disabled": "output label",
	// cparse's default .config policy (defaultOff) lists every option
	// it turns off when no .config is given, these two among ~80 the
	// table does not know; moving that policy into the table is what is
	// left of issue 16's item 1 for the front end.
	"cparse/config.go: PREEMPT_RT_NEEDS_BH_LOCK": "front-end default policy",
	"cparse/config.go: COMPILE_TEST":             "front-end default policy",
}

func TestNoKernelFactsInGo(t *testing.T) {
	names := tableNames(t)
	root := filepath.Join("..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if path == root {
				return nil
			}
			if rel == "kapi" || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			s = strings.TrimPrefix(s, "CONFIG_")
			if names[s] && labels[rel+": "+s] == "" {
				t.Errorf("%s: the string %q names what kapi/kernel.table knows; read it from the table", fset.Position(lit.Pos()), s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tableNames returns the functions, macros and symbols kernel.table names:
// each line's name, and the values of config lines.
func tableNames(t *testing.T) map[string]bool {
	ident := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	names := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(tableText))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		switch fields[0] {
		case "config":
			for _, f := range fields[2:] {
				_, v, ok := strings.Cut(f, "=")
				if !ok || strings.HasPrefix(f, "default=") {
					continue
				}
				for _, w := range strings.Split(v, ",") {
					if ident.MatchString(w) {
						names[w] = true
					}
				}
			}
		case "lock", "sleep", "entry", "entrymacro", "state", "percpu", "null", "assert", "gfp", "gfptest",
			"pred", "lastref", "lockwait", "noreturn", "report", "queue", "bitop", "wqalloc", "bhwq", "unboundwq":
			// Lines that name a kernel function, macro or flag. (ops,
			// bound, field: struct members; class, guard, lockclass,
			// define, scoped, modetest, export: the table's own names
			// for kinds of things.)
			if ident.MatchString(fields[1]) {
				names[fields[1]] = true
			}
		}
	}
	if len(names) < 100 {
		t.Fatalf("only %d names read from the table", len(names))
	}
	return names
}
