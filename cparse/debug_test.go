// SPDX-License-Identifier: MIT

package cparse

import (
	"os"
	"testing"
)

// TestDebugFile parses $KCOVLINT_DEBUG_FILE and prints inferred types and
// failures; it is a development aid and skips without the variable.
func TestDebugFile(t *testing.T) {
	path := os.Getenv("KCOVLINT_DEBUG_FILE")
	if path == "" {
		t.Skip("KCOVLINT_DEBUG_FILE not set")
	}
	f, err := ParseFile(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("inferred: %v", f.Stats.Inferred)
	for _, x := range f.Failures {
		t.Logf("%s", x)
	}
	t.Logf("funcs %d parsed %d", f.Stats.FuncChunks, f.Stats.Parsed)
}
