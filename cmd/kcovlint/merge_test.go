// SPDX-License-Identifier: MIT

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// shardTree makes a small tree of three directories with findings, from
// the rules' fixtures.
func shardTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	copies := map[string]string{
		"../../rules/sleepatomic/testdata/basic.c": "a/basic.c",
		"../../rules/lockirq/testdata":             "b",
		"../../rules/percpu/testdata/unpinned.c":   "c/unpinned.c",
	}
	for src, dst := range copies {
		st, err := os.Stat(src)
		if err != nil {
			t.Fatal(err)
		}
		files := []string{src}
		if st.IsDir() {
			files, _ = filepath.Glob(filepath.Join(src, "*.c"))
		}
		for _, f := range files {
			to := filepath.Join(root, dst)
			if st.IsDir() {
				to = filepath.Join(to, filepath.Base(f))
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Dir(to), 0o755)
			if err := os.WriteFile(to, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}

func findingKeys(t *testing.T, out string) []string {
	t.Helper()
	var doc struct {
		Findings []struct {
			Key, File string
			Line      int
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var keys []string
	for _, f := range doc.Findings {
		keys = append(keys, f.Key+"@"+f.File)
	}
	sort.Strings(keys)
	return keys
}

// Shards of a run, merged, are the run with --shard 0/1; merging SARIF
// shards gives one log with their runs.
func TestShardAndMerge(t *testing.T) {
	root := shardTree(t)
	t.Chdir(root)
	status, whole, errOut := kcovlint("lint", "-C", ".", "--shard", "0/1", "--format", "json", "a", "b", "c")
	if status != 1 {
		t.Fatalf("whole run: status %d, stderr %q", status, errOut)
	}
	want := findingKeys(t, whole)
	if len(want) == 0 {
		t.Fatal("whole run: no findings")
	}
	var shards, sarifs []string
	nonEmpty := 0
	for i := 0; i < 3; i++ {
		status, out, errOut := kcovlint("lint", "-C", ".", "--shard", []string{"0/3", "1/3", "2/3"}[i], "--format", "json", "a", "b", "c")
		if status == 2 {
			t.Fatalf("shard %d: status 2: %s", i, errOut)
		}
		if len(findingKeys(t, out)) > 0 {
			nonEmpty++
		}
		p := filepath.Join(root, "shard"+string(rune('0'+i))+".json")
		os.WriteFile(p, []byte(out), 0o644)
		shards = append(shards, p)
		_, sarif, _ := kcovlint("lint", "-C", ".", "--shard", []string{"0/3", "1/3", "2/3"}[i], "--format", "sarif", "a", "b", "c")
		sp := filepath.Join(root, "shard"+string(rune('0'+i))+".sarif")
		os.WriteFile(sp, []byte(sarif), 0o644)
		sarifs = append(sarifs, sp)
	}
	if nonEmpty < 2 {
		t.Errorf("the three directories all went to one shard: the test shows nothing")
	}
	status, merged, errOut := kcovlint(append([]string{"merge"}, shards...)...)
	if status != 1 {
		t.Fatalf("merge: status %d, stderr %q", status, errOut)
	}
	if got := findingKeys(t, merged); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("merged shards differ from the whole run:\ngot  %q\nwant %q", got, want)
	}
	// Merging a shard twice does not double its findings.
	_, twice, _ := kcovlint(append([]string{"merge"}, append(shards, shards[0])...)...)
	if len(findingKeys(t, twice)) != len(want) {
		t.Errorf("merging a shard twice changed the findings")
	}
	status, log, errOut := kcovlint(append([]string{"merge", "--format", "sarif"}, sarifs...)...)
	if status != 1 {
		t.Fatalf("merge sarif: status %d, stderr %q", status, errOut)
	}
	var sl struct {
		Runs []struct {
			Results []json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(log), &sl); err != nil {
		t.Fatal(err)
	}
	results := 0
	for _, r := range sl.Runs {
		results += len(r.Results)
	}
	if len(sl.Runs) != 3 || results != len(want) {
		t.Errorf("merged SARIF: %d runs with %d results, want 3 runs with %d", len(sl.Runs), results, len(want))
	}

	// Bad input: one line, status 2.
	for _, args := range [][]string{
		{"merge"},
		{"merge", filepath.Join(root, "a", "basic.c")},
		{"merge", "--format", "text", sarifs[0]},
		{"lint", "--shard", "3/3", "a"},
		{"lint", "--shard", "x", "a"},
	} {
		status, _, errOut := kcovlint(args...)
		if status != 2 || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: status %d, stderr %q; want 2 and one line", args, status, errOut)
		}
	}
}
