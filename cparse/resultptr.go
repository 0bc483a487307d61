// SPDX-License-Identifier: MIT

package cparse

import (
	"strings"

	"modernc.org/cc/v4"
)

// resultStars renders the pointer part of a function declarator's result:
// " *" for `struct foo *f(void)`.
func resultStars(d *cc.Declarator) string {
	if d == nil {
		return ""
	}
	n := 0
	for p := d.Pointer; p != nil; p = p.Pointer {
		n++
	}
	if n == 0 {
		return ""
	}
	return " " + strings.Repeat("*", n)
}

// ReturnsPointer reports whether the function returns a pointer.
func (f *Func) ReturnsPointer() bool { return strings.Contains(f.Result, "*") }
