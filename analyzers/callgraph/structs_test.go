// SPDX-License-Identifier: MIT

package callgraph

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kcovlint/kcovlint/analyzers/cunit"
	"github.com/kcovlint/kcovlint/cparse"
)

// A struct a .c file defines is that file's own: another file of the
// unit that uses the type from a header the parser does not read (a
// <...> header) does not take that definition, nor is its type key
// qualified with that file (a test file's private stand-in for a
// subsystem's device struct is not every driver's device).
func TestPrivateStructNotShared(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"stub_test.c": "struct xdev { int lock; int n; };\nint stub_use(struct xdev *d) { return d->n; }\n",
		"drv.c":       "#include <linux/xdev.h>\nint drv_use(struct xdev *d) { return d->lock; }\n",
	}
	var paths []string
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	u, err := cunit.New(dir, []*cparse.Config{cparse.NewConfig(false)}, paths, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := Build(u).Graphs["nonrt"]
	for _, name := range []string{"drv_use", "stub_use"} {
		ns := g.Lookup(name)
		if len(ns) != 1 {
			t.Fatalf("%s: %d nodes", name, len(ns))
		}
		key := ns[0].Scope.TypeKey("struct xdev")
		want := "struct xdev"
		if name == "stub_use" {
			want = "struct xdev@stub_test.c"
		}
		if key != want {
			t.Errorf("%s: TypeKey(struct xdev) = %q, want %q", name, key, want)
		}
	}
}
