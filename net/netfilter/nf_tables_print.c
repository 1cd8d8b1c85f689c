/*
 * nft list: the ruleset written back in nft's own syntax (as `nft list
 * ruleset` prints it), which the parser reads again - a listing is a
 * ruleset file. Counters show their packets and bytes; -a adds handles.
 */
#include <net/netfilter/nf_tables.h>
#include <net/inet_utils.h>
#include <net/byteorder.h>
#include <net/proto/ip.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void nft_printf(struct nft_print *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->buf || p->used >= p->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(p->buf + p->used, p->len - p->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		p->used = p->used + (size_t)n < p->len ? p->used + (size_t)n : p->len;
}

static void print_value(struct nft_print *p, u8 type, u32 v)
{
	char ip[INET_ADDRSTRLEN];
	const char *name = NULL;

	switch (type) {
	case NFT_M_SADDR:
	case NFT_M_DADDR:
		nft_printf(p, "%s", in4_ntop(htonl(v), ip));
		return;
	case NFT_M_L4PROTO:
		name = nft_l4proto_name(v);
		break;
	case NFT_M_ICMPTYPE:
		name = nft_icmp_type_name(v);
		break;
	}
	if (name)
		nft_printf(p, "%s", name);
	else
		nft_printf(p, "%u", v);
}

/* A prefix when lo..hi is one (RFC 4632), else a range. */
static void print_elem(struct nft_print *p, u8 type, const struct nft_elem *e)
{
	if (type == NFT_M_IIFNAME || type == NFT_M_OIFNAME) {
		nft_printf(p, "\"%s\"", e->name);
		return;
	}
	print_value(p, type, e->lo);
	if (e->lo == e->hi)
		return;
	if (type == NFT_M_SADDR || type == NFT_M_DADDR) {
		u32 size = e->hi - e->lo;

		if ((size & (size + 1)) == 0 && (e->lo & size) == 0) {
			unsigned int plen = 32;

			for (; size; size >>= 1)
				plen--;
			nft_printf(p, "/%u", plen);
			return;
		}
	}
	nft_printf(p, "-");
	print_value(p, type, e->hi);
}

static const char *match_keyword(const struct nft_match *m)
{
	static const char *const kw[] = {
		[NFT_M_IIFNAME] = "iifname", [NFT_M_OIFNAME] = "oifname",
		[NFT_M_SADDR] = "ip saddr", [NFT_M_DADDR] = "ip daddr",
		[NFT_M_L4PROTO] = "meta l4proto", [NFT_M_ICMPTYPE] = "icmp type",
		[NFT_M_TCPFLAGS] = "tcp flags", [NFT_M_CTSTATE] = "ct state",
	};

	if (m->type == NFT_M_SPORT)
		return m->l4proto == IPPROTO_TCP ? "tcp sport" : "udp sport";
	if (m->type == NFT_M_DPORT)
		return m->l4proto == IPPROTO_TCP ? "tcp dport" : "udp dport";
	return kw[m->type];
}

static void print_match(struct nft_print *p, const struct nft_match *m)
{
	char a[96], b[96];

	nft_printf(p, "%s ", match_keyword(m));
	if (m->type == NFT_M_TCPFLAGS || m->type == NFT_M_CTSTATE) {
		if (m->op == NFT_OP_MASK && m->mask == 0xff)
			nft_printf(p, "%s %s ", m->neg ? "!=" : "==",
				   nft_bit_names(m->type, m->cmp, a, sizeof(a), "|"));
		else if (m->op == NFT_OP_MASK)
			nft_printf(p, "& (%s) %s %s ",
				   nft_bit_names(m->type, m->mask, a, sizeof(a), "|"),
				   m->neg ? "!=" : "==",
				   m->cmp ? nft_bit_names(m->type, m->cmp, b, sizeof(b), "|") : "0");
		else if (m->is_set)
			nft_printf(p, "%s{ %s } ", m->neg ? "!= " : "",
				   nft_bit_names(m->type, m->mask, a, sizeof(a), ", "));
		else
			nft_printf(p, "%s%s ", m->neg ? "!= " : "",
				   nft_bit_names(m->type, m->mask, a, sizeof(a), ","));
		return;
	}
	if (m->neg)
		nft_printf(p, "!= ");
	if (m->is_set)
		nft_printf(p, "{ ");
	for (u16 i = 0; i < m->nelems; i++) {
		if (i)
			nft_printf(p, ", ");
		print_elem(p, m->type, &m->elems[i]);
	}
	nft_printf(p, m->is_set ? " } " : " ");
}

static void print_nat(struct nft_print *p, const struct nft_rule *r)
{
	char ip[INET_ADDRSTRLEN];

	nft_printf(p, "%s", r->verdict == NFT_SNAT ? "snat ip to " :
		   r->verdict == NFT_DNAT ? "dnat ip to " : "masquerade");
	if (r->verdict == NFT_MASQ && (r->nat.flags & NF_NAT_RANGE_PROTO_SPECIFIED))
		nft_printf(p, " to ");
	if (r->verdict != NFT_MASQ)
		nft_printf(p, "%s", in4_ntop(r->nat.min_addr, ip));
	if (r->nat.flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
		nft_printf(p, ":%u", r->nat.min_proto);
		if (r->nat.max_proto != r->nat.min_proto)
			nft_printf(p, "-%u", r->nat.max_proto);
	}
}

static void print_verdict(struct nft_print *p, const struct nft_rule *r)
{
	const char *code;

	switch (r->verdict) {
	case NFT_ACCEPT: nft_printf(p, "accept"); break;
	case NFT_DROP: nft_printf(p, "drop"); break;
	case NFT_RETURN: nft_printf(p, "return"); break;
	case NFT_JUMP: nft_printf(p, "jump %s", r->target); break;
	case NFT_GOTO: nft_printf(p, "goto %s", r->target); break;
	case NFT_REJECT:
		nft_printf(p, "reject");
		if (r->reject == NFT_REJECT_TCP_RST)
			nft_printf(p, " with tcp reset");
		else if (r->reject_explicit && (code = nft_icmp_code_name(r->reject)))
			nft_printf(p, " with icmp type %s", code);
		break;
	case NFT_SNAT: case NFT_DNAT: case NFT_MASQ:
		print_nat(p, r);
		break;
	}
}

static void print_log(struct nft_print *p, const struct nft_rule *r)
{
	nft_printf(p, r->log_prefix[0] ? "log prefix \"%s\" " : "log ", r->log_prefix);
}

static void print_rule(struct nft_print *p, const struct nft_rule *r)
{
	nft_printf(p, "\t\t");
	for (u8 i = 0; i < r->nmatch; i++)
		print_match(p, &r->match[i]);
	if (r->log && r->log_first)
		print_log(p, r);
	if (r->counter)
		nft_printf(p, "counter packets %llu bytes %llu ",
			   (unsigned long long)r->packets, (unsigned long long)r->bytes);
	if (r->log && !r->log_first)
		print_log(p, r);
	print_verdict(p, r);
	/* Drop the blank a rule without a verdict ends in. */
	if (p->used && p->used < p->len && p->buf[p->used - 1] == ' ')
		p->buf[--p->used] = '\0';
	if (p->handles)
		nft_printf(p, " # handle %llu", (unsigned long long)r->handle);
	nft_printf(p, "\n");
}

/* A standard priority by name, one near it as NAME + N, others as numbers (as nft). */
static void print_priority(struct nft_print *p, int prio)
{
	for (int d = 0; d <= 10; d++) {
		const char *name = nft_prio_name(prio - d);

		if (name && !d)
			nft_printf(p, "%s", name);
		else if (name)
			nft_printf(p, "%s + %d", name, d);
		else if ((name = nft_prio_name(prio + d)))
			nft_printf(p, "%s - %d", name, d);
		if (name)
			return;
	}
	nft_printf(p, "%d", prio);
}

static void print_chain(struct nft_print *p, const struct nft_chain *c)
{
	const struct nft_rule *r;

	nft_printf(p, "\tchain %s {", c->name);
	if (p->handles)
		nft_printf(p, " # handle %llu", (unsigned long long)c->handle);
	nft_printf(p, "\n");
	if (c->base) {
		nft_printf(p, "\t\ttype %s hook %s priority ",
			   c->type == NFT_CHAIN_T_NAT ? "nat" : "filter", nft_hook_name(c->hook));
		print_priority(p, c->priority);
		nft_printf(p, "; policy %s;\n", c->policy == NFT_DROP ? "drop" : "accept");
	}
	list_for_each_entry(r, &c->rules, list)
		print_rule(p, r);
	nft_printf(p, "\t}\n");
}

void nft_print_table(const struct nft_table *t, struct nft_print *p)
{
	const struct nft_chain *c;
	bool first = true;

	nft_printf(p, "table %s %s {", nft_family_name(t->family), t->name);
	if (p->handles)
		nft_printf(p, " # handle %llu", (unsigned long long)t->handle);
	nft_printf(p, "\n");
	list_for_each_entry(c, &t->chains, list) {
		if (!first)
			nft_printf(p, "\n");
		first = false;
		print_chain(p, c);
	}
	nft_printf(p, "}\n");
}

void nft_print_ruleset(const struct nft_ruleset *rs, struct nft_print *p)
{
	const struct nft_table *t;

	list_for_each_entry(t, &rs->tables, list)
		nft_print_table(t, p);
}
