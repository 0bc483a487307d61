// SPDX-License-Identifier: MIT

package cparse

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestIncluderPrelude: a .c file that a sibling .c file #includes is read
// after the headers the includer reads before it, so that it parses with
// their macros (kernel/sched/rt.c in build_policy.c after sched.h).
func TestIncluderPrelude(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"defs.h":  "#define DEFINE_OP(name) static int name##_op(void)\n",
		"other.h": "#define OTHER 1\n",
		"build.c": "#include <linux/kernel.h>\n#include \"defs.h\"\n#include \"part.c\"\n#include \"other.h\"\n",
		"part.c":  "DEFINE_OP(alpha)\n{\n\treturn 0;\n}\n\nint beta(void)\n{\n\treturn alpha_op();\n}\n",
		"alone.c": "DEFINE_OP(gamma)\n{\n\treturn 0;\n}\n",
	}
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := includerPrelude(filepath.Join(dir, "part.c")), []string{filepath.Join(dir, "defs.h")}; !slices.Equal(got, want) {
		t.Errorf("prelude of part.c = %v, want %v", got, want)
	}
	if got := includerPrelude(filepath.Join(dir, "alone.c")); got != nil {
		t.Errorf("prelude of alone.c = %v, want none", got)
	}
	names := func(file string) []string {
		f, err := ParseFile(filepath.Join(dir, file), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, fn := range f.Funcs {
			out = append(out, fn.Name)
		}
		return out
	}
	if got := names("part.c"); !slices.Contains(got, "alpha_op") || !slices.Contains(got, "beta") {
		t.Errorf("part.c defines %v, want alpha_op and beta", got)
	}
	if got := names("alone.c"); slices.Contains(got, "gamma_op") {
		t.Errorf("alone.c defines %v: gamma_op without its includer's macro?", got)
	}
}
