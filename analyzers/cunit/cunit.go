// SPDX-License-Identifier: MIT

// Package cunit defines the analysis unit: the kernel C files being linted
// (the targets) and the files around them that tell in which contexts the
// targets run (their callers, the headers with inline helpers), each parsed
// once per kernel configuration.
package cunit

import (
	"crypto/sha256"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"

	"github.com/kcovlint/kcovlint/analyzers/ctxmodel"
	"github.com/kcovlint/kcovlint/cparse"
	"github.com/kcovlint/kcovlint/kapi"
)

// Unit is the result of the Analyzer.
type Unit struct {
	// Root is the kernel tree the files belong to ("" when none).
	Root string
	// Configs are the configurations analysed, in order (non-RT first).
	Configs []*cparse.Config
	// Files maps a configuration name to the parsed files.
	Files map[string][]*cparse.File
	// Targets are the paths (as parsed) whose findings are reported.
	Targets map[string]bool
	// Table is the kernel knowledge.
	Table *kapi.Table
	// Positions maps cparse positions to the token positions of the
	// analysis passes' FileSet.
	Positions *Positions
	// Overlay holds contents that replace files on disk.
	Overlay map[string][]byte
	// External are the ways into the targets' functions from callers the
	// unit does not hold (from the tree index), nil if none.
	External ctxmodel.Ways
	// Headers are the tree headers read for the helpers they define that
	// the targets call (see NewWithHeaders).
	Headers []string
	// Callees are the tree's .c files read for the functions they define
	// that the targets call, and those call (Options.Callees).
	Callees []string
	// Structs are struct types the files do not define, read from the
	// tree's headers (the parser does not read <...> headers): the
	// members of struct type of each, by which a call through a struct
	// field is resolved.
	Structs map[string]*cparse.Struct
	// Enums are enumerators the files do not define, with their values,
	// read from the tree's headers (cparse.HeaderEnums): a constant
	// passed down and the case labels of a switch on it compare by value.
	Enums map[string]int64
	// Modules names, for a tree-relative .c file, the object the tree's
	// Makefiles link it into (kbuild.Modules.Module), "" when unknown;
	// nil: none known (see Module).
	Modules func(rel string) string
}

// Module names the module a file of the unit is built into: the object
// the tree's Makefiles link it into, else its directory (the unit of a
// driver when nothing says more).
func (u *Unit) Module(path string) string {
	if u != nil && u.Modules != nil {
		if m := u.Modules(u.Rel(path)); m != "" {
			return m
		}
	}
	return filepath.Dir(path)
}

// EnumValue returns the value of an enumerator as file f defines it, or
// else as the tree's headers do.
func (u *Unit) EnumValue(f *cparse.File, name string) (int64, bool) {
	if v, ok := f.EnumValue(name); ok || u == nil {
		return v, ok
	}
	v, ok := u.Enums[name]
	return v, ok
}

// Analyzer parses pass.OtherFiles as targets for the non-RT and RT default
// configurations. Drivers that know more (a tree, a .config, context files)
// build the Unit themselves with New and provide it as this analyzer's result.
var Analyzer = &analysis.Analyzer{
	Name:       "cunit",
	Doc:        "parse kernel C files into kcovlint's IR, once per kernel configuration\n\nBy itself, it does not report any diagnostics.",
	Run:        run,
	ResultType: reflect.TypeOf((*Unit)(nil)),
}

func run(pass *analysis.Pass) (any, error) {
	return New("", []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}, pass.OtherFiles, nil, nil)
}

// Source is a file's content, for files that differ from the disk (a
// patch's post-image).
type Source struct {
	Path    string
	Content []byte
}

// Cache keeps parsed files between units of one run: the context files of
// a patch's pre- and post-image, and of the versions in a thread, are the
// same. It is safe for concurrent use.
type Cache struct {
	// Progress, when set, is told as a unit's files are parsed: done of
	// total files (targets, then the context files).
	Progress func(done, total int)
	// Dump, when set, receives the parser's texts of the files the cache
	// parses (cparse.Options.Dump), each file's once; files are parsed
	// in parallel, so it must be safe for concurrent use.
	Dump io.Writer

	mu sync.Mutex
	m  map[cacheKey]*cparse.File
	// outlines are the function lists of prepared context files (by
	// configuration, path and content): with them a unit decides what to
	// parse without preprocessing again what an earlier unit did.
	outlines map[cacheKey]*cparse.Prepared
	// byContent lists, for a file's content (a key without its
	// configuration), the files parsed from it under some configuration:
	// another configuration that answers every CONFIG_* macro the
	// preprocessor asked about as that one did gets the same parse
	// (cparse.File.Consulted). Most files ask nothing that differs
	// between RT and non-RT, and are parsed once for both.
	byContent map[cacheKey][]*cparse.File
	// outlinesByContent does the same for outlines.
	outlinesByContent map[cacheKey][]*cparse.Prepared
	// parsing and preparing are the contents being parsed or prepared,
	// closed when done: a unit needing one waits instead of parsing it
	// too.
	parsing, preparing map[cacheKey]chan struct{}
}

type cacheKey struct {
	config, path string
	sum          [32]byte
	kept         [32]byte // of the names of the functions parsed; zero: all
	// env is overlayEnv of the unit's overlay: a file's parse depends on
	// the headers it includes, and a patch's pre- and post-image of a
	// header give the same .c file two parses.
	env [32]byte
}

// overlayEnv sums the headers an overlay replaces (path and content);
// zero when it replaces none.
func overlayEnv(overlay map[string][]byte) [32]byte {
	var paths []string
	for p := range overlay {
		if strings.HasSuffix(p, ".h") {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return [32]byte{}
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		sum := sha256.Sum256(overlay[p])
		h.Write([]byte(p))
		h.Write([]byte{0})
		h.Write(sum[:])
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// content is the key without its configuration.
func (k cacheKey) content() cacheKey { k.config = ""; return k }

// NewCache makes an empty cache.
func NewCache() *Cache {
	return &Cache{m: map[cacheKey]*cparse.File{}, outlines: map[cacheKey]*cparse.Prepared{},
		byContent: map[cacheKey][]*cparse.File{}, outlinesByContent: map[cacheKey][]*cparse.Prepared{},
		parsing: map[cacheKey]chan struct{}{}, preparing: map[cacheKey]chan struct{}{}}
}

// claim returns nil when found (called with c.mu held) finds what k
// names; else, when another unit (the pre-image's, beside the
// post-image's) is working on the same content in busy, it waits for it and
// looks again; else it marks the content busy and returns the channel the
// caller closes (under c.mu, after storing its result) when done.
func (c *Cache) claim(busy map[cacheKey]chan struct{}, k cacheKey, found func() bool) chan struct{} {
	for {
		c.mu.Lock()
		if found() {
			c.mu.Unlock()
			return nil
		}
		if wait, ok := busy[k.content()]; ok {
			c.mu.Unlock()
			<-wait
			continue
		}
		done := make(chan struct{})
		busy[k.content()] = done
		c.mu.Unlock()
		return done
	}
}

// prepare prepares a context file, or returns a copy of the outline of
// the same file prepared before.
func (c *Cache) prepare(cfg *cparse.Config, path string, src []byte, env [32]byte, opts cparse.Options) *cparse.Prepared {
	if c == nil {
		return cparse.Prepare(path, src, opts)
	}
	opts.Dump = c.Dump
	k := cacheKey{config: cfg.Name, path: path, sum: sha256.Sum256(src), env: env}
	var o *cparse.Prepared
	done := c.claim(c.preparing, k, func() bool {
		if o = c.outlines[k]; o != nil {
			return true
		}
		for _, x := range c.outlinesByContent[k.content()] {
			if cfg.Answers(x.Consulted()) {
				o = x
				c.outlines[k] = x
				return true
			}
		}
		return false
	})
	if done == nil {
		return o.Outline()
	}
	p := cparse.Prepare(path, src, opts)
	o = p.Outline()
	c.mu.Lock()
	c.outlines[k] = o
	c.outlinesByContent[k.content()] = append(c.outlinesByContent[k.content()], o)
	delete(c.preparing, k.content())
	close(done)
	c.mu.Unlock()
	return p
}

func (c *Cache) parse(cfg *cparse.Config, path string, src []byte, env [32]byte, opts cparse.Options) *cparse.File {
	if c == nil {
		return cparse.ParseSource(path, src, opts)
	}
	opts.Dump = c.Dump
	k := cacheKey{config: cfg.Name, path: path, sum: sha256.Sum256(src), env: env}
	return c.get(cfg, k, func() *cparse.File { return cparse.ParseSource(path, src, opts) })
}

// get returns the file parsed before under k, or under another
// configuration that cfg answers alike, else parses it.
func (c *Cache) get(cfg *cparse.Config, k cacheKey, parse func() *cparse.File) *cparse.File {
	var f *cparse.File
	done := c.claim(c.parsing, k, func() bool {
		var ok bool
		if f, ok = c.m[k]; ok {
			return true
		}
		for _, x := range c.byContent[k.content()] {
			if cfg.Answers(x.Consulted) {
				f = x
				c.m[k] = x
				return true
			}
		}
		return false
	})
	if done == nil {
		return f
	}
	f = parse()
	for _, fn := range f.Funcs {
		fn.CFG() // build now: units and configurations share the file concurrently
	}
	c.mu.Lock()
	c.m[k] = f
	c.byContent[k.content()] = append(c.byContent[k.content()], f)
	delete(c.parsing, k.content())
	close(done)
	c.mu.Unlock()
	return f
}

// parsePrepared parses a prepared file, or returns the file parsed before
// with the same content and the same functions kept. An outline (see
// Cache.prepare) is prepared again, with its decisions, when the file was
// not parsed with those functions before.
func (c *Cache) parsePrepared(cfg *cparse.Config, path string, src []byte, p *cparse.Prepared, env [32]byte, opts cparse.Options) *cparse.File {
	if c != nil {
		opts.Dump = c.Dump
	}
	full := func() *cparse.File {
		if p.IsOutline() {
			q := cparse.Prepare(path, src, opts)
			q.Take(p)
			return q.Parse()
		}
		return p.Parse()
	}
	if c == nil {
		return full()
	}
	k := cacheKey{config: cfg.Name, path: path, sum: sha256.Sum256(src), env: env}
	k.kept = sha256.Sum256([]byte("focus\x00" + strings.Join(p.Kept(), "\x00")))
	return c.get(cfg, k, full)
}

// parseOptions are the options a unit parses with: files come from
// overlay first, then the disk.
func parseOptions(c *cparse.Config, overlay map[string][]byte) cparse.Options {
	return cparse.Options{Config: c, ReadFile: func(name string) ([]byte, error) {
		if b, ok := overlay[name]; ok {
			return b, nil
		}
		return readFile(name)
	}}
}

// Warm starts parsing targets in the background, in every configuration,
// as a unit of them will: the caller does other work meanwhile (looks up
// the targets' callers in the index), and the unit then finds the parses
// done or in progress. Files that cannot be read are left to the unit,
// which reports them.
func (c *Cache) Warm(configs []*cparse.Config, targets []string, overlay map[string][]byte) {
	if c == nil {
		return
	}
	env := overlayEnv(overlay)
	for _, p := range targets {
		src, ok := overlay[p]
		if !ok {
			var err error
			if src, err = readFile(p); err != nil {
				continue
			}
		}
		go func() {
			for _, cfg := range configs {
				c.parse(cfg, p, src, env, parseOptions(cfg, overlay))
			}
		}()
	}
}

// New parses targets and context files for each configuration. overlay
// supplies contents that replace files on disk.
func New(root string, configs []*cparse.Config, targets, context []string, overlay map[string][]byte) (*Unit, error) {
	return NewCached(nil, root, configs, targets, context, overlay)
}

// NewCached is New with a parse cache (nil for none).
func NewCached(cache *Cache, root string, configs []*cparse.Config, targets, context []string, overlay map[string][]byte) (*Unit, error) {
	return NewWithHeaders(cache, root, configs, targets, context, overlay, nil)
}

// HeaderFinder returns the headers of the tree that define some of the
// named functions (static inline helpers), at most a few, best first.
type HeaderFinder func(names []string) []string

// NewWithHeaders is NewCached that also reads, through headers, the tree
// headers defining the helpers the targets call and the table does not
// model: bpf_disable_instrumentation() disables migration in
// include/linux/bpf.h, and a call of it is analysed as what it does.
func NewWithHeaders(cache *Cache, root string, configs []*cparse.Config, targets, context []string, overlay map[string][]byte, headers HeaderFinder) (*Unit, error) {
	return NewWith(cache, root, configs, targets, context, overlay, Options{Headers: headers})
}

// CalleeFinder returns the .c files of the tree that define, as
// functions other files can call, some of the named functions: at most a
// few, best first.
type CalleeFinder func(names []string) []string

// calleeLevels is how many levels of callees in other .c files are read:
// a sleeping call or a lock two files down from a patched function (a
// driver's timer calls a subsystem's exported helper, which calls the
// subsystem's transmit function, which allocates with GFP_KERNEL) is
// what the unit needs to know what the call does.
const calleeLevels = 2

// Options are what a unit is built with besides its files.
type Options struct {
	// Headers finds the tree headers defining the helpers the targets
	// call (see NewWithHeaders); nil: none are read.
	Headers HeaderFinder
	// Callees finds the tree's .c files defining the functions the
	// targets call and no file of the unit defines: their summaries are
	// what the calls do (a callee that sleeps, or takes a lock). Only the
	// called functions and what they call are parsed (cparse.Focus).
	// nil: none are read.
	Callees CalleeFinder
	// Fields are the struct members the targets store functions in whose
	// callers the context files may hold: the context files' functions
	// that call through them are kept (cparse.Focus).
	Fields []string
	// Structs are struct types known besides the files' own (Unit.Structs).
	Structs map[string]*cparse.Struct
	// Enums are enumerators known besides the files' own (Unit.Enums).
	Enums map[string]int64
	// Modules names the object a .c file is linked into (Unit.Modules).
	Modules func(rel string) string
	// NoFocus parses the context files whole instead of only the
	// functions on the way to the targets' (cparse.Focus): slower, for
	// comparing (the findings must be the same).
	NoFocus bool
}

// NewWith is NewCached with options.
func NewWith(cache *Cache, root string, configs []*cparse.Config, targets, context []string, overlay map[string][]byte, o Options) (*Unit, error) {
	headers := o.Headers
	u := &Unit{Root: root, Configs: configs, Files: map[string][]*cparse.File{}, Targets: map[string]bool{}, Table: kapi.Default(), Overlay: overlay, Structs: o.Structs, Enums: o.Enums, Modules: o.Modules}
	all := append(append([]string(nil), targets...), context...)
	seen := map[string]bool{}
	for _, t := range targets {
		u.Targets[t] = true
	}
	read := func(path string) ([]byte, error) {
		if b, ok := overlay[path]; ok {
			return b, nil
		}
		return readFile(path)
	}
	u.Positions = NewPositions(read)
	// Files are parsed in parallel (a patch's context is tens of files,
	// each parsed once per configuration); the result keeps the order of
	// configurations and files, so runs are reproducible.
	var jobs []*job
	for _, c := range configs {
		for _, p := range all {
			if seen[c.Name+"\x00"+p] {
				continue
			}
			seen[c.Name+"\x00"+p] = true
			src, err := read(p)
			if err != nil {
				if u.Targets[p] {
					return nil, err
				}
				continue
			}
			jobs = append(jobs, &job{c: c, path: p, src: src})
		}
	}
	opts := func(c *cparse.Config) cparse.Options { return parseOptions(c, overlay) }
	env := overlayEnv(overlay)
	each := func(jobs []*job, do func(*job)) {
		next := make(chan *job)
		var wg sync.WaitGroup
		for w := 0; w < min(runtime.GOMAXPROCS(0), len(jobs)); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range next {
					do(j)
				}
			}()
		}
		for _, j := range jobs {
			next <- j
		}
		close(next)
		wg.Wait()
	}
	// byFile runs do on the jobs of each file in the order of the
	// configurations, files in parallel: a configuration whose answers
	// match an earlier one's then shares its parse (Cache.get).
	byFile := func(jobs []*job, do func(*job)) {
		var groups []*job
		rest := map[string][]*job{}
		for _, j := range jobs {
			if _, ok := rest[j.path]; !ok {
				groups = append(groups, j)
			}
			rest[j.path] = append(rest[j.path], j)
		}
		each(groups, func(g *job) {
			for _, j := range rest[g.path] {
				do(j)
			}
		})
	}
	// The targets first, whole. The context files are there to tell in
	// which contexts the targets' functions run: of them only the
	// functions on the way to those are parsed (cparse.Focus).
	var tjobs, cjobs []*job
	for _, j := range jobs {
		if u.Targets[j.path] {
			tjobs = append(tjobs, j)
		} else {
			cjobs = append(cjobs, j)
		}
	}
	// Progress counts files: the targets, then the context files.
	var parsed atomic.Int64
	nfiles := 0
	counted := map[string]bool{}
	for _, j := range jobs {
		if !counted[j.path] {
			counted[j.path] = true
			nfiles++
		}
	}
	fileDone := func(j *job) {
		if cache != nil && cache.Progress != nil && j.c == configs[len(configs)-1] {
			cache.Progress(int(parsed.Add(1)), nfiles)
		}
	}
	byFile(tjobs, func(j *job) { j.f = cache.parse(j.c, j.path, j.src, env, opts(j.c)); fileDone(j) })
	// addFile adds a tree file to the unit as a context file, in every
	// configuration, and returns its jobs (none when the unit has it
	// already or it cannot be read).
	have := map[string]bool{}
	for _, j := range jobs {
		have[j.path] = true
	}
	addFile := func(path string) []*job {
		if have[path] {
			return nil
		}
		have[path] = true
		src, err := read(path)
		if err != nil {
			return nil
		}
		nfiles++
		var added []*job
		for _, c := range configs {
			j := &job{c: c, path: path, src: src}
			jobs = append(jobs, j)
			cjobs = append(cjobs, j)
			added = append(added, j)
		}
		return added
	}
	var defs, names []string
	if headers != nil || o.Callees != nil {
		defs, names = undefinedCallees(tjobs, u.Table)
	}
	if headers != nil {
		for _, h := range headers(names) {
			if addFile(h) != nil {
				u.Headers = append(u.Headers, h)
			}
		}
	}
	if o.Callees != nil {
		defs = append(defs, u.readCallees(o.Callees, tjobs, names, addFile, func(j *job) *cparse.Prepared {
			j.prep = cache.prepare(j.c, j.path, j.src, env, opts(j.c))
			return j.prep
		})...)
	}
	if o.NoFocus {
		// Everything, to compare (the findings must not change).
		byFile(cjobs, func(j *job) { j.f = cache.parse(j.c, j.path, j.src, env, opts(j.c)); fileDone(j) })
	} else {
		byFile(cjobs, func(j *job) {
			if j.prep == nil {
				j.prep = cache.prepare(j.c, j.path, j.src, env, opts(j.c))
			}
		})
		var locks [][]string
		seenLock := map[string]bool{}
		for _, j := range tjobs {
			if j.c != configs[0] {
				continue
			}
			for _, g := range lockWords(j.src, u.Table) {
				if k := strings.Join(g, " "); !seenLock[k] {
					seenLock[k] = true
					locks = append(locks, g)
				}
			}
		}
		for _, c := range configs {
			var preps []*cparse.Prepared
			for _, j := range cjobs {
				if j.c == c {
					preps = append(preps, j.prep)
				}
			}
			cparse.Focus(preps, focusNames(tjobs, c), locks, defs, o.Fields, u.Table.Models)
		}
		byFile(cjobs, func(j *job) {
			j.f = cache.parsePrepared(j.c, j.path, j.src, j.prep, env, opts(j.c))
			j.prep = nil
			fileDone(j)
		})
	}
	for _, j := range jobs {
		u.Files[j.c.Name] = append(u.Files[j.c.Name], j.f)
	}
	return u, nil
}

// undefinedCallees lists the names the targets call that no target
// defines and the table does not model (sorted), twice: all of them, and
// those that could be a function defined in a header (not upper case,
// which is a macro's name, unless the call passes a function of the
// targets: a static inline in upper case that calls its callback).
func undefinedCallees(targets []*job, t *kapi.Table) (all, lookup []string) {
	defined := map[string]bool{}
	for _, j := range targets {
		for _, fn := range j.f.Funcs {
			defined[fn.Name] = true
		}
	}
	passesFunc := func(c *cparse.Call) bool {
		for _, a := range c.Args {
			a = cparse.Unparen(a)
			if u, ok := a.(*cparse.Unary); ok && u.Op == "&" {
				a = cparse.Unparen(u.X)
			}
			if id, ok := a.(*cparse.Ident); ok && defined[id.Name] {
				return true
			}
		}
		return false
	}
	seen, looked := map[string]bool{}, map[string]bool{}
	for _, j := range targets {
		for _, fn := range j.f.Funcs {
			if fn.Body == nil {
				continue
			}
			cparse.WalkStmt(fn.Body, func(e cparse.Expr) {
				c, ok := e.(*cparse.Call)
				if !ok || c.Name == "" || defined[c.Name] || t.Models(c.Name) {
					return
				}
				if !seen[c.Name] {
					seen[c.Name] = true
					all = append(all, c.Name)
				}
				if !looked[c.Name] && (strings.ToUpper(c.Name) != c.Name || passesFunc(c)) {
					looked[c.Name] = true
					lookup = append(lookup, c.Name)
				}
			})
		}
	}
	sort.Strings(all)
	sort.Strings(lookup)
	return all, lookup
}

// job is one file to parse in one configuration.
type job struct {
	c    *cparse.Config
	path string
	src  []byte
	prep *cparse.Prepared
	f    *cparse.File
}

// readCallees adds to the unit, level by level (calleeLevels), the .c
// files of the tree that define the functions the targets call and no
// file of the unit defines (names: those the targets call and the table
// does not model), then those the called functions of the added files
// call. It returns the names looked for beyond names: the functions kept
// with their callees (cparse.Focus's defs). add adds a file to the unit
// (addFile in NewWith); prepare outlines a job's file.
func (u *Unit) readCallees(find CalleeFinder, tjobs []*job, names []string, add func(string) []*job, prepare func(*job) *cparse.Prepared) []string {
	defined := map[string]bool{}
	for _, j := range tjobs {
		for _, fn := range j.f.Funcs {
			defined[fn.Name] = true
		}
	}
	var all []string
	for level := 0; level < calleeLevels && len(names) > 0; level++ {
		if level > 0 {
			all = append(all, names...)
		}
		want := map[string]bool{}
		for _, n := range names {
			want[n] = true
		}
		// One configuration's outline of each new file tells what its
		// functions call.
		var added []*cparse.Prepared
		for _, f := range find(names) {
			if js := add(f); len(js) > 0 {
				u.Callees = append(u.Callees, f)
				p := prepare(js[0])
				added = append(added, p)
				for _, fc := range p.Funcs() {
					defined[fc.Name] = true
				}
			}
		}
		// The functions of the new files that the called ones store or
		// pass by name are parsed too: mISDNisac_init() sets
		// isac->release = isac_release, which the caller later calls
		// through the pointer (callbackRefs).
		for _, p := range added {
			for _, n := range callbackRefs(p, want) {
				want[n] = true
				all = append(all, n)
			}
		}
		// The next level: what the called (and stored) functions of the
		// new files call.
		next := map[string]bool{}
		for _, p := range added {
			for _, fc := range p.Funcs() {
				if !want[fc.Name] {
					continue
				}
				for _, n := range fc.Calls() {
					if !defined[n] && !want[n] && strings.ToUpper(n) != n && !u.Table.Models(n) {
						next[n] = true
					}
				}
			}
		}
		names = names[:0:0]
		for n := range next {
			names = append(names, n)
		}
		sort.Strings(names)
	}
	return all
}

// callbackRefs returns, sorted, the functions of file p that the wanted
// functions of p name without calling them: the methods an init function
// stores (isac->release = isac_release) or passes to a registration.
// One step only: what those store is not followed.
func callbackRefs(p *cparse.Prepared, want map[string]bool) []string {
	local := map[string]bool{}
	for _, fc := range p.Funcs() {
		local[fc.Name] = true
	}
	set := map[string]bool{}
	for _, fc := range p.Funcs() {
		if !want[fc.Name] {
			continue
		}
		for _, n := range fc.Refs() {
			if local[n] && !want[n] {
				set[n] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// focusNames are the names the context files are parsed for: the
// functions the targets define in configuration c.
func focusNames(targets []*job, c *cparse.Config) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, j := range targets {
		if j.f == nil || j.c != c {
			continue
		}
		for _, fn := range j.f.Funcs {
			if fn.Body != nil && !seen[fn.Name] {
				seen[fn.Name] = true
				out = append(out, fn.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Rel returns path relative to the tree root when it is inside it.
func (u *Unit) Rel(path string) string {
	if u.Root == "" || path == "" {
		return path
	}
	r, err := filepath.Rel(u.Root, path)
	if err != nil || strings.HasPrefix(r, "..") {
		return path
	}
	return r
}

// Config returns the configuration of that name.
func (u *Unit) Config(name string) *cparse.Config {
	for _, c := range u.Configs {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// ConfigNames lists the configurations.
func (u *Unit) ConfigNames() []string {
	var out []string
	for _, c := range u.Configs {
		out = append(out, c.Name)
	}
	return out
}

// IsRT reports whether the named configuration is PREEMPT_RT.
func (u *Unit) IsRT(name string) bool {
	if c := u.Config(name); c != nil {
		return c.RT
	}
	return false
}

// Failures lists the parse failures of the targets, for reports.
func (u *Unit) Failures() []string {
	var out []string
	for _, c := range u.Configs {
		for _, f := range u.Files[c.Name] {
			if !u.Targets[f.Path] {
				continue
			}
			for _, x := range f.Failures {
				out = append(out, fmt.Sprintf("%s [%s]", x, c.Name))
			}
		}
	}
	sort.Strings(out)
	return out
}

// Positions converts cparse positions into token positions of a FileSet
// holding the unit's files.
type Positions struct {
	Fset  *token.FileSet
	files map[string]*token.File
	read  func(string) ([]byte, error)
}

// NewPositions makes a FileSet for files read with read.
func NewPositions(read func(string) ([]byte, error)) *Positions {
	if read == nil {
		read = readFile
	}
	return &Positions{Fset: token.NewFileSet(), files: map[string]*token.File{}, read: read}
}

// Pos returns the token.Pos of a cparse position (NoPos when the file
// cannot be read).
func (p *Positions) Pos(cp cparse.Pos) token.Pos {
	if !cp.IsValid() {
		return token.NoPos
	}
	tf, ok := p.files[cp.File]
	if !ok {
		content, err := p.read(cp.File)
		if err != nil {
			p.files[cp.File] = nil
			return token.NoPos
		}
		tf = p.Fset.AddFile(cp.File, -1, len(content)+1)
		tf.SetLinesForContent(content)
		p.files[cp.File] = tf
	}
	if tf == nil || cp.Line > tf.LineCount() {
		return token.NoPos
	}
	start := tf.LineStart(cp.Line)
	off := tf.Offset(start) + max(cp.Col, 1) - 1
	if off > tf.Size() {
		off = tf.Size()
	}
	return tf.Pos(off)
}

// Read reads a file the way the positions do.
func (p *Positions) Read(name string) ([]byte, error) { return p.read(name) }
