// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/kapi"
)

// opsTableGolden lists the table's ops entries whose context disagrees
// with the one the tree's dispatchers give (TestOpsTableDispatchers).
const opsTableGolden = "testdata/opstable.txt"

// TestOpsTableDispatchers checks the kernel table's ops entries against
// the code: a function stored in each field the entries name (all the
// function pointers of the struct for TYPE.*) is analysed with the tree's
// dispatchers of that field (the best-ranked file of each struct type, as
// a lint finds them) and without the table's ops entries; where the
// dispatchers give the function contexts (not assumed ones) that differ
// from the entry's, the entry is listed. The list is testdata/opstable.txt
// (KCOVLINT_UPDATE_GOLDEN=1 writes it): an entry the code contradicts is
// either wrong, or right for a reason the code does not show (a caller
// the dispatchers' files do not hold, a run-time flag), which the list
// says.
func TestOpsTableDispatchers(t *testing.T) {
	tree := testenv.KernelTree(t)
	table := kapi.Default()
	l := &linter{opts: Options{Tree: tree, Index: "none"}, root: tree, tree: &treeFiles{root: tree}, configs: []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}, cache: cunit.NewCache()}
	structs := l.treeStructs()

	// One probe function per field, stored in it by an initializer.
	type probe struct {
		entry *kapi.Ops
		field string
		fn    string
	}
	var probes []probe
	var src strings.Builder
	src.WriteString("/* SPDX-License-Identifier: MIT */\n")
	d := &dispatchInfo{fields: map[string][]string{}, byType: map[string][]member{}}
	for i, o := range table.Ops {
		typ := "struct " + o.Type
		fields := []string{o.Field}
		if o.Field == "*" {
			fields = nil
			if st := structs[typ]; st != nil {
				for _, f := range st.Fields {
					// Fields with an entry of their own are its.
					if f.Type == funcPtrType && table.OpsEntry(o.Type, f.Name) == o {
						fields = append(fields, f.Name)
					}
				}
			}
		}
		if len(fields) == 0 {
			continue
		}
		var inits []string
		for j, f := range fields {
			fn := fmt.Sprintf("kl_probe_%d_%d", i, j)
			probes = append(probes, probe{entry: o, field: f, fn: fn})
			fmt.Fprintf(&src, "static void %s(void) { }\n", fn)
			inits = append(inits, fmt.Sprintf("\t.%s = %s,\n", f, fn))
			d.fields[f] = append(d.fields[f], typ)
		}
		fmt.Fprintf(&src, "%s kl_table_%d = {\n%s};\n", typ, i, strings.Join(inits, ""))
	}
	for _, st := range structs {
		for _, f := range st.Fields {
			if bt := callgraph.BaseType(f.Type); bt != "" && f.Type != funcPtrType {
				d.byType[bt] = append(d.byType[bt], member{owner: st.Name, name: f.Name})
			}
		}
	}
	probeFile := filepath.Join(t.TempDir(), "probe.c")
	if err := os.WriteFile(probeFile, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	files, fields, _ := l.dispatchFiles(d, map[string]bool{probeFile: true}, dispatchLimits{perType: 3, files: 1000})
	u, err := cunit.NewWith(l.cache, tree, l.configs, []string{probeFile}, files, nil, cunit.Options{Fields: fields, Structs: structs})
	if err != nil {
		t.Fatal(err)
	}
	// The table without its ops entries: the contexts are the code's.
	bare := *u.Table
	bare.Ops = nil
	u.Table = &bare
	res := ctxflow.Compute(u, callgraph.Build(u))
	var lines []string
	for _, p := range probes {
		var got []string
		var witness string
		for _, cfg := range u.Configs {
			f := res.ByConfig[cfg.Name]
			// The contexts the entry gives on this configuration.
			want := map[string]bool{}
			for _, c := range p.entry.Contexts() {
				ctx := c[0]
				if cfg.RT && c[1] != "" {
					ctx = c[1]
				}
				base, _, _ := kapi.SplitHeld(ctx)
				want[ctxflow.ParseCtx(base).String()] = true
			}
			ctxs := map[string]bool{}
			agree := true
			for _, n := range f.Graph.Lookup(p.fn) {
				for _, e := range f.Contexts(n) {
					if e.Assumed {
						continue
					}
					ctxs[e.Ctx.String()] = true
					if !want[e.Ctx.String()] {
						agree = false
						if witness == "" {
							witness = strings.Join(e.ChainNames()[:len(e.Chain)-1], " -> ") + " (" + e.Root + ")"
						}
					}
				}
			}
			if len(ctxs) == 0 || agree {
				continue // the dispatchers give nothing (not known), or what the entry says
			}
			got = append(got, fmt.Sprintf("%s %s", cfg.Name, strings.Join(keysOf(ctxs), "|")))
		}
		if len(got) > 0 {
			rt := ""
			if len(p.entry.RTCtxs) > 0 {
				rt = " rt=" + strings.Join(p.entry.RTCtxs, ",")
			}
			lines = append(lines, fmt.Sprintf("ops %s.%s ctx=%s%s (field %s): %s; via %s", p.entry.Type, p.entry.Field, strings.Join(p.entry.Ctxs, ","), rt, p.field, strings.Join(got, ", "), witness))
		}
	}
	sort.Strings(lines)
	text := "# SPDX-License-Identifier: MIT\n# kapi/kernel.table ops entries whose context the tree's dispatchers contradict\n# (TestOpsTableDispatchers; KCOVLINT_UPDATE_GOLDEN=1 rewrites this file).\n" + strings.Join(lines, "\n") + "\n"
	t.Logf("%d dispatcher files for %d fields of %d entries; %d disagree:\n%s", len(files), len(probes), len(table.Ops), len(lines), strings.Join(lines, "\n"))
	if os.Getenv("KCOVLINT_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(opsTableGolden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(opsTableGolden)
	if err != nil {
		t.Fatalf("%v (KCOVLINT_UPDATE_GOLDEN=1 writes it)", err)
	}
	if string(old) != text {
		t.Errorf("the disagreeing entries changed (KCOVLINT_UPDATE_GOLDEN=1 rewrites %s): now\n%s", opsTableGolden, text)
	}
}
