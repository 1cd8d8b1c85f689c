/*
 * Generic segmentation offload (Linux's include/net/gso.h): a GSO skb is
 * one TCP payload of up to 64 KiB behind one set of headers, with
 * gso_size (the MSS) and gso_type saying how it is to be cut. A device
 * with NETIF_F_TSO cuts it itself; for any other, validate_xmit_skb cuts
 * it in software, as late as possible, so that everything above the
 * driver handled one packet instead of gso_segs.
 */
#ifndef _NET_GSO_H
#define _NET_GSO_H

#include <net/skbuff.h>

/*
 * Cut skb (data at the link header, network and transport headers set)
 * into segments for a device with features: *segs gets the list (linked
 * by ->next, each with the headers and its share of the payload). 0, or
 * -EINVAL for a malformed GSO skb, -EPROTONOSUPPORT for a gso_type or
 * protocol nobody cuts, -ENOMEM. skb is not consumed.
 */
int skb_gso_segment(struct sk_buff *skb, u32 features, struct sk_buff **segs);

/*
 * The generic part (Linux's skb_segment): a segment per gso_size bytes
 * of payload after the first hdr_len bytes, each with a copy of those
 * header bytes. The payload is referenced page by page when features
 * has NETIF_F_SG and the range lies wholly in page frags; otherwise it
 * is copied into the segment's linear part. Only the lengths, offsets
 * and csum_start are set: the protocols fix their headers.
 */
int skb_segment(struct sk_buff *skb, unsigned int hdr_len, u32 features,
		struct sk_buff **segs);

/*
 * The IP datagram length of each segment but the last (Linux's
 * skb_gso_network_seglen): network and transport headers plus gso_size.
 * 0 for a transport header that cannot be read.
 */
u32 skb_gso_network_seglen(const struct sk_buff *skb);

/*
 * What skb_segment tells the protocols about a segment, in its cb
 * (Linux's SKB_GSO_CB): the payload was copied and summed in the same
 * pass, for a device that cannot sum, so the protocol completes the
 * checksum from payload_csum instead of reading the payload again.
 */
struct skb_gso_cb {
	__wsum payload_csum;
	bool payload_summed;
};
#define SKB_GSO_CB(skb)	((struct skb_gso_cb *)(skb)->cb)

/* The per-network-protocol cut, by EtherType (Linux's packet_offload). */
struct packet_offload {
	__be16 type;
	int (*gso_segment)(struct sk_buff *skb, u32 features, struct sk_buff **segs);
	struct list_head list;
};

void dev_add_offload(struct packet_offload *po);

/* The per-transport cut, by IP protocol number (Linux's inet_offloads). */
struct net_offload {
	/* skb->data at the link header, the IPv4 header checked; as skb_gso_segment. */
	int (*gso_segment)(struct sk_buff *skb, u32 features, struct sk_buff **segs);
};

extern const struct net_offload *inet_offloads[256];
int tcp4_gso_segment(struct sk_buff *skb, u32 features, struct sk_buff **segs);
/* Register IPv4's and TCP's (from inet_init). */
void ip_offload_init(void);

#endif
