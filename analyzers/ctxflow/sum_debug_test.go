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

// TestDebugSummaries prints the summaries with IRQ effects for the files
// in $KCOVLINT_DEBUG_FILES (comma separated); a development aid.
func TestDebugSummaries(t *testing.T) {
	list := os.Getenv("KCOVLINT_DEBUG_FILES")
	if list == "" {
		t.Skip("KCOVLINT_DEBUG_FILES not set")
	}
	files := strings.Split(list, ",")
	u, err := cunit.New(filepath.Dir(files[0]), []*cparse.Config{cparse.NewConfig(false)}, files[:1], files[1:], nil)
	if err != nil {
		t.Fatal(err)
	}
	cg := callgraph.Build(u)
	f := &Flow{Config: "nonrt", Graph: cg.Graphs["nonrt"], Table: u.Table, Unit: u, Funcs: map[*callgraph.Node]*FuncInfo{}}
	for _, n := range f.Graph.Nodes {
		s := f.summaryOf(n)
		if s != nil && (s.IRQ == "off" || os.Getenv("KCOVLINT_DEBUG_ALL") != "") {
			fmt.Printf("%s (%s:%d): irq=%s bh=%d preempt=%d acquires=%d releases=%d noreturn=%v\n", n.Name(), n.Fn.Pos.File, n.Fn.Pos.Line, s.IRQ, s.BH, s.Preempt, len(s.Acquires), len(s.Releases), s.NoReturn)
		}
	}
}
