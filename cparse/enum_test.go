// SPDX-License-Identifier: MIT

package cparse

import "testing"

func TestEnumValues(t *testing.T) {
	f := parseTestdata(t, "enums.c", nil)
	noFailures(t, f)
	for name, want := range map[string]int64{
		"HT_BLOCKING": 0, "HT_NON_BLOCKING": 1,
		"MF_A": 4, "MF_B": 5, "MF_C": 5, "MF_D": -1, "MF_E": 4,
	} {
		if got, ok := f.EnumValue(name); !ok || got != want {
			t.Errorf("%s = %d (known %v), want %d", name, got, ok, want)
		}
	}
	// sizeof is not evaluated; the implicit value after it is unknown.
	for _, name := range []string{"MF_F", "MF_G", "LOCAL_SHIFT", "test"} {
		if v, ok := f.EnumValue(name); ok {
			t.Errorf("%s = %d, want unknown", name, v)
		}
	}
}
