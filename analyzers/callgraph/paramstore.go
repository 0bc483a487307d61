// SPDX-License-Identifier: MIT

package callgraph

import (
	"github.com/kcovlint/kcovlint/cparse"
)

// paramStore is a function that stores its parameter in a struct field:
// a helper that packs a callback into a request and hands the request to
// the kernel (cpu_function_call(cpu, func, info) builds a struct whose
// .func is func and passes it to smp_call_function_single(), whose
// callback calls tfc->func()). The functions its callers pass as that
// argument are stored in the field, as if the callers had stored them:
// a call through the field reaches them.
type paramStore struct {
	fn    *Node
	param int
	key   string
}

// noteParamStore records a store of value into the field key by n, when
// value is one of n's parameters.
func (g *Graph) noteParamStore(n *Node, value cparse.Expr, key string) {
	if i := paramOf(n, value); i >= 0 {
		g.paramStores = append(g.paramStores, paramStore{fn: n, param: i, key: key})
	}
}

// paramOf returns the index of the parameter of n that e names, -1 when
// e is not one of n's parameters.
func paramOf(n *Node, e cparse.Expr) int {
	if id, ok := cparse.Unparen(e).(*cparse.Ident); ok {
		for i, p := range n.Fn.Params {
			if p.Name == id.Name {
				return i
			}
		}
	}
	return -1
}

// resolveParamStores stores in each such field the functions the direct
// callers pass for the parameter, through wrappers that pass their own
// parameter on (event_function_call() -> cpu_function_call()). The
// store counts as the storing function's file's, where the field is
// filled.
func (g *Graph) resolveParamStores() {
	seen := map[paramStore]bool{}
	work := append([]paramStore(nil), g.paramStores...)
	for len(work) > 0 {
		ps := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[ps] {
			continue
		}
		seen[ps] = true
		for _, ed := range ps.fn.Callers {
			if !ed.Direct() || ed.Call == nil || ps.param >= len(ed.Call.Args) {
				continue
			}
			arg := ed.Call.Args[ps.param]
			if ref := g.funcRef(ed.Caller.File, arg); ref != nil {
				ref.AddressTaken = true
				g.store(ps.key, ref, ps.fn.File)
				continue
			}
			if i := paramOf(ed.Caller, arg); i >= 0 {
				work = append(work, paramStore{fn: ed.Caller, param: i, key: ps.key})
			}
		}
	}
}
