// SPDX-License-Identifier: MIT

// Package ctxflow is kcovlint's execution-context analysis: for each
// function of a unit, the contexts it runs in (task, softirq, hardirq, NMI)
// with a witness call chain from a root the kernel calls, and, on every
// path, the IRQ/BH/preemption state, the locks held and the context
// predicates decided. It runs for each configuration (PREEMPT_RT and not)
// and records the sites rules check: lock acquisitions, calls that may
// sleep, per-CPU accesses and predicate uses.
//
// All kernel semantics come from package kapi; nothing here names an API.
package ctxflow

import (
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
)

// Analyzer computes a Flow per configuration.
var Analyzer = &analysis.Analyzer{
	Name:       "ctxflow",
	Doc:        "compute the execution contexts, IRQ/BH/preemption state and locks held at every site of kernel C\n\nBy itself, it does not report any diagnostics.",
	Requires:   []*analysis.Analyzer{cunit.Analyzer, callgraph.Analyzer},
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result holds one Flow per configuration name.
type Result struct {
	Unit     *cunit.Unit
	ByConfig map[string]*Flow
}

func run(pass *analysis.Pass) (any, error) {
	u := pass.ResultOf[cunit.Analyzer].(*cunit.Unit)
	cg := pass.ResultOf[callgraph.Analyzer].(*callgraph.Result)
	return Compute(u, cg), nil
}

// Compute runs the analysis for every configuration of the unit.
func Compute(u *cunit.Unit, cg *callgraph.Result) *Result {
	r := &Result{Unit: u, ByConfig: map[string]*Flow{}}
	flows := make([]*Flow, len(u.Configs))
	var wg sync.WaitGroup
	for i, c := range u.Configs {
		f := &Flow{
			Config: c.Name,
			RT:     c.RT,
			Graph:  cg.Graphs[c.Name],
			Table:  u.Table,
			Unit:   u,
			Funcs:  map[*callgraph.Node]*FuncInfo{},
		}
		if opt := u.Table.Configs["rt-softirq-parallel"]["option"]; c.RT && opt != "" {
			// The option keeps the per-CPU BH lock (lint sets it for trees
			// that predate it).
			f.RTSoftirqParallel = !c.Enabled(opt)
		}
		flows[i] = f
		// The configurations have their own parsed files: run them in
		// parallel.
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.run()
		}()
	}
	wg.Wait()
	for i, c := range u.Configs {
		r.ByConfig[c.Name] = flows[i]
	}
	return r
}
