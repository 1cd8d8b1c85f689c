/*
 * nft's tables and chains: their declarations and bodies, a base chain's
 * type, hook and priority, and where a rule goes in its chain.
 */
#include <kernel/slab.h>
#include <string.h>
#include <errno.h>

#include "nf_tables_parse.h"

static u8 parse_family(struct nft_parser *ps)
{
	if (nft_accept(ps, "inet"))
		return NFT_FAMILY_INET;
	nft_accept(ps, "ip");
	return NFT_FAMILY_IP;
}

struct nft_table *nft_get_table(struct nft_parser *ps, bool create)
{
	u8 family = parse_family(ps);
	char name[NFT_NAME_MAX];
	struct nft_table *t;

	if (nft_take_name(ps, name, "a table name"))
		return NULL;
	t = nft_table_find(ps->rs, family, name);
	if (t || !create) {
		if (!t)
			nft_fail_missing(ps, "table %s %s does not exist",
					 nft_family_name(family), name);
		return t;
	}
	t = kzalloc(sizeof(*t));
	if (!t) {
		nft_fail(ps, "out of memory");
		return NULL;
	}
	strcpy(t->name, name);
	t->family = family;
	t->handle = ++ps->rs->next_table_handle;
	INIT_LIST_HEAD(&t->chains);
	list_add_tail(&t->list, &ps->rs->tables);
	return t;
}

static const struct nft_name_val hooks[] = {
	{ "prerouting", NF_INET_PRE_ROUTING }, { "input", NF_INET_LOCAL_IN },
	{ "forward", NF_INET_FORWARD }, { "output", NF_INET_LOCAL_OUT },
	{ "postrouting", NF_INET_POST_ROUTING },
};

/* nft's priority names (nftables' standard priorities, family ip). */
static const struct nft_name_val prio_names[] = {
	{ "raw", (u32)NF_IP_PRI_RAW }, { "mangle", (u32)NF_IP_PRI_MANGLE },
	{ "dstnat", (u32)NF_IP_PRI_NAT_DST }, { "filter", NF_IP_PRI_FILTER },
	{ "security", NF_IP_PRI_SECURITY }, { "srcnat", NF_IP_PRI_NAT_SRC },
};

const char *nft_prio_name(int prio)
{
	return nft_name_of(prio_names, ARRAY_SIZE(prio_names), (u32)prio);
}

/* N, -N, NAME, NAME + N, NAME - N. */
static int parse_priority(struct nft_parser *ps, int *prio)
{
	u32 v, off;
	bool neg;

	if (ps->t.kind == T_WORD && NFT_LOOKUP(prio_names, ps->t.s, ps->t.len, &v)) {
		*prio = (int)v;
		nft_next(ps);
		if ((nft_is(ps, "+") || nft_is(ps, "-"))) {
			neg = nft_is(ps, "-");
			nft_next(ps);
			if (ps->t.kind != T_WORD ||
			    !nft_parse_num(ps->t.s, ps->t.len, 1000000, &off))
				return nft_fail(ps, "expected a number after the priority name");
			*prio += neg ? -(int)off : (int)off;
			nft_next(ps);
		}
		return 0;
	}
	neg = ps->t.kind == T_WORD && ps->t.s[0] == '-';
	if (ps->t.kind != T_WORD ||
	    !nft_parse_num(ps->t.s + neg, ps->t.len - neg, 1000000, &v))
		return nft_fail(ps, "expected a priority (a number, or raw, mangle, dstnat, "
			        "filter, security, srcnat)");
	*prio = neg ? -(int)v : (int)v;
	nft_next(ps);
	return 0;
}

/* "type filter hook input priority 0;" */
static int parse_chain_type(struct nft_parser *ps, struct nft_chain *c)
{
	u32 hook;

	if (c->base)
		return nft_fail(ps, "chain '%s' already has a type", c->name);
	if (nft_accept(ps, "filter"))
		c->type = NFT_CHAIN_T_FILTER;
	else if (nft_accept(ps, "nat"))
		c->type = NFT_CHAIN_T_NAT;
	else
		return nft_fail(ps, "expected a chain type (filter, nat)");
	if (nft_expect(ps, "hook"))
		return -EINVAL;
	if (ps->t.kind != T_WORD || !NFT_LOOKUP(hooks, ps->t.s, ps->t.len, &hook))
		return nft_fail(ps, "expected a hook (prerouting, input, forward, output, "
				"postrouting)");
	nft_next(ps);
	if (c->type == NFT_CHAIN_T_NAT && hook == NF_INET_FORWARD)
		return nft_fail(ps, "a nat chain cannot hook forward");
	c->hook = (u8)hook;
	c->base = true;
	c->priority = c->type == NFT_CHAIN_T_NAT ? NF_IP_PRI_NAT_SRC : NF_IP_PRI_FILTER;
	if (nft_accept(ps, "priority"))
		return parse_priority(ps, &c->priority);
	return 0;
}

static struct nft_rule *new_rule(struct nft_parser *ps, struct nft_table *t)
{
	struct nft_rule *r = kzalloc(sizeof(*r));

	if (!r) {
		nft_fail(ps, "out of memory");
		return NULL;
	}
	r->handle = ++t->next_handle;
	return r;
}

/* A rule statement; placed after 'after' (NULL: at the end of c). */
int nft_add_rule(struct nft_parser *ps, struct nft_chain *c, struct list_head *where, bool before)
{
	struct nft_rule *r = new_rule(ps, c->table);

	if (!r)
		return -EINVAL;
	if (!nft_parse_rule(ps, r) && !r->nmatch && !r->counter && !r->log &&
	    r->verdict == NFT_CONTINUE)
		nft_fail(ps, "expected a match or a statement (an empty rule)");
	if (ps->failed || nft_add_reject_dependency(ps, r)) {
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
static int parse_chain_body(struct nft_parser *ps, struct nft_chain *c)
{
	while (!ps->failed) {
		if (ps->t.kind == T_SEMI) {
			nft_next(ps);
		} else if (ps->t.kind == T_RBRACE) {
			nft_next(ps);
			return 0;
		} else if (ps->t.kind == T_END) {
			return nft_fail(ps, "expected '}' to close chain '%s'", c->name);
		} else if (nft_accept(ps, "type")) {
			parse_chain_type(ps, c);
		} else if (nft_accept(ps, "policy")) {
			if (nft_accept(ps, "accept"))
				c->policy = NFT_ACCEPT;
			else if (nft_accept(ps, "drop"))
				c->policy = NFT_DROP;
			else
				return nft_fail(ps, "expected a policy (accept, drop)");
			if (!c->base)
				return nft_fail(ps, "only a base chain (with a type) has a policy");
		} else if (nft_accept(ps, "comment")) {
			char tmp[128];

			nft_take(ps, tmp, sizeof(tmp), "a comment string");
		} else {
			nft_add_rule(ps, c, &c->rules, true);
		}
	}
	return -EINVAL;
}

struct nft_chain *nft_get_chain(struct nft_parser *ps, struct nft_table *t, bool create)
{
	char name[NFT_NAME_MAX];
	struct nft_chain *c;

	if (nft_take_name(ps, name, "a chain name"))
		return NULL;
	c = nft_chain_find(t, name);
	if (c || !create) {
		if (!c)
			nft_fail_missing(ps, "chain %s %s %s does not exist",
					 nft_family_name(t->family), t->name, name);
		return c;
	}
	c = kzalloc(sizeof(*c));
	if (!c) {
		nft_fail(ps, "out of memory");
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
int nft_parse_chain_decl(struct nft_parser *ps, struct nft_table *t)
{
	struct nft_chain *c = nft_get_chain(ps, t, true);

	if (!c)
		return -EINVAL;
	if (ps->t.kind != T_LBRACE)
		return 0;
	nft_next(ps);
	return parse_chain_body(ps, c);
}

int nft_parse_table_body(struct nft_parser *ps, struct nft_table *t)
{
	while (!ps->failed) {
		if (ps->t.kind == T_SEMI) {
			nft_next(ps);
		} else if (ps->t.kind == T_RBRACE) {
			nft_next(ps);
			return 0;
		} else if (nft_accept(ps, "chain")) {
			nft_parse_chain_decl(ps, t);
		} else {
			return nft_fail(ps, "expected 'chain' or '}' in table '%s'", t->name);
		}
	}
	return -EINVAL;
}
