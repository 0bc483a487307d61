// SPDX-License-Identifier: MIT

package cparse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary bytes to the whole front end (preprocessor,
// tolerance layer, parser, IR builder) and to the function counter. It
// must never panic or hang, and every failure must say where and why.
// Local includes resolve against a small in-memory file system (including
// a header that includes itself), so that include handling is fuzzed too.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.[ch]"))
	for _, p := range seeds {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	kcov := filepath.Join("..", "..", "shared", "corpus", "kcov-rt", "post-v3", "kernel", "kcov.c")
	if src, err := os.ReadFile(kcov); err == nil {
		// A slice of kcov.c: the RT/non-RT remote-coverage part.
		s := string(src)
		if i := strings.Index(s, "#ifdef CONFIG_PREEMPT_RT\nstatic void kcov_remote_softirq_start"); i >= 0 {
			s = s[i:min(len(s), i+6000)]
		}
		f.Add([]byte(s))
	}
	f.Add([]byte("#define F(x) F(x) x\n#include \"self.h\"\nint f(void) { F(1); list_for_each_entry(p, h, n) { } }\n"))
	// Found by the fuzzer: the rest of an unbalanced declaration that cc
	// takes for a function definition without a name.
	f.Add([]byte("0000}A0000000000\n){000000 0()()}A()\nA\""))
	headers := map[string]string{
		"fuzz/self.h":  "#include \"self.h\"\n#define SELF 1\n",
		"fuzz/local.h": "struct local { int x; };\n#define LOCAL(x) ((x) + 1)\nstatic inline int local_fn(int a) { return LOCAL(a); }\n",
	}
	read := func(p string) ([]byte, error) {
		if s, ok := headers[p]; ok {
			return []byte(s), nil
		}
		return nil, os.ErrNotExist
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, rt := range []bool{false, true} {
			cfg := NewConfig(rt)
			file := ParseSource("fuzz/input.c", src, Options{Config: cfg, ReadFile: read, TimeLimit: time.Second})
			for _, x := range file.Failures {
				if x.Pos.File == "" || x.Pos.Line <= 0 || x.Reason == "" {
					t.Fatalf("failure without a place or reason: %+v", x)
				}
				if x.Reason == "internal error" {
					t.Fatalf("internal error: %s", x)
				}
			}
			for _, fn := range file.Funcs {
				if fn.Body != nil && !fn.Pos.IsValid() {
					t.Fatalf("function %s without a position", fn.Name)
				}
			}
			CountFunctions(src, cfg)
		}
	})
}
