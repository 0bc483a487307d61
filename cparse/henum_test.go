// SPDX-License-Identifier: MIT

package cparse

import "testing"

func TestHeaderEnums(t *testing.T) {
	src := []byte(`/* a header */
enum {
	RTM_BASE	= 16,
#define RTM_BASE	RTM_BASE

	RTM_NEWLINK	= 16,
#define RTM_NEWLINK	RTM_NEWLINK
	RTM_DELLINK,
	RTM_NEWADDR	= RTM_BASE + 4, /* twenty */
	RTM_DELADDR,
};

typedef enum foo_mode { FOO_A = (1U << 2), FOO_B, FOO_C = FOO_A | 0x10, } foo_mode_t;

enum cfg {
	CFG_A,
#ifdef CONFIG_X
	CFG_X,
#endif
	CFG_B,
	CFG_C = 7,
	CFG_D,
	__CFG_MAX(3),
	CFG_E,
};

enum err {
	ERR_A = -2,
	ERR_B = ERR_A - 1,
	ERR_C = (ERR_B * 2) >> 0,
	ERR_D = UNDEFINED_MACRO + 1,
	ERR_E,
};
static inline int enumerate(void) { return 0; }
`)
	got := HeaderEnums(src)
	want := map[string]int64{"RTM_BASE": 16, "RTM_NEWLINK": 16, "RTM_DELLINK": 17, "RTM_NEWADDR": 20, "RTM_DELADDR": 21,
		"FOO_A": 4, "FOO_B": 5, "FOO_C": 20, "CFG_A": 0, "CFG_C": 7, "CFG_D": 8,
		"ERR_A": -2, "ERR_B": -3, "ERR_C": -6}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %d, %v; want %d", k, g, ok, v)
		}
	}
	for _, k := range []string{"CFG_X", "CFG_B", "CFG_E", "__CFG_MAX", "ERR_D", "ERR_E"} {
		if v, ok := got[k]; ok {
			t.Errorf("%s = %d; want unknown (after a conditional or a macro item)", k, v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d enumerators, want %d: %v", len(got), len(want), got)
	}
}
