// SPDX-License-Identifier: MIT

package patch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGitForward(t *testing.T) {
	dir, first, second := gitRepo(t)
	fw, err := GitForward(dir, first, second)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		line, want int
		ok         bool
	}{
		{3, 3, true},   // before the changes
		{8, 0, false},  // spin_lock(&lock): changed
		{9, 11, true},  // count++: two lines were added above
		{10, 0, false}, // spin_unlock(&lock): changed
		{15, 17, true}, // return count;
	} {
		p, n, ok := fw.Line("kernel/count.c", c.line)
		if ok != c.ok || ok && (p != "kernel/count.c" || n != c.want) {
			t.Errorf("line %d: %s:%d %v, want %d %v", c.line, p, n, ok, c.want, c.ok)
		}
	}
	if p, n, ok := fw.Line("kernel/other.c", 5); !ok || p != "kernel/other.c" || n != 5 {
		t.Errorf("a file the diff does not touch: %s:%d %v", p, n, ok)
	}

	// A rename with a change, committed, then a line added at the top in
	// the working tree.
	git(t, dir, "mv", "kernel/count.c", "kernel/counter.c")
	os.WriteFile(filepath.Join(dir, "kernel/counter.c"), []byte(gitChanged+"/* end */\n"), 0o644)
	git(t, dir, "commit", "-q", "-am", "count: rename")
	os.WriteFile(filepath.Join(dir, "kernel/counter.c"), []byte("/* top */\n"+gitChanged+"/* end */\n"), 0o644)
	for _, to := range []string{"HEAD", ""} {
		fw, err := GitForward(dir, first, to)
		if err != nil {
			t.Fatal(err)
		}
		want := 11
		if to == "" {
			want = 12
		}
		if p, n, ok := fw.Line("kernel/count.c", 9); !ok || p != "kernel/counter.c" || n != want {
			t.Errorf("to %q: renamed file: %s:%d %v, want kernel/counter.c:%d", to, p, n, ok, want)
		}
	}
	// A deleted file.
	git(t, dir, "rm", "-q", "-f", "kernel/counter.c")
	fw, err = GitForward(dir, first, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := fw.Line("kernel/count.c", 9); ok {
		t.Error("a line of a deleted file is still there")
	}
}

func TestGitRangeTip(t *testing.T) {
	dir, first, second := gitRepo(t)
	for _, rng := range []string{first + ".." + second, first + "..", first + "...HEAD", "HEAD"} {
		if tip, err := GitRangeTip(dir, rng); err != nil || tip != second {
			t.Errorf("%s: %s %v, want %s", rng, tip, err, second)
		}
	}
	if _, err := GitRangeTip(dir, first+"..nosuch"); err == nil || !strings.Contains(err.Error(), "nosuch is not a commit") {
		t.Errorf("a range to nothing: %v", err)
	}
}
