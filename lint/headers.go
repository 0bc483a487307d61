// SPDX-License-Identifier: MIT

package lint

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/index"
)

// maxHelperHeaders bounds the tree headers read for the helpers the
// targets call: each is preprocessed whole, once per configuration.
const maxHelperHeaders = 12

// helperHeaderDirs are where the tree's shared headers are, by preference:
// a name defined in include/linux/ wins over an architecture's header,
// which wins over the generic one (include/asm-generic/) it replaces.
var helperHeaderDirs = []string{"include/linux/", "include/net/", "arch/x86/include/", "include/"}

// helperHeaders finds the headers of the tree that define, as static
// inline functions, the helpers the targets call and the kernel API table
// does not model (cunit.NewWithHeaders): of include/ and arch/x86/include/,
// the best-ranked header defining each (helperHeaderDirs). Headers that
// define more of the names come first.
func (l *linter) helperHeaders(names []string) []string {
	if l.root == "" || len(names) == 0 {
		return nil
	}
	count := map[string]int{} // header (tree-relative) -> names
	for _, hs := range l.definers(names, true, func(rel string) bool { return headerRank(rel) >= 0 }) {
		best := ""
		for _, h := range hs {
			if best == "" || headerRank(h) < headerRank(best) {
				best = h
			}
		}
		count[best]++
	}
	return rankFiles(l.root, count, maxHelperHeaders)
}

// definers finds, for each name, the tree-relative files that define it —
// as a static inline function of a header (header), or as a function
// other files can call of a .c file (!header) — of the files keep
// accepts: through the index when there is one, else by reading the files
// that name them.
func (l *linter) definers(names []string, header bool, keep func(rel string) bool) map[string][]string {
	out := map[string][]string{}
	if path := l.indexPath(); path != "" {
		if ix, err := index.OpenExisting(path); err == nil {
			defer ix.Close()
			for _, n := range names {
				fns, err := ix.Definitions(n)
				if err != nil {
					break
				}
				for _, fn := range fns {
					ok := fn.Header && (fn.Static || fn.Inline)
					if !header {
						ok = !fn.Header && !fn.Static && strings.HasSuffix(fn.File, ".c")
					}
					if ok && keep(fn.File) {
						out[n] = append(out[n], fn.File)
					}
				}
			}
			return out
		}
	}
	suffix := ".c"
	if header {
		suffix = ".h"
	}
	var files []string
	for _, f := range l.tree.list() {
		rel, err := filepath.Rel(l.root, f)
		if err == nil && strings.HasSuffix(f, suffix) && keep(filepath.ToSlash(rel)) {
			files = append(files, f)
		}
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	files = l.tree.mentionsIn(files, names)
	defs := make([][]string, len(files))
	parallel(len(files), func(i int) { defs[i] = l.tree.defined(files[i], header) })
	for i, f := range files {
		rel, _ := filepath.Rel(l.root, f)
		rel = filepath.ToSlash(rel)
		seen := map[string]bool{}
		for _, n := range defs[i] {
			if want[n] && !seen[n] {
				seen[n] = true
				out[n] = append(out[n], rel)
			}
		}
	}
	return out
}

// headerRank orders shared headers by helperHeaderDirs; -1 for a file that
// is not one (uapi headers declare no kernel helpers).
func headerRank(rel string) int {
	if strings.Contains(rel, "/uapi/") {
		return -1
	}
	for i, d := range helperHeaderDirs {
		if strings.HasPrefix(rel, d) {
			return i
		}
	}
	return -1
}

// rankFiles orders files by the count of names each defines, most
// first, keeps max of them, and makes them absolute.
func rankFiles(root string, count map[string]int, max int) []string {
	var out []string
	for f := range count {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := count[out[i]], count[out[j]]; a != b {
			return a > b
		}
		return out[i] < out[j]
	})
	if len(out) > max {
		out = out[:max]
	}
	for i, f := range out {
		out[i] = filepath.Join(root, filepath.FromSlash(f))
	}
	return out
}
