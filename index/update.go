// SPDX-License-Identifier: MIT

package index

import (
	"bufio"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kcovlint/kcovlint/cparse"
)

// UpdateOptions say how to update an index.
type UpdateOptions struct {
	// Jobs is the number of files parsed at once; 0 means runtime.NumCPU().
	Jobs int
	// Shard and Shards index only the files whose path hashes (FNV-1a,
	// 32 bits, of the tree-relative path) to Shard modulo Shards. Shards 0
	// or 1 means every file.
	Shard, Shards int
	// Progress, when not nil, receives a progress bar (carriage returns,
	// for a terminal).
	Progress io.Writer
	// Rebuild parses every file again, as after a change of the parser.
	Rebuild bool
	// Builder names the kcovlint doing the update ("v0.1.0-dev+0123456789ab").
	// A new index or a rebuild records it (meta built_by); an update by
	// another kcovlint reports the recorded one in Stats.BuiltBy, since
	// the files it did not parse again were parsed by that version.
	Builder string
	// TimeLimit bounds the parse of one file (0: 20 seconds); see
	// cparse.Options.TimeLimit.
	TimeLimit time.Duration
}

// Stats tell what an update did.
type Stats struct {
	Root string `json:"root"`
	Path string `json:"index"`
	// Files is the number of files of the tree (of the shard) indexed.
	Files int `json:"files"`
	// New files were not in the index; Changed ones had another size or
	// modification time; Reparsed is how many of those had new content and
	// were parsed (the others were only touched); Unchanged were not read.
	New       int `json:"new"`
	Changed   int `json:"changed"`
	Reparsed  int `json:"reparsed"`
	Unchanged int `json:"unchanged"`
	Removed   int `json:"removed"`
	// Functions, Parsed and Failures count over the files parsed in this
	// update.
	Functions int `json:"functions"`
	Parsed    int `json:"parsed"`
	Failures  int `json:"failures"`
	// ParseSeconds adds up the files' parse times (over all workers).
	ParseSeconds float64 `json:"parse_seconds"`
	Seconds      float64 `json:"seconds"`
	// PeakRSSKB is the process's peak resident set (VmHWM).
	PeakRSSKB int64 `json:"peak_rss_kb"`
	// DBBytes is the size of the database file after the update.
	DBBytes int64 `json:"db_bytes"`
	// BuiltBy is set when the files were parsed by another kcovlint than
	// UpdateOptions.Builder: the version that did.
	BuiltBy string `json:"built_by,omitempty"`
	// Slowest are the files that took longest to parse.
	Slowest []FileTime `json:"slowest,omitempty"`
}

// FileTime is one file's parse time.
type FileTime struct {
	Path    string  `json:"path"`
	Seconds float64 `json:"seconds"`
}

// treeFile is a file found in the tree.
type treeFile struct {
	rel   string
	size  int64
	mtime int64
}

// indexed is what the index knows of a file.
type indexed struct {
	id          int64
	size, mtime int64
	sha         string
}

// InShard says whether a tree-relative path belongs to shard i of n.
func InShard(rel string, i, n int) bool {
	if n <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(rel))
	return int(h.Sum32()%uint32(n)) == i
}

// walkTree lists the .c and .h files of the tree the way the linter's scan
// does: Documentation/, tools/, scripts/, samples/, usr/ and dot
// directories are left out.
func walkTree(root string, shard, shards int) ([]treeFile, error) {
	var out []treeFile
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil
		}
		if d.IsDir() {
			if p != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".c") && !strings.HasSuffix(p, ".h") {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if !InShard(rel, shard, shards) {
			return nil
		}
		st, err := os.Stat(p) // follows symbolic links, as reading does
		if err != nil || !st.Mode().IsRegular() {
			return nil
		}
		out = append(out, treeFile{rel: rel, size: st.Size(), mtime: st.ModTime().UnixNano()})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, err
}

// job is a file to read, and maybe parse.
type job struct {
	tf  treeFile
	old *indexed
}

// result is a job done.
type result struct {
	tf   treeFile
	old  *indexed
	sha  string
	data *fileData // nil when the content did not change
	err  error
}

// Update brings the index up to date with the tree at root.
func (ix *Index) Update(root string, opts UpdateOptions) (*Stats, error) {
	start := time.Now()
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", root)
	}
	if opts.Shards > 1 && (opts.Shard < 0 || opts.Shard >= opts.Shards) {
		return nil, fmt.Errorf("shard %d/%d: the shard must be 0 to %d", opts.Shard, opts.Shards, opts.Shards-1)
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	limit := opts.TimeLimit
	if limit == 0 {
		limit = 20 * time.Second
	}
	stats := &Stats{Root: abs, Path: ix.path}

	files, err := walkTree(abs, opts.Shard, opts.Shards)
	if err != nil {
		return nil, err
	}
	known, err := ix.knownFiles()
	if err != nil {
		return nil, err
	}
	stats.Files = len(files)
	builtBy, _ := ix.Meta("built_by")
	full := opts.Rebuild || len(known) == 0
	if !full && opts.Builder != "" && builtBy != opts.Builder {
		stats.BuiltBy = builtBy
		if stats.BuiltBy == "" {
			stats.BuiltBy = "an unknown version"
		}
	}
	var todo []job
	present := map[string]bool{}
	for _, tf := range files {
		present[tf.rel] = true
		old, ok := known[tf.rel]
		switch {
		case !ok:
			stats.New++
			todo = append(todo, job{tf: tf})
		case opts.Rebuild:
			stats.Changed++
			todo = append(todo, job{tf: tf, old: old})
		case old.size != tf.size || old.mtime != tf.mtime:
			stats.Changed++
			todo = append(todo, job{tf: tf, old: old})
		default:
			stats.Unchanged++
		}
	}
	var removed []int64
	for rel, k := range known {
		if !present[rel] {
			removed = append(removed, k.id)
		}
	}
	stats.Removed = len(removed)
	// Largest files first, so that no big file is left to one worker at
	// the end.
	sort.SliceStable(todo, func(i, j int) bool { return todo[i].tf.size > todo[j].tf.size })

	w, err := ix.newWriter()
	if err != nil {
		return nil, err
	}
	defer w.rollback()
	for _, id := range removed {
		if err := w.deleteFile(id); err != nil {
			return nil, err
		}
	}

	cfg := cparse.NewConfig(false)
	jobCh := make(chan job)
	resCh := make(chan result, 2*jobs)
	var wg sync.WaitGroup
	for i := 0; i < jobs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobCh {
				resCh <- work(abs, j, cfg, limit, opts.Rebuild)
			}
		}()
	}
	go func() {
		for _, j := range todo {
			jobCh <- j
		}
		close(jobCh)
		wg.Wait()
		close(resCh)
	}()

	bar := newProgress(opts.Progress, len(todo))
	var firstErr error
	var slow []FileTime
	done := 0
	for r := range resCh {
		done++
		bar.update(done, r.tf.rel)
		if firstErr != nil {
			continue
		}
		if r.err != nil {
			// A file that vanished or cannot be read is left out.
			if r.old != nil {
				if err := w.deleteFile(r.old.id); err != nil {
					firstErr = err
				}
				stats.Removed++
			}
			stats.Files--
			continue
		}
		if r.data != nil {
			if r.old != nil {
				stats.Reparsed++
			}
			stats.Functions += r.data.funcs
			stats.Parsed += r.data.parsed
			stats.Failures += len(r.data.failures)
			stats.ParseSeconds += r.data.seconds
			slow = append(slow, FileTime{Path: r.tf.rel, Seconds: r.data.seconds})
		}
		if err := w.store(r); err != nil {
			firstErr = err
		}
	}
	bar.finish()
	if firstErr != nil {
		return nil, firstErr
	}
	shard := ""
	if opts.Shards > 1 {
		shard = fmt.Sprintf("%d/%d", opts.Shard, opts.Shards)
	}
	meta := map[string]string{"root": abs, "shard": shard, "updated": time.Now().UTC().Format(time.RFC3339)}
	if full && opts.Builder != "" {
		meta["built_by"] = opts.Builder
	}
	for k, v := range meta {
		if err := setMeta(w.tx, k, v); err != nil {
			return nil, err
		}
	}
	if err := w.commit(); err != nil {
		return nil, err
	}
	sort.Slice(slow, func(i, j int) bool { return slow[i].Seconds > slow[j].Seconds })
	if len(slow) > 10 {
		slow = slow[:10]
	}
	stats.Slowest = slow
	if _, err := ix.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return nil, err
	}
	stats.Seconds = time.Since(start).Seconds()
	stats.PeakRSSKB = PeakRSSKB()
	if st, err := os.Stat(ix.path); err == nil {
		stats.DBBytes = st.Size()
	}
	return stats, nil
}

// work reads a file, hashes it and parses it when its content changed.
func work(root string, j job, cfg *cparse.Config, limit time.Duration, rebuild bool) result {
	r := result{tf: j.tf, old: j.old}
	p := filepath.Join(root, filepath.FromSlash(j.tf.rel))
	src, err := os.ReadFile(p)
	if err != nil {
		r.err = err
		return r
	}
	sum := sha256.Sum256(src)
	r.sha = hex.EncodeToString(sum[:])
	r.tf.size = int64(len(src))
	if j.old != nil && j.old.sha == r.sha && !rebuild {
		return r
	}
	if len(src) > cparse.MaxFileSize {
		r.data = &fileData{failures: []failureRow{{line: 1, reason: "too large", detail: fmt.Sprintf("%d bytes", len(src))}}}
		return r
	}
	r.data = extract(root, p, src, cfg, limit)
	return r
}

func (ix *Index) knownFiles() (map[string]*indexed, error) {
	rows, err := ix.db.Query(`SELECT id, path, size, mtime, sha256 FROM files`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*indexed{}
	for rows.Next() {
		var k indexed
		var path string
		if err := rows.Scan(&k.id, &path, &k.size, &k.mtime, &k.sha); err != nil {
			return nil, err
		}
		out[path] = &k
	}
	return out, rows.Err()
}

// writer stores results in batched transactions.
type writer struct {
	ix    *Index
	tx    *sql.Tx
	n     int
	names map[string]int64
	st    map[string]*sql.Stmt
}

const batchFiles = 500

var writerStmts = map[string]string{
	"name":    `INSERT INTO names(name) VALUES (?)`,
	"getname": `SELECT id FROM names WHERE name = ?`,
	"newfile": `INSERT INTO files(path, size, mtime, sha256, funcs, parsed, failures, seconds, indexed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	"setfile": `UPDATE files SET size = ?, mtime = ?, sha256 = ?, funcs = ?, parsed = ?, failures = ?, seconds = ?, indexed = ? WHERE id = ?`,
	"touch":   `UPDATE files SET size = ?, mtime = ? WHERE id = ?`,
	"failure": `INSERT INTO failures(file_id, line, reason, func, detail) VALUES (?, ?, ?, ?, ?)`,
	"func":    `INSERT INTO funcs(file_id, name_id, line, col, static, inline, header, exported, preds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	"call":    `INSERT INTO calls(file_id, caller_id, callee_id, line, col, ref, local, st, st_rt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	"root":    `INSERT INTO roots(file_id, func_id, kind, ctx, rt_ctx, via, line) VALUES (?, ?, ?, ?, ?, ?, ?)`,
	"lock":    `INSERT INTO locks(file_id, func_id, call_id, key, line) VALUES (?, ?, ?, ?, ?)`,
}

func (ix *Index) newWriter() (*writer, error) {
	// Names are looked up as they come: an update with few changed files
	// does not read the whole names table.
	w := &writer{ix: ix, names: map[string]int64{}}
	return w, w.begin()
}

func (w *writer) begin() error {
	tx, err := w.ix.db.Begin()
	if err != nil {
		return err
	}
	w.tx = tx
	w.st = map[string]*sql.Stmt{}
	for k, q := range writerStmts {
		s, err := tx.Prepare(q)
		if err != nil {
			return err
		}
		w.st[k] = s
	}
	return nil
}

func (w *writer) commit() error {
	if w.tx == nil {
		return nil
	}
	err := w.tx.Commit()
	w.tx = nil
	return err
}

func (w *writer) rollback() {
	if w.tx != nil {
		w.tx.Rollback()
		w.tx = nil
	}
}

func (w *writer) name(s string) (int64, error) {
	if id, ok := w.names[s]; ok {
		return id, nil
	}
	var id int64
	switch err := w.st["getname"].QueryRow(s).Scan(&id); {
	case err == nil:
		w.names[s] = id
		return id, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	res, err := w.st["name"].Exec(s)
	if err != nil {
		return 0, err
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	w.names[s] = id
	return id, nil
}

func (w *writer) clearFile(id int64) error {
	for _, t := range fileTables {
		if _, err := w.tx.Exec(`DELETE FROM `+t+` WHERE file_id = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) deleteFile(id int64) error {
	if err := w.clearFile(id); err != nil {
		return err
	}
	_, err := w.tx.Exec(`DELETE FROM files WHERE id = ?`, id)
	return err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// store writes one result; every batchFiles files it commits.
func (w *writer) store(r result) error {
	now := time.Now().Unix()
	if r.data == nil {
		// Same content: only the size and modification time changed.
		if _, err := w.st["touch"].Exec(r.tf.size, r.tf.mtime, r.old.id); err != nil {
			return err
		}
		return w.tick()
	}
	d := r.data
	var fileID int64
	if r.old != nil {
		fileID = r.old.id
		if err := w.clearFile(fileID); err != nil {
			return err
		}
		if _, err := w.st["setfile"].Exec(r.tf.size, r.tf.mtime, r.sha, d.funcs, d.parsed, len(d.failures), d.seconds, now, fileID); err != nil {
			return err
		}
	} else {
		res, err := w.st["newfile"].Exec(r.tf.rel, r.tf.size, r.tf.mtime, r.sha, d.funcs, d.parsed, len(d.failures), d.seconds, now)
		if err != nil {
			return err
		}
		if fileID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	for _, f := range d.failures {
		if _, err := w.st["failure"].Exec(fileID, f.line, f.reason, f.fn, f.detail); err != nil {
			return err
		}
	}
	fnIDs := make([]int64, len(d.fns))
	for i, f := range d.fns {
		nid, err := w.name(f.name)
		if err != nil {
			return err
		}
		res, err := w.st["func"].Exec(fileID, nid, f.line, f.col, b2i(f.static), b2i(f.inline), b2i(f.header), b2i(f.exported), f.preds)
		if err != nil {
			return err
		}
		if fnIDs[i], err = res.LastInsertId(); err != nil {
			return err
		}
	}
	for _, c := range d.calls {
		nid, err := w.name(c.callee)
		if err != nil {
			return err
		}
		var caller any
		if c.caller >= 0 {
			caller = fnIDs[c.caller]
		}
		if _, err := w.st["call"].Exec(fileID, caller, nid, c.line, c.col, b2i(c.ref), b2i(c.local), c.st, c.stRT); err != nil {
			return err
		}
	}
	for _, rt := range d.roots {
		if _, err := w.st["root"].Exec(fileID, fnIDs[rt.fn], rt.kind, rt.ctx, rt.rtCtx, rt.via, rt.line); err != nil {
			return err
		}
	}
	for _, l := range d.locks {
		nid, err := w.name(l.call)
		if err != nil {
			return err
		}
		if _, err := w.st["lock"].Exec(fileID, fnIDs[l.fn], nid, l.key, l.line); err != nil {
			return err
		}
	}
	return w.tick()
}

func (w *writer) tick() error {
	w.n++
	if w.n%batchFiles != 0 {
		return nil
	}
	if err := w.commit(); err != nil {
		return err
	}
	return w.begin()
}

// PeakRSSKB reads the process's peak resident set size (VmHWM) in KiB from
// /proc/self/status; 0 when it cannot.
func PeakRSSKB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "VmHWM:") {
			continue
		}
		fields := strings.Fields(strings.TrimPrefix(line, "VmHWM:"))
		if len(fields) > 0 {
			n, _ := strconv.ParseInt(fields[0], 10, 64)
			return n
		}
	}
	return 0
}

// progress draws a one-line bar.
type progress struct {
	w     io.Writer
	total int
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, start: time.Now()}
}

func (p *progress) update(done int, file string) {
	if p.w == nil || (time.Since(p.last) < 200*time.Millisecond && done != p.total) {
		return
	}
	p.last = time.Now()
	const width = 30
	fill := 0
	if p.total > 0 {
		fill = done * width / p.total
	}
	el := time.Since(p.start)
	eta := ""
	if done > 0 && done < p.total {
		left := time.Duration(float64(el) / float64(done) * float64(p.total-done))
		eta = " ETA " + left.Round(time.Second).String()
	}
	if len(file) > 40 {
		file = "…" + file[len(file)-39:]
	}
	fmt.Fprintf(p.w, "\r\x1b[K[%s%s] %d/%d files %s%s %s", strings.Repeat("#", fill), strings.Repeat(" ", width-fill), done, p.total, el.Round(time.Second), eta, file)
}

func (p *progress) finish() {
	if p.w != nil && p.total > 0 {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
