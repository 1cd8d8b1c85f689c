/*
 * Socket buffer allocation, cloning, copying and queues (the Linux
 * net/core/skbuff.c model). Walks, pulls and trims of the nonlinear part
 * (page frags and frag_list) live in skb_nonlinear.c.
 *
 * Three pools back every skb: the sk_buff descriptors come from the
 * skbuff_head_cache slab (pairs of them from skbuff_fclone_cache), the
 * data areas from kmalloc, and frags from the page allocator. All are
 * counted (skb_stats, page_stats) so a test or the dashboard can prove
 * nothing leaked.
 */
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <net/skbuff.h>
#include <net/netdevice.h>
#include <net/netfilter/nf_conntrack.h>
#include <errno.h>
#include <string.h>

/* An sk_buff and the companion its first clone uses, in one allocation. */
struct sk_buff_fclones {
	struct sk_buff skb1;		/* SKB_FCLONE_ORIG */
	struct sk_buff skb2;		/* SKB_FCLONE_CLONE */
	u32 fclone_ref;			/* 1: skb2 is free; 2: both in use */
};

static struct kmem_cache *skbuff_head_cache;
static struct kmem_cache *skbuff_fclone_cache;
static struct skb_stats skb_stats;
static u64 skb_drop_counts[SKB_DROP_REASON_MAX];

void skb_init(void)
{
	if (!skbuff_head_cache)
		skbuff_head_cache = kmem_cache_create("skbuff_head_cache",
						      sizeof(struct sk_buff), 8);
	if (!skbuff_fclone_cache)
		skbuff_fclone_cache = kmem_cache_create("skbuff_fclone_cache",
							sizeof(struct sk_buff_fclones), 8);
	BUG_ON(!skbuff_head_cache || !skbuff_fclone_cache);
}

void skb_get_stats(struct skb_stats *out)
{
	unsigned long flags;

	local_irq_save(flags);
	*out = skb_stats;
	local_irq_restore(flags);
}

/* Stats are updated from any context (drivers may free in hard IRQ). */
#define SKB_STAT_ADD(field, v)				\
	do {						\
		unsigned long __f;			\
		local_irq_save(__f);			\
		skb_stats.field += (v);			\
		local_irq_restore(__f);			\
	} while (0)

static unsigned char *skb_alloc_data(unsigned int size)
{
	unsigned char *data = kmalloc(size + sizeof(struct skb_shared_info));

	if (data)
		SKB_STAT_ADD(live_data, 1);
	return data;
}

/* Free the data area's memory only (its frags and frag_list go elsewhere). */
static void skb_free_head(unsigned char *head)
{
	kfree(head);
	SKB_STAT_ADD(live_data, -1);
}

static void skb_count_head(void)
{
	SKB_STAT_ADD(allocs, 1);
	SKB_STAT_ADD(live_heads, 1);
}

static void skb_uncount_head(void)
{
	SKB_STAT_ADD(live_heads, -1);
	SKB_STAT_ADD(frees, 1);
}

/* Give the sk_buff's memory back: alone, or its half of an fclone pair. */
static void kfree_skbmem(struct sk_buff *skb)
{
	struct sk_buff_fclones *fclones;

	skb_uncount_head();
	switch (skb->fclone) {
	case SKB_FCLONE_ORIG:
		fclones = container_of(skb, struct sk_buff_fclones, skb1);
		break;
	case SKB_FCLONE_CLONE:
		fclones = container_of(skb, struct sk_buff_fclones, skb2);
		break;
	default:
		kmem_cache_free(skbuff_head_cache, skb);
		return;
	}
	if (!__atomic_sub_fetch(&fclones->fclone_ref, 1, __ATOMIC_SEQ_CST))
		kmem_cache_free(skbuff_fclone_cache, fclones);
}

/* Point skb at a fresh data area of 'size' usable bytes (data == head), no frags. */
static void skb_attach_data(struct sk_buff *skb, unsigned char *data,
			    unsigned int size)
{
	struct skb_shared_info *shinfo;

	skb->head = data;
	skb->data = data;
	skb->tail = data;
	skb->end = data + size;
	shinfo = skb_shinfo(skb);
	memset(shinfo, 0, offsetof(struct skb_shared_info, dataref));
	shinfo->dataref = 1;
	skb->cloned = 0;
	skb->nohdr = 0;
}

static struct sk_buff *__alloc_skb(unsigned int size, bool fclone)
{
	struct sk_buff_fclones *fclones = NULL;
	struct sk_buff *skb;
	unsigned char *data;

	size = SKB_DATA_ALIGN(size);
	if (fclone) {
		fclones = kmem_cache_alloc(skbuff_fclone_cache);
		skb = fclones ? &fclones->skb1 : NULL;
	} else {
		skb = kmem_cache_alloc(skbuff_head_cache);
	}
	if (!skb)
		return NULL;
	data = skb_alloc_data(size);
	if (!data) {
		if (fclone)
			kmem_cache_free(skbuff_fclone_cache, fclones);
		else
			kmem_cache_free(skbuff_head_cache, skb);
		return NULL;
	}
	skb_count_head();
	memset(skb, 0, offsetof(struct sk_buff, head));
	INIT_LIST_HEAD(&skb->list);
	refcount_set(&skb->users, 1);
	skb->mac_header = SKB_HDR_UNSET;
	skb->network_header = SKB_HDR_UNSET;
	skb->transport_header = SKB_HDR_UNSET;
	skb->truesize = SKB_TRUESIZE(size);
	skb_attach_data(skb, data, size);
	if (fclone) {
		skb->fclone = SKB_FCLONE_ORIG;
		fclones->skb2.fclone = SKB_FCLONE_CLONE;
		fclones->fclone_ref = 1;
	}
	return skb;
}

/*
 * A new skb with 'size' bytes of data room, all of it tailroom; the caller
 * reserves headroom with skb_reserve(). NULL when memory is short.
 */
struct sk_buff *alloc_skb(unsigned int size)
{
	return __alloc_skb(size, false);
}

struct sk_buff *alloc_skb_fclone(unsigned int size)
{
	return __alloc_skb(size, true);
}

/* An RX buffer for dev with NET_SKB_PAD + NET_IP_ALIGN headroom reserved. */
struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(len + NET_SKB_PAD + NET_IP_ALIGN);

	if (!skb)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	skb->dev = dev;
	return skb;
}

/*
 * The links are left alone: a chain may be shared (pskb_copy), and the
 * other holder still walks it. An skb's next is only changed while it is
 * private (users == 1).
 */
void kfree_skb_list(struct sk_buff *segs)
{
	while (segs) {
		struct sk_buff *next = segs->next;

		consume_skb(segs);
		segs = next;
	}
}

/*
 * Drop this skb's reference on its data area; on the last, free it with
 * its frags' pages and its frag_list. A header-released owner (nohdr)
 * holds a payload reference too, dropped with its own.
 */
static void skb_release_data(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	u32 ref = skb->nohdr ? (1u << SKB_DATAREF_SHIFT) + 1 : 1;

	BUG_ON((shinfo->dataref & SKB_DATAREF_MASK) == 0);
	if (skb->cloned &&
	    __atomic_sub_fetch(&shinfo->dataref, ref, __ATOMIC_SEQ_CST))
		return;
	for (int i = 0; i < shinfo->nr_frags; i++)
		skb_frag_unref(skb, i);
	kfree_skb_list(shinfo->frag_list);
	skb_free_head(skb->head);
}

static void __kfree_skb(struct sk_buff *skb)
{
	BUG_ON(!list_empty(&skb->list));
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	if (skb->destructor)
		skb->destructor(skb);
	skb_release_data(skb);
	kfree_skbmem(skb);
}

static bool skb_unref(struct sk_buff *skb)
{
	return refcount_dec_and_test(&skb->users);
}

/*
 * Free after an error: the packet was dropped for reason. Consumes one
 * reference. debug=ip shows each drop with its reason and the function
 * that dropped it (what Linux's kfree_skb tracepoint gives dropwatch).
 */
void kfree_skb_reason(struct sk_buff *skb, enum skb_drop_reason reason)
{
	unsigned long flags;

	if (!skb || !skb_unref(skb))
		return;
	if (reason <= SKB_CONSUMED || reason >= SKB_DROP_REASON_MAX)
		reason = SKB_DROP_REASON_NOT_SPECIFIED;
	if (trace_on(TRACE_IP))
		skb_drop_trace(skb, reason, __builtin_return_address(0));
	local_irq_save(flags);
	skb_stats.drops++;
	skb_drop_counts[reason]++;
	local_irq_restore(flags);
	__kfree_skb(skb);
}

u64 skb_drop_reason_count(enum skb_drop_reason reason)
{
	unsigned long flags;
	u64 n;

	if (reason >= SKB_DROP_REASON_MAX)
		return 0;
	local_irq_save(flags);
	n = skb_drop_counts[reason];
	local_irq_restore(flags);
	return n;
}

/* Free after normal use (transmitted, delivered, copied). Consumes one reference. */
void consume_skb(struct sk_buff *skb)
{
	if (!skb || !skb_unref(skb))
		return;
	__kfree_skb(skb);
}

/* Copy the metadata a packet carries between layers (not data, not links). */
static void skb_copy_header(struct sk_buff *n, const struct sk_buff *old)
{
	n->dev = old->dev;
	n->tstamp = old->tstamp;
	memcpy(n->cb, old->cb, sizeof(n->cb));
	n->protocol = old->protocol;
	n->pkt_type = old->pkt_type;
	n->ip_summed = old->ip_summed;
	n->priority = old->priority;
	n->csum = old->csum;
	n->dst = old->dst ? dst_clone(old->dst) : NULL;
	n->nfct = old->nfct;
	n->nfctinfo = old->nfctinfo;
	if (n->nfct)
		n->nfct->use++;
	skb_shinfo(n)->gso_size = skb_shinfo(old)->gso_size;
	skb_shinfo(n)->gso_segs = skb_shinfo(old)->gso_segs;
	skb_shinfo(n)->gso_type = skb_shinfo(old)->gso_type;
}

/* The sk_buff for a clone of skb: its fclone companion if free, else a new one. */
static struct sk_buff *skb_clone_head(struct sk_buff *skb)
{
	struct sk_buff_fclones *fclones = container_of(skb, struct sk_buff_fclones, skb1);
	struct sk_buff *n;

	if (skb->fclone == SKB_FCLONE_ORIG &&
	    __atomic_load_n(&fclones->fclone_ref, __ATOMIC_SEQ_CST) == 1) {
		n = &fclones->skb2;
		memset(n, 0, sizeof(*n));
		n->fclone = SKB_FCLONE_CLONE;
		__atomic_store_n(&fclones->fclone_ref, 2, __ATOMIC_SEQ_CST);
		SKB_STAT_ADD(fclones, 1);
	} else {
		n = kmem_cache_alloc(skbuff_head_cache);
		if (!n)
			return NULL;
		memset(n, 0, sizeof(*n));
	}
	skb_count_head();
	return n;
}

/*
 * Neither skb nor the clone may write the shared data until
 * skb_cow_head()/skb_unshare(); a clone of a header-released skb may
 * push headers (skb_header_cloned). The clone has no socket and no
 * destructor.
 */
struct sk_buff *skb_clone(struct sk_buff *skb)
{
	struct sk_buff *n = skb_clone_head(skb);

	if (!n)
		return NULL;
	INIT_LIST_HEAD(&n->list);
	refcount_set(&n->users, 1);
	n->len = skb->len;
	n->data_len = skb->data_len;
	n->mac_header = skb->mac_header;
	n->network_header = skb->network_header;
	n->transport_header = skb->transport_header;
	n->truesize = skb->truesize;
	n->head = skb->head;
	n->data = skb->data;
	n->tail = skb->tail;
	n->end = skb->end;
	n->cloned = 1;
	skb->cloned = 1;
	__atomic_add_fetch(&skb_shinfo(skb)->dataref, 1, __ATOMIC_SEQ_CST);
	skb_copy_header(n, skb);
	SKB_STAT_ADD(clones, 1);
	return n;
}

static u32 skb_shift_offset(u32 off, long delta, unsigned int limit)
{
	long n;

	if (off == SKB_HDR_UNSET)
		return SKB_HDR_UNSET;
	n = (long)off + delta;
	return n < 0 || n > (long)limit ? SKB_HDR_UNSET : (u32)n;
}

/* n's header offsets: skb's, moved by the change in headroom. */
static void skb_copy_offsets(struct sk_buff *n, const struct sk_buff *skb)
{
	long delta = (long)skb_headroom(n) - (long)skb_headroom(skb);

	n->mac_header = skb_shift_offset(skb->mac_header, delta, skb_end_offset(n));
	n->network_header = skb_shift_offset(skb->network_header, delta,
					     skb_end_offset(n));
	n->transport_header = skb_shift_offset(skb->transport_header, delta,
					       skb_end_offset(n));
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		n->csum_start = (u16)(skb->csum_start + delta);
}

/* The last copy_hr bytes of skb's headroom in front of n's data (a pulled MAC header survives). */
static void skb_copy_headroom(struct sk_buff *n, const struct sk_buff *skb,
			      unsigned int copy_hr)
{
	memcpy(n->data - copy_hr, skb->data - copy_hr, copy_hr);
}

/*
 * A private, linear copy of skb with the given head- and tailroom. As much
 * of the old headroom as fits is copied too. skb is not consumed; NULL
 * when memory is short.
 */
struct sk_buff *skb_copy_expand(const struct sk_buff *skb,
				unsigned int headroom, unsigned int tailroom)
{
	struct sk_buff *n;

	n = alloc_skb(headroom + skb->len + tailroom);
	if (!n)
		return NULL;
	skb_reserve(n, headroom);
	skb_copy_headroom(n, skb, min(skb_headroom(skb), headroom));
	BUG_ON(skb_copy_bits(skb, 0, skb_put(n, skb->len), skb->len));
	skb_copy_header(n, skb);
	skb_copy_offsets(n, skb);
	SKB_STAT_ADD(copies, 1);
	return n;
}

/* A private copy with the same headroom and tailroom. skb is not consumed. */
struct sk_buff *skb_copy(const struct sk_buff *skb)
{
	return skb_copy_expand(skb, skb_headroom(skb),
			       (unsigned int)(skb->end - skb->tail));
}

/* Another reference to each skb of the frag_list (a second data area now points at them). */
static void skb_clone_fraglist(struct sk_buff *skb)
{
	struct sk_buff *list;

	skb_walk_frags(skb, list)
		skb_get(list);
}

struct sk_buff *pskb_copy(struct sk_buff *skb)
{
	unsigned int headroom = skb_headroom(skb), headlen = skb_headlen(skb);
	struct skb_shared_info *sh = skb_shinfo(skb), *nsh;
	struct sk_buff *n;

	n = alloc_skb(headroom + headlen);
	if (!n)
		return NULL;
	skb_reserve(n, headroom);
	skb_copy_headroom(n, skb, headroom);
	skb_put_data(n, skb->data, headlen);
	nsh = skb_shinfo(n);
	for (int i = 0; i < sh->nr_frags; i++) {
		nsh->frags[i] = sh->frags[i];
		skb_frag_ref(skb, i);
	}
	nsh->nr_frags = sh->nr_frags;
	if (skb_has_frag_list(skb)) {
		nsh->frag_list = sh->frag_list;
		skb_clone_fraglist(n);
	}
	n->len = skb->len;
	n->data_len = skb->data_len;
	n->truesize += skb->data_len;
	skb_copy_header(n, skb);
	skb_copy_offsets(n, skb);
	SKB_STAT_ADD(copies, 1);
	return n;
}

int pskb_expand_head(struct sk_buff *skb, unsigned int nhead, unsigned int ntail)
{
	unsigned int old_size = skb_end_offset(skb);
	unsigned int size = SKB_DATA_ALIGN(old_size + nhead + ntail);
	unsigned int used = (unsigned int)(skb->tail - skb->head);
	unsigned int data_off = skb_headroom(skb);
	struct skb_shared_info *old = skb_shinfo(skb);
	unsigned char *data;

	BUG_ON(skb_shared(skb));
	data = skb_alloc_data(size);
	if (!data)
		return -ENOMEM;
	memcpy(data + nhead, skb->head, used);
	memcpy(data + size, old, offsetof(struct skb_shared_info, frags[old->nr_frags]));
	/* The frags and the chain now hang off the new area too: a shared old one keeps its own references. */
	if (skb_cloned(skb)) {
		for (int i = 0; i < old->nr_frags; i++)
			skb_frag_ref(skb, i);
		skb_clone_fraglist(skb);
		skb_release_data(skb);
	} else {
		skb_free_head(skb->head);
	}
	skb->head = data;
	skb->end = data + size;
	skb->data = data + nhead + data_off;
	skb->tail = skb->data + skb_headlen(skb);
	skb_shinfo(skb)->dataref = 1;
	skb->cloned = 0;
	skb->nohdr = 0;
	if (skb->mac_header != SKB_HDR_UNSET)
		skb->mac_header += nhead;
	if (skb->network_header != SKB_HDR_UNSET)
		skb->network_header += nhead;
	if (skb->transport_header != SKB_HDR_UNSET)
		skb->transport_header += nhead;
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb->csum_start += (u16)nhead;
	/*
	 * An skb a socket owns was charged to it at its old truesize, and its
	 * destructor gives back exactly that: leave truesize alone then (as
	 * Linux's pskb_expand_head does), or the socket's send accounting
	 * would go negative when a driver pads a short frame.
	 */
	if (!skb->sk)
		skb->truesize += size - old_size;
	SKB_STAT_ADD(expands, 1);
	return 0;
}

static int __skb_cow(struct sk_buff *skb, unsigned int headroom, bool cloned)
{
	unsigned int need = 0;

	if (headroom > skb_headroom(skb))
		need = headroom - skb_headroom(skb);
	if (!need && !cloned)
		return 0;
	return pskb_expand_head(skb, ALIGN(need, 8), 0);
}

int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	return __skb_cow(skb, headroom, skb_header_cloned(skb));
}

int skb_cow(struct sk_buff *skb, unsigned int headroom)
{
	return __skb_cow(skb, headroom, skb_cloned(skb));
}

struct sk_buff *skb_unshare(struct sk_buff *skb)
{
	struct sk_buff *n;

	if (!skb_cloned(skb))
		return skb;
	n = skb_copy(skb);
	if (n)
		consume_skb(skb);
	else
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
	return n;
}

struct sk_buff *skb_share_check(struct sk_buff *skb)
{
	struct sk_buff *n;

	if (!skb_shared(skb))
		return skb;
	n = skb_clone(skb);
	if (n)
		consume_skb(skb);
	else
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
	return n;
}

/* Detach from the owning socket, running its destructor now. */
void skb_orphan(struct sk_buff *skb)
{
	if (skb->destructor)
		skb->destructor(skb);
	skb->destructor = NULL;
	skb->sk = NULL;
}

void *skb_put(struct sk_buff *skb, unsigned int len)
{
	unsigned char *old = skb->tail;

	BUG_ON(skb_is_nonlinear(skb) || len > skb_tailroom(skb));
	skb->tail += len;
	skb->len += len;
	return old;
}

void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len)
{
	void *p = skb_put(skb, len);

	memcpy(p, data, len);
	return p;
}

void *skb_put_zero(struct sk_buff *skb, unsigned int len)
{
	void *p = skb_put(skb, len);

	memset(p, 0, len);
	return p;
}

void *skb_push(struct sk_buff *skb, unsigned int len)
{
	BUG_ON(len > skb_headroom(skb));
	skb->data -= len;
	skb->len += len;
	return skb->data;
}

void *skb_pull(struct sk_buff *skb, unsigned int len)
{
	BUG_ON(len > skb_headlen(skb));
	skb->data += len;
	skb->len -= len;
	return skb->data;
}

void skb_trim(struct sk_buff *skb, unsigned int len)
{
	BUG_ON(skb_is_nonlinear(skb));
	if (skb->len > len) {
		skb->len = len;
		skb->tail = skb->data + len;
	}
}

/* Pad the data with zeros to at least len bytes (Linux's __skb_pad). */
int skb_put_padto(struct sk_buff *skb, unsigned int len)
{
	unsigned int pad;

	if (skb->len >= len)
		return 0;
	pad = len - skb->len;
	if (skb_linearize(skb))
		goto nomem;
	if ((skb_cloned(skb) || pad > skb_tailroom(skb)) &&
	    pskb_expand_head(skb, 0, pad))
		goto nomem;
	skb_put_zero(skb, pad);
	return 0;
nomem:
	kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
	return -ENOMEM;
}

void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	__skb_queue_tail(q, skb);
	spin_unlock_irqrestore(&q->lock, flags);
}

void skb_queue_head(struct sk_buff_head *q, struct sk_buff *skb)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	__skb_queue_head(q, skb);
	spin_unlock_irqrestore(&q->lock, flags);
}

struct sk_buff *skb_dequeue(struct sk_buff_head *q)
{
	unsigned long flags;
	struct sk_buff *skb;

	spin_lock_irqsave(&q->lock, flags);
	skb = __skb_dequeue(q);
	spin_unlock_irqrestore(&q->lock, flags);
	return skb;
}

void skb_unlink(struct sk_buff *skb, struct sk_buff_head *q)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	__skb_unlink(skb, q);
	spin_unlock_irqrestore(&q->lock, flags);
}

void __skb_queue_purge_reason(struct sk_buff_head *q,
			      enum skb_drop_reason reason)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q)) != NULL)
		kfree_skb_reason(skb, reason);
}

void skb_queue_purge_reason(struct sk_buff_head *q, enum skb_drop_reason reason)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(q)) != NULL)
		kfree_skb_reason(skb, reason);
}
