/*
 * test_offload.c - offloads in software (net/core/offload.c,
 * net/core/skb_segment.c, net/ipv4/ip_offload.c, net/ipv4/tcp_offload.c,
 * net/core/ethtool.c): GSO segmentation of TCP skbs in every layout and
 * at MSS edge cases checked field by field against a full recompute,
 * skb_checksum_help against a reference sum, what validate_xmit_skb
 * does for each feature set, and the ethtool ioctl with its dependencies.
 */
/* links: net */
#include <net/skbuff.h>
#include <net/checksum.h>
#include <net/gso.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/udp.h>
#include <net/netdevice.h>
#include <net/ethtool.h>
#include <net/arp.h>
#include <net/inetdevice.h>
#include <net/sock.h>
#include <kernel/net.h>
#include <net/if.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/skb_layout.h"

#define ETH	14
#define IPH	20
#define THL	32		/* TCP header with the timestamp option */
#define HDRS	(ETH + IPH + THL)
#define SEQ0	0xfffff000u	/* wraps inside the bigger payloads */
#define ID0	0xfff0		/* so does the IP ID */

static u8 frame[HDRS + 70000];

/* Ethernet + IPv4 + TCP (flags) + payload of len pseudo-random bytes. */
static size_t build_frame(size_t len, u8 flags)
{
	struct iphdr *iph = (struct iphdr *)(frame + ETH);
	struct tcphdr *th = (struct tcphdr *)(frame + ETH + IPH);

	nt_eth(frame, nt_mac_peer, nt_mac_us, ETH_P_IP);
	memset(iph, 0, IPH + THL);
	ip_set_version_ihl(iph, 5);
	iph->tot_len = htons((u16)min(IPH + THL + len, (size_t)65535));
	iph->id = htons(ID0);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = NT_IP(10, 0, 0, 1);
	iph->daddr = NT_IP(10, 0, 0, 2);
	ip_send_check(iph);
	th->source = htons(5001);
	th->dest = htons(80);
	th->seq = htonl(SEQ0);
	th->ack_seq = htonl(77);
	tcp_set_doff(th, THL / 4);
	th->flags = flags;
	th->window = htons(1000);
	memcpy((u8 *)(th + 1), "\x01\x01\x08\x0a" "abcdefgh", 12);
	for (size_t i = 0; i < len; i++)
		frame[HDRS + i] = (u8)(unit_rand() >> 8);
	return HDRS + len;
}

/* A layout of our own beside nt_skb_layout's: the headers linear, the payload in page frags. */
#define NT_HEADERS_ONLY	NT_LAYOUTS

/* The headers in the linear part, the payload in frags of up to 3 pages each (TCP's own shape). */
static struct sk_buff *headers_only_skb(struct net_device *dev, size_t len)
{
	struct sk_buff *skb = alloc_skb(NET_SKB_PAD + HDRS);
	size_t off = HDRS;

	if (!skb)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD);
	skb_put_data(skb, frame, HDRS);
	for (int i = 0; off < len; i++) {
		size_t n = min(len - off, (size_t)(3 * PAGE_SIZE) - 1);
		struct page *page = dev_alloc_pages(2);

		if (!page) {
			kfree_skb(skb);
			return NULL;
		}
		memcpy((u8 *)page_address(page) + 1, frame + off, n);
		skb_add_rx_frag(skb, i, page, 1, (int)n, (unsigned int)n);
		off += n;
	}
	skb->dev = dev;
	return skb;
}

/* The offsets, protocol, checksum state and GSO fields of a frame at skb->data. */
static struct sk_buff *gso_skb_fields(struct sk_buff *skb, size_t len, unsigned int mss,
				      bool partial)
{
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH);
	skb_set_transport_header(skb, ETH + IPH);
	skb->protocol = htons(ETH_P_IP);
	skb->ip_summed = partial ? CHECKSUM_PARTIAL : CHECKSUM_NONE;
	if (partial) {
		skb->csum_start = (u16)(skb_headroom(skb) + ETH + IPH);
		skb->csum_offset = offsetof(struct tcphdr, check);
	}
	skb_shinfo(skb)->gso_size = (u16)mss;
	skb_shinfo(skb)->gso_segs = (u16)((len - HDRS + mss - 1) / mss);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	return skb;
}

/* The frame as a GSO skb in a layout, its checksum PARTIAL or complete. */
static struct sk_buff *gso_skb(struct net_device *dev, size_t len, enum nt_layout layout,
			       u32 seed, unsigned int mss, bool partial)
{
	struct sk_buff *skb = layout == NT_HEADERS_ONLY ? headers_only_skb(dev, len) :
			      nt_skb_layout(dev, frame, len, layout, seed);

	return skb ? gso_skb_fields(skb, len, mss, partial) : NULL;
}


/* One segment against what it must be: i-th of n, payload from off. */
static bool check_segment(struct sk_buff *seg, unsigned int i, unsigned int n,
			  size_t off, size_t plen)
{
	u8 hdr[HDRS], *pl = malloc(plen + 1);
	const struct iphdr *iph;
	const struct tcphdr *th;
	u8 flags = ((const struct tcphdr *)(frame + ETH + IPH))->flags, want = flags;
	bool ok = true;

	ok &= EXPECT_EQ_UINT(seg->len, HDRS + plen);
	ok &= EXPECT(!skb_is_gso(seg));
	ok &= EXPECT_EQ_INT(skb_checksum_help(seg), 0);
	ok &= EXPECT_EQ_INT(skb_copy_bits(seg, 0, hdr, HDRS), 0);
	ok &= EXPECT_EQ_INT(skb_copy_bits(seg, HDRS, pl, (unsigned int)plen), 0);
	ok &= EXPECT_EQ_MEM(pl, frame + off, plen);
	iph = (const struct iphdr *)(hdr + ETH);
	th = (const struct tcphdr *)(hdr + ETH + IPH);
	ok &= EXPECT_EQ_UINT(ntohs(iph->tot_len), IPH + THL + plen);
	ok &= EXPECT_EQ_UINT(ntohs(iph->id), (u16)(ID0 + i));
	ok &= EXPECT_EQ_UINT(ip_fast_csum(iph, 5), 0);
	ok &= EXPECT_EQ_UINT(ntohl(th->seq), (u32)(SEQ0 + off - HDRS));
	if (i + 1 < n)
		want &= (u8)~(TCPHDR_FIN | TCPHDR_PSH);
	if (i)
		want &= (u8)~TCPHDR_CWR;
	ok &= EXPECT_EQ_UINT(th->flags, want);
	/* The whole TCP checksum, recomputed over header and payload. */
	ok &= EXPECT_EQ_UINT(csum_tcpudp_magic(iph->saddr, iph->daddr, THL + (u32)plen,
					       IPPROTO_TCP,
					       csum_partial(pl, (unsigned int)plen,
							    csum_partial(th, THL, 0))), 0);
	free(pl);
	return ok;
}

/* Cut one GSO skb and check every segment; false after the first bad one. */
static bool segment_and_check(struct net_device *dev, size_t plen, enum nt_layout layout,
			      u32 seed, unsigned int mss, u32 features, bool partial)
{
	size_t len = build_frame(plen, TCPHDR_ACK | TCPHDR_PSH | TCPHDR_FIN | TCPHDR_CWR);
	struct sk_buff *skb = gso_skb(dev, len, layout, seed, mss, partial), *segs, *seg;
	unsigned int n = (unsigned int)((plen + mss - 1) / mss), i = 0;
	bool ok = true;

	if (!EXPECT(skb))
		return false;
	ok &= EXPECT_EQ_INT(skb_gso_segment(skb, features, &segs), 0);
	kfree_skb(skb);
	if (!ok)
		return false;
	for (seg = segs; seg && ok; seg = seg->next, i++) {
		size_t off = HDRS + (size_t)i * mss;

		ok &= check_segment(seg, i, n, off, min((size_t)mss, plen - (size_t)i * mss));
		/* A linear source is copied; with SG, a payload wholly in page frags is shared. */
		if (layout == NT_LINEAR)
			ok &= EXPECT(!skb_is_nonlinear(seg));
		if ((features & NETIF_F_SG) && layout == NT_HEADERS_ONLY)
			ok &= EXPECT_EQ_UINT(skb_headlen(seg), HDRS);
	}
	ok &= EXPECT_EQ_UINT(i, n);
	kfree_skb_list(segs);
	if (!ok)
		printf("# layout %s seed %u mss %u payload %zu features 0x%x partial %d\n",
		       layout == NT_HEADERS_ONLY ? "headers only" : nt_layout_name(layout),
		       seed, mss, plen, features, partial);
	return ok;
}

UNIT_TEST(gso_every_layout_and_mss)
{
	static const size_t plens[] = { 1, 536, 1448, 5000, 65000 };
	static const unsigned int msses[] = { 1, 7, 536, 1448, 4999, 5000, 65000 };
	struct nettest_baseline b;
	struct net_device *dev = fake_eth_create(nt_mac_us);

	nettest_begin(&b);
	for (size_t p = 0; p < ARRAY_SIZE(plens); p++)
		for (size_t m = 0; m < ARRAY_SIZE(msses); m++)
			for (int layout = 0; layout <= NT_HEADERS_ONLY; layout++)
				for (u32 seed = 0; seed < 3; seed++) {
					u32 features = seed & 1 ? NETIF_F_SG : 0;

					/* One byte a segment of 65000 is slow and adds nothing. */
					if (msses[m] < 100 && plens[p] > 5000)
						continue;
					if (!segment_and_check(dev, plens[p], layout, seed, msses[m],
							       features, seed != 2))
						goto out;
				}
out:
	nettest_end(&b);
	fake_eth_destroy(dev);
}

/* Headers alone, a bad header, an unknown type: nothing to cut, and nothing leaks. */
UNIT_TEST(gso_rejects_what_it_cannot_cut)
{
	struct nettest_baseline b;
	struct net_device *dev = fake_eth_create(nt_mac_us);
	struct sk_buff *skb, *segs = NULL;
	size_t len;

	nettest_begin(&b);
	len = build_frame(0, TCPHDR_ACK);
	skb = gso_skb(dev, len, NT_LINEAR, 0, 1448, true);
	EXPECT_EQ_INT(skb_gso_segment(skb, 0, &segs), -EINVAL);
	kfree_skb(skb);
	len = build_frame(3000, TCPHDR_ACK);
	skb = gso_skb(dev, len, NT_PAGED, 1, 1448, true);
	skb_shinfo(skb)->gso_type = 0x80;
	EXPECT_EQ_INT(skb_gso_segment(skb, 0, &segs), -EPROTONOSUPPORT);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	ASSERT(pskb_may_pull(skb, HDRS));	/* the headers we break by hand */
	ip_hdr(skb)->version_ihl = 0x44;
	EXPECT_EQ_INT(skb_gso_segment(skb, 0, &segs), -EINVAL);
	ip_hdr(skb)->version_ihl = 0x45;
	((struct tcphdr *)skb_transport_header(skb))->doff_res = 0x10;
	EXPECT_EQ_INT(skb_gso_segment(skb, 0, &segs), -EINVAL);
	kfree_skb(skb);
	nettest_end(&b);
	fake_eth_destroy(dev);
}

/* skb_checksum_help against a reference sum, in every layout, UDP's zero as 0xffff. */
UNIT_TEST(checksum_help_every_layout)
{
	struct nettest_baseline b;
	struct net_device *dev = fake_eth_create(nt_mac_us);

	nettest_begin(&b);
	for (int layout = 0; layout < NT_LAYOUTS; layout++) {
		for (u32 seed = 0; seed < 8; seed++) {
			size_t plen = 1 + unit_rand() % 3000, len = build_frame(plen, TCPHDR_ACK);
			const struct iphdr *iph = (const struct iphdr *)(frame + ETH);
			struct tcphdr *th = (struct tcphdr *)(frame + ETH + IPH);
			struct sk_buff *skb, *clone;
			u8 out[HDRS];

			th->check = (__sum16)~csum_tcpudp_magic(iph->saddr, iph->daddr,
								THL + (u32)plen, IPPROTO_TCP, 0);
			skb = gso_skb(dev, len, layout, seed, 1448, true);
			skb_shinfo(skb)->gso_size = 0;
			/* The field must be in the linear part (Linux's rule). */
			ASSERT(pskb_may_pull(skb, HDRS));
			clone = seed & 1 ? skb_clone(skb) : NULL;
			EXPECT_EQ_INT(skb_checksum_help(skb), 0);
			EXPECT_EQ_UINT(skb->ip_summed, CHECKSUM_NONE);
			skb_copy_bits(skb, 0, out, HDRS);
			th = (struct tcphdr *)(out + ETH + IPH);
			EXPECT_EQ_UINT(csum_tcpudp_magic(iph->saddr, iph->daddr, THL + (u32)plen,
							 IPPROTO_TCP,
							 skb_checksum(skb, ETH + IPH,
								      THL + (u32)plen, 0)), 0);
			/* A clone sharing the header keeps its own bytes. */
			if (clone) {
				EXPECT(((struct tcphdr *)(clone->data + ETH + IPH))->check !=
				       th->check);
				kfree_skb(clone);
			}
			kfree_skb(skb);
		}
	}
	nettest_end(&b);
	fake_eth_destroy(dev);
}

/* A UDP datagram whose sum is zero goes out as 0xffff (RFC 768). */
UNIT_TEST(checksum_help_udp_zero)
{
	struct nettest_baseline b;
	struct sk_buff *skb;
	struct udphdr *uh;
	u8 payload[2];
	__wsum sum;

	nettest_begin(&b);
	skb = alloc_skb(64 + UDP_HLEN + 2);
	skb_reserve(skb, 64);
	uh = skb_put_zero(skb, UDP_HLEN + 2);
	uh->source = htons(1);
	uh->dest = htons(2);
	uh->len = htons(UDP_HLEN + 2);
	/* Choose the payload so the whole sum is 0xffff, i.e. a folded 0. */
	uh->check = (__sum16)~csum_tcpudp_magic(1, 2, UDP_HLEN + 2, IPPROTO_UDP, 0);
	sum = csum_partial(uh, UDP_HLEN, 0);
	*(u16 *)payload = (u16)csum_fold(sum);
	memcpy(uh + 1, payload, 2);
	skb_partial_csum_set(skb, 0, offsetof(struct udphdr, check));
	EXPECT_EQ_INT(skb_checksum_help(skb), 0);
	EXPECT_EQ_UINT(uh->check, 0xffff);
	kfree_skb(skb);
	nettest_end(&b);
}

/* What validate_xmit_skb hands a driver with each feature set. */
UNIT_TEST(validate_xmit_per_feature_set)
{
	static const struct {
		u32 features;
		u16 max_segs;
		bool whole, sg;		/* the GSO skb goes whole; segments keep frags */
		bool summed;		/* software finished the checksums */
	} cases[] = {
		{ 0, GSO_MAX_SEGS, false, false, true },
		{ NETIF_F_HW_CSUM, GSO_MAX_SEGS, false, false, false },
		{ NETIF_F_SG | NETIF_F_IP_CSUM, GSO_MAX_SEGS, false, true, false },
		{ NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO, GSO_MAX_SEGS, true, true, false },
		{ NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO, 2, false, true, false },
	};
	struct nettest_baseline b;
	struct net_device *dev = fake_eth_create(nt_mac_us);

	nettest_begin(&b);
	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		size_t len = build_frame(4000, TCPHDR_ACK | TCPHDR_PSH);
		struct sk_buff *skb = gso_skb(dev, len, NT_PAGED, 5, 1000, true), *list, *seg;
		unsigned int n = 0;

		dev->features = cases[c].features;
		dev->gso_max_segs = cases[c].max_segs;
		list = validate_xmit_skb(skb, dev);
		for (seg = list; seg; seg = seg->next, n++) {
			EXPECT_EQ_UINT(skb_is_gso(seg), cases[c].whole);
			EXPECT_EQ_UINT(seg->ip_summed,
				       cases[c].summed ? CHECKSUM_NONE : CHECKSUM_PARTIAL);
			if (!cases[c].sg)
				EXPECT(!skb_is_nonlinear(seg));
		}
		EXPECT_EQ_UINT(n, cases[c].whole ? 1 : 4);
		kfree_skb_list(list);
	}
	/* Not GSO: a paged PARTIAL skb for a device without SG or checksum. */
	{
		size_t len = build_frame(3000, TCPHDR_ACK);
		struct sk_buff *skb = gso_skb(dev, len, NT_PAGED, 3, 1000, true);

		skb_shinfo(skb)->gso_size = 0;
		dev->features = 0;
		skb = validate_xmit_skb(skb, dev);
		ASSERT(skb);
		EXPECT(!skb->next && !skb_is_nonlinear(skb));
		EXPECT_EQ_UINT(skb->ip_summed, CHECKSUM_NONE);
		kfree_skb(skb);
	}
	/* No driver walks a frag_list: a chained skb is cut, or gathered, for any device. */
	{
		size_t len = build_frame(3000, TCPHDR_ACK);
		struct sk_buff *skb = gso_skb(dev, len, NT_CHAINED, 4, 1000, true), *seg;
		unsigned int n = 0;

		dev->features = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO;
		dev->gso_max_segs = GSO_MAX_SEGS;
		for (seg = validate_xmit_skb(skb, dev); seg; n++) {
			struct sk_buff *next = seg->next;

			EXPECT(!skb_is_gso(seg) && !skb_has_frag_list(seg));
			kfree_skb(seg);
			seg = next;
		}
		EXPECT_EQ_UINT(n, 3);
		skb = gso_skb(dev, len, NT_CHAINED, 5, 1000, true);
		skb_shinfo(skb)->gso_size = 0;
		skb = validate_xmit_skb(skb, dev);
		ASSERT(skb);
		EXPECT(!skb_has_frag_list(skb) && skb->len == len);
		kfree_skb(skb);
	}
	dev->gso_max_segs = GSO_MAX_SEGS;
	nettest_end(&b);
	fake_eth_destroy(dev);
}

/* SIOCETHTOOL through an AF_INET socket, as the shell's ethtool uses it. */
static int ethtool(struct socket *sock, const char *ifname, void *data)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_ifru.ifru_data = data;
	return sock->ops->ioctl(sock, SIOCETHTOOL, (unsigned long)&ifr);
}

static u32 ethtool_get(struct socket *sock, const char *ifname, u32 cmd)
{
	struct ethtool_value v = { .cmd = cmd, .data = 7 };

	EXPECT_EQ_INT(ethtool(sock, ifname, &v), 0);
	return v.data;
}

static int ethtool_set(struct socket *sock, const char *ifname, u32 cmd, u32 on)
{
	struct ethtool_value v = { .cmd = cmd, .data = on };

	return ethtool(sock, ifname, &v);
}

UNIT_TEST(ethtool_features_and_dependencies)
{
	struct net_device *dev = fake_eth_create(nt_mac_us);
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_value bad = { .cmd = 0x7777 };
	struct socket *sock = NULL;

	ASSERT(!sock_create_kern(AF_INET, SOCK_DGRAM, 0, &sock));
	dev->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_TSO | NETIF_F_RXCSUM |
			   NETIF_F_SOFT_FEATURES;
	dev->wanted_features = dev->hw_features;
	netdev_update_features(dev);
	EXPECT_EQ_UINT(ethtool_get(sock, dev->name, ETHTOOL_GTSO), 1);
	EXPECT_EQ_UINT(ethtool_get(sock, dev->name, ETHTOOL_GTXCSUM), 1);
	/* tx off takes sg, and with it tso (Linux's netdev_fix_features). */
	EXPECT_EQ_INT(ethtool_set(sock, dev->name, ETHTOOL_STXCSUM, 0), 0);
	EXPECT_EQ_UINT(ethtool_get(sock, dev->name, ETHTOOL_GSG), 0);
	EXPECT_EQ_UINT(ethtool_get(sock, dev->name, ETHTOOL_GTSO), 0);
	EXPECT_EQ_UINT(ethtool_get(sock, dev->name, ETHTOOL_GGSO), 1);
	/* And back: what was wanted returns with its dependency. */
	EXPECT_EQ_INT(ethtool_set(sock, dev->name, ETHTOOL_STXCSUM, 1), 0);
	EXPECT_EQ_UINT(ethtool_get(sock, dev->name, ETHTOOL_GTSO), 1);
	EXPECT_EQ_INT(ethtool_set(sock, dev->name, ETHTOOL_STSO, 0), 0);
	EXPECT_EQ_UINT(dev->features & NETIF_F_TSO, 0);
	EXPECT_EQ_INT(ethtool_set(sock, dev->name, ETHTOOL_SGRO, 0), 0);
	EXPECT_EQ_UINT(ethtool_get(sock, dev->name, ETHTOOL_GGRO), 0);
	EXPECT_EQ_INT(ethtool_set(sock, dev->name, ETHTOOL_SRXCSUM, 0), 0);
	EXPECT_EQ_UINT(ethtool_get(sock, dev->name, ETHTOOL_GRXCSUM), 0);
	/* A feature the device cannot switch, an unknown command or device. */
	dev->hw_features &= ~NETIF_F_SG;
	EXPECT_EQ_INT(ethtool_set(sock, dev->name, ETHTOOL_SSG, 0), -EOPNOTSUPP);
	EXPECT_EQ_INT(ethtool(sock, dev->name, &bad), -EOPNOTSUPP);
	EXPECT_EQ_INT(ethtool(sock, "nosuch0", &bad), -ENODEV);
	/* No driver information from a device that has none to give. */
	EXPECT_EQ_INT(ethtool(sock, dev->name, &info), -EOPNOTSUPP);
	EXPECT_EQ_UINT(netdev_offload_bits("tso", 3), NETIF_F_TSO);
	EXPECT_EQ_UINT(netdev_offload_bits("tx", 2), NETIF_F_CSUM_MASK);
	EXPECT_EQ_UINT(netdev_offload_bits("lro", 3), 0);
	sock_release(sock);
	fake_eth_destroy(dev);
}

/*
 * A GSO skb meets an MTU smaller than its segments (the path MTU fell
 * after TCP built it): IP cuts it and fragments each segment, or, with
 * DF, refuses them (RFC 1191); with room, it goes on whole.
 */
static unsigned int send_gso_through_ip(struct net_device *dev, bool df, size_t plen,
					unsigned int mss, u32 *largest)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + THL + (unsigned int)plen), *f;
	struct tcphdr *th;
	unsigned int frames = 0;

	skb_reserve(skb, MAX_HEADER);
	th = skb_put_zero(skb, THL);
	tcp_set_doff(th, THL / 4);
	th->flags = TCPHDR_ACK;
	for (size_t i = 0; i < plen; i++)
		*(u8 *)skb_put(skb, 1) = (u8)i;
	th->check = (__sum16)~csum_tcpudp_magic(NT_IP(10, 0, 0, 2), NT_IP(10, 0, 0, 1),
						THL + (u32)plen, IPPROTO_TCP, 0);
	skb_partial_csum_set(skb, 0, offsetof(struct tcphdr, check));
	skb_shinfo(skb)->gso_size = (u16)mss;
	skb_shinfo(skb)->gso_segs = (u16)((plen + mss - 1) / mss);
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	ip_send_l4(skb, NT_IP(10, 0, 0, 2), NT_IP(10, 0, 0, 1), IPPROTO_TCP, 0, 64, df);
	shim_run_softirqs();
	*largest = 0;
	while ((f = fake_eth_pop(dev))) {
		const struct iphdr *iph = nt_iph(f);

		if (iph->protocol == IPPROTO_TCP) {
			frames++;
			*largest = max(*largest, (u32)ntohs(iph->tot_len));
		}
		kfree_skb(f);
	}
	return frames;
}

UNIT_TEST(gso_skb_larger_than_the_mtu)
{
	struct nettest_baseline b;
	struct net_device *dev = fake_eth_create(nt_mac_us);
	u32 largest;

	ASSERT(!inet_addr_add(dev, NT_IP(10, 0, 0, 2), 24));
	ASSERT(!neigh_add_permanent(dev, NT_IP(10, 0, 0, 1), nt_mac_peer));
	shim_run_softirqs();
	fake_eth_purge(dev);
	nettest_begin(&b);
	/* Room for each segment: three on the wire. */
	EXPECT_EQ_UINT(send_gso_through_ip(dev, true, 4000, 1448, &largest), 3);
	EXPECT_EQ_UINT(largest, IPH + THL + 1448);
	/* The MTU fell to 1000: DF refuses them (ICMP to ourselves), else fragments. */
	dev->mtu = 1000;
	EXPECT_EQ_UINT(send_gso_through_ip(dev, true, 4000, 1448, &largest), 0);
	EXPECT_EQ_UINT(send_gso_through_ip(dev, false, 4000, 1448, &largest), 6);
	EXPECT(largest <= 1000);
	dev->mtu = 1500;
	shim_advance_ms(1000);
	nettest_end(&b);
	fake_eth_destroy(dev);
}

/*
 * TCP's shape for a device without SG: the headers alone, then a
 * frag_list of linear skbs of gso_size each (clones of its queue). The
 * chained skbs become the segments themselves, headers pushed in front;
 * a GSO skb whose data area is shared (netem's duplicate) is copied
 * instead, its chain left as it was.
 */
static struct sk_buff *chained_gso_skb(struct net_device *dev, size_t plen, unsigned int mss)
{
	size_t len = build_frame(plen, TCPHDR_ACK | TCPHDR_PSH);
	struct sk_buff *skb = headers_only_skb(dev, HDRS), **tail;

	if (!skb)
		return NULL;
	tail = &skb_shinfo(skb)->frag_list;
	for (size_t off = HDRS; off < len; off += mss) {
		unsigned int n = (unsigned int)min((size_t)mss, len - off);
		struct sk_buff *m = alloc_skb(MAX_HEADER + n);

		skb_reserve(m, MAX_HEADER);
		skb_put_data(m, frame + off, n);
		*tail = m;
		tail = &m->next;
		skb->len += n;
		skb->data_len += n;
	}
	skb = gso_skb_fields(skb, len, mss, true);
	return skb;
}

UNIT_TEST(gso_frag_list_of_segments_is_not_copied)
{
	struct nettest_baseline b;
	struct net_device *dev = fake_eth_create(nt_mac_us);
	struct sk_buff *skb, *first, *segs, *seg, *dup;
	unsigned int i = 0;

	nettest_begin(&b);
	skb = chained_gso_skb(dev, 5000, 1448);
	ASSERT(skb);
	first = skb_shinfo(skb)->frag_list;
	ASSERT(!skb_gso_segment(skb, 0, &segs));
	EXPECT(segs == first);		/* the chained skbs themselves */
	EXPECT(!skb_has_frag_list(skb));
	kfree_skb(skb);
	for (seg = segs; seg; seg = seg->next, i++)
		check_segment(seg, i, 4, HDRS + (size_t)i * 1448,
			      min((size_t)1448, 5000 - (size_t)i * 1448));
	EXPECT_EQ_UINT(i, 4);
	kfree_skb_list(segs);

	skb = chained_gso_skb(dev, 5000, 1448);
	ASSERT(skb);
	dup = skb_clone(skb);
	ASSERT(!skb_gso_segment(skb, 0, &segs));
	EXPECT(segs != skb_shinfo(dup)->frag_list);
	EXPECT(skb_has_frag_list(dup) && dup->len == HDRS + 5000);
	i = 0;
	for (seg = segs; seg; seg = seg->next, i++)
		check_segment(seg, i, 4, HDRS + (size_t)i * 1448,
			      min((size_t)1448, 5000 - (size_t)i * 1448));
	kfree_skb_list(segs);
	kfree_skb(skb);
	kfree_skb(dup);
	nettest_end(&b);
	fake_eth_destroy(dev);
}
