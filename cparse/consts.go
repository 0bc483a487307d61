// SPDX-License-Identifier: MIT

package cparse

import (
	"strconv"
	"strings"
)

// Constants by their text. The parser does not read the headers that give
// most macros their values, so a constant is known by its number or by
// its name, written as the kernel writes constants (upper case). The
// analyses that compare a value passed or stored with the one a test names
// (ctxflow's constant parameters, callgraph's initializer siblings) read
// them the same way here.

// NumConst returns a C integer literal's value in decimal.
func NumConst(lit string) (string, bool) {
	v := strings.TrimRight(lit, "uUlL")
	if len(v) > 1 && v[0] == '0' && v[1] >= '0' && v[1] <= '7' {
		v = "0o" + v[1:] // C octal
	}
	n, err := strconv.ParseUint(v, 0, 64)
	if err != nil {
		return "", false
	}
	return strconv.FormatUint(n, 10), true
}

// IsConstName reports whether an identifier is named as the kernel names
// constants: upper case, digits and underscores (TWA_RESUME,
// HRTIMER_ACTIVE_SOFT, SKB_ALLOC_NAPI).
func IsConstName(name string) bool {
	letters := 0
	for _, c := range name {
		switch {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9', c == '_':
		default:
			return false
		}
	}
	return letters > 0 && len(name) > 1
}

// ConstOf returns the constant an expression is by its text: a number, in
// decimal, or a constant's name ("" when it is neither).
func ConstOf(e Expr) string {
	switch x := Unparen(e).(type) {
	case *Lit:
		if x.Kind == TNumber {
			if n, ok := NumConst(x.Value); ok {
				return n
			}
		}
	case *Ident:
		if IsConstName(x.Name) {
			return x.Name
		}
	}
	return ""
}
