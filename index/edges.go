// SPDX-License-Identifier: MIT

package index

import "strings"

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

// CallsInto returns the calls of name made in functions: in file only
// when file is not "" (calls of a static function of that file included),
// else in every file (calls of other files' static functions of the same
// name left out). Uses as values are not calls and are left out. At most
// limit edges are returned (0: all), ordered by file and line.
func (ix *Index) CallsInto(name, file string, limit int) ([]Edge, error) {
	q := `
SELECT f.path, fn.id, cn.name, fn.line, fn.col, fn.static, fn.header, fn.exported, fn.preds, c.line, c.col, c.local, c.st, c.st_rt
FROM names n
JOIN calls c ON c.callee_id = n.id
JOIN files f ON f.id = c.file_id
JOIN funcs fn ON fn.id = c.caller_id
JOIN names cn ON cn.id = fn.name_id
WHERE n.name = ? AND c.ref = 0`
	args := []any{name}
	if file != "" {
		q += ` AND f.path = ?`
		args = append(args, file)
	} else {
		q += ` AND c.local = 0`
	}
	q += ` ORDER BY f.path, c.line, c.col`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := ix.db.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Edge
	for rows.Next() {
		e := Edge{Callee: name}
		var preds string
		if err := rows.Scan(&e.File, &e.CallerID, &e.Caller, &e.CallerLine, &e.CallerCol, &e.CallerStatic, &e.CallerHeader,
			&e.CallerExported, &preds, &e.Line, &e.Col, &e.Local, &e.State, &e.StateRT); err != nil {
			return nil, err
		}
		if preds != "" {
			e.CallerPreds = strings.Split(preds, ",")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RootsOf returns the registrations of the function with the given row
// id (Edge.CallerID).
func (ix *Index) RootsOf(funcID int64) ([]Root, error) {
	rows, err := ix.db.Query(`
SELECT n.name, f.path, r.kind, r.ctx, r.rt_ctx, r.via, r.line
FROM roots r JOIN funcs fn ON fn.id = r.func_id JOIN names n ON n.id = fn.name_id JOIN files f ON f.id = r.file_id
WHERE r.func_id = ? ORDER BY r.line`, funcID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Root
	for rows.Next() {
		var r Root
		if err := rows.Scan(&r.Func, &r.File, &r.Kind, &r.Ctx, &r.RTCtx, &r.Via, &r.Line); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UsesAsValue returns the files other than skip that use one of names as a
// value (a callback registered, an operations table), sorted.
func (ix *Index) UsesAsValue(names []string) ([]string, error) {
	seen := map[string]bool{}
	err := chunks(names, func(part []string) error {
		list, args := inList(part)
		rows, err := ix.db.Query(`
SELECT DISTINCT f.path FROM names n
JOIN calls c ON c.callee_id = n.id
JOIN files f ON f.id = c.file_id
WHERE n.name IN (`+list+`) AND c.ref = 1`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				return err
			}
			seen[p] = true
		}
		return rows.Err()
	})
	return sortedKeys(seen), err
}
