// SPDX-License-Identifier: MIT

package cunit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kcovlint/kcovlint/cparse"
)

// A file whose preprocessing asks nothing that differs between RT and
// non-RT is parsed once for both; one that tests CONFIG_PREEMPT_RT (itself
// or in a local header it includes) is parsed for each. Context files
// (prepared, focused) share the same way.
func TestConfigsShareParse(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string { return writeIn(t, dir, name, s) }
	plain := write("plain.c", "#ifdef CONFIG_SMP\nint smp;\n#endif\nvoid plain_fn(void)\n{\n}\n")
	rt := write("rt.c", "#ifdef CONFIG_PREEMPT_RT\nint rt;\n#endif\nvoid rt_fn(void)\n{\n}\n")
	write("rt.h", "#if IS_ENABLED(CONFIG_PREEMPT_RT)\n#define RT_ONLY 1\n#endif\n")
	viaHeader := write("via.c", "#include \"rt.h\"\nvoid via_fn(void)\n{\n}\n")
	caller := write("caller.c", "void plain_fn(void);\nvoid rt_fn(void);\nvoid via_fn(void);\nstatic void c1(void) { plain_fn(); rt_fn(); via_fn(); }\n")
	callerRT := write("caller_rt.c", "#ifndef CONFIG_PREEMPT_RT\nvoid plain_fn(void);\n#endif\nstatic void c2(void) { plain_fn(); }\n")

	configs := []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}
	u, err := NewCached(NewCache(), dir, configs, []string{plain, rt, viaHeader}, []string{caller, callerRT}, nil)
	if err != nil {
		t.Fatal(err)
	}
	nonrt, rtFiles := u.Files["nonrt"], u.Files["rt"]
	if len(nonrt) != 5 || len(rtFiles) != 5 {
		t.Fatalf("files: %d non-RT, %d RT; want 5 each", len(nonrt), len(rtFiles))
	}
	want := map[string]bool{plain: true, rt: false, viaHeader: false, caller: true, callerRT: false}
	for i, f := range nonrt {
		g := rtFiles[i]
		if f.Path != g.Path {
			t.Fatalf("file %d: %s and %s", i, f.Path, g.Path)
		}
		if shared := f == g; shared != want[f.Path] {
			t.Errorf("%s: shared between configurations = %v, want %v (consulted %v)", filepath.Base(f.Path), shared, want[f.Path], f.Consulted)
		}
	}
	// Without a cache nothing is shared, and the parses agree anyway.
	u2, err := New(dir, configs, []string{plain}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u2.Files["nonrt"][0] == u2.Files["rt"][0] {
		t.Error("shared without a cache")
	}
}

// Two units made at the same time (a patch's pre- and post-image) parse a
// file they share once: the second waits for the first's parse.
func TestConcurrentUnitsParseOnce(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&b, "static int f%d(int x)\n{\n\tif (x > %d)\n\t\treturn x * 2;\n\treturn x + %d;\n}\n\n", i, i, i)
	}
	shared := filepath.Join(dir, "shared.c")
	if err := os.WriteFile(shared, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	configs := []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}
	for round := 0; round < 3; round++ {
		cache := NewCache()
		units := make([]*Unit, 2)
		var wg sync.WaitGroup
		for i := range units {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u, err := NewCached(cache, dir, configs, []string{shared}, nil, nil)
				if err != nil {
					t.Error(err)
					return
				}
				units[i] = u
			}()
		}
		wg.Wait()
		if t.Failed() {
			return
		}
		a, c := units[0].Files["nonrt"][0], units[1].Files["nonrt"][0]
		if a != c {
			t.Fatalf("round %d: the two units parsed shared.c each", round)
		}
		if units[0].Files["rt"][0] != a {
			t.Fatalf("round %d: RT did not share the non-RT parse", round)
		}
	}
}

// Warm parses the targets as the unit will — a header the target
// includes comes from the overlay (a patch's post-image of it), not the
// disk — so the unit that follows takes the warmed parses.
func TestWarmParsesAsTheUnit(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string { return writeIn(t, dir, name, s) }
	header := write("dev.h", "#define DEV_KICK() dev_old_kick()\n")
	target := write("dev.c", "#include \"dev.h\"\nvoid dev_run(void)\n{\n\tDEV_KICK();\n}\n")
	overlay := map[string][]byte{header: []byte("#define DEV_KICK() dev_new_kick()\n")}
	configs := []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}

	cache := NewCache()
	cache.Warm(configs, []string{target}, overlay)
	u, err := NewCached(cache, dir, configs, []string{target}, nil, overlay)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range configs {
		files := u.Files[c.Name]
		if len(files) != 1 || len(files[0].Funcs) != 1 {
			t.Fatalf("[%s] files %v", c.Name, files)
		}
		var calls []string
		cparse.WalkStmt(files[0].Funcs[0].Body, func(e cparse.Expr) {
			if call, ok := e.(*cparse.Call); ok {
				calls = append(calls, call.Name)
			}
		})
		if strings.Join(calls, ",") != "dev_new_kick" {
			t.Errorf("[%s] dev_run calls %v, want dev_new_kick (the overlay's header)", c.Name, calls)
		}
	}
}

// writeIn writes a file of the test's tree and returns its path.
func writeIn(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A patch that changes only a header gives the unchanged .c file that
// includes it two parses in one run: the pre-image unit's with the old
// header, the post-image unit's with the new one (the cache keys a parse
// by the overlay's headers too).
func TestHeaderOverlayNotShared(t *testing.T) {
	dir := t.TempDir()
	// dev_run() calls the header's helper (so a context file keeps it)
	// and its macro, which the patch changes.
	header := writeIn(t, dir, "dev.h", "#define DEV_KICK() dev_old_kick()\nstatic inline void dev_ready(void) { }\n")
	user := writeIn(t, dir, "dev.c", "#include \"dev.h\"\nvoid dev_run(void)\n{\n\tdev_ready();\n\tDEV_KICK();\n}\n")
	configs := []*cparse.Config{cparse.NewConfig(false)}
	cache := NewCache()
	calls := func(overlay map[string][]byte) string {
		u, err := NewCached(cache, dir, configs, []string{header}, []string{user}, overlay)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range u.Files["nonrt"] {
			for _, fn := range f.Funcs {
				cparse.WalkStmt(fn.Body, func(e cparse.Expr) {
					if c, ok := e.(*cparse.Call); ok {
						out = append(out, c.Name)
					}
				})
			}
		}
		return strings.Join(out, ",")
	}
	const helper = "static inline void dev_ready(void) { }\n"
	pre := calls(map[string][]byte{header: []byte("#define DEV_KICK() dev_old_kick()\n" + helper)})
	post := calls(map[string][]byte{header: []byte("#define DEV_KICK() dev_new_kick()\n" + helper)})
	if pre != "dev_ready,dev_old_kick" || post != "dev_ready,dev_new_kick" {
		t.Errorf("pre-image unit calls %q, post-image unit %q; want dev_ready,dev_old_kick and dev_ready,dev_new_kick", pre, post)
	}
}
