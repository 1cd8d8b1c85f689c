/*
 * The routing and neighbour tables: route and arp. The tables are read
 * from /proc/net/route (Linux's hex layout) and /proc/skiff/neigh (the
 * neighbour states, as `ip neigh` shows them); changes go through
 * SIOCADDRT/SIOCDELRT with a struct rtentry and SIOCDARP with a struct
 * arpreq, the Linux ABI route(8) and arp(8) use.
 */
#include "shell.h"
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <net/route.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

/* /proc/net/route as route(8) reads it: Iface, then hex destination, gateway, flags, ..., mask. */
static int show_routes(void)
{
	char *text = shell_read_file("route", "/proc/net/route"), *p = text, *line;

	if (!text)
		return 1;
	shell_next_line(&p);
	printf("Destination        Gateway         Iface  Metric\n");
	while ((line = shell_next_line(&p))) {
		char iface[17], prefix[24], a[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];
		unsigned int dst, gw, mask, flags;
		int refcnt, use, metric;

		if (sscanf(line, "%16s %x %x %X %d %d %d %x", iface, &dst, &gw, &flags, &refcnt,
			   &use, &metric, &mask) != 8)
			continue;
		inet_ntop(AF_INET, &dst, a, sizeof(a));
		inet_ntop(AF_INET, &gw, g, sizeof(g));
		snprintf(prefix, sizeof(prefix), "%s/%d", a, shell_mask_len(mask));
		printf("%-18s %-15s %-6s %d\n", prefix, (flags & RTF_GATEWAY) ? g : "-", iface,
		       metric);
	}
	free(text);
	return 0;
}

/* The words after DST: via GW, dev IF, metric N (route(8) counts metrics from 1). */
static bool parse_route_opts(int argc, char **argv, struct rtentry *rt, char *dev)
{
	uint32_t gw;
	uint64_t metric;

	if ((argc - 3) % 2) {
		shell_usage(argv);
		return false;
	}
	for (int i = 3; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "via")) {
			if (!shell_parse_addr("route", argv[i + 1], &gw))
				return false;
			shell_set_sin(&rt->rt_gateway, gw);
			rt->rt_flags |= RTF_GATEWAY;
		} else if (!strcmp(argv[i], "dev")) {
			strlcpy(dev, argv[i + 1], IFNAMSIZ);
			rt->rt_dev = dev;
		} else if (!strcmp(argv[i], "metric")) {
			if (!shell_parse_uint("metric", argv[i + 1], 0, 32766, &metric))
				return false;
			rt->rt_metric = (short)(metric + 1);
		} else {
			shell_usage(argv);
			return false;
		}
	}
	return true;
}

/* route [show] | route add|del DST/PREFIX|default [via GW] [dev IF] [metric N] */
static int cmd_route(int argc, char **argv)
{
	struct rtentry rt;
	char dev[IFNAMSIZ];
	unsigned int len;
	uint32_t dst;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "show")))
		return show_routes();
	if (argc < 3 || (strcmp(argv[1], "add") && strcmp(argv[1], "del")))
		return shell_usage(argv);
	if (!shell_parse_prefix("route", argv[2], &dst, &len))
		return 1;
	memset(&rt, 0, sizeof(rt));
	shell_set_sin(&rt.rt_dst, dst);
	shell_set_sin(&rt.rt_genmask, len ? htonl(~0u << (32 - len)) : 0);
	rt.rt_flags = RTF_UP | (len == 32 ? RTF_HOST : 0);
	if (!parse_route_opts(argc, argv, &rt, dev))
		return 1;
	if (ioctl(shell_inet_socket(), !strcmp(argv[1], "add") ? SIOCADDRT : SIOCDELRT, &rt) < 0) {
		printf("route: %s %s failed: %s\n", argv[1], argv[2], strerror(errno));
		return 1;
	}
	return 0;
}
SHELL_CMD(route, "route", "route [show] | route add|del DST/PREFIX|default [via GW] [dev IF] [metric N]",
	  "show, add or delete routes", cmd_route);

/* /proc/skiff/neigh: "ADDR dev IF [lladdr MAC] STATE" per entry. */
static int show_neigh(void)
{
	char *text = shell_read_file("arp", "/proc/skiff/neigh"), *p = text, *line;

	if (!text)
		return 1;
	printf("IP address      State      HW address        Device\n");
	while ((line = shell_next_line(&p))) {
		char ip[16], dev[IFNAMSIZ], word[20], mac[18] = "-", state[16];

		if (sscanf(line, "%15s dev %15s %19s", ip, dev, word) != 3)
			continue;
		if (!strcmp(word, "lladdr")) {
			if (sscanf(line, "%*s dev %*s lladdr %17s %15s", mac, state) != 2)
				continue;
		} else {
			strlcpy(state, word, sizeof(state));
		}
		printf("%-15s %-10s %-17s %s\n", ip, state, mac, dev);
	}
	free(text);
	return 0;
}

/* arp [show] | arp del ADDR dev IF */
static int cmd_arp(int argc, char **argv)
{
	struct arpreq r;
	char what[64];
	uint32_t addr;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "show")))
		return show_neigh();
	if (argc != 5 || strcmp(argv[1], "del") || strcmp(argv[3], "dev"))
		return shell_usage(argv);
	if (!shell_parse_addr("arp", argv[2], &addr))
		return 1;
	memset(&r, 0, sizeof(r));
	shell_set_sin(&r.arp_pa, addr);
	strlcpy(r.arp_dev, argv[4], sizeof(r.arp_dev));
	if (ioctl(shell_inet_socket(), SIOCDARP, &r) < 0) {
		snprintf(what, sizeof(what), "del %s dev %s", argv[2], argv[4]);
		return shell_error("arp", what);
	}
	return 0;
}
SHELL_CMD(arp, "arp", "arp [show] | arp del ADDR dev IF", "the neighbour (ARP) table", cmd_arp);
