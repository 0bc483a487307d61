// SPDX-License-Identifier: MIT
/* Macros among declaration specifiers that expand to a storage class or to
 * attributes, whatever their spelling: kernel headers define them, the file
 * does not. Where they stand no type name can (before a type keyword, a
 * storage class or a known type and its declarator; between a complete
 * type and the declarator), so they are dropped. */
#include <linux/types.h>
#include <net/tc_wrapper.h>

struct sk_buff;
struct tcf_result;

TC_INDIRECT_SCOPE int fast_act(struct sk_buff *skb, struct tcf_result *res)
{
	return skb != 0;
}

INDIRECT_CALLABLE_SCOPE struct sk_buff *fast_lookup(struct sk_buff *skb)
{
	return skb;
}

INDIRECT_CALLABLE_SCOPE int fast_proto(struct sk_buff *skb);

static noinline_for_stack int deep_helper(int x)
{
	return x + 1;
}

static noinline_for_stack u32 deep_known_type(int x)
{
	return x;
}

typedef double real_t;

static noinline_for_stack real_t deep_file_type(real_t x)
{
	return x;
}

static void noinline_for_stack
deep_void(int *p)
{
	*p = 0;
}

static noinline_for_stack
struct sk_buff *deep_struct(struct sk_buff *skb)
{
	return skb;
}

STATIC int INIT two_macros(unsigned char *buf, long len)
{
	return buf[len - 1];
}

int use_them(struct sk_buff *skb)
{
	int v = 0;

	deep_void(&v);
	return fast_act(skb, 0) + deep_helper(v) + deep_file_type(v) + deep_known_type(v) + (deep_struct(skb) == fast_lookup(skb));
}
