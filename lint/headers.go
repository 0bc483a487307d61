// SPDX-License-Identifier: MIT

package lint

import (
	"os"
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
// does not model (cunit.NewWithHeaders): through the index when there is
// one, else by reading the headers of include/ and arch/x86/include/.
// Headers that define more of the names come first.
func (l *linter) helperHeaders(names []string) []string {
	if l.root == "" || len(names) == 0 {
		return nil
	}
	defines := map[string][]string{} // header (tree-relative) -> names
	if path := l.indexPath(); path != "" {
		if ix, err := index.OpenExisting(path); err == nil {
			defer ix.Close()
			for _, n := range names {
				fns, err := ix.Definitions(n)
				if err != nil {
					break
				}
				if h := bestHeader(fns); h != "" {
					defines[h] = append(defines[h], n)
				}
			}
			return rankHeaders(l.root, defines)
		}
	}
	var files []string
	for _, f := range l.tree.list() {
		rel, err := filepath.Rel(l.root, f)
		if err != nil || !strings.HasSuffix(f, ".h") || headerRank(filepath.ToSlash(rel)) < 0 {
			continue
		}
		files = append(files, f)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	best := map[string]string{} // name -> header
	for _, f := range l.tree.mentionsIn(files, names) {
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		rel, _ := filepath.Rel(l.root, f)
		rel = filepath.ToSlash(rel)
		for _, n := range definedFuncs(src, true) {
			if !want[n] {
				continue
			}
			if old, ok := best[n]; !ok || headerRank(rel) < headerRank(old) {
				best[n] = rel
			}
		}
	}
	for n, h := range best {
		defines[h] = append(defines[h], n)
	}
	return rankHeaders(l.root, defines)
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

// bestHeader picks, of a name's definitions, the static inline one in the
// best-ranked shared header ("" when none).
func bestHeader(fns []index.Func) string {
	best, rank := "", len(helperHeaderDirs)
	for _, fn := range fns {
		if !fn.Header || !(fn.Static || fn.Inline) {
			continue
		}
		if r := headerRank(fn.File); r >= 0 && r < rank {
			best, rank = fn.File, r
		}
	}
	return best
}

func rankHeaders(root string, defines map[string][]string) []string {
	var hs []string
	for h := range defines {
		hs = append(hs, h)
	}
	sort.Slice(hs, func(i, j int) bool {
		if a, b := len(defines[hs[i]]), len(defines[hs[j]]); a != b {
			return a > b
		}
		return hs[i] < hs[j]
	})
	if len(hs) > maxHelperHeaders {
		hs = hs[:maxHelperHeaders]
	}
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = filepath.Join(root, filepath.FromSlash(h))
	}
	return out
}
