/*
 * IPv4 reassembly (Linux net/ipv4/ip_fragment.c and inet_fragment.c).
 *
 * Fragments are queued per (saddr, daddr, id, protocol), sorted by offset,
 * until the first and last have arrived and the bytes in between add up.
 * Defences against a hostile sender:
 *   - any overlap other than an exact duplicate drops the whole datagram
 *     (RFC 5722's rule for IPv6, which Linux applies to IPv4 as well);
 *   - a datagram that would exceed 65535 octets is dropped;
 *   - each queue lives at most ipfrag_time_ms (RFC 1122 3.3.2: 60-120 s
 *     recommended, Linux uses 30 s); on expiry an ICMP time exceeded goes
 *     to the sender if fragment zero arrived;
 *   - all queues together hold at most ipfrag_high_thresh octets (as
 *     charged by skb->truesize); past that the oldest are evicted down to
 *     ipfrag_low_thresh, and there are at most ipfrag_max_queues of them.
 */
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/snmp.h>
#include <errno.h>
#include <string.h>

u32 ipfrag_time_ms = 30000;
u32 ipfrag_high_thresh = 4 * 1024 * 1024;
u32 ipfrag_low_thresh = 3 * 1024 * 1024;
u32 ipfrag_max_queues = 1024;

#define IPQ_FIRST_IN	0x1
#define IPQ_LAST_IN	0x2

struct ipq {
	struct list_head lru;		/* oldest first */
	struct hlist_node hnode;
	__be32 saddr, daddr;
	__be16 id;
	u8 protocol;
	u8 flags;			/* IPQ_* */
	u32 len;			/* payload length: final once LAST_IN */
	u32 meat;			/* payload octets received */
	u32 mem;			/* truesize charged */
	struct sk_buff_head fragments;	/* sorted by offset */
	struct timer_list timer;
};

/* Where a queued fragment's payload sits in the datagram. */
struct ipfrag_skb_cb {
	u32 offset, end;
};
#define FRAG_CB(skb) ((struct ipfrag_skb_cb *)(skb)->cb)

#define IPQ_HASH_BITS	6
static struct hlist_head ipq_hash[1u << IPQ_HASH_BITS];
static LIST_HEAD(ipq_lru);
static u32 ipq_count;
static u64 ipfrag_mem;

static unsigned int ipq_hashfn(__be32 saddr, __be32 daddr, __be16 id, u8 proto)
{
	u32 h = ntohl(saddr) * 31 + ntohl(daddr);

	h = h * 31 + ntohs(id);
	h = h * 31 + proto;
	return (h * 2654435761u) >> (32 - IPQ_HASH_BITS);
}

/* Unlink and free qp; its fragments are consumed (SKB_CONSUMED) or dropped for reason. */
static void ipq_destroy(struct ipq *qp, enum skb_drop_reason reason)
{
	struct sk_buff *skb;

	del_timer(&qp->timer);
	list_del(&qp->lru);
	hlist_del_init(&qp->hnode);
	if (reason == SKB_CONSUMED) {
		while ((skb = __skb_dequeue(&qp->fragments)) != NULL)
			consume_skb(skb);
	} else {
		__skb_queue_purge_reason(&qp->fragments, reason);
	}
	ipfrag_mem -= qp->mem;
	ipq_count--;
	kfree(qp);
}

/* Give up on a datagram: ReasmFails, and whatever cause the caller counted. */
static void ipq_kill(struct ipq *qp, enum skb_drop_reason reason)
{
	IP_INC_STATS(REASMFAILS);
	ipq_destroy(qp, reason);
}

/* Over the memory or queue limit: the oldest datagram makes room. */
static void ip_evict_oldest(void)
{
	IP_INC_STATS(REASMEVICTIONS);
	ipq_kill(list_first_entry(&ipq_lru, struct ipq, lru),
		 SKB_DROP_REASON_PROTO_MEM);
}

/* RFC 1122 3.3.2: time exceeded (code 1) only if fragment zero was received. */
static void ip_expire(struct timer_list *t)
{
	struct ipq *qp = from_timer(qp, t, timer);
	struct sk_buff *head = NULL;

	IP_INC_STATS(REASMTIMEOUT);
	if (qp->flags & IPQ_FIRST_IN)
		head = skb_get(skb_peek(&qp->fragments));
	ipq_kill(qp, SKB_DROP_REASON_FRAG_REASM_TIMEOUT);
	if (head) {
		icmp_send(head, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, 0);
		kfree_skb_reason(head, SKB_DROP_REASON_FRAG_REASM_TIMEOUT);
	}
}

static struct ipq *ipq_find(const struct iphdr *iph)
{
	unsigned int h = ipq_hashfn(iph->saddr, iph->daddr, iph->id,
				    iph->protocol);
	struct ipq *qp;

	hlist_for_each_entry(qp, &ipq_hash[h], hnode)
		if (qp->saddr == iph->saddr && qp->daddr == iph->daddr &&
		    qp->id == iph->id && qp->protocol == iph->protocol)
			return qp;
	if (ipq_count >= ipfrag_max_queues)
		ip_evict_oldest();
	qp = kzalloc(sizeof(*qp));
	if (!qp)
		return NULL;
	qp->saddr = iph->saddr;
	qp->daddr = iph->daddr;
	qp->id = iph->id;
	qp->protocol = iph->protocol;
	qp->mem = sizeof(*qp);
	__skb_queue_head_init(&qp->fragments);
	timer_setup(&qp->timer, ip_expire, 0);
	mod_timer(&qp->timer, jiffies + msecs_to_jiffies(ipfrag_time_ms));
	hlist_add_head(&qp->hnode, &ipq_hash[h]);
	list_add_tail(&qp->lru, &ipq_lru);
	ipq_count++;
	ipfrag_mem += qp->mem;
	return qp;
}

/*
 * Where [offset, end) goes: the fragment to insert after (NULL: at the
 * head), or an error: -EEXIST for an exact duplicate, -EINVAL for overlap.
 */
static int ipq_find_slot(struct ipq *qp, u32 offset, u32 end,
			 struct sk_buff **prev)
{
	struct sk_buff *f;

	*prev = NULL;
	skb_queue_walk(&qp->fragments, f) {
		u32 fo = FRAG_CB(f)->offset, fe = FRAG_CB(f)->end;

		if (offset < fe && end > fo)
			return offset == fo && end == fe ? -EEXIST : -EINVAL;
		if (fo < offset)
			*prev = f;
	}
	return 0;
}

/* Update the datagram length from this fragment; false if it contradicts what we know. */
static bool ipq_set_end(struct ipq *qp, u32 end, bool last)
{
	if (last) {
		if (end < qp->len || ((qp->flags & IPQ_LAST_IN) && end != qp->len))
			return false;
		qp->flags |= IPQ_LAST_IN;
		qp->len = end;
	} else if (end > qp->len) {
		if (qp->flags & IPQ_LAST_IN)
			return false;
		qp->len = end;
	}
	return true;
}

/* Queue skb on qp. 0 when queued, else skb was freed (and qp maybe killed). */
static int ipq_add(struct ipq *qp, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int ihl = ip_hdrlen_of(iph);
	u16 fo = ntohs(iph->frag_off);
	u32 offset = (u32)(fo & IP_OFFSET) << 3;
	u32 end = offset + skb->len - ihl;
	enum skb_drop_reason reason;
	struct sk_buff *prev;
	int err;

	if (end + ihl > IP_MAXPACKET) {
		IP_INC_STATS(REASMOVERSIZE);
		reason = SKB_DROP_REASON_PKT_TOO_BIG;
		goto kill;
	}
	/* RFC 791: all but the last fragment carry a multiple of 8 octets. */
	if (fo & IP_MF) {
		end &= ~7u;
		if (end > offset && pskb_trim(skb, ihl + end - offset)) {
			reason = SKB_DROP_REASON_NOMEM;
			goto kill;
		}
	}
	/* Empty, or a length that contradicts what earlier fragments said. */
	if (end <= offset || !ipq_set_end(qp, end, !(fo & IP_MF))) {
		reason = SKB_DROP_REASON_IP_INHDR;
		goto kill;
	}
	err = ipq_find_slot(qp, offset, end, &prev);
	if (err == -EEXIST) {
		IP_INC_STATS(REASMDUPLICATES);
		kfree_skb_reason(skb, SKB_DROP_REASON_DUP_FRAG);
		return -EEXIST;
	}
	if (err) {
		IP_INC_STATS(REASMOVERLAPS);
		reason = SKB_DROP_REASON_FRAG_OVERLAP;
		goto kill;
	}
	FRAG_CB(skb)->offset = offset;
	FRAG_CB(skb)->end = end;
	skb_dst_drop(skb);
	if (prev)
		__skb_queue_after(&qp->fragments, prev, skb);
	else
		__skb_queue_head(&qp->fragments, skb);
	qp->meat += end - offset;
	qp->mem += skb->truesize;
	ipfrag_mem += skb->truesize;
	if (offset == 0)
		qp->flags |= IPQ_FIRST_IN;
	return 0;
kill:
	kfree_skb_reason(skb, reason);
	ipq_kill(qp, reason);
	return -EINVAL;
}

/*
 * A first fragment that came with a frag_list of its own: that chain
 * moves, whole, under an empty skb that becomes the first link, so the
 * other fragments are chained behind it without rewriting links the
 * chain may share with a clone (Linux's inet_frag_reasm_prepare does the
 * same). 0 or -ENOMEM.
 */
static int ipq_wrap_frag_list(struct sk_buff *head)
{
	struct sk_buff *c, *m;

	if (!skb_has_frag_list(head))
		return 0;
	c = alloc_skb(0);
	if (!c)
		return -ENOMEM;
	skb_shinfo(c)->frag_list = skb_shinfo(head)->frag_list;
	skb_walk_frags(c, m)
		c->len += m->len;
	c->data_len = c->len;
	head->truesize += c->truesize;
	skb_shinfo(head)->frag_list = c;
	return 0;
}

/*
 * Join the fragments of a complete qp into one datagram without copying
 * (Linux's ip_frag_reasm): the first fragment becomes the head and the
 * others, their IP headers pulled, are chained on its frag_list in order.
 * Frees qp; NULL when memory is short.
 */
static struct sk_buff *ipq_reasm(struct ipq *qp, struct dst_entry *dst)
{
	struct sk_buff *head = skb_peek(&qp->fragments), *f, **tail;
	struct iphdr *iph;

	/* The head's header and frag_list are about to change: they must be its own. */
	if (skb_unclone(head) || ipq_wrap_frag_list(head)) {
		if (dst)
			dst_release(dst);
		ipq_kill(qp, SKB_DROP_REASON_NOMEM);
		return NULL;
	}
	__skb_unlink(head, &qp->fragments);
	tail = &skb_shinfo(head)->frag_list;
	if (*tail)
		tail = &(*tail)->next;
	while ((f = __skb_dequeue(&qp->fragments)) != NULL) {
		skb_pull(f, ip_hdrlen(f));
		head->len += f->len;
		head->data_len += f->len;
		head->truesize += f->truesize;
		*tail = f;
		tail = &f->next;
	}
	iph = ip_hdr(head);
	iph->tot_len = htons((u16)head->len);
	iph->frag_off &= htons(IP_DF);
	ip_send_check(iph);
	memset(head->cb, 0, sizeof(head->cb));
	/* A device's sum over one fragment says nothing of the datagram's. */
	head->ip_summed = CHECKSUM_NONE;
	skb_dst_set(head, dst);
	IP_INC_STATS(REASMOKS);
	ipq_destroy(qp, SKB_CONSUMED);
	return head;
}

struct sk_buff *ip_defrag(struct sk_buff *skb)
{
	struct dst_entry *dst;
	struct ipq *qp;

	IP_INC_STATS(REASMREQDS);
	if (ipfrag_mem > ipfrag_high_thresh)
		while (ipfrag_mem > ipfrag_low_thresh && ipq_count)
			ip_evict_oldest();
	qp = ipq_find(ip_hdr(skb));
	if (!qp) {
		IP_INC_STATS(REASMFAILS);
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return NULL;
	}
	dst = skb->dst;
	skb->dst = NULL;
	if (ipq_add(qp, skb)) {
		if (dst)
			dst_release(dst);
		return NULL;
	}
	if (qp->flags == (IPQ_FIRST_IN | IPQ_LAST_IN) && qp->meat == qp->len)
		return ipq_reasm(qp, dst);
	if (dst)
		dst_release(dst);
	return NULL;
}

void ipfrag_get_usage(struct ipfrag_usage *out)
{
	out->queues = ipq_count;
	out->mem = ipfrag_mem;
}

void ipfrag_flush(void)
{
	local_bh_disable();
	while (!list_empty(&ipq_lru))
		ipq_kill(list_first_entry(&ipq_lru, struct ipq, lru),
			 SKB_DROP_REASON_DEV_READY);
	local_bh_enable();
}

/* Queued fragments point at their device: a device going away takes them along. */
static int ipfrag_netdev_event(struct notifier_block *nb __unused,
			       unsigned long event, void *ptr __unused)
{
	if (event == NETDEV_UNREGISTER)
		ipfrag_flush();
	return 0;
}

static struct notifier_block ipfrag_notifier = {
	.notifier_call = ipfrag_netdev_event,
};

void ipfrag_init(void)
{
	register_netdevice_notifier(&ipfrag_notifier);
}
