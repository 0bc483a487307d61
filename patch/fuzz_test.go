// SPDX-License-Identifier: MIT

package patch

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var safeName = regexp.MustCompile(`^[a-z0-9_][a-z0-9._-]*$`)

// fuzzSeeds are the fixtures plus a few small texts.
func fuzzSeeds(f *testing.F) {
	entries, _ := os.ReadDir(fixtures(f))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if data, err := os.ReadFile(filepath.Join(fixtures(f), e.Name())); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n",
		"--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
		"diff --git a/x b/x\nold mode 100644\nnew mode 100755\n",
		"From x\nSubject: Re: [PATCH v2 1/2] y\n\n> --- a/x.c\n> +++ b/x.c\n",
		"[PATCH v3] t\nPosted by A B 1 day ago\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -0,0 +1 @@\n+a\n",
		// Found by FuzzRead: two "Posted by" lines in a row.
		"0\nPosted by 0\nPosted by 0",
	} {
		f.Add([]byte(s))
	}
}

// checkInputs checks what Read promises about its inputs.
func checkInputs(t *testing.T, ins []*Input) {
	seen := map[string]bool{}
	for _, in := range ins {
		if !safeName.MatchString(in.Name) || strings.Contains(in.Name, "..") || len(in.Name) > 80 {
			t.Fatalf("unsafe name %q", in.Name)
		}
		if seen[in.Name] {
			t.Fatalf("name %q twice", in.Name)
		}
		seen[in.Name] = true
		if len(in.Files) == 0 || len(in.Raw) == 0 || in.Line < 1 {
			t.Fatalf("%s: empty input", in.Name)
		}
		for _, f := range in.Files {
			for _, p := range []string{f.OldPath, f.NewPath} {
				if c, err := cleanPath(p); err != nil || c != p {
					t.Fatalf("%s: unsafe path %q", in.Name, p)
				}
			}
			if f.Path() == "" {
				t.Fatalf("%s: file without name", in.Name)
			}
			for _, h := range f.Hunks {
				old, nw := 0, 0
				for _, l := range h.Lines {
					if l.Op != '+' {
						old++
					}
					if l.Op != '-' {
						nw++
					}
				}
				if old != h.OldLines || nw != h.NewLines {
					t.Fatalf("%s: hunk %s holds %d/%d lines", in.Name, h.Header, old, nw)
				}
			}
		}
	}
}

func FuzzRead(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ins, err := Read("fuzz", data)
		if err != nil && !strings.HasPrefix(err.Error(), "fuzz") {
			t.Fatalf("error does not name the source: %v", err)
		}
		if err == nil && len(ins) == 0 {
			t.Fatal("no inputs and no error")
		}
		checkInputs(t, ins)
	})
}

// FuzzApply applies fuzzed diffs to a fuzzed pre-image given for every path
// and checks the images and line maps agree.
func FuzzApply(f *testing.F) {
	f.Add([]byte("--- a/x.c\n+++ b/x.c\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n"), []byte("a\nb\nc\nd\ne\n"))
	f.Add([]byte("--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"), []byte("a\nb"))
	f.Add([]byte("--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,2 @@\n a\n-b\n c\n@@ -5 +4,2 @@\n e\n+f\n"), []byte("a\nb\nc\nd\ne\n"))
	f.Add(readFixture(f, "demo-irqsave.patch"), readFixture(f, "tree/drivers/demo/demo.c"))
	f.Fuzz(func(t *testing.T, diffText, pre []byte) {
		ins, _ := Read("fuzz", diffText)
		if len(ins) == 0 {
			return
		}
		tree := memTree{}
		for _, in := range ins {
			for _, fl := range in.Files {
				if fl.OldPath != "" {
					tree[fl.OldPath] = string(pre)
				}
			}
		}
		for _, r := range Apply(ins, tree) {
			if r.Err != nil {
				if !strings.HasPrefix(r.Err.Error(), r.Input.Name) {
					t.Fatalf("error does not name the input: %v", r.Err)
				}
				continue
			}
			for _, im := range r.Files {
				if !im.Applied() {
					continue
				}
				checkLineMap(t, im)
			}
		}
	})
}
