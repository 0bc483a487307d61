// SPDX-License-Identifier: MIT

package index

import (
	"strings"
	"time"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/ctxflow"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// fileData is what one file contributes to the index.
type fileData struct {
	funcs, parsed int
	seconds       float64
	failures      []failureRow
	fns           []funcRow
	calls         []callRow
	roots         []rootRow
	locks         []lockRow
}

type failureRow struct {
	line               int
	reason, fn, detail string
}

type funcRow struct {
	name                             string
	line, col                        int
	static, inline, header, exported bool
	preds                            string
}

// callRow is a call (ref false) or a use of a function name as a value
// (ref true: a callback passed, stored or put in a table). caller indexes
// fns, -1 at file scope.
type callRow struct {
	caller    int
	callee    string
	line, col int
	ref       bool
	// local: a call of a static function of the same .c file (CallersOf
	// leaves them out; they chain the ways of package lint).
	local bool
	// st and stRT are the states at the call relative to the caller's
	// entry, with non-RT and with PREEMPT_RT semantics
	// (ctxflow.EncodeCallStates; "" for the entry state).
	st, stRT string
}

type rootRow struct {
	fn                    int
	kind, ctx, rtCtx, via string
	line                  int
}

type lockRow struct {
	fn        int
	call, key string
	line      int
}

// extract parses one file (abs is its path on disk) and collects its
// functions, calls, registrations and lock acquisitions.
func extract(root, abs string, src []byte, cfg *cparse.Config, limit time.Duration) *fileData {
	start := time.Now()
	f := cparse.ParseSource(abs, src, cparse.Options{Config: cfg, TimeLimit: limit})
	d := &fileData{funcs: f.Stats.FuncChunks, parsed: f.Stats.Parsed}
	for _, x := range f.Failures {
		d.failures = append(d.failures, failureRow{line: x.Pos.Line, reason: x.Reason, fn: x.Func, detail: x.Detail})
	}
	table := kapi.Default()
	u := &cunit.Unit{Root: root, Configs: []*cparse.Config{cfg}, Files: map[string][]*cparse.File{cfg.Name: {f}}, Targets: map[string]bool{abs: true}, Table: table}
	g := callgraph.Build(u).Graphs[cfg.Name]
	header := strings.HasSuffix(abs, ".h")
	// The state at each call, relative to the caller's entry, with the
	// semantics of both configurations (on the non-RT parse).
	outNonRT, sensitive := ctxflow.OutwardStates(u, g, kapi.NonRT, false)
	outRT := outNonRT
	if sensitive {
		outRT, _ = ctxflow.OutwardStates(u, g, kapi.RT, true)
	}

	// The file's own functions (not those of the local headers it includes).
	own := map[*callgraph.Node]int{}
	localStatic := map[string]bool{}
	var nodes []*callgraph.Node
	for _, n := range g.Nodes {
		if n.Fn.Pos.File != abs {
			continue
		}
		own[n] = len(d.fns)
		nodes = append(nodes, n)
		d.fns = append(d.fns, funcRow{name: n.Fn.Name, line: n.Fn.Pos.Line, col: n.Fn.Pos.Col, static: n.Fn.Static, inline: n.Fn.Inline, header: header, exported: n.Exported})
		if n.Fn.Static && !header {
			// Only the file itself calls it; in a header, every includer
			// may (and calls between a header's helpers matter).
			localStatic[n.Fn.Name] = true
		}
	}
	globals := map[string]bool{}
	for _, gl := range f.Globals {
		globals[gl.Name] = true
	}
	// isRef says whether an expression names a function defined elsewhere
	// used as a value.
	refName := func(fn *cparse.Func, e cparse.Expr) string {
		e = cparse.Unparen(e)
		if u, ok := e.(*cparse.Unary); ok && u.Op == "&" {
			e = cparse.Unparen(u.X)
		}
		id, ok := e.(*cparse.Ident)
		if !ok || !plausibleFunc(id.Name) || localStatic[id.Name] || globals[id.Name] {
			return ""
		}
		if fn != nil {
			if _, ok := fn.Locals[id.Name]; ok {
				return ""
			}
		}
		return id.Name
	}
	for i, n := range nodes {
		fn := n.Fn
		seenRef := map[string]bool{}
		addRef := func(e cparse.Expr) {
			if name := refName(fn, e); name != "" && !seenRef[name] {
				seenRef[name] = true
				line, col := posIn(e.Pos(), abs, fn)
				d.calls = append(d.calls, callRow{caller: i, callee: name, line: line, col: col, ref: true})
			}
		}
		callgraph.WalkStmt(fn.Body, func(e cparse.Expr) {
			switch x := e.(type) {
			case *cparse.Call:
				if x.Name != "" {
					k := ctxflow.OutKey{Caller: fn, Callee: x.Name, Pos: x.P}
					line, col := posIn(x.P, abs, fn)
					d.calls = append(d.calls, callRow{caller: i, callee: x.Name, line: line, col: col, local: localStatic[x.Name],
						st: ctxflow.EncodeCallStates(outNonRT[k]), stRT: ctxflow.EncodeCallStates(outRT[k])})
					if lk, ok := table.Locks[x.Name]; ok && (lk.Op == "acquire" || lk.Op == "try") {
						key := ""
						if lk.Arg >= 0 && lk.Arg < len(x.Args) {
							key = n.Scope.ObjectKey(x.Args[lk.Arg])
						}
						d.locks = append(d.locks, lockRow{fn: i, call: x.Name, key: key, line: lineIn(x.P, abs, fn)})
					}
				}
				for _, a := range x.Args {
					addRef(a)
				}
			case *cparse.Assign:
				addRef(x.R)
			case *cparse.InitList:
				for _, it := range x.Items {
					addRef(it.Value)
				}
			}
		})
		d.fns[i].preds = strings.Join(ctxflow.ExpectedPreds(table, fn.Body), ",")
		for _, r := range n.Roots {
			d.roots = append(d.roots, rootRow{fn: i, kind: r.Kind, ctx: r.Ctx, rtCtx: r.RTCtx, via: r.Via, line: r.Pos.Line})
		}
	}
	// File scope: operations tables and registering macros name functions
	// that may be defined elsewhere.
	seen := map[string]bool{}
	fileRef := func(name string, line int) {
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		d.calls = append(d.calls, callRow{caller: -1, callee: name, line: line, ref: true})
	}
	for _, gl := range f.Globals {
		if gl.Pos.File != abs || gl.Init == nil {
			continue
		}
		callgraph.WalkExpr(gl.Init, func(e cparse.Expr) {
			if it, ok := e.(*cparse.InitList); ok {
				for _, item := range it.Items {
					fileRef(refName(nil, item.Value), lineIn(item.Value.Pos(), abs, nil))
				}
			}
		})
		if _, ok := gl.Init.(*cparse.InitList); !ok {
			fileRef(refName(nil, gl.Init), gl.Pos.Line)
		}
	}
	for _, m := range f.Macros {
		if m.Local || (m.Pos.File != "" && m.Pos.File != abs) {
			continue
		}
		for _, a := range m.Args {
			a = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(a), "&"))
			if isIdent(a) && plausibleFunc(a) && !localStatic[a] && !globals[a] {
				fileRef(a, m.Pos.Line)
			}
		}
	}
	d.seconds = time.Since(start).Seconds()
	return d
}

// lineIn gives the line of a position in the file, or the function's line
// when the position is in another file (a macro's body in a header).
func lineIn(p cparse.Pos, abs string, fn *cparse.Func) int {
	line, _ := posIn(p, abs, fn)
	return line
}

// posIn is lineIn with the column.
func posIn(p cparse.Pos, abs string, fn *cparse.Func) (line, col int) {
	if p.File == abs || p.File == "" || fn == nil {
		return p.Line, p.Col
	}
	return fn.Pos.Line, fn.Pos.Col
}

// plausibleFunc filters out names that are not functions: all-capitals
// macros and constants, and very short names.
func plausibleFunc(name string) bool {
	if len(name) < 2 || strings.ToUpper(name) == name {
		return false
	}
	return !notFunc[name]
}

// notFunc are words that appear as macro arguments and values but are no
// functions.
var notFunc = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`auto break case char const continue default do double else enum extern
		float for goto if inline int long register restrict return short signed sizeof static struct
		switch typedef union unsigned void volatile while bool true false current jiffies __func__
		__FUNCTION__ __always_inline __init __exit __user __iomem __percpu __rcu u8 u16 u32 u64 s8 s16
		s32 s64 size_t`) {
		notFunc[w] = true
	}
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}
