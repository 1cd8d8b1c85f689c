/* test_trace.c - the debug= trace points of net/: what debug=ip, arp, icmp, udp, sock, dev and tcp print, and that nothing prints when off. */
/* links: net */
#include <net/ip.h>
#include <net/arp.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/etherdevice.h>
#include <net/sock.h>
#include <net/tcp_trace.h>
#include <net/proto/udp.h>
#include <kernel/printk.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)
#define TESTPROTO 253

static u8 frame[2000], msg[2000];

static struct net_device *setup(void)
{
	struct net_device *dev = fake_eth_create(nt_mac_us);

	if (inet_addr_add(dev, US, 24) || neigh_add_permanent(dev, PEER, nt_mac_peer))
		return NULL;
	shim_run_softirqs();
	fake_eth_purge(dev);
	return dev;
}

/* Trace only flag (or nothing, for TRACE_MAX) from a clean log. */
static void trace_only(int flag)
{
	trace_mask = flag == TRACE_MAX ? 0 : 1UL << flag;
	shim_printk_log_clear();
}

/* The log has a line containing text. */
static bool logged(const char *text, const char *file, int line)
{
	return unit_check(strstr(shim_printk_log(), text) != NULL, file, line,
			  "no \"%s\" in the log: %s", text, shim_printk_log());
}
#define EXPECT_LOGGED(text) logged(text, __FILE__, __LINE__)

static size_t udp_to(u16 dport, const char *data)
{
	u8 udp[200];
	size_t m = nt_udp(udp, PEER, US, 4000, dport, data, strlen(data), true);

	return nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_UDP,
			   11, 0, 64, udp, m);
}

/* A locally generated datagram to daddr, which has to be resolved first. */
static void send_to(__be32 daddr)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + 20);

	if (!skb)
		return;
	skb_reserve(skb, MAX_HEADER);
	skb_put_zero(skb, 20);
	local_bh_disable();
	ip_send_l4(skb, 0, daddr, TESTPROTO, 0, 64, false);
	local_bh_enable();
}

static size_t bad_csum(void)
{
	size_t n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, TESTPROTO,
			       3, 0, 64, msg, 20);

	frame[ETH_HLEN + 10] ^= 0xff;
	return n;
}

UNIT_TEST(debug_ip_names_each_drop_and_is_rate_limited)
{
	struct nettest_baseline b;
	struct net_device *dev;
	char want[80];
	u64 lines;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);

	trace_only(TRACE_MAX);
	nettest_inject(dev, frame, bad_csum());
	EXPECT_EQ_STR(shim_printk_log(), "");		/* off: silent */

	trace_only(TRACE_IP);
	shim_advance_ms(2000);				/* a fresh rate-limit interval */
	nettest_inject(dev, frame, bad_csum());
	EXPECT_LOGGED("ip: drop IP_CSUM in ");
	snprintf(want, sizeof(want), "(%s, 40 bytes, 10.0.0.1 > 10.0.0.2 proto 253)", dev->name);
	EXPECT_LOGGED(want);

	/* A flood: 20 lines a second, the rest counted and reported once. */
	shim_printk_log_clear();
	lines = shim_printk_lines;
	for (int i = 0; i < 50; i++)
		nettest_inject(dev, frame, bad_csum());
	EXPECT_EQ_UINT(shim_printk_lines - lines, TRACE_RATELIMIT_BURST - 1);
	shim_advance_ms(TRACE_RATELIMIT_MS);
	nettest_inject(dev, frame, bad_csum());
	EXPECT_LOGGED("ip: drop: 31 messages suppressed");
	trace_only(TRACE_MAX);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(debug_arp_shows_resolution_state_changes_and_timeouts)
{
	struct nettest_baseline b;
	struct net_device *dev;
	size_t n;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	trace_only(TRACE_ARP);

	/* Resolution starts with a packet to send, and succeeds with a reply. */
	send_to(NT_IP(10, 0, 0, 50));
	EXPECT_LOGGED("10.0.0.50 NONE -> INCOMPLETE");
	EXPECT_LOGGED("who-has 10.0.0.50 (broadcast request 1, 1 packets waiting)");
	n = nt_arp_frame(frame, nt_mac_us, ARPOP_REPLY, nt_mac_peer, NT_IP(10, 0, 0, 50),
			 nt_mac_us, US);
	nettest_inject(dev, frame, n);
	EXPECT_LOGGED("10.0.0.50 INCOMPLETE -> REACHABLE at 02:00:00:00:00:01");

	/* Timeouts: reachable goes stale, a stale entry nobody uses goes. */
	shim_advance_ms(arp_parms.base_reachable_time_ms * 3 / 2 + 1);
	EXPECT_LOGGED("10.0.0.50 REACHABLE -> STALE");
	shim_advance_ms(arp_parms.gc_stale_time_ms + 1);
	EXPECT_LOGGED("10.0.0.50 STALE entry expired");

	/* Failure: nobody answers. */
	shim_printk_log_clear();
	send_to(NT_IP(10, 0, 0, 51));
	shim_advance_ms((u64)arp_parms.retrans_time_ms * (arp_parms.mcast_probes + 1));
	EXPECT_LOGGED("no answer for 10.0.0.51 after 3 requests, 1 packets dropped");
	EXPECT_LOGGED("10.0.0.51 INCOMPLETE -> FAILED");
	trace_only(TRACE_MAX);
	fake_eth_destroy(dev);
	nettest_end(&b);
}

UNIT_TEST(debug_icmp_udp_and_sock_show_errors_drops_and_socket_calls)
{
	struct socktest st;
	struct net_device *dev;
	u8 icmp[64];
	char buf[16];
	int fd;
	size_t n;

	st_begin(&st);
	dev = setup();
	ASSERT(dev);

	trace_only(TRACE_SOCK);
	fd = st_udp();
	ASSERT(fd >= 0);
	EXPECT_LOGGED("sock: host: UDP 0.0.0.0:0 created");
	EXPECT_EQ_INT(st_bind(fd, INADDR_ANY, 7000), 0);
	EXPECT_LOGGED("sock: host: UDP 0.0.0.0:7000 bind 0.0.0.0:7000 = 0");
	EXPECT_EQ_INT(st_connect(fd, NT_IP(172, 16, 0, 1), 9), -ENETUNREACH);
	EXPECT_LOGGED("connect 172.16.0.1:9 = -101");

	/* A closed port: UDP says so, and ICMP tells the sender. */
	trace_only(TRACE_UDP);
	nettest_inject(dev, frame, udp_to(7001, "hello"));
	EXPECT_LOGGED("udp: no socket: 10.0.0.1:4000 > 10.0.0.2:7001, 5 bytes");
	trace_only(TRACE_ICMP);
	shim_advance_ms(2000);				/* the ICMP token bucket refills */
	nettest_inject(dev, frame, udp_to(7001, "hello"));
	EXPECT_LOGGED("icmp: sent destination unreachable (type 3 code 3) to 10.0.0.1 "
		      "about 10.0.0.1 > 10.0.0.2 proto 17");
	fake_eth_purge(dev);

	/* An error about a datagram of ours. */
	n = nt_icmp_quote(msg, US, PEER, IPPROTO_UDP);
	n = nt_icmp(icmp, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, 0, msg, n);
	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_ICMP, 12, 0,
			64, icmp, n);
	nettest_inject(dev, frame, n);
	EXPECT_LOGGED("icmp: received time exceeded (type 11 code 0) from 10.0.0.1 "
		      "about 10.0.0.2 > 10.0.0.1 proto 17");

	/* A full receive buffer. */
	trace_only(TRACE_UDP);
	ASSERT(st_setint(fd, SOL_SOCKET, SO_RCVBUF, 1) == 0);
	for (int i = 0; i < 8; i++)
		nettest_inject(dev, frame, udp_to(7000, "fill"));
	EXPECT_LOGGED("udp: receive buffer full: 10.0.0.1:4000 > 10.0.0.2:7000, 4 bytes");
	while (st_recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, NULL) > 0)
		;

	trace_only(TRACE_SOCK);
	EXPECT_EQ_INT(sys_close(fd), 0);
	EXPECT_LOGGED("sock: host: UDP 0.0.0.0:7000 close");
	trace_only(TRACE_MAX);
	st_end(&st, dev);
}

UNIT_TEST(debug_dev_shows_device_life)
{
	struct nettest_baseline b;
	struct net_device *dev;
	char want[64];

	nettest_begin(&b);
	trace_only(TRACE_DEV);
	dev = fake_eth_create(nt_mac_us);
	snprintf(want, sizeof(want), "%s: registered (ifindex %d, mtu 1500", dev->name,
		 dev->ifindex);
	EXPECT_LOGGED(want);
	snprintf(want, sizeof(want), "%s: up", dev->name);
	EXPECT_LOGGED(want);
	EXPECT_EQ_INT(dev_set_mtu(dev, 1000), 0);
	snprintf(want, sizeof(want), "%s: mtu 1500 -> 1000", dev->name);
	EXPECT_LOGGED(want);
	fake_eth_destroy(dev);
	EXPECT_LOGGED(": down");
	EXPECT_LOGGED(": unregistered");
	trace_only(TRACE_MAX);
	nettest_end(&b);
}

/* The helpers TCP calls (include/net/tcp_trace.h), on a socket bound and connected by hand. */
UNIT_TEST(debug_tcp_helpers_name_the_connection)
{
	struct nettest_baseline b;
	struct socket *sock;
	struct inet_sock *inet;

	nettest_begin(&b);
	ASSERT(sock_create_kern(AF_INET, SOCK_STREAM, 0, &sock) == 0);
	inet = inet_sk(sock->sk);
	inet->inet_rcv_saddr = US;
	inet->inet_sport = htons(80);
	inet->inet_daddr = PEER;
	inet->inet_dport = htons(41000);

	trace_only(TRACE_MAX);
	tcp_trace_state(sock->sk, TCP_SYN_RECV, TCP_ESTABLISHED);
	EXPECT_EQ_STR(shim_printk_log(), "");
	trace_only(TRACE_TCP);
	tcp_trace_state(sock->sk, TCP_SYN_RECV, TCP_ESTABLISHED);
	EXPECT_LOGGED("tcp: 10.0.0.2:80 > 10.0.0.1:41000 SYN_RECV -> ESTABLISHED\n");
	tcp_trace_retransmit(sock->sk, 1000, 1448, "fast");
	EXPECT_LOGGED("tcp: 10.0.0.2:80 > 10.0.0.1:41000 retransmit seq 1000 len 1448 (fast)\n");
	tcp_sk(sock->sk)->ca_state = TCP_CA_Recovery;
	tcp_sk(sock->sk)->snd_cwnd = 3;
	tcp_sk(sock->sk)->snd_ssthresh = 2;
	tcp_sk(sock->sk)->packets_out = 10;
	tcp_sk(sock->sk)->sacked_out = 4;
	tcp_sk(sock->sk)->lost_out = 2;
	tcp_sk(sock->sk)->retrans_out = 1;
	tcp_trace_rto(sock->sk, 400, 2);
	EXPECT_LOGGED("tcp: 10.0.0.2:80 > 10.0.0.1:41000 RTO expired after 400 ms "
		      "(backoff 2, Recovery, cwnd 3, ssthresh 2; 10 out, 4 sacked, 2 lost, "
		      "1 retrans)\n");
	tcp_sk(sock->sk)->packets_out = tcp_sk(sock->sk)->sacked_out = 0;
	tcp_sk(sock->sk)->lost_out = tcp_sk(sock->sk)->retrans_out = 0;
	tcp_sk(sock->sk)->ca_state = TCP_CA_Open;
	trace_only(TRACE_MAX);
	inet->inet_daddr = 0;
	inet->inet_dport = 0;
	inet->inet_sport = 0;
	inet->inet_rcv_saddr = 0;
	sock_release(sock);
	nettest_end(&b);
}
