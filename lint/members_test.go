// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

func TestOnlyMembers(t *testing.T) {
	src := `/* A header. */
#include <linux/types.h>

struct task {
	int a;
#ifdef CONFIG_X
	/* the new ones: */
	unsigned int b;
	struct {
		int c;
	} inner;
#endif
	union { int d; long e; };
};

enum mode { M_A = 1, M_B };

static inline int get_a(struct task *t)
{
	return t->a;
}

struct task *task_new(void) { return 0; }

static struct task init_task = {
	.a = 1,
};
#define TASK_A(t) ((t)->a)
struct later {
	#define LATER_X 1
	int x; /* "}" in a comment */ char *s; // and "{" in a line comment
	char q; const char *str;
};
struct tail {
#define TWICE(x) \
	((x) * 2)
	int t;
};
`
	for _, c := range []struct {
		lines []int
		want  bool
	}{
		{nil, true},
		{[]int{1, 3}, true},           // a comment, a blank line
		{[]int{5, 6, 7, 8, 12}, true}, // members, #ifdef, a comment
		{[]int{9, 10, 11}, true},      // a nested anonymous struct
		{[]int{13, 14}, true},         // a union member, the closing brace
		{[]int{16}, false},            // a whole enum at file scope
		{[]int{20}, false},            // a function body
		{[]int{18}, false},            // the function's first line
		{[]int{23}, false},            // a one-line function
		{[]int{26}, false},            // an initializer
		{[]int{28}, false},            // a macro
		{[]int{30}, false},            // a #define inside a struct
		{[]int{31, 32}, true},         // comments and strings with braces do not count
		{[]int{5, 20}, false},         // one line in a function is enough
		{[]int{100}, false},           // past the end
		{[]int{36}, false},            // a #define's continuation line in a struct
		{[]int{37}, true},             // the member after it
	} {
		if got := onlyMembers([]byte(src), c.lines); got != c.want {
			t.Errorf("lines %v: got %v, want %v", c.lines, got, c.want)
		}
	}
}

// A patch that only adds a member to a structure of a header leaves the
// header out (a note says so); with --all it is analysed.
func TestMemberOnlyHeaderNotAnalysed(t *testing.T) {
	root := testenv.WriteTree(t, map[string]string{
		"include/foo.h": "struct foo {\n\tint a;\n};\n\nstatic inline void foo_lock(struct foo *f)\n{\n\tspin_lock(&f->lock);\n}\n",
	})
	diff := `--- a/include/foo.h
+++ b/include/foo.h
@@ -1,3 +1,4 @@
 struct foo {
 	int a;
+	int b;
 };
`
	p := filepath.Join(t.TempDir(), "member.patch")
	if err := os.WriteFile(p, []byte(diff), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, all := range []bool{false, true} {
		var progress bytes.Buffer
		res, err := Run(Options{Tree: root, Inputs: []string{p}, All: all, Index: "none", Progress: &progress})
		if err != nil {
			t.Fatal(err)
		}
		notes := strings.Join(res.Inputs[0].Notes, "\n")
		analysed := strings.Contains(progress.String(), "analysing include/foo.h")
		if all == strings.Contains(notes, "only members of structures") || all != analysed {
			t.Errorf("--all=%v: analysed %v, notes %q", all, analysed, notes)
		}
	}
}
