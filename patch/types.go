// SPDX-License-Identifier: MIT

// Package patch reads kernel patches in the forms people hold them — a plain
// diff, git format-patch output, a single mail, an mbox or a mail thread
// saved from the web — and builds for every touched file the exact pre- and
// post-image plus a map telling, for every post-image line, whether the
// patch added it.
//
// Reading is done in two steps: the text is first split into messages and
// the unquoted diffs inside them are delimited by diff syntax (hunk line
// counts tell exactly where a hunk ends); each diff's text is then handed to
// go-diff. Application is exact: context and removed lines must match, only
// a line offset is searched for, as patch(1) and git apply do.
package patch

import (
	"fmt"

	"github.com/sourcegraph/go-diff/diff"
)

// Input is one patch found in a source: a mail of a series, a version of a
// patch, a diff posted inside a reply, or a plain diff file.
type Input struct {
	// Name is unique among the inputs of one Read (use UniqueNames across
	// several), deterministic and safe as a file name: "v3", "v2-1of3",
	// "v3-reply-1", "fix-foo".
	Name string
	// Subject is the mail subject ("" for a bare diff).
	Subject string
	// Source is the name the data was read under.
	Source string
	// Author is the mail author's name, "" if unknown.
	Author string
	// Line is the 1-based line of Source where the diff starts. For bodies
	// that had to be decoded (base64, multipart) it is the first line of
	// the message body.
	Line int
	// Reply is true for a diff posted inside a reply ("Re: ...").
	Reply bool
	Files []*File
	Notes []string
	// Raw is the diff text handed to go-diff: exactly the diff lines, CR
	// removed, empty context lines restored to " ".
	Raw []byte
}

// String names the input and where it came from, for messages.
func (in *Input) String() string {
	if in.Source == "" {
		return in.Name
	}
	return fmt.Sprintf("%s (%s:%d)", in.Name, in.Source, in.Line)
}

// File is one file touched by an input.
type File struct {
	// OldPath and NewPath are tree-relative with a/ and b/ stripped; ""
	// stands for /dev/null.
	OldPath, NewPath string
	Added, Deleted   bool
	Renamed, Copied  bool
	Binary           bool
	// ModeOnly is a change of file mode without content change.
	ModeOnly bool
	OldMode  string
	NewMode  string
	// OldIndex and NewIndex are the abbreviated blob ids of the `index`
	// line, "" if there is none.
	OldIndex, NewIndex string
	Hunks              []*Hunk
	// Line is the 1-based source line of the file's first header line.
	Line int
	// Diff is go-diff's reading of the same file, nil if go-diff did not
	// agree with the scanner (an Input note says so).
	Diff *diff.FileDiff
}

// Path is the file's path after the patch, or before it for a deletion.
func (f *File) Path() string {
	if f.NewPath != "" {
		return f.NewPath
	}
	return f.OldPath
}

// Hunk is one hunk, with its body split into lines.
type Hunk struct {
	OldStart, OldLines int
	NewStart, NewLines int
	// Header is the "@@ -a,b +c,d @@" part as written in the patch,
	// without the section text.
	Header  string
	Section string
	// Line is the 1-based source line of the @@ header.
	Line  int
	Lines []HunkLine
}

// HunkLine is one body line of a hunk.
type HunkLine struct {
	// Op is ' ' (context), '-' (removed) or '+' (added).
	Op   byte
	Text string
	// NoEOL is set when a "\ No newline at end of file" marker follows
	// the line: it is the last line of its side(s) and has no newline.
	NoEOL bool
}

// Image is one file of an applied input.
type Image struct {
	// Path is the post-image path (the pre-image path for a deletion).
	Path    string
	OldPath string
	Pre     []byte
	Post    []byte
	Lines   *LineMap
	// Skipped is non-empty when the file is not analysable: "not present
	// in the tree", "binary", "not C (Kconfig)", "deleted". A non-C file
	// present in the tree is still applied and has Pre and Post.
	Skipped string
	// Base tells what the pre-image is: "working tree", "git blob
	// 0b369e88c7c9", "on top of v3", "new file".
	Base string
	// OnTopOf names the earlier input whose post-image was the pre-image.
	OnTopOf string
}

// Applied tells whether the patch was applied to the file (it has a line
// map), whether or not it is analysable.
func (im *Image) Applied() bool { return im.Lines != nil }

// Result is the outcome of applying one input.
type Result struct {
	Input *Input
	// Base is human text telling what the input was applied to.
	Base string
	// OnTopOf names the earlier input it was applied on, or "".
	OnTopOf string
	Files   []*Image
	Notes   []string
	// Err is set when the input cannot be applied; Files is then nil.
	Err error
}
