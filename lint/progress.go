// SPDX-License-Identifier: MIT

package lint

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// meter shows how far a long run is: "kcovlint: parsing: 12/40 files".
// Nothing is shown for the first second, so short runs stay quiet. On a
// terminal the line is redrawn in place (and cleared at the end); off a
// terminal (--progress asked for it) a line is printed when the step
// changes and then at most every ten seconds.
type meter struct {
	w     io.Writer
	tty   bool
	start time.Time
	// after is how long a run goes before it is shown (a second).
	after time.Duration
	now   func() time.Time

	mu          sync.Mutex
	step, unit  string
	done, total int
	drawn       bool // a meter line is on the terminal
	lastDraw    time.Time
	lastStep    string
}

// meterAfter is how long a run goes before its meter is shown.
var meterAfter = time.Second

func newMeter(w io.Writer, tty bool) *meter {
	return &meter{w: w, tty: tty, start: time.Now(), after: meterAfter, now: time.Now}
}

// set records the step and count ("parsing", 12, 40, "files") and shows
// them when the run is long enough; a total below 0 shows the step alone
// ("analysing 10 files").
func (m *meter) set(step string, done, total int, unit string) {
	if m == nil || m.w == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.step, m.done, m.total, m.unit = step, done, total, unit
	now := m.now()
	if now.Sub(m.start) < m.after {
		return
	}
	switch {
	case m.tty:
		if now.Sub(m.lastDraw) < 100*time.Millisecond && done != total {
			return
		}
		fmt.Fprintf(m.w, "\r\x1b[K%s", m.line())
		m.drawn = true
	default:
		if step == m.lastStep && now.Sub(m.lastDraw) < 10*time.Second && done != total {
			return
		}
		if step == m.lastStep && done == total && now.Sub(m.lastDraw) < time.Second {
			return
		}
		fmt.Fprintf(m.w, "%s\n", m.line())
	}
	m.lastDraw, m.lastStep = now, step
}

// line is the meter's text.
func (m *meter) line() string {
	if m.total < 0 {
		return "kcovlint: " + m.step
	}
	return fmt.Sprintf("kcovlint: %s: %d/%d %s", m.step, m.done, m.total, m.unit)
}

// println prints a message line, keeping the meter below it.
func (m *meter) println(msg string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.drawn {
		fmt.Fprint(m.w, "\r\x1b[K")
	}
	fmt.Fprintln(m.w, msg)
	if m.drawn {
		fmt.Fprint(m.w, m.line())
	}
}

// end clears the meter line.
func (m *meter) end() {
	if m == nil || m.w == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.drawn {
		fmt.Fprint(m.w, "\r\x1b[K")
		m.drawn = false
	}
}
