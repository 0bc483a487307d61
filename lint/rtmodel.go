// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// RT models: how softirq processing is serialised on PREEMPT_RT. Before
// v6.18 every BH-disabled section of a CPU holds one per-CPU lock (the
// softirq "BKL"), so two softirq-serving tasks never interleave on a CPU;
// since v6.18 that lock is kept only with the option the table's
// rt-softirq-parallel entry names (=n by default).
const (
	RTModelAuto     = "auto"     // from the tree (and its .config)
	RTModelBHLock   = "bh-lock"  // BH sections serialised per CPU
	RTModelParallel = "parallel" // softirq sections can preempt each other
)

// applyRTModel decides the RT configurations' softirq model: forced by
// model, else from the tree. A tree whose Kconfig does not have the option
// predates it and serialises BH sections: the option is then taken as set.
// It returns a line that says which model was chosen and why, "" when no
// configuration is RT.
func applyRTModel(configs []*cparse.Config, table *kapi.Table, root, model string) (string, error) {
	opt := table.Configs["rt-softirq-parallel"]["option"]
	if opt == "" {
		return "", nil
	}
	var rt []*cparse.Config
	for _, c := range configs {
		if c.RT {
			rt = append(rt, c)
		}
	}
	if len(rt) == 0 {
		return "", nil
	}
	set := func(v string) {
		for _, c := range rt {
			c.Set(opt, v)
		}
	}
	switch model {
	case RTModelBHLock:
		set("y")
		return "PREEMPT_RT model: BH sections serialised per CPU (--rt-model " + model + ")", nil
	case RTModelParallel:
		set("n")
		return "PREEMPT_RT model: softirq sections can preempt each other on a CPU (--rt-model " + model + ")", nil
	case "", RTModelAuto:
	default:
		return "", fmt.Errorf("%w: --rt-model %s: want auto, bh-lock or parallel", ErrInput, model)
	}
	if root != "" {
		kconfig, err := os.ReadFile(filepath.Join(root, "kernel", "Kconfig.preempt"))
		if err == nil && !bytes.Contains(kconfig, []byte("config "+opt+"\n")) {
			set("y")
			return "PREEMPT_RT model: BH sections serialised per CPU (the tree's kernel/Kconfig.preempt has no " + opt + ": before v6.18)", nil
		}
	}
	if rt[0].Enabled(opt) {
		return "PREEMPT_RT model: BH sections serialised per CPU (CONFIG_" + opt + "=y)", nil
	}
	return "PREEMPT_RT model: softirq sections can preempt each other on a CPU (v6.18+, CONFIG_" + opt + "=n)", nil
}
