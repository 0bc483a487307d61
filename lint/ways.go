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
	target string
	e      index.Edge
	hops   []ctxflow.Hop
}

// walk is the state of the walk up from one patched function.
type walk struct {
	seen   map[int64]bool // calling functions met
	looked int
	ways   []ctxflow.Way
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
	ways, err := l.walkUp(ix, kapi.Default(), sortedNames(names), targetRel)
	if err != nil {
		l.progress("index %s: %v; scanning the tree instead", path, err)
		return nil, nil, false
	}
	nWays := 0
	for _, w := range ways {
		nWays += len(w)
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

// manyTasks reports whether an indexed root is one any number of tasks
// enter at once: a function a self-defining macro of the table marks so
// defines (SYSCALL_DEFINE3(name, ...) { ... }), whose root is the macro.
func manyTasks(table *kapi.Table, r index.Root) bool {
	e := table.EntryMacros[r.Via]
	return r.Kind == "macro" && e != nil && e.Self && e.Many
}

// walkUp walks the calls of the named functions up to the ways the kernel
// enters them, one level of calls at a time for all of them together (at
// most three queries a level: the level's registrations, the calls of its
// header helpers from any file, those of its .c functions from their
// files).
func (l *linter) walkUp(ix *index.Index, table *kapi.Table, names []string, targetRel map[string]bool) (ctxflow.Ways, error) {
	walks := map[string]*walk{}
	for _, n := range names {
		walks[n] = &walk{seen: map[int64]bool{}}
	}
	// The first level: the calls of the patched functions themselves,
	// from any file.
	var level []wayStep
	edges, err := ix.CallsIntoAny(names)
	if err != nil {
		return nil, err
	}
	per := map[string]int{}
	for _, e := range edges {
		w := walks[e.Callee]
		if w == nil || e.Local || targetRel[e.File] || w.seen[e.CallerID] || per[e.Callee] >= wayEdges || !l.builds(e, table) {
			// The targets' own calls are in the unit.
			continue
		}
		per[e.Callee]++
		w.seen[e.CallerID] = true
		h, err := l.hop(e)
		if err != nil {
			return nil, err
		}
		level = append(level, wayStep{target: e.Callee, e: e, hops: []ctxflow.Hop{h}})
	}
	for depth := 1; len(level) > 0; depth++ {
		var ids []int64
		// Whose calls to read: of a header's helper, from any file; of a
		// .c file's function, from its own file.
		upAny := map[string]bool{}
		upIn := map[index.NameIn]bool{}
		var steps []wayStep
		for _, st := range level {
			w := walks[st.target]
			if w.looked >= wayFuncs || len(w.ways) >= waysPerFunc {
				continue
			}
			w.looked++
			steps = append(steps, st)
			ids = append(ids, st.e.CallerID)
			if depth < wayHops {
				if st.e.CallerHeader {
					upAny[st.e.Caller] = true
				} else {
					upIn[index.NameIn{Name: st.e.Caller, File: st.e.File}] = true
				}
			}
		}
		roots, err := ix.RootsOf(ids)
		if err != nil {
			return nil, err
		}
		upEdges, err := l.callsUp(ix, upAny, upIn)
		if err != nil {
			return nil, err
		}
		byCallee := map[string][]index.Edge{}
		for _, e := range upEdges {
			byCallee[e.Callee] = append(byCallee[e.Callee], e)
		}
		var next []wayStep
		for _, st := range steps {
			w := walks[st.target]
			e := st.e
			for _, r := range roots[e.CallerID] {
				w.ways = append(w.ways, ctxflow.Way{Root: r.Via, Ctx: r.Ctx, RTCtx: r.RTCtx, Many: manyTasks(table, r), Hops: st.hops})
			}
			// Who calls the calling function: for a function of a .c
			// file, its own file (as when that file is parsed with the
			// patch: a non-static function called from elsewhere only is
			// one whose callers are unknown); for a helper in a header,
			// any file, not through other files' static functions of
			// that name.
			var up []index.Edge
			if depth < wayHops {
				for _, u := range byCallee[e.Caller] {
					if !e.CallerHeader {
						if u.File != e.File {
							continue
						}
					} else if u.Local {
						continue
					}
					if len(up) == wayEdges {
						break
					}
					up = append(up, u)
				}
			}
			for _, u := range up {
				if w.seen[u.CallerID] || targetRel[u.File] || !l.builds(u, table) {
					continue
				}
				w.seen[u.CallerID] = true
				h, err := l.hop(u)
				if err != nil {
					return nil, err
				}
				hops := append([]ctxflow.Hop{h}, st.hops...)
				next = append(next, wayStep{target: st.target, e: u, hops: hops})
			}
			// Callers unknown: as ctxflow assumes for a function of the
			// unit (seedRoots), a non-static function no one is seen to
			// call runs in task context and in those its own tests name;
			// an exported one may be called from anywhere else too.
			declared := ctxflow.DeclaredBy(table, e.CallerPreds)
			noCallers := len(roots[e.CallerID]) == 0 && len(up) == 0 && depth < wayHops
			if e.CallerExported || (noCallers && !e.CallerStatic && !e.CallerHeader) || (noCallers && declared != 0 && !e.CallerHeader) {
				why := "callers unknown"
				if e.CallerExported {
					why = "exported, callers unknown"
				}
				if declared != 0 {
					why += "; contexts from its own predicate tests"
				}
				w.ways = append(w.ways, ctxflow.Way{Root: why, Declared: declared, Hops: st.hops})
			}
		}
		level = next
	}
	out := ctxflow.Ways{}
	for name, w := range walks {
		if len(w.ways) == 0 {
			continue
		}
		ways := w.ways
		// Shortest first, then by where the way starts: the witness a
		// finding shows is the first of the shortest.
		sort.SliceStable(ways, func(i, j int) bool {
			a, b := ways[i].Hops[0].Pos, ways[j].Hops[0].Pos
			if len(ways[i].Hops) != len(ways[j].Hops) {
				return len(ways[i].Hops) < len(ways[j].Hops)
			}
			if a.File != b.File {
				return a.File < b.File
			}
			return a.Line < b.Line
		})
		if len(ways) > waysPerFunc {
			ways = ways[:waysPerFunc]
		}
		out[name] = ways
	}
	return out, nil
}

// callsUp reads the calls of the names in any, from any file, and of the
// names in in, each from its file (one query each).
func (l *linter) callsUp(ix *index.Index, any map[string]bool, in map[index.NameIn]bool) ([]index.Edge, error) {
	var out []index.Edge
	if len(any) > 0 {
		edges, err := ix.CallsIntoAny(sortedNames(any))
		if err != nil {
			return nil, err
		}
		out = edges
	}
	var pairs []index.NameIn
	for p := range in {
		if !any[p.Name] { // read from every file already
			pairs = append(pairs, p)
		}
	}
	if len(pairs) > 0 {
		sort.Slice(pairs, func(i, j int) bool {
			if pairs[i].Name != pairs[j].Name {
				return pairs[i].Name < pairs[j].Name
			}
			return pairs[i].File < pairs[j].File
		})
		edges, err := ix.CallsIntoIn(pairs)
		if err != nil {
			return nil, err
		}
		out = append(out, edges...)
	}
	return out, nil
}

// builds reports whether a call can be on a way: not in code the
// configuration does not build (another architecture's arch/ directory),
// not in a function that never returns and runs before anything else
// (start_kernel(): the table's noreturn functions).
func (l *linter) builds(e index.Edge, table *kapi.Table) bool {
	if len(l.configs) > 0 && !l.configs[0].BuildsPath(e.File) {
		return false
	}
	return !table.Noreturn[e.Caller]
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
