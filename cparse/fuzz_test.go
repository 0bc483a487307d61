// SPDX-License-Identifier: MIT

package cparse

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// maxFuzzInput bounds the inputs FuzzParse runs: a kernel function or two.
// Larger inputs find nothing more and cost more per run.
const maxFuzzInput = 1024

// fuzzMinimize is how many runs minimizing an interesting input may take
// when -fuzzminimizetime is not given: nearly every mutation of C text
// reaches new code of the parser, and the default (60 s, each candidate a
// run of the front end) spent a short fuzz run minimizing its first find.
const fuzzMinimize = "100x"

// FuzzParse feeds arbitrary bytes to the whole front end (preprocessor,
// tolerance layer, parser, IR builder) and to the function counter. It
// must never panic or hang, and every failure must say where and why.
// Local includes resolve against a small in-memory file system (including
// a header that includes itself), so that include handling is fuzzed too.
//
// The seeds are small kernel-like functions (testdata/fuzz/FuzzParse and
// testdata/*.c) and inputs are bounded (maxFuzzInput), so that a run of
// the front end takes milliseconds: CI's 20-second run executes
// thousands of inputs.
func FuzzParse(f *testing.F) {
	minimizeSet := false
	flag.Visit(func(fl *flag.Flag) { minimizeSet = minimizeSet || fl.Name == "test.fuzzminimizetime" })
	if fl := flag.Lookup("test.fuzzminimizetime"); fl != nil && !minimizeSet {
		if err := fl.Value.Set(fuzzMinimize); err != nil {
			f.Fatal(err)
		}
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.[ch]"))
	for _, p := range seeds {
		if src, err := os.ReadFile(p); err == nil && len(src) <= maxFuzzInput {
			f.Add(src)
		}
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
		if len(src) > maxFuzzInput {
			t.Skip("larger than maxFuzzInput")
		}
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
