// SPDX-License-Identifier: MIT

package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// TestRTModelFromTree: per-CPU state saved in one BH section and restored
// in another is a PREEMPT_RT bug only where softirq sections can preempt
// each other (v6.18+ with PREEMPT_RT_NEEDS_BH_LOCK=n); a tree whose
// Kconfig predates the option serialises BH sections per CPU.
func TestRTModelFromTree(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "rules", "percpu", "testdata", "saverestore.c"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, kconfig, model string
		want                 bool
	}{
		{"new tree", "config PREEMPT_RT\n\tbool\n\nconfig PREEMPT_RT_NEEDS_BH_LOCK\n\tbool\n", "auto", true},
		{"old tree", "config PREEMPT_RT\n\tbool\n", "auto", false},
		{"old tree, forced parallel", "config PREEMPT_RT\n\tbool\n", "parallel", true},
		{"new tree, forced bh-lock", "config PREEMPT_RT\n\tbool\n\nconfig PREEMPT_RT_NEEDS_BH_LOCK\n\tbool\n", "bh-lock", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree := testenv.WriteTree(t, map[string]string{
				"kernel/Kconfig.preempt": tc.kconfig,
				"kernel/saverestore.c":   string(src),
			})
			res, err := Run(Options{Tree: tree, Inputs: []string{filepath.Join(tree, "kernel", "saverestore.c")}, Config: "rt", RTModel: tc.model, Rules: []string{"percpu"}})
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range res.Findings {
				if strings.Contains(strings.Join(f.Detail, "\n"), "softirq sections can preempt each other") {
					got = true
				}
			}
			if got != tc.want {
				t.Errorf("findings of the parallel-softirq model: %v, want %v (model line %q)", got, tc.want, res.RTModel)
			}
			if !strings.HasPrefix(res.RTModel, "PREEMPT_RT model: ") {
				t.Errorf("RTModel = %q", res.RTModel)
			}
		})
	}
	if _, err := Run(Options{Inputs: []string{"x.c"}, RTModel: "fast"}); err == nil {
		t.Error("--rt-model fast accepted")
	}
}
