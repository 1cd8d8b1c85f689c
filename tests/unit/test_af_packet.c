/*
 * test_af_packet.c - net/packet/af_packet.c and net/core/filter.c through
 * the socket system calls, over a fake Ethernet and lo: raw and datagram
 * sockets receiving and sending, the taps' directions, filters (attach,
 * detach, trim, refuse), PACKET_STATISTICS, full receive buffers, device
 * events, the ioctls a capture asks, and SO_ATTACH_FILTER on UDP.
 */
/* links: net */
#include <net/filter.h>
#include <net/udp.h>
#include <net/snmp.h>
#include <net/inetdevice.h>
#include <net/arp.h>
#include <net/etherdevice.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <poll.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"
#include "nettest/skb_layout.h"

#define ETH_P_TEST	0x88b5
#define ETH_P_OTHER	0x88b6
#define US		NT_IP(10, 0, 0, 2)
#define PEER		NT_IP(10, 0, 0, 1)

static u8 frame[2048], buf[2048];

static int pkt_socket(int type, u16 proto)
{
	return (int)sys_socket(AF_PACKET, type, htons(proto));
}

static struct sockaddr_ll ll_addr(int ifindex, u16 proto, const u8 *mac)
{
	struct sockaddr_ll sll;

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = ifindex;
	sll.sll_protocol = htons(proto);
	if (mac) {
		sll.sll_halen = ETH_ALEN;
		memcpy(sll.sll_addr, mac, ETH_ALEN);
	}
	return sll;
}

static long pkt_bind(int fd, int ifindex, u16 proto)
{
	struct sockaddr_ll sll = ll_addr(ifindex, proto, NULL);

	return sys_bind(fd, (struct sockaddr *)&sll, sizeof(sll));
}

static long pkt_recv(int fd, struct sockaddr_ll *sll, int flags)
{
	int alen = sizeof(*sll);

	memset(sll, 0xee, sizeof(*sll));
	return sys_recvfrom(fd, buf, sizeof(buf), (unsigned int)(flags | MSG_DONTWAIT),
			    (struct sockaddr *)sll, &alen);
}

static long pkt_send(int fd, int ifindex, u16 proto, const u8 *mac,
		     const void *data, size_t len)
{
	struct sockaddr_ll sll = ll_addr(ifindex, proto, mac);

	return sys_sendto(fd, (void *)data, len, 0, (struct sockaddr *)&sll, sizeof(sll));
}

static struct tpacket_stats pkt_stats(int fd)
{
	struct tpacket_stats st = { 0xdead, 0xdead };
	int len = sizeof(st);

	EXPECT_EQ_INT(sys_getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, (char *)&st, &len), 0);
	EXPECT_EQ_INT(len, sizeof(st));
	return st;
}

static long attach(int fd, struct sock_filter *insns, unsigned short n)
{
	struct sock_fprog prog = { .len = n, .filter = insns };

	return sys_setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, (char *)&prog, sizeof(prog));
}

/* A test's start: the leak baseline, a fake Ethernet, one packet socket. */
static int pkt_begin(struct socktest *st, struct net_device **dev, int type, u16 proto)
{
	st_begin(st);
	*dev = fake_eth_create(nt_mac_us);
	return pkt_socket(type, proto);
}

/* An Ethernet frame of type from the peer to us, len bytes in all, payload byte p. */
static size_t test_frame(u16 type, size_t len, u8 p)
{
	nt_eth(frame, nt_mac_us, nt_mac_peer, type);
	memset(frame + ETH_HLEN, p, len - ETH_HLEN);
	return len;
}

/* Accept only frames of EtherType ETH_P_TEST (as "ether proto 0x88b5"). */
static struct sock_filter only_test[] = {
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_TEST, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, 0xffff),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

UNIT_TEST(raw_socket_sees_frames_received_and_sent)
{
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	struct sk_buff *skb;
	int fd, udp;
	long n;

	st_begin(&st);
	dev = fake_eth_create(nt_mac_us);
	ASSERT(dev && !inet_addr_add(dev, US, 24) &&
	       !neigh_add_permanent(dev, PEER, nt_mac_peer));
	shim_run_softirqs();
	fake_eth_purge(dev);
	fd = pkt_socket(SOCK_RAW, ETH_P_ALL);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(pkt_bind(fd, dev->ifindex, 0), 0);	/* 0: keep ETH_P_ALL */

	nettest_inject(dev, frame, test_frame(ETH_P_TEST, 60, 0x11));
	n = pkt_recv(fd, &sll, 0);
	EXPECT_EQ_INT(n, 60);
	EXPECT_EQ_MEM(buf, frame, 60);			/* the whole frame */
	EXPECT_EQ_UINT(sll.sll_family, AF_PACKET);
	EXPECT_EQ_UINT(sll.sll_protocol, htons(ETH_P_TEST));
	EXPECT_EQ_INT(sll.sll_ifindex, dev->ifindex);
	EXPECT_EQ_UINT(sll.sll_pkttype, PACKET_HOST);
	EXPECT_EQ_UINT(sll.sll_hatype, dev->type);
	EXPECT_EQ_UINT(sll.sll_halen, ETH_ALEN);
	EXPECT_EQ_MEM(sll.sll_addr, nt_mac_peer, ETH_ALEN);

	/* What UDP sends is seen as it goes to the driver, as the driver got it. */
	udp = st_udp();
	EXPECT_EQ_INT(st_sendto(udp, "hi", 2, PEER, 9), 2);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	n = pkt_recv(fd, &sll, 0);
	EXPECT_EQ_INT(n, skb->len);
	EXPECT_EQ_MEM(buf, skb->data, skb->len);
	EXPECT_EQ_UINT(sll.sll_pkttype, PACKET_OUTGOING);
	EXPECT_EQ_UINT(sll.sll_protocol, htons(ETH_P_IP));
	EXPECT_EQ_MEM(sll.sll_addr, nt_mac_us, ETH_ALEN);
	consume_skb(skb);
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), -EAGAIN);
	EXPECT(st_end(&st, dev));
}

UNIT_TEST(dgram_socket_sees_one_protocol_from_the_network_header)
{
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	int fd;

	fd = pkt_begin(&st, &dev, SOCK_DGRAM, ETH_P_TEST);
	ASSERT(fd >= 0);
	nettest_inject(dev, frame, test_frame(ETH_P_OTHER, 60, 0x22));
	nettest_inject(dev, frame, test_frame(ETH_P_TEST, 64, 0x33));
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), 64 - ETH_HLEN);
	EXPECT_EQ_MEM(buf, frame + ETH_HLEN, 64 - ETH_HLEN);
	EXPECT_EQ_UINT(sll.sll_protocol, htons(ETH_P_TEST));
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), -EAGAIN);	/* the other type is not ours */
	EXPECT(st_end(&st, dev));
}

/* Every handler of an EtherType gets the frame: IP and a socket bound to ETH_P_IP. */
UNIT_TEST(a_socket_bound_to_ip_shares_its_frames_with_the_stack)
{
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct sockaddr_in from;
	struct socktest st;
	int fd, a, b, udp;

	fd = pkt_begin(&st, &dev, SOCK_DGRAM, ETH_P_IP);
	a = pkt_socket(SOCK_DGRAM, ETH_P_IP);	/* two of them, as Linux allows */
	udp = st_udp();
	ASSERT(fd >= 0 && a >= 0 && udp >= 0);
	EXPECT_EQ_INT(st_bind(udp, NT_IP(127, 0, 0, 1), 7100), 0);
	EXPECT_EQ_INT(st_sendto(udp, "both", 4, NT_IP(127, 0, 0, 1), 7100), 4);
	shim_run_softirqs();
	EXPECT_EQ_INT(st_recvfrom(udp, buf, sizeof(buf), MSG_DONTWAIT, &from), 4);
	for (int i = 0; i < 2; i++) {
		b = i ? a : fd;
		EXPECT_EQ_INT(pkt_recv(b, &sll, 0), 20 + 8 + 4);	/* from the IP header */
		EXPECT_EQ_UINT(buf[0], 0x45);
		EXPECT_EQ_INT(sll.sll_ifindex, loopback_dev->ifindex);
	}
	EXPECT(st_end(&st, dev));
}

UNIT_TEST(raw_send_puts_the_frame_on_the_wire_as_given)
{
	struct net_device *dev;
	struct socktest st;
	struct sk_buff *skb;
	int fd;

	fd = pkt_begin(&st, &dev, SOCK_RAW, 0);		/* hooked to nothing: send only */
	ASSERT(fd >= 0);
	nt_eth(frame, nt_mac_peer, nt_mac_us, ETH_P_TEST);
	memset(frame + ETH_HLEN, 0x44, 46);
	EXPECT_EQ_INT(pkt_send(fd, dev->ifindex, 0, NULL, frame, 60), 60);
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->len, 60);
	EXPECT_EQ_MEM(skb->data, frame, 60);
	EXPECT_EQ_UINT(skb->protocol, htons(ETH_P_TEST));	/* from the frame itself */
	consume_skb(skb);

	EXPECT_EQ_INT(pkt_send(fd, dev->ifindex, 0, NULL, frame, ETH_HLEN - 1), -EINVAL);
	EXPECT_EQ_INT(pkt_send(fd, dev->ifindex, 0, NULL, frame,
			       dev->mtu + ETH_HLEN + VLAN_HLEN + 1), -EMSGSIZE);
	/* Four bytes past the MTU only for an 802.1Q tag (Linux). */
	EXPECT_EQ_INT(pkt_send(fd, dev->ifindex, 0, NULL, frame,
			       dev->mtu + ETH_HLEN + VLAN_HLEN), -EMSGSIZE);
	nt_eth(frame, nt_mac_peer, nt_mac_us, ETH_P_8021Q);
	EXPECT_EQ_INT(pkt_send(fd, dev->ifindex, 0, NULL, frame,
			       dev->mtu + ETH_HLEN + VLAN_HLEN), dev->mtu + ETH_HLEN + VLAN_HLEN);
	consume_skb(fake_eth_pop(dev));
	EXPECT_EQ_INT(pkt_send(fd, 999, 0, NULL, frame, 60), -ENXIO);
	EXPECT_EQ_INT(sys_sendto(fd, frame, 60, 0, NULL, 0), -ENXIO);	/* not bound */
	{
		struct sockaddr_ll sll = ll_addr(dev->ifindex, 0, NULL);

		EXPECT_EQ_INT(sys_sendto(fd, frame, 60, 0, (struct sockaddr *)&sll,
					 sizeof(sll) - 1), -EINVAL);
	}
	dev_close(dev);
	EXPECT_EQ_INT(pkt_send(fd, dev->ifindex, 0, NULL, frame, 60), -ENETDOWN);
	dev_open(dev);
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	EXPECT(st_end(&st, dev));
}

UNIT_TEST(dgram_send_builds_the_link_header)
{
	static const u8 payload[] = "a datagram behind a header the kernel builds";
	struct net_device *dev;
	struct socktest st;
	struct sk_buff *skb;
	int fd;

	fd = pkt_begin(&st, &dev, SOCK_DGRAM, ETH_P_TEST);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(pkt_send(fd, dev->ifindex, ETH_P_TEST, nt_mac_peer, payload,
			       sizeof(payload)), sizeof(payload));
	skb = fake_eth_pop(dev);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->len, ETH_HLEN + sizeof(payload));
	EXPECT_EQ_MEM(skb->data, nt_mac_peer, ETH_ALEN);
	EXPECT_EQ_MEM(skb->data + ETH_ALEN, nt_mac_us, ETH_ALEN);
	EXPECT_EQ_UINT(skb->data[12] << 8 | skb->data[13], ETH_P_TEST);
	EXPECT_EQ_MEM(skb->data + ETH_HLEN, payload, sizeof(payload));
	consume_skb(skb);
	/* The address must hold the device's whole hardware address. */
	{
		struct sockaddr_ll sll = ll_addr(dev->ifindex, ETH_P_TEST, nt_mac_peer);

		EXPECT_EQ_INT(sys_sendto(fd, (void *)payload, 4, 0, (struct sockaddr *)&sll,
					 (int)offsetof(struct sockaddr_ll, sll_addr) + 5), -EINVAL);
	}
	EXPECT(st_end(&st, dev));
}

UNIT_TEST(a_socket_does_not_see_its_own_frames_but_others_do)
{
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	int a, b;

	a = pkt_begin(&st, &dev, SOCK_RAW, ETH_P_ALL);
	b = pkt_socket(SOCK_RAW, ETH_P_ALL);
	ASSERT(a >= 0 && b >= 0);
	nt_eth(frame, nt_mac_peer, nt_mac_us, ETH_P_TEST);
	EXPECT_EQ_INT(pkt_send(a, dev->ifindex, 0, NULL, frame, 60), 60);
	EXPECT_EQ_INT(pkt_recv(a, &sll, 0), -EAGAIN);
	EXPECT_EQ_INT(pkt_recv(b, &sll, 0), 60);
	EXPECT_EQ_UINT(sll.sll_pkttype, PACKET_OUTGOING);
	fake_eth_purge(dev);
	EXPECT(st_end(&st, dev));
}

/* On lo a frame leaves and comes back: a tap sees both. */
UNIT_TEST(loopback_frames_are_seen_leaving_and_arriving)
{
	struct sockaddr_ll sll;
	struct socktest st;
	int tx, tap;

	st_begin(&st);
	tx = pkt_socket(SOCK_DGRAM, ETH_P_TEST);
	tap = pkt_socket(SOCK_RAW, ETH_P_ALL);
	ASSERT(tx >= 0 && tap >= 0);
	EXPECT_EQ_INT(pkt_bind(tap, loopback_dev->ifindex, ETH_P_ALL), 0);
	EXPECT_EQ_INT(pkt_send(tx, loopback_dev->ifindex, ETH_P_TEST, loopback_dev->dev_addr,
			       "loop", 4), 4);
	shim_run_softirqs();
	EXPECT_EQ_INT(pkt_recv(tap, &sll, 0), ETH_HLEN + 4);
	EXPECT_EQ_UINT(sll.sll_pkttype, PACKET_OUTGOING);
	EXPECT_EQ_INT(pkt_recv(tap, &sll, 0), ETH_HLEN + 4);
	EXPECT_EQ_UINT(sll.sll_pkttype, PACKET_HOST);
	EXPECT_EQ_MEM(buf + ETH_HLEN, "loop", 4);
	/* The sender's own socket took it in as well: its protocol came back. */
	EXPECT_EQ_INT(pkt_recv(tx, &sll, 0), 4);
	EXPECT(st_end(&st, NULL));
}

UNIT_TEST(filter_selects_and_statistics_count_and_reset)
{
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct tpacket_stats s;
	struct socktest st;
	int fd;

	fd = pkt_begin(&st, &dev, SOCK_RAW, ETH_P_ALL);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(attach(fd, only_test, 4), 0);
	for (int i = 0; i < 5; i++)
		nettest_inject(dev, frame, test_frame(i % 2 ? ETH_P_TEST : ETH_P_OTHER, 60, (u8)i));
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), 60);
	EXPECT_EQ_UINT(buf[20], 1);
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), 60);
	EXPECT_EQ_UINT(buf[20], 3);
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), -EAGAIN);
	s = pkt_stats(fd);
	EXPECT_EQ_UINT(s.tp_packets, 2);	/* what the filter took */
	EXPECT_EQ_UINT(s.tp_drops, 0);
	s = pkt_stats(fd);			/* reset by the read, as Linux */
	EXPECT_EQ_UINT(s.tp_packets, 0);

	EXPECT_EQ_INT(sys_setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, NULL, 0), 0);
	EXPECT_EQ_INT(sys_setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, NULL, 0), -ENOENT);
	nettest_inject(dev, frame, test_frame(ETH_P_OTHER, 60, 9));
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), 60);
	EXPECT(st_end(&st, dev));
}

UNIT_TEST(filter_refused_or_malformed_leaves_the_socket_as_it_was)
{
	struct sock_filter loop[] = { BPF_STMT(BPF_JMP | BPF_JA, 0xffffffff),
				      BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { .len = 4, .filter = only_test };
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	int fd;

	fd = pkt_begin(&st, &dev, SOCK_RAW, ETH_P_ALL);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(attach(fd, only_test, 4), 0);
	EXPECT_EQ_INT(attach(fd, loop, 2), -EINVAL);
	EXPECT_EQ_INT(attach(fd, only_test, 0), -EINVAL);
	EXPECT_EQ_INT(attach(fd, NULL, 4), -EINVAL);
	EXPECT_EQ_INT(attach(fd, ST_BAD_PTR, 4), -EFAULT);
	EXPECT_EQ_INT(sys_setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, (char *)&prog,
				     sizeof(prog) - 1), -EINVAL);
	EXPECT_EQ_INT(sys_setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, ST_BAD_PTR,
				     sizeof(prog)), -EFAULT);
	/* The first filter still holds. */
	nettest_inject(dev, frame, test_frame(ETH_P_OTHER, 60, 1));
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), -EAGAIN);
	EXPECT(st_end(&st, dev));
}

UNIT_TEST(filter_trims_to_what_it_keeps)
{
	struct sock_filter keep20[] = { BPF_STMT(BPF_RET | BPF_K, 20) };
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	int fd;

	fd = pkt_begin(&st, &dev, SOCK_RAW, ETH_P_ALL);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(attach(fd, keep20, 1), 0);
	nettest_inject(dev, frame, test_frame(ETH_P_TEST, 100, 7));
	EXPECT_EQ_INT(pkt_recv(fd, &sll, MSG_TRUNC), 20);
	EXPECT_EQ_MEM(buf, frame, 20);
	EXPECT(st_end(&st, dev));
}

/*
 * A frame in page frags or a chain (RX pages, TCP's SG sends): a
 * filter's cut (the syscall fuzzer's panic: skb_trim's BUG_ON) and the
 * copy out, which must read the frags and the chain, not past the head.
 */
UNIT_TEST(filter_trims_and_reads_paged_and_chained_frames)
{
	struct sock_filter keep20[] = { BPF_STMT(BPF_RET | BPF_K, 20) };
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	int fd, all;

	fd = pkt_begin(&st, &dev, SOCK_RAW, ETH_P_ALL);
	ASSERT(fd >= 0);
	all = pkt_socket(SOCK_RAW, ETH_P_ALL);
	ASSERT(all >= 0);
	EXPECT_EQ_INT(attach(fd, keep20, 1), 0);
	for (int layout = NT_PAGED; layout < NT_LAYOUTS; layout++) {
		for (u32 seed = 0; seed < 8; seed++) {
			size_t len = test_frame(ETH_P_TEST, 1400, (u8)seed);
			struct sk_buff *skb = nt_skb_layout(dev, frame, len, layout, seed);

			ASSERT(skb);
			nettest_inject_skb(dev, skb);
			EXPECT_MSG(pkt_recv(fd, &sll, MSG_TRUNC) == 20, "%s, seed %u: cut",
				   nt_layout_name(layout), seed);
			EXPECT_MSG(!memcmp(buf, frame, 20), "%s, seed %u: other bytes",
				   nt_layout_name(layout), seed);
			EXPECT_MSG(pkt_recv(all, &sll, 0) == 1400 && !memcmp(buf, frame, 1400),
				   "%s, seed %u: the whole frame", nt_layout_name(layout), seed);
		}
	}
	EXPECT_EQ_UINT(pkt_stats(fd).tp_packets, 2 * 8);
	EXPECT(st_end(&st, dev));
}

UNIT_TEST(full_receive_buffer_drops_and_counts)
{
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct tpacket_stats s;
	struct socktest st;
	u64 drops0 = skb_drop_reason_count(SKB_DROP_REASON_PACKET_SOCK_ERROR);
	int fd, got = 0;

	fd = pkt_begin(&st, &dev, SOCK_RAW, ETH_P_ALL);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(st_setint(fd, SOL_SOCKET, SO_RCVBUF, 1), 0);	/* the minimum */
	for (int i = 0; i < 20; i++)
		nettest_inject(dev, frame, test_frame(ETH_P_TEST, 1000, (u8)i));
	while (pkt_recv(fd, &sll, 0) == 1000)
		got++;
	s = pkt_stats(fd);
	EXPECT(got >= 1 && got < 20);
	EXPECT_EQ_UINT(s.tp_drops, 20 - got);
	EXPECT_EQ_UINT(s.tp_packets, 20);	/* Linux: queued plus dropped */
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_PACKET_SOCK_ERROR) - drops0,
		       20 - got);
	/* Read, the buffer takes frames again. */
	nettest_inject(dev, frame, test_frame(ETH_P_TEST, 1000, 99));
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), 1000);
	EXPECT(st_end(&st, dev));
}

UNIT_TEST(device_down_reports_enetdown_and_up_resumes)
{
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	int fd;

	fd = pkt_begin(&st, &dev, SOCK_RAW, ETH_P_ALL);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(pkt_bind(fd, dev->ifindex, ETH_P_ALL), 0);
	dev_close(dev);
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), -ENETDOWN);
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), -EAGAIN);	/* reported once */
	dev_open(dev);
	nettest_inject(dev, frame, test_frame(ETH_P_TEST, 60, 1));
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), 60);
	/* Bound to a device that is down: ENETDOWN at once. */
	dev_close(dev);
	EXPECT_EQ_INT(pkt_bind(fd, dev->ifindex, ETH_P_TEST), 0);
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), -ENETDOWN);
	dev_open(dev);
	EXPECT_EQ_INT(pkt_bind(fd, 999, ETH_P_TEST), -ENODEV);
	EXPECT_EQ_INT(pkt_bind(fd, dev->ifindex, 0) , 0);
	{
		struct sockaddr_ll bad = ll_addr(dev->ifindex, 0, NULL);

		bad.sll_family = AF_INET;
		EXPECT_EQ_INT(sys_bind(fd, (struct sockaddr *)&bad, sizeof(bad)), -EINVAL);
	}
	EXPECT(st_end(&st, dev));
}

UNIT_TEST(device_going_away_leaves_the_socket_bound_to_nothing)
{
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	int fd, len = sizeof(sll);

	fd = pkt_begin(&st, &dev, SOCK_RAW, ETH_P_ALL);
	ASSERT(fd >= 0);
	EXPECT_EQ_INT(pkt_bind(fd, dev->ifindex, ETH_P_ALL), 0);
	EXPECT_EQ_INT(sys_getsockname(fd, (struct sockaddr *)&sll, &len), 0);
	EXPECT_EQ_INT(sll.sll_ifindex, dev->ifindex);
	EXPECT_EQ_MEM(sll.sll_addr, nt_mac_us, ETH_ALEN);
	fake_eth_destroy(dev);
	len = sizeof(sll);
	EXPECT_EQ_INT(sys_getsockname(fd, (struct sockaddr *)&sll, &len), 0);
	EXPECT_EQ_INT(sll.sll_ifindex, -1);
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), -ENETDOWN);
	EXPECT_EQ_INT(sys_sendto(fd, frame, 60, 0, NULL, 0), -ENXIO);
	EXPECT(st_end(&st, NULL));
}

UNIT_TEST(poll_ioctls_and_unsupported_calls)
{
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	struct timeval tv;
	struct ifreq ifr;
	struct pollfd pfd;
	int fd, n;

	fd = pkt_begin(&st, &dev, SOCK_RAW, ETH_P_ALL);
	ASSERT(fd >= 0);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	EXPECT_EQ_INT(sys_poll(&pfd, 1, 0), 0);		/* nothing to read yet */
	EXPECT_EQ_INT(sys_ioctl(fd, SIOCGSTAMP, (unsigned long)&tv), -ENOENT);
	shim_advance_ms(1500);
	nettest_inject(dev, frame, test_frame(ETH_P_TEST, 77, 1));
	EXPECT_EQ_INT(sys_poll(&pfd, 1, 0), 1);
	EXPECT(pfd.revents & POLLIN);
	EXPECT_EQ_INT(sys_ioctl(fd, FIONREAD, (unsigned long)&n), 0);
	EXPECT_EQ_INT(n, 77);
	EXPECT_EQ_INT(pkt_recv(fd, &sll, 0), 77);
	EXPECT_EQ_INT(sys_ioctl(fd, SIOCGSTAMP, (unsigned long)&tv), 0);
	/* The stack's receive time, as wall-clock time (the shim boots at 1700000000 s). */
	EXPECT_EQ_INT(tv.tv_sec, 1700000001);
	EXPECT_EQ_INT(tv.tv_usec, 500000);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = dev->ifindex;
	EXPECT_EQ_INT(sys_ioctl(fd, SIOCGIFNAME, (unsigned long)&ifr), 0);
	EXPECT_EQ_STR(ifr.ifr_name, dev->name);
	EXPECT_EQ_INT(sys_ioctl(fd, SIOCGIFINDEX, (unsigned long)&ifr), 0);
	EXPECT_EQ_INT(ifr.ifr_ifindex, dev->ifindex);
	ifr.ifr_ifindex = 999;
	EXPECT_EQ_INT(sys_ioctl(fd, SIOCGIFNAME, (unsigned long)&ifr), -ENODEV);
	EXPECT_EQ_INT(sys_listen(fd, 1), -EOPNOTSUPP);
	EXPECT_EQ_INT(sys_connect(fd, (struct sockaddr *)&sll, sizeof(sll)), -EOPNOTSUPP);
	EXPECT_EQ_INT(sys_shutdown(fd, SHUT_RDWR), -EOPNOTSUPP);
	EXPECT_EQ_INT(sys_socket(AF_PACKET, SOCK_STREAM, htons(ETH_P_ALL)), -ESOCKTNOSUPPORT);
	EXPECT_EQ_INT(st_getint(fd, SOL_SOCKET, SO_TYPE), SOCK_RAW);
	EXPECT(st_end(&st, dev));
}

/* SO_ATTACH_FILTER on a UDP socket: it reads from the UDP header on (Linux). */
UNIT_TEST(udp_socket_filter_drops_and_trims)
{
	/* Keep 8 + 3 bytes of datagrams to port 7000, none of others. */
	struct sock_filter p[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 7000, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 11),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	u64 drops0 = skb_drop_reason_count(SKB_DROP_REASON_SOCKET_FILTER);
	u64 errs0 = udp_mib[UDP_MIB_INERRORS];
	struct sockaddr_in from;
	struct socktest st;
	int a, b;

	st_begin(&st);
	a = st_udp();
	b = st_udp();
	ASSERT(a >= 0 && b >= 0);
	EXPECT_EQ_INT(st_bind(a, NT_IP(127, 0, 0, 1), 7000), 0);
	EXPECT_EQ_INT(st_bind(b, NT_IP(127, 0, 0, 1), 7001), 0);
	EXPECT_EQ_INT(attach(a, p, 4), 0);
	EXPECT_EQ_INT(attach(b, p, 4), 0);
	EXPECT_EQ_INT(st_sendto(a, "abcdefgh", 8, NT_IP(127, 0, 0, 1), 7000), 8);
	EXPECT_EQ_INT(st_sendto(a, "abcdefgh", 8, NT_IP(127, 0, 0, 1), 7001), 8);
	shim_run_softirqs();
	EXPECT_EQ_INT(st_recvfrom(a, buf, sizeof(buf), MSG_DONTWAIT, &from), 3);
	EXPECT_EQ_MEM(buf, "abc", 3);
	EXPECT_EQ_INT(st_recvfrom(b, buf, sizeof(buf), MSG_DONTWAIT, &from), -EAGAIN);
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_SOCKET_FILTER) - drops0, 1);
	EXPECT_EQ_UINT(udp_mib[UDP_MIB_INERRORS] - errs0, 1);
	EXPECT(st_end(&st, NULL));
}

static int bad_header(struct sk_buff *skb, struct net_device *dev, u16 type,
		      const void *daddr, const void *saddr, unsigned int len)
{
	(void)skb, (void)dev, (void)type, (void)daddr, (void)saddr, (void)len;
	return -EINVAL;
}

static const struct header_ops bad_header_ops = { .create = bad_header };

/* Sends that fail after the skb exists: each frees it under its reason. */
UNIT_TEST(send_failures_free_the_frame_under_a_reason)
{
	static u8 page[256];
	u64 hdr0 = skb_drop_reason_count(SKB_DROP_REASON_DEV_HDR);
	u64 fault0 = skb_drop_reason_count(SKB_DROP_REASON_SKB_UCOPY_FAULT);
	const struct header_ops *ops;
	struct net_device *dev;
	struct sockaddr_ll sll;
	struct socktest st;
	int dgram, raw;

	dgram = pkt_begin(&st, &dev, SOCK_DGRAM, ETH_P_TEST);
	raw = pkt_socket(SOCK_RAW, ETH_P_ALL);
	ASSERT(dgram >= 0 && raw >= 0);
	ops = dev->header_ops;
	dev->header_ops = &bad_header_ops;	/* a header this device cannot build */
	EXPECT_EQ_INT(pkt_send(dgram, dev->ifindex, ETH_P_TEST, nt_mac_peer, "x", 1), -EINVAL);
	dev->header_ops = ops;
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_DEV_HDR) - hdr0, 1);

	/* User memory that faults in the copy itself. */
	shim_user_unmap(page, sizeof(page));
	EXPECT_EQ_INT(pkt_send(raw, dev->ifindex, 0, NULL, page, 60), -EFAULT);
	nettest_inject(dev, frame, test_frame(ETH_P_TEST, 60, 1));
	{
		int alen = sizeof(sll);

		EXPECT_EQ_INT(sys_recvfrom(raw, page, sizeof(page), MSG_DONTWAIT,
					   (struct sockaddr *)&sll, &alen), -EFAULT);
	}
	shim_user_unmap(NULL, 0);
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_SKB_UCOPY_FAULT) - fault0, 2);
	EXPECT_EQ_INT(pkt_recv(raw, &sll, 0), -EAGAIN);	/* the frame a fault ate is gone */
	EXPECT_EQ_UINT(fake_eth_txlen(dev), 0);
	EXPECT(st_end(&st, dev));
}
