/* SPDX-License-Identifier: MIT */
/* An allocation wrapper in a header, its GFP flags a parameter. */
#include <linux/skbuff.h>

struct wdev {
	int hdr_len;
};

static inline struct sk_buff *wdev_skb_alloc(struct wdev *d, unsigned int len, gfp_t how)
{
	struct sk_buff *skb = alloc_skb(len + d->hdr_len, how);

	if (skb)
		skb_reserve(skb, d->hdr_len);
	return skb;
}
