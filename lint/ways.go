// SPDX-License-Identifier: MIT

package lint

// Ways into a patch's functions from the tree index.
//
// The index holds, for every call of the tree, the state at the call
// relative to the calling function's entry (ctxflow.CallState). Walking the
// calls backwards from a patched function to registrations gives the ways
// the kernel enters it, with the state at each step; ctxflow turns them
// into entries as if the callers' files had been analysed with the patch.
// So a patch lint parses the patched files (and the files that register
// their functions as callbacks), not the tens of files that call them.

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/index"
	"github.com/kcovlint/kcovlint/kapi"
)

// Limits of the walk, per patched function.
const (
	// wayHops is the longest chain of calls followed up from a function.
	wayHops = 6
	// wayFuncs is the number of calling functions looked at.
	wayFuncs = 300
	// waysPerFunc is the number of ways kept.
	waysPerFunc = 48
	// wayEdges is the number of calls of one function read.
	wayEdges = 100
	// registrarFiles bounds the files parsed because they register a
	// patched function as a callback.
	registrarFiles = 20
)

// wayStep is a calling function reached by the walk, with the hops from it
// down to the patched function (the hop of the function itself first).
type wayStep struct {
	e    index.Edge
	hops []ctxflow.Hop
}

// indexWays finds, through the index, the ways into the non-static
// functions the targets define, and the files (other than the targets)
// that use those functions as values — registrations and operations tables
// — which the unit parses to see them. ok is false when there is no usable
// index.
func (l *linter) indexWays(targets []string, overlay map[string][]byte) (ways ctxflow.Ways, context []string, ok bool) {
	ix, path := l.openIndex()
	if ix == nil {
		return nil, nil, false
	}
	defer ix.Close()
	skip, names := targetNames(targets, overlay)
	targetRel := map[string]bool{}
	for t := range skip {
		if rel, err := filepath.Rel(l.root, t); err == nil {
			targetRel[filepath.ToSlash(rel)] = true
		}
	}
	table := kapi.Default()
	ways = ctxflow.Ways{}
	nWays := 0
	for _, name := range sortedNames(names) {
		w, err := l.waysInto(ix, table, name, targetRel)
		if err != nil {
			l.progress("index %s: %v; scanning the tree instead", path, err)
			return nil, nil, false
		}
		if len(w) > 0 {
			ways[name] = w
			nWays += len(w)
		}
	}
	uses, err := ix.UsesAsValue(sortedNames(names))
	if err != nil {
		l.progress("index %s: %v; scanning the tree instead", path, err)
		return nil, nil, false
	}
	for _, rel := range uses {
		abs := filepath.Join(l.root, filepath.FromSlash(rel))
		if skip[abs] || !exists(abs) {
			continue
		}
		if len(context) == registrarFiles {
			l.progress("index %s: more than %d files use the patch's functions as values; the first %d are read", path, registrarFiles, registrarFiles)
			break
		}
		context = append(context, abs)
	}
	l.progress("ways into the patch's functions from the index %s: %d ways into %d functions; %d files register them", path, nWays, len(ways), len(context))
	return ways, context, true
}

// waysInto walks the calls of name up to the ways the kernel enters them.
func (l *linter) waysInto(ix *index.Index, table *kapi.Table, name string, targetRel map[string]bool) ([]ctxflow.Way, error) {
	edges, err := ix.CallsInto(name, "", wayEdges)
	if err != nil {
		return nil, err
	}
	var queue []wayStep
	seen := map[int64]bool{}
	for _, e := range edges {
		if targetRel[e.File] || seen[e.CallerID] {
			// The targets' own calls are in the unit.
			continue
		}
		seen[e.CallerID] = true
		h, err := l.hop(e)
		if err != nil {
			return nil, err
		}
		queue = append(queue, wayStep{e: e, hops: []ctxflow.Hop{h}})
	}
	var out []ctxflow.Way
	looked := 0
	for len(queue) > 0 && len(out) < waysPerFunc && looked < wayFuncs {
		st := queue[0]
		queue = queue[1:]
		looked++
		e := st.e
		roots, err := ix.RootsOf(e.CallerID)
		if err != nil {
			return nil, err
		}
		for _, r := range roots {
			out = append(out, ctxflow.Way{Root: r.Via, Ctx: r.Ctx, RTCtx: r.RTCtx, Hops: st.hops})
		}
		var up []index.Edge
		if len(st.hops) < wayHops {
			file := ""
			if e.CallerStatic && !e.CallerHeader {
				file = e.File // only its own file calls it
			}
			if up, err = ix.CallsInto(e.Caller, file, wayEdges); err != nil {
				return nil, err
			}
		}
		for _, u := range up {
			if seen[u.CallerID] || targetRel[u.File] {
				continue
			}
			seen[u.CallerID] = true
			h, err := l.hop(u)
			if err != nil {
				return nil, err
			}
			hops := append([]ctxflow.Hop{h}, st.hops...)
			queue = append(queue, wayStep{e: u, hops: hops})
		}
		// Callers unknown: as ctxflow assumes for a function of the unit
		// (seedRoots), a non-static function no one is seen to call runs
		// in task context and in those its own tests name; an exported one
		// may be called from anywhere else too.
		declared := ctxflow.DeclaredBy(table, e.CallerPreds)
		noCallers := len(roots) == 0 && len(up) == 0 && len(st.hops) < wayHops
		if e.CallerExported || (noCallers && !e.CallerStatic && !e.CallerHeader) || (noCallers && declared != 0 && !e.CallerHeader) {
			why := "callers unknown"
			if e.CallerExported {
				why = "exported, callers unknown"
			}
			if declared != 0 {
				why += "; contexts from its own predicate tests"
			}
			out = append(out, ctxflow.Way{Root: why, Declared: declared, Hops: st.hops})
		}
	}
	// Shortest first, then by where the way starts: the witness a
	// finding shows is the first of the shortest.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Hops[0].Pos, out[j].Hops[0].Pos
		if len(out[i].Hops) != len(out[j].Hops) {
			return len(out[i].Hops) < len(out[j].Hops)
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	if len(out) > waysPerFunc {
		out = out[:waysPerFunc]
	}
	return out, nil
}

// hop makes the hop of an edge's calling function.
func (l *linter) hop(e index.Edge) (ctxflow.Hop, error) {
	abs := filepath.Join(l.root, filepath.FromSlash(e.File))
	h := ctxflow.Hop{
		Func: e.Caller,
		Pos:  cparse.Pos{File: abs, Line: e.CallerLine, Col: e.CallerCol},
		Call: cparse.Pos{File: abs, Line: e.Line, Col: e.Col},
	}
	var err error
	if h.NonRT, err = ctxflow.DecodeCallStates(e.State, abs); err != nil {
		return h, fmt.Errorf("%s:%d: %v (kcovlint index --rebuild)", e.File, e.Line, err)
	}
	if h.RT, err = ctxflow.DecodeCallStates(e.StateRT, abs); err != nil {
		return h, fmt.Errorf("%s:%d: %v (kcovlint index --rebuild)", e.File, e.Line, err)
	}
	return h, nil
}

func sortedWays(w ctxflow.Ways) []string {
	out := make([]string, 0, len(w))
	for n := range w {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// describeWays renders the ways for -v output and tests.
func describeWays(w ctxflow.Ways) string {
	var b strings.Builder
	for _, n := range sortedWays(w) {
		for _, x := range w[n] {
			var names []string
			for _, h := range x.Hops {
				names = append(names, h.Func)
			}
			fmt.Fprintf(&b, "%s <- %s [%s]\n", n, strings.Join(names, " -> "), x.Root)
		}
	}
	return b.String()
}
