// SPDX-License-Identifier: MIT

package cparse

import (
	"path/filepath"
	"reflect"
	"testing"
)

// parseTestdata parses cparse/testdata/NAME under cfg (nil: non-RT).
func parseTestdata(t *testing.T, name string, cfg *Config) *File {
	t.Helper()
	f, err := ParseFile(filepath.Join("testdata", name), Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// funcByName returns the function called name, or fails the test.
func funcByName(t *testing.T, f *File, name string) *Func {
	t.Helper()
	for _, fn := range f.Funcs {
		if fn.Name == name {
			return fn
		}
	}
	var names []string
	for _, fn := range f.Funcs {
		names = append(names, fn.Name)
	}
	t.Fatalf("%s: no function %q (have %v; failures %v)", f.Path, name, names, f.Failures)
	return nil
}

// funcNames lists the names of the functions parsed with a body.
func funcNames(f *File) []string {
	var names []string
	for _, fn := range f.Funcs {
		if fn.Body != nil {
			names = append(names, fn.Name)
		}
	}
	return names
}

// noFailures fails the test if the file has failures.
// parseClean parses a testdata file that must parse without a failure
// into exactly the functions named, in order.
func parseClean(t *testing.T, name string, funcs ...string) *File {
	t.Helper()
	f := parseTestdata(t, name, nil)
	noFailures(t, f)
	if got := funcNames(f); !reflect.DeepEqual(got, funcs) {
		t.Errorf("functions %v, want %v", got, funcs)
	}
	return f
}

func noFailures(t *testing.T, f *File) {
	t.Helper()
	for _, x := range f.Failures {
		t.Errorf("unexpected failure: %s", x)
	}
}

// walkStmts calls fn for every statement below s, s included.
func walkStmts(s Stmt, fn func(Stmt)) {
	if s == nil {
		return
	}
	switch x := s.(type) {
	case *Block:
		if x == nil {
			return
		}
		fn(x)
		for _, c := range x.Stmts {
			walkStmts(c, fn)
		}
		return
	}
	fn(s)
	switch x := s.(type) {
	case *IfStmt:
		walkStmts(x.Then, fn)
		walkStmts(x.Else, fn)
	case *SwitchStmt:
		walkStmts(x.Body, fn)
	case *CaseStmt:
		walkStmts(x.Body, fn)
	case *LabelStmt:
		walkStmts(x.Body, fn)
	case *WhileStmt:
		walkStmts(x.Body, fn)
	case *DoStmt:
		walkStmts(x.Body, fn)
	case *ForStmt:
		walkStmts(x.Init, fn)
		walkStmts(x.Body, fn)
	}
}

// stmtExprs returns the expressions a statement holds directly.
func stmtExprs(s Stmt) []Expr {
	switch x := s.(type) {
	case *ExprStmt:
		return []Expr{x.X}
	case *DeclStmt:
		return []Expr{x.Init}
	case *IfStmt:
		return []Expr{x.Cond}
	case *SwitchStmt:
		return []Expr{x.Tag}
	case *WhileStmt:
		return []Expr{x.Cond}
	case *DoStmt:
		return []Expr{x.Cond}
	case *ForStmt:
		return []Expr{x.Cond, x.Post}
	case *ReturnStmt:
		return []Expr{x.X}
	case *CaseStmt:
		return []Expr{x.Value, x.Hi}
	}
	return nil
}

// calls returns the calls of a function, in source order.
func calls(fn *Func) []*Call {
	var out []*Call
	WalkStmt(fn.Body, func(e Expr) {
		if c, ok := e.(*Call); ok {
			out = append(out, c)
		}
	})
	return out
}

// callByName returns the first call of name in fn, or fails the test.
func callByName(t *testing.T, fn *Func, name string) *Call {
	t.Helper()
	var names []string
	for _, c := range calls(fn) {
		if c.Name == name {
			return c
		}
		names = append(names, c.Name)
	}
	t.Fatalf("%s: no call of %q (calls %v)", fn.Name, name, names)
	return nil
}
