// SPDX-License-Identifier: MIT

package main

import (
	"os"
	"runtime/debug"
)

// tuneGC sets the collector for a command unless the user did (GOGC,
// GOMEMLIMIT): parsing allocates much short-lived memory, and collecting
// less often (percent) saves time for some more memory; the soft limit
// makes the collector work harder again when the largest files meet.
func tuneGC(percent int, limit int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}
