/*
 * pcap_filter.c - the filter compiler's front half: tcpdump's filter
 * expressions (pcap-filter(7)) read into a tree of tests (pcap_int.h),
 * which pcap_gen.c turns into classic BPF.
 *
 * A primitive is [proto] [dir] [type] id: "tcp src port 80", "host
 * 10.0.0.1", "ether dst 52:54:00:12:34:56"; a protocol alone ("tcp",
 * "arp") is one too. Expressions join them with and/or/not and
 * parentheses; as in tcpdump, "and" and "or" bind equally and group from
 * the left, "not" binds tightest, and an id standing alone after and/or
 * takes the qualifiers of the primitive before it. Nothing here
 * allocates but the tree; a malformed expression gets a message naming
 * the word where it went wrong.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <skiff/capture.h>

#include "pcap_int.h"

enum tok_kind { T_END, T_WORD, T_LPAREN, T_RPAREN, T_NOT, T_AND, T_OR };

struct parser {
	struct pf_tree *t;
	const char *p;			/* the rest of the expression */
	enum tok_kind kind;		/* the current token */
	char word[64];			/* its text */
	/* The qualifiers of the last primitive with an id, for bare ids. */
	bool have_last;
	enum pf_proto last_proto;
	enum pf_dir last_dir;
	int last_type;
};

/* Primitive types (the third qualifier). */
enum { TY_NONE, TY_HOST, TY_NET, TY_PORT, TY_PROTO };

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == ':' || c == '/' ||
	       c == '-' || c == '_';
}

/* Read the next token into p->kind and p->word. */
static int next(struct parser *p)
{
	size_t n = 0;

	while (isspace((unsigned char)*p->p))
		p->p++;
	p->word[0] = '\0';
	if (!*p->p) {
		p->kind = T_END;
		strcpy(p->word, "end of expression");
		return 0;
	}
	if (*p->p == '(' || *p->p == ')' || *p->p == '!') {
		p->kind = *p->p == '(' ? T_LPAREN : *p->p == ')' ? T_RPAREN : T_NOT;
		p->word[0] = *p->p++;
		p->word[1] = '\0';
		return 0;
	}
	if ((p->p[0] == '&' && p->p[1] == '&') || (p->p[0] == '|' && p->p[1] == '|')) {
		p->kind = p->p[0] == '&' ? T_AND : T_OR;
		memcpy(p->word, p->p, 2);
		p->word[2] = '\0';
		p->p += 2;
		return 0;
	}
	if (!word_char(*p->p))
		return pf_error(p->t, "unexpected character '%c'", *p->p);
	while (word_char(p->p[n]))
		n++;
	if (n >= sizeof(p->word))
		return pf_error(p->t, "'%.20s...' is too long for a filter word", p->p);
	memcpy(p->word, p->p, n);
	p->word[n] = '\0';
	p->p += n;
	p->kind = T_WORD;
	if (!strcmp(p->word, "and"))
		p->kind = T_AND;
	else if (!strcmp(p->word, "or"))
		p->kind = T_OR;
	else if (!strcmp(p->word, "not"))
		p->kind = T_NOT;
	return 0;
}

static bool is_word(const struct parser *p, const char *w)
{
	return p->kind == T_WORD && !strcmp(p->word, w);
}

static const struct {
	const char *name;
	enum pf_proto proto;
} protos[] = {
	{ "ether", PQ_ETHER }, { "ip", PQ_IP }, { "ip6", PQ_IP6 },
	{ "arp", PQ_ARP }, { "rarp", PQ_RARP }, { "tcp", PQ_TCP },
	{ "udp", PQ_UDP }, { "icmp", PQ_ICMP }, { "sctp", PQ_SCTP },
};

static bool proto_by_name(const char *w, enum pf_proto *proto)
{
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		if (!strcmp(w, protos[i].name)) {
			*proto = protos[i].proto;
			return true;
		}
	}
	return false;
}

static bool proto_word(const struct parser *p, enum pf_proto *proto)
{
	return p->kind == T_WORD && proto_by_name(p->word, proto);
}

static const char *proto_name(enum pf_proto proto)
{
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (protos[i].proto == proto)
			return protos[i].name;
	return "?";
}

/* Words that are qualifiers or primitives, never ids. */
static bool keyword(const char *w)
{
	static const char *const kw[] = {
		"host", "net", "port", "proto", "src", "dst", "mask", "less", "greater",
	};
	enum pf_proto proto;

	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (!strcmp(w, kw[i]))
			return true;
	return proto_by_name(w, &proto);
}

/* The protocols that may qualify an address (host, net). */
static bool address_proto(enum pf_proto proto)
{
	return proto == PQ_NONE || proto == PQ_IP || proto == PQ_ARP ||
	       proto == PQ_RARP;
}

/* A number (decimal or 0x hex) no larger than max. */
static int number(struct parser *p, const char *what, unsigned long max,
		  unsigned long *v)
{
	char *end;

	if (p->kind != T_WORD || !isdigit((unsigned char)p->word[0]))
		return pf_error(p->t, "expected %s, found '%s'", what, p->word);
	*v = strtoul(p->word, &end, 0);
	if (*end || *v > max)
		return pf_error(p->t, "'%s' is not %s (0..%lu)", p->word, what, max);
	return next(p);
}

static int ipv4(struct parser *p, uint32_t *addr)
{
	struct in_addr a;

	if (p->kind != T_WORD || inet_pton(AF_INET, p->word, &a) != 1)
		return pf_error(p->t, "'%s' is not an IPv4 address", p->word);
	*addr = ntohl(a.s_addr);
	return next(p);
}

static int mac(struct parser *p, uint8_t out[6])
{
	const char *s = p->word;

	for (int i = 0; i < 6; i++) {
		char *end;
		unsigned long b = strtoul(s, &end, 16);

		if (p->kind != T_WORD || end == s || end - s > 2 || b > 0xff ||
		    *end != (i == 5 ? '\0' : ':'))
			return pf_error(p->t, "'%s' is not an Ethernet address (xx:xx:xx:xx:xx:xx)",
					p->word);
		out[i] = (uint8_t)b;
		s = end + 1;
	}
	return next(p);
}

/*
 * A network: "10.0.0.0/8", "10.1" (the octets given, as tcpdump: /16),
 * or an address followed by "mask 255.0.0.0". Bits outside the mask are
 * an error, as in tcpdump.
 */
static int network(struct parser *p, uint32_t *addr, uint32_t *mask)
{
	char buf[sizeof(p->word) + 8], *slash;
	unsigned long len = 32;
	int octets = 1;

	strcpy(buf, p->word);
	slash = strchr(buf, '/');
	if (slash) {
		char *end;

		*slash = '\0';
		len = strtoul(slash + 1, &end, 10);
		if (!isdigit((unsigned char)slash[1]) || *end || len > 32)
			return pf_error(p->t, "'%s' has no prefix length 0..32", p->word);
	}
	for (const char *c = buf; *c; c++)
		octets += *c == '.';
	if (!slash)
		len = 8 * (unsigned long)octets;
	while (octets++ < 4)
		strcat(buf, ".0");
	if (inet_pton(AF_INET, buf, addr) != 1)
		return pf_error(p->t, "'%s' is not an IPv4 network", p->word);
	*addr = ntohl(*addr);
	*mask = len ? 0xffffffffu << (32 - len) : 0;
	if (next(p))
		return -1;
	if (!slash && is_word(p, "mask")) {
		if (next(p) || ipv4(p, mask))
			return -1;
	}
	if (*addr & ~*mask)
		return pf_error(p->t, "non-network bits set in the network of 'net'");
	return 0;
}

/* The id of a host, net, port or proto primitive, with its qualifiers checked. */
static int primitive_id(struct parser *p, enum pf_proto proto, enum pf_dir dir,
			int type)
{
	const char *tname = type == TY_NET ? "net" : type == TY_PORT ? "port" :
			    type == TY_PROTO ? "proto" : "host";
	uint32_t addr, mask = 0xffffffff;
	unsigned long n;
	uint8_t m[6];

	if (p->kind != T_WORD || keyword(p->word))
		return pf_error(p->t, "'%s' needs a value, found '%s'", tname, p->word);
	switch (type) {
	case TY_PORT:
		if (proto != PQ_NONE && proto != PQ_TCP && proto != PQ_UDP && proto != PQ_SCTP)
			break;
		return number(p, "a port number", 65535, &n) ? -1 :
		       pf_port(p->t, proto, dir, (uint16_t)n);
	case TY_PROTO:
		if (dir != PD_ANY || (proto != PQ_ETHER && proto != PQ_IP))
			break;
		if (number(p, "a protocol number", proto == PQ_IP ? 255 : 65535, &n))
			return -1;
		if (proto == PQ_IP)
			return pf_ip_proto(p->t, (uint8_t)n);
		if (n < 0x600)	/* below 1536 the field is an 802.3 length */
			return pf_error(p->t, "ether proto %lu is an 802.3 length, not a type", n);
		return pf_ether_proto(p->t, (uint16_t)n);
	case TY_NET:
		if (!address_proto(proto))
			break;
		return network(p, &addr, &mask) ? -1 : pf_host(p->t, proto, dir, addr, mask);
	default:
		if (proto == PQ_ETHER)
			return mac(p, m) ? -1 : pf_ether_host(p->t, dir, m);
		if (!address_proto(proto))
			break;
		return ipv4(p, &addr) ? -1 : pf_host(p->t, proto, dir, addr, mask);
	}
	return pf_error(p->t, "'%s' cannot qualify '%s'", proto_name(proto), tname);
}

/* [proto] [dir] [type] id, a protocol alone, or "less"/"greater" N. */
static int primitive(struct parser *p)
{
	enum pf_proto proto = PQ_NONE;
	enum pf_dir dir = PD_ANY;
	int type = TY_NONE, node;
	unsigned long n;

	if (is_word(p, "less") || is_word(p, "greater")) {
		bool greater = p->word[0] == 'g';

		p->have_last = false;
		return next(p) || number(p, "a length", 0xffffffff, &n) ? -1 :
		       pf_len(p->t, greater, (uint32_t)n);
	}
	if (proto_word(p, &proto) && next(p))
		return -1;
	if (is_word(p, "src") || is_word(p, "dst")) {
		dir = is_word(p, "src") ? PD_SRC : PD_DST;
		if (next(p))
			return -1;
	}
	if (is_word(p, "host"))
		type = TY_HOST;
	else if (is_word(p, "net"))
		type = TY_NET;
	else if (is_word(p, "port"))
		type = TY_PORT;
	else if (is_word(p, "proto"))
		type = TY_PROTO;
	if (type != TY_NONE && next(p))
		return -1;
	if (proto != PQ_NONE && dir == PD_ANY && type == TY_NONE &&
	    (p->kind != T_WORD || keyword(p->word))) {
		p->have_last = false;
		return pf_proto_only(p->t, proto);
	}
	if (proto == PQ_NONE && dir == PD_ANY && type == TY_NONE) {
		/* A bare id: only after and/or, with the qualifiers before it. */
		if (p->kind != T_WORD || !p->have_last)
			return pf_error(p->t, isdigit((unsigned char)p->word[0]) ||
					p->kind != T_WORD ?
					"expected a primitive (such as 'host'), found '%s'" :
					"'%s' is not a filter keyword", p->word);
		proto = p->last_proto;
		dir = p->last_dir;
		type = p->last_type;
	}
	node = primitive_id(p, proto, dir, type);
	p->have_last = true;
	p->last_proto = proto;
	p->last_dir = dir;
	p->last_type = type;
	return node;
}

static int expr(struct parser *p);

/* not TERM | ( EXPR ) | primitive */
static int term(struct parser *p)
{
	int e;

	if (p->kind == T_NOT)
		return next(p) ? -1 : pf_not(p->t, term(p));
	if (p->kind == T_LPAREN) {
		if (next(p))
			return -1;
		e = expr(p);
		if (e < 0)
			return -1;
		if (p->kind != T_RPAREN)
			return pf_error(p->t, "expected ')', found '%s'", p->word);
		return next(p) ? -1 : e;
	}
	if (p->kind == T_END || p->kind == T_RPAREN || p->kind == T_AND ||
	    p->kind == T_OR)
		return pf_error(p->t, "expected a primitive (such as 'host'), found '%s'",
				p->word);
	return primitive(p);
}

/* TERM { (and | or) TERM }: equal precedence, from the left. */
static int expr(struct parser *p)
{
	int left = term(p);

	while (left >= 0 && (p->kind == T_AND || p->kind == T_OR)) {
		bool is_and = p->kind == T_AND;
		int right;

		if (next(p))
			return -1;
		right = term(p);
		left = is_and ? pf_and(p->t, left, right) : pf_or(p->t, left, right);
	}
	return left;
}

int capture_filter_compile(const char *expr_text, uint32_t snaplen,
			   struct capture_filter *f, char *err, size_t errlen)
{
	struct pf_tree *t = calloc(1, sizeof(*t));	/* 20 KiB: off the stack */
	struct parser p = { .t = t, .p = expr_text ? expr_text : "" };
	int root, len = -1;

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t->err = err;
	t->errlen = errlen;
	if (next(&p) == 0 && p.kind == T_END) {
		/* Nothing to test: every frame. */
		f->insns[0] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, snaplen);
		len = 1;
	} else if (!t->failed) {
		root = expr(&p);
		if (root >= 0 && p.kind != T_END)
			pf_error(t, "unexpected '%s' after a complete expression", p.word);
		len = pf_generate(t, root, snaplen, f->insns, CAPTURE_FILTER_MAX);
	}
	free(t);
	if (len < 0)
		return -1;
	f->len = (unsigned short)len;
	return 0;
}
