/*
 * packettest - AF_PACKET sockets from user mode: raw and datagram frames
 * sent and received over lo, the taps' directions, a filter compiled from
 * a tcpdump expression (skiff/capture.h), PACKET_STATISTICS with drops,
 * a refused filter, epoll readiness; then on eth0 with the Linux peer of
 * tests/integration/test_packet.sh: a raw ARP request answered by Linux,
 * and frames of an experimental EtherType Linux sends, received.
 *
 * Output is TAP: "ok N - name" or "not ok N - name: reason", then
 * "packettest: N passed, N failed"; the exit status is 0 if all passed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <skiff/capture.h>

#define ETH_P_TEST	ETH_P_802_EX1	/* 0x88b5: what Linux sends in test_packet.sh */
#define ETH_P_TEST2	0x88b6
#define PEER_WAIT_MS	20000		/* Linux sends every 0.5 s for longer than this */

static int n_tests, n_failed;
static uint8_t frame[1600], buf[2048];

static void pass(const char *name)
{
	printf("ok %d - %s\n", ++n_tests, name);
}

static void fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(const char *name, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	n_failed++;
	printf("not ok %d - %s: %s\n", ++n_tests, name, why);
}

#define result(ok, name, ...) ((ok) ? pass(name) : fail(name, __VA_ARGS__))

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int ifreq_call(int fd, unsigned long req, const char *name, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, name, sizeof(ifr->ifr_name) - 1);
	return ioctl(fd, req, ifr);
}

static int pkt_socket(int type, uint16_t proto, const char *ifname)
{
	int fd = socket(AF_PACKET, type | SOCK_CLOEXEC, htons(proto));
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(proto) };
	struct ifreq ifr;

	if (fd < 0 || !ifname)
		return fd;
	if (ifreq_call(fd, SIOCGIFINDEX, ifname, &ifr) < 0)
		return -1;
	sll.sll_ifindex = ifr.ifr_ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -1;
	return fd;
}

static int ifindex(const char *name)
{
	struct ifreq ifr;
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	int r = fd < 0 ? -1 : ifreq_call(fd, SIOCGIFINDEX, name, &ifr);

	if (fd >= 0)
		close(fd);
	return r < 0 ? -1 : ifr.ifr_ifindex;
}

static ssize_t send_frame(int fd, int ifindex, uint16_t proto, const uint8_t *mac,
			  const void *data, size_t len)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(proto),
				   .sll_ifindex = ifindex, .sll_halen = mac ? 6 : 0 };

	if (mac)
		memcpy(sll.sll_addr, mac, 6);
	return sendto(fd, data, len, 0, (struct sockaddr *)&sll, sizeof(sll));
}

/* The next frame within ms, or -1 (errno EAGAIN when none came). */
static ssize_t recv_frame(int fd, struct sockaddr_ll *sll, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	socklen_t alen = sizeof(*sll);

	if (poll(&p, 1, ms) <= 0) {
		errno = EAGAIN;
		return -1;
	}
	return recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)sll, &alen);
}

static size_t eth_frame(const uint8_t *dst, const uint8_t *src, uint16_t type,
			const char *text, size_t len)
{
	memcpy(frame, dst, 6);
	memcpy(frame + 6, src, 6);
	frame[12] = (uint8_t)(type >> 8);
	frame[13] = (uint8_t)type;
	memset(frame + 14, 0, len - 14);
	memcpy(frame + 14, text, strlen(text));
	return len;
}

static const uint8_t zero_mac[6];

static void test_loopback_raw_and_dgram(void)
{
	int lo = ifindex("lo");
	int rx = pkt_socket(SOCK_DGRAM, ETH_P_TEST, "lo");
	int tap = pkt_socket(SOCK_RAW, ETH_P_ALL, "lo");
	int tx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	struct sockaddr_ll sll;
	size_t len = eth_frame(zero_mac, zero_mac, ETH_P_TEST, "packettest raw", 60);
	ssize_t n;

	if (lo < 0 || rx < 0 || tap < 0 || tx < 0) {
		fail("AF_PACKET sockets on lo", "socket/bind: %s", strerror(errno));
		return;
	}
	n = send_frame(tx, lo, 0, NULL, frame, len);
	result(n == (ssize_t)len, "SOCK_RAW sendto lo sends the whole frame", "sent %zd", n);
	n = recv_frame(rx, &sll, 2000);
	result(n == (ssize_t)(len - 14) && !memcmp(buf, frame + 14, len - 14) &&
	       sll.sll_pkttype == PACKET_HOST && sll.sll_protocol == htons(ETH_P_TEST) &&
	       sll.sll_ifindex == lo,
	       "SOCK_DGRAM bound to one EtherType gets it from the network header",
	       "got %zd bytes, pkttype %u, protocol %#x", n, sll.sll_pkttype,
	       ntohs(sll.sll_protocol));
	n = recv_frame(tap, &sll, 2000);
	result(n == (ssize_t)len && sll.sll_pkttype == PACKET_OUTGOING && !memcmp(buf, frame, len),
	       "an ETH_P_ALL tap sees the frame leave lo", "got %zd, pkttype %u", n,
	       sll.sll_pkttype);
	n = recv_frame(tap, &sll, 2000);
	result(n == (ssize_t)len && sll.sll_pkttype == PACKET_HOST,
	       "and come back in", "got %zd, pkttype %u", n, sll.sll_pkttype);

	/* SOCK_DGRAM: the kernel writes the link header from the address. */
	n = send_frame(rx, lo, ETH_P_TEST, zero_mac, "dgram", 5);
	result(n == 5, "SOCK_DGRAM sendto with sll_addr", "sent %zd (%s)", n, strerror(errno));
	n = recv_frame(tap, &sll, 2000);
	result(n == 19 && buf[12] == 0x88 && buf[13] == 0xb5 && !memcmp(buf + 14, "dgram", 5),
	       "its frame has the header built for it", "got %zd bytes", n);
	recv_frame(tap, &sll, 2000);	/* its way back in */
	n = recv_frame(rx, &sll, 0);
	n = n == 5 ? n : recv_frame(rx, &sll, 2000);
	result(n == 5, "a socket gets its own frame back only as it comes in on lo",
	       "got %zd", n);
	close(rx);
	close(tap);
	close(tx);
}

static void test_filter_and_statistics(void)
{
	struct capture_filter f;
	struct tpacket_stats st;
	struct capture_frame fr;
	struct capture cap;
	int tx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0), lo = ifindex("lo");
	char err[160];
	int got = 0;

	if (capture_filter_compile("ether proto 0x88b5 and greater 100", CAPTURE_SNAPLEN, &f,
				   err, sizeof(err)) < 0 ||
	    capture_open(&cap, "lo", &f, true, err, sizeof(err)) < 0) {
		fail("a capture with a compiled filter", "%s", err);
		return;
	}
	for (int i = 0; i < 6; i++)
		send_frame(tx, lo, 0, NULL, frame,
			   eth_frame(zero_mac, zero_mac, i % 3 ? ETH_P_TEST : ETH_P_TEST2,
				     "filter", i % 2 ? 200 : 60));
	/* 200-byte 0x88b5 frames: i = 1 and 5; lo's outgoing copies are skipped. */
	for (long long end = now_ms() + 3000; got < 2 && now_ms() < end; ) {
		int r = capture_next(&cap, buf, sizeof(buf), &fr);

		if (r == 0)
			poll(&(struct pollfd){ .fd = cap.fd, .events = POLLIN }, 1, 100);
		got += r == 1 && fr.len == 200 && buf[13] == 0xb5 &&
		       fr.sll.sll_pkttype == PACKET_HOST;
	}
	result(got == 2 && capture_next(&cap, buf, sizeof(buf), &fr) == 0,
	       "the filter 'ether proto 0x88b5 and greater 100' selects 2 of 6", "got %d", got);
	result(capture_stats(&cap, &st) == 0 && st.tp_packets == 4 && st.tp_drops == 0,
	       "PACKET_STATISTICS counts what the filter took (both directions on lo)",
	       "packets %u, drops %u", st.tp_packets, st.tp_drops);
	result(capture_stats(&cap, &st) == 0 && st.tp_packets == 0,
	       "and a read resets it", "packets %u", st.tp_packets);
	capture_close(&cap);
	close(tx);
}

static void test_drops_and_refused_filters(void)
{
	struct sock_filter loop[] = { BPF_STMT(BPF_JMP | BPF_JA, 0xffffffff),
				      BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog bad = { .len = 2, .filter = loop }, empty = { 0, loop };
	int rx = pkt_socket(SOCK_DGRAM, ETH_P_TEST2, "lo"), lo = ifindex("lo");
	int one = 1;
	unsigned int got = 0;
	struct tpacket_stats st;
	socklen_t sl = sizeof(st);
	struct sockaddr_ll sll;

	unsigned int packets = 0, drops = 0;

	setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &one, sizeof(one));
	for (int i = 0; i < 40; i++)
		send_frame(rx, lo, ETH_P_TEST2, zero_mac, frame, 1000);
	/* The statistics reset when read: add them up until all 40 are told. */
	for (long long end = now_ms() + 3000; packets < 40 && now_ms() < end; usleep(20000)) {
		if (getsockopt(rx, SOL_PACKET, PACKET_STATISTICS, &st, &sl) < 0)
			break;
		packets += st.tp_packets;
		drops += st.tp_drops;
	}
	while (recv_frame(rx, &sll, 0) == 1000)
		got++;
	result(got > 0 && drops > 0 && got + drops == 40 && packets == 40,
	       "a full receive buffer drops, and PACKET_STATISTICS says how many",
	       "read %d, packets %u, drops %u", got, packets, drops);
	result(setsockopt(rx, SOL_SOCKET, SO_ATTACH_FILTER, &bad, sizeof(bad)) < 0 &&
	       errno == EINVAL, "a filter jumping backward is refused (EINVAL)", "%s",
	       strerror(errno));
	result(setsockopt(rx, SOL_SOCKET, SO_ATTACH_FILTER, &empty, sizeof(empty)) < 0 &&
	       errno == EINVAL, "an empty filter is refused (EINVAL)", "%s", strerror(errno));
	result(setsockopt(rx, SOL_SOCKET, SO_DETACH_FILTER, &one, sizeof(one)) < 0 &&
	       errno == ENOENT, "detaching no filter is ENOENT", "%s", strerror(errno));
	close(rx);
}

static void test_epoll(void)
{
	int rx = pkt_socket(SOCK_DGRAM, ETH_P_TEST2, "lo"), lo = ifindex("lo");
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int before, after;

	epoll_ctl(ep, EPOLL_CTL_ADD, rx, &ev);
	before = epoll_wait(ep, &out, 1, 0);
	send_frame(rx, lo, ETH_P_TEST2, zero_mac, "ep", 2);
	after = epoll_wait(ep, &out, 1, 2000);
	result(before == 0 && after == 1 && (out.events & EPOLLIN),
	       "epoll: a packet socket turns readable when a frame arrives",
	       "before %d, after %d", before, after);
	close(ep);
	close(rx);
}

/* The shell's command: a bad expression is refused; a quiet second ends with 0. */
static void test_shell_command(void)
{
	char *bad[] = { "capture", "-i", "lo", "tcp", "port", NULL };
	char *quiet[] = { "capture", "-i", "lo", "-c", "1", "-t", "1", "ether", "proto", "0x88b7", NULL };

	result(capture_cmd(5, bad) == 1, "capture: a malformed expression is refused", "accepted");
	result(capture_cmd(10, quiet) == 0, "capture -t 1 ends after a second without traffic",
	       "failed");
}

/* ARP (RFC 826) request for target from us, padded with a marker Linux's tcpdump looks for. */
static size_t arp_request(const uint8_t *mac, uint32_t us, uint32_t target)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t hdr[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	size_t len = eth_frame(bcast, mac, ETH_P_ARP, "", 60);

	memcpy(frame + 14, hdr, 8);
	memcpy(frame + 22, mac, 6);
	memcpy(frame + 28, &us, 4);
	memset(frame + 32, 0, 6);
	memcpy(frame + 38, &target, 4);
	memcpy(frame + 42, "packettest-raw-arp", 18);	/* the trailer: 42..59 */
	return len;
}

static void test_eth0_with_the_peer(void)
{
	struct ifreq ifr, mask;
	struct capture_filter f;
	struct capture_frame fr;
	struct capture cap;
	uint8_t mac[6];
	uint32_t us, peer;
	char expr[96], err[160], line[200], a[INET_ADDRSTRLEN];
	int tx, rx, eth0 = ifindex("eth0"), r = 0;
	long long deadline;
	struct sockaddr_ll sll;
	ssize_t n;

	tx = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (eth0 < 0 || tx < 0 || ifreq_call(tx, SIOCGIFHWADDR, "eth0", &ifr) < 0) {
		fail("eth0", "no eth0: %s", strerror(errno));
		return;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	ifreq_call(tx, SIOCGIFADDR, "eth0", &ifr);
	ifreq_call(tx, SIOCGIFNETMASK, "eth0", &mask);
	us = ((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr.s_addr;
	/* The peer is the subnet's first address (10.0.0.1 in test_packet.sh). */
	peer = (us & ((struct sockaddr_in *)&mask.ifr_netmask)->sin_addr.s_addr) | htonl(1);
	inet_ntop(AF_INET, &peer, a, sizeof(a));
	snprintf(expr, sizeof(expr), "arp and src host %s", a);
	if (capture_filter_compile(expr, CAPTURE_SNAPLEN, &f, err, sizeof(err)) < 0 ||
	    capture_open(&cap, "eth0", &f, true, err, sizeof(err)) < 0) {
		fail("a capture on eth0", "%s", err);
		close(tx);
		return;
	}
	n = send_frame(tx, eth0, 0, NULL, frame, arp_request(mac, us, peer));
	result(n == 60, "a raw ARP request goes out of eth0", "sent %zd (%s)", n, strerror(errno));
	for (deadline = now_ms() + 5000; now_ms() < deadline && r <= 0; )
		if ((r = capture_next(&cap, buf, sizeof(buf), &fr)) == 0)
			poll(&(struct pollfd){ .fd = cap.fd, .events = POLLIN }, 1, 100);
	result(r == 1 && buf[21] == 2 && !memcmp(buf + 32, mac, 6),
	       "Linux answers it: an ARP reply to our MAC, through the capture's filter",
	       "no reply from %s in 5 s", a);
	if (r == 1) {
		capture_summary(&fr, capture_ifname(&cap, fr.sll.sll_ifindex), line, sizeof(line));
		result(strstr(line, "eth0 In  ARP, Reply") && strstr(line, a), "its summary line",
		       "'%s'", line);
	}
	capture_close(&cap);
	close(tx);

	/* Linux sends EtherType 0x88b5 frames once it sees this line. */
	rx = pkt_socket(SOCK_DGRAM, ETH_P_TEST, "eth0");
	printf("packettest: waiting for 0x88b5 frames on eth0\n");
	fflush(stdout);
	n = recv_frame(rx, &sll, PEER_WAIT_MS);
	result(n >= 16 && !memcmp(buf, "from-linux-peer", 15) && sll.sll_pkttype == PACKET_HOST,
	       "a frame Linux sent with EtherType 0x88b5 arrives on a SOCK_DGRAM socket",
	       "got %zd (%s)", n, n < 0 ? strerror(errno) : "other bytes");
	close(rx);
}

int main(void)
{
	printf("packettest: AF_PACKET sockets from user mode\n");
	test_loopback_raw_and_dgram();
	test_filter_and_statistics();
	test_drops_and_refused_filters();
	test_epoll();
	test_shell_command();
	test_eth0_with_the_peer();
	printf("packettest: %d passed, %d failed\n", n_tests - n_failed, n_failed);
	return n_failed ? 1 : 0;
}
