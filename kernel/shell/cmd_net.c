/* Shell commands about the network: ip, ifconfig, route, arp, netstat, ping, stats. */
#include "shell.h"
#include <kernel/procfs.h>
#include <net/netdevice.h>
#include <net/inetdevice.h>
#include <net/inet_utils.h>
#include <net/route.h>
#include <net/arp.h>
#include <net/kping.h>
#include <net/icmp.h>
#include <net/net_stats.h>
#include <errno.h>
#include <string.h>

static struct net_device *find_dev(const char *name)
{
	struct net_device *dev = dev_get_by_name(name);

	if (!dev)
		sh_printf("%s: no such interface\n", name);
	return dev;
}

static bool parse_addr(const char *s, __be32 *a)
{
	if (in4_pton(s, a) != (int)strlen(s)) {
		sh_printf("'%s' is not an IPv4 address\n", s);
		return false;
	}
	return true;
}

static bool parse_prefix(const char *s, __be32 *a, unsigned int *len)
{
	if (!strcmp(s, "default")) {
		*a = 0;
		*len = 0;
		return true;
	}
	if (in4_prefix_pton(s, a, len) < 0) {
		sh_printf("'%s' is not ADDR/PREFIX (e.g. 10.0.0.2/24)\n", s);
		return false;
	}
	return true;
}

static void show_link(struct net_device *dev)
{
	const u8 *m = dev->dev_addr;
	const struct net_device_stats *st = dev_get_stats(dev);
	struct in_device *idev = __in_dev_get(dev);
	struct in_ifaddr *ifa;
	char a[INET_ADDRSTRLEN];

	sh_printf("%d: %s: <%s%s%s> mtu %u\n    link %02x:%02x:%02x:%02x:%02x:%02x\n",
		  dev->ifindex, dev->name, (dev->flags & IFF_UP) ? "UP" : "DOWN",
		  netif_carrier_ok(dev) ? ",LOWER_UP" : "",
		  (dev->flags & IFF_LOOPBACK) ? ",LOOPBACK" : "", dev->mtu,
		  m[0], m[1], m[2], m[3], m[4], m[5]);
	if (idev)
		list_for_each_entry(ifa, &idev->ifa_list, list)
			sh_printf("    inet %s/%u\n", in4_ntop(ifa->ifa_local, a), ifa->ifa_prefixlen);
	sh_printf("    RX %llu packets %llu bytes, %llu dropped %llu errors\n"
		  "    TX %llu packets %llu bytes, %llu dropped %llu errors\n",
		  (unsigned long long)st->rx_packets, (unsigned long long)st->rx_bytes,
		  (unsigned long long)st->rx_dropped, (unsigned long long)st->rx_errors,
		  (unsigned long long)st->tx_packets, (unsigned long long)st->tx_bytes,
		  (unsigned long long)st->tx_dropped, (unsigned long long)st->tx_errors);
}

static int show_all_links(void)
{
	struct net_device *dev;

	for_each_netdev(dev)
		show_link(dev);
	return 0;
}

static int set_updown(struct net_device *dev, const char *how)
{
	int err = !strcmp(how, "up") ? dev_open(dev) : dev_close(dev);

	if (err < 0)
		sh_printf("%s: cannot set %s: error %d\n", dev->name, how, err);
	return err < 0;
}

static int set_mtu(struct net_device *dev, const char *v)
{
	u64 mtu;
	int err;

	if (!shell_parse_uint("mtu", v, 68, 9000, &mtu))
		return 1;
	err = dev_set_mtu(dev, mtu);
	if (err < 0)
		sh_printf("%s: cannot set mtu %llu: error %d\n", dev->name,
			  (unsigned long long)mtu, err);
	return err < 0;
}

/* ip addr add|del ADDR/PREFIX dev IF */
static int ip_addr(int argc, char **argv)
{
	struct net_device *dev;
	__be32 a;
	unsigned int len;
	int err;

	if (argc == 2)
		return show_all_links();
	if (argc != 6 || strcmp(argv[4], "dev") ||
	    (strcmp(argv[2], "add") && strcmp(argv[2], "del")))
		return shell_usage(argv);
	if (!parse_prefix(argv[3], &a, &len) || !(dev = find_dev(argv[5])))
		return 1;
	err = !strcmp(argv[2], "add") ? inet_addr_add(dev, a, len) : inet_addr_del(dev, a);
	if (err < 0)
		sh_printf("ip: %s %s on %s failed: error %d\n", argv[2], argv[3], dev->name, err);
	return err < 0;
}

static int cmd_route(int argc, char **argv);
static int cmd_arp(int argc, char **argv);

static int cmd_ip(int argc, char **argv)
{
	struct net_device *dev;

	if (argc == 1)
		return show_all_links();
	if (!strcmp(argv[1], "addr") || !strcmp(argv[1], "a"))
		return ip_addr(argc, argv);
	if (!strcmp(argv[1], "route") || !strcmp(argv[1], "r"))
		return cmd_route(argc - 1, argv + 1);
	if (!strcmp(argv[1], "neigh") || !strcmp(argv[1], "n"))
		return cmd_arp(argc - 1, argv + 1);
	if (!strcmp(argv[1], "link") && argc == 2)
		return show_all_links();
	if (!strcmp(argv[1], "link") && argc == 5 && !strcmp(argv[2], "set")) {
		if (!(dev = find_dev(argv[3])))
			return 1;
		if (!strcmp(argv[4], "up") || !strcmp(argv[4], "down"))
			return set_updown(dev, argv[4]);
	}
	if (!strcmp(argv[1], "link") && argc == 6 && !strcmp(argv[2], "set") &&
	    !strcmp(argv[4], "mtu")) {
		if (!(dev = find_dev(argv[3])))
			return 1;
		return set_mtu(dev, argv[5]);
	}
	return shell_usage(argv);
}
SHELL_CMD(ip, "ip", "ip [addr [add|del ADDR/PREFIX dev IF]] | ip link [set IF up|down|mtu N] | ip route ... | ip neigh",
	  "show and set interfaces and addresses", cmd_ip);

/* ifconfig [IF [ADDR/PREFIX] [up|down] [mtu N]] */
static int cmd_ifconfig(int argc, char **argv)
{
	struct net_device *dev;

	if (argc == 1)
		return show_all_links();
	if (!(dev = find_dev(argv[1])))
		return 1;
	for (int i = 2; i < argc; i++) {
		__be32 a;
		unsigned int len;

		if (!strcmp(argv[i], "up") || !strcmp(argv[i], "down")) {
			if (set_updown(dev, argv[i]))
				return 1;
		} else if (!strcmp(argv[i], "mtu") && i + 1 < argc) {
			if (set_mtu(dev, argv[++i]))
				return 1;
		} else if (parse_prefix(argv[i], &a, &len)) {
			int err = inet_addr_add(dev, a, len);

			if (err < 0) {
				sh_printf("ifconfig: cannot add %s: error %d\n", argv[i], err);
				return 1;
			}
		} else {
			return shell_usage(argv);
		}
	}
	show_link(dev);
	return 0;
}
SHELL_CMD(ifconfig, "ifconfig", "ifconfig [IF [ADDR/PREFIX] [up|down] [mtu N]]",
	  "show an interface, or set its address, state or MTU", cmd_ifconfig);

static int print_proc(const char *path)
{
	struct seq_buf s;

	seq_buf_init(&s, 1024 * 1024);
	proc_show(path, &s);
	if (s.len)
		sh_printf("%s", s.buf);
	seq_buf_free(&s);
	return 0;
}

/* route [show] | route add DST/PREFIX|default [via GW] [dev IF] [metric N] | route del DST/PREFIX [via GW] */
static int cmd_route(int argc, char **argv)
{
	struct fib_route r = { 0 };
	unsigned int len;
	int err;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "show")))
		return print_proc("/proc/net/route");
	if (argc < 3 || (strcmp(argv[1], "add") && strcmp(argv[1], "del")) ||
	    !parse_prefix(argv[2], &r.dst, &len))
		return argc < 3 ? shell_usage(argv) : 1;
	r.prefixlen = len;
	for (int i = 3; i + 1 < argc; i += 2) {
		u64 metric;

		if (!strcmp(argv[i], "via")) {
			if (!parse_addr(argv[i + 1], &r.gateway))
				return 1;
		} else if (!strcmp(argv[i], "dev")) {
			if (!(r.dev = find_dev(argv[i + 1])))
				return 1;
		} else if (!strcmp(argv[i], "metric")) {
			if (!shell_parse_uint("metric", argv[i + 1], 0, 65535, &metric))
				return 1;
			r.metric = metric;
		} else {
			return shell_usage(argv);
		}
	}
	if ((argc - 3) % 2)
		return shell_usage(argv);
	err = !strcmp(argv[1], "add") ? ip_route_add(&r)
				      : ip_route_del(r.dst, r.prefixlen, r.gateway, r.dev);
	if (err < 0)
		sh_printf("route: %s %s failed: error %d%s\n", argv[1], argv[2], err,
			  err == -ENETUNREACH ? " (the gateway is not on a connected network)" : "");
	return err < 0;
}
SHELL_CMD(route, "route", "route [show] | route add DST/PREFIX|default [via GW] [dev IF] [metric N] | route del DST/PREFIX [via GW]",
	  "show, add or delete routes", cmd_route);

/* arp [show] | arp del ADDR dev IF */
static int cmd_arp(int argc, char **argv)
{
	struct net_device *dev;
	__be32 a;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "show")))
		return print_proc("/proc/net/arp");
	if (argc != 5 || strcmp(argv[1], "del") || strcmp(argv[3], "dev"))
		return shell_usage(argv);
	if (!parse_addr(argv[2], &a) || !(dev = find_dev(argv[4])))
		return 1;
	if (neigh_delete(dev, a) < 0) {
		sh_printf("arp: no entry for %s on %s\n", argv[2], dev->name);
		return 1;
	}
	return 0;
}
SHELL_CMD(arp, "arp", "arp [show] | arp del ADDR dev IF", "the neighbour (ARP) table", cmd_arp);

static int cmd_netstat(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	return print_proc("/proc/net/sockets");
}
SHELL_CMD(netstat, "netstat", "netstat", "sockets with their states and queue sizes", cmd_netstat);

static void stats_line(const char *line, void *ctx)
{
	sh_printf("%s\n", line);
}

static int cmd_stats(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	net_stats_format(stats_line, NULL);
	sh_printf("-- end of stats --\n");
	return 0;
}
SHELL_CMD(stats, "stats", "stats", "every network counter, by layer (Ip, Icmp, Udp, Tcp, Arp, Skb, devices)", cmd_stats);

/* ping [-c COUNT] [-s SIZE] [-i INTERVAL_MS] ADDR */
static int cmd_ping(int argc, char **argv)
{
	struct kping_opts o = { .count = 4, .size = 56, .interval_ms = 1000, .linger_ms = 2000 };
	__be32 dst;
	int i, err;

	for (i = 1; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		u64 v;

		if (!strcmp(argv[i], "-c") && shell_parse_uint("count", argv[i + 1], 1, 65535, &v))
			o.count = v;
		else if (!strcmp(argv[i], "-s") &&
			 shell_parse_uint("size", argv[i + 1], 0, PING_MAX_PAYLOAD, &v))
			o.size = v;
		else if (!strcmp(argv[i], "-i") && shell_parse_uint("interval", argv[i + 1], 1, 60000, &v))
			o.interval_ms = v;
		else
			return shell_usage(argv);
	}
	if (i != argc - 1)
		return shell_usage(argv);
	if (!parse_addr(argv[i], &dst))
		return 1;
	err = kping(dst, &o, NULL);
	if (err < 0 && err != -ETIMEDOUT)
		sh_printf("ping: %s: error %d%s\n", argv[i], err,
			  err == -ENETUNREACH ? " (no route)" : "");
	return err < 0;
}
SHELL_CMD(ping, "ping", "ping [-c COUNT] [-s SIZE] [-i INTERVAL_MS] ADDR",
	  "ICMP echo: replies with round-trip times, then a summary", cmd_ping);
