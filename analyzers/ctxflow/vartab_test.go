// SPDX-License-Identifier: MIT

package ctxflow

import (
	"slices"
	"testing"
)

func varNames(t varTab) []string {
	var out []string
	for _, kv := range t {
		out = append(out, kv.Name)
	}
	return out
}

// TestVarTab: a path's variables stay sorted through setVar's inserts,
// replacements and deletions, and a clone's writes never show in the state
// it was cloned from, or the reverse (the table is shared until written).
func TestVarTab(t *testing.T) {
	s := &State{}
	for _, n := range []string{"m", "c", "x", "a", "p"} {
		s.setVar(n, Val{Null: No})
	}
	if got, want := varNames(s.Vars), []string{"a", "c", "m", "p", "x"}; !slices.Equal(got, want) {
		t.Fatalf("names %v, want %v", got, want)
	}
	c := s.clone()
	c.setVar("b", Val{Null: Yes})
	c.setVar("m", Val{Null: Unknown}) // forget m
	c.setVar("x", Val{Null: Yes, Const: "1"})
	s.setVar("z", Val{Null: No})
	if got, want := varNames(c.Vars), []string{"a", "b", "c", "p", "x"}; !slices.Equal(got, want) {
		t.Errorf("clone's names %v, want %v", got, want)
	}
	if got, want := varNames(s.Vars), []string{"a", "c", "m", "p", "x", "z"}; !slices.Equal(got, want) {
		t.Errorf("original's names %v, want %v", got, want)
	}
	if v, ok := s.Vars.get("x"); !ok || v.Const != "" || v.Null != No {
		t.Errorf("original's x = %+v, %v; the clone's write showed", v, ok)
	}
	if v, ok := c.Vars.get("x"); !ok || v.Const != "1" {
		t.Errorf("clone's x = %+v, %v", v, ok)
	}
	if _, ok := c.Vars.get("m"); ok {
		t.Errorf("clone still knows m")
	}
	// Nothing known is not tracked: forgetting an unknown name adds nothing.
	c.setVar("q", Val{Null: Unknown})
	if _, ok := c.Vars.get("q"); ok {
		t.Errorf("an unknown value was tracked")
	}
	if s.key() == c.key() {
		t.Errorf("different variables, same key %q", s.key())
	}
	d := s.clone()
	if s.key() != d.key() {
		t.Errorf("a clone's key %q differs from %q", d.key(), s.key())
	}
}
