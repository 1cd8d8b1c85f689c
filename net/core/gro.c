/*
 * Generic receive offload (Linux's net/core/gro.c): the protocol-neutral
 * part. A NAPI context holds up to MAX_GRO_SKBS skbs, one per flow, each
 * the head of a possible aggregate; every skb a driver hands up is
 * offered to the packet_offload of its EtherType, which says whether it
 * merged into a held skb, which held skb must go up now, and whether the
 * new skb may be held itself. See <net/gro.h>.
 */
#include <kernel/softirq.h>
#include <net/gro.h>
#include <net/gso.h>
#include <net/netdevice.h>
#include "dev_internal.h"
#include <errno.h>
#include <string.h>

static struct gro_stats gro_stats;

void gro_get_stats(struct gro_stats *out)
{
	local_bh_disable();
	*out = gro_stats;
	local_bh_enable();
}

/*
 * The payload of skb, which lies wholly in its frags, moves into lp's
 * frag array (lp: the held skb or the last skb on its frag_list); skb
 * keeps only its head. Returns the truesize that moved.
 */
static unsigned int skb_gro_steal_frags(struct sk_buff *lp, struct sk_buff *skb)
{
	struct skb_shared_info *pinfo = skb_shinfo(lp), *skbinfo = skb_shinfo(skb);
	unsigned int new_truesize = SKB_TRUESIZE(skb_end_offset(skb));
	unsigned int delta = skb->truesize - new_truesize;

	memcpy(pinfo->frags + pinfo->nr_frags, skbinfo->frags,
	       skbinfo->nr_frags * sizeof(skbinfo->frags[0]));
	pinfo->nr_frags = (u8)(pinfo->nr_frags + skbinfo->nr_frags);
	skbinfo->nr_frags = 0;
	skb->truesize = new_truesize;
	skb->len -= skb->data_len;
	skb->data_len = 0;
	NAPI_GRO_CB(skb)->free = 1;
	return delta;
}

/* Chain skb, its headers pulled off, at the end of p's frag_list. Returns its truesize. */
static unsigned int skb_gro_chain(struct sk_buff *p, struct sk_buff *skb)
{
	skb_pull(skb, skb_gro_offset(skb));
	if (NAPI_GRO_CB(p)->last == p)
		skb_shinfo(p)->frag_list = skb;
	else
		NAPI_GRO_CB(p)->last->next = skb;
	NAPI_GRO_CB(p)->last = skb;
	return skb->truesize;
}

int skb_gro_receive(struct sk_buff *p, struct sk_buff *skb)
{
	struct sk_buff *lp = NAPI_GRO_CB(p)->last;
	unsigned int len = skb_gro_len(skb), delta;

	if (p->len + len >= GRO_MAX_SIZE || NAPI_GRO_CB(skb)->flush)
		return -E2BIG;
	/* The headers were pulled (skb_gro_header): the linear part ends at them or past them. */
	if (skb_headlen(skb) == skb_gro_offset(skb) && skb_shinfo(skb)->nr_frags &&
	    skb_shinfo(lp)->nr_frags + skb_shinfo(skb)->nr_frags <= MAX_SKB_FRAGS) {
		delta = skb_gro_steal_frags(lp, skb);
	} else {
		delta = skb_gro_chain(p, skb);
		lp = p;
	}
	NAPI_GRO_CB(p)->count = (u16)(NAPI_GRO_CB(p)->count + NAPI_GRO_CB(skb)->count);
	p->len += len;
	p->data_len += len;
	p->truesize += delta;
	if (lp != p) {
		lp->len += len;
		lp->data_len += len;
		lp->truesize += delta;
	}
	NAPI_GRO_CB(skb)->same_flow = 1;
	return 0;
}

/*
 * A held skb goes up: an aggregate has its headers fixed and its GSO
 * fields set by the protocols (Linux's napi_gro_complete); a lone skb
 * loses the MSS it carried while held.
 */
static void napi_gro_complete(struct sk_buff *skb)
{
	gro_stats.flushed++;
	if (NAPI_GRO_CB(skb)->count == 1) {
		skb_shinfo(skb)->gso_size = 0;
	} else {
		gro_stats.aggregates++;
		gro_find_complete_by_type(skb->protocol)->gro_complete(skb, 0);
	}
	__netif_receive_skb(skb);
}

static void napi_gro_complete_held(struct napi_struct *napi, struct sk_buff *skb)
{
	list_del_init(&skb->list);
	napi->gro_count--;
	napi_gro_complete(skb);
}

/* The list has the newest at its head. */
static struct sk_buff *gro_oldest(struct napi_struct *napi)
{
	return list_entry(napi->gro_list.prev, struct sk_buff, list);
}

void napi_gro_flush(struct napi_struct *napi)
{
	while (!list_empty(&napi->gro_list))
		napi_gro_complete_held(napi, gro_oldest(napi));
}

/*
 * Which held skbs may be of skb's flow, as far as the link layer can
 * tell (Linux's gro_list_prepare): the same device and link header. The
 * protocols narrow it down; every held skb's flush mark starts clear.
 */
static void gro_list_prepare(struct napi_struct *napi, const struct sk_buff *skb)
{
	unsigned int maclen = skb->dev->hard_header_len;
	struct sk_buff *p;

	list_for_each_entry(p, &napi->gro_list, list) {
		NAPI_GRO_CB(p)->flush = 0;
		NAPI_GRO_CB(p)->same_flow = p->dev == skb->dev &&
			!memcmp(skb_mac_header(p), skb_mac_header(skb), maclen);
	}
}

/*
 * Linux's dev_gro_receive. What cannot be merged at all goes up as it
 * came: a protocol without GRO, an skb already chained or aggregated
 * (nothing here makes one), or one whose link header was not set.
 */
static enum gro_result dev_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	struct packet_offload *po = gro_find_receive_by_type(skb->protocol);
	struct napi_gro_cb *cb = NAPI_GRO_CB(skb);
	enum gro_result ret;
	struct sk_buff *pp;
	bool same_flow;

	if (!po || skb_has_frag_list(skb) || skb_is_gso(skb) ||
	    !skb_mac_header_was_set(skb))
		return GRO_NORMAL;
	gro_list_prepare(napi, skb);
	memset(cb, 0, sizeof(*cb));
	cb->count = 1;
	skb_reset_network_header(skb);
	pp = po->gro_receive(&napi->gro_list, skb);
	/* A merged skb may go up inside pp: nothing of it is read after. */
	same_flow = cb->same_flow;
	ret = cb->free ? GRO_MERGED_FREE : GRO_MERGED;
	if (pp)
		napi_gro_complete_held(napi, pp);
	if (same_flow)
		return ret;
	if (cb->flush)
		return GRO_NORMAL;
	if (napi->gro_count >= MAX_GRO_SKBS)
		napi_gro_complete_held(napi, gro_oldest(napi));
	napi->gro_count++;
	cb->last = skb;
	/* While held, gso_size is the segment size the flow merges at. */
	skb_shinfo(skb)->gso_size = (u16)skb_gro_len(skb);
	list_add(&skb->list, &napi->gro_list);
	return GRO_HELD;
}

/* Each frame is counted as it comes: an aggregate goes up as one skb. */
enum gro_result napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	enum gro_result ret = GRO_NORMAL;

	gro_stats.receives++;
	dev_rx_account(skb);
	if (skb->dev->features & NETIF_F_GRO)
		ret = dev_gro_receive(napi, skb);
	switch (ret) {
	case GRO_NORMAL:
		gro_stats.normal++;
		__netif_receive_skb(skb);
		break;
	case GRO_MERGED_FREE:
		gro_stats.merged++;
		consume_skb(skb);
		break;
	case GRO_MERGED:
		gro_stats.merged++;
		break;
	case GRO_HELD:
		gro_stats.held++;
		break;
	}
	return ret;
}
