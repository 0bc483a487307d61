// SPDX-License-Identifier: MIT

package lint

import (
	"slices"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// TestTreeIndexSameAsScan: the in-memory index finds the same files as
// reading the tree, for names in code, in comments, and names that are
// only part of a longer identifier (not a mention).
func TestTreeIndexSameAsScan(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{
		"a/one.c":    "void foo(void) { bar(1); }\n",
		"a/two.c":    "/* calls bar_baz, not bar */ static int x = 10;\n",
		"b/three.h":  "#define BAR bar\nstatic inline void qux(void) {}\n",
		"b/four.c":   "int foobar; struct s { void (*foo)(void); };\n",
		"c/five.txt": "foo bar\n",
	})
	scan := &treeFiles{root: root}
	idx := &treeFiles{root: root, index: NewTreeIndex()}
	for _, names := range [][]string{{"foo"}, {"bar"}, {"bar", "qux"}, {"foobar"}, {"missing"}, {"10"}} {
		want := scan.mentionsIn(scan.list(), names)
		got := idx.mentionsIn(idx.list(), names)
		if !slices.Equal(got, want) {
			t.Errorf("%v: index %v, scan %v", names, rels(root, got), rels(root, want))
		}
		sub := scan.list()[:2]
		if w, g := scan.mentionsIn(sub, names), idx.mentionsIn(sub, names); !slices.Equal(g, w) {
			t.Errorf("%v in %v: index %v, scan %v", names, rels(root, sub), rels(root, g), rels(root, w))
		}
	}
}

// TestTreeIndexDefinedSameAsScan: the functions the index remembers a file
// defines are what reading it finds, for .c files and headers, asked twice.
func TestTreeIndexDefinedSameAsScan(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{
		"a/one.c":   "static void foo(void)\n{\n}\nint bar(int x)\n{\n\treturn x;\n}\n",
		"b/three.h": "static inline void qux(void)\n{\n}\nvoid decl(void);\n",
	})
	scan := &treeFiles{root: root}
	idx := &treeFiles{root: root, index: NewTreeIndex()}
	for _, f := range scan.list() {
		for _, header := range []bool{false, true} {
			want := scan.defined(f, header)
			for range 2 {
				if got := idx.defined(f, header); !slices.Equal(got, want) {
					t.Errorf("%s (header %v): index %v, scan %v", f, header, got, want)
				}
			}
		}
	}
	if got := scan.defined(root+"/a/one.c", false); !slices.Contains(got, "bar") {
		t.Errorf("a/one.c defines %v, want bar among them", got)
	}
}
