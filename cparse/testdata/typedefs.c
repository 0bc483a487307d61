// SPDX-License-Identifier: MIT
/* Type names the front end never saw declared: each is inferred from use. */
#include <linux/types.h>

static wobble_t global_wobble;
static gizmo_t *global_gizmo = NULL;

struct holder {
	member_t m;
	member_ptr_t *mp;
	cb_t (*fp)(int);
};

static ret_t make_ret(void)
{
	ret_t r;

	r = 0;
	return r;
}

static int take_params(param_t a, struct holder *h, pptr_t *b)
{
	loc_t x = 1;
	lptr_t *y = NULL;
	const cnst_t z = 2;

	for (iter_t i = 0; i < 3; i++)
		x++;
	y = (castptr_t *)h;
	x = (castval_t)a + sizeof(sized_t);
	return x + z + (y != NULL) + (b != NULL);
}

int proto_only(anon_t, int);

int user(void)
{
	return take_params(0, NULL, NULL) + make_ret() + proto_only(0, 1);
}
