// SPDX-License-Identifier: MIT

package cparse

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// A .c file that another .c file of its directory #includes is often not
// meant to compile alone: kernel/sched/build_policy.c includes "sched.h",
// "stats.h" ... and then "rt.c", which includes none of them and uses
// their macros (DEFINE_SCHED_CLASS(rt) = { ... }). Like Coccinelle's
// parsing hacks, such a file is read after the local headers its includer
// reads before it: includerPrelude returns them. (172 .c files of the
// Debian 6.12 tree include another .c file.)

// maxIncluderDir bounds the .c files of a directory read to find
// includers.
const maxIncluderDir = 500

var includers struct {
	sync.Mutex
	byDir map[string]map[string][]string // dir -> included .c base name -> headers
}

// includerPrelude returns the local headers (absolute paths) that the .c
// file of path's directory that #includes path reads before it, in order;
// nil when no file of the directory includes it.
func includerPrelude(path string) []string {
	if !strings.HasSuffix(path, ".c") {
		return nil
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	includers.Lock()
	m, ok := includers.byDir[dir]
	includers.Unlock()
	if !ok {
		m = scanIncluders(dir)
		includers.Lock()
		if includers.byDir == nil {
			includers.byDir = map[string]map[string][]string{}
		}
		includers.byDir[dir] = m
		includers.Unlock()
	}
	return m[base]
}

// scanIncluders reads the .c files of dir for #include "x.c" lines: for
// each x.c, the quoted .h includes before it in the first includer (by
// name), as paths in dir.
func scanIncluders(dir string) map[string][]string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".c") {
			names = append(names, e.Name())
		}
	}
	if len(names) > maxIncluderDir {
		return nil
	}
	sort.Strings(names)
	var out map[string][]string
	for _, n := range names {
		src, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil || !bytes.Contains(src, []byte(".c\"")) {
			continue
		}
		var headers []string
		for _, line := range bytes.Split(src, []byte("\n")) {
			name, ok := quotedInclude(line)
			if !ok || strings.Contains(name, "/") {
				continue
			}
			switch {
			case strings.HasSuffix(name, ".h"):
				headers = append(headers, filepath.Join(dir, name))
			case strings.HasSuffix(name, ".c") && name != n:
				if out == nil {
					out = map[string][]string{}
				}
				if _, seen := out[name]; !seen && len(headers) > 0 {
					out[name] = append([]string(nil), headers...)
				}
			}
		}
	}
	return out
}

// quotedInclude returns x of a line `#include "x"`.
func quotedInclude(line []byte) (string, bool) {
	s := strings.TrimSpace(string(line))
	if !strings.HasPrefix(s, "#") {
		return "", false
	}
	s = strings.TrimSpace(s[1:])
	rest, ok := strings.CutPrefix(s, "include")
	if !ok {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if len(rest) < 2 || rest[0] != '"' {
		return "", false
	}
	end := strings.IndexByte(rest[1:], '"')
	if end < 0 {
		return "", false
	}
	return rest[1 : 1+end], true
}
