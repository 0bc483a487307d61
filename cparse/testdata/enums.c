// SPDX-License-Identifier: MIT
/* Enumerator values: implicit, explicit, from earlier ones, unknown. */
#define LOCAL_SHIFT 3

enum handler_type {
	HT_BLOCKING = 0,
	HT_NON_BLOCKING,
};

enum msg_flags {
	MF_A = 1 << 2,
	MF_B,
	MF_C = MF_A | MF_B,
	MF_D = -1,
	MF_E = LOCAL_SHIFT + 1,
	MF_F = sizeof(int),
	MF_G,
};

struct entry {
	enum handler_type type;
	void (*fn)(void);
};

int test(struct entry *e)
{
	return e->type == HT_NON_BLOCKING;
}
