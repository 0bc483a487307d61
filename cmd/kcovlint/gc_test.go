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
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	oldPercent := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}()

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
	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "")
	old := debug.SetGCPercent(150)
	oldLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() {
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(oldLimit)
	}()
	tuneGC(300, 1<<30)
	if p := debug.SetGCPercent(-1); p != 150 {
		t.Errorf("GC percent %d, want the user's 150", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<30 {
		t.Errorf("memory limit %d, want %d", l, 1<<30)
	}
}
