// SPDX-License-Identifier: MIT

package lint

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kcovlint/kcovlint/internal/testenv"
)

// The debugging aids print what they are for to the writers given, and
// change no finding: not even NoFocus, which parses more.
func TestDebugAids(t *testing.T) {
	root := testenv.WriteTree(t, dispatchTree)
	target := filepath.Join(root, "drivers", "blkx", "mydrv.c")
	opts := Options{Tree: root, Inputs: []string{target}, Index: "none", Rules: []string{"sleepatomic"}, Config: "nonrt"}
	keys := func(o Options) []string {
		t.Helper()
		res, err := Run(o)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range res.Findings {
			out = append(out, f.Key+" "+f.Message)
		}
		return out
	}
	plain := keys(opts)
	if len(plain) == 0 {
		t.Fatal("no findings: the test needs some")
	}

	var times, dispatch, dump bytes.Buffer
	debug := opts
	debug.Times, debug.DebugDispatch, debug.Dump, debug.NoFocus = &times, &dispatch, &dump, true
	if got := keys(debug); !slices.Equal(got, plain) {
		t.Errorf("findings with the debugging aids:\n%s\nwithout:\n%s", strings.Join(got, "\n"), strings.Join(plain, "\n"))
	}
	for _, phase := range []string{"  unit (parse)", "  analyzers", "  callers' files", "  dispatchers' files"} {
		if !strings.Contains(times.String(), "kcovlint: time: "+phase+" ") {
			t.Errorf("Times: no phase %q:\n%s", phase, times.String())
		}
	}
	if !strings.Contains(dispatch.String(), "dispatch: fields map[close:[struct blkx_ops]]") ||
		!strings.Contains(dispatch.String(), "drivers/blkx/core.c fields 1 score") {
		t.Errorf("DebugDispatch: no blkx_ops.close or its dispatcher core.c:\n%s", dispatch.String())
	}
	if !strings.Contains(dump.String(), "/* ---- "+target+": parser run 1 ---- */") {
		t.Errorf("Dump: no parser run of %s:\n%.2000s", target, dump.String())
	}
}
