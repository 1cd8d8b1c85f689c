/*
 * Socket buffers: one packet, as Linux's sk_buff. The first bytes sit in
 * a linear data area with headroom for headers to be pushed in front and
 * tailroom behind; the rest may follow in page fragments and in a chain
 * of further skbs (the frag_list), so a driver can hand up pages and IP
 * can reassemble without copying.
 *
 *	head          data              tail            end
 *	 |  headroom   | skb_headlen()   |   tailroom    | skb_shared_info
 *	                                                   frags[0..nr_frags)
 *	                                                   frag_list -> skb -> skb
 *
 * Invariants: head <= data <= tail <= end; len is every byte of the
 * packet, data_len those outside the linear part (in frags and the
 * frag_list), so skb_headlen() == tail - data == len - data_len. Bytes
 * run: linear part, frags in order, then each frag_list skb's own bytes.
 * A parser may read a header through skb->data only after
 * pskb_may_pull() has brought it into the linear part (which may move
 * the head: reload header pointers after a pull), and reads the payload
 * through skb_copy_bits(), skb_header_pointer() or the datagram
 * iterators, never past skb_headlen().
 *
 * The data area with its shared info (frags, frag_list, GSO fields) may
 * be shared by clones; its users are counted in skb_shinfo(skb)->dataref.
 * The sk_buff itself is counted in users (skb_get). A cloned skb's data
 * must not be written until skb_cow_head()/skb_unshare() has given it a
 * private copy, except for header release: an skb whose owner calls
 * __skb_header_release() promises never to touch its headroom, so a
 * clone may push its headers there without copying (TCP's transmit copy).
 */
#ifndef _NET_SKBUFF_H
#define _NET_SKBUFF_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/page.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <kernel/refcount.h>
#include <net/dst.h>
#include <net/dropreason.h>
#include <errno.h>
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

/* 64 KiB of payload in 4 KiB pages, plus one for a start not on a page boundary (Linux). */
#define MAX_SKB_FRAGS	17

/* gso_type: what a GSO skb is to be cut into. */
#define SKB_GSO_TCPV4	(1u << 0)

/* One fragment of the packet: size bytes at offset in a page block. */
typedef struct skb_frag {
	struct page *page;	/* the block's first page; holds a reference */
	u32 offset;
	u32 size;
} skb_frag_t;

/*
 * dataref: the low 16 bits count the skbs using the data area; the high
 * 16 bits count those of them that use only the payload (header
 * release, SKB_DATAREF_SHIFT), so the headroom is shared only when the
 * difference is above one.
 */
#define SKB_DATAREF_SHIFT	16
#define SKB_DATAREF_MASK	((1u << SKB_DATAREF_SHIFT) - 1)

struct skb_shared_info {
	u8 nr_frags;
	u16 gso_size;			/* GSO: payload bytes per segment */
	u16 gso_segs;			/* GSO: segments it will be cut into */
	u32 gso_type;			/* GSO: SKB_GSO_* */
	struct sk_buff *frag_list;	/* skbs whose bytes follow the frags */
	u32 dataref;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

/* fclone: where this sk_buff lives (Linux's fast clones). */
#define SKB_FCLONE_UNAVAILABLE	0	/* on its own, from skbuff_head_cache */
#define SKB_FCLONE_ORIG		1	/* first of a pair from alloc_skb_fclone */
#define SKB_FCLONE_CLONE	2	/* its companion, handed out by skb_clone */

struct sk_buff {
	struct list_head list;		/* on an sk_buff_head, or self-linked */
	struct sk_buff *next;		/* the following skb of a frag_list */
	struct net_device *dev;
	struct sock *sk;
	struct dst_entry *dst;		/* holds a reference when set */
	u64 tstamp;			/* ns, when received or queued */
	char cb[48] __aligned(8);	/* private to the layer that owns the skb */
	u32 len;			/* all bytes: linear part, frags, frag_list */
	u32 data_len;			/* bytes outside the linear part */
	u32 mac_header;			/* offsets from head, SKB_HDR_UNSET if none */
	u32 network_header;
	u32 transport_header;
	__be16 protocol;		/* EtherType, network order */
	u8 pkt_type;
	u8 ip_summed;
	u8 cloned:1;			/* data area may be shared */
	u8 nohdr:1;			/* owner released the headroom to clones */
	u8 fclone:2;			/* SKB_FCLONE_* */
	u32 priority;
	union {
		u32 csum;		/* CHECKSUM_COMPLETE sum, or a partial sum */
		struct {		/* CHECKSUM_PARTIAL (transmit): */
			u16 csum_start;	/* where summing starts, from head */
			u16 csum_offset; /* where the result goes, from csum_start */
		};
	};
	struct nf_conn *nfct;		/* its connection (holds a reference), or NULL */
	u8 nfctinfo;			/* enum ip_conntrack_info */
	refcount_t users;
	u32 truesize;			/* memory charged for this skb, pages too */
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
	u64 fclones;	/* clones that used an alloc_skb_fclone companion */
	u64 copies;	/* skb_copy, pskb_copy */
	u64 expands;	/* data areas replaced by a private or bigger one */
	u64 drops;	/* kfree_skb: freed because something went wrong */
	u64 live_heads;	/* sk_buffs in use now */
	u64 live_data;	/* data areas in use now */
};

void skb_init(void);
void skb_get_stats(struct skb_stats *out);

/* Allocation and freeing. Return NULL when memory is short. */
struct sk_buff *alloc_skb(unsigned int size);
/*
 * The same, with a companion sk_buff in the same allocation that the
 * first skb_clone() uses (Linux's fast clones): for skbs that are cloned
 * for each transmission, as TCP's write queue.
 */
struct sk_buff *alloc_skb_fclone(unsigned int size);
struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int len);
/*
 * Drop one reference; frees on the last, with its frags' pages and its
 * frag_list. kfree_skb_reason counts a drop under its reason
 * (net/dropreason.h); consume_skb is the normal end of a packet (sent,
 * delivered, copied out) and counts nothing.
 */
void kfree_skb_reason(struct sk_buff *skb, enum skb_drop_reason reason);
void consume_skb(struct sk_buff *skb);
static inline void kfree_skb(struct sk_buff *skb)
{
	kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
}
/* consume_skb each skb of a frag_list chain (linked by next). */
void kfree_skb_list(struct sk_buff *segs);
/* Drops counted under reason since boot. */
u64 skb_drop_reason_count(enum skb_drop_reason reason);
/* debug=ip: one line for a drop at location (a return address). */
void skb_drop_trace(const struct sk_buff *skb, enum skb_drop_reason reason,
		    const void *location);
/*
 * A second sk_buff sharing skb's data area, frags and frag_list included
 * (dataref + 1). skb is not consumed; NULL when memory is short.
 */
struct sk_buff *skb_clone(struct sk_buff *skb);
/* A private copy of everything, linear (frags and frag_list gathered). */
struct sk_buff *skb_copy(const struct sk_buff *skb);
/* Copy with different head- and tailroom (headroom may grow). */
struct sk_buff *skb_copy_expand(const struct sk_buff *skb,
				unsigned int headroom, unsigned int tailroom);
/*
 * A private copy of the linear part and the headroom; the frags' pages and
 * the frag_list skbs are shared by reference. What TCP sends when the
 * previous transmission of a segment is still in flight.
 */
struct sk_buff *pskb_copy(struct sk_buff *skb);
/*
 * Replace skb's data area by a private one with nhead more bytes in front
 * and ntail more behind (frags and frag_list referenced, not copied).
 * skb must not be shared (users == 1). 0, or -ENOMEM with skb unchanged.
 */
int pskb_expand_head(struct sk_buff *skb, unsigned int nhead, unsigned int ntail);
/*
 * Make the headroom private and at least 'headroom' bytes: copies the
 * linear part only if a clone may use the same headroom (skb_header_cloned)
 * or the room is short. Returns 0 or -ENOMEM; the skb is unchanged on
 * failure.
 */
int skb_cow_head(struct sk_buff *skb, unsigned int headroom);
/* The same for writing the linear data as well: copies whenever the data area is shared. */
int skb_cow(struct sk_buff *skb, unsigned int headroom);
/* A private, unshared copy of a cloned skb. Consumes skb; NULL on failure. */
struct sk_buff *skb_unshare(struct sk_buff *skb);
/* If skb has other users, replace our reference by a clone. Consumes skb on failure. */
struct sk_buff *skb_share_check(struct sk_buff *skb);
void skb_orphan(struct sk_buff *skb);

/* Linear skbs only: append len bytes at the tail; returns a pointer to them. */
void *skb_put(struct sk_buff *skb, unsigned int len);
void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len);
void *skb_put_zero(struct sk_buff *skb, unsigned int len);
/* Prepend len bytes before data; returns the new data. */
void *skb_push(struct sk_buff *skb, unsigned int len);
/* Remove len bytes of the linear part from the front; returns the new data. */
void *skb_pull(struct sk_buff *skb, unsigned int len);
/* Linear skbs only: cut the packet to len bytes (no-op if already shorter). */
void skb_trim(struct sk_buff *skb, unsigned int len);
/*
 * Gather len bytes from offset (relative to data; negative reaches into
 * the headroom) into 'to', across frags and the frag_list. 0, or -EFAULT
 * if the range is not in the packet.
 */
int skb_copy_bits(const struct sk_buff *skb, int offset, void *to,
		  unsigned int len);
/*
 * Calls fn on each contiguous piece of skb's bytes [offset, offset + len)
 * in order (linear part, frags, frag_list), with the piece's position in
 * the range. A nonzero return from fn stops the walk and is returned; the
 * range must lie in the packet.
 */
typedef int (*skb_walk_fn)(void *p, unsigned int n, unsigned int pos, void *arg);
int skb_walk_bytes(const struct sk_buff *skb, int offset, unsigned int len,
		   skb_walk_fn fn, void *arg);

/*
 * Nonlinear skbs. __pskb_pull_tail moves delta bytes from the frags and
 * the frag_list to the end of the linear part, reallocating the head when
 * it lacks room or is shared: returns the new tail, or NULL (-ENOMEM)
 * with skb unchanged.
 */
void *__pskb_pull_tail(struct sk_buff *skb, unsigned int delta);
/* Cut a nonlinear skb to len < skb->len bytes. 0 or -ENOMEM. */
int ___pskb_trim(struct sk_buff *skb, unsigned int len);
/* Append a page fragment to the skb's bytes (len, data_len and truesize grow). */
void skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, int off,
		     int size, unsigned int truesize);

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)skb->end;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len != 0;
}

/* Bytes in the linear part (from data to tail). */
static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->tail;
}

static inline unsigned int skb_headroom(const struct sk_buff *skb)
{
	return (unsigned int)(skb->data - skb->head);
}

static inline unsigned int skb_tailroom(const struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) ? 0 : (unsigned int)(skb->end - skb->tail);
}

static inline unsigned int skb_end_offset(const struct sk_buff *skb)
{
	return (unsigned int)(skb->end - skb->head);
}

/* What an skb with a data area of size bytes costs without frags (Linux's SKB_TRUESIZE). */
#define SKB_TRUESIZE(size)	((size) + SKB_DATA_ALIGN(sizeof(struct sk_buff)) + \
				 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

static inline bool skb_has_frag_list(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->frag_list != NULL;
}

#define skb_walk_frags(skb, iter) \
	for (iter = skb_shinfo(skb)->frag_list; iter; iter = iter->next)

static inline bool skb_is_gso(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_size != 0;
}

/* Only valid on an empty skb: move data and tail forward. */
static inline void skb_reserve(struct sk_buff *skb, unsigned int len)
{
	BUG_ON(skb->len || len > skb_tailroom(skb));
	skb->data += len;
	skb->tail += len;
}

/* Frags. */
static inline struct page *skb_frag_page(const skb_frag_t *frag)
{
	return frag->page;
}

static inline unsigned int skb_frag_off(const skb_frag_t *frag)
{
	return frag->offset;
}

static inline unsigned int skb_frag_size(const skb_frag_t *frag)
{
	return frag->size;
}

static inline void skb_frag_size_set(skb_frag_t *frag, unsigned int size)
{
	frag->size = size;
}

static inline void *skb_frag_address(const skb_frag_t *frag)
{
	return (u8 *)page_address(frag->page) + frag->offset;
}

/* Take or drop the reference frag i holds on its page. */
static inline void skb_frag_ref(struct sk_buff *skb, int i)
{
	get_page(skb_frag_page(&skb_shinfo(skb)->frags[i]));
}

static inline void skb_frag_unref(struct sk_buff *skb, int i)
{
	put_page(skb_frag_page(&skb_shinfo(skb)->frags[i]));
}

/*
 * Frag i is size bytes at off in page (whose reference the skb takes
 * over); nr_frags becomes i + 1. len and truesize are the caller's.
 */
static inline void skb_fill_page_desc(struct sk_buff *skb, int i,
				      struct page *page, int off, int size)
{
	skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

	BUG_ON(i < 0 || i >= MAX_SKB_FRAGS);
	frag->page = page;
	frag->offset = (u32)off;
	frag->size = (u32)size;
	skb_shinfo(skb)->nr_frags = (u8)(i + 1);
}

/* A page (block) for an RX ring or a frag (Linux's dev_alloc_pages). */
static inline struct page *dev_alloc_pages(unsigned int order)
{
	return __alloc_pages(order);
}

static inline struct page *dev_alloc_page(void)
{
	return dev_alloc_pages(0);
}

/*
 * True once the first len bytes are in the linear part, pulling them
 * there if they are in frags or the frag_list. False if the packet is
 * shorter than len, or memory is short. A pull may move the head: header
 * pointers taken before it must be reloaded.
 */
static inline bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	if (likely(len <= skb_headlen(skb)))
		return true;
	if (unlikely(len > skb->len))
		return false;
	return __pskb_pull_tail(skb, len - skb_headlen(skb)) != NULL;
}

/* Remove len bytes from the front, pulling them first if needed; NULL if short or out of memory. */
static inline void *pskb_pull(struct sk_buff *skb, unsigned int len)
{
	if (len > skb->len || !pskb_may_pull(skb, len))
		return NULL;
	skb->len -= len;
	skb->data += len;
	return skb->data;
}

/* Cut to len bytes (no-op if already shorter). 0 or -ENOMEM (skb unchanged). */
static inline int pskb_trim(struct sk_buff *skb, unsigned int len)
{
	if (len >= skb->len)
		return 0;
	if (skb_is_nonlinear(skb))
		return ___pskb_trim(skb, len);
	skb_trim(skb, len);
	return 0;
}

/* pskb_trim for a received packet: a device's sum of the whole packet no longer applies. */
static inline int pskb_trim_rcsum(struct sk_buff *skb, unsigned int len)
{
	if (len >= skb->len)
		return 0;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return pskb_trim(skb, len);
}

/* Gather frags and frag_list into the linear part. 0 or -ENOMEM. */
static inline int skb_linearize(struct sk_buff *skb)
{
	if (!skb_is_nonlinear(skb))
		return 0;
	return __pskb_pull_tail(skb, skb->data_len) ? 0 : -ENOMEM;
}

/*
 * len bytes at offset (relative to data): a pointer into the linear part
 * when they are all there, else copied into buffer (len bytes). NULL if
 * the packet is shorter.
 */
static inline void *skb_header_pointer(const struct sk_buff *skb, int offset,
				       unsigned int len, void *buffer)
{
	if (offset >= 0 && (unsigned int)offset <= skb_headlen(skb) &&
	    len <= skb_headlen(skb) - (unsigned int)offset)
		return skb->data + offset;
	if (skb_copy_bits(skb, offset, buffer, len) < 0)
		return NULL;
	return buffer;
}

/*
 * CHECKSUM_PARTIAL: the device (or skb_checksum_help) sums from
 * csum_start to the end of the packet and stores the folded result at
 * csum_start + csum_offset; the field holds the pseudo header's sum.
 */
static inline int skb_checksum_start_offset(const struct sk_buff *skb)
{
	return skb->csum_start - skb_headroom(skb);
}

static inline unsigned char *skb_checksum_start(const struct sk_buff *skb)
{
	return skb->head + skb->csum_start;
}

/*
 * Leave the checksum at start + off (both from skb->data) for the device
 * (Linux's skb_partial_csum_set); the caller has put the pseudo
 * header's sum in the field.
 */
static inline void skb_partial_csum_set(struct sk_buff *skb, unsigned int start,
					unsigned int off)
{
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = (u16)(skb_headroom(skb) + start);
	skb->csum_offset = (u16)off;
}

/* The data area may be shared with a clone (so writing needs a private copy). */
static inline bool skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned &&
	       (__atomic_load_n(&skb_shinfo(skb)->dataref, __ATOMIC_SEQ_CST) &
		SKB_DATAREF_MASK) != 1;
}

/*
 * The headroom may be shared: some other skb on the data area has not
 * released it (nohdr), so pushing a header needs a private copy.
 */
static inline bool skb_header_cloned(const struct sk_buff *skb)
{
	u32 dataref;

	if (!skb->cloned)
		return false;
	dataref = __atomic_load_n(&skb_shinfo(skb)->dataref, __ATOMIC_SEQ_CST);
	return (dataref & SKB_DATAREF_MASK) - (dataref >> SKB_DATAREF_SHIFT) != 1;
}

/*
 * Header release (Linux's __skb_header_release): skb's owner will never
 * write its headroom, so the clones made from it may each push their own
 * headers there without a copy. Only on an skb not yet cloned.
 */
static inline void __skb_header_release(struct sk_buff *skb)
{
	BUG_ON(skb->cloned);
	skb->nohdr = 1;
	skb_shinfo(skb)->dataref = 1 + (1u << SKB_DATAREF_SHIFT);
}

/* Make a cloned skb's data area (and frag array) its own. 0 or -ENOMEM. */
static inline int skb_unclone(struct sk_buff *skb)
{
	return skb_cloned(skb) ? pskb_expand_head(skb, 0, 0) : 0;
}

static inline bool skb_shared(const struct sk_buff *skb)
{
	return refcount_read(&skb->users) != 1;
}

static inline struct sk_buff *skb_get(struct sk_buff *skb)
{
	refcount_inc(&skb->users);
	return skb;
}

/*
 * The L4 checksum is known good: the device vouched, software verified
 * it, or it is a CHECKSUM_PARTIAL packet, which never crossed a wire (a
 * virtio device hands up the host's own packets so, their checksum still
 * to be finished), as Linux's skb_csum_unnecessary. Linux also asks that
 * csum_start not lie behind skb->data; Skiff's UDP pulls its header
 * before recvmsg asks, so that test would fail there.
 */
static inline bool skb_csum_unnecessary(const struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_UNNECESSARY || skb->ip_summed == CHECKSUM_PARTIAL;
}

/*
 * Datagrams out to a caller (net/core/datagram.c). skb_copy_datagram_iter
 * copies len bytes from offset: 0, or -EFAULT (a user fault or a range
 * outside the packet; the iterator has advanced past what was copied).
 */
struct iov_iter;
int skb_copy_datagram_iter(const struct sk_buff *skb, int offset,
			   struct iov_iter *to, unsigned int len);
/*
 * Copy skb from offset hlen to its end while summing it, the first hlen
 * bytes summed but not copied: the sum plus skb->csum (the pseudo header
 * and any header already pulled) must fold to zero. 0; -EINVAL for a bad
 * checksum (the iterator is put back); -EFAULT.
 */
int skb_copy_and_csum_datagram_iter(const struct sk_buff *skb, int hlen,
				    struct iov_iter *to);
/*
 * Verify now: skb->csum plus every byte from data must fold to zero.
 * Returns 0 when it does (and marks the skb CHECKSUM_UNNECESSARY).
 */
__sum16 __skb_checksum_complete(struct sk_buff *skb);

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

/* Bytes from the network header to the end of the packet (frags included). */
static inline unsigned int skb_network_len(const struct sk_buff *skb)
{
	return (unsigned int)((int)skb->len - skb_network_offset(skb));
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
