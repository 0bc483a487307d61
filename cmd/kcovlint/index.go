// SPDX-License-Identifier: MIT

package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/kcovlint/kcovlint/index"
)

func init() { register("index", "[-C DIR]  build or update the tree's index", runIndex) }

const indexUsage = `usage: kcovlint index [-C DIR] [--index PATH] [--shard I/N] [-j N] [--rebuild] [--json] [-q]
       kcovlint index --merge OUT SHARD...

Builds or updates the index of a kernel tree: its functions, calls,
registrations and lock acquisitions, in an SQLite database that kcovlint
then reads instead of scanning the tree for the callers of a patch's
functions. Updates are incremental: only files whose size or modification
time changed are read, and only those whose content changed are parsed.

  -C DIR          the kernel tree (default: the one the current directory is in)
  --index PATH    the database (default: ~/.cache/kcovlint/index/HASH.db, see docs/index.md)
  --shard I/N     index only the files of shard I of N (0 <= I < N), to build
                  on several machines and combine with --merge
  -j N            files parsed at once (default: the number of CPUs)
  --rebuild       parse every file again (after a kcovlint upgrade)
  --json          print the statistics as JSON
  -q              no progress bar
  --merge OUT     combine shard databases into OUT`

// runIndex implements `kcovlint index`.
func runIndex(args []string, stdout, stderr io.Writer) int {
	fail := func(format string, a ...any) int {
		msg := fmt.Sprintf(format, a...)
		msg = strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", "; ")), " ")
		fmt.Fprintf(stderr, "kcovlint index: %s\n", msg)
		return 2
	}
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	tree := fs.String("C", "", "kernel tree")
	dbPath := fs.String("index", "", "index database")
	shard := fs.String("shard", "", "I/N")
	jobs := fs.Int("j", runtime.NumCPU(), "parallel jobs")
	rebuild := fs.Bool("rebuild", false, "parse every file again")
	asJSON := fs.Bool("json", false, "JSON statistics")
	quiet := fs.Bool("q", false, "no progress")
	merge := fs.String("merge", "", "output of a merge")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, indexUsage)
			return 0
		}
		return fail("%v (see kcovlint index -h)", err)
	}

	if *merge != "" {
		if fs.NArg() == 0 {
			return fail("--merge %s: no shard databases given", *merge)
		}
		if *tree != "" || *shard != "" || *dbPath != "" {
			return fail("--merge takes only OUT and the shard databases")
		}
		for _, s := range fs.Args() {
			if st, err := os.Stat(s); err != nil || st.IsDir() {
				return fail("--merge: %s: no such database", s)
			}
		}
		if err := index.Merge(*merge, fs.Args()...); err != nil {
			return fail("%v", err)
		}
		if !*quiet {
			fmt.Fprintf(stderr, "kcovlint index: merged %d shards into %s\n", fs.NArg(), *merge)
		}
		return 0
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q (the tree is given with -C DIR)", fs.Arg(0))
	}
	if *jobs < 1 {
		return fail("-j %d: at least 1 job", *jobs)
	}
	var opts index.UpdateOptions
	if *shard != "" {
		i, n, err := parseShard(*shard)
		if err != nil {
			return fail("--shard %s: %v", *shard, err)
		}
		opts.Shard, opts.Shards = i, n
	}
	root := *tree
	if root == "" {
		found, ok := findKernelTree(".")
		if !ok {
			return fail("the current directory is not in a kernel tree: give -C DIR")
		}
		root = found
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return fail("-C %s: not a directory", root)
	}
	root, _ = filepath.Abs(root)
	path := *dbPath
	if path == "" {
		path = index.DefaultPath(root)
	}
	// The largest generated headers of drivers/gpu take hundreds of MB.
	tuneGC(200, 3<<30)
	ix, err := index.Open(path)
	var schemaErr *index.SchemaError
	if errors.As(err, &schemaErr) {
		// Indexing is what the message asks for: start afresh.
		fmt.Fprintf(stderr, "kcovlint index: %s has schema version %d; building it again\n", path, schemaErr.Found)
		if err = index.Remove(path); err == nil {
			ix, err = index.Open(path)
		}
	}
	if err != nil {
		return fail("%v", err)
	}
	defer ix.Close()
	opts.Jobs = *jobs
	opts.Rebuild = *rebuild
	opts.Builder = kcovlintVersion()
	if !*quiet && isTerminal(stderr) {
		opts.Progress = stderr
	}
	st, err := ix.Update(root, opts)
	if err != nil {
		return fail("%v", err)
	}
	if st.BuiltBy != "" && !*quiet {
		fmt.Fprintf(stderr, "kcovlint index: note: the files not changed since were parsed by kcovlint %s (this is %s); `kcovlint index --rebuild` parses them again with this version\n", st.BuiltBy, opts.Builder)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(st)
		return 0
	}
	writeIndexStats(stdout, st)
	return 0
}

func parseShard(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, errors.New("not of the form I/N")
	}
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil {
		return 0, 0, errors.New("not of the form I/N")
	}
	if n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("need 0 <= I < N")
	}
	return i, n, nil
}

func writeIndexStats(w io.Writer, st *index.Stats) {
	fmt.Fprintf(w, "index:     %s\n", st.Path)
	fmt.Fprintf(w, "tree:      %s\n", st.Root)
	fmt.Fprintf(w, "files:     %d (new %d, changed %d of which re-parsed %d, unchanged %d, removed %d)\n",
		st.Files, st.New, st.Changed, st.Reparsed, st.Unchanged, st.Removed)
	fmt.Fprintf(w, "parsed:    %d functions found, %d with a body, %d failures, %.1f s of parsing\n",
		st.Functions, st.Parsed, st.Failures, st.ParseSeconds)
	fmt.Fprintf(w, "time:      %.1f s, peak RSS %d MiB, database %.1f MiB\n", st.Seconds, st.PeakRSSKB/1024, float64(st.DBBytes)/(1<<20))
}
