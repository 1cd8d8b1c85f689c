/*
 * Formatting of the stack's counters, for the console, the shell and
 * tests: one line per group, "Group: Name=value Name=value ...", so that a
 * person can read it and a script can split it.
 */
#include <net/net_stats.h>
#include <net/netdevice.h>
#include <net/netfault.h>
#include <net/skbuff.h>
#include <net/snmp.h>
#include <net/tcp.h>
#include <kernel/printk.h>
#include <stdio.h>

#define LINE_MAX 2048	/* TcpExt: about 45 counters */

struct line {
	char buf[LINE_MAX];
	size_t len;
};

static void line_start(struct line *l, const char *group)
{
	l->len = snprintf(l->buf, sizeof(l->buf), "%s:", group);
}

static void line_add(struct line *l, const char *key, u64 v)
{
	int n;

	if (l->len >= sizeof(l->buf))
		return;
	n = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, " %s=%llu", key,
		     (unsigned long long)v);
	if (n > 0)
		l->len += n;
}

static void emit_mib(const char *group, const char *const *names, const u64 *v,
		     int n, void (*emit)(const char *, void *), void *ctx)
{
	struct line l;

	line_start(&l, group);
	for (int i = 0; i < n; i++)
		line_add(&l, names[i], v[i]);
	emit(l.buf, ctx);
}

static void emit_dev(struct net_device *dev, void (*emit)(const char *, void *),
		     void *ctx)
{
	const struct net_device_stats *s = dev_get_stats(dev);
	char group[32];
	struct line l;

	snprintf(group, sizeof(group), "Dev %s", dev->name);
	line_start(&l, group);
	line_add(&l, "rx_packets", s->rx_packets);
	line_add(&l, "rx_bytes", s->rx_bytes);
	line_add(&l, "rx_errors", s->rx_errors);
	line_add(&l, "rx_dropped", s->rx_dropped);
	line_add(&l, "rx_length_errors", s->rx_length_errors);
	line_add(&l, "rx_over_errors", s->rx_over_errors);
	line_add(&l, "rx_crc_errors", s->rx_crc_errors);
	line_add(&l, "rx_frame_errors", s->rx_frame_errors);
	line_add(&l, "rx_fifo_errors", s->rx_fifo_errors);
	line_add(&l, "rx_missed_errors", s->rx_missed_errors);
	line_add(&l, "rx_nohandler", s->rx_nohandler);
	line_add(&l, "tx_packets", s->tx_packets);
	line_add(&l, "tx_bytes", s->tx_bytes);
	line_add(&l, "tx_errors", s->tx_errors);
	line_add(&l, "tx_dropped", s->tx_dropped);
	line_add(&l, "tx_timeout", s->tx_timeout);
	emit(l.buf, ctx);
}

void net_stats_format(void (*emit)(const char *line, void *ctx), void *ctx)
{
	struct skb_stats sk;
	struct softnet_stats sn;
	struct net_device *dev;
	struct line l;

	emit_mib("Ip", ip_mib_names, ip_mib, IPSTATS_MIB_MAX, emit, ctx);
	emit_mib("Icmp", icmp_mib_names, icmp_mib, ICMP_MIB_MAX, emit, ctx);
	emit_mib("Arp", arp_mib_names, arp_mib, ARP_MIB_MAX, emit, ctx);
	emit_mib("Udp", udp_mib_names, udp_mib, UDP_MIB_MAX, emit, ctx);
	emit_mib("Tcp", tcp_mib_names, tcp_mib, TCP_MIB_EXT_FIRST, emit, ctx);
	emit_mib("TcpExt", tcp_mib_names + TCP_MIB_EXT_FIRST,
		 tcp_mib + TCP_MIB_EXT_FIRST, TCP_MIB_MAX - TCP_MIB_EXT_FIRST, emit, ctx);
	skb_get_stats(&sk);
	line_start(&l, "Skb");
	line_add(&l, "allocs", sk.allocs);
	line_add(&l, "frees", sk.frees);
	line_add(&l, "clones", sk.clones);
	line_add(&l, "fclones", sk.fclones);
	line_add(&l, "copies", sk.copies);
	line_add(&l, "expands", sk.expands);
	line_add(&l, "drops", sk.drops);
	line_add(&l, "live_heads", sk.live_heads);
	line_add(&l, "live_data", sk.live_data);
	emit(l.buf, ctx);
	softnet_get_stats(&sn);
	line_start(&l, "Softnet");
	line_add(&l, "processed", sn.processed);
	line_add(&l, "dropped", sn.dropped);
	line_add(&l, "time_squeeze", sn.time_squeeze);
	line_add(&l, "backlog_len", sn.backlog_len);
	emit(l.buf, ctx);
	emit_mib("Netfault", netfault_mib_names, netfault_mib, NETFAULT_MIB_MAX, emit, ctx);
	line_start(&l, "Drop");
	for (int r = SKB_DROP_REASON_NOT_SPECIFIED; r < SKB_DROP_REASON_MAX; r++)
		line_add(&l, drop_reason_name(r), skb_drop_reason_count(r));
	emit(l.buf, ctx);
	for_each_netdev(dev)
		emit_dev(dev, emit, ctx);
}

static void print_line(const char *line, void *ctx)
{
	printk("%s\n", line);
}

void net_stats_print(void)
{
	net_stats_format(print_line, NULL);
}
