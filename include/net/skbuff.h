/*
 * Socket buffers: one packet, linear, with headroom for headers to be
 * pushed in front of the data and tailroom behind it.
 *
 *	head          data              tail            end
 *	 |  headroom   |   len bytes     |   tailroom    | skb_shared_info
 *
 * Invariants: head <= data <= tail <= end, len == tail - data. The data
 * area (head .. end + shared info) may be shared by clones; its users are
 * counted in skb_shinfo(skb)->dataref. The sk_buff itself is counted in
 * users (skb_get). A cloned skb's data must not be written until
 * skb_cow_head()/skb_unshare() has given it a private copy.
 */
#ifndef _NET_SKBUFF_H
#define _NET_SKBUFF_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <net/dst.h>
#include <net/dropreason.h>
#include <string.h>

struct net_device;
struct sock;
struct nf_conn;

/* pkt_type: who the frame was addressed to, from the link-layer header. */
#define PACKET_HOST		0
#define PACKET_BROADCAST	1
#define PACKET_MULTICAST	2
#define PACKET_OTHERHOST	3
#define PACKET_OUTGOING		4
#define PACKET_LOOPBACK		5

/* ip_summed: what is known about the L4 checksum. */
#define CHECKSUM_NONE		0	/* not verified; software must check */
#define CHECKSUM_UNNECESSARY	1	/* verified by hardware */
#define CHECKSUM_COMPLETE	2	/* hardware summed the whole packet into csum */
#define CHECKSUM_PARTIAL	3	/* TX: hardware must finish it */

#define NET_SKB_PAD	64	/* headroom drivers reserve for later pushes */
#define NET_IP_ALIGN	2	/* aligns the IP header after a 14-byte Ethernet header */
#define SKB_DATA_ALIGN(x) ALIGN(x, 8)
#define MAX_HEADER	128	/* room L4 reserves for IP + link headers */

#define SKB_HDR_UNSET	0xffffffffu

struct skb_shared_info {
	u32 dataref;		/* skbs pointing at this data area */
};

struct sk_buff {
	struct list_head list;		/* on an sk_buff_head, or self-linked */
	struct net_device *dev;
	struct sock *sk;
	struct dst_entry *dst;		/* holds a reference when set */
	u64 tstamp;			/* ns, when received or queued */
	char cb[48] __aligned(8);	/* private to the layer that owns the skb */
	u32 len;
	u32 mac_header;			/* offsets from head, SKB_HDR_UNSET if none */
	u32 network_header;
	u32 transport_header;
	__be16 protocol;		/* EtherType, network order */
	u8 pkt_type;
	u8 ip_summed;
	bool cloned;			/* data area may be shared */
	u32 priority;
	u32 csum;			/* CHECKSUM_COMPLETE sum */
	struct nf_conn *nfct;		/* its connection (holds a reference), or NULL */
	u8 nfctinfo;			/* enum ip_conntrack_info */
	u32 users;
	u32 truesize;			/* memory charged for this skb */
	void (*destructor)(struct sk_buff *skb);
	unsigned char *head, *data, *tail, *end;
};

struct sk_buff_head {
	struct list_head list;
	u32 qlen;
	spinlock_t lock;
};

struct skb_stats {
	u64 allocs;	/* sk_buffs allocated (alloc_skb, clone, copy) */
	u64 frees;	/* sk_buffs freed */
	u64 clones;
	u64 copies;
	u64 drops;	/* kfree_skb: freed because something went wrong */
	u64 live_heads;	/* sk_buffs in use now */
	u64 live_data;	/* data areas in use now */
};

void skb_init(void);
void skb_get_stats(struct skb_stats *out);

/* Allocation and freeing. Return NULL when memory is short. */
struct sk_buff *alloc_skb(unsigned int size);
struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int len);
/*
 * Drop one reference; frees on the last. kfree_skb_reason counts a drop
 * under its reason (net/dropreason.h); consume_skb is the normal end of a
 * packet (sent, delivered, copied out) and counts nothing.
 */
void kfree_skb_reason(struct sk_buff *skb, enum skb_drop_reason reason);
void consume_skb(struct sk_buff *skb);
static inline void kfree_skb(struct sk_buff *skb)
{
	kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
}
/* Drops counted under reason since boot. */
u64 skb_drop_reason_count(enum skb_drop_reason reason);
/* debug=ip: one line for a drop at location (a return address). */
void skb_drop_trace(const struct sk_buff *skb, enum skb_drop_reason reason,
		    const void *location);
struct sk_buff *skb_clone(struct sk_buff *skb);
struct sk_buff *skb_copy(const struct sk_buff *skb);
/* Copy with different head- and tailroom (headroom may grow). */
struct sk_buff *skb_copy_expand(const struct sk_buff *skb,
				unsigned int headroom, unsigned int tailroom);
/*
 * Make the data area private and give it at least 'headroom' bytes in front.
 * Returns 0 or -ENOMEM; the skb is unchanged on failure.
 */
int skb_cow_head(struct sk_buff *skb, unsigned int headroom);
/* A private, unshared copy of a cloned skb. Consumes skb; NULL on failure. */
struct sk_buff *skb_unshare(struct sk_buff *skb);
/* If skb has other users, replace our reference by a clone. Consumes skb on failure. */
struct sk_buff *skb_share_check(struct sk_buff *skb);
void skb_orphan(struct sk_buff *skb);

/* Append len bytes at the tail; returns a pointer to them. */
void *skb_put(struct sk_buff *skb, unsigned int len);
void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len);
void *skb_put_zero(struct sk_buff *skb, unsigned int len);
/* Prepend len bytes before data; returns the new data. */
void *skb_push(struct sk_buff *skb, unsigned int len);
/* Remove len bytes from the front; returns the new data. */
void *skb_pull(struct sk_buff *skb, unsigned int len);
/* Cut the packet to len bytes (no-op if already shorter). */
void skb_trim(struct sk_buff *skb, unsigned int len);
/* Gather len bytes from offset into 'to'; -EFAULT if out of range. */
int skb_copy_bits(const struct sk_buff *skb, unsigned int offset, void *to,
		  unsigned int len);

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)skb->end;
}

static inline unsigned int skb_headroom(const struct sk_buff *skb)
{
	return (unsigned int)(skb->data - skb->head);
}

static inline unsigned int skb_tailroom(const struct sk_buff *skb)
{
	return (unsigned int)(skb->end - skb->tail);
}

static inline unsigned int skb_end_offset(const struct sk_buff *skb)
{
	return (unsigned int)(skb->end - skb->head);
}

/* Only valid on an empty skb: move data and tail forward. */
static inline void skb_reserve(struct sk_buff *skb, unsigned int len)
{
	BUG_ON(skb->len || len > skb_tailroom(skb));
	skb->data += len;
	skb->tail += len;
}

/* Linear skbs: true iff at least len bytes are present from data. */
static inline bool pskb_may_pull(const struct sk_buff *skb, unsigned int len)
{
	return len <= skb->len;
}

/* The data area may be shared with a clone (so writing needs a private copy). */
static inline bool skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned && skb_shinfo(skb)->dataref != 1;
}

static inline bool skb_shared(const struct sk_buff *skb)
{
	return skb->users != 1;
}

static inline struct sk_buff *skb_get(struct sk_buff *skb)
{
	skb->users++;
	return skb;
}

/* Header offsets. */
static inline void skb_reset_mac_header(struct sk_buff *skb)
{
	skb->mac_header = (u32)(skb->data - skb->head);
}

static inline void skb_reset_network_header(struct sk_buff *skb)
{
	skb->network_header = (u32)(skb->data - skb->head);
}

static inline void skb_reset_transport_header(struct sk_buff *skb)
{
	skb->transport_header = (u32)(skb->data - skb->head);
}

static inline void skb_set_network_header(struct sk_buff *skb, int offset)
{
	skb->network_header = (u32)(skb->data - skb->head + offset);
}

static inline void skb_set_transport_header(struct sk_buff *skb, int offset)
{
	skb->transport_header = (u32)(skb->data - skb->head + offset);
}

static inline bool skb_mac_header_was_set(const struct sk_buff *skb)
{
	return skb->mac_header != SKB_HDR_UNSET;
}

static inline unsigned char *skb_mac_header(const struct sk_buff *skb)
{
	return skb->head + skb->mac_header;
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline unsigned char *skb_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header;
}

static inline int skb_network_offset(const struct sk_buff *skb)
{
	return (int)(skb_network_header(skb) - skb->data);
}

static inline int skb_transport_offset(const struct sk_buff *skb)
{
	return (int)(skb_transport_header(skb) - skb->data);
}

static inline u32 skb_network_header_len(const struct sk_buff *skb)
{
	return skb->transport_header - skb->network_header;
}

/* Bytes from the network header to the end of the data. */
static inline unsigned int skb_network_len(const struct sk_buff *skb)
{
	return (unsigned int)(skb->tail - skb_network_header(skb));
}

/* Routing result attached to the skb. skb_dst_set takes over a reference. */
static inline struct dst_entry *skb_dst(const struct sk_buff *skb)
{
	return skb->dst;
}

static inline void skb_dst_drop(struct sk_buff *skb)
{
	if (skb->dst) {
		dst_release(skb->dst);
		skb->dst = NULL;
	}
}

static inline void skb_dst_set(struct sk_buff *skb, struct dst_entry *dst)
{
	skb_dst_drop(skb);
	skb->dst = dst;
}

/* Pad the data with zeros to at least len bytes. Consumes skb and returns -ENOMEM on failure. */
int skb_put_padto(struct sk_buff *skb, unsigned int len);

/*
 * Queues. The locked variants take the queue's lock with interrupts off, so
 * a driver's IRQ handler and the softirq may share a queue; the __ variants
 * leave locking to the caller.
 */
static inline void __skb_queue_head_init(struct sk_buff_head *q)
{
	INIT_LIST_HEAD(&q->list);
	q->qlen = 0;
}

static inline void skb_queue_head_init(struct sk_buff_head *q)
{
	spin_lock_init(&q->lock);
	__skb_queue_head_init(q);
}

static inline bool skb_queue_empty(const struct sk_buff_head *q)
{
	return list_empty(&q->list);
}

static inline u32 skb_queue_len(const struct sk_buff_head *q)
{
	return q->qlen;
}

static inline struct sk_buff *skb_peek(const struct sk_buff_head *q)
{
	return list_first_entry_or_null(&q->list, struct sk_buff, list);
}

static inline struct sk_buff *skb_peek_tail(const struct sk_buff_head *q)
{
	return list_empty(&q->list) ? NULL :
		list_entry(q->list.prev, struct sk_buff, list);
}

static inline void __skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb)
{
	list_add_tail(&skb->list, &q->list);
	q->qlen++;
}

static inline void __skb_queue_head(struct sk_buff_head *q, struct sk_buff *skb)
{
	list_add(&skb->list, &q->list);
	q->qlen++;
}

static inline void __skb_unlink(struct sk_buff *skb, struct sk_buff_head *q)
{
	list_del_init(&skb->list);
	q->qlen--;
}

static inline struct sk_buff *__skb_dequeue(struct sk_buff_head *q)
{
	struct sk_buff *skb = skb_peek(q);

	if (skb)
		__skb_unlink(skb, q);
	return skb;
}

/* Insert newsk after prev (which is on q). */
static inline void __skb_queue_after(struct sk_buff_head *q,
				     struct sk_buff *prev,
				     struct sk_buff *newsk)
{
	list_add(&newsk->list, &prev->list);
	q->qlen++;
}

void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb);
void skb_queue_head(struct sk_buff_head *q, struct sk_buff *skb);
struct sk_buff *skb_dequeue(struct sk_buff_head *q);
void skb_unlink(struct sk_buff *skb, struct sk_buff_head *q);
/* Drop every skb on q under reason (Linux's skb_queue_purge_reason). */
void skb_queue_purge_reason(struct sk_buff_head *q, enum skb_drop_reason reason);
void __skb_queue_purge_reason(struct sk_buff_head *q,
			      enum skb_drop_reason reason);
static inline void skb_queue_purge(struct sk_buff_head *q)
{
	skb_queue_purge_reason(q, SKB_DROP_REASON_QUEUE_PURGE);
}

#define skb_queue_walk_safe(q, skb, tmp) \
	list_for_each_entry_safe(skb, tmp, &(q)->list, list)
#define skb_queue_walk(q, skb) \
	list_for_each_entry(skb, &(q)->list, list)

#endif
