/*
 * Interface configuration from the command line, after the NIC drivers
 * have registered their devices:
 *
 *   ip=ADDR/PREFIX        eth0's address (and connected route)
 *   ip=dhcp               eth0 leases its address: the dhcpc service runs for it
 *   ip.IFACE=ADDR/PREFIX  another interface's (or ip.IFACE=dhcp)
 *   gw=ADDR               default gateway
 *   mtu=N, mtu.IFACE=N    interface MTU (68 .. 9000)
 *   forward=1             forward IPv4 between interfaces (RFC 1812)
 *   ping=ADDR|off         ping at boot (default: the gateway, 3 requests)
 *   ipfrag_time=S         how long an incomplete datagram is kept (RFC 791 / 1122: 15-60 s)
 *
 * Without ip=, eth0 takes QEMU user networking's defaults (10.0.2.15/24,
 * gateway 10.0.2.2), so `make run` works as it is.
 */
#include <kernel/kstrtox.h>
#include <kernel/cmdline.h>
#include <kernel/init.h>
#include <kernel/printk.h>
#include <net/netdevice.h>
#include <net/inetdevice.h>
#include <net/route.h>
#include <net/ip.h>
#include <kernel/service.h>
#include <net/inet_utils.h>
#include <net/byteorder.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_IFCONF	8
#define DEFAULT_ADDR	"10.0.2.15/24"
#define DEFAULT_GW	"10.0.2.2"
#define MTU_MIN		68	/* RFC 791: every host must take 68 octets unfragmented */
#define MTU_MAX		9000

struct ifconf {
	char name[IFNAMSIZ];
	__be32 addr;
	unsigned int prefixlen;
	bool has_addr;
	bool dhcp;
	unsigned int mtu;
};

static struct ifconf ifconf[MAX_IFCONF];
static __be32 gateway;
static bool has_gateway, ping_off, has_ping_target;
static __be32 ping_target;

static struct ifconf *ifconf_get(const char *name)
{
	for (int i = 0; i < MAX_IFCONF; i++)
		if (!strcmp(ifconf[i].name, name))
			return &ifconf[i];
	for (int i = 0; i < MAX_IFCONF; i++) {
		if (!ifconf[i].name[0]) {
			snprintf(ifconf[i].name, IFNAMSIZ, "%s", name);
			return &ifconf[i];
		}
	}
	return NULL;
}

/* "ip" is eth0; "ip.eth1" names its interface after the dot. */
static const char *iface_of(const char *key)
{
	const char *dot = strchr(key, '.');

	return dot ? dot + 1 : "eth0";
}

static int set_ip(const char *key, const char *value)
{
	struct ifconf *c;
	__be32 a;
	unsigned int len;

	if (!value || strlen(iface_of(key)) >= IFNAMSIZ)
		return -EINVAL;
	if (strcmp(value, "dhcp") && in4_prefix_pton(value, &a, &len) < 0)
		return -EINVAL;
	c = ifconf_get(iface_of(key));
	if (!c)
		return -ENOSPC;
	if (!strcmp(value, "dhcp")) {
		c->dhcp = true;
		return 0;
	}
	c->addr = a;
	c->prefixlen = len;
	c->has_addr = true;
	return 0;
}
CMDLINE_PARAM(ip, "ip", set_ip, "ip=ADDR/PREFIX|dhcp: eth0's address, e.g. ip=10.0.0.2/24");
CMDLINE_PARAM(ip_iface, "ip.", set_ip, "ip.IFACE=ADDR/PREFIX|dhcp: another interface's address");

static int set_mtu(const char *key, const char *value)
{
	unsigned long v;
	struct ifconf *c;

	if (!value || kstrtoul(value, 10, &v) || v < MTU_MIN || v > MTU_MAX ||
	    strlen(iface_of(key)) >= IFNAMSIZ)
		return -EINVAL;
	c = ifconf_get(iface_of(key));
	if (!c)
		return -ENOSPC;
	c->mtu = v;
	return 0;
}
CMDLINE_PARAM(mtu, "mtu", set_mtu, "mtu=N: eth0's MTU, 68..9000");
CMDLINE_PARAM(mtu_iface, "mtu.", set_mtu, "mtu.IFACE=N: another interface's MTU");

static int set_gw(const char *key, const char *value)
{
	if (!value || in4_pton(value, &gateway) != (int)strlen(value))
		return -EINVAL;
	has_gateway = true;
	return 0;
}
CMDLINE_PARAM(gw, "gw", set_gw, "gw=ADDR: the default gateway");

static int set_forward(const char *key, const char *value)
{
	if (value && strcmp(value, "1") && strcmp(value, "0"))
		return -EINVAL;
	ipv4_forward = !value || !strcmp(value, "1");
	return 0;
}
CMDLINE_PARAM(forward, "forward", set_forward, "forward=1: forward IPv4 between interfaces");

static int set_ping(const char *key, const char *value)
{
	if (value && !strcmp(value, "off")) {
		ping_off = true;
		return 0;
	}
	if (!value || in4_pton(value, &ping_target) != (int)strlen(value))
		return -EINVAL;
	has_ping_target = true;
	return 0;
}
CMDLINE_PARAM(ping, "ping", set_ping, "ping=ADDR|off: who to ping at boot (default: the gateway)");

static int set_ipfrag_time(const char *key, const char *value)
{
	unsigned long s;

	if (!value || kstrtoul(value, 10, &s) || s < 1 || s > 120)
		return -EINVAL;
	ipfrag_time_ms = s * 1000;
	return 0;
}
CMDLINE_PARAM(ipfrag_time, "ipfrag_time", set_ipfrag_time,
	      "ipfrag_time=S: reassembly timeout in seconds, 1..120 (default 30)");

static void configure_dev(struct net_device *dev, const struct ifconf *c)
{
	char a[INET_ADDRSTRLEN];
	int err;

	if (c && c->mtu && (err = dev_set_mtu(dev, c->mtu)) < 0)
		printk("%s: cannot set MTU %u: %d\n", dev->name, c->mtu, err);
	err = dev_open(dev);
	if (err < 0) {
		printk("%s: cannot bring the interface up: %d\n", dev->name, err);
		return;
	}
	if (c && c->dhcp) {
		const char *argv[] = { dev->name, NULL };

		printk("%s: up, address by DHCP (the dhcpc service); without a lease it "
		       "stays unconfigured and dhcpc keeps asking\n", dev->name);
		if (service_start("dhcpc", "dhcpc", argv, 0) < 0)
			printk("%s: cannot start dhcpc\n", dev->name);
		return;
	}
	if (!c || !c->has_addr) {
		printk("%s: up, no address (set ip.%s=ADDR/PREFIX)\n", dev->name, dev->name);
		return;
	}
	err = inet_addr_add(dev, c->addr, c->prefixlen);
	if (err < 0)
		printk("%s: cannot add %s/%u: %d\n", dev->name, in4_ntop(c->addr, a),
		       c->prefixlen, err);
	else
		printk("%s: %s/%u, MTU %u\n", dev->name, in4_ntop(c->addr, a),
		       c->prefixlen, dev->mtu);
}

/*
 * The boot ping is the shell's ping command as a one-shot service (the
 * shell runs the command its argv[0] names, as busybox does): the same
 * ICMP socket path a user's ping takes, its lines in the kernel log.
 */
static void boot_ping(__be32 target)
{
	char a[INET_ADDRSTRLEN];
	const char *argv[] = { "-c", "3", "-i", "200", in4_ntop(target, a), NULL };

	if (service_start("ping", "shell", argv, SVC_ONESHOT) < 0)
		printk("ipconfig: cannot start the boot ping\n");
}

static void use_user_net_defaults(void)
{
	struct ifconf *c = ifconf_get("eth0");

	in4_prefix_pton(DEFAULT_ADDR, &c->addr, &c->prefixlen);
	c->has_addr = true;
	if (!has_gateway) {
		in4_pton(DEFAULT_GW, &gateway);
		has_gateway = true;
	}
	printk("ipconfig: no ip= on the command line, eth0 takes QEMU user networking's "
	       "defaults %s gw %s\n", DEFAULT_ADDR, DEFAULT_GW);
}

static int ip_auto_config(void)
{
	struct ifconf *eth0 = NULL;
	struct net_device *dev;
	char a[INET_ADDRSTRLEN];

	for (int i = 0; i < MAX_IFCONF; i++)
		if (!strcmp(ifconf[i].name, "eth0") && (ifconf[i].has_addr || ifconf[i].dhcp))
			eth0 = &ifconf[i];
	if (!eth0 && dev_get_by_name("eth0"))
		use_user_net_defaults();
	for (int i = 0; i < MAX_IFCONF; i++)
		if (ifconf[i].name[0] && !dev_get_by_name(ifconf[i].name))
			printk("ipconfig: %s: no such interface, its settings are ignored\n",
			       ifconf[i].name);
	for_each_netdev(dev) {
		struct ifconf *c = NULL;

		if (dev->flags & IFF_LOOPBACK)
			continue;
		for (int i = 0; i < MAX_IFCONF; i++)
			if (!strcmp(ifconf[i].name, dev->name))
				c = &ifconf[i];
		configure_dev(dev, c);
	}
	if (has_gateway) {
		struct fib_route r = { .gateway = gateway };
		int err = ip_route_add(&r);

		printk("ipconfig: default gateway %s%s\n", in4_ntop(gateway, a),
		       err < 0 ? " NOT added: unreachable from every interface" : "");
	}
	if (ipv4_forward)
		printk("ipconfig: forwarding IPv4 between interfaces\n");
	if (!ping_off && (has_ping_target || has_gateway))
		boot_ping(has_ping_target ? ping_target : gateway);
	return 0;
}
device_initcall(ip_auto_config);
