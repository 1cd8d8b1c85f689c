/*
 * dhcp_lease.c - dhcpd's lease file lines (<skiff/dhcp_lease.h>), parsed
 * and written the same way in the kernel, which keeps the file, and in
 * the programs that write and read it.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <skiff/dhcp_lease.h>

#define ENDS_DIGITS_MAX	12		/* 10^12 s: longer than any uptime */

static const char *const state_names[DHCP_LEASE_NSTATES] = {
	[DHCP_LEASE_FREE] = "free",
	[DHCP_LEASE_OFFERED] = "offered",
	[DHCP_LEASE_BOUND] = "bound",
	[DHCP_LEASE_RELEASED] = "released",
	[DHCP_LEASE_EXPIRED] = "expired",
	[DHCP_LEASE_DECLINED] = "declined",
};

const char *dhcp_lease_state_name(unsigned int state)
{
	return state < DHCP_LEASE_NSTATES ? state_names[state] : "?";
}

/* The next space-separated field of *p, NUL-terminated; NULL at the end. */
static char *next_field(char **p)
{
	char *f = *p, *sp;

	if (!f)
		return NULL;
	sp = strchr(f, ' ');
	if (sp) {
		*sp = '\0';
		*p = sp + 1;
	} else {
		*p = NULL;
	}
	return f;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;		/* lower case only: one spelling per value */
}

/* Exactly n bytes as 2n lower-case hex digits, each pair optionally sep-joined. */
static bool parse_hex(const char *s, uint8_t *out, size_t n, char sep)
{
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(s[0]), lo = hi < 0 ? -1 : hexval(s[1]);

		if (lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (sep && i + 1 < n && *s++ != sep)
			return false;
	}
	return *s == '\0';
}

/* Decimal digits only, at most max_digits of them, below 2^64. */
static bool parse_u64(const char *s, unsigned int max_digits, uint64_t *v)
{
	size_t n = strlen(s);

	if (n == 0 || n > max_digits)
		return false;
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned int d = (unsigned int)(s[i] - '0');

		if (d > 9 || *v > (UINT64_MAX - d) / 10)
			return false;
		*v = *v * 10 + d;
	}
	return true;
}

/* 1..max characters, each one accept() allows. */
static bool parse_word(const char *s, char *out, size_t max,
		       bool (*accept)(char c))
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!accept(s[i]))
			return false;
	memcpy(out, s, n + 1);
	return true;
}

static bool ifname_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* What dhcp_parse_request lets through in option 12. */
static bool hostname_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static bool counter_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static bool parse_state(const char *s, uint8_t *state)
{
	for (unsigned int i = DHCP_LEASE_OFFERED; i < DHCP_LEASE_NSTATES; i++) {
		if (!strcmp(s, state_names[i])) {
			*state = (uint8_t)i;
			return true;
		}
	}
	return false;
}

/* "-", or 2..DHCP_LEASE_ID_MAX bytes in hex (RFC 2132 9.14: at least 2). */
static bool parse_client_id(const char *s, struct dhcp_lease_rec *l)
{
	size_t n = strlen(s);

	if (!strcmp(s, "-")) {
		l->client_id_len = 0;
		return true;
	}
	if (n % 2 || n < 4 || n > 2 * DHCP_LEASE_ID_MAX ||
	    !parse_hex(s, l->client_id, n / 2, 0))
		return false;
	l->client_id_len = (uint8_t)(n / 2);
	return true;
}

static bool parse_lease(char *p, struct dhcp_lease_rec *l)
{
	char *ifname = next_field(&p), *addr = next_field(&p);
	char *mac = next_field(&p), *state = next_field(&p);
	char *ends = next_field(&p), *id = next_field(&p);
	char *host = next_field(&p);

	memset(l, 0, sizeof(*l));
	return host && !p &&
	       parse_word(ifname, l->ifname, DHCP_LEASE_IFNAMSIZ - 1, ifname_char) &&
	       inet_pton(AF_INET, addr, &l->addr) == 1 &&
	       parse_hex(mac, l->mac, 6, ':') &&
	       parse_state(state, &l->state) &&
	       parse_u64(ends, ENDS_DIGITS_MAX, &l->ends) &&
	       parse_client_id(id, l) &&
	       (!strcmp(host, "-") ||
		parse_word(host, l->hostname, DHCP_LEASE_HOST_MAX, hostname_char));
}

static bool parse_counter(char *p, struct dhcp_counter_rec *c)
{
	char *name = next_field(&p), *value = next_field(&p);

	memset(c, 0, sizeof(*c));
	return value && !p &&
	       parse_word(name, c->name, DHCP_COUNTER_NAME_MAX, counter_char) &&
	       parse_u64(value, 20, &c->value);
}

int dhcp_lease_parse_line(const char *line, size_t len,
			  struct dhcp_lease_rec *lease,
			  struct dhcp_counter_rec *counter)
{
	char buf[DHCP_LEASE_LINE_MAX], *p = buf, *kind;

	if (len >= sizeof(buf) || memchr(line, '\0', len))
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	kind = next_field(&p);
	if (!strcmp(kind, "lease"))
		return parse_lease(p, lease) ? DHCP_LINE_LEASE : -1;
	if (!strcmp(kind, "counter"))
		return parse_counter(p, counter) ? DHCP_LINE_COUNTER : -1;
	return -1;
}

size_t dhcp_lease_format(char *buf, size_t size, const struct dhcp_lease_rec *l)
{
	char addr[INET_ADDRSTRLEN], id[2 * DHCP_LEASE_ID_MAX + 1] = "-";
	const uint8_t *a = (const uint8_t *)&l->addr;
	int n;

	for (unsigned int i = 0; i < l->client_id_len && i < DHCP_LEASE_ID_MAX; i++)
		snprintf(id + 2 * i, 3, "%02x", l->client_id[i]);
	snprintf(addr, sizeof(addr), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	n = snprintf(buf, size,
		     "lease %s %s %02x:%02x:%02x:%02x:%02x:%02x %s %llu %s %s\n",
		     l->ifname, addr, l->mac[0], l->mac[1], l->mac[2], l->mac[3],
		     l->mac[4], l->mac[5], dhcp_lease_state_name(l->state),
		     (unsigned long long)l->ends, id,
		     l->hostname[0] ? l->hostname : "-");
	return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

size_t dhcp_counter_format(char *buf, size_t size, const char *name,
			   uint64_t value)
{
	int n = snprintf(buf, size, "counter %s %llu\n", name,
			 (unsigned long long)value);

	return n > 0 && (size_t)n < size ? (size_t)n : 0;
}
