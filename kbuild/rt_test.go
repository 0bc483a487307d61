// SPDX-License-Identifier: MIT

package kbuild

import (
	"strings"
	"testing"
)

func TestConjuncts(t *testing.T) {
	for e, want := range map[string]string{
		"(A && B)":        "A|B",
		"(A) && (B || C)": "A|B || C",
		"A && (B && C)":   "A|B|C",
		"(A || B) && C":   "A || B|C",
		"A":               "A",
	} {
		var got []string
		for _, c := range conjuncts(e) {
			got = append(got, stripParens(c))
		}
		if strings.Join(got, "|") != want {
			t.Errorf("conjuncts(%q) = %q, want %q", e, got, want)
		}
	}
}

// The #if blocks tied to architectures without RT: a tied condition's
// block (with defined(), IS_ENABLED(), || of tied symbols), not its
// #else, not a negation, and nested blocks inside a tied one.
func TestIfRegions(t *testing.T) {
	r := New("", "", "", "", []string{"IS_ENABLED"})
	r.noRT = map[string]string{"SPARC64": "sparc", "FOO_SPARC": "depends on SPARC64"}
	src := []byte(`int a;
#ifdef CONFIG_SPARC64
int b;
#ifdef CONFIG_PCI
int c;
#endif
#else
int d;
#endif
#if IS_ENABLED(CONFIG_FOO_SPARC) || defined(CONFIG_SPARC64)
int e;
#endif
#if NOT_A_CONFIG_TEST(CONFIG_SPARC64)
int h;
#endif
#if !defined(CONFIG_SPARC64)
int f;
#endif
#if IS_ENABLED(CONFIG_PCI) || IS_ENABLED(CONFIG_SPARC64)
int g;
#endif
`)
	regions := r.ifRegions(src)
	in := func(line int) bool {
		for _, g := range regions {
			if line >= g.from && line <= g.to {
				return true
			}
		}
		return false
	}
	for line, want := range map[int]bool{1: false, 3: true, 5: true, 8: false, 11: true, 14: false, 17: false, 20: false} {
		if got := in(line); got != want {
			t.Errorf("line %d tied: %v, want %v (regions %v)", line, got, want, regions)
		}
	}
}
