// SPDX-License-Identifier: MIT

package lint

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kcovlint/kcovlint/index"
)

// Context file limits, the same as the tree scan's.
const (
	indexLevels        = 3
	indexFilesPerLevel = 80
	indexMaxFiles      = 120
)

// indexPath is the index database Options.Index names for the tree: ""
// when there is none to use.
func (l *linter) indexPath() string {
	switch l.opts.Index {
	case "none":
		return ""
	case "":
		if l.root == "" {
			return ""
		}
		p := index.DefaultPath(l.root)
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	return l.opts.Index
}

// openIndex opens the index of the tree, or returns nil (saying why on
// the progress output when there is one that cannot be used).
func (l *linter) openIndex() (*index.Index, string) {
	path := l.indexPath()
	if path == "" || l.root == "" {
		return nil, ""
	}
	ix, err := index.OpenExisting(path)
	if err != nil {
		l.progress("index %s not used: %v", path, err)
		return nil, ""
	}
	if empty, err := ix.Empty(); err != nil || empty {
		ix.Close()
		l.progress("index %s not used: it is empty (kcovlint index -C %s)", path, l.root)
		return nil, ""
	}
	if by, _ := ix.Meta("built_by"); l.opts.Version != "" && by != "" && by != l.opts.Version {
		l.progress("index %s was built by kcovlint %s (this is %s): `kcovlint index --rebuild` if callers seem missing", path, by, l.opts.Version)
	}
	return ix, path
}

// exists reports whether a file is on disk.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// indexContextFiles finds the context files of the targets through the
// index of the tree (see contextFiles): the files that call or take the
// address of the functions the targets define, and for callers that are
// helpers defined in headers, the callers of those helpers, over at most
// three levels. ok is false when there is no usable index; the caller then
// scans the tree. Files changed since the index was updated are used as
// the index knows them.
func (l *linter) indexContextFiles(targets []string, overlay map[string][]byte) ([]string, bool) {
	ix, path := l.openIndex()
	if ix == nil {
		return nil, false
	}
	defer ix.Close()
	skip, names := targetNames(targets, overlay)
	var out []string
	for level := 0; level < indexLevels && len(names) > 0; level++ {
		calls, err := ix.CallersOf(sortedNames(names))
		if err != nil {
			l.progress("index %s: %v; scanning the tree instead", path, err)
			return nil, false
		}
		byFile := map[string][]index.Call{}
		for _, c := range calls {
			byFile[c.File] = append(byFile[c.File], c)
		}
		var found []string
		for rel := range byFile {
			abs := filepath.Join(l.root, filepath.FromSlash(rel))
			if skip[abs] {
				continue
			}
			if _, err := os.Stat(abs); err != nil {
				continue // removed since the index was updated
			}
			found = append(found, rel)
		}
		sort.Strings(found)
		if len(found) > indexFilesPerLevel {
			found = found[:indexFilesPerLevel]
		}
		names = map[string]bool{}
		for _, rel := range found {
			abs := filepath.Join(l.root, filepath.FromSlash(rel))
			skip[abs] = true
			out = append(out, abs)
			if !strings.HasSuffix(rel, ".h") {
				continue
			}
			// Helpers in headers forward to the targets: their callers
			// are context too. Helpers of the same header that call
			// those helpers count as well.
			helpers := map[string]bool{}
			next := byFile[rel]
			for len(next) > 0 {
				var more []string
				for _, c := range next {
					if c.Caller != "" && c.CallerHeader && !helpers[c.Caller] {
						helpers[c.Caller] = true
						more = append(more, c.Caller)
					}
				}
				next = nil
				if len(more) == 0 {
					break
				}
				sort.Strings(more)
				cs, err := ix.CallersOf(more)
				if err != nil {
					break
				}
				for _, c := range cs {
					if c.File == rel {
						next = append(next, c)
					}
				}
			}
			for h := range helpers {
				names[h] = true
			}
		}
		if len(out) > indexMaxFiles {
			break
		}
	}
	l.progress("callers from the index %s: %d files", path, len(out))
	return out, true
}

func sortedNames(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
