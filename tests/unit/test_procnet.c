/*
 * test_procnet.c - the /proc/net files each protocol registers, rendered
 * and read back the way Linux's own tools read them: the sscanf formats
 * of net-tools (netstat's tcp_do_one and udp_do_one, route's rprint_fib,
 * arp's arp_show, ifconfig's get_dev_fields), against the layouts of
 * Linux's get_tcp4_sock, udp4_format_sock, fib_route_seq_show,
 * arp_format_neigh_entry and dev_seq_printf_stats.
 */
/* links: net net/core/net_procfs.c net/ipv4/proc.c */
#include <kernel/procfs.h>
#include <kernel/net.h>
#include <net/arp.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/inetdevice.h>
#include <net/snmp.h>
#include <net/tcp.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)
#define LO	NT_IP(127, 0, 0, 1)

static struct seq_buf text;

/* Render path into text; false (after a failed check) if it does not exist. */
static bool render(const char *path)
{
	seq_buf_free(&text);
	seq_buf_init(&text, 1 << 20);
	return EXPECT_EQ_INT(proc_show(path, &text), 0) && EXPECT(!text.overflow);
}

/* The next line of text after *pos (no newline), in line; false at the end. */
static bool next_line(size_t *pos, char *line, size_t size)
{
	const char *p = text.buf + *pos, *nl;
	size_t n;

	if (*pos >= text.len)
		return false;
	nl = memchr(p, '\n', text.len - *pos);
	n = nl ? (size_t)(nl - p) : text.len - *pos;
	snprintf(line, size, "%.*s", (int)n, p);
	*pos += n + (nl != NULL);
	return true;
}

static struct net_device *setup(void)
{
	struct net_device *dev = fake_eth_create(nt_mac_us);

	if (inet_addr_add(dev, US, 24))
		return NULL;
	shim_run_softirqs();
	fake_eth_purge(dev);
	return dev;
}

UNIT_TEST(proc_net_route_reads_as_route_reads_it)
{
	struct fib_route def = { .gateway = PEER, .metric = 5 };
	struct fib_route host = { .dst = NT_IP(10, 9, 9, 9), .prefixlen = 32, .gateway = PEER };
	struct nettest_baseline b;
	struct net_device *dev;
	char line[256], iface[17], dst[129], gw[129], mask[129];
	int flags, refcnt, use, metric, mss, window, irtt, seen = 0;
	size_t pos = 0;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	ASSERT(ip_route_add(&def) == 0 && ip_route_add(&host) == 0);
	ASSERT(render("/proc/net/route"));
	ASSERT(next_line(&pos, line, sizeof(line)));
	EXPECT_EQ_UINT(strlen(line), 127);
	EXPECT(!strncmp(line, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\t"
			"Mask\t\tMTU\tWindow\tIRTT ", 61));
	while (next_line(&pos, line, sizeof(line))) {
		unsigned long d, g, m;

		EXPECT_EQ_UINT(strlen(line), 127);
		if (!EXPECT_EQ_INT(sscanf(line, "%16s %128s %128s %X %d %d %d %128s %d %d %d\n",
					  iface, dst, gw, &flags, &refcnt, &use, &metric, mask,
					  &mss, &window, &irtt), 11))
			break;
		d = strtoul(dst, NULL, 16);
		g = strtoul(gw, NULL, 16);
		m = strtoul(mask, NULL, 16);
		if (d == NT_IP(10, 0, 0, 0) && !strcmp(iface, dev->name)) {
			seen |= 1;	/* the connected route: up, on-link */
			EXPECT_EQ_UINT(g, 0);
			EXPECT_EQ_UINT(m, NT_IP(255, 255, 255, 0));
			EXPECT_EQ_INT(flags, 0x0001);
		} else if (d == 0) {
			seen |= 2;	/* default via the peer, metric as given */
			EXPECT_EQ_UINT(g, PEER);
			EXPECT_EQ_UINT(m, 0);
			EXPECT_EQ_INT(flags, 0x0003);
			EXPECT_EQ_INT(metric, 5);
			EXPECT_EQ_STR(iface, dev->name);
		} else if (d == NT_IP(10, 9, 9, 9)) {
			seen |= 4;	/* a host route: RTF_HOST */
			EXPECT_EQ_INT(flags, 0x0007);
			EXPECT_EQ_UINT(m, 0xffffffffu);
		}
	}
	EXPECT_EQ_INT(seen, 7);
	fake_eth_destroy(dev);
	seq_buf_free(&text);
	nettest_end(&b);
}

UNIT_TEST(proc_net_arp_reads_as_arp_reads_it)
{
	struct socktest st;
	struct net_device *dev;
	char line[256], ip[100], hwa[100], mask[100], ifname[100];
	unsigned int type, flags;
	u8 frame[64];
	size_t n, pos = 0;
	int seen = 0, fd;

	st_begin(&st);
	dev = setup();
	ASSERT(dev);
	ASSERT(neigh_add_permanent(dev, PEER, nt_mac_peer) == 0);
	/* A request from 10.0.0.7 teaches us its address (complete). */
	n = nt_arp_frame(frame, nt_mac_bcast, 1, (const u8[6]){ 2, 0, 0, 0, 0, 7 },
			 NT_IP(10, 0, 0, 7), (const u8[6]){ 0 }, US);
	nettest_inject(dev, frame, n);
	/* A datagram to 10.0.0.8 starts resolving it (incomplete). */
	fd = st_udp();
	EXPECT_EQ_INT(st_sendto(fd, "x", 1, NT_IP(10, 0, 0, 8), 9), 1);
	ASSERT(render("/proc/net/arp"));
	ASSERT(next_line(&pos, line, sizeof(line)));
	EXPECT_EQ_STR(line, "IP address       HW type     Flags       HW address            Mask     Device");
	while (next_line(&pos, line, sizeof(line))) {
		if (!EXPECT_EQ_INT(sscanf(line, "%99s 0x%x 0x%x %99s %99s %99s\n", ip, &type,
					  &flags, hwa, mask, ifname), 6))
			break;
		EXPECT_EQ_UINT(type, 1);	/* ARPHRD_ETHER */
		EXPECT_EQ_STR(mask, "*");
		EXPECT_EQ_STR(ifname, dev->name);
		if (!strcmp(ip, "10.0.0.1")) {
			seen |= 1;
			EXPECT_EQ_UINT(flags, 0x6);	/* ATF_PERM | ATF_COM */
			EXPECT_EQ_STR(hwa, "02:00:00:00:00:01");
		} else if (!strcmp(ip, "10.0.0.7")) {
			seen |= 2;
			EXPECT_EQ_UINT(flags, 0x2);
			EXPECT_EQ_STR(hwa, "02:00:00:00:00:07");
		} else if (!strcmp(ip, "10.0.0.8")) {
			seen |= 4;
			EXPECT_EQ_UINT(flags, 0x0);
			EXPECT_EQ_STR(hwa, "00:00:00:00:00:00");
		}
		/* Linux's column widths: the type at 17, the flags at 29. */
		EXPECT(!strncmp(line + 17, "0x1", 3) && line[29] == '0' && line[30] == 'x');
	}
	EXPECT_EQ_INT(seen, 7);
	/* The states the flags fold, in `ip neigh` form. */
	ASSERT(render("/proc/skiff/neigh"));
	snprintf(line, sizeof(line), "10.0.0.1 dev %s lladdr 02:00:00:00:00:01 PERMANENT\n",
		 dev->name);
	EXPECT(strstr(text.buf, line) != NULL);
	snprintf(line, sizeof(line), "10.0.0.8 dev %s INCOMPLETE\n", dev->name);
	EXPECT(strstr(text.buf, line) != NULL);
	seq_buf_free(&text);
	st_end(&st, dev);
}

/* ifconfig's procnetdev version 3 (the header says "compressed"): 16 numbers after "name:". */
UNIT_TEST(proc_net_dev_reads_as_ifconfig_reads_it)
{
	struct nettest_baseline b;
	struct net_device *dev;
	unsigned long long v[16];
	char line[512], want[64];
	size_t pos = 0;
	bool seen = false;

	nettest_begin(&b);
	dev = setup();
	ASSERT(dev);
	dev->stats.rx_bytes = 1000;
	dev->stats.rx_packets = 10;
	dev->stats.rx_errors = 9;
	dev->stats.rx_dropped = 3;
	dev->stats.rx_missed_errors = 4;
	dev->stats.rx_fifo_errors = 5;
	dev->stats.rx_length_errors = 1;
	dev->stats.rx_crc_errors = 2;
	dev->stats.multicast = 6;
	dev->stats.tx_bytes = 2000;
	dev->stats.tx_packets = 20;
	dev->stats.tx_dropped = 7;
	dev->stats.tx_carrier_errors = 1;
	dev->stats.tx_aborted_errors = 1;
	dev->stats.collisions = 8;
	ASSERT(render("/proc/net/dev"));
	ASSERT(next_line(&pos, line, sizeof(line)));
	EXPECT_EQ_STR(line, "Inter-|   Receive                                                |  Transmit");
	ASSERT(next_line(&pos, line, sizeof(line)));
	EXPECT_EQ_STR(line, " face |bytes    packets errs drop fifo frame compressed multicast|"
		      "bytes    packets errs drop fifo colls carrier compressed");
	while (next_line(&pos, line, sizeof(line))) {
		char *colon = strchr(line, ':'), *name = line;

		ASSERT(colon);
		*colon = '\0';
		while (*name == ' ')
			name++;
		if (strcmp(name, dev->name))
			continue;
		seen = true;
		EXPECT_EQ_INT(sscanf(colon + 1, "%llu %llu %llu %llu %llu %llu %llu %llu "
				     "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
				     &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
				     &v[10], &v[11], &v[12], &v[13], &v[14], &v[15]), 16);
		EXPECT_EQ_UINT(v[0], 1000);
		EXPECT_EQ_UINT(v[1], 10);
		EXPECT_EQ_UINT(v[2], 9);
		EXPECT_EQ_UINT(v[3], 7);	/* drop: dropped + missed */
		EXPECT_EQ_UINT(v[4], 5);
		EXPECT_EQ_UINT(v[5], 3);	/* frame: length + over + crc + frame */
		EXPECT_EQ_UINT(v[7], 6);
		EXPECT_EQ_UINT(v[8], 2000);
		EXPECT_EQ_UINT(v[9], 20);
		EXPECT_EQ_UINT(v[11], 7);
		EXPECT_EQ_UINT(v[13], 8);
		EXPECT_EQ_UINT(v[14], 2);	/* carrier: carrier + aborted + window + heartbeat */
	}
	EXPECT(seen);
	/* Each cause by its own name in Skiff's file. */
	ASSERT(render("/proc/skiff/netdev"));
	snprintf(want, sizeof(want), "%s: rx_packets rx_bytes rx_errors rx_dropped ", dev->name);
	EXPECT(strstr(text.buf, want) != NULL);
	fake_eth_destroy(dev);
	seq_buf_free(&text);
	nettest_end(&b);
}

static struct sockaddr_in lo_sin(u16 port)
{
	return nt_sin(LO, port);
}

struct tcp_row {
	int sl;
	char local[65], remote[65];
	unsigned int lport, rport, state, timer;
	unsigned long txq, rxq, when, retr;
	int uid, timeout;
	unsigned long inode;
};

/* netstat's tcp_do_one and udp_do_one format. */
static bool parse_row(const char *line, struct tcp_row *r)
{
	return sscanf(line, "%d: %64[0-9A-Fa-f]:%X %64[0-9A-Fa-f]:%X %X %lX:%lX %X:%lX %lX %d %d %lu %*s\n",
		      &r->sl, r->local, &r->lport, r->remote, &r->rport, &r->state, &r->txq,
		      &r->rxq, &r->timer, &r->when, &r->retr, &r->uid, &r->timeout,
		      &r->inode) == 14;
}

UNIT_TEST(proc_net_tcp_reads_as_netstat_reads_it)
{
	struct nettest_baseline b;
	struct sockaddr_in sin = lo_sin(7100);
	struct socket *l, *c, *a;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct kvec v = { "0123456789", 10 };
	char rbuf[16];
	struct kvec rv = { rbuf, sizeof(rbuf) };
	struct tcp_row r;
	char line[256];
	size_t pos = 0;
	int listeners = 0, established = 0, queued = 0, timewait = 0;

	nettest_begin(&b);
	ASSERT(!sock_create_kern(AF_INET, SOCK_STREAM, 0, &l));
	ASSERT(!kernel_bind(l, (struct sockaddr *)&sin, sizeof(sin)) && !kernel_listen(l, 4));
	ASSERT(!sock_create_kern(AF_INET, SOCK_STREAM, 0, &c));
	kernel_connect(c, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
	shim_run_softirqs();
	ASSERT(!kernel_accept(l, &a, O_NONBLOCK));
	EXPECT_EQ_INT(kernel_sendmsg(c, &msg, &v, 1, 10), 10);
	shim_run_softirqs();
	ASSERT(render("/proc/net/tcp"));
	ASSERT(next_line(&pos, line, sizeof(line)));
	EXPECT_EQ_UINT(strlen(line), 149);
	EXPECT(!strncmp(line, "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
			"retrnsmt   uid  timeout inode", 96));
	while (next_line(&pos, line, sizeof(line))) {
		EXPECT_EQ_UINT(strlen(line), 149);
		if (!EXPECT(parse_row(line, &r)))
			break;
		EXPECT_EQ_STR(r.local, "0100007F");	/* 127.0.0.1 as Linux prints it */
		if (r.state == 0x0A) {
			listeners++;
			EXPECT_EQ_UINT(r.lport, 7100);
			EXPECT_EQ_STR(r.remote, "00000000");
		} else if (r.state == 0x01) {
			established++;
			EXPECT(r.lport == 7100 || r.rport == 7100);
			if (r.lport == 7100 && r.rxq == 10)
				queued++;	/* the accepted end holds the unread bytes */
		}
	}
	EXPECT_EQ_INT(listeners, 1);
	EXPECT_EQ_INT(established, 2);
	EXPECT_EQ_INT(queued, 1);
	/*
	 * The side that closes first ends in TIME-WAIT, timer 3. Within an
	 * RTO: here the LAST-ACK side's first FIN, sent in the same
	 * millisecond, is not taken by the orphaned FIN-WAIT-2; its
	 * retransmission is.
	 */
	EXPECT_EQ_INT(kernel_recvmsg(a, &msg, &rv, 1, sizeof(rbuf), MSG_DONTWAIT), 10);
	sock_release(c);
	shim_run_softirqs();
	sock_release(a);
	shim_advance_ms(1500);
	ASSERT(render("/proc/net/tcp"));
	pos = 0;
	next_line(&pos, line, sizeof(line));
	while (next_line(&pos, line, sizeof(line)))
		if (parse_row(line, &r) && r.state == 0x06 && EXPECT_EQ_UINT(r.timer, 3))
			timewait++;
	EXPECT_EQ_INT(timewait, 1);
	sock_release(l);
	shim_advance_ms(10 * 60 * 1000);
	seq_buf_free(&text);
	nettest_end(&b);
}

UNIT_TEST(proc_net_udp_reads_as_netstat_reads_it)
{
	struct socktest st;
	struct tcp_row r;
	char line[256];
	size_t pos = 0;
	int fd, tx, seen = 0;
	u16 port;

	st_begin(&st);
	fd = st_udp();
	tx = st_udp();
	ASSERT(st_bind(fd, 0, 5353) == 0);
	EXPECT_EQ_INT(st_sendto(tx, "hello", 5, LO, 5353), 5);
	shim_run_softirqs();
	port = st_local_port(tx);
	ASSERT(render("/proc/net/udp"));
	ASSERT(next_line(&pos, line, sizeof(line)));
	EXPECT_EQ_UINT(strlen(line), 127);
	EXPECT(!strncmp(line, "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
			"retrnsmt   uid  timeout inode ref pointer drops", 114));
	while (next_line(&pos, line, sizeof(line))) {
		EXPECT_EQ_UINT(strlen(line), 127);
		if (!EXPECT(parse_row(line, &r)))
			break;
		EXPECT_EQ_UINT(r.state, 0x07);		/* TCP_CLOSE: unconnected */
		if (r.lport == 5353) {
			seen |= 1;
			EXPECT_EQ_STR(r.local, "00000000");
			EXPECT(r.rxq > 0);		/* the datagram waits */
			EXPECT_EQ_INT(r.sl, 5353 % 256);	/* its hash slot */
		} else if (r.lport == port) {
			seen |= 2;
		}
	}
	EXPECT_EQ_INT(seen, 3);
	seq_buf_free(&text);
	st_end(&st, NULL);
}

/* Every line of a pair-format file: "Group: names" then "Group: values", as many of each. */
static int check_pairs(const char *path, char groups[][16], int max)
{
	char names[2048], values[2048];
	size_t pos = 0;
	int n = 0;

	if (!render(path))
		return -1;
	while (next_line(&pos, names, sizeof(names))) {
		char *gn = strchr(names, ':'), *gv;
		int nn = 0, nv = 0;

		if (!EXPECT(gn && next_line(&pos, values, sizeof(values))))
			return -1;
		gv = strchr(values, ':');
		if (!EXPECT(gv && gv - values == gn - names && !strncmp(names, values, gn - names)))
			return -1;
		for (char *p = strtok(gn + 1, " "); p; p = strtok(NULL, " "))
			nn++;
		for (char *p = strtok(gv + 1, " "); p; p = strtok(NULL, " ")) {
			char *end;

			strtoll(p, &end, 10);
			EXPECT_MSG(!*end, "%s: '%s' is not a number", path, p);
			nv++;
		}
		EXPECT_EQ_INT(nn, nv);
		if (n < max)
			snprintf(groups[n++], 16, "%.*s", (int)(gn - names), names);
	}
	return n;
}

UNIT_TEST(proc_net_snmp_netstat_sockstat_in_linux_layout)
{
	struct nettest_baseline b;
	char groups[16][16];
	char *p;

	nettest_begin(&b);
	ASSERT(check_pairs("/proc/net/snmp", groups, 16) == 4);	/* no ICMP yet: no IcmpMsg */
	EXPECT_EQ_STR(groups[0], "Ip");
	EXPECT_EQ_STR(groups[1], "Icmp");
	EXPECT_EQ_STR(groups[2], "Tcp");
	EXPECT_EQ_STR(groups[3], "Udp");
	EXPECT(!strncmp(text.buf, "Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors "
			"ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests "
			"OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails "
			"FragOKs FragFails FragCreates\nIp: 2 64 ", 220));
	p = strstr(text.buf, "\nTcp: ");
	EXPECT(p && !strncmp(p, "\nTcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens "
			     "AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs "
			     "OutRsts InCsumErrors\nTcp: 1 200 120000 -1 ", 173));
	EXPECT(strstr(text.buf, "\nUdp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors "
		      "SndbufErrors InCsumErrors IgnoredMulti MemErrors\n") != NULL);
	EXPECT(strstr(text.buf, "\nIcmp: InMsgs InErrors InCsumErrors InDestUnreachs ") != NULL);
	ASSERT(check_pairs("/proc/net/netstat", groups, 16) == 2);
	EXPECT_EQ_STR(groups[0], "TcpExt");
	EXPECT_EQ_STR(groups[1], "IpExt");
	EXPECT(strstr(text.buf, "IpExt: InNoRoutes InTruncatedPkts InCsumErrors ReasmOverlaps\n"));
	/* Skiff's own names, none of them one of Linux's. */
	ASSERT(check_pairs("/proc/skiff/snmp", groups, 16) == 4);
	EXPECT_EQ_STR(groups[3], "Arp");
	EXPECT(strstr(text.buf, "InVersionErrors") && !strstr(text.buf, " InReceives"));
	ASSERT(render("/proc/net/sockstat"));
	EXPECT(!strncmp(text.buf, "sockets: used ", 14));
	EXPECT(strstr(text.buf, "\nTCP: inuse 0 orphan 0 tw 0 alloc 0 mem 0\nUDP: inuse 0 mem 0\n"
		      "FRAG: inuse 0 memory 0\n") != NULL);
	seq_buf_free(&text);
	nettest_end(&b);
}
