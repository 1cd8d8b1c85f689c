/*
 * ARP (RFC 826) and the IPv4 neighbour table (Linux net/ipv4/arp.c and
 * net/core/neighbour.c, condensed). States and timers are described in
 * <net/arp.h>.
 *
 * The table is only touched in softirq context or with bottom halves
 * disabled; on one CPU that excludes every other user. Packets are never
 * sent while an entry is being changed: they are collected on a local
 * queue and sent once the table is consistent, because sending can come
 * back here (an ICMP error for a failed resolution is itself routed and
 * resolved).
 */
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <kernel/random.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <kernel/printk.h>
#include <net/arp.h>
#include <net/etherdevice.h>
#include <net/inetdevice.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/snmp.h>
#include <net/inet_utils.h>
#include <net/proto/arp.h>
#include <net/inet_utils.h>
#include <kernel/procfs.h>
#include <kernel/stats.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

struct neigh_parms arp_parms = {
	.retrans_time_ms = 1000,
	.base_reachable_time_ms = 30000,
	.delay_probe_time_ms = 5000,
	.gc_stale_time_ms = 60000,
	.ucast_probes = 3,
	.mcast_probes = 3,
	.queue_len = 3,
	.table_max = 256,
};

#define NEIGH_HASH_BITS	6
#define NEIGH_HASH_SIZE	(1u << NEIGH_HASH_BITS)

static struct hlist_head neigh_hash[NEIGH_HASH_SIZE];
static unsigned int neigh_entries;
static struct kmem_cache *neigh_cache;

static const char *const nud_names[] = {
	[NUD_NONE] = "NONE", [NUD_INCOMPLETE] = "INCOMPLETE",
	[NUD_REACHABLE] = "REACHABLE", [NUD_STALE] = "STALE",
	[NUD_DELAY] = "DELAY", [NUD_PROBE] = "PROBE", [NUD_FAILED] = "FAILED",
	[NUD_PERMANENT] = "PERMANENT", [NUD_NOARP] = "NOARP",
};

const char *neigh_state_name(u8 state)
{
	return state < ARRAY_SIZE(nud_names) ? nud_names[state] : "?";
}

static unsigned int neigh_hashfn(const struct net_device *dev, __be32 ip)
{
	return ((ntohl(ip) ^ (u32)dev->ifindex) * 2654435761u) >>
	       (32 - NEIGH_HASH_BITS);
}

/* Linux's neigh_lookup, counted as its table statistics count (lookups, hits). */
static struct neighbour *neigh_lookup(const struct net_device *dev, __be32 ip)
{
	struct neighbour *n;

	ARP_INC_STATS(LOOKUPS);
	hlist_for_each_entry(n, &neigh_hash[neigh_hashfn(dev, ip)], hnode)
		if (n->ip == ip && n->dev == dev) {
			ARP_INC_STATS(HITS);
			return n;
		}
	return NULL;
}

static bool neigh_valid(const struct neighbour *n)
{
	return n->nud_state == NUD_REACHABLE || n->nud_state == NUD_STALE ||
	       n->nud_state == NUD_DELAY || n->nud_state == NUD_PROBE ||
	       n->nud_state == NUD_PERMANENT;
}

static void neigh_set_timer(struct neighbour *n, u64 ms)
{
	mod_timer(&n->timer, jiffies + msecs_to_jiffies(ms));
}

/* RFC 4861 6.3.2: reachable time is randomised over 0.5..1.5 x base. */
static u32 neigh_rand_reach_ms(void)
{
	u32 base = arp_parms.base_reachable_time_ms;

	return base / 2 + get_random_u32_below(base ? base : 1);
}

/* debug=arp: "arp: eth0: 10.0.0.1 INCOMPLETE -> REACHABLE at 52:54:00:12:34:56". */
static void neigh_trace_state(const struct neighbour *n, u8 state)
{
	char ip[INET_ADDRSTRLEN];

	if (state == NUD_REACHABLE || state == NUD_STALE || state == NUD_PERMANENT)
		pr_trace(TRACE_ARP, "arp: %s: %s %s -> %s at %02x:%02x:%02x:%02x:%02x:%02x\n",
			 n->dev->name, in4_ntop(n->ip, ip), neigh_state_name(n->nud_state),
			 neigh_state_name(state), n->ha[0], n->ha[1], n->ha[2],
			 n->ha[3], n->ha[4], n->ha[5]);
	else
		pr_trace(TRACE_ARP, "arp: %s: %s %s -> %s\n", n->dev->name,
			 in4_ntop(n->ip, ip), neigh_state_name(n->nud_state),
			 neigh_state_name(state));
}

static void neigh_enter(struct neighbour *n, u8 state, u64 timer_ms)
{
	if (trace_on(TRACE_ARP) && state != n->nud_state)
		neigh_trace_state(n, state);
	n->nud_state = state;
	n->updated = jiffies;
	if (timer_ms)
		neigh_set_timer(n, timer_ms);
	else
		del_timer(&n->timer);
}

void neigh_destroy(struct neighbour *n)
{
	BUG_ON(!n->dead);
	dev_put(n->dev);
	kmem_cache_free(neigh_cache, n);
}

/*
 * Take n out of the table (Linux's neigh_mark_dead), dropping the packets
 * it still holds, and put the table's reference: a route holding n finds
 * it dead and looks the address up again. 'why' is for debug=arp.
 */
static void neigh_mark_dead(struct neighbour *n, const char *why)
{
	struct sk_buff *skb;
	char ip[INET_ADDRSTRLEN];

	pr_trace(TRACE_ARP, "arp: %s: %s %s entry %s\n", n->dev->name,
		 in4_ntop(n->ip, ip), neigh_state_name(n->nud_state), why);
	del_timer(&n->timer);
	while ((skb = __skb_dequeue(&n->arp_queue)) != NULL) {
		ARP_INC_STATS(UNRESOLVEDDROPS);
		kfree_skb_reason(skb, SKB_DROP_REASON_NEIGH_DEAD);
	}
	hlist_del_init(&n->hnode);
	neigh_entries--;
	n->dead = true;
	neigh_release(n);
}

/* Table full: free the least recently updated entry that is not permanent. */
static bool neigh_forced_gc(void)
{
	struct neighbour *n, *victim = NULL;
	unsigned int i;

	for (i = 0; i < NEIGH_HASH_SIZE; i++)
		hlist_for_each_entry(n, &neigh_hash[i], hnode)
			if (n->nud_state != NUD_PERMANENT &&
			    (!victim || time_before(n->updated, victim->updated)))
				victim = n;
	if (!victim)
		return false;
	ARP_INC_STATS(EVICTIONS);
	neigh_mark_dead(victim, "evicted (table full)");
	return true;
}

static void neigh_timer_handler(struct timer_list *t);

static struct neighbour *neigh_create(struct net_device *dev, __be32 ip)
{
	struct neighbour *n;

	if (neigh_entries >= arp_parms.table_max && !neigh_forced_gc())
		goto fail;
	n = kmem_cache_zalloc(neigh_cache);
	if (!n)
		goto fail;
	n->dev = dev;
	dev_hold(dev);
	refcount_set(&n->refcnt, 1);	/* the table's */
	n->ip = ip;
	n->nud_state = NUD_NONE;
	n->updated = n->used = jiffies;
	timer_setup(&n->timer, neigh_timer_handler, 0);
	__skb_queue_head_init(&n->arp_queue);
	hlist_add_head(&n->hnode, &neigh_hash[neigh_hashfn(dev, ip)]);
	neigh_entries++;
	return n;
fail:
	ARP_INC_STATS(ALLOCFAILS);
	return NULL;
}

/* The address to send a request for n from: the waiting packet's source if it is ours. */
static __be32 arp_solicit_saddr(const struct neighbour *n)
{
	const struct sk_buff *skb = skb_peek(&n->arp_queue);

	if (skb && inet_ifa_byaddr(n->dev, ip_hdr(skb)->saddr))
		return ip_hdr(skb)->saddr;
	return inet_select_addr(n->dev, n->ip, RT_SCOPE_LINK);
}

/* One more request for n: broadcast while INCOMPLETE, unicast to the cached address in PROBE. */
static void arp_solicit(struct neighbour *n)
{
	const u8 *dest = n->nud_state == NUD_PROBE ? n->ha : NULL;
	char ip[INET_ADDRSTRLEN];

	n->probes++;
	pr_trace(TRACE_ARP, "arp: %s: who-has %s (%s request %u, %u packets waiting)\n",
		 n->dev->name, in4_ntop(n->ip, ip), dest ? "unicast" : "broadcast",
		 n->probes, skb_queue_len(&n->arp_queue));
	arp_send(ARPOP_REQUEST, n->dev, arp_solicit_saddr(n), n->ip, dest, NULL);
	neigh_set_timer(n, arp_parms.retrans_time_ms);
}

static void neigh_fail(struct neighbour *n, struct sk_buff_head *dropped)
{
	struct sk_buff *skb;
	char ip[INET_ADDRSTRLEN];

	ARP_INC_STATS(RESOLVEFAILED);
	pr_trace(TRACE_ARP, "arp: %s: no answer for %s after %u requests, %u packets dropped\n",
		 n->dev->name, in4_ntop(n->ip, ip), n->probes,
		 skb_queue_len(&n->arp_queue));
	while ((skb = __skb_dequeue(&n->arp_queue)) != NULL) {
		ARP_INC_STATS(UNRESOLVEDDROPS);
		__skb_queue_tail(dropped, skb);
	}
	neigh_enter(n, NUD_FAILED, arp_parms.gc_stale_time_ms);
}

/*
 * RFC 1122 3.2.1.3 / RFC 792: a datagram we could not deliver to the next
 * hop earns its sender an ICMP host unreachable.
 */
static void neigh_report_failures(struct sk_buff_head *dropped)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(dropped)) != NULL) {
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
		kfree_skb_reason(skb, SKB_DROP_REASON_NEIGH_FAILED);
	}
}

static void neigh_timer_handler(struct timer_list *t)
{
	struct neighbour *n = from_timer(n, t, timer);
	struct sk_buff_head dropped;

	__skb_queue_head_init(&dropped);
	switch (n->nud_state) {
	case NUD_REACHABLE:
		neigh_enter(n, NUD_STALE, arp_parms.gc_stale_time_ms);
		break;
	case NUD_STALE:
	case NUD_FAILED:
		neigh_mark_dead(n, "expired");
		break;
	case NUD_DELAY:
		if (time_after_eq(n->confirmed, n->updated)) {
			neigh_enter(n, NUD_REACHABLE, neigh_rand_reach_ms());
			break;
		}
		neigh_enter(n, NUD_PROBE, 0);
		n->probes = 0;
		arp_solicit(n);
		break;
	case NUD_INCOMPLETE:
	case NUD_PROBE:
		if (n->probes >= (n->nud_state == NUD_INCOMPLETE ?
				  arp_parms.mcast_probes : arp_parms.ucast_probes))
			neigh_fail(n, &dropped);
		else
			arp_solicit(n);
		break;
	}
	neigh_report_failures(&dropped);
}

/* Private headroom for dev's link header; false when skb was dropped for want of memory. */
static bool neigh_cow_head(struct sk_buff *skb, struct net_device *dev)
{
	if (likely(!skb_cow_head(skb, LL_RESERVED_SPACE(dev))))
		return true;
	dev->stats.tx_dropped++;
	kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
	return false;
}

int neigh_direct_output(struct sk_buff *skb, struct net_device *dev,
			const u8 *dest)
{
	if (!neigh_cow_head(skb, dev))
		return -ENOBUFS;
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	dev_hard_header(skb, dev, ETH_P_IP, dest, NULL, skb->len);
	return dev_queue_xmit(skb) < 0 ? -ENOBUFS : 0;
}

/*
 * Linux's neigh_hh_output: the cached header in one fixed-size copy that
 * ends where the IP header begins (the bytes before it are headroom,
 * private after the cow). Consumes skb.
 */
static int neigh_hh_output(const struct hh_cache *hh, struct sk_buff *skb,
			   struct net_device *dev)
{
	if (!neigh_cow_head(skb, dev))
		return -ENOBUFS;
	memcpy(skb->data - sizeof(hh->hh_data), hh->hh_data, sizeof(hh->hh_data));
	skb_push(skb, hh->hh_len);
	skb_reset_mac_header(skb);
	return dev_queue_xmit(skb) < 0 ? -ENOBUFS : 0;
}

/* Linux's neigh_hh_init: the header for n, once its address is known. */
static void neigh_hh_init(struct neighbour *n)
{
	const struct header_ops *ops = n->dev->header_ops;

	if (ops && ops->cache)
		ops->cache(n, &n->hh, ETH_P_IP);
}

static void neigh_queue(struct neighbour *n, struct sk_buff *skb)
{
	if (skb_queue_len(&n->arp_queue) >= arp_parms.queue_len) {
		/* Keep the newest packets, as Linux does. */
		ARP_INC_STATS(QUEUEDROPS);
		kfree_skb_reason(__skb_dequeue(&n->arp_queue),
				 SKB_DROP_REASON_NEIGH_QUEUEFULL);
	}
	__skb_queue_tail(&n->arp_queue, skb);
}

/*
 * Linux's neigh_resolve_output: a STALE entry moves to DELAY and is used;
 * one without an address queues skb and asks (again). The header is
 * cached at the first send through a usable entry. Consumes skb.
 */
static int neigh_resolve_output(struct neighbour *n, struct sk_buff *skb)
{
	n->used = jiffies;
	if (n->nud_state == NUD_STALE)
		neigh_enter(n, NUD_DELAY, arp_parms.delay_probe_time_ms);
	if (neigh_valid(n)) {
		if (!n->hh.hh_len)
			neigh_hh_init(n);
		if (n->hh.hh_len)
			return neigh_hh_output(&n->hh, skb, n->dev);
		return neigh_direct_output(skb, n->dev, n->ha);
	}
	neigh_queue(n, skb);
	if (n->nud_state != NUD_INCOMPLETE) {
		neigh_enter(n, NUD_INCOMPLETE, 0);
		n->probes = 0;
		arp_solicit(n);
	}
	return 0;
}

/* Confirmed reachable (Linux's NUD_CONNECTED): the cached header may go out as it is. */
static bool neigh_connected(const struct neighbour *n)
{
	return n->nud_state == NUD_REACHABLE || n->nud_state == NUD_PERMANENT;
}

int neigh_output(struct neighbour *n, struct sk_buff *skb)
{
	if (likely(neigh_connected(n) && n->hh.hh_len))
		return neigh_hh_output(&n->hh, skb, n->dev);
	return neigh_resolve_output(n, skb);
}

struct neighbour *ip_neigh_gw4(struct net_device *dev, __be32 daddr)
{
	struct neighbour *n = neigh_lookup(dev, daddr);

	return n ? n : neigh_create(dev, daddr);
}

/*
 * New information about n's hardware address: 'reachable' when it is a
 * reply to us (proof of two-way reachability), else a hint (STALE).
 * Packets that were waiting go to 'ready'.
 */
static void neigh_update(struct neighbour *n, const u8 *ha, bool reachable,
			 struct sk_buff_head *ready)
{
	bool changed = !ether_addr_equal(n->ha, ha);
	struct sk_buff *skb;

	if (n->nud_state == NUD_PERMANENT)
		return;
	memcpy(n->ha, ha, ETH_ALEN);
	/* Linux's neigh_update_hhs: the cached header follows the new address. */
	if (changed && n->hh.hh_len && n->dev->header_ops->cache_update)
		n->dev->header_ops->cache_update(&n->hh, n->dev, n->ha);
	if (reachable) {
		n->confirmed = jiffies;
		neigh_enter(n, NUD_REACHABLE, neigh_rand_reach_ms());
	} else if (changed || !neigh_valid(n)) {
		neigh_enter(n, NUD_STALE, arp_parms.gc_stale_time_ms);
	}
	while ((skb = __skb_dequeue(&n->arp_queue)) != NULL)
		__skb_queue_tail(ready, skb);
}

void arp_send(int op, struct net_device *dev, __be32 sip, __be32 tip,
	      const u8 *dest_hw, const u8 *target_hw)
{
	struct arp_eth_ipv4 *arp;
	struct sk_buff *skb;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + ARP_ETH_IPV4_LEN);
	if (!skb) {
		ARP_INC_STATS(ALLOCFAILS);
		return;
	}
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(skb);
	arp = skb_put(skb, ARP_ETH_IPV4_LEN);
	arp->hdr.ar_hrd = htons(ARPHRD_ETHER);
	arp->hdr.ar_pro = htons(ETH_P_IP);
	arp->hdr.ar_hln = ETH_ALEN;
	arp->hdr.ar_pln = 4;
	arp->hdr.ar_op = htons((u16)op);
	memcpy(arp->ar_sha, dev->dev_addr, ETH_ALEN);
	arp->ar_sip = sip;
	if (target_hw)
		memcpy(arp->ar_tha, target_hw, ETH_ALEN);
	else
		eth_zero_addr(arp->ar_tha);
	arp->ar_tip = tip;
	skb->dev = dev;
	skb->protocol = htons(ETH_P_ARP);
	dev_hard_header(skb, dev, ETH_P_ARP, dest_hw ? dest_hw : dev->broadcast,
			NULL, skb->len);
	if (op == ARPOP_REPLY)
		ARP_INC_STATS(OUTREPLIES);
	else if (sip == tip)
		ARP_INC_STATS(OUTGRATUITOUS);
	else
		ARP_INC_STATS(OUTREQUESTS);
	dev_queue_xmit(skb);
}

void arp_announce(struct net_device *dev, __be32 addr)
{
	arp_send(ARPOP_REQUEST, dev, addr, addr, NULL, NULL);
}

/* The fields of a validated Ethernet/IPv4 ARP packet, copied out of the packed body. */
struct arp_fields {
	u16 op;
	u8 sha[ETH_ALEN], tha[ETH_ALEN];
	__be32 sip, tip;
};

/*
 * RFC 826 "Packet reception": check the fixed part before anything else.
 * SKB_NOT_DROPPED_YET with f filled in, or why the packet is no use.
 */
static enum skb_drop_reason arp_parse(struct sk_buff *skb,
				      struct arp_fields *f)
{
	const struct arp_eth_ipv4 *arp;

	if (!pskb_may_pull(skb, ARP_ETH_IPV4_LEN))
		return SKB_DROP_REASON_PKT_TOO_SMALL;
	arp = (const struct arp_eth_ipv4 *)skb->data;
	if (arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) ||
	    arp->hdr.ar_hln != ETH_ALEN || arp->hdr.ar_pln != 4)
		return SKB_DROP_REASON_ARP_INVALID;
	f->op = ntohs(arp->hdr.ar_op);
	if (f->op != ARPOP_REQUEST && f->op != ARPOP_REPLY)
		return SKB_DROP_REASON_ARP_INVALID;
	memcpy(f->sha, arp->ar_sha, ETH_ALEN);
	memcpy(f->tha, arp->ar_tha, ETH_ALEN);
	f->sip = arp->ar_sip;
	f->tip = arp->ar_tip;
	return SKB_NOT_DROPPED_YET;
}

/* The ARP packets arp_rcv throws away before they touch the table: why, or SKB_NOT_DROPPED_YET. */
static enum skb_drop_reason arp_rcv_check(const struct sk_buff *skb,
					  const struct net_device *dev,
					  const struct arp_fields *f)
{
	if (skb->pkt_type == PACKET_OTHERHOST) {
		ARP_INC_STATS(INNOTFORUS);
		return SKB_DROP_REASON_OTHERHOST;
	}
	if (dev->flags & IFF_NOARP) {
		ARP_INC_STATS(INNOTFORUS);
		return SKB_DROP_REASON_UNHANDLED_PROTO;
	}
	if (ipv4_is_multicast(f->tip) || ipv4_is_loopback(f->tip)) {
		ARP_INC_STATS(INNOTFORUS);
		return SKB_DROP_REASON_ARP_INVALID;
	}
	if (ipv4_is_multicast(f->sip) || ipv4_is_lbcast(f->sip) ||
	    ipv4_is_loopback(f->sip) || !is_valid_ether_addr(f->sha) ||
	    ether_addr_equal(f->sha, dev->dev_addr)) {
		ARP_INC_STATS(INBOGUSSRC);
		return SKB_DROP_REASON_ARP_INVALID;
	}
	return SKB_NOT_DROPPED_YET;
}

/* Send every packet on 'ready' to the now-resolved n's address. */
static void neigh_flush_ready(struct sk_buff_head *ready, struct net_device *dev,
			      const u8 *ha)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(ready)) != NULL)
		neigh_direct_output(skb, dev, ha);
}

/* Learn from a packet whose sender is a valid unicast host: RFC 826's merge step. */
static void arp_learn(struct net_device *dev, const struct arp_fields *f,
		      bool for_us, bool reply_to_us)
{
	struct sk_buff_head ready;
	struct neighbour *n;

	__skb_queue_head_init(&ready);
	n = neigh_lookup(dev, f->sip);
	/* Only a request for us adds an entry; anything may refresh one (merge). */
	if (!n && for_us && f->op == ARPOP_REQUEST)
		n = neigh_create(dev, f->sip);
	if (n)
		neigh_update(n, f->sha, reply_to_us, &ready);
	neigh_flush_ready(&ready, dev, f->sha);
}

/* RFC 5227 2.1.1: an ARP probe (sender 0.0.0.0) for our address gets a reply. */
static void arp_answer_probe(struct net_device *dev, const struct arp_fields *f)
{
	if (f->op == ARPOP_REQUEST && inet_ifa_byaddr(dev, f->tip))
		arp_send(ARPOP_REPLY, dev, f->tip, 0, f->sha, f->sha);
}

static void arp_process(struct sk_buff *skb, struct net_device *dev,
			const struct arp_fields *f)
{
	bool for_us = inet_ifa_byaddr(dev, f->tip) != NULL;

	if (f->op == ARPOP_REQUEST)
		ARP_INC_STATS(INREQUESTS);
	else
		ARP_INC_STATS(INREPLIES);
	if (!f->sip) {
		arp_answer_probe(dev, f);
		return;
	}
	if (inet_ifa_byaddr(dev, f->sip)) {
		/* Our own address from another station (RFC 5227 2.4). */
		ARP_INC_STATS(INCONFLICTS);
		printk("arp: %s: address %08x also used by %02x:%02x:%02x:%02x:%02x:%02x\n",
		       dev->name, ntohl(f->sip), f->sha[0], f->sha[1], f->sha[2],
		       f->sha[3], f->sha[4], f->sha[5]);
		return;
	}
	arp_learn(dev, f, for_us, f->op == ARPOP_REPLY && for_us &&
		  skb->pkt_type == PACKET_HOST);
	if (f->op != ARPOP_REQUEST)
		return;
	if (!for_us) {
		ARP_INC_STATS(INNOTFORUS);
		return;
	}
	arp_send(ARPOP_REPLY, dev, f->tip, f->sip, f->sha, f->sha);
}

/* The ETH_P_ARP packet handler. Consumes skb. */
static int arp_rcv(struct sk_buff *skb, struct net_device *dev,
		   struct packet_type *pt __unused)
{
	enum skb_drop_reason reason;
	struct arp_fields f;

	skb = skb_share_check(skb);
	if (!skb) {
		ARP_INC_STATS(ALLOCFAILS);
		return NET_RX_DROP;
	}
	reason = arp_parse(skb, &f);
	if (reason)
		ARP_INC_STATS(INERRORS);
	else
		reason = arp_rcv_check(skb, dev, &f);
	if (reason) {
		kfree_skb_reason(skb, reason);
		return NET_RX_DROP;
	}
	local_bh_disable();
	arp_process(skb, dev, &f);
	local_bh_enable();
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

int neigh_add_permanent(struct net_device *dev, __be32 ip, const u8 *ha)
{
	struct sk_buff_head ready;
	struct neighbour *n;
	int err = 0;

	if (!is_valid_ether_addr(ha))
		return -EINVAL;
	__skb_queue_head_init(&ready);
	local_bh_disable();
	n = neigh_lookup(dev, ip);
	if (!n)
		n = neigh_create(dev, ip);
	if (n) {
		neigh_update(n, ha, false, &ready);
		neigh_enter(n, NUD_PERMANENT, 0);
		neigh_flush_ready(&ready, dev, ha);
	} else {
		err = -ENOMEM;
	}
	local_bh_enable();
	return err;
}

int neigh_delete(struct net_device *dev, __be32 ip)
{
	struct neighbour *n;

	local_bh_disable();
	n = neigh_lookup(dev, ip);
	if (n)
		neigh_mark_dead(n, "deleted");
	local_bh_enable();
	return n ? 0 : -ENXIO;
}

/* dev NULL: everything. keep_permanent: what a link going down keeps. */
static void __neigh_flush(const struct net_device *dev, bool keep_permanent)
{
	struct hlist_node *next;
	unsigned int i;

	local_bh_disable();
	for (i = 0; i < NEIGH_HASH_SIZE; i++) {
		struct hlist_node *pos = neigh_hash[i].first;

		for (; pos; pos = next) {
			struct neighbour *n = hlist_entry(pos, struct neighbour, hnode);

			next = pos->next;
			if ((!dev || n->dev == dev) &&
			    !(keep_permanent && n->nud_state == NUD_PERMANENT))
				neigh_mark_dead(n, "flushed");
		}
	}
	local_bh_enable();
}

void neigh_flush(const struct net_device *dev)
{
	__neigh_flush(dev, false);
}

static void neigh_fill_info(const struct neighbour *n, struct neigh_info *out)
{
	out->ip = n->ip;
	memcpy(out->ha, n->ha, ETH_ALEN);
	out->ifindex = n->dev->ifindex;
	out->state = n->nud_state;
	out->probes = n->probes;
	out->queued = skb_queue_len(&n->arp_queue);
	out->age_ms = jiffies_to_msecs(jiffies - n->updated);
	out->hh_len = (u8)n->hh.hh_len;
	memcpy(out->hh, n->hh.hh_data + HH_DATA_OFF(n->hh.hh_len), n->hh.hh_len);
}

bool neigh_get(const struct net_device *dev, __be32 ip, struct neigh_info *out)
{
	struct neighbour *n;

	local_bh_disable();
	n = neigh_lookup(dev, ip);
	if (n)
		neigh_fill_info(n, out);
	local_bh_enable();
	return n != NULL;
}

/* Linux's arp_state_to_flags: complete while the address is usable. */
static int arp_state_to_flags(const struct neighbour *n)
{
	if (n->nud_state == NUD_PERMANENT)
		return ATF_PERM | ATF_COM;
	if (neigh_valid(n))
		return ATF_COM;
	return 0;
}

static void arp_format_mac(char *b, const u8 *ha)
{
	snprintf(b, 18, "%02x:%02x:%02x:%02x:%02x:%02x", ha[0], ha[1], ha[2], ha[3],
		 ha[4], ha[5]);
}

/* Every entry, bottom halves off (the table changes in softirq). */
static void neigh_walk(void (*fn)(const struct neighbour *n, void *arg), void *arg)
{
	struct neighbour *n;

	local_bh_disable();
	for (unsigned int i = 0; i < NEIGH_HASH_SIZE; i++)
		hlist_for_each_entry(n, &neigh_hash[i], hnode)
			fn(n, arg);
	local_bh_enable();
}

/* Linux's arp_format_neigh_entry: the columns as it aligns them. */
static void arp_seq_line(const struct neighbour *n, void *arg)
{
	char ip[INET_ADDRSTRLEN], mac[18];

	arp_format_mac(mac, n->ha);
	seq_printf(arg, "%-16s 0x%-10x0x%-10x%-17s     *        %s\n", in4_ntop(n->ip, ip),
		   n->dev->type, arp_state_to_flags(n), mac, n->dev->name);
}

static void show_arp(struct seq_buf *s)
{
	seq_puts(s, "IP address       HW type     Flags       HW address            Mask     Device\n");
	neigh_walk(arp_seq_line, s);
}
PROC_ENTRY(net_arp, "/proc/net/arp", show_arp);

/*
 * The neighbour states /proc/net/arp folds into its flags, one entry per
 * line as `ip neigh show` prints them (Linux gives them over netlink).
 */
static void neigh_seq_line(const struct neighbour *n, void *arg)
{
	char ip[INET_ADDRSTRLEN], mac[18];

	arp_format_mac(mac, n->ha);
	seq_printf(arg, "%s dev %s%s%s %s\n", in4_ntop(n->ip, ip), n->dev->name,
		   neigh_valid(n) ? " lladdr " : "", neigh_valid(n) ? mac : "",
		   neigh_state_name(n->nud_state));
}

static void show_neigh(struct seq_buf *s)
{
	neigh_walk(neigh_seq_line, s);
}
PROC_ENTRY(skiff_neigh, "/proc/skiff/neigh", show_neigh);

static void neigh_json(const struct neighbour *n, void *arg)
{
	struct json_list *l = arg;
	char ip[INET_ADDRSTRLEN], mac[18];

	arp_format_mac(mac, n->ha);
	json_sep(l);
	seq_printf(l->s, "{\"ip\":\"%s\",\"mac\":\"%s\",\"dev\":", in4_ntop(n->ip, ip), mac);
	seq_json_str(l->s, n->dev->name);
	seq_printf(l->s, ",\"state\":\"%s\"}", neigh_state_name(n->nud_state));
}

static void arp_json(struct json_list *l)
{
	neigh_walk(neigh_json, l);
}
STATS_JSON(arp, "arp", '[', arp_json);

/*
 * SIOCDARP (Linux's arp_req_delete): forget the entry for arp_pa on
 * arp_dev. EPFNOSUPPORT: not IPv4; ENODEV: no such device; ENXIO: no
 * such entry. Unlike Linux, arp_dev is required: an entry belongs to a
 * device here, and a route lookup would only guess it.
 */
int arp_ioctl(unsigned int cmd, struct arpreq *r)
{
	struct net_device *dev;

	if (cmd != SIOCDARP)
		return -EINVAL;
	if (r->arp_pa.sa_family != AF_INET)
		return -EPFNOSUPPORT;
	r->arp_dev[sizeof(r->arp_dev) - 1] = '\0';
	dev = dev_get_by_name(r->arp_dev);
	if (!dev)
		return -ENODEV;
	return neigh_delete(dev, ((struct sockaddr_in *)&r->arp_pa)->sin_addr.s_addr);
}

unsigned int neigh_count(void)
{
	return neigh_entries;
}

void neigh_confirm(const struct net_device *dev, __be32 ip)
{
	struct neighbour *n;

	local_bh_disable();
	n = neigh_lookup(dev, ip);
	if (n)
		n->confirmed = jiffies;
	local_bh_enable();
}

static int arp_netdev_event(struct notifier_block *nb __unused,
			    unsigned long event, void *ptr)
{
	struct net_device *dev = ptr;

	switch (event) {
	case NETDEV_UNREGISTER:
		__neigh_flush(dev, false);
		break;
	case NETDEV_DOWN:
		__neigh_flush(dev, true);
		break;
	case NETDEV_CHANGE:
		if (!netif_carrier_ok(dev))
			__neigh_flush(dev, true);
		break;
	}
	return 0;
}

static struct notifier_block arp_netdev_notifier = {
	.notifier_call = arp_netdev_event,
};

static struct packet_type arp_packet_type = {
	.type = __constant_htons(ETH_P_ARP),
	.func = arp_rcv,
};

void arp_init(void)
{
	neigh_cache = kmem_cache_create("arp_cache", sizeof(struct neighbour), 8);
	BUG_ON(!neigh_cache);
	dev_add_pack(&arp_packet_type);
	register_netdevice_notifier(&arp_netdev_notifier);
}
