/*
 * A rule's body after its matches: nft's statements (counter, log) and
 * its verdict (accept, drop, jump, goto, reject, snat, dnat, masquerade).
 */
#include <net/proto/icmp.h>
#include <net/proto/ip.h>
#include <net/byteorder.h>
#include <string.h>
#include <errno.h>

#include "nf_tables_parse.h"

static const struct nft_name_val icmp_codes[] = {
	{ "net-unreachable", ICMP_NET_UNREACH }, { "host-unreachable", ICMP_HOST_UNREACH },
	{ "prot-unreachable", ICMP_PROT_UNREACH }, { "port-unreachable", ICMP_PORT_UNREACH },
	{ "net-prohibited", 9 }, { "host-prohibited", 10 },
	{ "admin-prohibited", ICMP_PKT_FILTERED },
};

/* nft's icmpx codes for the inet family, as the ICMP codes they send. */
static const struct nft_name_val icmpx_codes[] = {
	{ "no-route", ICMP_NET_UNREACH }, { "port-unreachable", ICMP_PORT_UNREACH },
	{ "host-unreachable", ICMP_HOST_UNREACH }, { "admin-prohibited", ICMP_PKT_FILTERED },
};

const char *nft_icmp_code_name(u32 code)
{
	return nft_name_of(icmp_codes, ARRAY_SIZE(icmp_codes), code);
}

/* ADDR[:PORT[-PORT]] or :PORT[-PORT] (masquerade). */
static int parse_nat_to(struct nft_parser *ps, struct nft_rule *r, bool addr)
{
	const char *s = ps->t.s, *colon;
	size_t len = ps->t.len;
	struct nft_elem e;

	if (ps->t.kind != T_WORD)
		return nft_fail(ps, addr ? "expected ADDRESS[:PORT[-PORT]]" :
				"expected :PORT[-PORT]");
	colon = memchr(s, ':', len);
	if (addr) {
		if (!nft_addr_value(s, colon ? (size_t)(colon - s) : len, &e.lo))
			return nft_fail(ps, "expected ADDRESS[:PORT[-PORT]]");
		r->nat.flags |= NF_NAT_RANGE_MAP_IPS;
		r->nat.min_addr = htonl(e.lo);
	} else if (colon != s) {
		return nft_fail(ps, "expected :PORT[-PORT]");
	}
	if (colon) {
		if (!nft_parse_elem(colon + 1, len - (size_t)(colon - s) - 1, nft_port_value,
				    false, &e) || e.lo == 0)
			return nft_fail(ps, "expected a port (1-65535) or range after ':'");
		r->nat.flags |= NF_NAT_RANGE_PROTO_SPECIFIED;
		r->nat.min_proto = (u16)e.lo;
		r->nat.max_proto = (u16)e.hi;
	}
	nft_next(ps);
	return 0;
}

static int parse_reject(struct nft_parser *ps, struct nft_rule *r)
{
	u32 code;

	r->verdict = NFT_REJECT;
	r->reject = ICMP_PORT_UNREACH;	/* nft's default */
	if (!nft_accept(ps, "with"))
		return 0;
	r->reject_explicit = true;
	if (nft_accept(ps, "tcp")) {
		r->reject = NFT_REJECT_TCP_RST;
		return nft_expect(ps, "reset");
	}
	if (nft_accept(ps, "icmp")) {
		nft_accept(ps, "type");
		if (ps->t.kind != T_WORD || !NFT_LOOKUP(icmp_codes, ps->t.s, ps->t.len, &code))
			return nft_fail(ps, "expected an ICMP unreachable code (port-unreachable, "
				        "host-unreachable, admin-prohibited, ...)");
	} else if (nft_accept(ps, "icmpx")) {
		nft_accept(ps, "type");
		if (ps->t.kind != T_WORD || !NFT_LOOKUP(icmpx_codes, ps->t.s, ps->t.len, &code))
			return nft_fail(ps, "expected an icmpx code (port-unreachable, "
				        "host-unreachable, no-route, admin-prohibited)");
	} else {
		return nft_fail(ps, "expected 'tcp reset', 'icmp type CODE' or 'icmpx type CODE'");
	}
	r->reject = (u8)code;
	nft_next(ps);
	return 0;
}

/* A statement: true when it was one (it may have failed: see ps->failed). */
static bool parse_stmt(struct nft_parser *ps, struct nft_rule *r)
{
	u32 v;

	if (nft_accept(ps, "counter")) {
		r->counter = true;
		/* As listed: "counter packets N bytes N" sets the counts. */
		if (nft_accept(ps, "packets")) {
			if (ps->t.kind != T_WORD ||
			    !nft_parse_num(ps->t.s, ps->t.len, 0xffffffffu, &v))
				return nft_fail(ps, "expected a packet count"), true;
			r->packets = v;
			nft_next(ps);
			if (nft_expect(ps, "bytes"))
				return true;
			if (ps->t.kind != T_WORD ||
			    !nft_parse_num(ps->t.s, ps->t.len, 0xffffffffu, &v))
				return nft_fail(ps, "expected a byte count"), true;
			r->bytes = v;
			nft_next(ps);
		}
		return true;
	}
	if (nft_accept(ps, "log")) {
		r->log = true;
		r->log_first = !r->counter;
		for (;;) {
			if (nft_accept(ps, "prefix")) {
				if (ps->t.kind != T_STRING && ps->t.kind != T_WORD)
					return nft_fail(ps, "expected a quoted prefix"), true;
				nft_take(ps, r->log_prefix, sizeof(r->log_prefix), "a log prefix");
			} else if (nft_accept(ps, "level")) {
				if (ps->t.kind != T_WORD)
					return nft_fail(ps, "expected a log level"), true;
				nft_next(ps);
			} else {
				return true;
			}
		}
	}
	return false;
}

/* The rest of a statement: matches, counter/log, then at most one verdict. */
int nft_parse_rule(struct nft_parser *ps, struct nft_rule *r)
{
	while (!nft_end_of_stmt(ps) && !ps->failed) {
		if (r->verdict != NFT_CONTINUE)
			return nft_fail(ps, "nothing may follow the verdict");
		if (parse_stmt(ps, r))
			continue;
		if (nft_accept(ps, "accept"))
			r->verdict = NFT_ACCEPT;
		else if (nft_accept(ps, "drop"))
			r->verdict = NFT_DROP;
		else if (nft_accept(ps, "return"))
			r->verdict = NFT_RETURN;
		else if (nft_is(ps, "jump") || nft_is(ps, "goto")) {
			r->verdict = nft_is(ps, "jump") ? NFT_JUMP : NFT_GOTO;
			nft_next(ps);
			nft_take_name(ps, r->target, "a chain name");
		} else if (nft_accept(ps, "reject"))
			parse_reject(ps, r);
		else if (nft_is(ps, "snat") || nft_is(ps, "dnat")) {
			r->verdict = nft_is(ps, "snat") ? NFT_SNAT : NFT_DNAT;
			nft_next(ps);
			nft_accept(ps, "ip");
			if (!nft_expect(ps, "to"))
				parse_nat_to(ps, r, true);
		} else if (nft_accept(ps, "masquerade")) {
			r->verdict = NFT_MASQ;
			if (nft_accept(ps, "to"))
				parse_nat_to(ps, r, false);
		} else
			nft_parse_match(ps, r);
	}
	return ps->failed ? -EINVAL : 0;
}

/* reject with tcp reset applies to TCP only: nft adds that match itself. */
int nft_add_reject_dependency(struct nft_parser *ps, struct nft_rule *r)
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
	m = nft_new_match(ps, r, NFT_M_L4PROTO);
	return m ? nft_set_elems(ps, m, &tcp, 1) : -EINVAL;
}
