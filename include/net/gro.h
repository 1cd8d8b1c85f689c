/*
 * Generic receive offload (Linux's include/net/gro.h, net/core/gro.c):
 * in a NAPI poll, in-order TCP segments of one flow are merged into one
 * skb (page frags moved over, or the skbs chained on its frag_list) with
 * gso_size, gso_segs and gso_type saying what it was made of, so that IP
 * and TCP handle one packet, and TCP sends one ACK, where the wire
 * carried up to 64 KiB in MSS-sized segments. Anything that cannot be
 * merged goes up as it came; what is held goes up at the end of the
 * poll (napi_complete_done), when a segment ends the run (short, PSH,
 * FIN, a flag or an option that differs) or when the list is full.
 *
 * The protocols add their part through the offload tables of
 * <net/gso.h>: packet_offload.gro_receive by EtherType (inet_gro_receive)
 * and net_offload.gro_receive by IP protocol (tcp4_gro_receive), as
 * Linux's callbacks.
 */
#ifndef _NET_GRO_H
#define _NET_GRO_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <net/skbuff.h>

struct napi_struct;

/* Linux's MAX_GRO_SKBS: the flows one NAPI context merges at a time. */
#define MAX_GRO_SKBS	8
/* An IPv4 datagram's total length is 16 bits: an aggregate stays below 64 KiB. */
#define GRO_MAX_SIZE	65536

/*
 * What GRO keeps in skb->cb while the skb is in its hands (Linux's
 * napi_gro_cb). data_offset counts the headers the protocols have looked
 * at, from skb->data (the network header); skb->data itself does not
 * move until the skb is merged.
 */
struct napi_gro_cb {
	struct sk_buff *last;	/* held skb: the last skb of its frag_list, or itself */
	u16 data_offset;
	u16 count;		/* segments in this skb */
	u8 flush;		/* this skb (new) or this flow (held) must not merge */
	u8 same_flow;		/* held: may be the new skb's flow; new: merged */
	u8 free;		/* new: merged with its frags stolen (only the head is left) */
};
#define NAPI_GRO_CB(skb)	((struct napi_gro_cb *)(skb)->cb)

static inline unsigned int skb_gro_offset(const struct sk_buff *skb)
{
	return NAPI_GRO_CB(skb)->data_offset;
}

/* The bytes after the headers looked at so far. */
static inline unsigned int skb_gro_len(const struct sk_buff *skb)
{
	return skb->len - NAPI_GRO_CB(skb)->data_offset;
}

static inline void skb_gro_pull(struct sk_buff *skb, unsigned int len)
{
	NAPI_GRO_CB(skb)->data_offset += (u16)len;
}

/*
 * A header of hlen bytes at offset off (from skb->data), pulled into the
 * linear part: a pointer to it, or NULL when the packet is shorter or
 * memory is short (the skb then goes up unmerged).
 */
static inline void *skb_gro_header(struct sk_buff *skb, unsigned int hlen,
				   unsigned int off)
{
	if (!pskb_may_pull(skb, hlen))
		return NULL;
	return skb->data + off;
}

/* What dev_gro_receive did with an skb (Linux's gro_result_t). */
enum gro_result {
	GRO_MERGED,		/* merged into a held skb, which took it over */
	GRO_MERGED_FREE,	/* merged, its frags taken: the rest is freed */
	GRO_HELD,		/* held as the first of a possible aggregate */
	GRO_NORMAL,		/* passed up as it came */
};

/*
 * The driver-facing receive (Linux's napi_gro_receive): skb (skb->dev
 * and skb->protocol set by eth_type_trans, data at the network header)
 * is merged into what napi holds, held, or handed to netif_receive_skb.
 * With NETIF_F_GRO off it goes straight up. Consumes skb. NAPI poll.
 */
enum gro_result napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);

/* Hand up everything napi holds, each aggregate completed (Linux's napi_gro_flush). */
void napi_gro_flush(struct napi_struct *napi);

/*
 * Merge skb (its headers looked at: skb_gro_offset) into the held skb p
 * (Linux's skb_gro_receive): its page frags move to p's last skb when
 * the headers are all in the linear part and room is left, else skb is
 * chained whole, headers pulled, on p's frag_list. 0, or -E2BIG when p
 * would outgrow GRO_MAX_SIZE (nothing changed).
 */
int skb_gro_receive(struct sk_buff *p, struct sk_buff *skb);

/* GRO's counters (/proc/skiff/netcore "Gro:"). */
struct gro_stats {
	u64 receives;	/* skbs napi_gro_receive was given */
	u64 merged;	/* merged into a held skb */
	u64 held;	/* held as the first of an aggregate */
	u64 flushed;	/* held skbs handed up, merged ones in them */
	u64 aggregates;	/* of those, the ones that merged at least one more */
	u64 normal;	/* handed up as they came */
};
void gro_get_stats(struct gro_stats *out);

#endif
