// SPDX-License-Identifier: MIT

package patch

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"
)

// Reasons in Image.Skipped.
const (
	SkipNotPresent = "not present in the tree"
	SkipBinary     = "binary"
	SkipDeleted    = "deleted"
)

// textFile is a file split into lines without their newlines.
type textFile struct {
	lines []string
	// eol is false when the last line has no newline.
	eol bool
}

func splitText(b []byte) textFile {
	if len(b) == 0 {
		return textFile{eol: true}
	}
	s := string(b)
	eol := strings.HasSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\n")
	return textFile{lines: strings.Split(s, "\n"), eol: eol}
}

// hunkError is a hunk that does not apply, with the reason.
type hunkError struct {
	hunk   *Hunk
	detail string
}

func (e *hunkError) Error() string {
	return fmt.Sprintf("hunk %s does not apply: %s", e.hunk.Header, e.detail)
}

// side is one side of a hunk as applied (reversed when undoing a patch).
type side struct {
	old, new           []string
	oldNoEOL, newNoEOL bool
	oldStart           int
	leading, trailing  int
}

func hunkSide(h *Hunk, reverse bool) side {
	var s side
	s.oldStart = h.OldStart
	if reverse {
		s.oldStart = h.NewStart
	}
	for _, l := range h.Lines {
		op := l.Op
		if reverse && op != ' ' {
			op = '+' + '-' - op
		}
		if op != '+' {
			s.old = append(s.old, l.Text)
			s.oldNoEOL = s.oldNoEOL || l.NoEOL
		}
		if op != '-' {
			s.new = append(s.new, l.Text)
			s.newNoEOL = s.newNoEOL || l.NoEOL
		}
	}
	for _, l := range h.Lines {
		if l.Op != ' ' {
			break
		}
		s.leading++
	}
	for k := len(h.Lines) - 1; k >= 0 && h.Lines[k].Op == ' '; k-- {
		s.trailing++
	}
	return s
}

// applied is the outcome of applying hunks to one pre-image.
type applied struct {
	post    []byte
	lines   *LineMap
	offsets []int // per hunk, lines away from where its header says
}

// applyHunks applies hunks exactly: context and removed lines must match
// line for line. Like patch and git apply it searches for a hunk at other
// line offsets, nearest first, but never changes content. A hunk whose
// header says it starts at line 1 (or 0) must apply at the top, one
// without trailing context at the end of the file.
func applyHunks(pre []byte, hunks []*Hunk, reverse bool) (*applied, *hunkError) {
	t := splitText(pre)
	n := len(t.lines)
	res := &applied{lines: &LineMap{postOf: make([]int, n)}}
	var out []string
	lastNoEOL := false
	var emitErr *hunkError
	emit := func(s string, preLine int, noEOL bool, h *Hunk) {
		if lastNoEOL && emitErr == nil {
			emitErr = &hunkError{h, "it leaves a line without newline in the middle of the file"}
		}
		out = append(out, s)
		res.lines.preOf = append(res.lines.preOf, preLine)
		if preLine > 0 {
			res.lines.postOf[preLine-1] = len(out)
		}
		lastNoEOL = noEOL
	}
	copyPre := func(from, to int, h *Hunk) {
		for k := from; k < to; k++ {
			emit(t.lines[k], k+1, k == n-1 && !t.eol, h)
		}
	}
	pos, offset := 0, 0
	for _, h := range hunks {
		s := hunkSide(h, reverse)
		oc := len(s.old)
		expected := s.oldStart - 1
		if oc == 0 {
			expected = s.oldStart
		}
		expected += offset
		context := s.leading > 0 || s.trailing > 0
		matchBegin := s.oldStart == 0 || (s.oldStart == 1 && context)
		matchEnd := context && s.trailing == 0
		fits := func(p int) bool {
			if p < pos || p+oc > n {
				return false
			}
			if matchBegin && p != 0 || matchEnd && p+oc != n {
				return false
			}
			for k, l := range s.old {
				if t.lines[p+k] != l {
					return false
				}
			}
			atEnd := p+oc == n
			if s.oldNoEOL != (atEnd && !t.eol && n > 0) && (oc > 0 || atEnd && !t.eol && n > 0) {
				return false
			}
			return true
		}
		at := -1
		if oc == 0 && !context {
			// Nothing to match: only the stated place will do.
			if fits(expected) {
				at = expected
			}
		} else {
			for d := 0; at < 0 && (expected-d >= pos || expected+d <= n-oc); d++ {
				if fits(expected + d) {
					at = expected + d
				} else if d > 0 && fits(expected-d) {
					at = expected - d
				}
			}
		}
		if at < 0 {
			return nil, &hunkError{h, mismatch(t, s, expected, pos, matchBegin, matchEnd)}
		}
		copyPre(pos, at, h)
		k := 0
		for _, l := range h.Lines {
			op := l.Op
			if reverse && op != ' ' {
				op = '+' + '-' - op
			}
			switch op {
			case ' ':
				emit(l.Text, at+k+1, l.NoEOL, h)
				k++
			case '-':
				k++
			case '+':
				emit(l.Text, 0, l.NoEOL, h)
			}
		}
		res.offsets = append(res.offsets, at-(expected-offset))
		offset = at - (expected - offset)
		pos = at + oc
		if emitErr != nil {
			return nil, emitErr
		}
	}
	var last *Hunk
	if len(hunks) > 0 {
		last = hunks[len(hunks)-1]
	}
	copyPre(pos, n, last)
	if emitErr != nil {
		return nil, emitErr
	}
	var b bytes.Buffer
	for k, l := range out {
		b.WriteString(l)
		if k < len(out)-1 || !lastNoEOL {
			b.WriteByte('\n')
		}
	}
	res.post = b.Bytes()
	if res.post == nil {
		res.post = []byte{}
	}
	return res, nil
}

// mismatch explains why a hunk does not fit at the place its header says.
func mismatch(t textFile, s side, expected, pos int, begin, end bool) string {
	n := len(t.lines)
	e := min(max(expected, 0), n)
	if e < pos && pos <= n {
		e = pos
	}
	for k, l := range s.old {
		if e+k >= n {
			return fmt.Sprintf("line %d expected %s found end of file (the file has %d lines)", e+k+1, quote(l), n)
		}
		if t.lines[e+k] != l {
			return fmt.Sprintf("line %d expected %s found %s", e+k+1, quote(l), quote(t.lines[e+k]))
		}
	}
	switch {
	case expected < pos:
		return fmt.Sprintf("it overlaps the hunk before it (line %d)", expected+1)
	case begin && e != 0:
		return "it must apply at the top of the file, which has other lines there"
	case end && e+len(s.old) != n:
		return fmt.Sprintf("it must apply at the end of the file, but the file goes on after line %d", e+len(s.old))
	case s.oldNoEOL:
		return "the patch says the file ends without newline there; it does not"
	default:
		return "the file ends without newline; the patch does not say so"
	}
}

// nonCKind names the kind of a file that is not C ("Kconfig", "Makefile",
// "rst"), "" for C sources and headers.
func nonCKind(p string) string {
	base := path.Base(p)
	ext := path.Ext(base)
	switch {
	case ext == ".c" || ext == ".h":
		return ""
	case strings.HasPrefix(base, "Kconfig"):
		return "Kconfig"
	case base == "Makefile" || base == "Kbuild" || strings.HasPrefix(base, "Makefile."):
		return "Makefile"
	case ext != "" && ext != base:
		return ext[1:]
	}
	return base
}

// SkipNotC is the Skipped reason of a file that is not C.
func SkipNotC(p string) string { return "not C (" + nonCKind(p) + ")" }

// applier applies a list of inputs, remembering their post-images.
type applier struct {
	tree  Tree
	posts map[*Input]map[string][]byte
	ids   map[*Input]map[string]string
}

// Apply applies each input to the tree and returns one Result per input,
// in order.
//
// For every file the pre-image is chosen as git am -3 would: the tree file
// or an earlier input's post-image whose blob id the `index` line names;
// else, when the tree file is the post-image the index line names, the
// patch is already applied and undoing it gives the pre-image; else the
// git blob the index line names (for trees that can look blobs up); else
// whichever of the tree file (forward, then in reverse) and the earlier
// inputs' post-images (newest first) the hunks apply to exactly. An input
// applied on an earlier input's post-image has OnTopOf set. Inputs that
// apply to nothing in order are tried again on top of the later ones.
//
// A file not in the tree is skipped ("not present in the tree", "not C
// (Kconfig)") as long as another file of the input applies; if none does,
// the input fails. A hunk that does not apply fails the input with a
// message naming the input, file, hunk and the line that differs.
func Apply(inputs []*Input, tree Tree) []*Result {
	a := &applier{tree: tree, posts: map[*Input]map[string][]byte{}, ids: map[*Input]map[string]string{}}
	results := make([]*Result, len(inputs))
	var done []*Input
	for i, in := range inputs {
		results[i] = a.apply(in, done)
		if results[i].Err == nil {
			done = append(done, in)
		}
	}
	for i, in := range inputs {
		if results[i].Err == nil {
			continue
		}
		var others []*Input
		for _, o := range done {
			if o != in {
				others = append(others, o)
			}
		}
		if r := a.apply(in, others); r.Err == nil {
			r.Notes = append(r.Notes, "applied only after the inputs that follow it in the list")
			results[i] = r
			done = append(done, in)
		}
	}
	return results
}

func (a *applier) readTree(p string) ([]byte, error) {
	if a.tree == nil || p == "" {
		return nil, fmt.Errorf("%s: %w", p, errNoTree)
	}
	return a.tree.ReadFile(p)
}

var errNoTree = errors.New("no such file")

// NotThereError is the error of an input that patches only files the tree
// does not have (a patch for another tree, or no tree given).
type NotThereError struct {
	Input string   // the input, as Input.String names it
	Paths []string // the files the input patches that are not there
	Tree  string   // what was looked in: "working tree", "git tree at HEAD"
}

func (e *NotThereError) Error() string {
	more := ""
	if len(e.Paths) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(e.Paths)-1)
	}
	return fmt.Sprintf("%s: patch to a file that is not there: %s%s (in the %s)", e.Input, e.Paths[0], more, e.Tree)
}

func (a *applier) apply(in *Input, earlier []*Input) *Result {
	r := &Result{Input: in}
	var errs []error
	var notThere []string
	nApplied := 0
	for _, f := range in.Files {
		im, notes, err := a.applyFile(f, earlier)
		r.Notes = append(r.Notes, notes...)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", in, f.Path(), err))
			continue
		}
		r.Files = append(r.Files, im)
		if im.Applied() {
			nApplied++
		} else if im.Skipped != SkipBinary {
			notThere = append(notThere, im.Path)
		}
	}
	if len(errs) == 0 && nApplied == 0 && len(notThere) > 0 {
		errs = append(errs, &NotThereError{Input: in.String(), Paths: notThere, Tree: treeName(a.tree)})
	}
	if len(errs) > 0 {
		r.Err = errors.Join(errs...)
		r.Files = nil
		return r
	}
	var bases []string
	seen := map[string]bool{}
	posts := map[string][]byte{}
	// The base named is that of the files to analyse; the others' only
	// when there are none.
	analysable := false
	for _, im := range r.Files {
		analysable = analysable || (im.Applied() && im.Skipped == "")
	}
	for _, im := range r.Files {
		if !im.Applied() {
			continue
		}
		if im.Skipped != SkipDeleted {
			posts[im.Path] = im.Post
		}
		if analysable && im.Skipped != "" {
			continue
		}
		if im.OnTopOf != "" && r.OnTopOf == "" {
			r.OnTopOf = im.OnTopOf
		}
		if !seen[im.Base] {
			seen[im.Base] = true
			bases = append(bases, im.Base)
		}
	}
	if len(bases) > 1 && seen["new file"] {
		// "working tree, new file" says nothing more than "working tree".
		k := 0
		for _, b := range bases {
			if b != "new file" {
				bases[k] = b
				k++
			}
		}
		bases = bases[:k]
	}
	r.Base = strings.Join(bases, ", ")
	if nApplied == 0 {
		r.Notes = append(r.Notes, "no text file to apply (binary only)")
	}
	a.posts[in] = posts
	return r
}

// attempt is one candidate pre-image.
type attempt struct {
	pre     []byte
	base    string
	onTopOf string
	undo    bool // pre is the post-image: undo the patch to find the pre-image
}

func (a *applier) postID(in *Input, p string) string {
	m := a.ids[in]
	if m == nil {
		m = map[string]string{}
		a.ids[in] = m
	}
	if id, ok := m[p]; ok {
		return id
	}
	id := BlobID(a.posts[in][p])
	m[p] = id
	return id
}

// applyFile finds the pre-image of one file and applies its hunks.
func (a *applier) applyFile(f *File, earlier []*Input) (*Image, []string, error) {
	im := &Image{Path: f.Path(), OldPath: f.OldPath}
	kind := nonCKind(im.Path)
	if f.Binary {
		im.Skipped = SkipBinary
		return im, nil, nil
	}
	if f.Added {
		res, herr := applyHunks(nil, f.Hunks, false)
		if herr != nil {
			return nil, nil, herr
		}
		im.Pre, im.Post, im.Lines, im.Base = []byte{}, res.post, res.lines, "new file"
		if kind != "" {
			im.Skipped = SkipNotC(im.Path)
		}
		return im, nil, nil
	}

	treeData, terr := a.readTree(f.OldPath)
	if terr != nil && !notExist(terr) && !errors.Is(terr, errNoTree) {
		return nil, nil, terr
	}
	present := terr == nil
	tname := treeName(a.tree)

	var tries []attempt
	if f.OldIndex != "" {
		if present && idMatches(f.OldIndex, BlobID(treeData)) {
			tries = append(tries, attempt{pre: treeData, base: tname})
		}
		for k := len(earlier) - 1; k >= 0; k-- {
			e := earlier[k]
			if post, ok := a.posts[e][f.OldPath]; ok && idMatches(f.OldIndex, a.postID(e, f.OldPath)) {
				tries = append(tries, attempt{pre: post, base: "on top of " + e.Name, onTopOf: e.Name})
			}
		}
		if present && idMatches(f.NewIndex, BlobID(treeData)) {
			tries = append(tries, attempt{pre: treeData, base: tname, undo: true})
		}
		if br, ok := a.tree.(BlobReader); ok {
			if blob, err := br.Blob(f.OldIndex); err == nil && idMatches(f.OldIndex, BlobID(blob)) {
				tries = append(tries, attempt{pre: blob, base: "git blob " + f.OldIndex})
			}
		}
	}
	if present {
		tries = append(tries, attempt{pre: treeData, base: tname}, attempt{pre: treeData, base: tname, undo: true})
	}
	for k := len(earlier) - 1; k >= 0; k-- {
		e := earlier[k]
		if post, ok := a.posts[e][f.OldPath]; ok {
			tries = append(tries, attempt{pre: post, base: "on top of " + e.Name, onTopOf: e.Name})
		}
	}
	if len(tries) == 0 {
		if kind != "" {
			im.Skipped = SkipNotC(im.Path)
		} else {
			im.Skipped = SkipNotPresent
		}
		return im, nil, nil
	}

	var first *hunkError
	firstBase := ""
	for _, t := range tries {
		pre := t.pre
		if t.undo {
			rev, herr := applyHunks(t.pre, f.Hunks, true)
			if herr != nil {
				continue
			}
			pre = rev.post
		}
		res, herr := applyHunks(pre, f.Hunks, false)
		if herr != nil {
			if first == nil && !t.undo {
				first, firstBase = herr, t.base
			}
			continue
		}
		im.Pre, im.Post, im.Lines = pre, res.post, res.lines
		im.Base, im.OnTopOf = t.base, t.onTopOf
		var notes []string
		if t.undo {
			im.Base = t.base + " (patch already applied; pre-image by undoing it)"
			notes = append(notes, fmt.Sprintf("%s: the %s already has this patch; the pre-image is the %s with the patch undone", im.Path, tname, tname))
		}
		if t.onTopOf != "" {
			notes = append(notes, fmt.Sprintf("%s: applied on top of %s (its post-image, blob %.12s)", im.Path, t.onTopOf, BlobID(pre)))
		}
		for k, off := range res.offsets {
			if off != 0 {
				notes = append(notes, fmt.Sprintf("%s: hunk %s applied %+d lines from where its header says", im.Path, f.Hunks[k].Header, off))
			}
		}
		if f.Deleted {
			im.Skipped = SkipDeleted
			im.Post = nil
		} else if kind != "" {
			im.Skipped = SkipNotC(im.Path)
		}
		return im, notes, nil
	}
	if first == nil {
		// Only undo attempts were made and failed: say what forward says.
		_, first = applyHunks(tries[0].pre, f.Hunks, false)
		firstBase = tries[0].base
	}
	msg := fmt.Sprintf("%v (to the %s)", first, firstBase)
	if strings.HasPrefix(firstBase, "on top of ") || strings.HasPrefix(firstBase, "git blob ") {
		msg = fmt.Sprintf("%v (%s)", first, firstBase)
	}
	if len(tries) > 2 {
		msg += "; nor to any other candidate pre-image"
	}
	if kind != "" {
		// The analysis needs only C: a Kconfig or Makefile hunk that does
		// not apply to a tree of another version is noted, not fatal.
		im.Skipped = SkipNotC(im.Path)
		return im, []string{fmt.Sprintf("%s: %s", im.Path, msg)}, nil
	}
	return nil, nil, errors.New(msg)
}

// Summary is one line for people: "v3-reply-1: applied on top of v3:
// kernel/kcov.c (include/linux/sched.h: not present in the tree)".
func (r *Result) Summary() string {
	if r.Err != nil {
		msg := r.Err.Error()
		if k := strings.IndexByte(msg, '\n'); k >= 0 {
			msg = msg[:k] + " (and more)"
		}
		return msg
	}
	var done, skipped []string
	for _, im := range r.Files {
		if im.Applied() && im.Skipped == "" {
			done = append(done, im.Path)
		} else {
			skipped = append(skipped, im.Path+": "+im.Skipped)
		}
	}
	verb := "applied to " + r.Base
	switch {
	case r.OnTopOf != "":
		verb = "applied on top of " + r.OnTopOf
	case strings.HasPrefix(r.Base, "working tree") || r.Base == "tree":
		verb = "applied to the " + r.Base
	case r.Base == "new file":
		verb = "applied as new files"
	case r.Base == "":
		verb = "nothing applied"
	}
	files := strings.Join(done, ", ")
	if files == "" {
		files = "no C file"
	}
	s := fmt.Sprintf("%s: %s: %s", r.Input.Name, verb, files)
	if len(skipped) > 0 {
		s += " (" + strings.Join(skipped, "; ") + ")"
	}
	return s
}
