// SPDX-License-Identifier: MIT

package patch

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

const maxNameLen = 60

var (
	versionRE = regexp.MustCompile(`(?i)^v(\d+)$`)
	patchvRE  = regexp.MustCompile(`(?i)^patch-?v(\d+)$`)
	seriesRE  = regexp.MustCompile(`^(\d+)/(\d+)$`)
	prefixRE  = regexp.MustCompile(`(?i)^\s*((re|aw|sv|antw|fwd?)\s*(\[\d+\])?\s*:\s*)+`)
)

// subjectName makes a name from a mail subject: the words of its [...]
// tags without "PATCH" ("[PATCH v3]" gives "v3", "[RFC PATCH v2 1/3]"
// gives "rfc-v2-1of3", "[PATCH v3 follow-up]" gives "v3-follow-up"), or,
// without tags, a slug of the subject text. "" for no subject.
func subjectName(subject string) string {
	s := prefixRE.ReplaceAllString(subject, "")
	s = strings.TrimSpace(s)
	var words []string
	series := ""
	for strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			break
		}
		for _, w := range strings.Fields(s[1:end]) {
			switch {
			case strings.EqualFold(w, "patch"):
			case versionRE.MatchString(w):
				words = append(words, "v"+versionRE.FindStringSubmatch(w)[1])
			case patchvRE.MatchString(w):
				words = append(words, "v"+patchvRE.FindStringSubmatch(w)[1])
			case seriesRE.MatchString(w):
				m := seriesRE.FindStringSubmatch(w)
				series = strings.TrimLeft(m[1], "0")
				if series == "" {
					series = "0"
				}
				series += "of" + m[2]
			default:
				words = append(words, w)
			}
		}
		s = strings.TrimSpace(s[end+1:])
		s = prefixRE.ReplaceAllString(s, "")
	}
	if series != "" {
		words = append(words, series)
	}
	if len(words) > 0 {
		return slug(strings.Join(words, "-"), maxNameLen)
	}
	return slug(s, 40)
}

// slug makes a file-system safe name: lower case letters, digits, '.',
// '_' and '-', not starting with '.' or '-', at most max bytes, cut at a
// word boundary when possible.
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_'
		if ok {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-.")
	if len(out) > max {
		cut := out[:max]
		if k := strings.LastIndexByte(cut, '-'); k > max/2 {
			cut = cut[:k]
		}
		out = strings.Trim(cut, "-.")
	}
	for strings.Contains(out, "..") {
		out = strings.ReplaceAll(out, "..", ".")
	}
	return out
}

// nameFallbacks names inputs without a usable subject after the source
// file and their index among such inputs.
func nameFallbacks(source string, inputs []*Input) {
	base := filepath.Base(source)
	if source == "-" || source == "" {
		base = "stdin"
	}
	for _, ext := range []string{".patch", ".diff", ".mbox", ".eml", ".txt", ".mail"} {
		base = strings.TrimSuffix(base, ext)
	}
	base = slug(base, maxNameLen-6)
	if base == "" {
		base = "patch"
	}
	var unnamed []*Input
	for _, in := range inputs {
		if in.Name == "" {
			unnamed = append(unnamed, in)
		}
	}
	for k, in := range unnamed {
		if len(unnamed) == 1 {
			in.Name = base
		} else {
			in.Name = fmt.Sprintf("%s-%d", base, k+1)
		}
	}
}

// UniqueNames makes the names of inputs unique, in order, by appending
// "-2", "-3", ... to repeats. Read does this for the inputs of one source;
// call it again when combining several sources.
func UniqueNames(inputs []*Input) {
	seen := map[string]bool{}
	for _, in := range inputs {
		if in.Name == "" {
			in.Name = "patch"
		}
		if !seen[in.Name] {
			seen[in.Name] = true
			continue
		}
		for k := 2; ; k++ {
			n := fmt.Sprintf("%s-%d", in.Name, k)
			if !seen[n] {
				in.Name = n
				seen[n] = true
				break
			}
		}
	}
}
