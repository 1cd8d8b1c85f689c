/*
 * Interfaces and their addresses: ip and ifconfig, as Linux's tools do it
 * without netlink. Devices are the lines of /proc/net/dev (with their
 * counters); flags, MTU and MAC come from SIOCGIF* ioctls, addresses
 * from SIOCGIFCONF. An address is named by its label: the device's own
 * ("eth0") or an alias ("eth0:0"), which `ip addr add` makes for a second
 * address; SIOCSIFADDR and SIOCSIFNETMASK set one, SIOCSIFFLAGS without
 * IFF_UP on an alias removes it.
 */
#include "shell.h"
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#define MAX_ADDRS	64

struct link_counters {
	unsigned long long rx_bytes, rx_packets, rx_errs, rx_drop;
	unsigned long long tx_bytes, tx_packets, tx_errs, tx_drop;
};

static void ifreq_init(struct ifreq *ifr, const char *name)
{
	memset(ifr, 0, sizeof(*ifr));
	strlcpy(ifr->ifr_name, name, sizeof(ifr->ifr_name));
}

static uint32_t ifreq_addr(const struct ifreq *ifr)
{
	return ((const struct sockaddr_in *)&ifr->ifr_addr)->sin_addr.s_addr;
}

/* The ioctl on name; false after "ip: WHAT: strerror" when it fails. */
static bool ifioctl(const char *cmd, unsigned long req, struct ifreq *ifr, const char *what)
{
	if (ioctl(shell_inet_socket(), req, ifr) == 0)
		return true;
	shell_error(cmd, what);
	return false;
}

/* Every address: SIOCGIFCONF fills up to max labels and addresses; -1 on error. */
static int list_addrs(const char *cmd, struct ifreq *reqs, int max)
{
	struct ifconf ifc = { .ifc_len = max * (int)sizeof(struct ifreq) };

	ifc.ifc_req = reqs;
	if (ioctl(shell_inet_socket(), SIOCGIFCONF, &ifc) < 0) {
		shell_error(cmd, "SIOCGIFCONF");
		return -1;
	}
	return ifc.ifc_len / (int)sizeof(struct ifreq);
}

/* label belongs to dev: "eth0" itself or "eth0:N". */
static bool label_of(const char *label, const char *dev)
{
	size_t n = strlen(dev);

	return !strncmp(label, dev, n) && (label[n] == '\0' || label[n] == ':');
}

static void show_addrs(const char *dev, const struct ifreq *reqs, int n)
{
	char a[INET_ADDRSTRLEN];

	for (int i = 0; i < n; i++) {
		struct ifreq ifr;
		int len = -1;

		if (!label_of(reqs[i].ifr_name, dev))
			continue;
		ifreq_init(&ifr, reqs[i].ifr_name);
		if (ioctl(shell_inet_socket(), SIOCGIFNETMASK, &ifr) == 0)
			len = shell_mask_len(ifreq_addr(&ifr));
		inet_ntop(AF_INET, &((const struct sockaddr_in *)&reqs[i].ifr_addr)->sin_addr,
			  a, sizeof(a));
		printf("    inet %s/%d%s%s\n", a, len, strcmp(reqs[i].ifr_name, dev) ? " " : "",
		       strcmp(reqs[i].ifr_name, dev) ? reqs[i].ifr_name : "");
	}
}

static void show_link(const char *dev, const struct link_counters *c,
		      const struct ifreq *addrs, int naddrs)
{
	struct ifreq ifr;
	unsigned char *m;
	int index, mtu;
	short flags;

	ifreq_init(&ifr, dev);
	if (!ifioctl("ip", SIOCGIFINDEX, &ifr, dev))
		return;
	index = ifr.ifr_ifindex;
	ifioctl("ip", SIOCGIFFLAGS, &ifr, dev);
	flags = ifr.ifr_flags;
	ifioctl("ip", SIOCGIFMTU, &ifr, dev);
	mtu = ifr.ifr_mtu;
	ifioctl("ip", SIOCGIFHWADDR, &ifr, dev);
	m = (unsigned char *)ifr.ifr_hwaddr.sa_data;
	printf("%d: %s: <%s%s%s> mtu %d\n    link %02x:%02x:%02x:%02x:%02x:%02x\n", index, dev,
	       (flags & IFF_UP) ? "UP" : "DOWN", (flags & IFF_RUNNING) ? ",LOWER_UP" : "",
	       (flags & IFF_LOOPBACK) ? ",LOOPBACK" : "", mtu, m[0], m[1], m[2], m[3], m[4], m[5]);
	show_addrs(dev, addrs, naddrs);
	printf("    RX %llu packets %llu bytes, %llu dropped %llu errors\n"
	       "    TX %llu packets %llu bytes, %llu dropped %llu errors\n",
	       c->rx_packets, c->rx_bytes, c->rx_drop, c->rx_errs,
	       c->tx_packets, c->tx_bytes, c->tx_drop, c->tx_errs);
}

/*
 * Every device of /proc/net/dev (Linux's layout: two header lines, then
 * "name: 8 receive and 8 transmit columns"), or just only.
 */
static int show_links(const char *only)
{
	struct ifreq addrs[MAX_ADDRS];
	char *text = shell_read_file("ip", "/proc/net/dev"), *p = text, *line;
	int naddrs = list_addrs("ip", addrs, MAX_ADDRS), found = 0;

	if (!text)
		return 1;
	shell_next_line(&p);
	shell_next_line(&p);
	while ((line = shell_next_line(&p))) {
		struct link_counters c;
		unsigned long long skip;
		char *colon = strchr(line, ':'), *name = line;

		if (!colon)
			continue;
		*colon = '\0';
		while (*name == ' ')
			name++;
		if ((only && strcmp(only, name)) ||
		    sscanf(colon + 1, "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
			   &c.rx_bytes, &c.rx_packets, &c.rx_errs, &c.rx_drop, &skip, &skip, &skip,
			   &skip, &c.tx_bytes, &c.tx_packets, &c.tx_errs, &c.tx_drop) != 12)
			continue;
		show_link(name, &c, addrs, naddrs < 0 ? 0 : naddrs);
		found++;
	}
	free(text);
	if (only && !found) {
		errno = ENODEV;
		return shell_error("ip", only);
	}
	return 0;
}

static int set_updown(const char *cmd, const char *dev, const char *how)
{
	struct ifreq ifr;

	ifreq_init(&ifr, dev);
	if (!ifioctl(cmd, SIOCGIFFLAGS, &ifr, dev))
		return 1;
	if (!strcmp(how, "up"))
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return !ifioctl(cmd, SIOCSIFFLAGS, &ifr, dev);
}

static int set_mtu(const char *cmd, const char *dev, const char *v)
{
	struct ifreq ifr;
	uint64_t mtu;

	if (!shell_parse_uint("mtu", v, 68, 9000, &mtu))
		return 1;
	ifreq_init(&ifr, dev);
	ifr.ifr_mtu = (int)mtu;
	return !ifioctl(cmd, SIOCSIFMTU, &ifr, dev);
}

/* SIOCSIFADDR then SIOCSIFNETMASK on label: what ifconfig does. */
static int set_addr(const char *cmd, const char *label, uint32_t addr, unsigned int len)
{
	char what[64];
	struct ifreq ifr;

	snprintf(what, sizeof(what), "%s %s", label, inet_ntoa((struct in_addr){ addr }));
	ifreq_init(&ifr, label);
	shell_set_sin(&ifr.ifr_addr, addr);
	if (!ifioctl(cmd, SIOCSIFADDR, &ifr, what))
		return 1;
	shell_set_sin(&ifr.ifr_addr, len ? htonl(~0u << (32 - len)) : 0);
	return !ifioctl(cmd, SIOCSIFNETMASK, &ifr, what);
}

/* The device must exist before its labels are worked out. */
static bool dev_exists(const char *cmd, const char *dev)
{
	struct ifreq ifr;

	ifreq_init(&ifr, dev);
	return ifioctl(cmd, SIOCGIFINDEX, &ifr, dev);
}

/* The device's own label if it has no address yet, else the first free alias. */
static bool free_label(const char *dev, const struct ifreq *reqs, int n, char *label, size_t size)
{
	bool used[64] = { false }, own = false;

	for (int i = 0; i < n; i++) {
		const char *l = reqs[i].ifr_name;

		if (!strcmp(l, dev))
			own = true;
		else if (label_of(l, dev) && atoi(l + strlen(dev) + 1) < 64)
			used[atoi(l + strlen(dev) + 1)] = true;
	}
	if (!own) {
		strlcpy(label, dev, size);
		return true;
	}
	for (int k = 0; k < 64; k++) {
		if (!used[k]) {
			snprintf(label, size, "%s:%d", dev, k);
			return true;
		}
	}
	return false;
}

/* ip addr add|del ADDR/PREFIX dev IF */
static int ip_addr_change(int argc, char **argv)
{
	struct ifreq reqs[MAX_ADDRS], ifr;
	char label[IFNAMSIZ], what[80];
	const char *dev = argv[5];
	unsigned int len;
	uint32_t addr;
	int n;

	if (!shell_parse_prefix("ip", argv[3], &addr, &len) || !dev_exists("ip", dev) ||
	    (n = list_addrs("ip", reqs, MAX_ADDRS)) < 0)
		return 1;
	snprintf(what, sizeof(what), "%s %s dev %s", argv[2], argv[3], dev);
	if (!strcmp(argv[2], "add")) {
		for (int i = 0; i < n; i++) {
			if (label_of(reqs[i].ifr_name, dev) && ifreq_addr(&reqs[i]) == addr) {
				errno = EEXIST;
				return shell_error("ip", what);
			}
		}
		if (!free_label(dev, reqs, n, label, sizeof(label))) {
			errno = ENOSPC;
			return shell_error("ip", what);
		}
		return set_addr("ip", label, addr, len);
	}
	for (int i = 0; i < n; i++) {
		if (!label_of(reqs[i].ifr_name, dev) || ifreq_addr(&reqs[i]) != addr)
			continue;
		ifreq_init(&ifr, reqs[i].ifr_name);
		if (strchr(reqs[i].ifr_name, ':'))	/* an alias goes down, and so away */
			return !ifioctl("ip", SIOCSIFFLAGS, &ifr, what);
		shell_set_sin(&ifr.ifr_addr, 0);		/* the device's own: 0.0.0.0 removes it */
		return !ifioctl("ip", SIOCSIFADDR, &ifr, what);
	}
	errno = EADDRNOTAVAIL;
	return shell_error("ip", what);
}

static int ip_link(int argc, char **argv)
{
	if (argc == 2 || (argc == 3 && !strcmp(argv[2], "show")))
		return show_links(NULL);
	if (argc == 4 && !strcmp(argv[2], "show"))
		return show_links(argv[3]);
	if (argc == 5 && !strcmp(argv[2], "set") &&
	    (!strcmp(argv[4], "up") || !strcmp(argv[4], "down")))
		return set_updown("ip", argv[3], argv[4]);
	if (argc == 6 && !strcmp(argv[2], "set") && !strcmp(argv[4], "mtu"))
		return set_mtu("ip", argv[3], argv[5]);
	return shell_usage(argv);
}

static int cmd_ip(int argc, char **argv)
{
	const char *obj = argc > 1 ? argv[1] : "addr";

	if (!strcmp(obj, "route") || !strcmp(obj, "r")) {
		argv[1] = "route";
		return shell_run(argc - 1, argv + 1);
	}
	if (!strcmp(obj, "neigh") || !strcmp(obj, "n")) {
		argv[1] = "arp";
		return shell_run(argc - 1, argv + 1);
	}
	if (!strcmp(obj, "link") || !strcmp(obj, "l"))
		return ip_link(argc, argv);
	if (strcmp(obj, "addr") && strcmp(obj, "a"))
		return shell_usage(argv);
	if (argc <= 2 || (argc == 3 && !strcmp(argv[2], "show")))
		return show_links(NULL);
	if (argc == 4 && !strcmp(argv[2], "show"))
		return show_links(argv[3]);
	if (argc == 6 && !strcmp(argv[4], "dev") &&
	    (!strcmp(argv[2], "add") || !strcmp(argv[2], "del")))
		return ip_addr_change(argc, argv);
	return shell_usage(argv);
}
SHELL_CMD(ip, "ip", "ip [addr [show [IF] | add|del ADDR/PREFIX dev IF]] | ip link [show [IF] | set IF up|down|mtu N] | ip route ... | ip neigh ...",
	  "show and set interfaces and addresses", cmd_ip);

/* ifconfig [IF [ADDR/PREFIX] [up|down] [mtu N]]; IF may be an alias (eth0:1). */
static int cmd_ifconfig(int argc, char **argv)
{
	char dev[IFNAMSIZ], *colon;

	if (argc == 1)
		return show_links(NULL);
	strlcpy(dev, argv[1], sizeof(dev));
	colon = strchr(dev, ':');
	if (colon)
		*colon = '\0';
	if (!dev_exists("ifconfig", dev))
		return 1;
	for (int i = 2; i < argc; i++) {
		uint32_t addr;
		unsigned int len;

		if (!strcmp(argv[i], "up") || !strcmp(argv[i], "down")) {
			if (set_updown("ifconfig", argv[1], argv[i]))
				return 1;
		} else if (!strcmp(argv[i], "mtu") && i + 1 < argc) {
			if (set_mtu("ifconfig", dev, argv[++i]))
				return 1;
		} else if (shell_parse_prefix("ifconfig", argv[i], &addr, &len)) {
			if (set_addr("ifconfig", argv[1], addr, len))
				return 1;
		} else {
			return 1;
		}
	}
	return show_links(dev);
}
SHELL_CMD(ifconfig, "ifconfig", "ifconfig [IF[:N] [ADDR/PREFIX] [up|down] [mtu N]]",
	  "show an interface, or set its address (or an alias's), state or MTU", cmd_ifconfig);
