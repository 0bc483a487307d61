// SPDX-License-Identifier: MIT

package rutil

import (
	"fmt"
	"strings"
)

// AnalyzerDoc returns the "# Analyzer NAME" section of a rule package's
// doc comment, given the source of its doc.go (embedded), as
// golang.org/x/tools' passes extract their Analyzer.Doc: one text for
// `go doc`, the Analyzer's Doc and `kcovlint explain`. Its first paragraph
// is "NAME: summary". It panics when the section is missing, as a rule
// without its documentation is a programming error.
func AnalyzerDoc(src, name string) string {
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, "package ") {
			break
		}
		if !strings.HasPrefix(l, "//") {
			lines = lines[:0] // a comment not attached to the package
			continue
		}
		l = strings.TrimPrefix(l, "//")
		l = strings.TrimPrefix(l, " ")
		lines = append(lines, l)
	}
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "# Analyzer "+name {
			start = i + 1
			break
		}
	}
	if start < 0 {
		panic(fmt.Sprintf("rule %s: no \"# Analyzer %s\" section in its doc.go", name, name))
	}
	var out []string
	for _, l := range lines[start:] {
		if strings.HasPrefix(l, "# ") {
			break
		}
		out = append(out, l)
	}
	doc := strings.TrimSpace(strings.Join(out, "\n"))
	if !strings.HasPrefix(doc, name+": ") {
		panic(fmt.Sprintf("rule %s: its doc does not start with %q", name, name+": "))
	}
	return doc
}

// DocSummary is the first paragraph of an AnalyzerDoc without its
// "NAME: " prefix, on one line.
func DocSummary(name, doc string) string {
	para, _, _ := strings.Cut(doc, "\n\n")
	return strings.Join(strings.Fields(strings.TrimPrefix(para, name+": ")), " ")
}
