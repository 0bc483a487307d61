// SPDX-License-Identifier: MIT

package lint

import (
	"os"
	"runtime"
	"sort"
	"sync"
)

// TreeIndex is an in-memory index of the identifiers in a tree's .c and .h
// files, for a program that lints many inputs against one tree (the
// real-bug test, a server): built on the first search for callers, it
// answers later searches without reading the tree again. A single lint
// does not need one: it reads the tree as it goes (and the on-disk index
// of package index is the way to make repeated runs fast).
type TreeIndex struct {
	once  sync.Once
	root  string
	files []string
	// words maps the hash of an identifier to the files that contain
	// it (a collision only adds a file to look at).
	words map[uint64][]int32
	// defs remembers the functions files define, by path and kind
	// (defKey): see treeFiles.defined.
	defs sync.Map
}

type defKey struct {
	path   string
	header bool
}

// defined returns definedFuncs of a file, read once.
func (x *TreeIndex) defined(path string, header bool) []string {
	k := defKey{path, header}
	if v, ok := x.defs.Load(k); ok {
		return v.([]string)
	}
	var fns []string
	if src, err := os.ReadFile(path); err == nil {
		fns = definedFuncs(src, header)
	}
	x.defs.Store(k, fns)
	return fns
}

// NewTreeIndex returns an index to pass in Options.TreeIndex; it is built
// for the first tree it is used with and ignored for others.
func NewTreeIndex() *TreeIndex { return &TreeIndex{} }

// build reads the files once, in parallel, and records for every
// identifier the files that contain it.
func (x *TreeIndex) build(root string, files []string) {
	x.once.Do(func() {
		x.root, x.files = root, files
		type fileWords struct {
			i     int32
			words []uint64
		}
		ch := make(chan int, 64)
		out := make(chan fileWords, 64)
		var wg sync.WaitGroup
		for range runtime.NumCPU() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				seen := map[uint64]struct{}{}
				for i := range ch {
					data, err := os.ReadFile(files[i])
					if err != nil {
						continue
					}
					out <- fileWords{int32(i), identifiers(data, seen)}
				}
			}()
		}
		go func() {
			for i := range files {
				ch <- i
			}
			close(ch)
			wg.Wait()
			close(out)
		}()
		x.words = make(map[uint64][]int32, 1<<22)
		for fw := range out {
			for _, w := range fw.words {
				x.words[w] = append(x.words[w], fw.i)
			}
		}
	})
}

// identifiers returns the hashes of the distinct identifiers of a text
// (not numbers), using seen as scratch space.
func identifiers(data []byte, seen map[uint64]struct{}) []uint64 {
	clear(seen)
	var out []uint64
	for i, j := nextWord(data, 0); i < len(data); i, j = nextWord(data, j) {
		if c := data[i]; !(c >= '0' && c <= '9') {
			h := wordHash(data[i:j])
			if _, ok := seen[h]; !ok {
				seen[h] = struct{}{}
				out = append(out, h)
			}
		}
	}
	return out
}

// wordHash is FNV-1a, 64 bits.
func wordHash(w []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range w {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// mentions returns the files among files that contain one of the names.
func (x *TreeIndex) mentions(files, names []string) []string {
	in := map[int32]bool{}
	for _, n := range names {
		for _, i := range x.words[wordHash([]byte(n))] {
			in[i] = true
		}
	}
	want := make(map[string]bool, len(files))
	for _, f := range files {
		want[f] = true
	}
	var out []string
	for i := range in {
		if p := x.files[i]; want[p] {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}
