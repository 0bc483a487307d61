// SPDX-License-Identifier: MIT

package callgraph

import (
	"strings"

	"github.com/kcovlint/kcovlint/cparse"
)

// Scope answers the types of names in one function of one file.
type Scope struct {
	Func *cparse.Func
	File *cparse.File
	// Globals maps file-scope variable names to types (all files of the
	// unit, so that headers' declarations count).
	Globals map[string]string
	// Structs maps "struct x" to its definition, over all files.
	Structs map[string]*cparse.Struct
	// Tree holds struct types the files do not define (cunit.Unit.Structs):
	// MemberType falls back to them.
	Tree map[string]*cparse.Struct
}

// BaseType reduces a type text to the struct it names: "const struct foo_dev *"
// gives "struct foo_dev"; other types are returned trimmed of qualifiers and
// pointers.
func BaseType(t string) string {
	t = strings.TrimSpace(t)
	for _, q := range []string{"const ", "volatile ", "static "} {
		t = strings.ReplaceAll(t, q, "")
	}
	t = strings.TrimRight(t, " *[]()")
	return strings.TrimSpace(t)
}

// TypeOf returns the type text of an expression when the IR knows it:
// locals, parameters, globals, struct fields, &x, *x, casts.
func (sc *Scope) TypeOf(e cparse.Expr) string {
	switch e := e.(type) {
	case *cparse.Ident:
		if sc.Func != nil {
			if t, ok := sc.Func.Locals[e.Name]; ok {
				return t
			}
		}
		return sc.Globals[e.Name]
	case *cparse.Cast:
		return e.Type
	case *cparse.Unary:
		switch e.Op {
		case "&":
			if t := sc.TypeOf(e.X); t != "" {
				return t + " *"
			}
		case "*":
			t := sc.TypeOf(e.X)
			if i := strings.LastIndexByte(t, '*'); i >= 0 {
				return strings.TrimSpace(t[:i])
			}
		}
	case *cparse.Index:
		t := sc.TypeOf(e.X)
		if strings.HasSuffix(t, "[]") {
			return strings.TrimSuffix(t, "[]")
		}
		if i := strings.LastIndexByte(t, '*'); i >= 0 {
			return strings.TrimSpace(t[:i])
		}
	case *cparse.Member:
		st := sc.Structs[BaseType(sc.TypeOf(e.X))]
		if st != nil {
			return st.FieldType(e.Name)
		}
	case *cparse.Call:
		// container_of(p, type, member) reads as a cast in the model.
	}
	return ""
}

// MemberType is TypeOf for the base of a call through a struct field: a
// member of a struct the files do not define has the type the tree's
// headers give it.
func (sc *Scope) MemberType(e cparse.Expr) string {
	switch e := e.(type) {
	case *cparse.Member:
		bt := BaseType(sc.MemberType(e.X))
		if st := sc.Structs[bt]; st != nil {
			if t := st.FieldType(e.Name); t != "" {
				return t
			}
		}
		if st := sc.Tree[bt]; st != nil {
			return st.FieldType(e.Name)
		}
		return ""
	case *cparse.Unary:
		switch e.Op {
		case "&":
			if t := sc.MemberType(e.X); t != "" {
				return t + " *"
			}
			return ""
		case "*":
			t := sc.MemberType(e.X)
			if i := strings.LastIndexByte(t, '*'); i >= 0 {
				return strings.TrimSpace(t[:i])
			}
			return ""
		}
	case *cparse.Index:
		t := sc.MemberType(e.X)
		if strings.HasSuffix(t, "[]") {
			return strings.TrimSuffix(t, "[]")
		}
		if i := strings.LastIndexByte(t, '*'); i >= 0 {
			return strings.TrimSpace(t[:i])
		}
		return ""
	}
	return sc.TypeOf(e)
}

// ObjectKey names the object an expression denotes independently of the
// variable names used: a global by its name, a struct member by the struct
// type and the member path ("struct foo_dev.lock"), a per-CPU variable's
// member by the variable ("foo_pcpu_data.lock"). It returns "" when the
// expression has no stable name (a local, a call result).
func (sc *Scope) ObjectKey(e cparse.Expr) string {
	e = cparse.Unparen(e)
	if u, ok := e.(*cparse.Unary); ok && u.Op == "&" {
		e = cparse.Unparen(u.X)
	}
	switch e := e.(type) {
	case *cparse.Ident:
		if sc.Func != nil {
			if _, ok := sc.Func.Locals[e.Name]; ok {
				return ""
			}
		}
		return e.Name
	case *cparse.Member:
		// Collect the member path down to a base with a known type.
		path := []string{e.Name}
		x := cparse.Unparen(e.X)
		for {
			m, ok := x.(*cparse.Member)
			if !ok {
				break
			}
			if t := BaseType(sc.TypeOf(m)); strings.HasPrefix(t, "struct ") || strings.HasPrefix(t, "union ") {
				return t + "." + strings.Join(path, ".")
			}
			path = append([]string{m.Name}, path...)
			x = cparse.Unparen(m.X)
		}
		if t := BaseType(sc.TypeOf(x)); strings.HasPrefix(t, "struct ") || strings.HasPrefix(t, "union ") {
			return t + "." + strings.Join(path, ".")
		}
		if id, ok := x.(*cparse.Ident); ok && !e.Arrow {
			if sc.Func == nil || sc.Func.Locals[id.Name] == "" {
				return id.Name + "." + strings.Join(path, ".")
			}
		}
		if idx, ok := x.(*cparse.Index); ok {
			if id, ok := cparse.Unparen(idx.X).(*cparse.Ident); ok && (sc.Func == nil || sc.Func.Locals[id.Name] == "") {
				return id.Name + "[]." + strings.Join(path, ".")
			}
		}
	case *cparse.Index:
		if id, ok := cparse.Unparen(e.X).(*cparse.Ident); ok && (sc.Func == nil || sc.Func.Locals[id.Name] == "") {
			return id.Name + "[]"
		}
	}
	return ""
}
