/*
 * skb_segment (Linux's net/core/skbuff.c): the protocol-independent half
 * of GSO, cutting the payload of a GSO skb into gso_size pieces behind a
 * copy of its headers. A piece that lies wholly in page frags is shared
 * by reference when the device can gather (NETIF_F_SG); a frag_list
 * whose skbs are already the pieces (TCP's for a device without SG)
 * becomes the segments, each with the headers pushed in front (Linux's
 * skb_segment_list); anything else is copied.
 */
#include <net/checksum.h>
#include <net/gso.h>
#include <net/netdevice.h>
#include <errno.h>
#include <string.h>

/*
 * Walk the frags covering [off, off + len) of skb's bytes (off past the
 * linear part). With seg NULL, only check: true when the range is all
 * page frags and needs at most *slots of them (decremented as used).
 * With seg, add those frags to seg, each with a page reference.
 */
static bool skb_range_frags(const struct sk_buff *skb, unsigned int off,
			    unsigned int len, struct sk_buff *seg, int *slots)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int start = skb_headlen(skb), n;
	struct sk_buff *list;

	if (off < start)
		return false;	/* a linear part: only a copy will do */
	for (int i = 0; i < sh->nr_frags && len; i++) {
		const skb_frag_t *frag = &sh->frags[i];
		unsigned int end = start + skb_frag_size(frag);

		if (off < end) {
			n = min(len, end - off);
			if (--*slots < 0)
				return false;
			if (seg) {
				struct skb_shared_info *ssh = skb_shinfo(seg);

				get_page(skb_frag_page(frag));
				skb_fill_page_desc(seg, ssh->nr_frags, skb_frag_page(frag),
						   (int)(skb_frag_off(frag) + off - start), (int)n);
			}
			off += n;
			len -= n;
		}
		start = end;
	}
	skb_walk_frags(skb, list) {
		unsigned int end = start + list->len;

		if (!len)
			break;
		if (off < end) {
			n = min(len, end - off);
			if (!skb_range_frags(list, off - start, n, seg, slots))
				return false;
			off += n;
			len -= n;
		}
		start = end;
	}
	return len == 0;
}

/* The segment's metadata from the GSO skb it came from (hdr_len bytes of headers at data). */
static void skb_segment_header(struct sk_buff *seg, const struct sk_buff *skb)
{
	unsigned int headroom = skb_headroom(seg);

	skb_dst_drop(seg);
	seg->dev = skb->dev;
	seg->protocol = skb->protocol;
	seg->priority = skb->priority;
	seg->tstamp = skb->tstamp;
	seg->ip_summed = skb->ip_summed;
	if (skb->dst)
		skb_dst_set(seg, dst_clone(skb->dst));
	seg->mac_header = skb_mac_header_was_set(skb) ?
			  (u32)(headroom + (skb_mac_header(skb) - skb->data)) : SKB_HDR_UNSET;
	seg->network_header = (u32)(headroom + skb_network_offset(skb));
	seg->transport_header = (u32)(headroom + skb_transport_offset(skb));
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		seg->csum_start = (u16)(headroom + skb_checksum_start_offset(skb));
		seg->csum_offset = skb->csum_offset;
	}
}

/*
 * One segment: hdr_len header bytes, then len payload bytes from off.
 * A copied payload whose checksum the device cannot finish is summed as
 * it is copied (SKB_GSO_CB). NULL on -ENOMEM.
 */
static struct sk_buff *skb_segment_one(struct sk_buff *skb, unsigned int hdr_len,
				       unsigned int off, unsigned int len, u32 features)
{
	bool sg = features & NETIF_F_SG;
	unsigned int headroom = skb_headroom(skb);
	int slots = MAX_SKB_FRAGS;
	bool paged = sg && skb_range_frags(skb, off, len, NULL, &slots);
	struct sk_buff *seg;

	seg = alloc_skb(headroom + hdr_len + (paged ? 0 : len));
	if (!seg)
		return NULL;
	skb_reserve(seg, headroom);
	BUG_ON(skb_copy_bits(skb, 0, skb_put(seg, hdr_len), hdr_len));
	if (paged) {
		slots = MAX_SKB_FRAGS;
		BUG_ON(!skb_range_frags(skb, off, len, seg, &slots));
		seg->len += len;
		seg->data_len = len;
		seg->truesize += len;
	} else if (skb->ip_summed == CHECKSUM_PARTIAL && !(features & NETIF_F_CSUM_MASK)) {
		SKB_GSO_CB(seg)->payload_csum = skb_copy_and_csum_bits(skb, off,
								       skb_put(seg, len), len);
		SKB_GSO_CB(seg)->payload_summed = true;
	} else {
		BUG_ON(skb_copy_bits(skb, (int)off, skb_put(seg, len), len));
	}
	skb_segment_header(seg, skb);
	return seg;
}

/*
 * The frag_list skbs are the segments: the headers alone in skb's
 * linear part, no frags, each chained skb linear, private, gso_size long
 * (the last at most), with headroom it may write for the headers. Only
 * when skb's own data area is not shared, since the chain is taken off it.
 */
static bool skb_segment_list_ok(const struct sk_buff *skb, unsigned int hdr_len)
{
	unsigned int mss = skb_shinfo(skb)->gso_size;
	const struct sk_buff *list;

	if (!skb_has_frag_list(skb) || skb_shinfo(skb)->nr_frags ||
	    skb_headlen(skb) != hdr_len || skb_cloned(skb))
		return false;
	skb_walk_frags(skb, list) {
		if (skb_is_nonlinear(list) || skb_shared(list) || !list->len ||
		    list->len > mss || (list->next && list->len != mss) ||
		    skb_headroom(list) < hdr_len || skb_header_cloned(list))
			return false;
	}
	return true;
}

/* Take the chain off skb and push a copy of the headers onto each. */
static struct sk_buff *skb_segment_list(struct sk_buff *skb, unsigned int hdr_len)
{
	struct sk_buff *segs = skb_shinfo(skb)->frag_list, *seg;

	skb_shinfo(skb)->frag_list = NULL;
	skb->len = hdr_len;
	skb->data_len = 0;
	for (seg = segs; seg; seg = seg->next) {
		memcpy(skb_push(seg, hdr_len), skb->data, hdr_len);
		memset(seg->cb, 0, sizeof(struct skb_gso_cb));
		skb_segment_header(seg, skb);
	}
	return segs;
}

int skb_segment(struct sk_buff *skb, unsigned int hdr_len, u32 features,
		struct sk_buff **segs)
{
	unsigned int mss = skb_shinfo(skb)->gso_size, off, len;
	struct sk_buff *head = NULL, **tail = &head;

	if (!mss || hdr_len >= skb->len || skb_network_offset(skb) < 0 ||
	    skb_transport_offset(skb) < skb_network_offset(skb) ||
	    (unsigned int)skb_transport_offset(skb) >= hdr_len)
		return -EINVAL;
	if (skb_segment_list_ok(skb, hdr_len)) {
		*segs = skb_segment_list(skb, hdr_len);
		return 0;
	}
	for (off = hdr_len; off < skb->len; off += len) {
		len = min(mss, skb->len - off);
		*tail = skb_segment_one(skb, hdr_len, off, len, features);
		if (!*tail) {
			kfree_skb_list(head);
			return -ENOMEM;
		}
		tail = &(*tail)->next;
	}
	*segs = head;
	return 0;
}
