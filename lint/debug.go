// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// The debugging aids (Options.Times, DebugDispatch, Dump: kcovlint
// debug) print to writers the caller gives; the run writes to them from
// several goroutines, so they are wrapped in a lockedWriter.

// lockedWriter serializes the writes to w; nil when w is.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func newLockedWriter(w io.Writer) *lockedWriter {
	if w == nil {
		return nil
	}
	return &lockedWriter{w: w}
}

func (lw *lockedWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.w.Write(p)
}

// printf writes to lw when there is one.
func (lw *lockedWriter) printf(format string, args ...any) {
	if lw != nil {
		fmt.Fprintf(lw, format, args...)
	}
}

// times prints how long each phase of a run took (Options.Times, a
// development aid like gcc's -ftime-report).
type times struct {
	w     *lockedWriter
	start time.Time // of the run
}

// phase returns a function that, called at the end of the phase, prints
// its wall time and when it ended since the run started.
func (l *linter) phase(name string) func() {
	t := l.times
	if t == nil {
		return func() {}
	}
	start := time.Now()
	return func() {
		now := time.Now()
		t.w.printf("kcovlint: time: %-40s %7.1f ms (ends at %6.1f ms)\n", name, ms(now.Sub(start)), ms(now.Sub(t.start)))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// debugAids sets up the debugging aids Options asks for.
func (l *linter) debugAids() {
	if l.opts.Times != nil {
		l.times = &times{w: newLockedWriter(l.opts.Times), start: time.Now()}
	}
	l.dispatchLog = newLockedWriter(l.opts.DebugDispatch)
	if l.opts.Dump != nil && l.cache != nil {
		l.cache.Dump = newLockedWriter(l.opts.Dump)
	}
}
