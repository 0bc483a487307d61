// SPDX-License-Identifier: MIT

package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
	"github.com/kcovlint/kcovlint/report"
)

// corpusTree makes a kernel-like tree with the callers and the version's
// kernel/kcov.c.
func corpusTree(t *testing.T, corpus, version string, callers bool) string {
	t.Helper()
	var dirs []string
	if callers {
		dirs = append(dirs, filepath.Join(corpus, "callers"))
	}
	dirs = append(dirs, filepath.Join(corpus, "base"))
	tree := testenv.CopyTree(t, dirs...)
	if version != "base" {
		src, err := os.ReadFile(filepath.Join(corpus, version, "kernel", "kcov.c"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tree, "kernel", "kcov.c"), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tree
}

type expect struct {
	rule, config, object, function string
	// text must appear in the message, when set.
	text string
}

func (e expect) match(f report.Finding) bool {
	return f.Rule == e.rule && (e.config == "" || f.Config == e.config) && (e.object == "" || f.Object == e.object) &&
		(e.function == "" || f.Function == e.function) && (e.text == "" || strings.Contains(f.Message, e.text))
}

func (e expect) String() string {
	return e.rule + "[" + e.config + "] " + e.object + " in " + e.function + " " + e.text
}

// The seed oracle of the rules issue: what must and must not be reported on
// each version of kernel/kcov.c (non-RT unless marked RT).
var oracle = []struct {
	version   string
	must, not []expect
}{
	{"base",
		[]expect{
			{rule: "percpu", config: "rt", object: "kcov_percpu_data", function: "kcov_remote_softirq_start", text: "saved in kcov_remote_softirq_start() and restored in kcov_remote_softirq_stop()"},
			{rule: "percpu", config: "rt", object: "kcov_percpu_data", text: "irq_area"},
		},
		[]expect{{rule: "lockirq"}, {rule: "percpu", config: "nonrt"}}},
	{"post-v3",
		[]expect{
			{rule: "lockirq", config: "nonrt", object: "kcov_remote_lock", function: "kcov_remote_start"},
			{rule: "lockirq", config: "nonrt", object: "kcov_remote_lock", function: "kcov_remote_stop"},
			{rule: "lockirq", config: "nonrt", object: "&kcov->lock", function: "kcov_remote_stop"},
			{rule: "sleepatomic", config: "rt", object: "vmalloc", function: "kcov_remote_start", text: "in softirq context"},
		},
		[]expect{{rule: "percpu"}}},
	{"post-v3-irqsave",
		[]expect{{rule: "lockirq", config: "nonrt", object: "&kcov->lock", function: "kcov_remote_stop"}},
		[]expect{{rule: "lockirq", object: "kcov_remote_lock"}}},
	{"post-unified",
		[]expect{{rule: "lockirq", config: "nonrt", object: "&kcov->lock", function: "kcov_remote_stop"}},
		[]expect{{rule: "lockirq", object: "kcov_remote_lock"}, {rule: "percpu"}}},
	{"post-v4",
		[]expect{{rule: "lockirq", config: "nonrt", object: "&kcov->lock", function: "kcov_remote_stop"}},
		[]expect{{rule: "lockirq", object: "kcov_remote_lock"}, {rule: "percpu"}, {rule: "sleepatomic", text: "in softirq context"}}},
}

func checkOracle(t *testing.T, findings []report.Finding, must, not []expect) {
	t.Helper()
	for _, m := range must {
		found := false
		for _, f := range findings {
			if m.match(f) {
				found = true
			}
		}
		if !found {
			t.Errorf("must report %s; got:\n%s", m, summarize(findings))
		}
	}
	for _, n := range not {
		for _, f := range findings {
			if n.match(f) {
				t.Errorf("must not report %s; got %s[%s] %s in %s: %s", n, f.Rule, f.Config, f.Object, f.Function, f.Message)
			}
		}
	}
}

func summarize(fs []report.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.Rule + "[" + f.Config + "] " + f.Object + " in " + f.Function + ": " + f.Message + "\n")
	}
	return b.String()
}

// TestOracleWithCallers runs the oracle with -C at a tree that has the
// callers: every lock finding carries both call chains.
func TestOracleWithCallers(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	for _, o := range oracle {
		o := o
		t.Run(o.version, func(t *testing.T) {
			tree := corpusTree(t, corpus, o.version, true)
			res, err := Run(Options{Tree: tree, Inputs: []string{filepath.Join(tree, "kernel", "kcov.c")}, All: true, Index: "none"})
			if err != nil {
				t.Fatal(err)
			}
			checkOracle(t, res.Findings, o.must, o.not)
			for _, f := range res.Findings {
				if f.Rule != "lockirq" {
					continue
				}
				if len(f.Trace) != 2 {
					t.Errorf("lockirq finding with %d traces, want both contexts", len(f.Trace))
					continue
				}
				if !strings.HasPrefix(f.Trace[0].Context, "task") || f.Trace[1].Context != "softirq" {
					t.Errorf("lockirq traces: %q and %q, want task and softirq", f.Trace[0].Context, f.Trace[1].Context)
				}
				if soft := strings.Join(f.Trace[1].Chain, " "); !strings.Contains(soft, "usb_giveback_urb_bh") {
					t.Errorf("softirq chain %q does not come from the USB giveback BH", soft)
				}
				if task := f.Trace[0].Chain; len(task) < 2 {
					t.Errorf("task chain %v is not a real caller chain", task)
				}
			}
		})
	}
}

// TestOracleWithoutCallers: with no callers known, the findings fall back
// to the contexts the functions test themselves.
func TestOracleWithoutCallers(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	for _, o := range oracle {
		o := o
		t.Run(o.version, func(t *testing.T) {
			tree := corpusTree(t, corpus, o.version, false)
			res, err := Run(Options{Tree: tree, Inputs: []string{filepath.Join(tree, "kernel", "kcov.c")}, All: true, Index: "none"})
			if err != nil {
				t.Fatal(err)
			}
			var must []expect
			for _, m := range o.must {
				if m.rule == "sleepatomic" {
					// Needs a softirq caller whose path makes the buffer NULL.
					continue
				}
				must = append(must, m)
			}
			checkOracle(t, res.Findings, must, o.not)
		})
	}
}

// TestOracleV4Patch lints the v4 patch against the base: the &kcov->lock
// finding is new.
func TestOracleV4Patch(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	tree := corpusTree(t, corpus, "base", true)
	res, err := Run(Options{Tree: tree, Inputs: []string{filepath.Join(corpus, "patches", "v4.patch")}, Index: "none"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range res.Findings {
		if f.Rule == "lockirq" && f.Object == "&kcov->lock" && f.Function == "kcov_remote_stop" && f.Config == "nonrt" {
			found = true
			if f.Status != report.StatusNew {
				t.Errorf("&kcov->lock finding has status %s, want new", f.Status)
			}
			if f.Input != "v4" {
				t.Errorf("finding input %q, want v4", f.Input)
			}
		}
	}
	if !found {
		t.Errorf("v4: no lockirq finding on &kcov->lock:\n%s", summarize(res.Findings))
	}
	for _, in := range res.Inputs {
		if in.Status != "ok" {
			t.Errorf("input %s: %s %s", in.Name, in.Status, in.Error)
		}
	}
}

// TestOracleDebianKcov: the fix that was finally accepted (Debian's 6.12
// kernel/kcov.c) gets nothing from lockirq or percpu.
func TestOracleDebianKcov(t *testing.T) {
	tree := testenv.KernelTree(t)
	res, err := Run(Options{Tree: tree, Inputs: []string{filepath.Join(tree, "kernel", "kcov.c")}, All: true, Index: "none"})
	if err != nil {
		t.Fatal(err)
	}
	checkOracle(t, res.Findings, nil, []expect{{rule: "lockirq"}, {rule: "percpu"}})
}
