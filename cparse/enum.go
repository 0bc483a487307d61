// SPDX-License-Identifier: MIT

package cparse

import (
	"strconv"

	"modernc.org/cc/v4"
)

// Enumerators' values, as far as the file's own text gives them: a
// constant an initializer writes as a number (`{ MSG_FOO, 0, foo_handler }`)
// and a test that names the enumerator (`entry->type == VMHT_BLOCKING`)
// compare only when the name's value is known. Values are what C gives:
// an explicit value when it is a number, an earlier enumerator or a
// simple expression of them; one more than the previous enumerator
// otherwise. An enumerator whose value the file does not say (a macro
// the model does not define, sizeof) is left out, and so are the
// implicit ones after it.

// recordEnum records the values of an enum definition's enumerators.
func (b *builder) recordEnum(es *cc.EnumSpecifier) {
	if es == nil || es.EnumeratorList == nil {
		return
	}
	f := b.u.file
	if f.Enums == nil {
		f.Enums = map[string]int64{}
	}
	next, known := int64(0), true
	for l := es.EnumeratorList; l != nil; l = l.EnumeratorList {
		en := l.Enumerator
		if en == nil {
			continue
		}
		name := en.Token.SrcStr()
		if en.ConstantExpression != nil {
			next, known = enumValue(b.expr(en.ConstantExpression), f.Enums)
		}
		if known && name != "" {
			if _, dup := f.Enums[name]; !dup {
				f.Enums[name] = next
			}
		}
		next++
	}
}

// enumValue evaluates an enumerator's explicit value.
func enumValue(e Expr, known map[string]int64) (int64, bool) {
	switch x := Unparen(e).(type) {
	case *Lit:
		if x.Kind != TNumber {
			return 0, false
		}
		d, ok := NumConst(x.Value)
		if !ok {
			return 0, false
		}
		n, err := strconv.ParseInt(d, 10, 64)
		return n, err == nil
	case *Ident:
		n, ok := known[x.Name]
		return n, ok
	case *Unary:
		n, ok := enumValue(x.X, known)
		switch x.Op {
		case "-":
			return -n, ok
		case "+":
			return n, ok
		case "~":
			return ^n, ok
		}
	case *Binary:
		a, oka := enumValue(x.X, known)
		c, okc := enumValue(x.Y, known)
		if !oka || !okc {
			return 0, false
		}
		switch x.Op {
		case "+":
			return a + c, true
		case "-":
			return a - c, true
		case "|":
			return a | c, true
		case "<<":
			if c >= 0 && c < 63 {
				return a << c, true
			}
		}
	}
	return 0, false
}

// EnumValue returns the value of an enumerator the file defines, as
// recordEnum found it.
func (f *File) EnumValue(name string) (int64, bool) {
	if f == nil {
		return 0, false
	}
	v, ok := f.Enums[name]
	return v, ok
}
