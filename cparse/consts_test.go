// SPDX-License-Identifier: MIT

package cparse

import "testing"

func TestNumConst(t *testing.T) {
	for lit, want := range map[string]string{"0": "0", "42": "42", "0x10": "16", "010": "8", "4096UL": "4096", "0X1fu": "31"} {
		if got, ok := NumConst(lit); !ok || got != want {
			t.Errorf("NumConst(%q) = %q, %v; want %q", lit, got, ok, want)
		}
	}
	if _, ok := NumConst("1.5"); ok {
		t.Error("NumConst(1.5) accepted")
	}
}

func TestIsConstName(t *testing.T) {
	if !IsConstName("SKB_ALLOC_NAPI") || IsConstName("flags") || IsConstName("X") || IsConstName("__") {
		t.Error("IsConstName")
	}
	for e, want := range map[Expr]string{
		&Lit{Kind: TNumber, Value: "0x10"}: "16",
		&Ident{Name: "GFP_KERNEL"}:         "GFP_KERNEL",
		&Ident{Name: "gfp"}:                "",
		&Lit{Kind: TString, Value: `"A"`}:  "",
	} {
		if got := ConstOf(e); got != want {
			t.Errorf("ConstOf(%s) = %q, want %q", e, got, want)
		}
	}
}
