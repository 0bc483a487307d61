// SPDX-License-Identifier: MIT

package patch

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Tree gives the base files a patch is applied to. ReadFile takes a
// tree-relative slash-separated path and returns an error satisfying
// errors.Is(err, fs.ErrNotExist) for a file that is not there.
//
// A Tree may also implement BlobReader (git blob lookup by abbreviated id,
// used for the ids of `index` lines as git am -3 does) and fmt.Stringer
// (what it is, for messages: "working tree", "git HEAD").
type Tree interface {
	ReadFile(path string) ([]byte, error)
}

// BlobReader looks up a git blob by an abbreviated id of at least 4 hex
// digits. A blob that is not there is an error satisfying
// errors.Is(err, fs.ErrNotExist).
type BlobReader interface {
	Blob(id string) ([]byte, error)
}

// BlobID is git's blob id of data: the hex sha1 of "blob <len>\x00" + data.
func BlobID(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// idMatches reports whether the abbreviated id abbrev names full. An empty
// or all-zero abbreviation names nothing.
func idMatches(abbrev, full string) bool {
	if len(abbrev) < 4 || strings.Trim(abbrev, "0") == "" {
		return false
	}
	return strings.HasPrefix(full, strings.ToLower(abbrev))
}

// DirTree is the working tree in dir. When dir is inside a git repository
// the tree also looks up blobs by id with `git cat-file`.
func DirTree(dir string) Tree { return &dirTree{dir: dir} }

type dirTree struct {
	dir  string
	once sync.Once
	git  bool
}

func (t *dirTree) String() string { return "working tree" }

func (t *dirTree) ReadFile(p string) ([]byte, error) {
	if _, err := cleanPath(p); err != nil || p == "" {
		return nil, fmt.Errorf("%q: %w", p, fs.ErrInvalid)
	}
	full := filepath.Join(t.dir, filepath.FromSlash(p))
	st, err := os.Stat(full)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file: %w", p, fs.ErrNotExist)
	}
	return os.ReadFile(full)
}

func (t *dirTree) Blob(id string) ([]byte, error) {
	t.once.Do(func() {
		if !mayBeGit(t.dir) {
			return // no git to run (a few milliseconds of a patch lint)
		}
		out, err := runGit(t.dir, "rev-parse", "--is-inside-work-tree")
		t.git = err == nil && strings.TrimSpace(string(out)) == "true"
	})
	if !t.git {
		return nil, fmt.Errorf("blob %s: %s is not in a git repository: %w", id, t.dir, fs.ErrNotExist)
	}
	return gitBlob(t.dir, id)
}

// mayBeGit reports whether dir may be inside a git work tree: a .git
// entry in it or a parent directory, or GIT_DIR set. When not, it is
// not, and git need not be asked.
func mayBeGit(dir string) bool {
	if os.Getenv("GIT_DIR") != "" {
		return true
	}
	d, err := filepath.Abs(dir)
	if err != nil {
		return true
	}
	for {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return false
		}
		d = parent
	}
}

// GitTree is the tree of revision rev of the git repository in dir.
func GitTree(dir, rev string) Tree { return &gitTree{dir: dir, rev: rev} }

type gitTree struct {
	dir, rev string
}

func (t *gitTree) String() string { return "git " + t.rev }

func (t *gitTree) ReadFile(p string) ([]byte, error) {
	if _, err := cleanPath(p); err != nil || p == "" {
		return nil, fmt.Errorf("%q: %w", p, fs.ErrInvalid)
	}
	return gitShow(t.dir, t.rev, p)
}

func (t *gitTree) Blob(id string) ([]byte, error) { return gitBlob(t.dir, id) }

// runGit runs git in dir and returns its standard output.
func runGit(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "core.quotepath=off"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "LC_ALL=C")
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if k := strings.IndexByte(msg, '\n'); k >= 0 {
			msg = msg[:k]
		}
		if msg == "" {
			msg = err.Error()
		}
		return out, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// gitBlob reads the blob an abbreviated id names.
func gitBlob(dir, id string) ([]byte, error) {
	if len(id) < 4 || !isHex(id) || strings.Trim(id, "0") == "" {
		return nil, fmt.Errorf("blob %q: %w", id, fs.ErrNotExist)
	}
	out, err := runGit(dir, "rev-parse", "--verify", "--quiet", id+"^{blob}")
	if err != nil {
		return nil, fmt.Errorf("blob %s not in the repository: %w", id, fs.ErrNotExist)
	}
	return runGit(dir, "cat-file", "blob", strings.TrimSpace(string(out)))
}

// gitShow reads path at revision rev; a path that is not there gives
// fs.ErrNotExist.
func gitShow(dir, rev, p string) ([]byte, error) {
	out, err := runGit(dir, "ls-tree", "-z", rev, "--", p)
	if err != nil {
		return nil, err
	}
	// "<mode> SP <type> SP <id> TAB <path> NUL"
	entry, _, _ := bytes.Cut(out, []byte{0})
	meta, _, ok := bytes.Cut(entry, []byte{'\t'})
	f := strings.Fields(string(meta))
	if !ok || len(f) != 3 {
		return nil, fmt.Errorf("%s in git %s: %w", p, rev, fs.ErrNotExist)
	}
	if f[1] != "blob" || !strings.HasPrefix(f[0], "100") {
		return nil, fmt.Errorf("%s in git %s is a %s, not a file: %w", p, rev, f[1], fs.ErrNotExist)
	}
	return runGit(dir, "cat-file", "blob", f[2])
}

// treeName describes a tree for messages.
func treeName(t Tree) string {
	if s, ok := t.(fmt.Stringer); ok {
		return s.String()
	}
	return "tree"
}

// notExist reports an error meaning "the file is not there".
func notExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid)
}

func quote(s string) string { return strconv.Quote(clip(s)) }
