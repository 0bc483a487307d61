// SPDX-License-Identifier: MIT

package ctxflow

import "testing"

// The ways out of a function are merged in whatever order the analysis
// found them; the summary must not depend on it.
func TestAgreeAnyOrder(t *testing.T) {
	cases := []struct {
		exits []depth
		want  depth
	}{
		{[]depth{1, 1}, 1},
		{[]depth{0, 1}, 0}, // an error path before the disable
		{[]depth{2, 1, 0}, 0},
		{[]depth{-1, 0, 1}, depthUnknown}, // a way out enables more than it disabled
		{[]depth{0, -1, -2, -3, -4}, depthUnknown},
		{[]depth{-1, -1}, -1},
		{[]depth{depthUnknown, 1}, 1},
	}
	for _, c := range cases {
		perm(c.exits, func(order []depth) {
			got := order[0]
			for _, d := range order[1:] {
				got = agree(got, d)
			}
			if got = settle(got); got != c.want {
				t.Errorf("exits %v: %d, want %d", order, got, c.want)
			}
		})
	}
}

func perm(a []depth, f func([]depth)) {
	var rec func(int)
	rec = func(k int) {
		if k == len(a) {
			f(append([]depth(nil), a...))
			return
		}
		for i := k; i < len(a); i++ {
			a[k], a[i] = a[i], a[k]
			rec(k + 1)
			a[k], a[i] = a[i], a[k]
		}
	}
	rec(0)
}
