// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/kcovlint/kcovlint/cparse"
)

// The tree's struct types, as its shared headers define them: the parser
// does not read <...> headers, so a unit knows the structs of its own files
// only, and x->dev->ops->close() in a dispatcher has no type past x. Calls
// through struct fields are resolved by the type of the member they read
// (callgraph.CalledField); the members of struct type that lead there are
// read here from the headers' text.

// treeStructs returns the struct and union types of the tree's shared
// headers (helperHeaderDirs) with their members of struct or union type
// (the type text as cparse writes it: "struct atm_dev *") and their
// function pointers (funcPtrType), read once per run. The first definition of a name wins, in the order of the
// directories.
func (l *linter) treeStructs() map[string]*cparse.Struct {
	l.readHeaders()
	return l.structs
}

// treeEnums returns the enumerators the tree's shared headers define
// with the values their text gives (cparse.HeaderEnums), read with the
// structs. A name two headers give different values (an architecture's
// header and the generic one) is left out.
func (l *linter) treeEnums() map[string]int64 {
	l.readHeaders()
	return l.enums
}

// uapiHeader reports whether a tree-relative path is a shared uapi
// header: it declares no kernel helpers, but its enumerators are the
// constants kernel code switches on (RTM_NEWADDR).
func uapiHeader(rel string) bool {
	if !strings.Contains(rel, "/uapi/") {
		return false
	}
	for _, d := range helperHeaderDirs {
		if strings.HasPrefix(rel, d) {
			return true
		}
	}
	return false
}

// readHeaders reads the tree's shared headers once: their structs and
// their enumerators (of the uapi headers too).
func (l *linter) readHeaders() {
	l.structsOnce.Do(func() {
		if l.tree == nil {
			return
		}
		type result struct {
			rank    int
			path    string
			structs []*cparse.Struct
			enums   map[string]int64
		}
		var files []string
		for _, f := range l.tree.list() {
			rel, err := filepath.Rel(l.root, f)
			if err == nil && strings.HasSuffix(f, ".h") && (headerRank(filepath.ToSlash(rel)) >= 0 || uapiHeader(filepath.ToSlash(rel))) {
				files = append(files, f)
			}
		}
		results := make([]result, len(files))
		var wg sync.WaitGroup
		next := make(chan int, 64)
		for range runtime.NumCPU() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					data, err := os.ReadFile(files[i])
					if err != nil {
						continue
					}
					rel, _ := filepath.Rel(l.root, files[i])
					rank := headerRank(filepath.ToSlash(rel))
					results[i] = result{rank: rank, path: files[i], enums: cparse.HeaderEnums(data)}
					if rank >= 0 {
						results[i].structs = structDefs(data)
					}
				}
			}()
		}
		for i := range files {
			next <- i
		}
		close(next)
		wg.Wait()
		out := map[string]*cparse.Struct{}
		for rank := 0; rank < len(helperHeaderDirs); rank++ {
			for _, r := range results {
				if r.rank != rank {
					continue
				}
				for _, st := range r.structs {
					if _, ok := out[st.Name]; !ok {
						out[st.Name] = st
					}
				}
			}
		}
		l.structs = out
		enums := map[string]int64{}
		clash := map[string]bool{}
		for _, r := range results {
			for name, v := range r.enums {
				if old, ok := enums[name]; ok && old != v {
					clash[name] = true
				}
				enums[name] = v
			}
		}
		for name := range clash {
			delete(enums, name)
		}
		l.enums = enums
	})
}

// structDefs reads the struct and union definitions written at column 0
// of a header ("struct foo {" ... "};") and their members of struct or
// union type; members of nested anonymous structs and unions count as the
// outer struct's.
func structDefs(src []byte) []*cparse.Struct {
	var out []*cparse.Struct
	var cur *cparse.Struct
	depth := 0
	comment := false
	for _, line := range bytes.Split(src, []byte("\n")) {
		line, comment = stripComments(line, comment)
		if cur == nil {
			name, ok := structHead(line)
			if !ok {
				continue
			}
			cur = &cparse.Struct{Name: name}
			depth = 0
		}
		for _, c := range line {
			switch c {
			case '{':
				depth++
			case '}':
				depth--
			}
		}
		if depth >= 1 {
			if f, ok := memberDecl(line); ok {
				cur.Fields = append(cur.Fields, f...)
			}
		}
		if depth <= 0 && bytes.IndexByte(line, '}') >= 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	return out
}

// stripComments removes the comments of a line; comment says whether the
// line starts inside one, and the result whether the next does.
func stripComments(line []byte, comment bool) ([]byte, bool) {
	if !comment && bytes.IndexByte(line, '/') < 0 {
		return line, false
	}
	var out []byte
	for i := 0; i < len(line); i++ {
		if comment {
			if line[i] == '*' && i+1 < len(line) && line[i+1] == '/' {
				comment = false
				i++
			}
			continue
		}
		if line[i] == '/' && i+1 < len(line) {
			if line[i+1] == '*' {
				comment = true
				i++
				continue
			}
			if line[i+1] == '/' {
				break
			}
		}
		out = append(out, line[i])
	}
	return out, comment
}

// structHead recognizes "struct foo {" (or union) at column 0.
func structHead(line []byte) (string, bool) {
	var kw string
	switch {
	case bytes.HasPrefix(line, []byte("struct ")):
		kw = "struct"
	case bytes.HasPrefix(line, []byte("union ")):
		kw = "union"
	default:
		return "", false
	}
	rest := bytes.TrimSpace(line[len(kw)+1:])
	i := 0
	for i < len(rest) && wordByte[rest[i]] {
		i++
	}
	if i == 0 {
		return "", false
	}
	tail := bytes.TrimSpace(rest[i:])
	// Attributes between the name and the brace are rare; take only the
	// plain form.
	if !bytes.Equal(tail, []byte("{")) {
		return "", false
	}
	return kw + " " + string(rest[:i]), true
}

// funcPtrType is the type treeStructs gives a member that is a function
// pointer.
const funcPtrType = "(*)()"

// memberDecl reads a member declaration of struct or union type:
// "struct atm_dev *dev;", "const struct atmdev_ops *ops, *old;", or a
// function pointer: "int (*open)(struct atm_vcc *vcc);" (written on one
// line, or its first line).
func memberDecl(line []byte) ([]cparse.Field, bool) {
	s := strings.TrimSpace(string(line))
	if i := strings.Index(s, "(*"); i > 0 && !strings.ContainsAny(s[:i], "(){};=") {
		rest := s[i+2:]
		j := 0
		for j < len(rest) && isWordByte(rest[j]) {
			j++
		}
		if j > 0 && strings.HasPrefix(strings.TrimSpace(rest[j:]), ")") {
			return []cparse.Field{{Name: rest[:j], Type: funcPtrType}}, true
		}
		return nil, false
	}
	if !strings.HasSuffix(s, ";") || strings.ContainsAny(s, "(){}") {
		return nil, false
	}
	s = strings.TrimSuffix(s, ";")
	for _, q := range []string{"const ", "volatile "} {
		s = strings.TrimPrefix(s, q)
	}
	var kw string
	switch {
	case strings.HasPrefix(s, "struct "):
		kw = "struct"
	case strings.HasPrefix(s, "union "):
		kw = "union"
	default:
		return nil, false
	}
	rest := strings.TrimSpace(s[len(kw)+1:])
	i := 0
	for i < len(rest) && isWordByte(rest[i]) {
		i++
	}
	if i == 0 {
		return nil, false
	}
	typ := kw + " " + rest[:i]
	var out []cparse.Field
	for _, d := range strings.Split(rest[i:], ",") {
		ptr := strings.Count(d, "*")
		if j := strings.IndexAny(d, "[:"); j >= 0 {
			d = d[:j]
		}
		words := strings.FieldsFunc(d, func(r rune) bool { return r == ' ' || r == '\t' || r == '*' })
		if len(words) == 0 {
			continue
		}
		// The name is the last word (before it: __rcu, __percpu ...).
		name := words[len(words)-1]
		if !isWordByte(name[0]) || name[0] >= '0' && name[0] <= '9' {
			continue
		}
		t := typ
		if ptr > 0 {
			t += " " + strings.Repeat("*", ptr)
		}
		out = append(out, cparse.Field{Name: name, Type: t})
	}
	return out, len(out) > 0
}
