// SPDX-License-Identifier: MIT

package index

import (
	"fmt"
	"sort"
)

func sortStrings(s []string) { sort.Strings(s) }

// Merge combines shard indexes (built with UpdateOptions.Shard) into the
// index at dst, creating it when needed. A file present in several inputs
// is taken from the last one. The shards must have this schema version;
// dst's root is set from the first shard when it has none.
func Merge(dst string, shards ...string) error {
	ix, err := Open(dst)
	if err != nil {
		return err
	}
	defer ix.Close()
	for _, s := range shards {
		if err := ix.mergeOne(s); err != nil {
			return fmt.Errorf("merging %s: %w", s, err)
		}
	}
	_, err = ix.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

func (ix *Index) mergeOne(path string) error {
	// Check the shard the ordinary way first: schema version.
	src, err := OpenExisting(path)
	if err != nil {
		return err
	}
	root := src.Root()
	src.Close()

	dstRoot := ix.Root()
	if _, err := ix.db.Exec(`ATTACH DATABASE ? AS s`, path); err != nil {
		return err
	}
	defer ix.db.Exec(`DETACH DATABASE s`)
	tx, err := ix.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Files of the shard replace those of dst.
	for _, t := range fileTables {
		if _, err := tx.Exec(`DELETE FROM ` + t + ` WHERE file_id IN (SELECT d.id FROM files d JOIN s.files sf ON sf.path = d.path)`); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`DELETE FROM files WHERE path IN (SELECT path FROM s.files)`); err != nil {
		return err
	}
	var fileOff, funcOff int64
	if err := tx.QueryRow(`SELECT coalesce(max(id), 0) FROM files`).Scan(&fileOff); err != nil {
		return err
	}
	if err := tx.QueryRow(`SELECT coalesce(max(id), 0) FROM funcs`).Scan(&funcOff); err != nil {
		return err
	}
	stmts := []string{
		`INSERT OR IGNORE INTO names(name) SELECT name FROM s.names`,
		// A temporary map from the shard's name ids to dst's.
		`CREATE TEMP TABLE namemap (src INTEGER PRIMARY KEY, dst INTEGER NOT NULL)`,
		`INSERT INTO namemap SELECT sn.id, dn.id FROM s.names sn JOIN main.names dn ON dn.name = sn.name`,
		fmt.Sprintf(`INSERT INTO files(id, path, size, mtime, sha256, funcs, parsed, failures, seconds, indexed)
			SELECT id + %d, path, size, mtime, sha256, funcs, parsed, failures, seconds, indexed FROM s.files`, fileOff),
		fmt.Sprintf(`INSERT INTO failures(file_id, line, reason, func, detail)
			SELECT file_id + %d, line, reason, func, detail FROM s.failures`, fileOff),
		fmt.Sprintf(`INSERT INTO funcs(id, file_id, name_id, line, col, static, inline, header, exported, preds)
			SELECT f.id + %d, f.file_id + %d, m.dst, f.line, f.col, f.static, f.inline, f.header, f.exported, f.preds
			FROM s.funcs f JOIN namemap m ON m.src = f.name_id`, funcOff, fileOff),
		fmt.Sprintf(`INSERT INTO calls(file_id, caller_id, callee_id, line, col, ref, local, st, st_rt)
			SELECT c.file_id + %d, c.caller_id + %d, m.dst, c.line, c.col, c.ref, c.local, c.st, c.st_rt
			FROM s.calls c JOIN namemap m ON m.src = c.callee_id`, fileOff, funcOff),
		fmt.Sprintf(`INSERT INTO roots(file_id, func_id, kind, ctx, rt_ctx, via, line)
			SELECT file_id + %d, func_id + %d, kind, ctx, rt_ctx, via, line FROM s.roots`, fileOff, funcOff),
		fmt.Sprintf(`INSERT INTO locks(file_id, func_id, call_id, key, line)
			SELECT l.file_id + %d, l.func_id + %d, m.dst, l.key, l.line
			FROM s.locks l JOIN namemap m ON m.src = l.call_id`, fileOff, funcOff),
		`DROP TABLE temp.namemap`,
	}
	for _, q := range stmts {
		if _, err := tx.Exec(q); err != nil {
			return err
		}
	}
	if dstRoot == "" && root != "" {
		if err := setMeta(tx, "root", root); err != nil {
			return err
		}
	}
	if err := setMeta(tx, "shard", ""); err != nil {
		return err
	}
	return tx.Commit()
}
