/* config.c - dhcpd.IFACE= keys of the command line, parsed and checked (config.h). */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define PREFIX		"dhcpd."
#define WORD_MAX	256		/* the kernel's longest value */

static bool fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return false;
}

/* "3600", "30s", "10m", "12h", "7d" within the limits. */
static bool parse_lease(const char *s, uint32_t *secs)
{
	static const struct { char unit; unsigned long mul; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	};
	unsigned long long v, mul = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	v = strtoull(s, &end, 10);
	if (*end) {
		mul = 0;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (end[0] == units[i].unit && end[1] == '\0')
				mul = units[i].mul;
		if (!mul)
			return false;
	}
	if (v > DHCPD_LEASE_MAX / mul || v * mul < DHCPD_LEASE_MIN)
		return false;
	*secs = (uint32_t)(v * mul);
	return true;
}

/* FIRST-LAST, both dotted quads, FIRST not after LAST. */
static bool parse_range(const char *s, struct dhcpd_config *c)
{
	const char *dash = strchr(s, '-');
	char first[INET_ADDRSTRLEN];
	size_t n = dash ? (size_t)(dash - s) : 0;

	if (!dash || n >= sizeof(first))
		return false;
	memcpy(first, s, n);
	first[n] = '\0';
	return inet_pton(AF_INET, first, &c->first) == 1 &&
	       inet_pton(AF_INET, dash + 1, &c->last) == 1 &&
	       ntohl(c->first) <= ntohl(c->last);
}

/* One KEY=VALUE after the range. */
static bool parse_option(char *opt, struct dhcpd_config *c, char *why,
			 size_t whylen)
{
	char *eq = strchr(opt, '=');
	const char *val;

	if (!eq)
		return fail(why, whylen, "'%s' is not KEY=VALUE", opt);
	*eq = '\0';
	val = eq + 1;
	if (!strcmp(opt, "lease")) {
		if (!parse_lease(val, &c->lease_secs))
			return fail(why, whylen, "lease=%s: want 10s..365d (3600, 30s, 10m, 12h, 7d)", val);
	} else if (!strcmp(opt, "router")) {
		c->router_given = true;
		c->router = 0;
		if (strcmp(val, "none") && inet_pton(AF_INET, val, &c->router) != 1)
			return fail(why, whylen, "router=%s: want an address or none", val);
	} else if (!strcmp(opt, "dns")) {
		if (c->ndns == DHCP_MAX_DNS)
			return fail(why, whylen, "at most %d dns= servers", DHCP_MAX_DNS);
		if (inet_pton(AF_INET, val, &c->dns[c->ndns]) != 1)
			return fail(why, whylen, "dns=%s: want an address", val);
		c->ndns++;
	} else {
		return fail(why, whylen, "unknown option '%s' (lease, router, dns)", opt);
	}
	return true;
}

bool dhcpd_config_parse(const char *ifname, const char *spec,
			struct dhcpd_config *c, char *why, size_t whylen)
{
	char buf[WORD_MAX], *p = buf, *field;

	memset(c, 0, sizeof(*c));
	c->lease_secs = DHCPD_LEASE_DEFAULT;
	if (!*ifname || strlen(ifname) >= sizeof(c->ifname))
		return fail(why, whylen, "bad interface name '%s'", ifname);
	memcpy(c->ifname, ifname, strlen(ifname) + 1);
	if (strlen(spec) >= sizeof(buf))
		return fail(why, whylen, "too long");
	memcpy(buf, spec, strlen(spec) + 1);
	field = strsep(&p, ",");
	if (!parse_range(field, c))
		return fail(why, whylen, "'%s' is not a range FIRST-LAST", field);
	while ((field = strsep(&p, ",")))
		if (!parse_option(field, c, why, whylen))
			return false;
	return true;
}

/* One word of the command line: a dhcpd.IFACE=SPEC key, or not ours. */
static bool config_word(const char *word, size_t len, struct dhcpd_config *c)
{
	char buf[WORD_MAX], why[96];
	char *eq;

	if (len < sizeof(PREFIX) || strncmp(word, PREFIX, sizeof(PREFIX) - 1))
		return false;
	if (len >= sizeof(buf)) {
		printf("dhcpd: %.*s...: too long, ignored\n", 24, word);
		return false;
	}
	memcpy(buf, word, len);
	buf[len] = '\0';
	eq = strchr(buf, '=');
	if (!eq) {
		printf("dhcpd: %s: no =FIRST-LAST, ignored\n", buf);
		return false;
	}
	*eq = '\0';
	if (!dhcpd_config_parse(buf + sizeof(PREFIX) - 1, eq + 1, c, why, sizeof(why))) {
		printf("dhcpd: %s=%s: %s, ignored\n", buf, eq + 1, why);
		return false;
	}
	return true;
}

int dhcpd_config_from_cmdline(const char *cmdline, struct dhcpd_config *cfg,
			      int max)
{
	const char *s = cmdline;
	int n = 0;

	while (*s) {
		size_t len;
		bool dup = false;

		s += strspn(s, " \t\n");
		len = strcspn(s, " \t\n");
		if (len == 0)
			break;
		if (n < max && config_word(s, len, &cfg[n])) {
			for (int i = 0; i < n; i++)
				dup |= !strcmp(cfg[i].ifname, cfg[n].ifname);
			if (dup)
				printf("dhcpd: %s is configured twice: the first one holds\n",
				       cfg[n].ifname);
			else
				n++;
		} else if (n == max && !strncmp(s, PREFIX, sizeof(PREFIX) - 1)) {
			printf("dhcpd: at most %d interfaces: %.*s ignored\n", max,
			       (int)len, s);
		}
		s += len;
	}
	return n;
}

static bool in_subnet(uint32_t a, uint32_t net, uint32_t mask)
{
	return (a & mask) == net;
}

bool dhcpd_config_check(const struct dhcpd_config *c, uint32_t if_addr,
			uint32_t if_mask, char *why, size_t whylen)
{
	uint32_t net = if_addr & if_mask, bcast = net | ~if_mask;
	uint32_t first = ntohl(c->first), last = ntohl(c->last);
	uint32_t self = ntohl(if_addr);

	if (!if_addr)
		return fail(why, whylen, "%s has no address (set ip.%s=ADDR/PREFIX)",
			    c->ifname, c->ifname);
	if (!in_subnet(c->first, net, if_mask) || !in_subnet(c->last, net, if_mask))
		return fail(why, whylen, "the pool is not on %s's subnet", c->ifname);
	if (c->first == net || c->last == bcast)
		return fail(why, whylen, "the pool holds the subnet's network or broadcast address");
	if (last - first + 1 > DHCPD_POOL_MAX)
		return fail(why, whylen, "the pool has %u addresses, at most %d",
			    last - first + 1, DHCPD_POOL_MAX);
	if (self >= first && self <= last)
		return fail(why, whylen, "the pool holds %s's own address", c->ifname);
	if (c->router && !in_subnet(c->router, net, if_mask))
		return fail(why, whylen, "router= is not on %s's subnet", c->ifname);
	return true;
}
