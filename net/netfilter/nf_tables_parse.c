/*
 * nft's language (nftables' parser_bison.y, the part Skiff runs): the
 * commands of the nft tool and the ruleset file syntax, compiled straight
 * into nf_tables rules. Every token is checked before it is believed; an
 * error names its line and token and stops the batch (nft_run then keeps
 * the ruleset in force). Newlines and ';' end statements; '#' starts a
 * comment; "\;" is ';' (as a shell leaves it).
 */
#include <net/netfilter/nf_tables.h>
#include <net/inet_utils.h>
#include <net/proto/icmp.h>
#include <net/proto/ip.h>
#include <net/byteorder.h>
#include <kernel/slab.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

enum tok_kind { T_END, T_WORD, T_STRING, T_SEMI, T_LBRACE, T_RBRACE, T_COMMA, T_PUNCT };

struct tok {
	enum tok_kind kind;
	const char *s;
	unsigned int len;
	unsigned int line;
};

struct parser {
	struct nft_ruleset *rs;
	struct nft_print *p;
	const char *pos;
	unsigned int line;
	struct tok t;		/* the current token */
	char *err;
	size_t errlen;
	bool failed;
};

/* ---- tokens ---- */

static bool is_word_char(char c)
{
	return c && !strchr(" \t\r\n;{},\"#()&|\\", c);
}

static void next(struct parser *ps)
{
	const char *s = ps->pos;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || (*s == '\\' && s[1] != ';'))
			s++;
		if (*s != '#')
			break;
		while (*s && *s != '\n')
			s++;
	}
	ps->t = (struct tok){ .kind = T_END, .s = s, .len = 0, .line = ps->line };
	if (!*s) {
		ps->pos = s;
		return;
	}
	if (*s == '\\')		/* "\;" */
		s++;
	ps->t.s = s;
	ps->t.len = 1;
	switch (*s) {
	case '\n':
		/* A newline ends a statement as ';' does. */
		ps->line++;
		ps->t.kind = T_SEMI;
		break;
	case ';':
		ps->t.kind = T_SEMI;
		break;
	case '{': ps->t.kind = T_LBRACE; break;
	case '}': ps->t.kind = T_RBRACE; break;
	case ',': ps->t.kind = T_COMMA; break;
	case '(': case ')': case '&': case '|':
		ps->t.kind = T_PUNCT;
		break;
	case '"': {
		const char *e = strchr(s + 1, '"');
		const char *nl = strchr(s + 1, '\n');

		ps->t.kind = T_STRING;
		ps->t.s = s + 1;
		if (!e || (nl && nl < e)) {
			ps->t.len = (unsigned int)strcspn(s + 1, "\n");
			ps->t.kind = T_END;	/* reported by whoever wanted a string */
			ps->pos = s + 1 + ps->t.len;
			ps->failed = true;
			snprintf(ps->err, ps->errlen, "line %u: unterminated string", ps->line);
			return;
		}
		ps->t.len = (unsigned int)(e - s - 1);
		ps->pos = e + 1;
		return;
	}
	default:
		ps->t.kind = T_WORD;
		while (is_word_char(s[ps->t.len]))
			ps->t.len++;
	}
	ps->pos = s + ps->t.len;
}

/*
 * The error, said once (later ones are consequences of the first): what
 * was found where something else was expected names the token; a
 * reference to something that is not there is said as it is.
 */
static int vfail(struct parser *ps, int err, bool at_token, const char *fmt, va_list ap)
{
	char what[160];

	if (ps->failed)
		return err;
	ps->failed = true;
	vsnprintf(what, sizeof(what), fmt, ap);
	if (!at_token)
		snprintf(ps->err, ps->errlen, "line %u: %s", ps->t.line, what);
	else if (ps->t.kind == T_END)
		snprintf(ps->err, ps->errlen, "line %u: unexpected end of input, %s", ps->t.line, what);
	else if (ps->t.kind == T_SEMI && ps->t.s[0] == '\n')
		snprintf(ps->err, ps->errlen, "line %u: unexpected newline, %s", ps->t.line, what);
	else
		snprintf(ps->err, ps->errlen, "line %u: unexpected '%.*s', %s", ps->t.line,
			 (int)(ps->t.len > 40 ? 40 : ps->t.len), ps->t.s, what);
	return err;
}

__printf(2, 3) static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail(ps, -EINVAL, true, fmt, ap);
	va_end(ap);
	return ret;
}

__printf(2, 3) static int fail_missing(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail(ps, -ENOENT, false, fmt, ap);
	va_end(ap);
	return ret;
}

static bool is(const struct parser *ps, const char *w)
{
	return ps->t.kind == T_WORD && ps->t.len == strlen(w) && !memcmp(ps->t.s, w, ps->t.len);
}

/* Take the word w if it is next. */
static bool accept_word(struct parser *ps, const char *w)
{
	if (!is(ps, w))
		return false;
	next(ps);
	return true;
}

static int expect(struct parser *ps, const char *w)
{
	if (accept_word(ps, w))
		return 0;
	return fail(ps, "expected '%s'", w);
}

static bool end_of_stmt(const struct parser *ps)
{
	return ps->t.kind == T_END || ps->t.kind == T_SEMI || ps->t.kind == T_RBRACE;
}

/* The current word or string into buf (NUL-terminated), then the next token. */
static int take(struct parser *ps, char *buf, size_t size, const char *what)
{
	if ((ps->t.kind != T_WORD && ps->t.kind != T_STRING) || ps->t.len == 0)
		return fail(ps, "expected %s", what);
	if (ps->t.len >= size)
		return fail(ps, "%s longer than %zu characters", what, size - 1);
	memcpy(buf, ps->t.s, ps->t.len);
	buf[ps->t.len] = '\0';
	next(ps);
	return 0;
}

/*
 * A table or chain name: a letter or '_', then word characters, quoted or
 * not. The listing writes names bare, so a quoted name holding a blank or
 * a ')' would list as text that does not load again.
 */
static int take_name(struct parser *ps, char *buf, const char *what)
{
	const char *s = ps->t.s;
	bool ok = ps->t.len > 0 && ((s[0] >= 'a' && s[0] <= 'z') ||
				    (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_');

	for (unsigned int i = 1; ok && i < ps->t.len; i++)
		ok = is_word_char(s[i]);
	if ((ps->t.kind == T_WORD || ps->t.kind == T_STRING) && !ok)
		return fail(ps, "expected %s", what);
	return take(ps, buf, NFT_NAME_MAX, what);
}

/* ---- values ---- */

struct name_val {
	const char *name;
	u32 val;
};

static bool lookup(const struct name_val *t, size_t n, const char *s, size_t len, u32 *v)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].name) == len && !memcmp(t[i].name, s, len)) {
			*v = t[i].val;
			return true;
		}
	return false;
}

static const char *name_of(const struct name_val *t, size_t n, u32 v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].val == v)
			return t[i].name;
	return NULL;
}

static bool parse_num(const char *s, size_t len, u32 max, u32 *v)
{
	u64 n = 0;

	if (!len || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		n = n * 10 + (u64)(s[i] - '0');
	}
	if (n > max)
		return false;
	*v = (u32)n;
	return true;
}

static const struct name_val l4protos[] = {
	{ "icmp", IPPROTO_ICMP }, { "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP },
};

static const struct name_val services[] = {
	{ "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 }, { "domain", 53 },
	{ "bootps", 67 }, { "bootpc", 68 }, { "http", 80 }, { "ntp", 123 }, { "https", 443 },
};

static const struct name_val icmp_types[] = {
	{ "echo-reply", ICMP_ECHOREPLY }, { "destination-unreachable", ICMP_DEST_UNREACH },
	{ "source-quench", ICMP_SOURCE_QUENCH }, { "redirect", ICMP_REDIRECT },
	{ "echo-request", ICMP_ECHO }, { "router-advertisement", 9 },
	{ "router-solicitation", 10 }, { "time-exceeded", ICMP_TIME_EXCEEDED },
	{ "parameter-problem", ICMP_PARAMETERPROB }, { "timestamp-request", ICMP_TIMESTAMP },
	{ "timestamp-reply", ICMP_TIMESTAMPREPLY }, { "info-request", ICMP_INFO_REQUEST },
	{ "info-reply", ICMP_INFO_REPLY }, { "address-mask-request", ICMP_ADDRESS },
	{ "address-mask-reply", ICMP_ADDRESSREPLY },
};

static const struct name_val icmp_codes[] = {
	{ "net-unreachable", ICMP_NET_UNREACH }, { "host-unreachable", ICMP_HOST_UNREACH },
	{ "prot-unreachable", ICMP_PROT_UNREACH }, { "port-unreachable", ICMP_PORT_UNREACH },
	{ "net-prohibited", 9 }, { "host-prohibited", 10 },
	{ "admin-prohibited", ICMP_PKT_FILTERED },
};

/* nft's icmpx codes for the inet family, as the ICMP codes they send. */
static const struct name_val icmpx_codes[] = {
	{ "no-route", ICMP_NET_UNREACH }, { "port-unreachable", ICMP_PORT_UNREACH },
	{ "host-unreachable", ICMP_HOST_UNREACH }, { "admin-prohibited", ICMP_PKT_FILTERED },
};

static const struct name_val tcp_flags[] = {
	{ "fin", 0x01 }, { "syn", 0x02 }, { "rst", 0x04 }, { "psh", 0x08 },
	{ "ack", 0x10 }, { "urg", 0x20 }, { "ecn", 0x40 }, { "cwr", 0x80 },
};

static const struct name_val ct_states[] = {
	{ "invalid", NFT_CT_INVALID }, { "established", NFT_CT_ESTABLISHED },
	{ "related", NFT_CT_RELATED }, { "new", NFT_CT_NEW }, { "untracked", NFT_CT_UNTRACKED },
};

#define LOOKUP(tab, s, len, v) lookup(tab, ARRAY_SIZE(tab), s, len, v)

/* One value of a match's kind from s[0..len): false if it is not one. */
typedef bool (*value_fn)(const char *s, size_t len, u32 *v);

static bool port_value(const char *s, size_t len, u32 *v)
{
	return parse_num(s, len, 65535, v) || LOOKUP(services, s, len, v);
}

static bool proto_value(const char *s, size_t len, u32 *v)
{
	return parse_num(s, len, 255, v) || LOOKUP(l4protos, s, len, v);
}

static bool icmp_type_value(const char *s, size_t len, u32 *v)
{
	return parse_num(s, len, 255, v) || LOOKUP(icmp_types, s, len, v);
}

static bool addr_value(const char *s, size_t len, u32 *v)
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
static bool parse_elem(const char *s, size_t len, value_fn fn, bool prefix, struct nft_elem *e)
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
		    !parse_num(slash + 1, len - (size_t)(slash - s) - 1, 32, &plen))
			return false;
		/* RFC 4632: the prefix's first and last address. */
		e->lo &= plen ? ~0u << (32 - plen) : 0;
		e->hi = e->lo | (plen == 32 ? 0 : ~0u >> plen);
		return true;
	}
	return dash && fn(s, (size_t)(dash - s), &e->lo) &&
	       fn(dash + 1, len - (size_t)(dash - s) - 1, &e->hi) && e->lo <= e->hi;
}

/* ---- matches ---- */

static int set_elems(struct parser *ps, struct nft_match *m, const struct nft_elem *e, u16 n)
{
	m->elems = kmalloc(n * sizeof(*e));
	if (!m->elems)
		return fail(ps, "out of memory");
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
static void parse_op(struct parser *ps, struct nft_match *m)
{
	if (accept_word(ps, "!="))
		m->neg = true;
	else
		accept_word(ps, "==");
}

/* VALUE or { VALUE, ... } into m's elements; names: interface names. */
static int parse_values(struct parser *ps, struct nft_match *m, value_fn fn, bool prefix,
			bool names, const char *what)
{
	static struct nft_elem tmp[NFT_SET_MAX];
	u16 n = 0;
	bool set;

	parse_op(ps, m);
	set = ps->t.kind == T_LBRACE;
	if (set)
		next(ps);
	m->is_set = set;
	do {
		while (set && (ps->t.kind == T_SEMI || ps->t.kind == T_COMMA))
			next(ps);
		if (set && ps->t.kind == T_RBRACE)
			break;
		if (n == NFT_SET_MAX)
			return fail(ps, "a set holds at most %d elements", NFT_SET_MAX);
		if (names) {
			memset(&tmp[n], 0, sizeof(tmp[n]));
			if (take(ps, tmp[n].name, NFT_IFNAME_MAX, what))
				return -EINVAL;
		} else {
			if (ps->t.kind != T_WORD ||
			    !parse_elem(ps->t.s, ps->t.len, fn, prefix, &tmp[n]))
				return fail(ps, "expected %s", what);
			next(ps);
		}
		n++;
	} while (set && (ps->t.kind == T_COMMA || ps->t.kind == T_SEMI || ps->t.kind == T_WORD ||
			 ps->t.kind == T_STRING));
	if (set) {
		if (ps->t.kind != T_RBRACE)
			return fail(ps, "expected ',' or '}' in a set");
		next(ps);
		if (!n)
			return fail(ps, "an empty set");
	}
	return set_elems(ps, m, tmp, n);
}

/* FLAG[,FLAG...] or FLAG|FLAG... : the bits. */
static int parse_bits(struct parser *ps, const struct name_val *t, size_t n, u32 *bits,
		      const char *what)
{
	u32 v;

	*bits = 0;
	do {
		if (ps->t.kind == T_COMMA || (ps->t.kind == T_PUNCT && ps->t.s[0] == '|'))
			next(ps);
		if (ps->t.kind != T_WORD || !lookup(t, n, ps->t.s, ps->t.len, &v))
			return fail(ps, "expected %s", what);
		*bits |= v;
		next(ps);
	} while (ps->t.kind == T_COMMA || (ps->t.kind == T_PUNCT && ps->t.s[0] == '|'));
	return 0;
}

static bool punct(const struct parser *ps, char c)
{
	return ps->t.kind == T_PUNCT && ps->t.s[0] == c;
}

/* "(a|b)" or "a|b" or "a,b". */
static int parse_bits_group(struct parser *ps, const struct name_val *t, size_t n,
			    u32 *bits, const char *what)
{
	bool paren = punct(ps, '(');
	int err;

	if (paren)
		next(ps);
	err = parse_bits(ps, t, n, bits, what);
	if (err)
		return err;
	if (paren) {
		if (!punct(ps, ')'))
			return fail(ps, "expected ')'");
		next(ps);
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
static int parse_flags(struct parser *ps, struct nft_match *m, const struct name_val *t,
		       size_t n, const char *what)
{
	if (ps->t.kind == T_LBRACE) {
		next(ps);
		m->is_set = true;
		while (ps->t.kind == T_SEMI)
			next(ps);
		if (parse_bits(ps, t, n, &m->mask, what))
			return -EINVAL;
		while (ps->t.kind == T_SEMI || ps->t.kind == T_COMMA)
			next(ps);
		if (ps->t.kind != T_RBRACE)
			return fail(ps, "expected '}'");
		next(ps);
		m->op = NFT_OP_ANY;
		return 0;
	}
	if (punct(ps, '&')) {
		next(ps);
		if (parse_bits_group(ps, t, n, &m->mask, what))
			return -EINVAL;
		if (accept_word(ps, "!="))
			m->neg = true;
		else if (expect(ps, "=="))
			return -EINVAL;
		m->op = NFT_OP_MASK;
		if (accept_word(ps, "0"))	/* none of the masked bits */
			return 0;
		return parse_bits_group(ps, t, n, &m->cmp, what);
	}
	if (accept_word(ps, "==") || is(ps, "!=")) {
		m->neg = accept_word(ps, "!=");
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
		next(ps);
		m->cmp = m->mask;
		m->op = NFT_OP_MASK;
		return parse_bits(ps, t, n, &m->mask, what);
	}
	return 0;
}

static struct nft_match *new_match(struct parser *ps, struct nft_rule *r, u8 type)
{
	struct nft_match *m;

	if (r->nmatch == NFT_RULE_MATCH_MAX) {
		fail(ps, "a rule holds at most %d matches", NFT_RULE_MATCH_MAX);
		return NULL;
	}
	m = &r->match[r->nmatch++];
	memset(m, 0, sizeof(*m));
	m->type = type;
	return m;
}

/* One match, its keywords already at the current token. */
static int parse_match(struct parser *ps, struct nft_rule *r)
{
	struct nft_match *m;

	if (is(ps, "iifname") || is(ps, "oifname")) {
		m = new_match(ps, r, is(ps, "iifname") ? NFT_M_IIFNAME : NFT_M_OIFNAME);
		if (!m)
			return -EINVAL;
		next(ps);
		return parse_values(ps, m, NULL, false, true, "an interface name");
	}
	if (accept_word(ps, "meta")) {
		if (is(ps, "iifname") || is(ps, "oifname"))
			return parse_match(ps, r);
		if (expect(ps, "l4proto") || !(m = new_match(ps, r, NFT_M_L4PROTO)))
			return -EINVAL;
		return parse_values(ps, m, proto_value, false, false, "a protocol (tcp, udp, icmp, 0-255)");
	}
	if (accept_word(ps, "ip")) {
		if (accept_word(ps, "protocol")) {
			if (!(m = new_match(ps, r, NFT_M_L4PROTO)))
				return -EINVAL;
			return parse_values(ps, m, proto_value, false, false,
					    "a protocol (tcp, udp, icmp, 0-255)");
		}
		if (!is(ps, "saddr") && !is(ps, "daddr"))
			return fail(ps, "expected 'saddr', 'daddr' or 'protocol' after 'ip'");
		if (!(m = new_match(ps, r, is(ps, "saddr") ? NFT_M_SADDR : NFT_M_DADDR)))
			return -EINVAL;
		next(ps);
		return parse_values(ps, m, addr_value, true, false,
				    "an IPv4 address, prefix (a.b.c.d/n) or range");
	}
	if (is(ps, "tcp") || is(ps, "udp")) {
		u8 proto = is(ps, "tcp") ? IPPROTO_TCP : IPPROTO_UDP;

		next(ps);
		if (proto == IPPROTO_TCP && accept_word(ps, "flags")) {
			if (!(m = new_match(ps, r, NFT_M_TCPFLAGS)))
				return -EINVAL;
			m->l4proto = proto;
			return parse_flags(ps, m, tcp_flags, ARRAY_SIZE(tcp_flags),
					   "a TCP flag (fin, syn, rst, psh, ack, urg, ecn, cwr)");
		}
		if (!is(ps, "sport") && !is(ps, "dport"))
			return fail(ps, "expected 'sport' or 'dport'%s",
				    proto == IPPROTO_TCP ? " or 'flags'" : "");
		if (!(m = new_match(ps, r, is(ps, "sport") ? NFT_M_SPORT : NFT_M_DPORT)))
			return -EINVAL;
		m->l4proto = proto;
		next(ps);
		return parse_values(ps, m, port_value, false, false, "a port (0-65535) or range");
	}
	if (accept_word(ps, "icmp")) {
		if (expect(ps, "type") || !(m = new_match(ps, r, NFT_M_ICMPTYPE)))
			return -EINVAL;
		return parse_values(ps, m, icmp_type_value, false, false, "an ICMP type");
	}
	if (accept_word(ps, "ct")) {
		if (expect(ps, "state") || !(m = new_match(ps, r, NFT_M_CTSTATE)))
			return -EINVAL;
		if (accept_word(ps, "!="))
			m->neg = true;
		return parse_flags(ps, m, ct_states, ARRAY_SIZE(ct_states),
				   "a ct state (new, established, related, invalid, untracked)");
	}
	return fail(ps, "expected a match or a statement");
}

/* ---- statements ---- */

/* ADDR[:PORT[-PORT]] or :PORT[-PORT] (masquerade). */
static int parse_nat_to(struct parser *ps, struct nft_rule *r, bool addr)
{
	const char *s = ps->t.s, *colon;
	size_t len = ps->t.len;
	struct nft_elem e;

	if (ps->t.kind != T_WORD)
		return fail(ps, addr ? "expected ADDRESS[:PORT[-PORT]]" : "expected :PORT[-PORT]");
	colon = memchr(s, ':', len);
	if (addr) {
		if (!addr_value(s, colon ? (size_t)(colon - s) : len, &e.lo))
			return fail(ps, "expected ADDRESS[:PORT[-PORT]]");
		r->nat.flags |= NF_NAT_RANGE_MAP_IPS;
		r->nat.min_addr = htonl(e.lo);
	} else if (colon != s) {
		return fail(ps, "expected :PORT[-PORT]");
	}
	if (colon) {
		if (!parse_elem(colon + 1, len - (size_t)(colon - s) - 1, port_value, false, &e) ||
		    e.lo == 0)
			return fail(ps, "expected a port (1-65535) or range after ':'");
		r->nat.flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
		r->nat.min_proto = (u16)e.lo;
		r->nat.max_proto = (u16)e.hi;
	}
	next(ps);
	return 0;
}

static int parse_reject(struct parser *ps, struct nft_rule *r)
{
	u32 code;

	r->verdict = NFT_REJECT;
	r->reject = ICMP_PORT_UNREACH;	/* nft's default */
	if (!accept_word(ps, "with"))
		return 0;
	r->reject_explicit = true;
	if (accept_word(ps, "tcp")) {
		r->reject = NFT_REJECT_TCP_RST;
		return expect(ps, "reset");
	}
	if (accept_word(ps, "icmp")) {
		accept_word(ps, "type");
		if (ps->t.kind != T_WORD || !LOOKUP(icmp_codes, ps->t.s, ps->t.len, &code))
			return fail(ps, "expected an ICMP unreachable code (port-unreachable, "
				    "host-unreachable, admin-prohibited, ...)");
	} else if (accept_word(ps, "icmpx")) {
		accept_word(ps, "type");
		if (ps->t.kind != T_WORD || !LOOKUP(icmpx_codes, ps->t.s, ps->t.len, &code))
			return fail(ps, "expected an icmpx code (port-unreachable, "
				    "host-unreachable, no-route, admin-prohibited)");
	} else {
		return fail(ps, "expected 'tcp reset', 'icmp type CODE' or 'icmpx type CODE'");
	}
	r->reject = (u8)code;
	next(ps);
	return 0;
}

/* A statement: true when it was one (it may have failed: see ps->failed). */
static bool parse_stmt(struct parser *ps, struct nft_rule *r)
{
	u32 v;

	if (accept_word(ps, "counter")) {
		r->counter = true;
		/* As listed: "counter packets N bytes N" sets the counts. */
		if (accept_word(ps, "packets")) {
			if (ps->t.kind != T_WORD || !parse_num(ps->t.s, ps->t.len, 0xffffffffu, &v))
				return fail(ps, "expected a packet count"), true;
			r->packets = v;
			next(ps);
			if (expect(ps, "bytes"))
				return true;
			if (ps->t.kind != T_WORD || !parse_num(ps->t.s, ps->t.len, 0xffffffffu, &v))
				return fail(ps, "expected a byte count"), true;
			r->bytes = v;
			next(ps);
		}
		return true;
	}
	if (accept_word(ps, "log")) {
		r->log = true;
		r->log_first = !r->counter;
		for (;;) {
			if (accept_word(ps, "prefix")) {
				if (ps->t.kind != T_STRING && ps->t.kind != T_WORD)
					return fail(ps, "expected a quoted prefix"), true;
				take(ps, r->log_prefix, sizeof(r->log_prefix), "a log prefix");
			} else if (accept_word(ps, "level")) {
				if (ps->t.kind != T_WORD)
					return fail(ps, "expected a log level"), true;
				next(ps);
			} else {
				return true;
			}
		}
	}
	return false;
}

/* The rest of a statement: matches, counter/log, then at most one verdict. */
static int parse_rule(struct parser *ps, struct nft_rule *r)
{
	while (!end_of_stmt(ps) && !ps->failed) {
		if (r->verdict != NFT_CONTINUE)
			return fail(ps, "nothing may follow the verdict");
		if (parse_stmt(ps, r))
			continue;
		if (accept_word(ps, "accept"))
			r->verdict = NFT_ACCEPT;
		else if (accept_word(ps, "drop"))
			r->verdict = NFT_DROP;
		else if (accept_word(ps, "return"))
			r->verdict = NFT_RETURN;
		else if (is(ps, "jump") || is(ps, "goto")) {
			r->verdict = is(ps, "jump") ? NFT_JUMP : NFT_GOTO;
			next(ps);
			take_name(ps, r->target, "a chain name");
		} else if (accept_word(ps, "reject"))
			parse_reject(ps, r);
		else if (is(ps, "snat") || is(ps, "dnat")) {
			r->verdict = is(ps, "snat") ? NFT_SNAT : NFT_DNAT;
			next(ps);
			accept_word(ps, "ip");
			if (!expect(ps, "to"))
				parse_nat_to(ps, r, true);
		} else if (accept_word(ps, "masquerade")) {
			r->verdict = NFT_MASQ;
			if (accept_word(ps, "to"))
				parse_nat_to(ps, r, false);
		} else
			parse_match(ps, r);
	}
	return ps->failed ? -EINVAL : 0;
}

/* reject with tcp reset applies to TCP only: nft adds that match itself. */
static int add_reject_dependency(struct parser *ps, struct nft_rule *r)
{
	static const struct nft_elem tcp = { .lo = IPPROTO_TCP, .hi = IPPROTO_TCP };
	struct nft_match *m;

	if (r->verdict != NFT_REJECT || r->reject != NFT_REJECT_TCP_RST)
		return 0;
	for (u8 i = 0; i < r->nmatch; i++) {
		const struct nft_match *x = &r->match[i];

		if (x->neg)
			continue;
		if (x->l4proto == IPPROTO_TCP)
			return 0;
		if (x->type == NFT_M_L4PROTO && x->nelems == 1 &&
		    x->elems[0].lo == IPPROTO_TCP && x->elems[0].hi == IPPROTO_TCP)
			return 0;
	}
	m = new_match(ps, r, NFT_M_L4PROTO);
	return m ? set_elems(ps, m, &tcp, 1) : -EINVAL;
}

/* ---- tables and chains ---- */

static u8 parse_family(struct parser *ps)
{
	if (accept_word(ps, "inet"))
		return NFT_FAMILY_INET;
	accept_word(ps, "ip");
	return NFT_FAMILY_IP;
}

static struct nft_table *get_table(struct parser *ps, bool create)
{
	u8 family = parse_family(ps);
	char name[NFT_NAME_MAX];
	struct nft_table *t;

	if (take_name(ps, name, "a table name"))
		return NULL;
	t = nft_table_find(ps->rs, family, name);
	if (t || !create) {
		if (!t)
			fail_missing(ps, "table %s %s does not exist", nft_family_name(family), name);
		return t;
	}
	t = kzalloc(sizeof(*t));
	if (!t) {
		fail(ps, "out of memory");
		return NULL;
	}
	strcpy(t->name, name);
	t->family = family;
	t->handle = ++ps->rs->next_table_handle;
	INIT_LIST_HEAD(&t->chains);
	list_add_tail(&t->list, &ps->rs->tables);
	return t;
}

static const struct name_val hooks[] = {
	{ "prerouting", NF_INET_PRE_ROUTING }, { "input", NF_INET_LOCAL_IN },
	{ "forward", NF_INET_FORWARD }, { "output", NF_INET_LOCAL_OUT },
	{ "postrouting", NF_INET_POST_ROUTING },
};

/* nft's priority names (nftables' standard priorities, family ip). */
static const struct name_val prio_names[] = {
	{ "raw", (u32)NF_IP_PRI_RAW }, { "mangle", (u32)NF_IP_PRI_MANGLE },
	{ "dstnat", (u32)NF_IP_PRI_NAT_DST }, { "filter", NF_IP_PRI_FILTER },
	{ "security", NF_IP_PRI_SECURITY }, { "srcnat", NF_IP_PRI_NAT_SRC },
};

const char *nft_prio_name(int prio)
{
	return name_of(prio_names, ARRAY_SIZE(prio_names), (u32)prio);
}

const char *nft_icmp_type_name(u32 type)
{
	return name_of(icmp_types, ARRAY_SIZE(icmp_types), type);
}

const char *nft_icmp_code_name(u32 code)
{
	return name_of(icmp_codes, ARRAY_SIZE(icmp_codes), code);
}

const char *nft_l4proto_name(u32 proto)
{
	return name_of(l4protos, ARRAY_SIZE(l4protos), proto);
}

/* "syn,ack" (sep ",") or "syn|ack": TCP flags, or ct states for NFT_M_CTSTATE. */
const char *nft_bit_names(u8 type, u32 bits, char *buf, size_t len, const char *sep)
{
	const struct name_val *t = type == NFT_M_CTSTATE ? ct_states : tcp_flags;
	size_t n = type == NFT_M_CTSTATE ? ARRAY_SIZE(ct_states) : ARRAY_SIZE(tcp_flags);
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (bits & t[i].val)
			used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
						 used ? sep : "", t[i].name);
	return buf;
}

/* N, -N, NAME, NAME + N, NAME - N. */
static int parse_priority(struct parser *ps, int *prio)
{
	u32 v, off;
	bool neg;

	if (ps->t.kind == T_WORD && LOOKUP(prio_names, ps->t.s, ps->t.len, &v)) {
		*prio = (int)v;
		next(ps);
		if ((is(ps, "+") || is(ps, "-"))) {
			neg = is(ps, "-");
			next(ps);
			if (ps->t.kind != T_WORD || !parse_num(ps->t.s, ps->t.len, 1000000, &off))
				return fail(ps, "expected a number after the priority name");
			*prio += neg ? -(int)off : (int)off;
			next(ps);
		}
		return 0;
	}
	neg = ps->t.kind == T_WORD && ps->t.s[0] == '-';
	if (ps->t.kind != T_WORD ||
	    !parse_num(ps->t.s + neg, ps->t.len - neg, 1000000, &v))
		return fail(ps, "expected a priority (a number, or raw, mangle, dstnat, "
			    "filter, security, srcnat)");
	*prio = neg ? -(int)v : (int)v;
	next(ps);
	return 0;
}

/* "type filter hook input priority 0;" */
static int parse_chain_type(struct parser *ps, struct nft_chain *c)
{
	u32 hook;

	if (c->base)
		return fail(ps, "chain '%s' already has a type", c->name);
	if (accept_word(ps, "filter"))
		c->type = NFT_CHAIN_T_FILTER;
	else if (accept_word(ps, "nat"))
		c->type = NFT_CHAIN_T_NAT;
	else
		return fail(ps, "expected a chain type (filter, nat)");
	if (expect(ps, "hook"))
		return -EINVAL;
	if (ps->t.kind != T_WORD || !LOOKUP(hooks, ps->t.s, ps->t.len, &hook))
		return fail(ps, "expected a hook (prerouting, input, forward, output, postrouting)");
	next(ps);
	if (c->type == NFT_CHAIN_T_NAT && hook == NF_INET_FORWARD)
		return fail(ps, "a nat chain cannot hook forward");
	c->hook = (u8)hook;
	c->base = true;
	c->priority = c->type == NFT_CHAIN_T_NAT ? NF_IP_PRI_NAT_SRC : NF_IP_PRI_FILTER;
	if (accept_word(ps, "priority"))
		return parse_priority(ps, &c->priority);
	return 0;
}

static struct nft_rule *new_rule(struct parser *ps, struct nft_table *t)
{
	struct nft_rule *r = kzalloc(sizeof(*r));

	if (!r) {
		fail(ps, "out of memory");
		return NULL;
	}
	r->handle = ++t->next_handle;
	return r;
}

/* A rule statement; placed after 'after' (NULL: at the end of c). */
static int add_rule(struct parser *ps, struct nft_chain *c, struct list_head *where, bool before)
{
	struct nft_rule *r = new_rule(ps, c->table);

	if (!r)
		return -EINVAL;
	if (!parse_rule(ps, r) && !r->nmatch && !r->counter && !r->log &&
	    r->verdict == NFT_CONTINUE)
		fail(ps, "expected a match or a statement (an empty rule)");
	if (ps->failed || add_reject_dependency(ps, r)) {
		nft_rule_free(r);
		return -EINVAL;
	}
	if (before)
		list_add_tail(&r->list, where);
	else
		list_add(&r->list, where);
	return 0;
}

/* The inside of chain { ... }: type/policy lines and rules. */
static int parse_chain_body(struct parser *ps, struct nft_chain *c)
{
	while (!ps->failed) {
		if (ps->t.kind == T_SEMI) {
			next(ps);
		} else if (ps->t.kind == T_RBRACE) {
			next(ps);
			return 0;
		} else if (ps->t.kind == T_END) {
			return fail(ps, "expected '}' to close chain '%s'", c->name);
		} else if (accept_word(ps, "type")) {
			parse_chain_type(ps, c);
		} else if (accept_word(ps, "policy")) {
			if (accept_word(ps, "accept"))
				c->policy = NFT_ACCEPT;
			else if (accept_word(ps, "drop"))
				c->policy = NFT_DROP;
			else
				return fail(ps, "expected a policy (accept, drop)");
			if (!c->base)
				return fail(ps, "only a base chain (with a type) has a policy");
		} else if (accept_word(ps, "comment")) {
			char tmp[128];

			take(ps, tmp, sizeof(tmp), "a comment string");
		} else {
			add_rule(ps, c, &c->rules, true);
		}
	}
	return -EINVAL;
}

static struct nft_chain *get_chain(struct parser *ps, struct nft_table *t, bool create)
{
	char name[NFT_NAME_MAX];
	struct nft_chain *c;

	if (take_name(ps, name, "a chain name"))
		return NULL;
	c = nft_chain_find(t, name);
	if (c || !create) {
		if (!c)
			fail_missing(ps, "chain %s %s %s does not exist", nft_family_name(t->family),
				     t->name, name);
		return c;
	}
	c = kzalloc(sizeof(*c));
	if (!c) {
		fail(ps, "out of memory");
		return NULL;
	}
	strcpy(c->name, name);
	c->table = t;
	c->policy = NFT_ACCEPT;
	c->handle = ++t->next_handle;
	INIT_LIST_HEAD(&c->rules);
	list_add_tail(&c->list, &t->chains);
	return c;
}

/* chain NAME [{ ... }] inside a table, or after "add chain TABLE". */
static int parse_chain_decl(struct parser *ps, struct nft_table *t)
{
	struct nft_chain *c = get_chain(ps, t, true);

	if (!c)
		return -EINVAL;
	if (ps->t.kind != T_LBRACE)
		return 0;
	next(ps);
	return parse_chain_body(ps, c);
}

static int parse_table_body(struct parser *ps, struct nft_table *t)
{
	while (!ps->failed) {
		if (ps->t.kind == T_SEMI) {
			next(ps);
		} else if (ps->t.kind == T_RBRACE) {
			next(ps);
			return 0;
		} else if (accept_word(ps, "chain")) {
			parse_chain_decl(ps, t);
		} else {
			return fail(ps, "expected 'chain' or '}' in table '%s'", t->name);
		}
	}
	return -EINVAL;
}

/* ---- commands ---- */

static struct nft_rule *rule_by_handle(struct nft_chain *c, u64 handle)
{
	struct nft_rule *r;

	list_for_each_entry(r, &c->rules, list)
		if (r->handle == handle)
			return r;
	return NULL;
}

static int take_handle(struct parser *ps, const char *word, u64 *handle)
{
	u32 v;

	if (expect(ps, word))
		return -EINVAL;
	if (ps->t.kind != T_WORD || !parse_num(ps->t.s, ps->t.len, 0xffffffffu, &v))
		return fail(ps, "expected a rule handle (nft -a list ruleset shows them)");
	*handle = v;
	next(ps);
	return 0;
}

/*
 * add|insert rule [FAMILY] TABLE CHAIN [position|handle H] RULE: add goes
 * after H (or at the end), insert before H (or at the start).
 */
static int cmd_rule(struct parser *ps, bool insert)
{
	struct nft_table *t = get_table(ps, false);
	struct nft_chain *c = t ? get_chain(ps, t, false) : NULL;
	struct nft_rule *ref;
	u64 h;

	if (!c)
		return -ENOENT;
	if (!is(ps, "position") && !is(ps, "handle"))
		return add_rule(ps, c, &c->rules, !insert);
	if (take_handle(ps, is(ps, "position") ? "position" : "handle", &h))
		return -EINVAL;
	ref = rule_by_handle(c, h);
	if (!ref)
		return fail_missing(ps, "rule handle %llu not found in chain %s",
				    (unsigned long long)h, c->name);
	return add_rule(ps, c, &ref->list, insert);
}

static int cmd_delete(struct parser *ps)
{
	struct nft_table *t;
	struct nft_chain *c;
	struct nft_rule *r;
	u64 h;

	if (accept_word(ps, "table")) {
		if (!(t = get_table(ps, false)))
			return -ENOENT;
		list_del(&t->list);
		nft_table_free(t);
		return 0;
	}
	if (accept_word(ps, "chain")) {
		if (!(t = get_table(ps, false)) || !(c = get_chain(ps, t, false)))
			return -ENOENT;
		list_del(&c->list);
		nft_chain_free(c);
		return 0;
	}
	if (expect(ps, "rule") || !(t = get_table(ps, false)) || !(c = get_chain(ps, t, false)))
		return -ENOENT;
	if (take_handle(ps, "handle", &h))
		return -EINVAL;
	r = rule_by_handle(c, h);
	if (!r)
		return fail_missing(ps, "rule handle %llu not found in chain %s",
				    (unsigned long long)h, c->name);
	list_del(&r->list);
	nft_rule_free(r);
	return 0;
}

static void flush_chain(struct nft_chain *c)
{
	struct nft_rule *r, *n;

	list_for_each_entry_safe(r, n, &c->rules, list) {
		list_del(&r->list);
		nft_rule_free(r);
	}
}

static int cmd_flush(struct parser *ps)
{
	struct nft_table *t;
	struct nft_chain *c;

	if (accept_word(ps, "ruleset")) {
		nft_ruleset_free_tables(ps->rs);
		return 0;
	}
	if (accept_word(ps, "table")) {
		if (!(t = get_table(ps, false)))
			return -ENOENT;
		list_for_each_entry(c, &t->chains, list)
			flush_chain(c);
		return 0;
	}
	if (expect(ps, "chain") || !(t = get_table(ps, false)) || !(c = get_chain(ps, t, false)))
		return -ENOENT;
	flush_chain(c);
	return 0;
}

static int cmd_list(struct parser *ps)
{
	struct nft_table *t;

	if (accept_word(ps, "ruleset")) {
		nft_print_ruleset(ps->rs, ps->p);
		return 0;
	}
	if (expect(ps, "table") || !(t = get_table(ps, false)))
		return -ENOENT;
	nft_print_table(t, ps->p);
	return 0;
}

static int cmd_add(struct parser *ps)
{
	struct nft_table *t;

	if (accept_word(ps, "rule"))
		return cmd_rule(ps, false);
	if (accept_word(ps, "chain")) {
		t = get_table(ps, false);
		return t ? parse_chain_decl(ps, t) : -ENOENT;
	}
	if (expect(ps, "table"))
		return -EINVAL;
	t = get_table(ps, true);
	if (!t)
		return -EINVAL;
	if (ps->t.kind != T_LBRACE)
		return 0;
	next(ps);
	return parse_table_body(ps, t);
}

static int parse_command(struct parser *ps)
{
	struct nft_table *t;

	/* nft's option -a (--handle): list with handles. */
	if (accept_word(ps, "-a") || accept_word(ps, "--handle"))
		ps->p->handles = true;
	if (accept_word(ps, "add") || accept_word(ps, "create"))
		return cmd_add(ps);
	if (accept_word(ps, "insert")) {
		if (expect(ps, "rule"))
			return -EINVAL;
		return cmd_rule(ps, true);
	}
	if (accept_word(ps, "delete"))
		return cmd_delete(ps);
	if (accept_word(ps, "flush"))
		return cmd_flush(ps);
	if (accept_word(ps, "list"))
		return cmd_list(ps);
	if (accept_word(ps, "table")) {
		/* The file form: table [FAMILY] NAME { ... } */
		t = get_table(ps, true);
		if (!t)
			return -EINVAL;
		if (ps->t.kind != T_LBRACE)
			return fail(ps, "expected '{' after the table name");
		next(ps);
		return parse_table_body(ps, t);
	}
	return fail(ps, "expected a command (add, insert, delete, flush, list, table)");
}

int nft_parse_run(struct nft_ruleset *rs, const char *text, struct nft_print *p,
		  char *err, size_t errlen)
{
	struct parser ps = { .rs = rs, .p = p, .pos = text, .line = 1,
			     .err = err, .errlen = errlen };

	next(&ps);
	while (!ps.failed && ps.t.kind != T_END) {
		if (ps.t.kind == T_SEMI) {
			next(&ps);
			continue;
		}
		if (parse_command(&ps) && !ps.failed)
			fail(&ps, "cannot run this command");
		if (!ps.failed && !end_of_stmt(&ps))
			fail(&ps, "expected the end of the command");
		if (!ps.failed && ps.t.kind == T_RBRACE)
			fail(&ps, "unbalanced '}'");
	}
	return ps.failed ? -EINVAL : 0;
}
