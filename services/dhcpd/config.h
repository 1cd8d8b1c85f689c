/*
 * dhcpd's configuration: one key on the kernel command line for each
 * interface it serves (read from /proc/cmdline, as Linux's services read
 * theirs), checked against that interface's own address:
 *
 *	dhcpd.IFACE=FIRST-LAST[,lease=T][,router=ADDR|none][,dns=ADDR]...
 *	dhcpd.eth1=10.1.0.100-10.1.0.199,lease=1h,dns=10.1.0.1
 *
 * lease is in seconds or with a unit (30s, 10m, 12h, 7d), 10 s to 365
 * days, default 1 h; router is the address clients route through
 * (default: the interface's own, as a router appliance wants; none for
 * no option 3); dns may be given up to three times (default: no option
 * 6). docs/dhcpd.md says the same for users.
 */
#ifndef DHCPD_CONFIG_H
#define DHCPD_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <skiff/dhcp_msg.h>

#define DHCPD_IFACES_MAX	4
#define DHCPD_POOL_MAX		1024	/* addresses in one pool */
#define DHCPD_LEASE_MIN		10
#define DHCPD_LEASE_MAX		(365 * 86400)
#define DHCPD_LEASE_DEFAULT	3600

/* One interface's settings; addresses in network byte order. */
struct dhcpd_config {
	char ifname[IFNAMSIZ];
	uint32_t first, last;		/* the pool */
	uint32_t lease_secs;
	bool router_given;		/* router= was there ... */
	uint32_t router;		/* ... with this address, 0 for none */
	uint32_t dns[DHCP_MAX_DNS];
	unsigned int ndns;
};

/*
 * Parses SPEC (what follows "dhcpd.IFACE=") for interface ifname into
 * *c. Returns true, or false with the reason in why.
 */
bool dhcpd_config_parse(const char *ifname, const char *spec,
			struct dhcpd_config *c, char *why, size_t whylen);

/*
 * Fills cfg (room for max) from every dhcpd.IFACE= word of a kernel
 * command line; a bad one is reported on stdout and skipped, as the
 * kernel does with its own keys. Returns how many were good.
 */
int dhcpd_config_from_cmdline(const char *cmdline, struct dhcpd_config *cfg,
			      int max);

/*
 * Checks c against its interface's address and netmask: the pool inside
 * the subnet and at most DHCPD_POOL_MAX long, without the network,
 * broadcast or interface address; the router on the subnet. Returns
 * true, or false with the reason in why.
 */
bool dhcpd_config_check(const struct dhcpd_config *c, uint32_t if_addr,
			uint32_t if_mask, char *why, size_t whylen);

#endif
