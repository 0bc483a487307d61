// SPDX-License-Identifier: MIT

package patch

import (
	"fmt"
	"sort"
	"strings"
)

// Forward maps line positions of the tree at one commit to the tree at a
// later one (or the working tree), through git's own diff of the two:
// findings of a commit of a range are reported where their lines are at
// the range's end.
type Forward struct {
	files map[string]*forwardFile // by the path at the first commit
}

type forwardFile struct {
	path    string // at the second tree
	deleted bool
	hunks   []*Hunk // ordered by OldStart
}

// GitForward reads `git diff -U0 -M from to` (to "" for the working tree)
// in the repository dir.
func GitForward(dir, from, to string) (*Forward, error) {
	args := []string{"diff", "-U0", "-M", "--no-color", "--no-ext-diff", "--no-textconv", from}
	if to != "" {
		args = append(args, to)
	}
	args = append(args, "--")
	out, err := runGit(dir, args...)
	if err != nil {
		return nil, err
	}
	fw := &Forward{files: map[string]*forwardFile{}}
	if strings.TrimSpace(string(out)) == "" {
		return fw, nil
	}
	diffs, errs := scanDiffs(splitLines(string(out), 1))
	if len(errs) > 0 {
		return nil, fmt.Errorf("git diff %s %s: line %v", from, to, errs[0])
	}
	for _, d := range diffs {
		for _, f := range d.files {
			if f.Added || f.OldPath == "" {
				continue
			}
			ff := &forwardFile{path: f.NewPath, deleted: f.Deleted || f.NewPath == "", hunks: f.Hunks}
			sort.SliceStable(ff.hunks, func(i, j int) bool { return ff.hunks[i].OldStart < ff.hunks[j].OldStart })
			fw.files[f.OldPath] = ff
		}
	}
	return fw, nil
}

// Line maps line n of path (tree-relative, slash-separated) at the first
// tree to its path and line at the second. ok is false when the line is
// not there any more: deleted, or changed (a changed line is a deleted
// one and an added one to a diff), or its file deleted.
func (fw *Forward) Line(path string, n int) (newPath string, newLine int, ok bool) {
	ff, changed := fw.files[path]
	if !changed {
		return path, n, true
	}
	if ff.deleted {
		return "", 0, false
	}
	offset := 0
	for _, h := range ff.hunks {
		if h.OldLines == 0 {
			// Lines added after old line OldStart.
			if n <= h.OldStart {
				break
			}
			offset += h.NewLines
			continue
		}
		if n < h.OldStart {
			break
		}
		if n < h.OldStart+h.OldLines {
			return "", 0, false
		}
		offset += h.NewLines - h.OldLines
	}
	return ff.path, n + offset, true
}

// GitRangeTip is the commit at the end of a git range as GitRange takes
// it ("A..B" and "A...B": B, HEAD when empty; one revision: itself), as
// a full hash.
func GitRangeTip(dir, rng string) (string, error) {
	tip := rng
	if i := strings.Index(rng, "..."); i >= 0 {
		tip = rng[i+3:]
	} else if i := strings.Index(rng, ".."); i >= 0 {
		tip = rng[i+2:]
	}
	if tip = strings.TrimSpace(tip); tip == "" {
		tip = "HEAD"
	}
	out, err := runGit(dir, "rev-parse", "--verify", "--quiet", "--end-of-options", tip+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("git range %s: %s is not a commit", rng, tip)
	}
	return strings.TrimSpace(string(out)), nil
}

// CommitOf is the commit a Result of GitRange is for ("" for another
// input).
func CommitOf(r *Result) string {
	if r == nil || r.Input == nil {
		return ""
	}
	c, ok := strings.CutPrefix(r.Input.Source, "git ")
	if !ok {
		return ""
	}
	return c
}
