// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// treeFiles lists the .c and .h files of a kernel tree (cached per run).
type treeFiles struct {
	root  string
	once  sync.Once
	files []string
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
	files := t.list()
	pats := make([][]byte, len(names))
	for i, n := range names {
		pats[i] = []byte(n)
	}
	var mu sync.Mutex
	var out []string
	ch := make(chan string, 64)
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range ch {
				data, err := os.ReadFile(p)
				if err != nil {
					continue
				}
				for _, pat := range pats {
					if containsWord(data, pat) {
						mu.Lock()
						out = append(out, p)
						mu.Unlock()
						break
					}
				}
			}
		}()
	}
	for _, p := range files {
		if !skip[p] {
			ch <- p
		}
	}
	close(ch)
	wg.Wait()
	sort.Strings(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func containsWord(data, pat []byte) bool {
	for off := 0; ; {
		i := bytes.Index(data[off:], pat)
		if i < 0 {
			return false
		}
		i += off
		before := i == 0 || !isWordByte(data[i-1])
		end := i + len(pat)
		after := end >= len(data) || !isWordByte(data[end])
		if before && after {
			return true
		}
		off = i + 1
	}
}

func isWordByte(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
