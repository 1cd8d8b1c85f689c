/*
 * The stack's /proc files, in Linux's formats (/proc/net/dev, snmp, arp,
 * route, sockstat, udp), and the network half of /proc/skiff/stats.json.
 */
#include <kernel/procfs.h>
#include <kernel/stats.h>
#include <net/netdevice.h>
#include <net/inetdevice.h>
#include <net/inet_utils.h>
#include <net/inet_sock.h>
#include <net/byteorder.h>
#include <net/route.h>
#include <net/arp.h>
#include <net/snmp.h>
#include <net/skbuff.h>
#include <net/udp.h>
#include <net/tcp.h>
#include <kernel/spinlock.h>
#include <kernel/mm.h>
#include <stdio.h>

struct mib {
	const char *group;
	const char *const *names;
	const u64 *v;
	int n;
};

static const struct mib mibs[] = {
	{ "Ip", ip_mib_names, ip_mib, IPSTATS_MIB_MAX },
	{ "Icmp", icmp_mib_names, icmp_mib, ICMP_MIB_MAX },
	{ "Udp", udp_mib_names, udp_mib, UDP_MIB_MAX },
	{ "Tcp", tcp_mib_names, tcp_mib, TCP_MIB_MAX },
	{ "Arp", arp_mib_names, arp_mib, ARP_MIB_MAX },
};

/* As Linux prints /proc/net/snmp: a header line of names, then the values. */
static void show_snmp(struct seq_buf *s)
{
	for (size_t m = 0; m < ARRAY_SIZE(mibs); m++) {
		seq_printf(s, "%s:", mibs[m].group);
		for (int i = 0; i < mibs[m].n; i++)
			seq_printf(s, " %s", mibs[m].names[i]);
		seq_printf(s, "\n%s:", mibs[m].group);
		for (int i = 0; i < mibs[m].n; i++)
			seq_printf(s, " %llu", (unsigned long long)mibs[m].v[i]);
		seq_putc(s, '\n');
	}
}
PROC_ENTRY(net_snmp, "/proc/net/snmp", show_snmp);

static void show_dev(struct seq_buf *s)
{
	struct net_device *dev;

	seq_puts(s, "Inter-|   Receive                            |  Transmit\n"
		    " face |bytes    packets errs drop fifo frame |bytes    packets errs drop fifo carrier\n");
	for_each_netdev(dev) {
		const struct net_device_stats *st = dev_get_stats(dev);

		seq_printf(s, "%6s: %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu\n",
			   dev->name, (unsigned long long)st->rx_bytes,
			   (unsigned long long)st->rx_packets, (unsigned long long)st->rx_errors,
			   (unsigned long long)st->rx_dropped, (unsigned long long)st->rx_fifo_errors,
			   (unsigned long long)st->rx_frame_errors, (unsigned long long)st->tx_bytes,
			   (unsigned long long)st->tx_packets, (unsigned long long)st->tx_errors,
			   (unsigned long long)st->tx_dropped, (unsigned long long)st->tx_fifo_errors,
			   (unsigned long long)st->tx_carrier_errors);
	}
}
PROC_ENTRY(net_dev, "/proc/net/dev", show_dev);

static const char *ifname(int ifindex)
{
	struct net_device *dev = dev_get_by_index(ifindex);

	return dev ? dev->name : "?";
}

static void fmt_mac(char *b, const u8 *ha)
{
	snprintf(b, 18, "%02x:%02x:%02x:%02x:%02x:%02x", ha[0], ha[1], ha[2], ha[3], ha[4], ha[5]);
}

static int arp_line(const struct neigh_info *n, void *arg)
{
	char ip[INET_ADDRSTRLEN], mac[18];

	fmt_mac(mac, n->ha);
	seq_printf(arg, "%-15s %-10s %-17s %s\n", in4_ntop(n->ip, ip),
		   neigh_state_name(n->state), mac, ifname(n->ifindex));
	return 0;
}

static void show_arp(struct seq_buf *s)
{
	seq_puts(s, "IP address      State      HW address        Device\n");
	neigh_dump(arp_line, s);
}
PROC_ENTRY(net_arp, "/proc/net/arp", show_arp);

static int route_line(const struct fib_route *r, void *arg)
{
	char dst[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN], prefix[24];

	snprintf(prefix, sizeof(prefix), "%s/%u", in4_ntop(r->dst, dst), r->prefixlen);
	seq_printf(arg, "%-18s %-15s %-6s %u\n", prefix,
		   r->gateway ? in4_ntop(r->gateway, gw) : "-",
		   r->dev ? r->dev->name : "?", r->metric);
	return 0;
}

static void show_route(struct seq_buf *s)
{
	seq_puts(s, "Destination        Gateway         Iface  Metric\n");
	ip_route_dump(route_line, s);
}
PROC_ENTRY(net_route, "/proc/net/route", show_route);

static void sock_endpoints(struct sock *sk, char *local, char *remote)
{
	struct inet_sock *inet = inet_sk(sk);
	char a[INET_ADDRSTRLEN];

	snprintf(local, 24, "%s:%u", in4_ntop(inet->inet_rcv_saddr, a), inet->inet_num);
	snprintf(remote, 24, "%s:%u", in4_ntop(inet->inet_daddr, a), ntohs(inet->inet_dport));
}

static int udp_line(struct sock *sk, void *arg)
{
	char local[24], remote[24];

	sock_endpoints(sk, local, remote);
	seq_printf(arg, "udp %-21s %-21s %-11s %8u %8u\n", local, remote,
		   sk->sk_dport ? "ESTABLISHED" : "UNCONN", sk->sk_rmem_alloc,
		   sk->sk_wmem_alloc - 1);
	return 0;
}

/* TCP queues as netstat shows them: bytes not yet read, and not yet acknowledged. */
static void tcp_queues(struct sock *sk, u32 *rx, u32 *tx)
{
	struct tcp_sock *tp = tcp_sk(sk);

	*rx = sk->sk_state == TCP_LISTEN ? 0 : tp->rcv_nxt - tp->copied_seq;
	*tx = sk->sk_state == TCP_LISTEN ? 0 : tp->write_seq - tp->snd_una;
}

static int tcp_line(struct sock *sk, void *arg)
{
	char local[24], remote[24];
	u32 rx, tx;

	sock_endpoints(sk, local, remote);
	tcp_queues(sk, &rx, &tx);
	seq_printf(arg, "tcp %-21s %-21s %-11s %8u %8u\n", local, remote,
		   tcp_state_name(sk->sk_state), rx, tx);
	return 0;
}

static void show_sockets(struct seq_buf *s)
{
	seq_puts(s, "Proto Local                 Remote                State       Recv-Q   Send-Q\n");
	local_bh_disable();
	tcp_for_each_sock(tcp_line, s);
	udp_for_each_sock(udp_line, s);
	local_bh_enable();
}
PROC_ENTRY(net_sockets, "/proc/net/sockets", show_sockets);

struct sockstat {
	u32 inuse, orphan;
	u64 rmem;
};

/* In use: bound to a port and not CLOSED; an orphan: its owner closed it, TCP has not. */
static int sockstat_count(struct sock *sk, void *arg)
{
	struct sockstat *st = arg;

	if (sk->sk_state == TCP_CLOSE && sk->sk_protocol == IPPROTO_TCP)
		return 0;
	st->inuse++;
	st->orphan += sock_flag(sk, SOCK_DEAD);
	st->rmem += sk->sk_rmem_alloc;
	return 0;
}

/*
 * Linux's /proc/net/sockstat: the socks allocated; TCP's in use, orphaned,
 * in TIME-WAIT (timewait socks), allocated, and the pages its queues hold
 * (tcp_mem's measure, net/ipv4/tcp_mem.c); UDP's in use and the pages
 * their receive queues hold.
 */
static void show_sockstat(struct seq_buf *s)
{
	struct sockstat tcp = { 0 }, udp = { 0 };

	local_bh_disable();
	tcp_for_each_sock(sockstat_count, &tcp);
	udp_for_each_sock(sockstat_count, &udp);
	seq_printf(s, "sockets: used %u\n", sk_live_count());
	seq_printf(s, "TCP: inuse %u orphan %u tw %u alloc %u mem %ld\n", tcp.inuse,
		   tcp.orphan, tcp_tw_count(), tcp_sock_count(), tcp_memory_pages());
	seq_printf(s, "UDP: inuse %u mem %llu\n", udp.inuse,
		   (unsigned long long)DIV_ROUND_UP(udp.rmem, PAGE_SIZE));
	local_bh_enable();
}
PROC_ENTRY(net_sockstat, "/proc/net/sockstat", show_sockstat);

/* JSON ------------------------------------------------------------------ */

struct jl {
	struct seq_buf *s;
	bool first;
};

static void sep(struct jl *l)
{
	if (!l->first)
		seq_putc(l->s, ',');
	l->first = false;
}

static void json_iface(struct seq_buf *s, struct net_device *dev)
{
	const struct net_device_stats *st = dev_get_stats(dev);
	struct in_device *idev = __in_dev_get(dev);
	struct in_ifaddr *ifa;
	char mac[18], a[INET_ADDRSTRLEN];
	bool first = true;

	fmt_mac(mac, dev->dev_addr);
	seq_puts(s, "{\"name\":");
	seq_json_str(s, dev->name);
	seq_printf(s, ",\"mac\":\"%s\",\"mtu\":%u,\"up\":%s,\"carrier\":%s,\"addrs\":[",
		   mac, dev->mtu, (dev->flags & IFF_UP) ? "true" : "false",
		   netif_carrier_ok(dev) ? "true" : "false");
	if (idev) {
		list_for_each_entry(ifa, &idev->ifa_list, list) {
			seq_printf(s, "%s\"%s/%u\"", first ? "" : ",",
				   in4_ntop(ifa->ifa_local, a), ifa->ifa_prefixlen);
			first = false;
		}
	}
	seq_printf(s, "],\"stats\":{\"rx_packets\":%llu,\"rx_bytes\":%llu,\"rx_dropped\":%llu,"
		   "\"rx_errors\":%llu,\"tx_packets\":%llu,\"tx_bytes\":%llu,\"tx_dropped\":%llu,"
		   "\"tx_errors\":%llu}}",
		   (unsigned long long)st->rx_packets, (unsigned long long)st->rx_bytes,
		   (unsigned long long)st->rx_dropped, (unsigned long long)st->rx_errors,
		   (unsigned long long)st->tx_packets, (unsigned long long)st->tx_bytes,
		   (unsigned long long)st->tx_dropped, (unsigned long long)st->tx_errors);
}

static int route_json(const struct fib_route *r, void *arg)
{
	struct jl *l = arg;
	char dst[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];

	sep(l);
	seq_printf(l->s, "{\"dst\":\"%s/%u\",\"gateway\":\"%s\",\"dev\":\"%s\",\"metric\":%u}",
		   in4_ntop(r->dst, dst), r->prefixlen,
		   r->gateway ? in4_ntop(r->gateway, gw) : "", r->dev ? r->dev->name : "",
		   r->metric);
	return 0;
}

static int arp_json(const struct neigh_info *n, void *arg)
{
	struct jl *l = arg;
	char ip[INET_ADDRSTRLEN], mac[18];

	sep(l);
	fmt_mac(mac, n->ha);
	seq_printf(l->s, "{\"ip\":\"%s\",\"mac\":\"%s\",\"dev\":\"%s\",\"state\":\"%s\"}",
		   in4_ntop(n->ip, ip), mac, ifname(n->ifindex), neigh_state_name(n->state));
	return 0;
}

static int tcp_json(struct sock *sk, void *arg)
{
	struct jl *l = arg;
	char local[24], remote[24];
	u32 rx, tx;

	sep(l);
	sock_endpoints(sk, local, remote);
	tcp_queues(sk, &rx, &tx);
	seq_printf(l->s, "{\"proto\":\"tcp\",\"state\":\"%s\",\"local\":\"%s\",\"remote\":\"%s\","
		   "\"rx_queue\":%u,\"tx_queue\":%u}", tcp_state_name(sk->sk_state), local, remote,
		   rx, tx);
	return 0;
}

static int udp_json(struct sock *sk, void *arg)
{
	struct jl *l = arg;
	char local[24], remote[24];

	sep(l);
	sock_endpoints(sk, local, remote);
	seq_printf(l->s, "{\"proto\":\"udp\",\"state\":\"%s\",\"local\":\"%s\",\"remote\":\"%s\","
		   "\"rx_queue\":%u,\"tx_queue\":%u}", sk->sk_dport ? "ESTABLISHED" : "UNCONN",
		   local, remote, sk->sk_rmem_alloc, sk->sk_wmem_alloc - 1);
	return 0;
}

void stats_json_net(struct seq_buf *s)
{
	struct jl l = { s, true };
	struct net_device *dev;
	struct skb_stats sk;

	seq_puts(s, "\"interfaces\":[");
	for_each_netdev(dev) {
		sep(&l);
		json_iface(s, dev);
	}
	seq_puts(s, "],\"routes\":[");
	l.first = true;
	ip_route_dump(route_json, &l);
	seq_puts(s, "],\"arp\":[");
	l.first = true;
	neigh_dump(arp_json, &l);
	seq_puts(s, "],\"sockets\":[");
	l.first = true;
	local_bh_disable();
	tcp_for_each_sock(tcp_json, &l);
	udp_for_each_sock(udp_json, &l);
	local_bh_enable();
	seq_puts(s, "],\"snmp\":{");
	for (size_t m = 0; m < ARRAY_SIZE(mibs); m++) {
		seq_printf(s, "%s\"%s\":{", m ? "," : "", mibs[m].group);
		for (int i = 0; i < mibs[m].n; i++)
			seq_printf(s, "%s\"%s\":%llu", i ? "," : "", mibs[m].names[i],
				   (unsigned long long)mibs[m].v[i]);
		seq_putc(s, '}');
	}
	skb_get_stats(&sk);
	seq_printf(s, "},\"skb\":{\"live_heads\":%llu,\"live_data\":%llu,\"allocs\":%llu,"
		   "\"frees\":%llu,\"drops\":%llu}",
		   (unsigned long long)sk.live_heads, (unsigned long long)sk.live_data,
		   (unsigned long long)sk.allocs, (unsigned long long)sk.frees,
		   (unsigned long long)sk.drops);
}
