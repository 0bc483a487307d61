// SPDX-License-Identifier: MIT

package patch

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// GitRange gives one Result per commit of `git rev-list --reverse rng` in
// the repository dir, oldest first. Pre- and post-images come from git
// itself (the commit's first parent and the commit); the line maps from
// applying the commit's diff to the pre-image, which must give exactly the
// post-image. Each Result's Input is named after the commit's short hash
// and subject ("1a2b3c4d5e6f-kcov-fix-irq-safety").
func GitRange(dir, rng string) ([]*Result, error) {
	if strings.HasPrefix(rng, "-") || strings.TrimSpace(rng) == "" {
		return nil, fmt.Errorf("git range %q: not a revision range", rng)
	}
	out, err := runGit(dir, "rev-list", "--reverse", rng, "--")
	if err != nil {
		return nil, err
	}
	var results []*Result
	for _, c := range strings.Fields(string(out)) {
		r, err := gitCommit(dir, c)
		if err != nil {
			return results, err
		}
		results = append(results, r)
	}
	if len(results) == 0 {
		return nil, fmt.Errorf("git range %s in %s: no commits", rng, dir)
	}
	return results, nil
}

func gitCommit(dir, commit string) (*Result, error) {
	info, err := runGit(dir, "show", "-s", "--abbrev=12", "--format=%h%x00%s%x00%an%x00%P", commit)
	if err != nil {
		return nil, err
	}
	parts := strings.SplitN(strings.TrimRight(string(info), "\n"), "\x00", 4)
	if len(parts) != 4 {
		return nil, fmt.Errorf("git show %s: unexpected output", commit)
	}
	short, subject, author := parts[0], parts[1], parts[2]
	parents := strings.Fields(parts[3])
	name := short
	if s := slug(subject, 40); s != "" {
		name += "-" + s
	}
	in := &Input{Name: name, Subject: subject, Source: "git " + commit, Author: author, Line: 1}
	r := &Result{Input: in}

	args := []string{"diff-tree", "-p", "-M", "--no-color", "--no-ext-diff", "--abbrev=12"}
	parent := ""
	if len(parents) == 0 {
		args = append(args, "--root", commit)
	} else {
		parent = parents[0]
		args = append(args, parent, commit)
		if len(parents) > 1 {
			r.Notes = append(r.Notes, "merge commit: diffed against its first parent")
		}
	}
	raw, err := runGit(dir, args...)
	if err != nil {
		return nil, err
	}
	in.Raw = raw
	r.Base = "git " + short + "^"
	if parent == "" {
		r.Base = "empty tree (root commit " + short + ")"
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		r.Notes = append(r.Notes, "commit changes no file")
		return r, nil
	}
	// The text is git's own: keep carriage returns, they are content.
	diffs, serrs := scanDiffs(splitLines(string(raw), 1))
	if len(serrs) > 0 {
		return nil, fmt.Errorf("%s: diff of commit %s: line %v", in.Name, short, serrs[0])
	}
	for _, d := range diffs {
		in.Files = append(in.Files, d.files...)
		in.Notes = append(in.Notes, d.notes...)
	}
	var errs []error
	for _, f := range in.Files {
		im, err := gitImage(dir, parent, commit, f)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", in.Name, f.Path(), err))
			continue
		}
		im.Base = r.Base
		r.Files = append(r.Files, im)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// gitImage builds one file's images from the commit and its parent.
func gitImage(dir, parent, commit string, f *File) (*Image, error) {
	im := &Image{Path: f.Path(), OldPath: f.OldPath}
	if f.Binary {
		im.Skipped = SkipBinary
		return im, nil
	}
	pre := []byte{}
	if !f.Added {
		if parent == "" {
			return nil, errors.New("root commit diff modifies a file")
		}
		b, err := gitShow(dir, parent, f.OldPath)
		if err != nil {
			return nil, err
		}
		pre = b
	}
	var post []byte
	if !f.Deleted {
		b, err := gitShow(dir, commit, f.NewPath)
		if err != nil {
			return nil, err
		}
		post = b
	}
	res, herr := applyHunks(pre, f.Hunks, false)
	if herr != nil {
		return nil, fmt.Errorf("git's own diff does not apply to the parent's file: %v", herr)
	}
	if !f.Deleted && !bytes.Equal(res.post, post) {
		return nil, errors.New("git's own diff applied to the parent's file does not give the commit's file")
	}
	im.Pre, im.Post, im.Lines = pre, post, res.lines
	if f.Deleted {
		im.Skipped = SkipDeleted
	} else if kind := nonCKind(im.Path); kind != "" {
		im.Skipped = SkipNotC(im.Path)
	}
	return im, nil
}
