// SPDX-License-Identifier: MIT

package callgraph

import (
	"path/filepath"
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
	// Rel names a file of the unit for keys (tree-relative); nil: its
	// base name.
	Rel func(string) string
	// Tree holds struct types the files do not define (cunit.Unit.Structs):
	// MemberType falls back to them.
	Tree map[string]*cparse.Struct
}

// structDef returns the definition of a struct type as this scope sees
// it: its own file's first (two .c files may define different types of
// one name), else the unit's.
func (sc *Scope) structDef(t string) *cparse.Struct {
	if sc.File != nil {
		if st := sc.File.Structs[t]; st != nil {
			return st
		}
	}
	return sc.Structs[t]
}

// TypeKey names a struct type for keys: "struct foo_dev", qualified with
// the file that defines it when that is a .c file or a module's own
// header ("struct foo_dev@drivers/foo/a.c", "struct adapter@drivers/net/
// ethernet/chelsio/cxgb/common.h"): a type local to a module is not
// another module's type of the same name (cxgb's struct adapter and
// cxgb3's, linted in one run). Types of the shared headers (include/,
// arch/*/include/) are the kernel's, one per name.
func (sc *Scope) TypeKey(t string) string {
	st := sc.structDef(t)
	if st == nil || st.Pos.File == "" {
		return t
	}
	rel := filepath.Base(st.Pos.File)
	if sc.Rel != nil {
		rel = sc.Rel(st.Pos.File)
	}
	if !strings.HasSuffix(rel, ".c") && (!strings.HasSuffix(rel, ".h") || sharedHeader(rel)) {
		return t
	}
	return t + "@" + rel
}

// sharedHeader reports whether a tree-relative header is one any module
// may include (include/, arch/*/include/), or a path the unit could not
// place in a tree (an absolute one: no module to tell apart).
func sharedHeader(rel string) bool {
	if filepath.IsAbs(rel) || strings.HasPrefix(rel, "include/") || !strings.Contains(rel, "/") {
		return true
	}
	if strings.HasPrefix(rel, "arch/") {
		parts := strings.SplitN(rel, "/", 4)
		return len(parts) >= 3 && parts[2] == "include"
	}
	return false
}

func isAggregate(t string) bool {
	return strings.HasPrefix(t, "struct ") || strings.HasPrefix(t, "union ")
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
		st := sc.structDef(BaseType(sc.TypeOf(e.X)))
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
		if st := sc.structDef(bt); st != nil {
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

// ObjectAliases are other names of the object ObjectKey names when it is
// reached through structs embedded in one another: the name by each
// embedded struct along the member path whose type is a module's own (a
// type defined in a .c file or a driver's header, which TypeKey
// qualifies with its file). mvmsta->deflink.lq_sta.rs_drv.pers.lock is
// also "struct iwl_lq_sta@.../rs.h.pers.lock", the name of the code that
// holds a pointer to the embedded struct iwl_lq_sta (lq_sta->pers.lock).
// Types of the shared headers are left out: a struct sk_buff_head is
// embedded in every socket and queue, and a name by it would join the
// locks of all of them.
func (sc *Scope) ObjectAliases(e cparse.Expr) []string {
	e = cparse.Unparen(e)
	if u, ok := e.(*cparse.Unary); ok && u.Op == "&" {
		e = cparse.Unparen(u.X)
	}
	m, ok := e.(*cparse.Member)
	if !ok {
		return nil
	}
	var out []string
	path := []string{m.Name}
	for !m.Arrow {
		x := cparse.Unparen(m.X)
		if t := BaseType(sc.TypeOf(x)); strings.HasPrefix(t, "struct ") {
			if k := sc.TypeKey(t); strings.Contains(k, "@") {
				out = append(out, k+"."+strings.Join(path, "."))
			}
		}
		next, ok := x.(*cparse.Member)
		if !ok {
			break
		}
		m = next
		path = append([]string{m.Name}, path...)
	}
	return out
}

// ObjectKey names the object an expression denotes independently of the
// variable names used: a global by its name; a struct member by the
// outermost struct it is embedded in and the member path from there
// ("struct sock.sk_receive_queue.lock": the sk_buff_head of a socket's
// receive queue, not that of another struct's queue, nor the socket's
// write queue), the path stopping at a pointer (p->q.lock is a member of
// *p); a struct type defined in a .c file qualified with that file
// (TypeKey); a per-CPU variable's member by the variable
// ("foo_pcpu_data.lock"). It returns "" when the expression has no stable
// name (a local, a call result).
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
		// Walk the member path outward through embedded members (and
		// arrays of them) to the object it is part of.
		var path []string
		var x cparse.Expr = e
		for {
			var m *cparse.Member
			switch y := x.(type) {
			case *cparse.Member:
				m = y
				path = append([]string{y.Name}, path...)
			case *cparse.Index:
				if len(path) == 0 {
					break
				}
				if im, ok := cparse.Unparen(y.X).(*cparse.Member); ok {
					m = im
					path = append([]string{im.Name + "[]"}, path...)
				}
			}
			if m == nil {
				break
			}
			base := cparse.Unparen(m.X)
			if m.Arrow {
				if t := BaseType(sc.TypeOf(base)); isAggregate(t) {
					return sc.TypeKey(t) + "." + strings.Join(path, ".")
				}
				return ""
			}
			x = base
		}
		if t := BaseType(sc.TypeOf(x)); isAggregate(t) {
			return sc.TypeKey(t) + "." + strings.Join(path, ".")
		}
		if id, ok := x.(*cparse.Ident); ok {
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
