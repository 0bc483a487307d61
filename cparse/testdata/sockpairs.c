// SPDX-License-Identifier: MIT
/* Kernel typedef names that start with two underscores (__portpair from
 * include/net/sock.h) are types the model knows, not attribute words. */
#include <net/inet_hashtables.h>

struct sock *lookup_established(struct net *net, const __be32 saddr,
				const __be16 sport, const __be32 daddr,
				const u16 hnum)
{
	INET_ADDR_COOKIE(acookie, saddr, daddr);
	const __portpair ports = INET_COMBINED_PORTS(sport, hnum);
	const __addrpair both = 0;

	return lookup_by_ports(net, ports, both);
}
