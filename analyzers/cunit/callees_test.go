// SPDX-License-Identifier: MIT

package cunit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kcovlint/kcovlint/cparse"
)

// The callee files (Options.Callees) are read two levels down, only the
// called functions and what they call parsed, and a file the unit holds
// already (a caller's file that also defines a callee) is not read twice.
func TestUnitReadsCalleeFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	target := write("target.c", "int sub_send(int);\nint both_helper(void);\nvoid target_fn(int x)\n{\n\tsub_send(x);\n\tboth_helper();\n}\n")
	caller := write("caller.c", "void target_fn(int x);\nint both_helper(void) { return 0; }\nvoid entry(void) { target_fn(1); }\n")
	send := write("send.c", "int sub_xmit(int);\nstatic void unrelated(void) { }\nint sub_send(int x)\n{\n\treturn sub_xmit(x);\n}\n")
	xmit := write("xmit.c", "int sub_xmit(int x)\n{\n\treturn x;\n}\nint sub_other(void) { return 1; }\n")
	defines := map[string]string{"sub_send": send, "sub_xmit": xmit, "both_helper": caller}
	var asked [][]string
	find := func(names []string) []string {
		asked = append(asked, names)
		var out []string
		for _, n := range names {
			if f := defines[n]; f != "" {
				out = append(out, f)
			}
		}
		return out
	}
	configs := []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}
	u, err := NewWith(NewCache(), dir, configs, []string{target}, []string{caller}, nil, Options{Callees: find})
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Callees) != 2 || u.Callees[0] != send || u.Callees[1] != xmit {
		t.Errorf("Callees = %v, want send.c then xmit.c (the caller's file is in the unit already)", u.Callees)
	}
	if len(asked) != 2 {
		t.Errorf("asked %v, want two levels", asked)
	}
	for _, c := range configs {
		count := map[string]int{}
		parsed := map[string]bool{}
		for _, f := range u.Files[c.Name] {
			count[f.Path]++
			for _, fn := range f.Funcs {
				if fn.Body != nil {
					parsed[fn.Name] = true
				}
			}
		}
		for p, n := range count {
			if n != 1 {
				t.Errorf("%s: %s is %d times in the unit", c.Name, filepath.Base(p), n)
			}
		}
		for _, n := range []string{"sub_send", "sub_xmit"} {
			if !parsed[n] {
				t.Errorf("%s: %s not parsed", c.Name, n)
			}
		}
		for _, n := range []string{"unrelated", "sub_other"} {
			if parsed[n] {
				t.Errorf("%s: %s parsed, though nothing on the way calls it", c.Name, n)
			}
		}
	}
}
