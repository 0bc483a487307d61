// SPDX-License-Identifier: MIT

package index

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// TestKernelLocking indexes kernel/locking of the real tree: a few dozen
// files, a few seconds.
func TestKernelLocking(t *testing.T) {
	tree := testenv.KernelTree(t)
	root := filepath.Join(tree, "kernel", "locking")
	ix, st := build(t, root, filepath.Join(t.TempDir(), "i.db"), UpdateOptions{})
	t.Logf("kernel/locking: %d files, %d functions, %d parsed, %d failures, %.1f s, peak RSS %d MiB",
		st.Files, st.Functions, st.Parsed, st.Failures, st.Seconds, st.PeakRSSKB>>10)
	if st.Files < 20 || st.Parsed < st.Functions*9/10 {
		t.Errorf("stats %+v", st)
	}
	defs, err := ix.Definitions("down")
	if err != nil || len(defs) != 1 || defs[0].File != "semaphore.c" || !defs[0].Exported || defs[0].Static {
		t.Errorf("Definitions(down) = %+v %v", defs, err)
	}
	files, err := ix.CallerFiles([]string{"mutex_lock"})
	if err != nil || !slices.Contains(files, "locktorture.c") {
		t.Errorf("callers of mutex_lock: %v %v", files, err)
	}
}

// TestWholeTree builds the index of the whole tree, then updates it with
// nothing changed. It takes many minutes: it runs only with
// KCOVLINT_WHOLE_TREE=1. KCOVLINT_INDEX names the database to build or
// update (default: a temporary one).
func TestWholeTree(t *testing.T) {
	if os.Getenv("KCOVLINT_WHOLE_TREE") != "1" {
		t.Skip("whole-tree index: set KCOVLINT_WHOLE_TREE=1 (a build from nothing takes about 950 CPU-seconds; with KCOVLINT_INDEX naming a built index, an update)")
	}
	tree := testenv.KernelTree(t)
	db := os.Getenv("KCOVLINT_INDEX")
	if db == "" {
		db = filepath.Join(t.TempDir(), "i.db")
	}
	ix, st := build(t, tree, db, UpdateOptions{})
	t.Logf("whole tree: %d files (%d new, %d changed, %d unchanged), %d functions, %d parsed, %d failures, %.0f s, peak RSS %d MiB, database %d MiB",
		st.Files, st.New, st.Changed, st.Unchanged, st.Functions, st.Parsed, st.Failures, st.Seconds, st.PeakRSSKB>>10, st.DBBytes>>20)
	start := time.Now()
	st, err := ix.Update(tree, UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("update with nothing changed: %.1f s", time.Since(start).Seconds())
	if st.Changed != 0 || st.New != 0 || st.Removed != 0 {
		t.Errorf("second update %+v, want nothing to do", st)
	}
	files, err := ix.CallerFiles([]string{"kcov_remote_start"})
	if err != nil || !slices.Contains(files, "include/linux/kcov.h") {
		t.Errorf("callers of kcov_remote_start: %v %v", files, err)
	}
}

// BenchmarkKernelDir indexes one directory of the real tree
// ($KCOVLINT_BENCH_DIR, default kernel), for profiles:
//
//	go test ./index -run - -bench KernelDir -benchtime 1x -cpuprofile cpu.out
func BenchmarkKernelDir(b *testing.B) {
	tree := testenv.KernelTree(b)
	dir := os.Getenv("KCOVLINT_BENCH_DIR")
	if dir == "" {
		dir = "kernel"
	}
	root := filepath.Join(tree, dir)
	if _, err := os.Stat(root); err != nil {
		b.Skipf("no %s in the kernel tree ($KCOVLINT_BENCH_DIR): %v", dir, err)
	}
	for i := 0; i < b.N; i++ {
		ix, err := Open(filepath.Join(b.TempDir(), "i.db"))
		if err != nil {
			b.Fatal(err)
		}
		st, err := ix.Update(root, UpdateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
		b.ReportMetric(float64(st.Files), "files")
		b.ReportMetric(st.ParseSeconds, "parse-s")
	}
}
