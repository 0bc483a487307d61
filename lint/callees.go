// SPDX-License-Identifier: MIT

package lint

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/index"
	"github.com/kcovlint/kcovlint/kapi"
)

// maxCalleeFiles bounds the .c files read for the functions the targets
// call, per level (cunit.Options.Callees): each is preprocessed whole,
// once per configuration, though only the called functions are parsed.
const maxCalleeFiles = 6

// calleeFiles finds the .c files of the tree that define the named
// functions for other files to call (not static): through the index when
// there is one, else by reading the .c files that name them. A name
// defined so in more than one file is left out: which one a build links
// is a configuration's choice, and a wrong one would be a wrong summary.
// Files that define more of the names come first. The files of the
// kernel's core (config api-dirs) are not read: its functions are the API
// the table models (an unmodelled one is taken to do nothing), and
// reading the implementation behind it (mm/slub.c behind an allocator's
// inline wrapper, kernel/ behind a kernel/ file's calls) costs much and
// says less than the table: TestRealBugs' kernel/ and mm/ cases took 2-5
// times as long with it, and found nothing more.
func (l *linter) calleeFiles(names []string) []string {
	if l.root == "" || len(names) == 0 {
		return nil
	}
	skip := apiDirs()
	definers := map[string][]string{} // name -> tree-relative files

	if path := l.indexPath(); path != "" {
		if ix, err := index.OpenExisting(path); err == nil {
			defer ix.Close()
			for _, n := range names {
				fns, err := ix.Definitions(n)
				if err != nil {
					break
				}
				for _, fn := range fns {
					if !fn.Header && !fn.Static && strings.HasSuffix(fn.File, ".c") {
						definers[n] = append(definers[n], fn.File)
					}
				}
			}
			return rankCallees(l.root, definers, skip)
		}
	}
	var files []string
	for _, f := range l.tree.list() {
		if strings.HasSuffix(f, ".c") {
			files = append(files, f)
		}
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, f := range l.tree.mentionsIn(files, names) {
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		rel, _ := filepath.Rel(l.root, f)
		rel = filepath.ToSlash(rel)
		seen := map[string]bool{}
		for _, n := range definedFuncs(src, false) {
			if want[n] && !seen[n] {
				seen[n] = true
				definers[n] = append(definers[n], rel)
			}
		}
	}
	return rankCallees(l.root, definers, skip)
}

// rankCallees orders the files that alone define some of the names by
// how many they define, and keeps maxCalleeFiles of them, none that skip
// reports.
func rankCallees(root string, definers map[string][]string, skip func(rel string) bool) []string {
	defines := map[string]int{}
	for _, fs := range definers {
		if len(fs) == 1 && !skip(fs[0]) {
			defines[fs[0]]++
		}
	}
	var out []string
	for f := range defines {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := defines[out[i]], defines[out[j]]; a != b {
			return a > b
		}
		return out[i] < out[j]
	})
	if len(out) > maxCalleeFiles {
		out = out[:maxCalleeFiles]
	}
	for i, f := range out {
		out[i] = filepath.Join(root, filepath.FromSlash(f))
	}
	return out
}

// apiDirs returns whether a tree-relative file is in one of the kernel's
// core directories (the table's config api-dirs).
func apiDirs() func(rel string) bool {
	dirs := strings.Split(kapi.Default().Configs["api-dirs"]["value"], ",")
	return func(rel string) bool {
		for _, d := range dirs {
			if d != "" && strings.HasPrefix(rel, d) {
				return true
			}
		}
		return false
	}
}
