// SPDX-License-Identifier: MIT

package cparse

import (
	"os"
	"testing"
)

// TestDebugFile parses $KCOVLINT_DEBUG_FILE and prints inferred types,
// failures and the functions the brace scanner counts that did not parse;
// it is a development aid and skips without the variable.
func TestDebugFile(t *testing.T) {
	path := os.Getenv("KCOVLINT_DEBUG_FILE")
	if path == "" {
		t.Skip("KCOVLINT_DEBUG_FILE not set")
	}
	cfg := NewConfig(os.Getenv("KCOVLINT_DEBUG_RT") != "")
	f, err := ParseFile(path, Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("inferred: %v", f.Stats.Inferred)
	for _, x := range f.Failures {
		t.Logf("%s", x)
	}
	src, _ := os.ReadFile(path)
	got := map[int]bool{}
	for _, fn := range f.Funcs {
		if fn.Body != nil && fn.Body.P.File == path {
			got[fn.Body.P.Line] = true
		}
	}
	for _, l := range FunctionLines(src, cfg) {
		if !got[l] {
			t.Logf("not parsed: function body at %s:%d", path, l)
		}
	}
	t.Logf("funcs %d parsed %d generated %d scanned %d", f.Stats.FuncChunks, f.Stats.Parsed, f.Stats.Generated, CountFunctions(src, cfg))
}
