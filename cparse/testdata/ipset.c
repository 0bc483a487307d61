// SPDX-License-Identifier: MIT
#include <linux/netfilter/ipset/ip_set.h>

#define MTYPE		hash_demo

struct hash_demo_elem {
	unsigned int ip;
};

#include "ipset_gen.h"
