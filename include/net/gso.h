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

/*
 * The per-network-protocol offloads, by EtherType (Linux's
 * packet_offload): its cut (GSO) and its merge (GRO, <net/gro.h>).
 * gro_receive looks at skb's header after skb_gro_offset, marks which
 * held skbs of head (linked by list) are of skb's flow, and passes skb on
 * to the transport's; it returns the held skb to hand up now, or NULL.
 * gro_complete fixes the network header of an aggregate whose header
 * starts nhoff bytes after skb->data, and the transport's (a protocol
 * with a gro_receive has one).
 */
struct packet_offload {
	__be16 type;
	int (*gso_segment)(struct sk_buff *skb, u32 features, struct sk_buff **segs);
	struct sk_buff *(*gro_receive)(struct list_head *head, struct sk_buff *skb);
	void (*gro_complete)(struct sk_buff *skb, int nhoff);
	struct list_head list;
};

void dev_add_offload(struct packet_offload *po);
/* The packet_offload with a gro_receive (gro_complete) for type, or NULL. */
struct packet_offload *gro_find_receive_by_type(__be16 type);
struct packet_offload *gro_find_complete_by_type(__be16 type);

/* The per-transport offloads, by IP protocol number (Linux's inet_offloads). */
struct net_offload {
	/* skb->data at the link header, the IPv4 header checked; as skb_gso_segment. */
	int (*gso_segment)(struct sk_buff *skb, u32 features, struct sk_buff **segs);
	/* As packet_offload's, one layer up: the transport header at skb_gro_offset. */
	struct sk_buff *(*gro_receive)(struct list_head *head, struct sk_buff *skb);
	/* thoff: where the transport header starts, from skb->data. */
	void (*gro_complete)(struct sk_buff *skb, int thoff);
};

extern const struct net_offload *inet_offloads[256];
int tcp4_gso_segment(struct sk_buff *skb, u32 features, struct sk_buff **segs);
struct sk_buff *tcp4_gro_receive(struct list_head *head, struct sk_buff *skb);
void tcp4_gro_complete(struct sk_buff *skb, int thoff);
/* Register IPv4's and TCP's (from inet_init). */
void ip_offload_init(void);

#endif
