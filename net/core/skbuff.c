/*
 * Socket buffer allocation, cloning, copying and queues (the Linux
 * net/core/skbuff.c model, linear buffers only).
 *
 * Two pools back every skb: the sk_buff descriptors come from the
 * skbuff_head_cache slab, the data areas from kmalloc. Both are counted in
 * skb_stats so a test (or the dashboard) can prove nothing leaked.
 */
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <net/skbuff.h>
#include <net/netdevice.h>
#include <net/netfilter/nf_conntrack.h>
#include <errno.h>
#include <string.h>

static struct kmem_cache *skbuff_head_cache;
static struct skb_stats skb_stats;
static u64 skb_drop_counts[SKB_DROP_REASON_MAX];

void skb_init(void)
{
	if (!skbuff_head_cache)
		skbuff_head_cache = kmem_cache_create("skbuff_head_cache",
						      sizeof(struct sk_buff), 8);
	BUG_ON(!skbuff_head_cache);
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

static struct sk_buff *skb_alloc_head(void)
{
	struct sk_buff *skb = kmem_cache_alloc(skbuff_head_cache);

	if (!skb)
		return NULL;
	SKB_STAT_ADD(allocs, 1);
	SKB_STAT_ADD(live_heads, 1);
	return skb;
}

/* Point skb at a fresh data area of 'size' usable bytes (data == head). */
static void skb_attach_data(struct sk_buff *skb, unsigned char *data,
			    unsigned int size)
{
	skb->head = data;
	skb->data = data;
	skb->tail = data;
	skb->end = data + size;
	skb_shinfo(skb)->dataref = 1;
	skb->cloned = false;
}

/*
 * A new skb with 'size' bytes of data room, all of it tailroom; the caller
 * reserves headroom with skb_reserve(). NULL when memory is short.
 */
struct sk_buff *alloc_skb(unsigned int size)
{
	struct sk_buff *skb;
	unsigned char *data;

	size = SKB_DATA_ALIGN(size);
	skb = skb_alloc_head();
	if (!skb)
		return NULL;
	data = skb_alloc_data(size);
	if (!data) {
		kmem_cache_free(skbuff_head_cache, skb);
		SKB_STAT_ADD(live_heads, -1);
		SKB_STAT_ADD(frees, 1);
		return NULL;
	}
	memset(skb, 0, offsetof(struct sk_buff, head));
	INIT_LIST_HEAD(&skb->list);
	skb->users = 1;
	skb->mac_header = SKB_HDR_UNSET;
	skb->network_header = SKB_HDR_UNSET;
	skb->transport_header = SKB_HDR_UNSET;
	skb->truesize = size + sizeof(struct sk_buff) +
			sizeof(struct skb_shared_info);
	skb_attach_data(skb, data, size);
	return skb;
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

/* Drop this skb's reference on its data area; free it on the last. */
static void skb_release_data(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	BUG_ON(shinfo->dataref == 0);
	if (--shinfo->dataref)
		return;
	kfree(skb->head);
	SKB_STAT_ADD(live_data, -1);
}

static void __kfree_skb(struct sk_buff *skb)
{
	BUG_ON(!list_empty(&skb->list));
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	if (skb->destructor)
		skb->destructor(skb);
	skb_release_data(skb);
	kmem_cache_free(skbuff_head_cache, skb);
	SKB_STAT_ADD(live_heads, -1);
	SKB_STAT_ADD(frees, 1);
}

static bool skb_unref(struct sk_buff *skb)
{
	BUG_ON(skb->users == 0);
	return --skb->users == 0;
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
}

/*
 * A second sk_buff sharing skb's data area (dataref + 1). Neither may write
 * the data until skb_cow_head()/skb_unshare(). The clone has no socket and
 * no destructor. skb is not consumed; NULL when memory is short.
 */
struct sk_buff *skb_clone(struct sk_buff *skb)
{
	struct sk_buff *n = skb_alloc_head();

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	INIT_LIST_HEAD(&n->list);
	skb_copy_header(n, skb);
	n->users = 1;
	n->len = skb->len;
	n->mac_header = skb->mac_header;
	n->network_header = skb->network_header;
	n->transport_header = skb->transport_header;
	n->truesize = skb->truesize;
	n->head = skb->head;
	n->data = skb->data;
	n->tail = skb->tail;
	n->end = skb->end;
	n->cloned = true;
	skb->cloned = true;
	skb_shinfo(skb)->dataref++;
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

/*
 * A private copy of skb with the given head- and tailroom. As much of the
 * old headroom as fits is copied too, so a pulled MAC header survives.
 * skb is not consumed; NULL when memory is short.
 */
struct sk_buff *skb_copy_expand(const struct sk_buff *skb,
				unsigned int headroom, unsigned int tailroom)
{
	unsigned int old_hr = skb_headroom(skb);
	unsigned int copy_hr = min(old_hr, headroom);
	long delta = (long)headroom - (long)old_hr;
	struct sk_buff *n;

	n = alloc_skb(headroom + skb->len + tailroom);
	if (!n)
		return NULL;
	skb_reserve(n, headroom);
	memcpy(n->data - copy_hr, skb->data - copy_hr, copy_hr);
	skb_put_data(n, skb->data, skb->len);
	skb_copy_header(n, skb);
	n->mac_header = skb_shift_offset(skb->mac_header, delta, skb_end_offset(n));
	n->network_header = skb_shift_offset(skb->network_header, delta,
					     skb_end_offset(n));
	n->transport_header = skb_shift_offset(skb->transport_header, delta,
					       skb_end_offset(n));
	SKB_STAT_ADD(copies, 1);
	return n;
}

/* A private copy with the same headroom and tailroom. skb is not consumed. */
struct sk_buff *skb_copy(const struct sk_buff *skb)
{
	return skb_copy_expand(skb, skb_headroom(skb), skb_tailroom(skb));
}

/*
 * Replace skb's data area by a private one with nhead more bytes in front
 * and ntail more behind. Returns 0 or -ENOMEM (skb unchanged).
 */
static int pskb_expand_head(struct sk_buff *skb, unsigned int nhead,
			    unsigned int ntail)
{
	unsigned int old_size = skb_end_offset(skb);
	unsigned int size = SKB_DATA_ALIGN(old_size + nhead + ntail);
	unsigned int used = (unsigned int)(skb->tail - skb->head);
	unsigned int data_off = skb_headroom(skb);
	unsigned char *data;

	data = skb_alloc_data(size);
	if (!data)
		return -ENOMEM;
	memcpy(data + nhead, skb->head, used);
	skb_release_data(skb);
	skb_attach_data(skb, data, size);
	skb->data = data + nhead + data_off;
	skb->tail = skb->data + skb->len;
	if (skb->mac_header != SKB_HDR_UNSET)
		skb->mac_header += nhead;
	if (skb->network_header != SKB_HDR_UNSET)
		skb->network_header += nhead;
	if (skb->transport_header != SKB_HDR_UNSET)
		skb->transport_header += nhead;
	/*
	 * An skb a socket owns was charged to it at its old truesize, and its
	 * destructor gives back exactly that: leave truesize alone then (as
	 * Linux's pskb_expand_head does), or the socket's send accounting
	 * would go negative when a driver pads a short frame.
	 */
	if (!skb->sk)
		skb->truesize += size - old_size;
	return 0;
}

int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	unsigned int need = 0;

	if (headroom > skb_headroom(skb))
		need = headroom - skb_headroom(skb);
	if (!need && !skb_cloned(skb))
		return 0;
	return pskb_expand_head(skb, ALIGN(need, 8), 0);
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

	BUG_ON(len > skb_tailroom(skb));
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
	BUG_ON(len > skb->len);
	skb->data += len;
	skb->len -= len;
	return skb->data;
}

void skb_trim(struct sk_buff *skb, unsigned int len)
{
	if (skb->len > len) {
		skb->len = len;
		skb->tail = skb->data + len;
	}
}

int skb_copy_bits(const struct sk_buff *skb, unsigned int offset, void *to,
		  unsigned int len)
{
	if (offset > skb->len || len > skb->len - offset)
		return -EFAULT;
	memcpy(to, skb->data + offset, len);
	return 0;
}

int skb_put_padto(struct sk_buff *skb, unsigned int len)
{
	unsigned int pad;

	if (skb->len >= len)
		return 0;
	pad = len - skb->len;
	if ((skb_cloned(skb) || pad > skb_tailroom(skb)) &&
	    pskb_expand_head(skb, 0, pad)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return -ENOMEM;
	}
	skb_put_zero(skb, pad);
	return 0;
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
