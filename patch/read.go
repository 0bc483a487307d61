// SPDX-License-Identifier: MIT

package patch

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// message is one mail (or one post of a thread saved from the web).
type message struct {
	subject string
	author  string
	start   int // source line where the message starts
	// bodies are the text parts of the message; a diff never spans two.
	bodies [][]srcLine
	notes  []string
	err    error
}

// Read finds every patch in data, which may be a plain diff, git diff or
// git format-patch output, a mail, an mbox or a mail thread saved as text.
// source names the data in messages and in fallback names.
//
// Quoted text (lines starting with '>') is never read as a patch. A source
// holding no patch, or a patch with a syntax error (a truncated hunk, wrong
// hunk line counts, a bad header), is an error naming the source and line.
// When some patches of a source are good and others bad, Read returns the
// good ones together with the error.
func Read(source string, data []byte) ([]*Input, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: empty input", source)
	}
	if k := bytes.IndexByte(data, 0); k >= 0 {
		return nil, fmt.Errorf("%s:%d: binary data (a NUL byte), not a patch or mail", source, 1+bytes.Count(data[:k], []byte{'\n'}))
	}
	if isBinaryJunk(data) {
		return nil, fmt.Errorf("%s: binary data, not a patch or mail", source)
	}
	var notes []string
	text := string(data)
	if crlf := strings.Count(text, "\r\n"); crlf > 0 && crlf*2 >= strings.Count(text, "\n") {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		notes = append(notes, "CRLF line ends read as LF")
	}
	lines := splitLines(text, 1)
	msgs := splitMessages(lines)

	var inputs []*Input
	var errs []error
	replies := map[string]int{}
	for _, m := range msgs {
		if m.err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %v", source, m.start, m.err))
			continue
		}
		reply := isReply(m.subject)
		for _, body := range m.bodies {
			diffs, serrs := scanDiffs(body)
			for _, e := range serrs {
				errs = append(errs, fmt.Errorf("%s:%s", source, e.Error()))
			}
			for _, d := range diffs {
				in := &Input{
					Subject: m.subject,
					Source:  source,
					Author:  m.author,
					Line:    d.line,
					Reply:   reply,
					Files:   d.files,
					Raw:     d.raw,
				}
				in.Notes = append(in.Notes, notes...)
				in.Notes = append(in.Notes, m.notes...)
				in.Notes = append(in.Notes, d.notes...)
				for _, f := range d.files {
					if f.Binary {
						in.Notes = append(in.Notes, f.Path()+": binary patch, skipped")
					}
				}
				base := subjectName(m.subject)
				if reply && base != "" {
					replies[base]++
					base = fmt.Sprintf("%s-reply-%d", base, replies[base])
				}
				in.Name = base
				inputs = append(inputs, in)
			}
		}
	}
	if len(inputs) == 0 && len(errs) == 0 {
		if len(msgs) > 1 || (len(msgs) == 1 && msgs[0].subject != "") {
			return nil, fmt.Errorf("%s: no patch in this mail or thread (quoted diffs are not taken)", source)
		}
		return nil, fmt.Errorf("%s: no patch found (not a diff, mail or thread holding one)", source)
	}
	nameFallbacks(source, inputs)
	UniqueNames(inputs)
	return inputs, errors.Join(errs...)
}

// isBinaryJunk reports data that is mostly control bytes or not text.
func isBinaryJunk(data []byte) bool {
	n := min(len(data), 8192)
	bad := 0
	for i := 0; i < n; {
		r, size := utf8.DecodeRune(data[i:])
		if r < ' ' && r != '\n' && r != '\r' && r != '\t' && r != '\f' && r != 0x1b {
			bad++
		}
		i += size
	}
	return bad*20 > n
}

func splitLines(text string, first int) []srcLine {
	text = strings.TrimSuffix(text, "\n")
	parts := strings.Split(text, "\n")
	out := make([]srcLine, len(parts))
	for i, p := range parts {
		out[i] = srcLine{text: p, n: first + i}
	}
	return out
}

var headerRE = regexp.MustCompile(`^[!-9;-~]+:`)

// looksLikeHeaderBlock reports whether a mail header block starts at line
// i: header lines up to an empty line, one of them From: or Subject:.
func looksLikeHeaderBlock(lines []srcLine, i int) bool {
	seen := false
	for j := i; j < len(lines) && j-i < 200; j++ {
		t := lines[j].text
		if t == "" {
			return seen
		}
		if t[0] == ' ' || t[0] == '\t' {
			if j == i {
				return false
			}
			continue
		}
		if !headerRE.MatchString(t) {
			return false
		}
		l := strings.ToLower(t)
		if strings.HasPrefix(l, "from:") || strings.HasPrefix(l, "subject:") {
			seen = true
		}
	}
	return false
}

// splitMessages splits a source into messages: an mbox on its "From "
// lines, a single mail, a thread saved from the web on its "Posted by"
// lines, or else one plain text.
func splitMessages(lines []srcLine) []*message {
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first].text) == "" {
		first++
	}
	if first == len(lines) {
		return nil
	}
	// mbox: "From " lines at the start or after an empty line, followed by
	// a header block.
	if strings.HasPrefix(lines[first].text, "From ") && looksLikeHeaderBlock(lines, first+1) {
		var msgs []*message
		start := first
		for j := first + 1; j <= len(lines); j++ {
			if j == len(lines) || (strings.HasPrefix(lines[j].text, "From ") && lines[j-1].text == "" && looksLikeHeaderBlock(lines, j+1)) {
				m := parseMail(lines[start+1 : j])
				m.start = lines[start].n
				msgs = append(msgs, m)
				start = j
			}
		}
		return msgs
	}
	if looksLikeHeaderBlock(lines, first) {
		return []*message{parseMail(lines[first:])}
	}
	// A thread saved from a web archive: each post starts with its subject
	// line followed by "Posted by NAME WHEN".
	var starts []int
	for j := first; j+1 < len(lines); j++ {
		if strings.TrimSpace(lines[j].text) != "" && strings.HasPrefix(lines[j+1].text, "Posted by ") {
			starts = append(starts, j)
			j++ // the "Posted by" line belongs to this post
		}
	}
	if len(starts) > 0 {
		var msgs []*message
		if starts[0] > first {
			msgs = append(msgs, &message{start: lines[first].n, bodies: [][]srcLine{lines[first:starts[0]]}})
		}
		for k, s := range starts {
			end := len(lines)
			if k+1 < len(starts) {
				end = starts[k+1]
			}
			msgs = append(msgs, &message{
				subject: strings.TrimSpace(lines[s].text),
				author:  postedBy(lines[s+1].text),
				start:   lines[s].n,
				bodies:  [][]srcLine{lines[min(s+2, end):end]},
			})
		}
		return msgs
	}
	return []*message{{start: lines[first].n, bodies: [][]srcLine{lines[first:]}}}
}

// postedBy takes the name from "Posted by Tetsuo Handa 3 weeks, 1 day ago".
func postedBy(s string) string {
	var name []string
	for _, w := range strings.Fields(strings.TrimPrefix(s, "Posted by ")) {
		if w[0] >= '0' && w[0] <= '9' {
			break
		}
		name = append(name, w)
	}
	return strings.Join(name, " ")
}

// parseMail reads one mail: headers, then a body decoded as its
// Content-Transfer-Encoding and Content-Type say.
func parseMail(lines []srcLine) *message {
	m := &message{}
	if len(lines) == 0 {
		return m
	}
	m.start = lines[0].n
	hend := 0
	for hend < len(lines) && lines[hend].text != "" {
		hend++
	}
	var hb strings.Builder
	for _, l := range lines[:hend] {
		hb.WriteString(l.text)
		hb.WriteString("\n")
	}
	hb.WriteString("\n")
	msg, err := mail.ReadMessage(strings.NewReader(hb.String()))
	body := lines[min(hend+1, len(lines)):]
	if err != nil {
		m.notes = append(m.notes, fmt.Sprintf("mail headers unreadable (%v); read as plain text", err))
		m.bodies = [][]srcLine{lines}
		return m
	}
	dec := new(mime.WordDecoder)
	subj := msg.Header.Get("Subject")
	if s, err := dec.DecodeHeader(subj); err == nil {
		subj = s
	}
	m.subject = strings.Join(strings.Fields(subj), " ")
	if from := msg.Header.Get("From"); from != "" {
		if a, err := mail.ParseAddress(from); err == nil {
			m.author = a.Name
			if m.author == "" {
				m.author = a.Address
			}
		} else if s, err := dec.DecodeHeader(from); err == nil {
			m.author = strings.TrimSpace(s)
		}
	}
	bodyStart := m.start
	if len(body) > 0 {
		bodyStart = body[0].n
	}
	ctype := msg.Header.Get("Content-Type")
	cte := msg.Header.Get("Content-Transfer-Encoding")
	bodies, notes, err := decodeBody(ctype, cte, body, bodyStart, 0)
	m.notes = append(m.notes, notes...)
	if err != nil {
		m.err = err
		return m
	}
	m.bodies = bodies
	return m
}

// decodeBody decodes a body (or a MIME part) into its text parts.
func decodeBody(ctype, cte string, body []srcLine, start, depth int) ([][]srcLine, []string, error) {
	mediatype, params, err := mime.ParseMediaType(ctype)
	if ctype == "" || err != nil {
		mediatype = "text/plain"
	}
	if strings.HasPrefix(mediatype, "multipart/") {
		if depth > 8 {
			return nil, nil, errors.New("MIME parts nested too deep")
		}
		boundary := params["boundary"]
		if boundary == "" {
			return nil, nil, errors.New("multipart mail without boundary")
		}
		raw := joinLines(body)
		r := multipart.NewReader(strings.NewReader(raw), boundary)
		var bodies [][]srcLine
		notes := []string{"MIME multipart mail; line numbers are those of the message body"}
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, nil, fmt.Errorf("bad MIME multipart body: %v", err)
			}
			data, err := io.ReadAll(p)
			if err != nil {
				return nil, nil, fmt.Errorf("bad MIME multipart body: %v", err)
			}
			pt := p.Header.Get("Content-Type")
			if !textPart(pt, p.FileName()) {
				continue
			}
			partLines := splitLines(strings.ReplaceAll(string(data), "\r\n", "\n"), start)
			for k := range partLines {
				partLines[k].n = start
			}
			sub, subNotes, err := decodeBody(pt, p.Header.Get("Content-Transfer-Encoding"), partLines, start, depth+1)
			if err != nil {
				return nil, nil, err
			}
			bodies = append(bodies, sub...)
			notes = append(notes, subNotes...)
		}
		return bodies, notes, nil
	}
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		out, err := decodeQP(body)
		if err != nil {
			return nil, nil, err
		}
		return [][]srcLine{out}, []string{"quoted-printable body decoded"}, nil
	case "base64":
		var b strings.Builder
		for _, l := range body {
			b.WriteString(strings.TrimSpace(l.text))
		}
		s := b.String()
		data, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
		}
		if err != nil {
			return nil, nil, fmt.Errorf("bad base64 body: %v", err)
		}
		if bytes.IndexByte(data, 0) >= 0 {
			return nil, []string{"base64 body is binary, skipped"}, nil
		}
		out := splitLines(strings.ReplaceAll(string(data), "\r\n", "\n"), start)
		for k := range out {
			out[k].n = start
		}
		return [][]srcLine{out}, []string{"base64 body decoded; line numbers are those of the message body"}, nil
	}
	return [][]srcLine{body}, nil, nil
}

// textPart tells which MIME parts may hold a patch.
func textPart(ctype, filename string) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	if ctype == "" || err != nil {
		mt = "text/plain"
	}
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		return true
	case mt == "text/html":
		return false
	case strings.HasPrefix(mt, "text/"):
		return true
	case mt == "application/x-patch" || mt == "application/x-diff":
		return true
	case mt == "application/octet-stream":
		f := strings.ToLower(filename)
		return strings.HasSuffix(f, ".patch") || strings.HasSuffix(f, ".diff")
	}
	return false
}

// decodeQP decodes a quoted-printable body line group by line group, so
// that each decoded line keeps the source line it started on.
func decodeQP(body []srcLine) ([]srcLine, error) {
	var out []srcLine
	for i := 0; i < len(body); {
		start := body[i].n
		var b strings.Builder
		for i < len(body) {
			t := strings.TrimRight(body[i].text, " \t")
			b.WriteString(body[i].text)
			b.WriteString("\n")
			i++
			if !strings.HasSuffix(t, "=") {
				break
			}
		}
		data, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(b.String())))
		if err != nil {
			return nil, fmt.Errorf("bad quoted-printable body at line %d: %v", start, err)
		}
		s := strings.ReplaceAll(string(data), "\r\n", "\n")
		if s == "" {
			continue
		}
		for _, l := range splitLines(s, start) {
			out = append(out, srcLine{text: l.text, n: start})
		}
	}
	return out, nil
}

func joinLines(lines []srcLine) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.text)
		b.WriteString("\n")
	}
	return b.String()
}

var replyRE = regexp.MustCompile(`(?i)^\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:`)

func isReply(subject string) bool { return replyRE.MatchString(subject) }
