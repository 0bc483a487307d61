// SPDX-License-Identifier: MIT

package lint

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// treeFiles lists the .c and .h files of a kernel tree (cached per run).
type treeFiles struct {
	root  string
	once  sync.Once
	files []string

	// found memoizes mentions by the names asked for: a patch's pre- and
	// post-image, and the versions of a thread, ask for the same names.
	mu    sync.Mutex
	found map[string][]string
	// read, when set, is told as a scan reads the files: done of total.
	read func(done, total int)
	// builds, when set, says whether the configurations build code in a
	// directory (tree-relative, with a trailing slash): the directories
	// of other architectures are not read for callers, as the index
	// leaves their calls out.
	builds func(rel string) bool
	// index, when set, answers the searches (Options.TreeIndex).
	index *TreeIndex
}

// defined returns the functions a file of the tree defines (definedFuncs),
// remembered in the tree's index when there is one: the cases of a test
// set ask for the same files again and again.
func (t *treeFiles) defined(path string, header bool) []string {
	if t.index != nil {
		return t.index.defined(path, header)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return definedFuncs(src, header)
}

// indexed reports whether mentionsIn answers for the names from the
// tree's index, without reading the files.
func (t *treeFiles) indexed(names []string) bool {
	return t.index != nil && !slices.ContainsFunc(names, func(n string) bool { return n == "" || n[0] >= '0' && n[0] <= '9' })
}

// parallel runs f(0) ... f(n-1) on every CPU.
func parallel(n int, f func(i int)) {
	ch := make(chan int, 64)
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				f(i)
			}
		}()
	}
	for i := range n {
		ch <- i
	}
	close(ch)
	wg.Wait()
}

func (t *treeFiles) list() []string {
	t.once.Do(func() {
		_ = filepath.WalkDir(t.root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				n := d.Name()
				if p != t.root && (strings.HasPrefix(n, ".") || n == "Documentation" || n == "tools" || n == "scripts" || n == "samples" || n == "usr") {
					return filepath.SkipDir
				}
				if t.builds != nil && p != t.root {
					if rel, err := filepath.Rel(t.root, p); err == nil && !t.builds(filepath.ToSlash(rel)+"/") {
						return filepath.SkipDir
					}
				}
				return nil
			}
			if strings.HasSuffix(p, ".c") || strings.HasSuffix(p, ".h") {
				t.files = append(t.files, p)
			}
			return nil
		})
		sort.Strings(t.files)
	})
	return t.files
}

// mentions returns the files of the tree that contain any of the names as
// a word followed by '(' (a call) or as a bare word in an initializer,
// excluding skip. It reads files in parallel.
func (t *treeFiles) mentions(names []string, skip map[string]bool, limit int) []string {
	if len(names) == 0 {
		return nil
	}
	key := strings.Join(names, "\x00")
	t.mu.Lock()
	all, ok := t.found[key]
	t.mu.Unlock()
	if !ok {
		all = t.scan(names)
		t.mu.Lock()
		if t.found == nil {
			t.found = map[string][]string{}
		}
		t.found[key] = all
		t.mu.Unlock()
	}
	var out []string
	for _, p := range all {
		if !skip[p] {
			out = append(out, p)
		}
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// scan reads every file of the tree, in parallel, for the names.
func (t *treeFiles) scan(names []string) []string {
	return t.mentionsIn(t.list(), names)
}

// mentionsIn reads the files, in parallel, and returns those that contain
// one of the names as a word.
func (t *treeFiles) mentionsIn(files, names []string) []string {
	if t.indexed(names) {
		// (The index leaves out numbers.)
		t.index.build(t.root, t.list())
		if t.index.root == t.root {
			return t.index.mentions(files, names)
		}
	}
	w := newWordSet(names)
	var mu sync.Mutex
	var out []string
	var done atomic.Int64
	parallel(len(files), func(i int) {
		if t.read != nil {
			if n := done.Add(1); n%64 == 0 || int(n) == len(files) {
				t.read(int(n), len(files))
			}
		}
		data, err := os.ReadFile(files[i])
		if err != nil || !w.in(data) {
			return
		}
		mu.Lock()
		out = append(out, files[i])
		mu.Unlock()
	})
	sort.Strings(out)
	return out
}

// wordSet finds whole identifiers of a set in text, in one pass whatever
// the number of words. Most identifiers of kernel C are rejected by their
// length and first and last bytes before the set is looked up.
type wordSet struct {
	words       map[string]bool
	byLen       [64]bool
	first, last [256]bool
	long        bool // a word of 64 bytes or more
}

func newWordSet(names []string) *wordSet {
	w := &wordSet{words: make(map[string]bool, len(names))}
	for _, n := range names {
		if n == "" {
			continue
		}
		w.words[n] = true
		if len(n) < len(w.byLen) {
			w.byLen[len(n)] = true
		} else {
			w.long = true
		}
		w.first[n[0]] = true
		w.last[n[len(n)-1]] = true
	}
	return w
}

// in reports whether data contains one of the words as a whole identifier.
func (w *wordSet) in(data []byte) bool {
	for i, j := nextWord(data, 0); i < len(data); i, j = nextWord(data, j) {
		l := j - i
		if (l < len(w.byLen) && w.byLen[l] || l >= len(w.byLen) && w.long) && w.first[data[i]] && w.last[data[j-1]] && w.words[string(data[i:j])] {
			return true
		}
	}
	return false
}

// nextWord returns the bounds of the first identifier-like word (a run
// of wordByte bytes) of data at or after i; start is len(data) when
// there is none. The tree scans all go through it.
func nextWord(data []byte, i int) (start, end int) {
	n := len(data)
	for i < n && !wordByte[data[i]] {
		i++
	}
	j := i
	for j < n && wordByte[data[j]] {
		j++
	}
	return i, j
}

// wordByte marks the bytes of C identifiers.
var wordByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isWordByte(byte(c))
	}
	return t
}()

func isWordByte(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// buildsDir says whether one of the configurations builds code under the
// tree-relative path (cparse.Config.BuildsPath).
func (l *linter) buildsDir(rel string) bool {
	for _, c := range l.configs {
		if c.BuildsPath(rel) {
			return true
		}
	}
	return false
}
