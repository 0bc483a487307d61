// SPDX-License-Identifier: MIT

package lint

import (
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
	want := make(map[string]bool, len(names))
	minLen, maxLen := 1<<30, 0
	for _, n := range names {
		want[n] = true
		minLen = min(minLen, len(n))
		maxLen = max(maxLen, len(n))
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
				if hasWord(data, want, minLen, maxLen) {
					mu.Lock()
					out = append(out, p)
					mu.Unlock()
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

// hasWord reports whether data contains one of the words as a whole
// identifier, in one pass over the data whatever the number of words.
func hasWord(data []byte, words map[string]bool, minLen, maxLen int) bool {
	n := len(data)
	for i := 0; i < n; {
		if !wordByte[data[i]] {
			i++
			continue
		}
		j := i + 1
		for j < n && wordByte[data[j]] {
			j++
		}
		if l := j - i; l >= minLen && l <= maxLen && words[string(data[i:j])] {
			return true
		}
		i = j
	}
	return false
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
