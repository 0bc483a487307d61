// SPDX-License-Identifier: MIT

package patch

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// fixtures is testdata/patches.
func fixtures(t testing.TB) string {
	return filepath.Join(testenv.ModuleRoot(t), "testdata", "patches")
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// demoTree is a copy of testdata/patches/tree.
func demoTree(t testing.TB) string {
	return testenv.CopyTree(t, filepath.Join(fixtures(t), "tree"))
}

func image(t testing.TB, r *Result, path string) *Image {
	t.Helper()
	for _, im := range r.Files {
		if im.Path == path {
			return im
		}
	}
	t.Fatalf("%s: no image of %s", r.Input.Name, path)
	return nil
}

func names(ins []*Input) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Name)
	}
	return out
}

// checkLineMap checks a line map against its images: carried lines have
// equal text both ways, the counts fit, and every pre-image line is
// either carried or deleted.
func checkLineMap(t testing.TB, im *Image) {
	t.Helper()
	if im.Lines == nil {
		t.Fatalf("%s: no line map", im.Path)
	}
	pre, post := splitText(im.Pre).lines, splitText(im.Post).lines
	if im.Skipped == SkipDeleted {
		post = nil
	}
	m := im.Lines
	if m.PreLen() != len(pre) || m.PostLen() != len(post) {
		t.Fatalf("%s: line map sizes %d/%d, images %d/%d", im.Path, m.PreLen(), m.PostLen(), len(pre), len(post))
	}
	last := 0
	for i := 1; i <= len(post); i++ {
		p, added := m.PreLine(i)
		if added {
			continue
		}
		if p <= last || p > len(pre) {
			t.Fatalf("%s: post line %d maps to pre line %d after %d", im.Path, i, p, last)
		}
		last = p
		if pre[p-1] != post[i-1] {
			t.Fatalf("%s: post line %d %q carried from pre line %d %q", im.Path, i, post[i-1], p, pre[p-1])
		}
		if back, ok := m.PostLine(p); !ok || back != i {
			t.Fatalf("%s: PostLine(%d) = %d, %v; want %d", im.Path, p, back, ok, i)
		}
	}
	for j := 1; j <= len(pre); j++ {
		if q, ok := m.PostLine(j); ok {
			if p, _ := m.PreLine(q); p != j {
				t.Fatalf("%s: PreLine(PostLine(%d)) = %d", im.Path, j, p)
			}
		}
	}
}

// git runs git in dir and fails the test on error.
func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_DATE=2026-05-01T10:00:00Z", "GIT_COMMITTER_DATE=2026-05-01T10:00:00Z")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
