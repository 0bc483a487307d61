// SPDX-License-Identifier: MIT

package cparse

import (
	"bytes"
	"strings"
	"testing"
)

// Options.Dump receives the text of each parser run, each after a line
// naming the file and the run: a file whose second function does not
// parse takes more than one.
func TestDump(t *testing.T) {
	src := "int good(int a)\n{\n\treturn a + 1;\n}\n\nint bad(int a)\n{\n\treturn a +;\n}\n"
	var dump bytes.Buffer
	f := ParseSource("dir/x.c", []byte(src), Options{Dump: &dump})
	if len(f.Failures) == 0 {
		t.Fatalf("bad() parsed: the test needs a failing declaration")
	}
	out := dump.String()
	if !strings.HasPrefix(out, "/* ---- dir/x.c: parser run 1 ---- */\n") {
		t.Errorf("the dump does not start with the first run's line:\n%s", out)
	}
	if !strings.Contains(out, "/* ---- dir/x.c: parser run 2 ---- */\n") {
		t.Errorf("no second run in the dump:\n%s", out)
	}
	if !strings.Contains(out, "good") || !strings.Contains(out, "bad") {
		t.Errorf("the dump does not hold the file's functions:\n%s", out)
	}
}
