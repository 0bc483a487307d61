// SPDX-License-Identifier: MIT

package patch

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// corpusTree is base/ and callers/ of the kcov-rt corpus copied into one
// temporary directory, as the corpus README says to build a tree for -C.
func corpusTree(t *testing.T, corpus string) string {
	return testenv.CopyTree(t, filepath.Join(corpus, "base"), filepath.Join(corpus, "callers"))
}

// checkCorpusResults checks the four kcov-rt inputs against the post-images
// the corpus holds.
func checkCorpusResults(t *testing.T, corpus string, results []*Result, want map[string]string, followUp string) {
	t.Helper()
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Input.Name, r.Err)
		}
		dir, ok := want[r.Input.Name]
		if !ok {
			t.Fatalf("unexpected input %s", r.Input.Name)
		}
		wantPost, err := os.ReadFile(filepath.Join(corpus, dir, "kernel", "kcov.c"))
		if err != nil {
			t.Fatal(err)
		}
		kc := image(t, r, "kernel/kcov.c")
		if kc.Skipped != "" {
			t.Fatalf("%s: kernel/kcov.c skipped: %s", r.Input.Name, kc.Skipped)
		}
		if !bytes.Equal(kc.Post, wantPost) {
			t.Errorf("%s: post-image of kernel/kcov.c differs from %s/kernel/kcov.c", r.Input.Name, dir)
		}
		checkLineMap(t, kc)
		if len(kc.Lines.AddedLines()) == 0 || len(kc.Lines.DeletedLines()) == 0 {
			t.Errorf("%s: line map shows no added or no deleted lines", r.Input.Name)
		}
		if r.Input.Name == followUp {
			if r.OnTopOf != "v3" || kc.OnTopOf != "v3" {
				t.Errorf("%s: OnTopOf = %q, want v3", r.Input.Name, r.OnTopOf)
			}
			if !strings.Contains(strings.Join(r.Notes, "\n"), "on top of v3") {
				t.Errorf("%s: no note saying it was applied on top of v3: %q", r.Input.Name, r.Notes)
			}
			if !strings.Contains(r.Summary(), "applied on top of v3: kernel/kcov.c") {
				t.Errorf("summary %q", r.Summary())
			}
			base, _ := os.ReadFile(filepath.Join(corpus, "post-v3", "kernel", "kcov.c"))
			if !bytes.Equal(kc.Pre, base) {
				t.Errorf("%s: pre-image is not v3's post-image", r.Input.Name)
			}
			continue
		}
		if r.OnTopOf != "" {
			t.Errorf("%s: applied on top of %s, want the base", r.Input.Name, r.OnTopOf)
		}
		if r.Base != "working tree" {
			t.Errorf("%s: Base = %q", r.Input.Name, r.Base)
		}
		if im := image(t, r, "include/linux/sched.h"); im.Skipped != SkipNotPresent || im.Post != nil {
			t.Errorf("%s: include/linux/sched.h: Skipped = %q", r.Input.Name, im.Skipped)
		}
		if im := image(t, r, "lib/Kconfig.debug"); !strings.HasPrefix(im.Skipped, "not C") {
			t.Errorf("%s: lib/Kconfig.debug: Skipped = %q", r.Input.Name, im.Skipped)
		}
	}
}

func TestThreadCorpus(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	data, err := os.ReadFile(filepath.Join(corpus, "thread.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ins, err := Read("thread.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(ins), []string{"v3", "v3-reply-1", "v3-reply-2", "v4"}; !slices.Equal(got, want) {
		t.Fatalf("inputs %q, want %q", got, want)
	}
	// Where each diff starts in thread.txt, and who posted it.
	for k, line := range []int{76, 444, 681, 974} {
		if ins[k].Line != line || ins[k].Author != "Tetsuo Handa" || ins[k].Source != "thread.txt" {
			t.Errorf("%s: line %d author %q, want line %d", ins[k].Name, ins[k].Line, ins[k].Author, line)
		}
	}
	if !ins[1].Reply || !ins[2].Reply || ins[0].Reply || ins[3].Reply {
		t.Errorf("reply flags wrong")
	}
	if got := len(ins[0].Files); got != 3 {
		t.Errorf("v3 has %d files, want 3", got)
	}
	kc := ins[0].Files[1]
	if kc.OldPath != "kernel/kcov.c" || kc.NewPath != "kernel/kcov.c" || kc.OldIndex != "0b369e88c7c9" || kc.NewIndex != "965c11a75b36" || len(kc.Hunks) != 13 {
		t.Errorf("v3 kernel/kcov.c read as %+v", kc)
	}
	if kc.Diff == nil || len(kc.Diff.Hunks) != 13 {
		t.Errorf("go-diff's reading not attached")
	}
	for _, in := range ins {
		if len(in.Notes) != 0 {
			t.Errorf("%s: unexpected notes %q", in.Name, in.Notes)
		}
		if !bytes.HasPrefix(in.Raw, []byte("diff --git ")) {
			t.Errorf("%s: Raw starts %q", in.Name, in.Raw[:20])
		}
	}
	results := Apply(ins, DirTree(corpusTree(t, corpus)))
	checkCorpusResults(t, corpus, results, map[string]string{
		"v3": "post-v3", "v3-reply-1": "post-v3-irqsave", "v3-reply-2": "post-unified", "v4": "post-v4",
	}, "v3-reply-1")
}

func TestPatchFilesCorpus(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	want := map[string]string{
		"v3": "post-v3", "v3-follow-up": "post-v3-irqsave", "v3-unified-proposal": "post-unified", "v4": "post-v4",
	}
	tree := DirTree(corpusTree(t, corpus))
	for _, order := range [][]string{
		{"v3.patch", "v3-irqsave-followup.patch", "v3-unified-proposal.patch", "v4.patch"},
		// Shell glob order puts the follow-up before v3; it is applied
		// after the others then.
		{"v3-irqsave-followup.patch", "v3-unified-proposal.patch", "v3.patch", "v4.patch"},
	} {
		var all []*Input
		for _, f := range order {
			data, err := os.ReadFile(filepath.Join(corpus, "patches", f))
			if err != nil {
				t.Fatal(err)
			}
			ins, err := Read(f, data)
			if err != nil {
				t.Fatal(err)
			}
			if len(ins) != 1 {
				t.Fatalf("%s: %d inputs", f, len(ins))
			}
			all = append(all, ins...)
		}
		UniqueNames(all)
		checkCorpusResults(t, corpus, Apply(all, tree), want, "v3-follow-up")
	}
}

// TestCorpusAlreadyApplied: a tree that already holds v4 gives the base as
// pre-image by undoing the patch (the index line names the tree's blob as
// the post-image).
func TestCorpusAlreadyApplied(t *testing.T) {
	corpus := testenv.KcovRTCorpus(t)
	data, err := os.ReadFile(filepath.Join(corpus, "patches", "v4.patch"))
	if err != nil {
		t.Fatal(err)
	}
	ins, err := Read("v4.patch", data)
	if err != nil {
		t.Fatal(err)
	}
	r := Apply(ins, DirTree(filepath.Join(corpus, "post-v4")))[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	base, _ := os.ReadFile(filepath.Join(corpus, "base", "kernel", "kcov.c"))
	post, _ := os.ReadFile(filepath.Join(corpus, "post-v4", "kernel", "kcov.c"))
	kc := image(t, r, "kernel/kcov.c")
	if !bytes.Equal(kc.Pre, base) || !bytes.Equal(kc.Post, post) {
		t.Fatal("undoing v4 on post-v4 does not give base")
	}
	if !strings.Contains(kc.Base, "already applied") {
		t.Errorf("Base = %q", kc.Base)
	}
	checkLineMap(t, kc)
}
