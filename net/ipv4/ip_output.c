/*
 * IPv4 output (Linux net/ipv4/ip_output.c): build the header, choose the
 * ID, fragment to the path MTU, and hand each frame to the neighbour layer.
 */
#include <kernel/random.h>
#include <kernel/softirq.h>
#include <net/ip.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/gso.h>
#include <net/route.h>
#include <net/snmp.h>
#include <net/netfilter.h>
#include <net/etherdevice.h>
#include <errno.h>
#include <string.h>

u8 sysctl_ip_default_ttl = IPDEFTTL;

#define IP_IDENTS	256
static u16 ip_idents[IP_IDENTS];
static u64 ip_idents_key[2];
static bool ip_idents_ready;

/*
 * RFC 7739 section 5.2: a counter per hash bucket of (source, destination,
 * protocol) under a secret key, each starting at a random value, so IDs
 * are unique per destination for the reassembly lifetime yet reveal
 * nothing about traffic to others. A GSO skb takes segs IDs at once: its
 * segments are numbered from the one returned (inet_gso_segment).
 */
__be16 ip_select_ident_segs(__be32 saddr, __be32 daddr, u8 proto, u16 segs)
{
	struct {
		__be32 s, d;
		u32 p;
	} key = { saddr, daddr, proto };
	unsigned int i;

	if (!ip_idents_ready) {
		get_random_bytes(ip_idents_key, sizeof(ip_idents_key));
		get_random_bytes(ip_idents, sizeof(ip_idents));
		ip_idents_ready = true;
	}
	i = (unsigned int)siphash(&key, sizeof(key), ip_idents_key) % IP_IDENTS;
	ip_idents[i] += segs;
	return htons((u16)(ip_idents[i] - segs));
}

/* RFC 1112 section 6.4: the low 23 bits of the group address under 01:00:5e. */
static void ip_eth_mc_map(__be32 group, u8 *mac)
{
	u32 a = ntohl(group);

	mac[0] = 0x01;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = (a >> 16) & 0x7f;
	mac[4] = (a >> 8) & 0xff;
	mac[5] = a & 0xff;
}

/*
 * The neighbour for nexthop: the one rt holds (Linux 2.6's dst->neighbour)
 * while it is for that address and still in the table, so that a
 * socket's route sends without searching the table; else the table's,
 * which rt keeps when it held none or a dead one. A route shared by many
 * destinations (an on-link forwarding route) keeps the first and searches
 * for the others. Bottom halves off; NULL when the table is full.
 */
static struct neighbour *ip_neigh_for_gw(struct rtable *rt, __be32 nexthop)
{
	struct neighbour *n = rt->rt_neigh;

	if (likely(n && n->ip == nexthop && !n->dead))
		return n;
	n = ip_neigh_gw4(rt->dst.dev, nexthop);
	if (n && (!rt->rt_neigh || rt->rt_neigh->dead)) {
		if (rt->rt_neigh)
			neigh_release(rt->rt_neigh);
		rt->rt_neigh = neigh_hold(n);
	}
	return n;
}

/* Send through the neighbour nexthop on rt's device. Consumes skb. */
static int ip_neigh_output(struct sk_buff *skb, struct rtable *rt, __be32 nexthop)
{
	struct neighbour *n;
	int err;

	local_bh_disable();
	n = ip_neigh_for_gw(rt, nexthop);
	if (n) {
		err = neigh_output(n, skb);
	} else {
		kfree_skb_reason(skb, SKB_DROP_REASON_NEIGH_CREATEFAIL);
		err = -ENOBUFS;
	}
	local_bh_enable();
	return err;
}

/* Link-layer addressing by route type and device. Consumes skb. */
static int ip_finish_output2(struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);
	struct net_device *dev = rt->dst.dev;
	__be32 daddr = ip_hdr(skb)->daddr;
	u8 mac[ETH_ALEN];

	if (rt->rt_type == RTN_BROADCAST || ipv4_is_lbcast(daddr))
		return neigh_direct_output(skb, dev, dev->broadcast);
	if (rt->rt_type == RTN_MULTICAST) {
		ip_eth_mc_map(daddr, mac);
		return neigh_direct_output(skb, dev, mac);
	}
	if (dev->flags & (IFF_NOARP | IFF_LOOPBACK))
		return neigh_direct_output(skb, dev, (dev->flags & IFF_LOOPBACK) ?
					   dev->dev_addr : dev->broadcast);
	return ip_neigh_output(skb, rt, rt_nexthop(rt, daddr));
}

/* Build one fragment of skb: header (hlen octets from hdr), then len payload octets from off. */
static struct sk_buff *ip_frag_build(const struct sk_buff *skb, const u8 *hdr,
				     unsigned int hlen, unsigned int off,
				     unsigned int len, u16 frag_off)
{
	struct net_device *dev = skb_dst(skb)->dev;
	struct sk_buff *n;
	struct iphdr *iph;

	n = alloc_skb(LL_RESERVED_SPACE(dev) + hlen + len);
	if (!n)
		return NULL;
	skb_reserve(n, LL_RESERVED_SPACE(dev));
	skb_reset_network_header(n);
	iph = skb_put_data(n, hdr, hlen);
	skb_set_transport_header(n, (int)hlen);
	BUG_ON(skb_copy_bits(skb, (int)off, skb_put(n, len), len));
	iph->frag_off = htons(frag_off);
	iph->tot_len = htons((u16)(hlen + len));
	ip_send_check(iph);
	n->dev = skb->dev;
	n->protocol = skb->protocol;
	n->priority = skb->priority;
	n->tstamp = skb->tstamp;
	skb_dst_set(n, dst_clone(skb_dst(skb)));
	return n;
}

/*
 * RFC 791 "Fragmentation": cut skb (data at the IP header) into pieces of
 * at most mtu octets, payloads multiples of 8 except the last, and send
 * each with output(). A datagram with DF set earns its sender an ICMP
 * "fragmentation needed" with our MTU (RFC 1191) instead. Consumes skb.
 */
static int ip_fragment(struct sk_buff *skb, u32 mtu,
		       int (*output)(struct sk_buff *))
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int hlen = ip_hdrlen_of(iph), left, off, len;
	u16 fo = ntohs(iph->frag_off), offset = (u16)((fo & IP_OFFSET) << 3);
	enum skb_drop_reason reason;
	u8 hdr[IP_HLEN_MAX];
	struct sk_buff *n;
	int err;

	if ((fo & IP_DF) || mtu < hlen + 8) {
		IP_INC_STATS(FRAGFAILS);
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu);
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
		return -EMSGSIZE;
	}
	/* Each fragment carries only part of the L4 checksum's range: finish it first. */
	if (skb_checksum_help(skb)) {
		IP_INC_STATS(FRAGFAILS);
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return -ENOMEM;
	}
	memcpy(hdr, iph, hlen);
	for (off = hlen, left = skb->len - hlen; left; off += len, left -= len) {
		len = min(left, mtu - hlen);
		if (len < left)
			len &= ~7u;
		n = ip_frag_build(skb, hdr, hlen, off, len,
				  (u16)(((offset + off - hlen) >> 3) |
					(len < left || (fo & IP_MF) ? IP_MF : 0)));
		if (!n) {
			err = -ENOMEM;
			reason = SKB_DROP_REASON_NOMEM;
			goto fail;
		}
		if (off == hlen)
			ip_options_fragment((struct iphdr *)hdr);
		IP_INC_STATS(FRAGCREATES);
		/* The fragment itself is dropped, if so, under its own reason. */
		err = output(n);
		if (err) {
			reason = SKB_DROP_REASON_FRAG_FAILED;
			goto fail;
		}
	}
	IP_INC_STATS(FRAGOKS);
	consume_skb(skb);
	return 0;
fail:
	IP_INC_STATS(FRAGFAILS);
	kfree_skb_reason(skb, reason);
	return err;
}

/*
 * A GSO skb whose segments would not fit the MTU (it shrank after TCP
 * built the skb: RFC 1191) is cut here and each segment fragmented or
 * refused, with the ICMP that tells TCP the new MTU (Linux's
 * ip_finish_output_gso). Consumes skb.
 */
static int ip_finish_output_gso(struct sk_buff *skb, u32 mtu)
{
	u32 seg_len = skb_gso_network_seglen(skb);
	struct sk_buff *segs, *next;
	int err = 0, ret;

	if (seg_len && seg_len <= mtu)
		return ip_finish_output2(skb);
	if (skb_gso_segment(skb, 0, &segs)) {
		IP_INC_STATS(OUTDISCARDS);
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return -ENOMEM;
	}
	consume_skb(skb);
	for (; segs; segs = next) {
		next = segs->next;
		segs->next = NULL;
		ret = segs->len > mtu ? ip_fragment(segs, mtu, ip_finish_output2) :
					ip_finish_output2(segs);
		if (ret && !err)
			err = ret;
	}
	return err;
}

static int ip_finish_output(struct sk_buff *skb)
{
	u32 mtu = dst_mtu(skb_dst(skb));

	if (skb_is_gso(skb))
		return ip_finish_output_gso(skb, mtu);
	if (skb->len > mtu)
		return ip_fragment(skb, mtu, ip_finish_output2);
	return ip_finish_output2(skb);
}

int ip_output(struct sk_buff *skb)
{
	struct net_device *dev = skb_dst(skb)->dev;

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	if (!netif_running(dev)) {
		IP_INC_STATS(OUTDISCARDS);
		kfree_skb_reason(skb, SKB_DROP_REASON_DEV_READY);
		return -ENETDOWN;
	}
	return NF_HOOK(NFPROTO_IPV4, NF_INET_POST_ROUTING, skb, NULL, dev,
		       ip_finish_output);
}

static int dst_output(struct sk_buff *skb)
{
	return skb_dst(skb)->output(skb);
}

int ip_local_out(struct sk_buff *skb)
{
	struct iphdr *iph = ip_hdr(skb);

	iph->tot_len = htons((u16)skb->len);
	ip_send_check(iph);
	IP_INC_STATS(OUTREQUESTS);
	return NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_OUT, skb, NULL,
		       skb_dst(skb)->dev, dst_output);
}

int ip_build_and_send_pkt(struct sk_buff *skb, struct rtable *rt,
			  __be32 saddr, __be32 daddr, u8 proto, u8 tos,
			  u8 ttl, bool df)
{
	struct iphdr *iph;

	if (skb->len + sizeof(*iph) > IP_MAXPACKET) {
		IP_INC_STATS(OUTDISCARDS);
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_BIG);
		return -EMSGSIZE;
	}
	if (skb_cow_head(skb, sizeof(*iph) + LL_RESERVED_SPACE(rt->dst.dev))) {
		IP_INC_STATS(OUTDISCARDS);
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return -ENOBUFS;
	}
	skb_reset_transport_header(skb);
	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	ip_set_version_ihl(iph, 5);
	iph->tos = tos;
	iph->frag_off = df ? htons(IP_DF) : 0;
	iph->ttl = ttl;
	iph->protocol = proto;
	iph->saddr = saddr;
	iph->daddr = daddr;
	iph->id = ip_select_ident_segs(saddr, daddr, proto,
				       skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1);
	skb->protocol = htons(ETH_P_IP);
	skb_dst_set(skb, dst_clone(&rt->dst));
	return ip_local_out(skb);
}

int ip_send_l4(struct sk_buff *skb, __be32 saddr, __be32 daddr, u8 proto,
	       u8 tos, u8 ttl, bool df)
{
	struct flowi4 fl4 = { .daddr = daddr, .saddr = saddr, .tos = tos };
	struct rtable *rt;
	int err;

	err = ip_route_output(&fl4, &rt);
	if (err) {
		kfree_skb_reason(skb, err == -ENOMEM ? SKB_DROP_REASON_NOMEM :
				 SKB_DROP_REASON_IP_OUTNOROUTES);
		return err;
	}
	err = ip_build_and_send_pkt(skb, rt, fl4.saddr, fl4.daddr, proto, tos,
				    ttl, df);
	ip_rt_put(rt);
	return err;
}
