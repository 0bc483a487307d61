// SPDX-License-Identifier: MIT

package cparse

import "testing"

func TestUnterminatedLiteral(t *testing.T) {
	for src, bad := range map[string]bool{
		"int c = 'a';\nchar *s = \"x\\\"y\";\n": false,
		"char *s = \"a\\\nb\";\n":               false, // a line splice
		"/* it's */ int x; // don't\n":          false,
		"int x;\n* A 's;\nint y;\n":             true,
		"char *s = \"open;\nint y;\n":           true,
		"int c = '\\'';\n":                      false,
	} {
		if err := unterminatedLiteral([]byte(src)); (err != nil) != bad {
			t.Errorf("%q: %v, want bad=%v", src, err, bad)
		}
	}
}
