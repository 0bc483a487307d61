// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// KCOVLINT_TIMES=1 prints how long each phase of a run took, to stderr
// (a development aid, like gcc's -ftime-report).
var (
	timesOn    = os.Getenv("KCOVLINT_TIMES") != ""
	timesStart = time.Now()
	timesMu    sync.Mutex
)

// phase returns a function that, called at the end of the phase, prints
// its wall time and when it ended since the process started.
func phase(name string) func() {
	if !timesOn {
		return func() {}
	}
	start := time.Now()
	return func() {
		timesMu.Lock()
		defer timesMu.Unlock()
		now := time.Now()
		fmt.Fprintf(os.Stderr, "kcovlint: time: %-40s %7.1f ms (ends at %6.1f ms)\n", name, ms(now.Sub(start)), ms(now.Sub(timesStart)))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
