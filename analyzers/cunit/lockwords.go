// SPDX-License-Identifier: MIT

package cunit

import (
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/kapi"
)

// lockWords lists, for each lock the source takes (a call of an acquiring
// or trying lock API of the table), the identifiers of the expression
// naming the lock: {"dev", "lock"} for spin_lock(&dev->lock). The
// context files' functions that name all of them may take the same lock;
// they are parsed for the lock rules (cparse.Focus). It reads the source
// text, before preprocessing: a lock taken through a file's own macro is
// not seen, which costs only the functions of other files that take it.
func lockWords(src []byte, t *kapi.Table) [][]string {
	seen := map[string]bool{}
	var out [][]string
	n := len(src)
	for i := 0; i < n; {
		c := src[i]
		if !isIdentStart(c) {
			i++
			continue
		}
		j := i + 1
		for j < n && isIdentByte(src[j]) {
			j++
		}
		if i > 0 && isIdentByte(src[i-1]) {
			i = j
			continue
		}
		op := t.Locks[string(src[i:j])]
		i = j
		if op == nil || (op.Op != "acquire" && op.Op != "try") {
			continue
		}
		k := j
		for k < n && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n') {
			k++
		}
		if k >= n || src[k] != '(' {
			continue
		}
		arg := nthArg(src[k+1:], op.Arg)
		words := identifiers(arg)
		if len(words) == 0 {
			continue
		}
		key := strings.Join(words, "\x00")
		if !seen[key] {
			seen[key] = true
			out = append(out, words)
		}
	}
	sort.Slice(out, func(a, b int) bool { return strings.Join(out[a], " ") < strings.Join(out[b], " ") })
	return out
}

// nthArg returns the text of argument k of a call whose text starts after
// its opening parenthesis ("" when there is none).
func nthArg(s []byte, k int) []byte {
	depth, arg, start := 0, 0, 0
	for i, c := range s {
		switch c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				if arg == k {
					return s[start:i]
				}
				return nil
			}
			depth--
		case ',':
			if depth == 0 {
				if arg == k {
					return s[start:i]
				}
				arg++
				start = i + 1
			}
		case ';':
			return nil
		}
		if i > 4096 {
			return nil
		}
	}
	return nil
}

// identifiers lists the distinct identifiers of an expression, in order.
func identifiers(s []byte) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(s); {
		if !isIdentStart(s[i]) || (i > 0 && isIdentByte(s[i-1])) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isIdentByte(s[j]) {
			j++
		}
		w := string(s[i:j])
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
		i = j
	}
	return out
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentByte(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }
