// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/kcovlint/kcovlint/analyzers/callgraph"
	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
)

// Dispatchers: the code of the tree that calls the targets' functions
// through the struct fields they are stored in (x->ops->close(x) for a
// .close = foo_close), and the functions the targets pass theirs to.
//
// The kernel table names the context of some operations tables' fields;
// for the others the context is that of the code calling through the
// field. The targets' stores are read from their parse (callgraph's
// Stored), the calls found in the tree by a textual scan, ranked by what
// the text says of the type (the members on the way to the field are
// fields of the types that lead to it; the file names the struct), and
// the parse confirms the type: in the unit, a call through a field of
// another type calls nothing of the targets.

// Bounds, chosen by measurement on the real-bug set (see the commit that
// set them): more files per field found no more dispatchers there and
// cost parse time.
const (
	// dispatchFilesPerType is how many files are read for the fields of
	// one struct type.
	dispatchFilesPerType = 3
	// dispatchMaxFiles bounds the dispatcher files of one lint.
	dispatchMaxFiles = 12
	// dispatchLevels is how many levels of callers of the dispatchers'
	// functions are looked for in other files, and dispatchCallerFiles
	// how many files a level reads at most.
	dispatchLevels      = 1
	dispatchCallerFiles = 20
)

// dispatchLimits bound the dispatcher files read: perType for the fields
// of one struct type, files in all.
type dispatchLimits struct{ perType, files int }

var defaultDispatchLimits = dispatchLimits{perType: dispatchFilesPerType, files: dispatchMaxFiles}

// dispatchInfo is what the targets store and pass.
type dispatchInfo struct {
	// fields maps a field name to the struct types (callgraph.BaseType
	// text) whose field of that name holds a function of the targets.
	fields map[string][]string
	// byType maps a type to the members of that type in the structs the
	// targets' parse knows: the ways to an object of it.
	byType map[string][]member
	// callbacks are the functions the targets pass one of theirs to that
	// neither the targets nor the table define: where they call it, they
	// call the targets' function.
	callbacks []string
	// exports are the table's export macros (EXPORT_SYMBOL ...).
	exports map[string]int
}

// member is a field of type T in struct owner.
type member struct{ owner, name string }

// tag is the word a struct type's name is written with ("struct foo" is
// "foo").
func tag(typ string) string {
	typ = strings.TrimPrefix(typ, "struct ")
	return strings.TrimPrefix(typ, "union ")
}

// targetStores parses the targets (as the unit will: the parse is cached)
// and returns the fields they store their functions in that the table
// does not name, and the functions they pass theirs to.
//
// callers are the files calling the targets' functions (names): the
// functions of theirs that lead to the targets, stored in a field by an
// initializer of their text, count as the targets' (see textStores).
func (l *linter) targetStores(targets []string, overlay map[string][]byte, callers []string, names map[string]bool) *dispatchInfo {
	if len(l.configs) == 0 {
		return nil
	}
	u, err := cunit.NewCached(l.cache, l.root, l.configs[:1], targets, nil, overlay)
	if err != nil {
		return nil
	}
	g := callgraph.Build(u).Graphs[l.configs[0].Name]
	t := u.Table
	end := l.phase("    tree structs")
	l.treeStructs()
	end()
	d := &dispatchInfo{fields: map[string][]string{}, byType: map[string][]member{}, exports: t.Exports}
	ours := func(n *callgraph.Node) bool { return u.Targets[n.Fn.Pos.File] }
	keys := make([]string, 0, len(g.Stored))
	for k := range g.Stored {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	add := func(typ, field string) {
		if t.OpsEntry(tag(typ), field) != nil {
			return
		}
		if fe := t.Fields[field]; fe != nil && (fe.Of == "" || tag(typ) == fe.Of) {
			return
		}
		for _, x := range d.fields[field] {
			if x == typ {
				return
			}
		}
		d.fields[field] = append(d.fields[field], typ)
	}
	for _, k := range keys {
		i := strings.LastIndexByte(k, '.')
		mine := false
		for _, n := range g.Stored[k] {
			mine = mine || ours(n)
		}
		if mine {
			add(k[:i], k[i+1:])
		}
	}
	for _, p := range callers {
		if !strings.HasSuffix(p, ".c") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, st := range textStores(src, names) {
			add(st.typ, st.field)
		}
	}
	seen := map[string]bool{}
	var structs []map[string]*cparse.Struct
	for _, f := range u.Files[l.configs[0].Name] {
		structs = append(structs, f.Structs)
	}
	structs = append(structs, l.treeStructs())
	for _, m := range structs {
		for _, st := range m {
			if seen[st.Name] {
				continue
			}
			seen[st.Name] = true
			for _, fl := range st.Fields {
				if fl.Name == "" {
					continue
				}
				if bt := callgraph.BaseType(fl.Type); bt != "" {
					d.byType[bt] = append(d.byType[bt], member{owner: st.Name, name: fl.Name})
				}
			}
		}
	}
	// Functions of the targets passed to functions the unit does not
	// define and the table does not model.
	cb := map[string]bool{}
	for _, n := range g.Nodes {
		if !ours(n) {
			continue
		}
		callgraph.WalkStmt(n.Fn.Body, func(e cparse.Expr) {
			c, ok := e.(*cparse.Call)
			if !ok || c.Name == "" || cb[c.Name] || t.Models(c.Name) || g.Resolve(n.File, c.Name) != nil {
				return
			}
			for _, a := range c.Args {
				if fn := funcArg(g, n, a); fn != nil && ours(fn) {
					cb[c.Name] = true
					return
				}
			}
		})
	}
	for n := range cb {
		d.callbacks = append(d.callbacks, n)
	}
	sort.Strings(d.callbacks)
	l.dispatchLog.printf("dispatch: fields %v, callbacks %v\n", d.fields, d.callbacks)
	if len(d.fields) == 0 && len(d.callbacks) == 0 {
		return nil
	}
	return d
}

// funcArg returns the function of the unit an argument names (fn, &fn).
func funcArg(g *callgraph.Graph, n *callgraph.Node, a cparse.Expr) *callgraph.Node {
	a = cparse.Unparen(a)
	if u, ok := a.(*cparse.Unary); ok && u.Op == "&" {
		a = cparse.Unparen(u.X)
	}
	if id, ok := a.(*cparse.Ident); ok {
		return g.Resolve(n.File, id.Name)
	}
	return nil
}

// dispatchFiles finds the dispatcher files for d: per field, the files of
// the tree (but skip) whose text calls through it, best first, and the
// files defining the functions the targets pass theirs to. It returns the
// files, the fields read, and the names of the functions in them that
// lead to the calls, whose callers are context too.
func (l *linter) dispatchFiles(d *dispatchInfo, skip map[string]bool, lim dispatchLimits) (files, fields, names []string) {
	if d == nil {
		return nil, nil, nil
	}
	type fileHits struct {
		// byKey scores the calls through each field (callgraph.FieldKey)
		// of the file; see score.
		byKey   map[string]int
		defines []string // callbacks defined here
	}
	fieldSet := newWordSet(keysOf(d.fields))
	cbSet := newWordSet(d.callbacks)
	cbWant := map[string]bool{}
	for _, n := range d.callbacks {
		cbWant[n] = true
	}
	var toRead []string
	candidates := l.tree.list()
	if words := append(keysOf(d.fields), d.callbacks...); l.tree.indexed(words) {
		// Only the files that name a field or a callback can count;
		// without the index, reading them is the test.
		candidates = l.tree.mentionsIn(candidates, words)
	}
	for _, p := range candidates {
		if !skip[p] {
			toRead = append(toRead, p)
		}
	}
	var mu sync.Mutex
	found := map[string]*fileHits{}
	parallel(len(toRead), func(i int) {
		p := toRead[i]
		data, err := os.ReadFile(p)
		if err != nil {
			return
		}
		fh := &fileHits{byKey: map[string]int{}}
		if len(d.fields) > 0 && fieldSet.in(data) {
			for field, hits := range fieldCalls(data, d.fields) {
				for _, typ := range d.fields[field] {
					best := 0
					for _, h := range hits {
						best = max(best, d.score(data, typ, h))
					}
					if best > 0 {
						fh.byKey[callgraph.FieldKey(typ, field)] = best
					}
				}
			}
		}
		if len(d.callbacks) > 0 && strings.HasSuffix(p, ".c") && cbSet.in(data) {
			for _, n := range definedNames(data, false) {
				if cbWant[n] {
					fh.defines = append(fh.defines, n)
				}
			}
		}
		if len(fh.byKey) == 0 && len(fh.defines) == 0 {
			return
		}
		mu.Lock()
		found[p] = fh
		mu.Unlock()
	})

	chosen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !chosen[p] && len(out) < lim.files {
			chosen[p] = true
			out = append(out, p)
		}
	}
	// The callbacks' definitions first: each is one file.
	var paths []string
	for p := range found {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	defined := map[string]bool{}
	for _, p := range paths {
		for _, n := range found[p].defines {
			if !defined[n] {
				defined[n] = true
				add(p)
			}
		}
	}
	// Per struct type, the files calling through most of its fields the
	// targets store in (a subsystem's core calls all of a driver's
	// methods; a driver calling another chip's method, one), then the
	// surest.
	byType := map[string][]string{} // type -> its fields the targets store in
	for field, types := range d.fields {
		for _, typ := range types {
			byType[typ] = append(byType[typ], field)
		}
	}
	usedField := map[string]bool{}
	var ranks [][]string // per type, its files best first
	for _, typ := range keysOf(byType) {
		type ranked struct {
			path          string
			fields, score int
		}
		var rs []ranked
		for _, p := range paths {
			r := ranked{path: p}
			for _, field := range byType[typ] {
				if sc := found[p].byKey[callgraph.FieldKey(typ, field)]; sc > 0 {
					r.fields++
					r.score = max(r.score, sc)
				}
			}
			if r.fields > 0 {
				rs = append(rs, r)
			}
		}
		sort.SliceStable(rs, func(i, j int) bool {
			if rs[i].fields != rs[j].fields {
				return rs[i].fields > rs[j].fields
			}
			return rs[i].score > rs[j].score
		})
		if l.dispatchLog != nil {
			for _, r := range rs {
				l.dispatchLog.printf("dispatch %s: %s fields %d score %d\n", typ, r.path, r.fields, r.score)
			}
		}
		var list []string
		for i := 0; i < len(rs) && i < lim.perType; i++ {
			list = append(list, rs[i].path)
		}
		ranks = append(ranks, list)
		for _, p := range list {
			for _, field := range byType[typ] {
				if found[p].byKey[callgraph.FieldKey(typ, field)] > 0 {
					usedField[field] = true
				}
			}
		}
	}
	// Each type's best file first, then each one's second ...
	for i := 0; i < lim.perType; i++ {
		for _, list := range ranks {
			if i < len(list) {
				add(list[i])
			}
		}
	}
	fields = keysOf(usedField)
	// The functions of the chosen files on the way to the calls: their
	// callers elsewhere are the dispatchers' callers.
	want := map[string]bool{}
	for _, f := range fields {
		want[f] = true
	}
	for _, p := range out {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		names = append(names, leadingFuncs(data, strings.HasSuffix(p, ".h"), d.exports, func(body []byte) bool {
			if len(fieldCalls(body, pick(d.fields, want))) > 0 {
				return true
			}
			for _, n := range found[p].defines {
				if bytes.Contains(body, []byte(n)) {
					return true
				}
			}
			return false
		})...)
	}
	sort.Strings(names)
	return out, fields, names
}

func pick(m map[string][]string, want map[string]bool) map[string][]string {
	out := map[string][]string{}
	for k, v := range m {
		if want[k] {
			out[k] = v
		}
	}
	return out
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fieldHit is a call through a field in a file's text: the members
// written before it, nearest first (x->dev->ops->close( gives ops, dev).
type fieldHit struct {
	chain []string
}

// fieldCalls finds the calls through the fields in data: ->f( .f( ->f)(.
func fieldCalls(data []byte, fields map[string][]string) map[string][]fieldHit {
	out := map[string][]fieldHit{}
	n := len(data)
	for start, j := nextWord(data, 0); start < n; start, j = nextWord(data, j) {
		w := data[start:j]
		if _, ok := fields[string(w)]; !ok {
			continue
		}
		member := start >= 2 && data[start-1] == '>' && data[start-2] == '-' || start >= 1 && data[start-1] == '.'
		call := j < n && data[j] == '(' || j+1 < n && data[j] == ')' && data[j+1] == '('
		if !member || !call {
			continue
		}
		out[string(w)] = append(out[string(w)], fieldHit{chain: membersBefore(data, start)})
	}
	return out
}

// membersBefore returns the member names written before position at
// (which follows -> or .), nearest first, up to three.
func membersBefore(data []byte, at int) []string {
	var out []string
	for len(out) < 3 {
		switch {
		case at >= 2 && data[at-1] == '>' && data[at-2] == '-':
			at -= 2
		case at >= 1 && data[at-1] == '.':
			at--
		default:
			return out
		}
		e := at
		for at > 0 && wordByte[data[at-1]] {
			at--
		}
		if at == e {
			return out
		}
		out = append(out, string(data[at:e]))
	}
	return out
}

// score is how sure the text makes it that a call through field (hit)
// reads a field of one of the targets' types: two points for each member
// before it that is a field of a type on the way to the struct (dev->ops
// with ops a struct atm_dev's const struct atmdev_ops *), two when the
// file names the struct, one when it names a struct on the way; 0 when
// it names neither.
func (d *dispatchInfo) score(data []byte, typ string, h fieldHit) int {
	s := 0
	types := []string{typ}
	var owners []string
	for _, name := range h.chain {
		var next []string
		for _, ty := range types {
			for _, m := range d.byType[ty] {
				if m.name == name {
					next = append(next, m.owner)
				}
			}
		}
		if len(next) == 0 {
			break
		}
		s += 2
		owners = append(owners, next...)
		types = next
	}
	named := false
	if newWordSet([]string{tag(typ)}).in(data) {
		s += 2
		named = true
	}
	if !named && len(owners) > 0 && newWordSet(tagsOf(owners)).in(data) {
		s++
		named = true
	}
	if !named {
		// Members of common names (ops->close) say little alone.
		return 0
	}
	return s
}

func tagsOf(types []string) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = tag(t)
	}
	return out
}

// funcSpan is a function definition in a file's text.
type funcSpan struct {
	name   string
	static bool
	body   []byte
}

// funcSpans finds the function definitions of a file by its layout, as
// kernel C is written: a head at column 0 with a parameter list, the body
// from a '{' to a '}' at column 0.
func funcSpans(src []byte) []funcSpan {
	var out []funcSpan
	lines := bytes.Split(src, []byte("\n"))
	var head []byte
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if len(line) == 0 || line[0] == '#' || line[0] == '/' || line[0] == '*' || line[0] == '}' {
			head = nil
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if head != nil {
				head = append(append(head, ' '), bytes.TrimSpace(line)...)
				if bytes.HasSuffix(bytes.TrimSpace(line), []byte(";")) {
					head = nil
				}
			}
			continue
		}
		if line[0] != '{' {
			head = append(append(head, ' '), line...)
			t := bytes.TrimSpace(line)
			if bytes.HasSuffix(t, []byte(";")) || bytes.HasSuffix(t, []byte("\\")) {
				head = nil
				continue
			}
			if !bytes.HasSuffix(t, []byte("{")) {
				continue
			}
		}
		// A body starts here.
		h := head
		head = nil
		k := bytes.IndexByte(h, '(')
		if k <= 0 || bytes.Contains(h, []byte("=")) {
			continue
		}
		j := k
		for j > 0 && h[j-1] == ' ' {
			j--
		}
		e := j
		for j > 0 && wordByte[h[j-1]] {
			j--
		}
		if j == e {
			continue
		}
		start := i
		for i+1 < len(lines) && !(len(lines[i+1]) > 0 && lines[i+1][0] == '}') {
			i++
		}
		body := bytes.Join(lines[start:min(i+2, len(lines))], []byte("\n"))
		out = append(out, funcSpan{name: string(h[j:e]), static: bytes.Contains(h[:j], []byte("static")), body: body})
		i++
	}
	return out
}

// leadingFuncs returns the names of the functions of a file that lead to
// a body calls reports: those whose body it reports, and to a fixed point
// those that name one of them. Of a .c file the non-static ones (the
// static ones are called from the file), of a header the static inline
// ones; not the exported ones, whose callers are any module's (the
// analysis assumes them unknown). A function is exported by a line that
// starts with one of the table's export macros (exports), or with a
// variant of one whose name extends it (EXPORT_SYMBOL_IF_KUNIT).
func leadingFuncs(src []byte, header bool, exports map[string]int, calls func(body []byte) bool) []string {
	spans := funcSpans(src)
	lead := map[string]bool{}
	for _, s := range spans {
		if calls(s.body) {
			lead[s.name] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, s := range spans {
			if lead[s.name] {
				continue
			}
			ws := newWordSet(keysOf(lead))
			if ws.in(s.body) {
				lead[s.name], changed = true, true
			}
		}
	}
	exported := map[string]bool{}
	for _, line := range bytes.Split(src, []byte("\n")) {
		if startsWithAny(line, exports) {
			if i, j := bytes.IndexByte(line, '('), bytes.IndexByte(line, ')'); i > 0 && j > i {
				exported[string(bytes.TrimSpace(line[i+1:j]))] = true
			}
		}
	}
	var out []string
	for _, s := range spans {
		if lead[s.name] && s.static == header && !exported[s.name] && strings.ToUpper(s.name) != s.name {
			out = append(out, s.name)
			lead[s.name] = false
		}
	}
	return out
}

// textStore is a field a function is stored in by an initializer.
type textStore struct{ typ, field string }

// startsWithAny reports whether line starts with one of the names.
func startsWithAny(line []byte, names map[string]int) bool {
	for n := range names {
		if bytes.HasPrefix(line, []byte(n)) {
			return true
		}
	}
	return false
}

// textStores finds, in a file's text, the fields that its functions
// leading to names (they name one, or a function that does) are stored in
// by designated initializers: ".field = fn," in "struct T var = {" (the
// struct written at column 0).
func textStores(src []byte, names map[string]bool) []textStore {
	lead := map[string]bool{}
	spans := funcSpans(src)
	want := keysOf(names)
	for changed := true; changed; {
		changed = false
		ws := newWordSet(append(want, keysOf(lead)...))
		for _, s := range spans {
			if !lead[s.name] && !names[s.name] && ws.in(s.body) {
				lead[s.name], changed = true, true
			}
		}
	}
	if len(lead) == 0 {
		return nil
	}
	var out []textStore
	typ := ""
	for _, line := range bytes.Split(src, []byte("\n")) {
		if len(line) > 0 && line[0] != ' ' && line[0] != '\t' {
			typ = ""
			t := bytes.TrimSpace(line)
			if i := bytes.Index(t, []byte("struct ")); i >= 0 && bytes.HasSuffix(t, []byte("{")) && bytes.Contains(t, []byte("=")) {
				w := t[i+len("struct "):]
				j := 0
				for j < len(w) && wordByte[w[j]] {
					j++
				}
				if j > 0 {
					typ = "struct " + string(w[:j])
				}
			}
			continue
		}
		if typ == "" {
			continue
		}
		t := bytes.TrimSpace(line)
		if len(t) < 2 || t[0] != '.' {
			continue
		}
		field, value, ok := bytes.Cut(t[1:], []byte("="))
		if !ok {
			continue
		}
		f := string(bytes.TrimSpace(field))
		v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(value)), ","))
		v = strings.TrimPrefix(v, "&")
		if lead[v] && f != "" && isIdent(f) {
			out = append(out, textStore{typ: typ, field: f})
		}
	}
	return out
}

func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) {
			return false
		}
	}
	return s != ""
}
