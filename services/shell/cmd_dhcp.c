/*
 * dhcp: what the DHCP server (the dhcpd service) has handed out, read
 * from its lease file /proc/skiff/dhcpd (<skiff/dhcp_lease.h>): `dhcp
 * leases` (the default) lists each address with its client's MAC, host
 * name, state and when the state ends; `dhcp stats` prints dhcpd's
 * counters, `Dhcpd: name=value ...` as `stats` prints the stack's.
 */
#include "shell.h"
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <skiff/dhcp_lease.h>

/* "in 59m58s" or "3m2s ago" for a moment delta seconds away. */
static void when(int64_t delta, char *out, size_t size)
{
	int64_t s = delta < 0 ? -delta : delta;
	char d[32];

	if (s >= 3600)
		snprintf(d, sizeof(d), "%lldh%02lldm", (long long)(s / 3600),
			 (long long)(s % 3600 / 60));
	else if (s >= 60)
		snprintf(d, sizeof(d), "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
	else
		snprintf(d, sizeof(d), "%llds", (long long)s);
	snprintf(out, size, delta < 0 ? "%s ago" : "in %s", d);
}

static void print_lease(const struct dhcp_lease_rec *l, int64_t now)
{
	char addr[INET_ADDRSTRLEN], ends[40];

	inet_ntop(AF_INET, &l->addr, addr, sizeof(addr));
	when((int64_t)l->ends - now, ends, sizeof(ends));
	printf("%-6s %-15s %02x:%02x:%02x:%02x:%02x:%02x  %-9s %-12s %s\n", l->ifname, addr,
	       l->mac[0], l->mac[1], l->mac[2], l->mac[3], l->mac[4], l->mac[5],
	       dhcp_lease_state_name(l->state), ends, l->hostname[0] ? l->hostname : "-");
}

static int dhcp_show(bool leases)
{
	char *text = shell_read_file("dhcp", "/proc/skiff/dhcpd"), *p = text, *line;
	int64_t now = shell_now_ms() / 1000;
	unsigned int n = 0, bound = 0, counters = 0;

	if (!text)
		return 1;
	if (leases)
		printf("IFACE  ADDRESS         MAC                STATE     ENDS         HOSTNAME\n");
	while ((line = shell_next_line(&p))) {
		struct dhcp_lease_rec l;
		struct dhcp_counter_rec c;
		int kind = dhcp_lease_parse_line(line, strlen(line), &l, &c);

		if (kind == DHCP_LINE_LEASE && leases) {
			print_lease(&l, now);
			n++;
			bound += l.state == DHCP_LEASE_BOUND;
		} else if (kind == DHCP_LINE_COUNTER && !leases) {
			printf("%s %s=%llu", counters ? "" : "Dhcpd:", c.name,
			       (unsigned long long)c.value);
			counters++;
		}
	}
	free(text);
	if (leases)
		printf("%u addresses known, %u bound\n", n, bound);
	else if (counters)
		printf("\n");
	else
		printf("no counters: dhcpd runs only with dhcpd.IFACE= on the command line\n");
	return 0;
}

static int cmd_dhcp(int argc, char **argv)
{
	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "leases")))
		return dhcp_show(true);
	if (argc == 2 && !strcmp(argv[1], "stats"))
		return dhcp_show(false);
	return shell_usage(argv);
}
SHELL_CMD(dhcp, "dhcp", "dhcp [leases|stats]",
	  "the DHCP server's leases (address, MAC, state, when it ends, host name) or its counters",
	  cmd_dhcp);
