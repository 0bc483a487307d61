// SPDX-License-Identifier: MIT

package patch

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/sourcegraph/go-diff/diff"
)

// srcLine is one line of text with the source line it came from.
type srcLine struct {
	text string
	n    int
}

// foundDiff is one diff delimited inside a message body.
type foundDiff struct {
	line  int // source line of the first diff line
	files []*File
	raw   []byte
	notes []string
}

// syntaxError is a diff syntax error at a source line.
type syntaxError struct {
	line int
	msg  string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.msg) }

// maxHunkCount bounds the numbers in a hunk header; larger ones are
// garbage, not a kernel patch.
const maxHunkCount = 50_000_000

var hunkHeaderRE = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$`)

// gitHeaderPrefixes are the extended header lines git puts between
// "diff --git" and "---".
var gitHeaderPrefixes = []string{
	"old mode ", "new mode ", "deleted file mode ", "new file mode ",
	"copy from ", "copy to ", "rename from ", "rename to ",
	"similarity index ", "dissimilarity index ", "index ",
	"Binary files ", "GIT binary patch",
}

func isGitHeaderLine(s string) bool {
	for _, p := range gitHeaderPrefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// preHeaderLine reports lines that may precede a non-git "---" header in
// the same diff: "diff -u a b", quilt's "Index: x" and "=====".
func preHeaderLine(s string) bool {
	return (strings.HasPrefix(s, "diff ") && !strings.HasPrefix(s, "diff --git ")) ||
		strings.HasPrefix(s, "Index: ") ||
		(len(s) >= 5 && strings.Trim(s, "=") == "")
}

func text(lines []srcLine, i int) string {
	if i < 0 || i >= len(lines) {
		return ""
	}
	return lines[i].text
}

// fileStart reports whether a file diff starts at line i and, if so, at
// which line its own header ("diff --git" or "---") is.
func fileStart(lines []srcLine, i int) (hdr int, ok bool) {
	t := text(lines, i)
	if i >= len(lines) {
		return 0, false
	}
	if strings.HasPrefix(t, "diff --git ") {
		n := text(lines, i+1)
		if i+1 < len(lines) && (isGitHeaderLine(n) ||
			(strings.HasPrefix(n, "--- ") && strings.HasPrefix(text(lines, i+2), "+++ "))) {
			return i, true
		}
		return 0, false
	}
	j := i
	for j < len(lines) && j-i < 3 && preHeaderLine(text(lines, j)) {
		j++
	}
	if strings.HasPrefix(text(lines, j), "--- ") && strings.HasPrefix(text(lines, j+1), "+++ ") &&
		strings.HasPrefix(text(lines, j+2), "@@ -") {
		return j, true
	}
	return 0, false
}

// scanDiffs finds every unquoted diff in a message body. Diffs with syntax
// errors are reported in errs; scanning goes on after them.
func scanDiffs(lines []srcLine) (diffs []*foundDiff, errs []*syntaxError) {
	for i := 0; i < len(lines); {
		hdr, ok := fileStart(lines, i)
		// A patch begins at its own header; lines like "diff -u" before a
		// first "---" stay prose (go-diff would read them as headers too).
		if !ok || hdr != i {
			i++
			continue
		}
		d, next, err := parseDiff(lines, i)
		if err != nil {
			errs = append(errs, err)
		} else {
			diffs = append(diffs, d)
		}
		if next <= i {
			next = i + 1
		}
		i = next
	}
	return diffs, errs
}

// parseDiff reads the file diffs starting at line i, up to where diff
// syntax ends.
func parseDiff(lines []srcLine, start int) (*foundDiff, int, *syntaxError) {
	d := &foundDiff{line: lines[start].n}
	i := start
	for {
		f, next, err := parseFile(lines, i)
		if err != nil {
			return nil, next, err
		}
		d.files = append(d.files, f)
		i = next
		if _, ok := fileStart(lines, i); ok {
			continue
		}
		// Diff syntax ends here. Lines that still look like hunk body
		// mean the hunk header counted too few lines.
		if i < len(lines) && len(f.Hunks) > 0 && goesOn(lines, i) {
			h := f.Hunks[len(f.Hunks)-1]
			return nil, i + 1, &syntaxError{lines[i].n, fmt.Sprintf(
				"wrong line counts in hunk %s of %s: the hunk goes on past the %d old and %d new lines its header counts",
				h.Header, f.Path(), h.OldLines, h.NewLines)}
		}
		break
	}
	var b strings.Builder
	for _, l := range lines[start:i] {
		t := l.text
		if t == "" {
			t = " " // blank context line whose space a mailer ate
		}
		b.WriteString(t)
		b.WriteByte('\n')
	}
	d.raw = []byte(b.String())
	d.notes = crossCheck(d)
	return d, i, nil
}

// goesOn reports whether the lines at i, right after a hunk that its
// header says is complete, still look like hunk body: a diff line, or a
// blank line (" ", or "" whose space a mailer ate) followed by one.
func goesOn(lines []srcLine, i int) bool {
	t := text(lines, i)
	if looksLikeHunkLine(t) {
		return true
	}
	if i+1 >= len(lines) {
		return false
	}
	n := lines[i+1].text
	switch t {
	case " ":
		return looksLikeHunkLine(n)
	case "":
		// After an empty line only diff-shaped lines count, not prose
		// indented by a space or two.
		if len(n) < 2 {
			return false
		}
		switch n[0] {
		case '+':
			return !strings.HasPrefix(n, "++")
		case '-':
			return !strings.HasPrefix(n, "--")
		case ' ':
			return n[1] != ' '
		}
	}
	return false
}

// looksLikeHunkLine reports a line that continues hunk syntax. "-- " (the
// mail signature), "---" and whitespace-only lines end a diff.
func looksLikeHunkLine(s string) bool {
	if s == "" || strings.TrimSpace(s) == "" {
		return false
	}
	switch s[0] {
	case '+', '\\':
		return true
	case ' ':
		return true
	case '-':
		return !strings.HasPrefix(s, "--")
	}
	return false
}

// parseFile reads one file diff (headers and hunks) starting at line i.
func parseFile(lines []srcLine, i int) (*File, int, *syntaxError) {
	hdr, _ := fileStart(lines, i)
	f := &File{Line: lines[hdr].n}
	git := false
	var gitOld, gitNew string
	var renameFrom, renameTo, copyFrom, copyTo string
	prefixed := true
	j := hdr
	if strings.HasPrefix(lines[j].text, "diff --git ") {
		git = true
		args := strings.TrimPrefix(lines[j].text, "diff --git ")
		gitOld, gitNew = splitGitArgs(args)
		prefixed = strings.HasPrefix(gitOld, "a/") && strings.HasPrefix(gitNew, "b/")
		j++
	headers:
		for j < len(lines) {
			t := lines[j].text
			switch {
			case strings.HasPrefix(t, "old mode "):
				f.OldMode = strings.TrimPrefix(t, "old mode ")
			case strings.HasPrefix(t, "new mode "):
				f.NewMode = strings.TrimPrefix(t, "new mode ")
			case strings.HasPrefix(t, "deleted file mode "):
				f.Deleted = true
				f.OldMode = strings.TrimPrefix(t, "deleted file mode ")
			case strings.HasPrefix(t, "new file mode "):
				f.Added = true
				f.NewMode = strings.TrimPrefix(t, "new file mode ")
			case strings.HasPrefix(t, "rename from "):
				renameFrom = unquoteName(strings.TrimPrefix(t, "rename from "))
			case strings.HasPrefix(t, "rename to "):
				renameTo = unquoteName(strings.TrimPrefix(t, "rename to "))
			case strings.HasPrefix(t, "copy from "):
				copyFrom = unquoteName(strings.TrimPrefix(t, "copy from "))
			case strings.HasPrefix(t, "copy to "):
				copyTo = unquoteName(strings.TrimPrefix(t, "copy to "))
			case strings.HasPrefix(t, "index "):
				f.OldIndex, f.NewIndex = parseIndex(strings.TrimPrefix(t, "index "))
			case strings.HasPrefix(t, "Binary files "):
				f.Binary = true
			case strings.HasPrefix(t, "GIT binary patch"):
				f.Binary = true
				j = skipBinaryData(lines, j+1)
				continue
			case strings.HasPrefix(t, "similarity index "), strings.HasPrefix(t, "dissimilarity index "):
			default:
				break headers
			}
			j++
		}
	} else {
		for preHeaderLine(lines[j].text) {
			j++
		}
	}
	var minus, plus string
	hasFileHeader := false
	if strings.HasPrefix(text(lines, j), "--- ") && strings.HasPrefix(text(lines, j+1), "+++ ") {
		hasFileHeader = true
		minus = headerName(strings.TrimPrefix(lines[j].text, "--- "))
		plus = headerName(strings.TrimPrefix(lines[j+1].text, "+++ "))
		j += 2
		if !f.Binary && !strings.HasPrefix(text(lines, j), "@@ ") {
			return nil, j, &syntaxError{lines[j-1].n, "file header \"+++ " + plus + "\" is not followed by a hunk"}
		}
	}
	for strings.HasPrefix(text(lines, j), "@@ ") {
		h, next, err := parseHunk(lines, j)
		if err != nil {
			return nil, next, err
		}
		f.Hunks = append(f.Hunks, h)
		j = next
	}

	// Names: the ---/+++ lines, then rename/copy headers, then the
	// diff --git line.
	var oldName, newName string
	strip := func(s, p string) string {
		if s == "/dev/null" {
			return ""
		}
		if git && prefixed {
			return strings.TrimPrefix(s, p)
		}
		return s
	}
	switch {
	case hasFileHeader && git:
		oldName, newName = strip(minus, "a/"), strip(plus, "b/")
	case hasFileHeader:
		oldName, newName = stripNonGit(minus, plus)
	default:
		oldName, newName = strip(gitOld, "a/"), strip(gitNew, "b/")
	}
	if renameFrom != "" || renameTo != "" {
		f.Renamed = true
		if renameFrom != "" {
			oldName = renameFrom
		}
		if renameTo != "" {
			newName = renameTo
		}
	}
	if copyFrom != "" || copyTo != "" {
		f.Copied = true
		if copyFrom != "" {
			oldName = copyFrom
		}
		if copyTo != "" {
			newName = copyTo
		}
	}
	if f.Added {
		oldName = ""
	}
	if f.Deleted {
		newName = ""
	}
	if oldName == "" && !f.Added && hasFileHeader {
		f.Added = true
	}
	if newName == "" && !f.Deleted && hasFileHeader {
		f.Deleted = true
	}
	if oldName == "" && newName == "" {
		return nil, j, &syntaxError{lines[hdr].n, "cannot tell the file name of this diff"}
	}
	if oldName != "" && newName != "" && oldName != newName && !f.Copied {
		f.Renamed = true
	}
	var err error
	if f.OldPath, err = cleanPath(oldName); err != nil {
		return nil, j, &syntaxError{lines[hdr].n, err.Error()}
	}
	if f.NewPath, err = cleanPath(newName); err != nil {
		return nil, j, &syntaxError{lines[hdr].n, err.Error()}
	}
	if f.Added && f.Deleted {
		return nil, j, &syntaxError{lines[hdr].n, "diff both creates and deletes " + f.Path()}
	}
	if git && !hasFileHeader && !f.Binary && f.OldMode != "" && f.NewMode != "" && !f.Renamed && !f.Copied && !f.Added && !f.Deleted {
		f.ModeOnly = true
	}
	if err := checkHunks(f, lines[hdr].n); err != nil {
		return nil, j, err
	}
	return f, j, nil
}

// checkHunks checks that hunks are in order and fit an added or deleted
// file.
func checkHunks(f *File, line int) *syntaxError {
	last := 0
	for _, h := range f.Hunks {
		if f.Added && (h.OldLines != 0 || h.OldStart != 0) {
			return &syntaxError{h.Line, fmt.Sprintf("hunk %s of new file %s has old lines", h.Header, f.Path())}
		}
		if f.Deleted && (h.NewLines != 0 || h.NewStart != 0) {
			return &syntaxError{h.Line, fmt.Sprintf("hunk %s of deleted file %s has new lines", h.Header, f.Path())}
		}
		if h.OldStart < last {
			return &syntaxError{h.Line, fmt.Sprintf("hunk %s of %s is out of order", h.Header, f.Path())}
		}
		last = h.OldStart + h.OldLines
	}
	return nil
}

// parseHunk reads one hunk: its header and exactly as many body lines as
// the header counts.
func parseHunk(lines []srcLine, i int) (*Hunk, int, *syntaxError) {
	hl := lines[i]
	m := hunkHeaderRE.FindStringSubmatch(hl.text)
	if m == nil {
		return nil, i + 1, &syntaxError{hl.n, fmt.Sprintf("bad hunk header %q", clip(hl.text))}
	}
	num := func(s string, def int) (int, bool) {
		if s == "" {
			return def, true
		}
		v, err := strconv.Atoi(s)
		return v, err == nil && v >= 0 && v <= maxHunkCount
	}
	h := &Hunk{Line: hl.n, Section: strings.TrimSpace(m[5])}
	var ok [4]bool
	h.OldStart, ok[0] = num(m[1], 0)
	h.OldLines, ok[1] = num(m[2], 1)
	h.NewStart, ok[2] = num(m[3], 0)
	h.NewLines, ok[3] = num(m[4], 1)
	if !ok[0] || !ok[1] || !ok[2] || !ok[3] ||
		(h.OldLines > 0 && h.OldStart == 0) || (h.NewLines > 0 && h.NewStart == 0) {
		return nil, i + 1, &syntaxError{hl.n, fmt.Sprintf("bad hunk header %q", clip(hl.text))}
	}
	h.Header = strings.TrimSuffix(hl.text[:len(hl.text)-len(m[5])], " ")
	old, nw := h.OldLines, h.NewLines
	j := i + 1
	for old > 0 || nw > 0 {
		if j >= len(lines) {
			return nil, j, &syntaxError{lastLine(lines, j), fmt.Sprintf(
				"truncated hunk %s: the text ends %s", h.Header, missing(old, nw))}
		}
		t := lines[j].text
		op := byte(' ')
		body := ""
		if t != "" {
			op, body = t[0], t[1:]
		}
		switch op {
		case ' ':
			if old == 0 || nw == 0 {
				return nil, j, countError(h, lines[j], old, nw)
			}
			old--
			nw--
		case '-':
			if old == 0 {
				return nil, j, countError(h, lines[j], old, nw)
			}
			old--
		case '+':
			if nw == 0 {
				return nil, j, countError(h, lines[j], old, nw)
			}
			nw--
		case '\\':
			if len(h.Lines) == 0 || h.Lines[len(h.Lines)-1].NoEOL {
				return nil, j, &syntaxError{lines[j].n, fmt.Sprintf("stray %q in hunk %s", clip(t), h.Header)}
			}
			h.Lines[len(h.Lines)-1].NoEOL = true
			j++
			continue
		default:
			if strings.HasPrefix(t, "@@ ") || strings.HasPrefix(t, "diff --git ") {
				return nil, j, countError(h, lines[j], old, nw)
			}
			return nil, j, &syntaxError{lines[j].n, fmt.Sprintf(
				"truncated hunk %s: %q is not diff, %s", h.Header, clip(t), missing(old, nw))}
		}
		h.Lines = append(h.Lines, HunkLine{Op: op, Text: body})
		j++
	}
	if strings.HasPrefix(text(lines, j), "\\") && j < len(lines) {
		if len(h.Lines) == 0 {
			return nil, j, &syntaxError{lines[j].n, fmt.Sprintf("stray %q in hunk %s", clip(lines[j].text), h.Header)}
		}
		h.Lines[len(h.Lines)-1].NoEOL = true
		j++
	}
	if err := checkNoEOL(h); err != nil {
		return nil, j, err
	}
	return h, j, nil
}

// checkNoEOL checks that a line without newline is the last of its side.
func checkNoEOL(h *Hunk) *syntaxError {
	oldEnd, newEnd := false, false
	for _, l := range h.Lines {
		inOld, inNew := l.Op != '+', l.Op != '-'
		if (inOld && oldEnd) || (inNew && newEnd) {
			return &syntaxError{h.Line, fmt.Sprintf("hunk %s goes on after \"\\ No newline at end of file\"", h.Header)}
		}
		if l.NoEOL {
			oldEnd = oldEnd || inOld
			newEnd = newEnd || inNew
		}
	}
	return nil
}

func lastLine(lines []srcLine, j int) int {
	if j > 0 && j-1 < len(lines) {
		return lines[j-1].n
	}
	return 0
}

func missing(old, nw int) string {
	return fmt.Sprintf("with %d old and %d new lines still missing", old, nw)
}

func countError(h *Hunk, l srcLine, old, nw int) *syntaxError {
	return &syntaxError{l.n, fmt.Sprintf("wrong line counts in hunk %s: found %q %s",
		h.Header, clip(l.text), missing(old, nw))}
}

// clip shortens text quoted in messages.
func clip(s string) string {
	const max = 72
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}

// skipBinaryData skips the data of a "GIT binary patch": one or two
// blocks of "literal N"/"delta N", base85 lines and an empty line.
func skipBinaryData(lines []srcLine, j int) int {
	for j < len(lines) {
		t := lines[j].text
		if !strings.HasPrefix(t, "literal ") && !strings.HasPrefix(t, "delta ") {
			break
		}
		j++
		for j < len(lines) && lines[j].text != "" && isBase85Line(lines[j].text) {
			j++
		}
		if j < len(lines) && lines[j].text == "" {
			j++
		}
	}
	return j
}

func isBase85Line(s string) bool {
	if len(s) < 2 {
		return false
	}
	c := s[0]
	if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c > '~' || c == '"' || c == '\'' || c == ',' || c == '.' || c == '/' || c == ':' || c == '[' || c == ']' || c == '\\' {
			return false
		}
	}
	return true
}

// parseIndex reads "abc123..def456 100644".
func parseIndex(s string) (string, string) {
	s, _, _ = strings.Cut(s, " ")
	a, b, ok := strings.Cut(s, "..")
	if !ok || !isHex(a) || !isHex(b) {
		return "", ""
	}
	return strings.ToLower(a), strings.ToLower(b)
}

func isHex(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// headerName takes the name from a ---/+++ line: a tab ends it (a time
// stamp follows), C-style quotes are removed.
func headerName(s string) string {
	if strings.HasPrefix(s, "\"") {
		if u, rest, ok := cutQuoted(s); ok && (rest == "" || rest[0] == '\t' || rest[0] == ' ') {
			return u
		}
	}
	if k := strings.IndexByte(s, '\t'); k >= 0 {
		s = s[:k]
	}
	return strings.TrimRight(s, " ")
}

func unquoteName(s string) string {
	if strings.HasPrefix(s, "\"") {
		if u, rest, ok := cutQuoted(s); ok && rest == "" {
			return u
		}
	}
	return s
}

// cutQuoted unquotes a C-style quoted name at the start of s, as git
// writes names with unusual characters.
func cutQuoted(s string) (string, string, bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return b.String(), s[i+1:], true
		case '\\':
			i++
			if i >= len(s) {
				return "", "", false
			}
			switch e := s[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'a':
				b.WriteByte('\a')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'r':
				b.WriteByte('\r')
			case 'v':
				b.WriteByte('\v')
			case '"', '\\':
				b.WriteByte(e)
			default:
				if e >= '0' && e <= '3' && i+2 < len(s) {
					v, err := strconv.ParseUint(s[i:i+3], 8, 8)
					if err != nil {
						return "", "", false
					}
					b.WriteByte(byte(v))
					i += 2
				} else {
					return "", "", false
				}
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", false
}

// splitGitArgs splits the names of a "diff --git" line.
func splitGitArgs(args string) (string, string) {
	if strings.HasPrefix(args, "\"") {
		a, rest, ok := cutQuoted(args)
		if !ok || !strings.HasPrefix(rest, " ") {
			return "", ""
		}
		return a, unquoteName(rest[1:])
	}
	if k := strings.Index(args, " \""); k >= 0 && strings.HasSuffix(args, "\"") {
		return args[:k], unquoteName(args[k+1:])
	}
	if k := strings.Index(args, " b/"); k >= 0 && strings.HasPrefix(args, "a/") {
		return args[:k], args[k+1:]
	}
	// Without prefixes, names with spaces are ambiguous; take the middle
	// when both halves are equal.
	if n := len(args); n%2 == 1 && args[:n/2] == args[n/2+1:] {
		return args[:n/2], args[n/2+1:]
	}
	a, b, _ := strings.Cut(args, " ")
	return a, b
}

// stripNonGit strips the first component of non-git names (like patch
// -p1) when the names look prefixed: "a/x" "b/x", "linux.orig/x" "linux/x".
func stripNonGit(minus, plus string) (string, string) {
	if minus == "/dev/null" {
		minus = ""
	}
	if plus == "/dev/null" {
		plus = ""
	}
	first := func(s string) (string, string, bool) {
		a, b, ok := strings.Cut(s, "/")
		return a, b, ok && a != "" && b != ""
	}
	ma, mr, mok := first(minus)
	pa, pr, pok := first(plus)
	switch {
	case mok && pok && (ma != pa || ma == "a" || ma == "b"):
		return mr, pr
	case minus == "" && pok && pa == "b":
		return "", pr
	case plus == "" && mok && ma == "a":
		return mr, ""
	}
	if minus != "" && plus != "" && minus != plus {
		// "kcov.c.orig" against "kcov.c": the file is the new name.
		if strings.HasPrefix(minus, plus) {
			return plus, plus
		}
	}
	return minus, plus
}

// cleanPath checks that a patch path stays inside the tree.
func cleanPath(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	if strings.ContainsAny(p, "\x00\r\n") || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") {
		return "", fmt.Errorf("unsafe path %q in diff", clip(p))
	}
	c := path.Clean(p)
	if c == "." || c == ".." || strings.HasPrefix(c, "../") || c != p && c+"/" != p {
		return "", fmt.Errorf("unsafe path %q in diff", clip(p))
	}
	for _, part := range strings.Split(c, "/") {
		if part == ".git" {
			return "", fmt.Errorf("unsafe path %q in diff", clip(p))
		}
	}
	return c, nil
}

// crossCheck hands the diff text to go-diff and attaches its reading of
// each file; disagreements become notes.
func crossCheck(d *foundDiff) (notes []string) {
	defer func() {
		if r := recover(); r != nil {
			notes = append(notes, fmt.Sprintf("go-diff crashed on this diff (%v); using kcovlint's own reading", r))
		}
	}()
	fds, err := diff.ParseMultiFileDiff(d.raw)
	if err != nil {
		var pe *diff.ParseError
		if errors.As(err, &pe) {
			return []string{fmt.Sprintf("go-diff cannot read this diff (%v); using kcovlint's own reading", pe.Err)}
		}
		return []string{fmt.Sprintf("go-diff cannot read this diff (%v); using kcovlint's own reading", err)}
	}
	if len(fds) != len(d.files) {
		return []string{fmt.Sprintf("go-diff finds %d files where kcovlint finds %d; using kcovlint's reading", len(fds), len(d.files))}
	}
	for k, fd := range fds {
		f := d.files[k]
		if len(fd.Hunks) != len(f.Hunks) {
			notes = append(notes, fmt.Sprintf("go-diff finds %d hunks in %s where kcovlint finds %d; using kcovlint's reading", len(fd.Hunks), f.Path(), len(f.Hunks)))
			continue
		}
		agree := true
		for n, h := range fd.Hunks {
			mine := f.Hunks[n]
			if int(h.OrigStartLine) != mine.OldStart || int(h.OrigLines) != mine.OldLines ||
				int(h.NewStartLine) != mine.NewStart || int(h.NewLines) != mine.NewLines {
				agree = false
			}
		}
		if !agree {
			notes = append(notes, fmt.Sprintf("go-diff reads the hunk headers of %s differently; using kcovlint's reading", f.Path()))
			continue
		}
		f.Diff = fd
	}
	return notes
}
