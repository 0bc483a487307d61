// SPDX-License-Identifier: MIT

package lint

import (
	"strings"

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
	count := map[string]int{}
	for _, fs := range l.definers(names, false, func(string) bool { return true }) {
		if len(fs) == 1 && !skip(fs[0]) {
			count[fs[0]]++
		}
	}
	return rankFiles(l.root, count, maxCalleeFiles)
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
