// SPDX-License-Identifier: MIT

package kbuild

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// Modules answers which object a tree's Makefiles link a .c file into:
// the composite object that names it (mt7603e-y := init.o main.o ... in
// mt7603/Makefile puts mt7603/main.c into mt7603e.o) or, for a file an
// obj- line builds alone, the file's own object. Two files of one
// directory can be parts of different modules (mt76x0e.o and mt76x0u.o
// in mt76x0/), and one module's parts can sit in subdirectories
// (foo-y += sub/a.o).
type Modules struct {
	root  string
	mu    sync.Mutex
	lines map[string][]string // Makefile → its lines, continuations joined
	byRel map[string]string
}

// NewModules reads the Makefiles of the tree at root on demand.
func NewModules(root string) *Modules {
	return &Modules{root: root, lines: map[string][]string{}, byRel: map[string]string{}}
}

// reObjAny is an obj- line under any condition (obj-y, obj-m,
// obj-$(CONFIG_X)).
var reObjAny = regexp.MustCompile(`^\s*obj-(?:y|m|\$\([A-Za-z0-9_]+\))\s*[+:]?=\s*(.*)$`)

// notComposite are the kbuild variables of the form name-y / name-objs
// that are lists of another kind, not the parts of an object "name".
var notComposite = map[string]bool{
	"obj": true, "lib": true, "extra": true, "always": true, "targets": true,
	"subdir": true, "hostprogs": true, "userprogs": true, "header-test": true,
	"ccflags": true, "asflags": true, "ldflags": true, "subdir-ccflags": true,
	"clean-files": true, "core": true, "head": true, "libs": true, "drivers": true,
	"init": true, "net": true, "virt": true,
}

// Module returns the tree-relative name, without ".o", of the object the
// tree-relative .c file rel is linked into
// ("drivers/net/wireless/mediatek/mt76/mt7603/mt7603e"), or "" when no
// Makefile of its directory or of the two above names it.
func (m *Modules) Module(rel string) string {
	if m == nil || m.root == "" {
		return ""
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if mod, ok := m.byRel[rel]; ok {
		return mod
	}
	mod := m.module(rel)
	m.byRel[rel] = mod
	return mod
}

func (m *Modules) module(rel string) string {
	obj := strings.TrimSuffix(filepath.Base(rel), ".c") + ".o"
	dir := filepath.Dir(rel)
	for depth := 0; depth < 3 && dir != "." && dir != "/" && dir != ""; depth++ {
		lines := m.makefile(dir)
		for _, l := range lines {
			mm := reComp.FindStringSubmatch(l)
			if mm == nil || !strings.HasPrefix(strings.TrimSpace(l), mm[1]) || notComposite[mm[1]] {
				continue
			}
			if containsWord(mm[3], obj) {
				return filepath.Join(dir, mm[1])
			}
		}
		for _, l := range lines {
			if mm := reObjAny.FindStringSubmatch(l); mm != nil && containsWord(mm[1], obj) {
				return filepath.Join(dir, strings.TrimSuffix(obj, ".o"))
			}
		}
		obj = filepath.Base(dir) + "/" + obj
		dir = filepath.Dir(dir)
	}
	return ""
}

// makefile returns the lines of dir's Makefile (or Kbuild file), with
// backslash continuations joined.
func (m *Modules) makefile(dir string) []string {
	if l, ok := m.lines[dir]; ok {
		return l
	}
	lines := makefileLines(m.root, dir)
	m.lines[dir] = lines
	return lines
}

// makefileLines returns the lines of the Makefile and Kbuild file of the
// tree-relative dir, with backslash continuations joined; nil when there
// is neither.
func makefileLines(root, dir string) []string {
	var lines []string
	for _, name := range []string{"Makefile", "Kbuild"} {
		data, err := os.ReadFile(filepath.Join(root, dir, name))
		if err == nil {
			lines = append(lines, strings.Split(strings.ReplaceAll(string(data), "\\\n", " "), "\n")...)
		}
	}
	return lines
}
