// SPDX-License-Identifier: MIT

package ctxflow

import (
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/cparse"
)

// modeTest reports whether a branch condition tests a mode: a bool
// parameter of the function (the caller telling it its context: `bool
// atomic`, `bool may_sleep`) or a call the table lists as a mode test
// (static keys). A bool struct field is not one: it is as often the
// object's state (kcov->remote) as a context (io->in_bh), and a field the
// path set is decided anyway (fieldVar). See Guard.
func (fc *fctx) modeTest(cond cparse.Expr) bool {
	found := false
	callgraph.WalkExpr(cond, func(e cparse.Expr) {
		if found {
			return
		}
		switch x := e.(type) {
		case *cparse.Ident:
			for _, p := range fc.node.Fn.Params {
				if p.Name == x.Name && isBoolType(p.Type) {
					found = true
				}
			}
		case *cparse.Call:
			found = fc.flow.Table.ModeTests[x.Name]
		}
	})
	return found
}

func isBoolType(t string) bool {
	t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "const "))
	return t == "bool" || t == "_Bool"
}

// guarded returns copies of the states with the guard recorded.
func guarded(states []*State, g *cparse.CFG, join *cparse.BB, cond cparse.Expr, outcome bool) []*State {
	out := make([]*State, len(states))
	for i, s := range states {
		t := s.clone()
		t.guard(Guard{Pos: cond.Pos(), Text: cond.String(), Outcome: outcome, cfg: g, join: join})
		out[i] = t
	}
	return out
}

// leaveGuards drops the guards of graph g whose branches meet again at
// block bb (or, at g's exit, every guard of g).
func (s *State) leaveGuards(g *cparse.CFG, bb *cparse.BB) *State {
	keep, left := without(s.Guards, func(gd Guard) bool { return gd.cfg == g && (gd.join == bb || bb == g.Exit) })
	if !left {
		return s
	}
	t := s.clone()
	t.Guards = keep
	return t
}

// without returns xs without the elements gone says are, in a new slice,
// and whether there were any (the branches a path has left: guards, field
// tests).
func without[T any](xs []T, gone func(T) bool) ([]T, bool) {
	keep := xs[:0:0]
	for _, x := range xs {
		if !gone(x) {
			keep = append(keep, x)
		}
	}
	return keep, len(keep) != len(xs)
}

// postDominators returns each block's immediate post-dominator (nil for
// the exit and for blocks from which the exit cannot be reached), by
// Cooper, Harvey and Kennedy's iteration on the reversed graph.
func postDominators(g *cparse.CFG) map[*cparse.BB]*cparse.BB {
	// Reverse post-order of the reversed graph, from the exit.
	order := map[*cparse.BB]int{}
	var rpo []*cparse.BB
	var visit func(b *cparse.BB)
	visit = func(b *cparse.BB) {
		order[b] = -1
		for _, p := range b.Preds {
			if _, ok := order[p]; !ok {
				visit(p)
			}
		}
		rpo = append(rpo, b)
	}
	visit(g.Exit)
	for i, j := 0, len(rpo)-1; i < j; i, j = i+1, j-1 {
		rpo[i], rpo[j] = rpo[j], rpo[i]
	}
	for i, b := range rpo {
		order[b] = i
	}
	ipdom := map[*cparse.BB]*cparse.BB{g.Exit: g.Exit}
	intersect := func(a, b *cparse.BB) *cparse.BB {
		for a != b {
			for order[a] > order[b] {
				a = ipdom[a]
			}
			for order[b] > order[a] {
				b = ipdom[b]
			}
		}
		return a
	}
	for changed := true; changed; {
		changed = false
		for _, b := range rpo[1:] {
			var nd *cparse.BB
			for _, s := range b.Succs {
				if ipdom[s] == nil {
					continue
				}
				if nd == nil {
					nd = s
				} else {
					nd = intersect(s, nd)
				}
			}
			if nd != nil && ipdom[b] != nd {
				ipdom[b] = nd
				changed = true
			}
		}
	}
	ipdom[g.Exit] = nil
	return ipdom
}
