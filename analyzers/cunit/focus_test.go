// SPDX-License-Identifier: MIT

package cunit

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kcovlint/kcovlint/cparse"
)

// The unit parses its targets whole and, of a context file, the functions
// on the way to the targets' functions; a second unit with the same files
// (a patch's post-image) takes them from the cache.
func TestUnitFocusesContextFiles(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.c")
	caller := filepath.Join(dir, "caller.c")
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(target, "void target_fn(int x)\n{\n}\n\nstatic void target_helper(void)\n{\n}\n")
	write(caller, `void target_fn(int x);
static void below(void) { }
static void on_way(void) { below(); target_fn(1); }
static void unrelated_a(void) { }
static void unrelated_b(void) { unrelated_a(); }
void entry(void) { on_way(); }
`)
	configs := []*cparse.Config{cparse.NewConfig(false), cparse.NewConfig(true)}
	cache := NewCache()
	for round := 0; round < 2; round++ {
		u, err := NewCached(cache, dir, configs, []string{target}, []string{caller}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range configs {
			for _, f := range u.Files[c.Name] {
				var names []string
				for _, fn := range f.Funcs {
					if fn.Body != nil {
						names = append(names, fn.Name)
					}
				}
				switch f.Path {
				case target:
					if len(names) != 2 || f.Stats.Skipped != 0 {
						t.Errorf("round %d %s: target parsed %v, skipped %d", round, c.Name, names, f.Stats.Skipped)
					}
				case caller:
					want := map[string]bool{"below": true, "on_way": true, "entry": true}
					if len(names) != len(want) || f.Stats.Skipped != 2 {
						t.Errorf("round %d %s: caller parsed %v (want below, on_way, entry), skipped %d", round, c.Name, names, f.Stats.Skipped)
					}
					for _, n := range names {
						if !want[n] {
							t.Errorf("round %d %s: %s parsed", round, c.Name, n)
						}
					}
				}
			}
		}
	}
	if len(cache.outlines) != 2 {
		t.Errorf("%d outlines cached, want 2 (the caller in each configuration)", len(cache.outlines))
	}
}

// Options.NoFocus parses the context files whole; Cache.Dump receives the
// parser's text of each file the cache parses.
func TestUnitNoFocusAndDump(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.c")
	caller := filepath.Join(dir, "caller.c")
	for p, s := range map[string]string{
		target: "void target_fn(int x)\n{\n}\n",
		caller: "void target_fn(int x);\nstatic void on_way(void) { target_fn(1); }\nstatic void unrelated(void) { }\nvoid entry(void) { on_way(); }\n",
	} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	configs := []*cparse.Config{cparse.NewConfig(false)}
	for _, nofocus := range []bool{false, true} {
		var dump lockedBuffer
		cache := NewCache()
		cache.Dump = &dump
		u, err := NewWith(cache, dir, configs, []string{target}, []string{caller}, nil, Options{NoFocus: nofocus})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range u.Files[configs[0].Name] {
			if f.Path != caller {
				continue
			}
			want := 1 // unrelated()
			if nofocus {
				want = 0
			}
			if f.Stats.Skipped != want {
				t.Errorf("NoFocus %v: %d functions of the context file skipped, want %d", nofocus, f.Stats.Skipped, want)
			}
		}
		out := dump.String()
		for _, p := range []string{target, caller} {
			if !strings.Contains(out, "/* ---- "+p+": parser run 1 ---- */") {
				t.Errorf("NoFocus %v: %s not in the dump:\n%s", nofocus, p, out)
			}
		}
		if strings.Contains(out, "unrelated") != nofocus {
			t.Errorf("NoFocus %v: the dump has unrelated() %v:\n%s", nofocus, !nofocus, out)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
