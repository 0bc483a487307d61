// SPDX-License-Identifier: MIT

// Package index keeps a whole kernel tree's functions, call edges,
// registrations and lock acquisitions in an SQLite database, so that the
// linter finds the callers of a patch's functions without reading the tree.
//
// The database is built by Update, incrementally: a file whose size and
// modification time are unchanged is not read, one whose content hash is
// unchanged is not parsed again. Files are parsed with cparse's default
// non-RT configuration (cparse.NewConfig(false): allyesconfig on x86_64,
// PREEMPT_RT off). The schema is documented in docs/index.md.
package index

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// SchemaVersion is the version of the database layout. An index of another
// version is not read: Open fails with an *SchemaError.
const SchemaVersion = 2

// ConfigName is the kernel configuration the index is parsed with.
const ConfigName = "nonrt"

// schema is the database layout (docs/index.md describes it).
const schema = `
CREATE TABLE IF NOT EXISTS meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
	id       INTEGER PRIMARY KEY,
	path     TEXT NOT NULL UNIQUE,
	size     INTEGER NOT NULL,
	mtime    INTEGER NOT NULL,
	sha256   TEXT NOT NULL,
	funcs    INTEGER NOT NULL,
	parsed   INTEGER NOT NULL,
	failures INTEGER NOT NULL,
	seconds  REAL NOT NULL,
	indexed  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
	file_id INTEGER NOT NULL,
	line    INTEGER NOT NULL,
	reason  TEXT NOT NULL,
	func    TEXT NOT NULL,
	detail  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failures_file ON failures(file_id);
CREATE TABLE IF NOT EXISTS names (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS funcs (
	id       INTEGER PRIMARY KEY,
	file_id  INTEGER NOT NULL,
	name_id  INTEGER NOT NULL,
	line     INTEGER NOT NULL,
	col      INTEGER NOT NULL,
	static   INTEGER NOT NULL,
	inline   INTEGER NOT NULL,
	header   INTEGER NOT NULL,
	exported INTEGER NOT NULL,
	preds    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS funcs_name ON funcs(name_id);
CREATE INDEX IF NOT EXISTS funcs_file ON funcs(file_id);
CREATE TABLE IF NOT EXISTS calls (
	file_id   INTEGER NOT NULL,
	caller_id INTEGER,
	callee_id INTEGER NOT NULL,
	line      INTEGER NOT NULL,
	col       INTEGER NOT NULL,
	ref       INTEGER NOT NULL,
	local     INTEGER NOT NULL,
	st        TEXT NOT NULL,
	st_rt     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS calls_callee ON calls(callee_id);
CREATE INDEX IF NOT EXISTS calls_file ON calls(file_id);
CREATE TABLE IF NOT EXISTS roots (
	file_id INTEGER NOT NULL,
	func_id INTEGER NOT NULL,
	kind    TEXT NOT NULL,
	ctx     TEXT NOT NULL,
	rt_ctx  TEXT NOT NULL,
	via     TEXT NOT NULL,
	line    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS roots_func ON roots(func_id);
CREATE INDEX IF NOT EXISTS roots_file ON roots(file_id);
CREATE TABLE IF NOT EXISTS locks (
	file_id INTEGER NOT NULL,
	func_id INTEGER NOT NULL,
	call_id INTEGER NOT NULL,
	key     TEXT NOT NULL,
	line    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS locks_key ON locks(key);
CREATE INDEX IF NOT EXISTS locks_file ON locks(file_id);
`

// fileTables are the tables with a file_id column, cleared when a file is
// indexed again or removed.
var fileTables = []string{"failures", "funcs", "calls", "roots", "locks"}

// Index is an open index database.
type Index struct {
	db   *sql.DB
	path string
}

// SchemaError is returned by Open for an index of another schema version.
type SchemaError struct {
	Path      string
	Found     int
	Root      string
	Supported int
}

func (e *SchemaError) Error() string {
	how := "kcovlint index -C DIR"
	if e.Root != "" {
		how = "kcovlint index -C " + e.Root
	}
	return fmt.Sprintf("index %s has schema version %d, this kcovlint reads version %d: re-index with `%s`", e.Path, e.Found, e.Supported, how)
}

// DefaultPath is where the index of a tree lives unless the user names a
// path: $XDG_CACHE_HOME/kcovlint/index/<16 hex digits of sha256(abs root)>.db,
// else under ~/.cache. It is never inside the tree.
func DefaultPath(root string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cacheDir(), "kcovlint", "index", hex.EncodeToString(sum[:])[:16]+".db")
}

func cacheDir() string {
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return d
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".cache")
	}
	return os.TempDir()
}

// Open opens the index at path, creating an empty one (and its directory)
// when there is none.
func Open(path string) (*Index, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return open(path, true)
}

// OpenExisting opens an index that must exist and is not created.
func OpenExisting(path string) (*Index, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	return open(path, false)
}

func open(path string, create bool) (*Index, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "temp_store(MEMORY)", "cache_size(-65536)", "mmap_size(1073741824)"} {
		q.Add("_pragma", p)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// One connection: writes come from one goroutine, and ATTACH is per
	// connection.
	db.SetMaxOpenConns(1)
	ix := &Index{db: db, path: path}
	if err := ix.init(create); err != nil {
		db.Close()
		return nil, fmt.Errorf("index %s: %w", path, err)
	}
	return ix, nil
}

func (ix *Index) init(create bool) error {
	var n int
	if err := ix.db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'`).Scan(&n); err != nil {
		return err
	}
	if n == 1 {
		v, err := ix.Meta("schema")
		if err != nil {
			return err
		}
		found, _ := strconv.Atoi(v)
		if found != SchemaVersion {
			root, _ := ix.Meta("root")
			return &SchemaError{Path: ix.path, Found: found, Root: root, Supported: SchemaVersion}
		}
		return nil
	}
	if !create {
		return errors.New("not a kcovlint index")
	}
	tx, err := ix.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(schema); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO meta(key, value) VALUES ('schema', ?), ('config', ?)`, strconv.Itoa(SchemaVersion), ConfigName); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes the database.
func (ix *Index) Close() error { return ix.db.Close() }

// Path is the database file.
func (ix *Index) Path() string { return ix.path }

// DB gives access to the database for queries this package does not offer.
func (ix *Index) DB() *sql.DB { return ix.db }

// Meta returns a value of the meta table ("" when unset): schema, root,
// config, shard, updated.
func (ix *Index) Meta(key string) (string, error) {
	var v string
	err := ix.db.QueryRow(`SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// Root is the tree the index was last updated from.
func (ix *Index) Root() string {
	v, _ := ix.Meta("root")
	return v
}

func setMeta(ex interface {
	Exec(string, ...any) (sql.Result, error)
}, key, value string) error {
	_, err := ex.Exec(`INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// Remove deletes an index database and its WAL files.
func Remove(path string) error {
	err := os.Remove(path)
	for _, s := range []string{"-wal", "-shm"} {
		os.Remove(path + s)
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// skipDir says whether a directory of the tree is left out, as the
// linter's tree scan does.
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "Documentation" || name == "tools" || name == "scripts" || name == "samples" || name == "usr"
}
