// SPDX-License-Identifier: MIT

package index

import (
	"sort"
	"strings"
)

// Edge is a call with what the index knows of the calling function and of
// the state at the call (see ctxflow.CallState).
type Edge struct {
	File string
	// CallerID identifies the calling function's row (for RootsOf).
	CallerID                   int64
	Caller                     string
	CallerLine, CallerCol      int
	CallerStatic, CallerHeader bool
	CallerExported             bool
	CallerPreds                []string
	Callee                     string
	Line, Col                  int
	// Local: the callee is a static function of the calling .c file.
	Local bool
	// State and StateRT encode the states at the call relative to the
	// caller's entry, non-RT and PREEMPT_RT (ctxflow.DecodeCallStates).
	State, StateRT string
}

// edgeColumns are the columns edges reads, in Edge's order; the query
// names the callee n, the call c, its file f, the caller fn and the
// caller's name cn.
const edgeColumns = `n.name, f.path, fn.id, cn.name, fn.line, fn.col, fn.static, fn.header, fn.exported, fn.preds, c.line, c.col, c.local, c.st, c.st_rt`

// CallsIntoAny returns every call of any of names (static functions of
// the calling file included: Edge.Local), ordered by callee, file and
// line: one query for a whole level of a walk up the calls.
func (ix *Index) CallsIntoAny(names []string) ([]Edge, error) {
	var out []Edge
	err := chunks(names, func(part []string) error {
		list, args := inList(part)
		return ix.edges(&out, `
SELECT `+edgeColumns+`
FROM names n
JOIN calls c ON c.callee_id = n.id
JOIN files f ON f.id = c.file_id
JOIN funcs fn ON fn.id = c.caller_id
JOIN names cn ON cn.id = fn.name_id
WHERE n.name IN (`+list+`) AND c.ref = 0
ORDER BY n.name, f.path, c.line, c.col`, args)
	})
	return out, err
}

// NameIn is a function name and the file whose calls of it are wanted.
type NameIn struct{ Name, File string }

// CallsIntoIn is CallsIntoAny for calls made in given files: of each
// name, the calls in its file (the callers of a static function, or of
// one whose callers a walk looks for in its own file). Only those calls'
// rows are joined: a common name's calls elsewhere in the tree cost one
// index step each.
func (ix *Index) CallsIntoIn(names []NameIn) ([]Edge, error) {
	var out []Edge
	for len(names) > 0 {
		part := names[:min(len(names), 250)] // two parameters each
		names = names[len(part):]
		args := make([]any, 0, 2*len(part))
		for _, n := range part {
			args = append(args, n.Name, n.File)
		}
		// The unary + keeps SQLite from looking the calls up by file
		// (all of a large file's calls, for each name).
		err := ix.edges(&out, `
WITH want(name, path) AS (VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", len(part)), ", ")+`)
SELECT `+edgeColumns+`
FROM want w
JOIN files f ON f.path = w.path
JOIN names n ON n.name = w.name
JOIN calls c ON c.callee_id = n.id AND +c.file_id = f.id
JOIN funcs fn ON fn.id = c.caller_id
JOIN names cn ON cn.id = fn.name_id
WHERE c.ref = 0
ORDER BY n.name, f.path, c.line, c.col`, args)
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Callee != b.Callee {
			return a.Callee < b.Callee
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return out, nil
}

// edges appends the rows of an edge query (columns edgeColumns) to out.
func (ix *Index) edges(out *[]Edge, query string, args []any) error {
	rows, err := ix.db.Query(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e Edge
		var preds string
		if err := rows.Scan(&e.Callee, &e.File, &e.CallerID, &e.Caller, &e.CallerLine, &e.CallerCol, &e.CallerStatic, &e.CallerHeader,
			&e.CallerExported, &preds, &e.Line, &e.Col, &e.Local, &e.State, &e.StateRT); err != nil {
			return err
		}
		if preds != "" {
			e.CallerPreds = strings.Split(preds, ",")
		}
		*out = append(*out, e)
	}
	return rows.Err()
}

// RootsOf returns the registrations of the function rows with the given
// ids (Edge.CallerID), by id.
func (ix *Index) RootsOf(funcIDs []int64) (map[int64][]Root, error) {
	out := map[int64][]Root{}
	for len(funcIDs) > 0 {
		part := funcIDs[:min(len(funcIDs), 500)]
		funcIDs = funcIDs[len(part):]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := ix.db.Query(`
SELECT r.func_id, n.name, f.path, r.kind, r.ctx, r.rt_ctx, r.via, r.line
FROM roots r JOIN funcs fn ON fn.id = r.func_id JOIN names n ON n.id = fn.name_id JOIN files f ON f.id = r.file_id
WHERE r.func_id IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")+`) ORDER BY r.func_id, r.line`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var r Root
			if err := rows.Scan(&id, &r.Func, &r.File, &r.Kind, &r.Ctx, &r.RTCtx, &r.Via, &r.Line); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = append(out[id], r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// UsesAsValue returns the files that use one of names as a value (a
// callback registered, an operations table), sorted.
func (ix *Index) UsesAsValue(names []string) ([]string, error) {
	return ix.callFiles(names, "c.ref = 1")
}
