// SPDX-License-Identifier: MIT

package rutil

import "testing"

func TestAnalyzerDoc(t *testing.T) {
	src := "// SPDX-License-Identifier: MIT\n\n// Package foo reports foos.\n//\n// # Analyzer foo\n//\n// foo: a foo where\n// a bar belongs\n//\n// More text.\n//\n//\tcode()\n//\n// # Other\n//\n// not this\npackage foo\n"
	doc := AnalyzerDoc(src, "foo")
	if want := "foo: a foo where\na bar belongs\n\nMore text.\n\n\tcode()"; doc != want {
		t.Errorf("AnalyzerDoc = %q, want %q", doc, want)
	}
	if s := DocSummary("foo", doc); s != "a foo where a bar belongs" {
		t.Errorf("DocSummary = %q", s)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic for a missing section")
		}
	}()
	AnalyzerDoc(src, "bar")
}
