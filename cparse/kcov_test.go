// SPDX-License-Identifier: MIT

package cparse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

var kcovVersions = []string{"base", "post-v3", "post-v3-irqsave", "post-unified", "post-v4"}

// TestKcovCorpusParsesCompletely: kernel/kcov.c before and after each patch
// parses with every function, in both configurations.
func TestKcovCorpusParsesCompletely(t *testing.T) {
	dir := testenv.KcovRTCorpus(t)
	for _, v := range kcovVersions {
		path := filepath.Join(dir, v, "kernel", "kcov.c")
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, rt := range []bool{false, true} {
			cfg := NewConfig(rt)
			f := ParseSource(path, src, Options{Config: cfg})
			n := CountFunctions(src, cfg)
			for _, x := range f.Failures {
				t.Errorf("%s (%s): %s", v, cfg.Name, x)
			}
			if f.Stats.Parsed != n || f.Stats.FuncChunks != n || n < 40 {
				t.Errorf("%s (%s): %d of %d functions parsed (%d found)", v, cfg.Name, f.Stats.Parsed, n, f.Stats.FuncChunks)
			}
		}
	}
}

// TestKcovCorpusRTBranches checks that the #ifdef CONFIG_PREEMPT_RT branches
// of the patched versions are the ones the configuration selects.
func TestKcovCorpusRTBranches(t *testing.T) {
	dir := testenv.KcovRTCorpus(t)
	parse := func(v string, rt bool) *File {
		f, err := ParseFile(filepath.Join(dir, v, "kernel", "kcov.c"), Options{Config: NewConfig(rt)})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	writes := func(fn *Func, field string) bool {
		found := false
		walkStmts(fn.Body, func(s Stmt) {
			for _, e := range stmtExprs(s) {
				WalkExpr(e, func(e Expr) {
					if a, ok := e.(*Assign); ok {
						if m, ok := a.L.(*Member); ok && m.Name == field {
							found = true
						}
					}
				})
			}
		})
		return found
	}
	hasCall := func(fn *Func, name, arg string) bool {
		for _, c := range calls(fn) {
			if c.Name == name && (arg == "" || (len(c.Args) > 0 && c.Args[0].String() == arg)) {
				return true
			}
		}
		return false
	}
	for _, v := range []string{"post-v3", "post-v3-irqsave"} {
		rt := funcByName(t, parse(v, true), "kcov_remote_softirq_start")
		if !writes(rt, "kcov_saved_mode") || hasCall(rt, "this_cpu_ptr", "") {
			t.Errorf("%s (rt): kcov_remote_softirq_start does not save into the task", v)
		}
		if m := rt.Body.Stmts[1].(*ExprStmt).X.(*Assign).L.(*Ident); m.Name != "mode" {
			t.Errorf("%s (rt): second statement %v", v, rt.Body.Stmts[1])
		}
		nonrt := funcByName(t, parse(v, false), "kcov_remote_softirq_start")
		if writes(nonrt, "kcov_saved_mode") || !hasCall(nonrt, "this_cpu_ptr", "&kcov_percpu_data") || !writes(nonrt, "saved_mode") {
			t.Errorf("%s (nonrt): kcov_remote_softirq_start does not use the per-CPU data", v)
		}
		if rt.Pos.Line == nonrt.Pos.Line {
			t.Errorf("%s: both configurations read the same definition (line %d)", v, rt.Pos.Line)
		}
		// struct kcov_percpu_data exists only without PREEMPT_RT.
		if _, ok := parse(v, true).Structs["struct kcov_percpu_data"]; ok {
			t.Errorf("%s (rt): struct kcov_percpu_data defined", v)
		}
		if _, ok := parse(v, false).Structs["struct kcov_percpu_data"]; !ok {
			t.Errorf("%s (nonrt): struct kcov_percpu_data missing", v)
		}
	}
	// In the unified proposal and v4 the only RT branch is in kcov_init:
	// extra buffers under RT.
	for _, v := range []string{"post-unified", "post-v4"} {
		for _, rt := range []bool{false, true} {
			fn := funcByName(t, parse(v, rt), "kcov_init")
			extra := false
			walkStmts(fn.Body, func(s Stmt) {
				if es, ok := s.(*ExprStmt); ok {
					if a, ok := es.X.(*Assign); ok && a.L.String() == "cpu" {
						if _, ok := a.R.(*Cond); ok {
							extra = true
						}
					}
				}
			})
			if extra != rt {
				t.Errorf("%s (rt=%v): extra softirq buffers %v", v, rt, extra)
			}
		}
	}
}
