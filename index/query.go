// SPDX-License-Identifier: MIT

package index

import (
	"database/sql"
	"strings"
)

// Call is a call to, or a use as a value of, a function name.
type Call struct {
	// File is the tree-relative path of the calling file.
	File string
	// Caller is the calling function, "" for a use at file scope (an
	// operations table, a registering macro).
	Caller string
	// CallerLine is the line of the caller's name (0 at file scope).
	CallerLine int
	// CallerStatic is set when the caller has internal linkage.
	CallerStatic bool
	// CallerHeader is set when the caller is defined in a header.
	CallerHeader bool
	// Callee is the name called.
	Callee string
	Line   int
	// Ref is set for a use of the name as a value (a callback) rather
	// than a call.
	Ref bool
}

// Func is a function definition.
type Func struct {
	Name     string
	File     string
	Line     int
	Static   bool
	Inline   bool
	Header   bool
	Exported bool
	// Preds lists the context predicates the function tests (in_task, ...).
	Preds []string
}

// Root is a way the kernel calls a function (see callgraph.Root).
type Root struct {
	Func, File       string
	Kind, Ctx, RTCtx string
	Via              string
	Line             int
}

// Lock is a lock acquisition.
type Lock struct {
	Func, File string
	// Call is the locking call (spin_lock_irqsave); Key the lock's class
	// key as callgraph.Scope.ObjectKey gives it ("" when it has none).
	Call, Key string
	Line      int
}

// FileInfo is what the index holds of one file.
type FileInfo struct {
	Path                    string
	Size, MTime             int64
	SHA256                  string
	Funcs, Parsed, Failures int
	Seconds                 float64
}

// inList makes "?, ?, ?" and the arguments for names.
func inList(names []string) (string, []any) {
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", "), args
}

// chunks splits names to stay below SQLite's limit on parameters.
func chunks(names []string, fn func([]string) error) error {
	const max = 500
	for len(names) > 0 {
		n := min(len(names), max)
		if err := fn(names[:n]); err != nil {
			return err
		}
		names = names[n:]
	}
	return nil
}

// CallersOf returns the calls to, and the uses as values of, any of names,
// ordered by file and line.
func (ix *Index) CallersOf(names []string) ([]Call, error) {
	var out []Call
	err := chunks(names, func(part []string) error {
		list, args := inList(part)
		rows, err := ix.db.Query(`
SELECT f.path, coalesce(cn.name, ''), coalesce(fn.line, 0), coalesce(fn.static, 0), coalesce(fn.header, 0), n.name, c.line, c.ref
FROM names n
JOIN calls c ON c.callee_id = n.id
JOIN files f ON f.id = c.file_id
LEFT JOIN funcs fn ON fn.id = c.caller_id
LEFT JOIN names cn ON cn.id = fn.name_id
WHERE n.name IN (`+list+`) AND c.local = 0
ORDER BY f.path, c.line`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c Call
			if err := rows.Scan(&c.File, &c.Caller, &c.CallerLine, &c.CallerStatic, &c.CallerHeader, &c.Callee, &c.Line, &c.Ref); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// CallerFiles returns the distinct files that call or use any of names,
// sorted.
func (ix *Index) CallerFiles(names []string) ([]string, error) {
	return ix.callFiles(names, "c.local = 0")
}

// callFiles returns the distinct files with calls rows of names that meet
// cond (an SQL condition on the calls row c), sorted.
func (ix *Index) callFiles(names []string, cond string) ([]string, error) {
	seen := map[string]bool{}
	err := chunks(names, func(part []string) error {
		list, args := inList(part)
		rows, err := ix.db.Query(`
SELECT DISTINCT f.path FROM names n
JOIN calls c ON c.callee_id = n.id
JOIN files f ON f.id = c.file_id
WHERE n.name IN (`+list+`) AND `+cond, args...)
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

const funcCols = `n.name, f.path, fn.line, fn.static, fn.inline, fn.header, fn.exported, fn.preds`

func scanFuncs(rows *sql.Rows) ([]Func, error) {
	defer rows.Close()
	var out []Func
	for rows.Next() {
		var fn Func
		var preds string
		if err := rows.Scan(&fn.Name, &fn.File, &fn.Line, &fn.Static, &fn.Inline, &fn.Header, &fn.Exported, &preds); err != nil {
			return nil, err
		}
		if preds != "" {
			fn.Preds = strings.Split(preds, ",")
		}
		out = append(out, fn)
	}
	return out, rows.Err()
}

// Definitions returns the definitions of a function name.
func (ix *Index) Definitions(name string) ([]Func, error) {
	rows, err := ix.db.Query(`SELECT `+funcCols+` FROM names n JOIN funcs fn ON fn.name_id = n.id JOIN files f ON f.id = fn.file_id WHERE n.name = ? ORDER BY f.path, fn.line`, name)
	if err != nil {
		return nil, err
	}
	return scanFuncs(rows)
}

// FuncsIn returns the functions defined in a file (tree-relative path).
func (ix *Index) FuncsIn(path string) ([]Func, error) {
	rows, err := ix.db.Query(`SELECT `+funcCols+` FROM files f JOIN funcs fn ON fn.file_id = f.id JOIN names n ON n.id = fn.name_id WHERE f.path = ? ORDER BY fn.line`, path)
	if err != nil {
		return nil, err
	}
	return scanFuncs(rows)
}

// Roots returns the registrations of the functions named name.
func (ix *Index) Roots(name string) ([]Root, error) {
	rows, err := ix.db.Query(`
SELECT n.name, f.path, r.kind, r.ctx, r.rt_ctx, r.via, r.line
FROM names n JOIN funcs fn ON fn.name_id = n.id JOIN roots r ON r.func_id = fn.id JOIN files f ON f.id = r.file_id
WHERE n.name = ? ORDER BY f.path, r.line`, name)
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

// LocksOf returns the acquisitions of the lock with the given class key
// ("struct foo_dev.lock", "foo_pcpu_data.lock").
func (ix *Index) LocksOf(key string) ([]Lock, error) {
	rows, err := ix.db.Query(`
SELECT fnn.name, f.path, cn.name, l.key, l.line
FROM locks l JOIN funcs fn ON fn.id = l.func_id JOIN names fnn ON fnn.id = fn.name_id
JOIN names cn ON cn.id = l.call_id JOIN files f ON f.id = l.file_id
WHERE l.key = ? ORDER BY f.path, l.line`, key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Lock
	for rows.Next() {
		var l Lock
		if err := rows.Scan(&l.Func, &l.File, &l.Call, &l.Key, &l.Line); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// File returns what the index holds of a file; ok is false when it does
// not hold it.
func (ix *Index) File(path string) (fi FileInfo, ok bool, err error) {
	err = ix.db.QueryRow(`SELECT path, size, mtime, sha256, funcs, parsed, failures, seconds FROM files WHERE path = ?`, path).
		Scan(&fi.Path, &fi.Size, &fi.MTime, &fi.SHA256, &fi.Funcs, &fi.Parsed, &fi.Failures, &fi.Seconds)
	if err == sql.ErrNoRows {
		return fi, false, nil
	}
	return fi, err == nil, err
}

// Empty says whether the index holds no file.
func (ix *Index) Empty() (bool, error) {
	var n int
	err := ix.db.QueryRow(`SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)`).Scan(&n)
	return n == 0, err
}

// Counts returns the number of rows of each table.
func (ix *Index) Counts() (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range append([]string{"files", "names"}, fileTables...) {
		var n int64
		if err := ix.db.QueryRow(`SELECT count(*) FROM ` + t).Scan(&n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
