// SPDX-License-Identifier: MIT
/* A __word after a struct tag: an attribute when a declarator follows it,
 * the declarator itself when the declaration ends or goes on after it. */
#include <linux/filter.h>
#include <net/net_namespace.h>

static int __net_init ops_init(struct net *net)
{
	return 0;
}

static struct pernet_operations __net_initdata net_ops = {
	.init = ops_init,
};

int rx_action(struct sk_buff *skb)
{
	struct bpf_net_context __bpf_net_ctx, *bpf_net_ctx;
	struct bpf_net_context __saved;

	bpf_net_ctx = bpf_net_ctx_set(&__bpf_net_ctx);
	__saved = *bpf_net_ctx;
	bpf_net_ctx_clear(bpf_net_ctx);
	return __saved.flags;
}
