// SPDX-License-Identifier: MIT
/* Attribute macros: known ones come from the model, unknown __words are
 * dropped where only an attribute can stand. */
#include <linux/init.h>
#include <linux/spinlock.h>

struct conf {
	int __rcu *ptr;
	int plain __unknown_member_attr;
};

static DEFINE_SPINLOCK(conf_lock);
static int counter __read_mostly;
static int tagged __unknown_var_attr(7) = 3;

static int __init setup_conf(void)
{
	return 0;
}

static void notrace traced_not(void)
{
	counter++;
}

static void held(struct conf *c)
	__must_hold(&conf_lock)
{
	c->plain = 1;
}

static __unknown_fn_attr(1, 2) int odd_attr(void)
{
	return tagged;
}

static int after_params(int x) __unknown_trailing
{
	return x;
}

static int __attribute__((noinline)) gnu_attr(void)
{
	return 1;
}

int use_all(struct conf *c)
{
	traced_not();
	held(c);
	return setup_conf() + odd_attr() + after_params(1) + gnu_attr();
}
