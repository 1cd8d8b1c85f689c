/*
 * nft's matches (iifname, ip saddr, tcp dport, tcp flags, icmp type, ct
 * state, ...) and their values: numbers, names, ranges, prefixes, sets.
 */
#include <net/inet_utils.h>
#include <net/proto/icmp.h>
#include <net/proto/ip.h>
#include <net/byteorder.h>
#include <kernel/slab.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

#include "nf_tables_parse.h"

static const struct nft_name_val l4protos[] = {
	{ "icmp", IPPROTO_ICMP }, { "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP },
};

static const struct nft_name_val services[] = {
	{ "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 }, { "domain", 53 },
	{ "bootps", 67 }, { "bootpc", 68 }, { "http", 80 }, { "ntp", 123 }, { "https", 443 },
};

static const struct nft_name_val icmp_types[] = {
	{ "echo-reply", ICMP_ECHOREPLY }, { "destination-unreachable", ICMP_DEST_UNREACH },
	{ "source-quench", ICMP_SOURCE_QUENCH }, { "redirect", ICMP_REDIRECT },
	{ "echo-request", ICMP_ECHO }, { "router-advertisement", 9 },
	{ "router-solicitation", 10 }, { "time-exceeded", ICMP_TIME_EXCEEDED },
	{ "parameter-problem", ICMP_PARAMETERPROB }, { "timestamp-request", ICMP_TIMESTAMP },
	{ "timestamp-reply", ICMP_TIMESTAMPREPLY }, { "info-request", ICMP_INFO_REQUEST },
	{ "info-reply", ICMP_INFO_REPLY }, { "address-mask-request", ICMP_ADDRESS },
	{ "address-mask-reply", ICMP_ADDRESSREPLY },
};

static const struct nft_name_val tcp_flags[] = {
	{ "fin", 0x01 }, { "syn", 0x02 }, { "rst", 0x04 }, { "psh", 0x08 },
	{ "ack", 0x10 }, { "urg", 0x20 }, { "ecn", 0x40 }, { "cwr", 0x80 },
};

static const struct nft_name_val ct_states[] = {
	{ "invalid", NFT_CT_INVALID }, { "established", NFT_CT_ESTABLISHED },
	{ "related", NFT_CT_RELATED }, { "new", NFT_CT_NEW }, { "untracked", NFT_CT_UNTRACKED },
};

bool nft_port_value(const char *s, size_t len, u32 *v)
{
	return nft_parse_num(s, len, 65535, v) || NFT_LOOKUP(services, s, len, v);
}

static bool proto_value(const char *s, size_t len, u32 *v)
{
	return nft_parse_num(s, len, 255, v) || NFT_LOOKUP(l4protos, s, len, v);
}

static bool icmp_type_value(const char *s, size_t len, u32 *v)
{
	return nft_parse_num(s, len, 255, v) || NFT_LOOKUP(icmp_types, s, len, v);
}

bool nft_addr_value(const char *s, size_t len, u32 *v)
{
	char buf[INET_ADDRSTRLEN];
	__be32 a;

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	/* The whole word must be the address. */
	if (in4_pton(buf, &a) != (int)len)
		return false;
	*v = ntohl(a);
	return true;
}

/*
 * An element: VALUE, LOW-HIGH, or for addresses ADDR/LEN. A name with a
 * '-' in it ("echo-request") is tried whole first.
 */
bool nft_parse_elem(const char *s, size_t len, nft_value_fn fn, bool prefix, struct nft_elem *e)
{
	const char *dash = memchr(s, '-', len), *slash = memchr(s, '/', len);
	u32 plen;

	memset(e, 0, sizeof(*e));
	if (fn(s, len, &e->lo)) {
		e->hi = e->lo;
		return true;
	}
	if (prefix && slash) {
		if (!fn(s, (size_t)(slash - s), &e->lo) ||
		    !nft_parse_num(slash + 1, len - (size_t)(slash - s) - 1, 32, &plen))
			return false;
		/* RFC 4632: the prefix's first and last address. */
		e->lo &= plen ? ~0u << (32 - plen) : 0;
		e->hi = e->lo | (plen == 32 ? 0 : ~0u >> plen);
		return true;
	}
	return dash && fn(s, (size_t)(dash - s), &e->lo) &&
	       fn(dash + 1, len - (size_t)(dash - s) - 1, &e->hi) && e->lo <= e->hi;
}

int nft_set_elems(struct nft_parser *ps, struct nft_match *m, const struct nft_elem *e, u16 n)
{
	m->elems = kmalloc(n * sizeof(*e));
	if (!m->elems)
		return nft_fail(ps, "out of memory");
	memcpy(m->elems, e, n * sizeof(*e));
	m->nelems = n;
	m->lo = e[0].lo;
	m->hi = e[0].hi;
	for (u16 i = 1; i < n; i++) {
		m->lo = e[i].lo < m->lo ? e[i].lo : m->lo;
		m->hi = e[i].hi > m->hi ? e[i].hi : m->hi;
	}
	return 0;
}

/* "!=" or "==" before a value. */
static void parse_op(struct nft_parser *ps, struct nft_match *m)
{
	if (nft_accept(ps, "!="))
		m->neg = true;
	else
		nft_accept(ps, "==");
}

/* VALUE or { VALUE, ... } into m's elements; names: interface names. */
static int parse_values(struct nft_parser *ps, struct nft_match *m, nft_value_fn fn, bool prefix,
			bool names, const char *what)
{
	static struct nft_elem tmp[NFT_SET_MAX];
	u16 n = 0;
	bool set;

	parse_op(ps, m);
	set = ps->t.kind == T_LBRACE;
	if (set)
		nft_next(ps);
	m->is_set = set;
	do {
		while (set && (ps->t.kind == T_SEMI || ps->t.kind == T_COMMA))
			nft_next(ps);
		if (set && ps->t.kind == T_RBRACE)
			break;
		if (n == NFT_SET_MAX)
			return nft_fail(ps, "a set holds at most %d elements", NFT_SET_MAX);
		if (names) {
			memset(&tmp[n], 0, sizeof(tmp[n]));
			if (nft_take(ps, tmp[n].name, NFT_IFNAME_MAX, what))
				return -EINVAL;
		} else {
			if (ps->t.kind != T_WORD ||
			    !nft_parse_elem(ps->t.s, ps->t.len, fn, prefix, &tmp[n]))
				return nft_fail(ps, "expected %s", what);
			nft_next(ps);
		}
		n++;
	} while (set && (ps->t.kind == T_COMMA || ps->t.kind == T_SEMI || ps->t.kind == T_WORD ||
			 ps->t.kind == T_STRING));
	if (set) {
		if (ps->t.kind != T_RBRACE)
			return nft_fail(ps, "expected ',' or '}' in a set");
		nft_next(ps);
		if (!n)
			return nft_fail(ps, "an empty set");
	}
	return nft_set_elems(ps, m, tmp, n);
}

/* FLAG[,FLAG...] or FLAG|FLAG... : the bits. */
static int parse_bits(struct nft_parser *ps, const struct nft_name_val *t, size_t n, u32 *bits,
		      const char *what)
{
	u32 v;

	*bits = 0;
	do {
		if (ps->t.kind == T_COMMA || (ps->t.kind == T_PUNCT && ps->t.s[0] == '|'))
			nft_next(ps);
		if (ps->t.kind != T_WORD || !nft_lookup(t, n, ps->t.s, ps->t.len, &v))
			return nft_fail(ps, "expected %s", what);
		*bits |= v;
		nft_next(ps);
	} while (ps->t.kind == T_COMMA || (ps->t.kind == T_PUNCT && ps->t.s[0] == '|'));
	return 0;
}

static bool punct(const struct nft_parser *ps, char c)
{
	return ps->t.kind == T_PUNCT && ps->t.s[0] == c;
}

/* "(a|b)" or "a|b" or "a,b". */
static int parse_bits_group(struct nft_parser *ps, const struct nft_name_val *t, size_t n,
			    u32 *bits, const char *what)
{
	bool paren = punct(ps, '(');
	int err;

	if (paren)
		nft_next(ps);
	err = parse_bits(ps, t, n, bits, what);
	if (err)
		return err;
	if (paren) {
		if (!punct(ps, ')'))
			return nft_fail(ps, "expected ')'");
		nft_next(ps);
	}
	return 0;
}

/*
 * tcp flags F[,F]            any of them set
 * tcp flags == F | != F      exactly (not) these
 * tcp flags & (M) == V       the masked bits equal V (!= V: differ)
 * tcp flags F / M            the same as & (M) == F
 * ct state takes the first form, or a set of states.
 */
static int parse_flags(struct nft_parser *ps, struct nft_match *m, const struct nft_name_val *t,
		       size_t n, const char *what)
{
	if (ps->t.kind == T_LBRACE) {
		nft_next(ps);
		m->is_set = true;
		while (ps->t.kind == T_SEMI)
			nft_next(ps);
		if (parse_bits(ps, t, n, &m->mask, what))
			return -EINVAL;
		while (ps->t.kind == T_SEMI || ps->t.kind == T_COMMA)
			nft_next(ps);
		if (ps->t.kind != T_RBRACE)
			return nft_fail(ps, "expected '}'");
		nft_next(ps);
		m->op = NFT_OP_ANY;
		return 0;
	}
	if (punct(ps, '&')) {
		nft_next(ps);
		if (parse_bits_group(ps, t, n, &m->mask, what))
			return -EINVAL;
		if (nft_accept(ps, "!="))
			m->neg = true;
		else if (nft_expect(ps, "=="))
			return -EINVAL;
		m->op = NFT_OP_MASK;
		if (nft_accept(ps, "0"))	/* none of the masked bits */
			return 0;
		return parse_bits_group(ps, t, n, &m->cmp, what);
	}
	if (nft_accept(ps, "==") || nft_is(ps, "!=")) {
		m->neg = nft_accept(ps, "!=");
		if (m->neg) {	/* != F: none of them */
			m->op = NFT_OP_ANY;
			return parse_bits(ps, t, n, &m->mask, what);
		}
		m->op = NFT_OP_MASK;
		m->mask = 0xff;
		return parse_bits(ps, t, n, &m->cmp, what);
	}
	if (parse_bits(ps, t, n, &m->mask, what))
		return -EINVAL;
	m->op = NFT_OP_ANY;
	if (ps->t.kind == T_WORD && ps->t.len == 1 && ps->t.s[0] == '/') {
		nft_next(ps);
		m->cmp = m->mask;
		m->op = NFT_OP_MASK;
		return parse_bits(ps, t, n, &m->mask, what);
	}
	return 0;
}

struct nft_match *nft_new_match(struct nft_parser *ps, struct nft_rule *r, u8 type)
{
	struct nft_match *m;

	if (r->nmatch == NFT_RULE_MATCH_MAX) {
		nft_fail(ps, "a rule holds at most %d matches", NFT_RULE_MATCH_MAX);
		return NULL;
	}
	m = &r->match[r->nmatch++];
	memset(m, 0, sizeof(*m));
	m->type = type;
	return m;
}

/* ip protocol VALUES, ip saddr|daddr ADDRESSES: after "ip". */
static int parse_ip_match(struct nft_parser *ps, struct nft_rule *r)
{
	struct nft_match *m;

	if (nft_accept(ps, "protocol")) {
		if (!(m = nft_new_match(ps, r, NFT_M_L4PROTO)))
			return -EINVAL;
		return parse_values(ps, m, proto_value, false, false,
				    "a protocol (tcp, udp, icmp, 0-255)");
	}
	if (!nft_is(ps, "saddr") && !nft_is(ps, "daddr"))
		return nft_fail(ps, "expected 'saddr', 'daddr' or 'protocol' after 'ip'");
	if (!(m = nft_new_match(ps, r, nft_is(ps, "saddr") ? NFT_M_SADDR : NFT_M_DADDR)))
		return -EINVAL;
	nft_next(ps);
	return parse_values(ps, m, nft_addr_value, true, false,
			    "an IPv4 address, prefix (a.b.c.d/n) or range");
}

/* tcp|udp sport|dport PORTS, tcp flags FLAGS: after "tcp" or "udp" (proto). */
static int parse_l4_match(struct nft_parser *ps, struct nft_rule *r, u8 proto)
{
	struct nft_match *m;

	if (proto == IPPROTO_TCP && nft_accept(ps, "flags")) {
		if (!(m = nft_new_match(ps, r, NFT_M_TCPFLAGS)))
			return -EINVAL;
		m->l4proto = proto;
		return parse_flags(ps, m, tcp_flags, ARRAY_SIZE(tcp_flags),
				   "a TCP flag (fin, syn, rst, psh, ack, urg, ecn, cwr)");
	}
	if (!nft_is(ps, "sport") && !nft_is(ps, "dport"))
		return nft_fail(ps, "expected 'sport' or 'dport'%s",
				proto == IPPROTO_TCP ? " or 'flags'" : "");
	if (!(m = nft_new_match(ps, r, nft_is(ps, "sport") ? NFT_M_SPORT : NFT_M_DPORT)))
		return -EINVAL;
	m->l4proto = proto;
	nft_next(ps);
	return parse_values(ps, m, nft_port_value, false, false, "a port (0-65535) or range");
}

/* One match, its keywords already at the current token. */
int nft_parse_match(struct nft_parser *ps, struct nft_rule *r)
{
	struct nft_match *m;

	if (nft_is(ps, "iifname") || nft_is(ps, "oifname")) {
		m = nft_new_match(ps, r, nft_is(ps, "iifname") ? NFT_M_IIFNAME : NFT_M_OIFNAME);
		if (!m)
			return -EINVAL;
		nft_next(ps);
		return parse_values(ps, m, NULL, false, true, "an interface name");
	}
	if (nft_accept(ps, "meta")) {
		if (nft_is(ps, "iifname") || nft_is(ps, "oifname"))
			return nft_parse_match(ps, r);
		if (nft_expect(ps, "l4proto") || !(m = nft_new_match(ps, r, NFT_M_L4PROTO)))
			return -EINVAL;
		return parse_values(ps, m, proto_value, false, false, "a protocol (tcp, udp, icmp, 0-255)");
	}
	if (nft_accept(ps, "ip"))
		return parse_ip_match(ps, r);
	if (nft_is(ps, "tcp") || nft_is(ps, "udp")) {
		u8 proto = nft_is(ps, "tcp") ? IPPROTO_TCP : IPPROTO_UDP;

		nft_next(ps);
		return parse_l4_match(ps, r, proto);
	}
	if (nft_accept(ps, "icmp")) {
		if (nft_expect(ps, "type") || !(m = nft_new_match(ps, r, NFT_M_ICMPTYPE)))
			return -EINVAL;
		return parse_values(ps, m, icmp_type_value, false, false, "an ICMP type");
	}
	if (nft_accept(ps, "ct")) {
		if (nft_expect(ps, "state") || !(m = nft_new_match(ps, r, NFT_M_CTSTATE)))
			return -EINVAL;
		if (nft_accept(ps, "!="))
			m->neg = true;
		return parse_flags(ps, m, ct_states, ARRAY_SIZE(ct_states),
				   "a ct state (new, established, related, invalid, untracked)");
	}
	return nft_fail(ps, "expected a match or a statement");
}

const char *nft_icmp_type_name(u32 type)
{
	return nft_name_of(icmp_types, ARRAY_SIZE(icmp_types), type);
}

const char *nft_l4proto_name(u32 proto)
{
	return nft_name_of(l4protos, ARRAY_SIZE(l4protos), proto);
}

/* "syn,ack" (sep ",") or "syn|ack": TCP flags, or ct states for NFT_M_CTSTATE. */
const char *nft_bit_names(u8 type, u32 bits, char *buf, size_t len, const char *sep)
{
	const struct nft_name_val *t = type == NFT_M_CTSTATE ? ct_states : tcp_flags;
	size_t n = type == NFT_M_CTSTATE ? ARRAY_SIZE(ct_states) : ARRAY_SIZE(tcp_flags);
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (bits & t[i].val)
			used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
						 used ? sep : "", t[i].name);
	return buf;
}
