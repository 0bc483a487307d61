// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/internal/testenv"
)

// TestKcovRemoteContexts checks the execution-context facts the context
// graph issue asks for on the base kernel/kcov.c with its callers: the
// remote start/stop functions run in task and in softirq context with real
// witness chains, the area helper runs with the remote lock held, and the
// remote lock in kcov_remote_start is taken with IRQs off on non-RT (under
// local_lock_irqsave) and with IRQs on on RT (where the local lock is a
// per-CPU sleeping lock).
func TestKcovRemoteContexts(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	tree := corpusTree(t, corpus, "base", true)
	target := filepath.Join(tree, "kernel", "kcov.c")
	configs, err := Configs("both")
	if err != nil {
		t.Fatal(err)
	}
	l := &linter{opts: Options{Tree: tree, Index: "none"}, configs: configs, root: tree, tree: &treeFiles{root: tree}}
	context := l.contextFiles([]string{target}, nil)
	u, err := cunit.New(tree, configs, []string{target}, context, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := ctxflow.Compute(u, callgraph.Build(u))
	for _, cfg := range []string{"nonrt", "rt"} {
		flow := res.ByConfig[cfg]
		for _, name := range []string{"kcov_remote_start", "kcov_remote_stop"} {
			nodes := flow.Graph.Lookup(name)
			if len(nodes) == 0 {
				t.Fatalf("[%s] %s not found", cfg, name)
			}
			witness := map[ctxflow.Ctx]string{}
			for _, e := range flow.Contexts(nodes[0]) {
				if e.Assumed || len(e.Chain) < 2 {
					continue // not a real caller chain
				}
				if _, ok := witness[e.Ctx]; !ok {
					witness[e.Ctx] = strings.Join(e.ChainNames(), " -> ")
				}
			}
			for _, want := range []ctxflow.Ctx{ctxflow.Task, ctxflow.Softirq} {
				w, ok := witness[want]
				if !ok {
					t.Errorf("[%s] %s: no %s context with a caller chain; have %v", cfg, name, want, witness)
					continue
				}
				t.Logf("[%s] %s in %s: %s", cfg, name, want, w)
			}
			// The softirq witness comes from the USB giveback path.
			if w := witness[ctxflow.Softirq]; w != "" && !strings.Contains(w, "usb") && !strings.Contains(w, "giveback") {
				t.Errorf("[%s] %s: softirq witness %q is not the USB giveback path", cfg, name, w)
			}
		}

		// kcov_remote_area_get runs with kcov_remote_lock held.
		area := flow.Graph.Lookup("kcov_remote_area_get")
		if len(area) == 0 {
			t.Fatalf("[%s] kcov_remote_area_get not found", cfg)
		}
		entries := flow.Contexts(area[0])
		if len(entries) == 0 {
			t.Errorf("[%s] kcov_remote_area_get: no contexts", cfg)
		}
		for _, e := range entries {
			held := false
			for _, h := range e.State.Held {
				if h.Name == "kcov_remote_lock" {
					held = true
				}
			}
			if !held {
				t.Errorf("[%s] kcov_remote_area_get entered without kcov_remote_lock via %s", cfg, strings.Join(e.ChainNames(), " -> "))
			}
		}

		// spin_lock(&kcov_remote_lock) in kcov_remote_start: IRQs off on
		// non-RT, on on RT.
		var sites int
		for _, ls := range flow.Locks {
			if ls.Node.Name() != "kcov_remote_start" || ls.Name != "kcov_remote_lock" || ls.Op.Op != "acquire" {
				continue
			}
			sites++
			want := ctxflow.Yes
			if cfg == "rt" {
				want = ctxflow.No
			}
			if ls.Snap.IRQOff != want {
				t.Errorf("[%s] spin_lock(&kcov_remote_lock) in kcov_remote_start at line %d (%s context): IRQs off = %s, want %s", cfg, ls.Pos.Line, ls.Snap.Ctx, ls.Snap.IRQOff, want)
			}
		}
		if sites == 0 {
			t.Errorf("[%s] no acquisition of kcov_remote_lock recorded in kcov_remote_start", cfg)
		}
	}
}
