// SPDX-License-Identifier: MIT

package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestTuneGC: the collector is off until the first collection, which the
// memory limit triggers at firstGC; after it the command's setting holds.
func TestTuneGC(t *testing.T) {
	gcSettings(t, "")
	tuneGC(300, 1<<30)
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("before the first collection: GC percent %d, want -1 (off)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != firstGC {
		t.Errorf("before the first collection: memory limit %d, want %d", l, firstGC)
	}
	runtime.GC()
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC() // the cleanup runs after the cycle that finds the sentinel gone
		p := debug.SetGCPercent(-1)
		debug.SetGCPercent(p)
		if p == 300 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after collections: GC percent %d, want 300", p)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<30 {
		t.Errorf("after the first collection: memory limit %d, want %d", l, 1<<30)
	}
}

// A user's GOGC is kept.
func TestTuneGCUserSetting(t *testing.T) {
	gcSettings(t, "150")
	debug.SetGCPercent(150) // as the runtime read it from GOGC
	tuneGC(300, 1<<30)
	if p := debug.SetGCPercent(-1); p != 150 {
		t.Errorf("GC percent %d, want the user's 150", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<30 {
		t.Errorf("memory limit %d, want %d", l, 1<<30)
	}
}

// gcSettings sets GOGC to gogc (empty: unset) and GOMEMLIMIT unset for
// the test, and puts the collector's settings back after it.
func gcSettings(t *testing.T, gogc string) {
	t.Setenv("GOGC", gogc)
	t.Setenv("GOMEMLIMIT", "")
	percent := debug.SetGCPercent(100)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
}
