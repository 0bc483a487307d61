// SPDX-License-Identifier: MIT

package ctxflow

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
)

// TestDebugTree prints the contexts of $KCOVLINT_DEBUG_FUNCS in the tree
// $KCOVLINT_DEBUG_TREE (target $KCOVLINT_DEBUG_TARGET); a development aid.
func TestDebugTree(t *testing.T) {
	root := os.Getenv("KCOVLINT_DEBUG_TREE")
	if root == "" {
		t.Skip("KCOVLINT_DEBUG_TREE not set")
	}
	var files []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && (strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h")) {
			files = append(files, p)
		}
		return nil
	})
	target := filepath.Join(root, os.Getenv("KCOVLINT_DEBUG_TARGET"))
	var ctx []string
	for _, f := range files {
		if f != target {
			ctx = append(ctx, f)
		}
	}
	u, err := cunit.New(root, []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}, []string{target}, ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := Compute(u, callgraph.Build(u))
	for _, cfg := range []string{"nonrt", "rt"} {
		f := r.ByConfig[cfg]
		fmt.Printf("== %s: %d entries, %d lock sites, truncated %v\n", cfg, len(f.Entries), len(f.Locks), f.Truncated)
		for _, name := range strings.Split(os.Getenv("KCOVLINT_DEBUG_FUNCS"), ",") {
			for _, n := range f.Graph.Lookup(name) {
				for _, e := range f.Contexts(n) {
					fmt.Printf("  %s [%s] irqoff=%s bh=%d assumed=%v root=%q chain=%s\n", name, e.Ctx, e.State.IRQOff, e.State.BH, e.Assumed, e.Root, strings.Join(e.ChainNames(), " -> "))
				}
			}
		}
		for _, l := range f.Locks {
			if l.Node.File.Path != target {
				continue
			}
			fmt.Printf("  lock %s %s %s at %s in %s [%s] irqoff=%s bhoff=%s assumed=%v\n", l.Op.Name, l.Name, l.Key, l.Pos, l.Node.Name(), l.Snap.Ctx, l.Snap.IRQOff, l.Snap.BHOff, l.Snap.Assumed)
		}
	}
}
