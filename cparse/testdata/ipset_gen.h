/* SPDX-License-Identifier: MIT */
/* A set type written once and instantiated by token pasting. */
#define mtype_elem	IPSET_TOKEN(MTYPE, _elem)
#define mtype_add	IPSET_TOKEN(MTYPE, _add)
#define mtype_kadt	IPSET_TOKEN(MTYPE, _kadt)

static int
mtype_add(struct ip_set *set, const struct mtype_elem *e)
{
	return e->ip != 0;
}

static int
mtype_kadt(struct ip_set *set, const struct sk_buff *skb)
{
	struct mtype_elem e = { .ip = 1 };

	return mtype_add(set, &e);
}
