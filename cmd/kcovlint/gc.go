// SPDX-License-Identifier: MIT

package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// firstGC is how much memory a run uses before the collector first runs.
// A patch lint allocates some tens of megabytes, nearly all of which stay
// live until the findings are printed: collecting them is work for
// nothing (a fifth of the CPU of linting the kcov v4 patch with the index).
const firstGC = 256 << 20

// tuneGC sets the collector for a command unless the user did (GOGC,
// GOMEMLIMIT): no collection until the run has used firstGC, then, for
// runs that go on (a tree, a large file), collections at percent: parsing
// allocates much short-lived memory, and collecting less often saves time
// for some more memory; the soft limit makes the collector work harder
// again when the largest files meet.
func tuneGC(percent int, limit int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(percent)
		}
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(limit)
		}
		return
	}
	// Off, with the limit as the only trigger: the first collection
	// comes at firstGC. Its end runs the sentinel's cleanup, which sets
	// the collector for the rest of the run.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(min(firstGC, limit))
	sentinel := new([64]byte)
	runtime.AddCleanup(sentinel, func(int) {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}, 0)
}
