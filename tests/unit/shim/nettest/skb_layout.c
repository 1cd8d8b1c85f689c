/* Frames as linear, paged and chained skbs: see skb_layout.h. */
#include "skb_layout.h"
#include <kernel/page.h>
#include <net/netdevice.h>
#include <string.h>

/* xorshift32: the seed's cut points, the same on every run. */
static u32 nt_next(u32 *s)
{
	u32 x = *s ? *s : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

static size_t nt_below(u32 *s, size_t n)
{
	return n ? nt_next(s) % n : 0;
}

/*
 * The next frag's size out of left bytes: often a few bytes (so headers
 * straddle frags), sometimes up to a page; the last frag takes the rest.
 */
static size_t nt_piece(u32 *s, size_t left, int i)
{
	size_t max = min(left, (size_t)PAGE_SIZE);

	if (i == MAX_SKB_FRAGS - 1)
		return left;
	return 1 + nt_below(s, nt_next(s) & 1 ? min(max, (size_t)64) : max);
}

/*
 * Append p[0, len) to skb as page frags: some pieces share the previous
 * piece's page (a second reference, as drivers split pages), the others
 * sit at a random offset in a block of their own. false if out of pages
 * (the frags added so far stay with skb).
 */
static bool nt_add_frags(struct sk_buff *skb, const u8 *p, size_t len, u32 *s)
{
	struct page *prev = NULL;	/* an order-0 page with room after used */
	size_t used = 0;

	for (int i = 0; len; i++) {
		size_t n = nt_piece(s, len, i), off;
		unsigned int order = get_order(n);
		struct page *page;

		if (prev && n <= PAGE_SIZE - used && nt_next(s) % 3 == 0) {
			page = prev;
			get_page(page);
			off = used;
		} else {
			page = dev_alloc_pages(order);
			if (!page)
				return false;
			off = nt_below(s, (PAGE_SIZE << order) - n + 1);
		}
		memcpy((u8 *)page_address(page) + off, p, n);
		skb_add_rx_frag(skb, i, page, (int)off, (int)n, (unsigned int)n);
		prev = order ? NULL : page;
		used = off + n;
		p += n;
		len -= n;
	}
	return true;
}

/* p[0, len) as a driver's skb: all linear, or a short linear head and frags. */
static struct sk_buff *nt_build(const u8 *p, size_t len, bool paged, u32 *s)
{
	size_t hl = paged ? nt_below(s, min(len, (size_t)96) + 1) : len;
	struct sk_buff *skb = alloc_skb((unsigned int)(NET_SKB_PAD + NET_IP_ALIGN + hl));

	if (!skb)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	skb_put_data(skb, p, (unsigned int)hl);
	if (!nt_add_frags(skb, p + hl, len - hl, s)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/* A head holding the first bytes, the rest in up to 8 skbs on its frag_list. */
static struct sk_buff *nt_chain(const u8 *p, size_t len, u32 *s)
{
	size_t hl = nt_below(s, min(len, (size_t)200) + 1);
	struct sk_buff *head = nt_build(p, hl, nt_next(s) & 1, s), **tail;

	if (!head)
		return NULL;
	tail = &skb_shinfo(head)->frag_list;
	p += hl;
	len -= hl;
	for (int left = 7; len; left--) {
		size_t n = left ? 1 + nt_below(s, len) : len;
		struct sk_buff *m = nt_build(p, n, nt_next(s) & 1, s);

		if (!m) {
			kfree_skb(head);
			return NULL;
		}
		head->len += (unsigned int)n;
		head->data_len += (unsigned int)n;
		head->truesize += m->truesize;
		*tail = m;
		tail = &m->next;
		p += n;
		len -= n;
	}
	return head;
}

struct sk_buff *nt_skb_layout(struct net_device *dev, const void *frame,
			      size_t len, enum nt_layout layout, u32 seed)
{
	struct sk_buff *skb;

	switch (layout) {
	case NT_PAGED:
		skb = nt_build(frame, len, true, &seed);
		break;
	case NT_CHAINED:
		skb = nt_chain(frame, len, &seed);
		break;
	default:
		skb = nt_build(frame, len, false, &seed);
		break;
	}
	if (skb)
		skb->dev = dev;
	return skb;
}

const char *nt_layout_name(enum nt_layout layout)
{
	static const char *const names[NT_LAYOUTS] = { "linear", "paged", "chained" };

	return layout < NT_LAYOUTS ? names[layout] : "?";
}
