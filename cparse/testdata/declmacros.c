// SPDX-License-Identifier: MIT
/* A local declaration made by a macro, with an initializer:
 * IP_TUNNEL_DECLARE_FLAGS(flags) = { }; declares the bitmap flags. A call
 * cannot take a brace list, so NAME(args) = { ... } declares; an lvalue
 * macro assigned a value (per_cpu(x, cpu) = v) stays an assignment. */
#include <net/ip_tunnels.h>

struct key {
	unsigned long flags[2];
};

static int tunnel_init(struct key *key, int csum)
{
	IP_TUNNEL_DECLARE_FLAGS(flags) = { };
	MY_DECLARE_MASK(mask, 64) = { [0] = 1 };

	if (csum)
		__set_bit(IP_TUNNEL_CSUM_BIT, flags);
	ip_tunnel_flags_copy(key->flags, flags);
	per_cpu(counter, 0) = mask[0];
	return 0;
}
