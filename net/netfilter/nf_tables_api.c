/*
 * The ruleset in force and its changes (Linux net/netfilter/nf_tables_api.c):
 * a batch of commands runs on a deep copy, is validated (jump targets,
 * loops, NAT statements where NAT can happen), then swapped in with bottom
 * halves off: the new base chains go onto their hooks before the old come
 * off, so no packet ever sees a half-applied ruleset and conntrack's table
 * survives the change. Counters carry over in the copy.
 */
#include <net/netfilter/nf_tables.h>
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

static struct nft_ruleset nft_empty = { .tables = LIST_HEAD_INIT(nft_empty.tables) };
static struct nft_ruleset *nft_current = &nft_empty;

const char *nft_family_name(u8 family)
{
	return family == NFT_FAMILY_INET ? "inet" : "ip";
}

const char *nft_hook_name(u8 hook)
{
	static const char *const names[NF_INET_NUMHOOKS] = {
		"prerouting", "input", "forward", "output", "postrouting",
	};

	return hook < NF_INET_NUMHOOKS ? names[hook] : "?";
}

struct nft_table *nft_table_find(const struct nft_ruleset *rs, u8 family, const char *name)
{
	struct nft_table *t;

	list_for_each_entry(t, &rs->tables, list)
		if (t->family == family && !strcmp(t->name, name))
			return t;
	return NULL;
}

struct nft_chain *nft_chain_find(const struct nft_table *t, const char *name)
{
	struct nft_chain *c;

	list_for_each_entry(c, &t->chains, list)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

void nft_rule_free(struct nft_rule *r)
{
	for (u8 i = 0; i < r->nmatch; i++)
		kfree(r->match[i].elems);
	kfree(r);
}

void nft_chain_free(struct nft_chain *c)
{
	struct nft_rule *r, *n;

	list_for_each_entry_safe(r, n, &c->rules, list) {
		list_del(&r->list);
		nft_rule_free(r);
	}
	kfree(c);
}

void nft_table_free(struct nft_table *t)
{
	struct nft_chain *c, *n;

	list_for_each_entry_safe(c, n, &t->chains, list) {
		list_del(&c->list);
		nft_chain_free(c);
	}
	kfree(t);
}

void nft_ruleset_free_tables(struct nft_ruleset *rs)
{
	struct nft_table *t, *n;

	list_for_each_entry_safe(t, n, &rs->tables, list) {
		list_del(&t->list);
		nft_table_free(t);
	}
}

static void nft_ruleset_free(struct nft_ruleset *rs)
{
	nft_ruleset_free_tables(rs);
	if (rs != &nft_empty)
		kfree(rs);
}

static struct nft_rule *nft_rule_clone(const struct nft_rule *src)
{
	struct nft_rule *r = kmalloc(sizeof(*r));

	if (!r)
		return NULL;
	*r = *src;
	for (u8 i = 0; i < r->nmatch; i++) {
		size_t n = r->match[i].nelems * sizeof(struct nft_elem);

		r->match[i].elems = n ? kmalloc(n) : NULL;
		if (n && !r->match[i].elems) {
			r->nmatch = i;
			nft_rule_free(r);
			return NULL;
		}
		if (n)
			memcpy(r->match[i].elems, src->match[i].elems, n);
	}
	return r;
}

static struct nft_chain *nft_chain_clone(const struct nft_chain *src, struct nft_table *t)
{
	struct nft_chain *c = kmalloc(sizeof(*c));
	const struct nft_rule *r;

	if (!c)
		return NULL;
	*c = *src;
	c->table = t;
	c->registered = false;
	INIT_LIST_HEAD(&c->rules);
	list_for_each_entry(r, &src->rules, list) {
		struct nft_rule *n = nft_rule_clone(r);

		if (!n) {
			nft_chain_free(c);
			return NULL;
		}
		list_add_tail(&n->list, &c->rules);
	}
	return c;
}

struct nft_ruleset *nft_ruleset_clone(const struct nft_ruleset *src)
{
	struct nft_ruleset *rs = kzalloc(sizeof(*rs));
	const struct nft_table *st;

	if (!rs)
		return NULL;
	INIT_LIST_HEAD(&rs->tables);
	rs->next_table_handle = src->next_table_handle;
	list_for_each_entry(st, &src->tables, list) {
		struct nft_table *t = kmalloc(sizeof(*t));
		const struct nft_chain *sc;

		if (!t)
			goto fail;
		*t = *st;
		INIT_LIST_HEAD(&t->chains);
		list_add_tail(&t->list, &rs->tables);
		list_for_each_entry(sc, &st->chains, list) {
			struct nft_chain *c = nft_chain_clone(sc, t);

			if (!c)
				goto fail;
			list_add_tail(&c->list, &t->chains);
		}
	}
	return rs;
fail:
	nft_ruleset_free(rs);
	return NULL;
}

/* ---- validation ---- */

static bool nat_allowed(u8 verdict, const struct nft_chain *base)
{
	if (base->type != NFT_CHAIN_T_NAT)
		return false;
	if (verdict == NFT_DNAT)
		return base->hook == NF_INET_PRE_ROUTING || base->hook == NF_INET_LOCAL_OUT;
	return base->hook == NF_INET_POST_ROUTING || base->hook == NF_INET_LOCAL_IN;
}

static const char *verdict_word(u8 v)
{
	return v == NFT_SNAT ? "snat" : v == NFT_DNAT ? "dnat" : "masquerade";
}

/* Walk what base reaches: depth-bounded (which also refuses loops), NAT where it may be. */
static int validate_chain(const struct nft_chain *c, const struct nft_chain *base,
			  unsigned int depth, char *err, size_t errlen)
{
	const struct nft_rule *r;
	int ret;

	if (depth > NFT_JUMP_STACK) {
		snprintf(err, errlen, "chain '%s': jumps nest deeper than %d (a loop?)",
			 c->name, NFT_JUMP_STACK);
		return -ELOOP;
	}
	list_for_each_entry(r, &c->rules, list) {
		if (r->verdict >= NFT_SNAT && !nat_allowed(r->verdict, base)) {
			snprintf(err, errlen, "chain '%s': '%s' needs a nat chain at %s",
				 c->name, verdict_word(r->verdict),
				 r->verdict == NFT_DNAT ? "prerouting or output"
							: "postrouting or input");
			return -EOPNOTSUPP;
		}
		if (r->verdict != NFT_JUMP && r->verdict != NFT_GOTO)
			continue;
		ret = validate_chain(r->chain, base, depth + 1, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

int nft_ruleset_validate(struct nft_ruleset *rs, char *err, size_t errlen)
{
	unsigned int nat_chains[NF_INET_NUMHOOKS] = { 0 };
	struct nft_table *t;
	struct nft_chain *c;
	struct nft_rule *r;
	int ret;

	rs->uses_ct = false;
	list_for_each_entry(t, &rs->tables, list) {
		list_for_each_entry(c, &t->chains, list) {
			list_for_each_entry(r, &c->rules, list) {
				for (u8 i = 0; i < r->nmatch; i++)
					if (r->match[i].type == NFT_M_CTSTATE)
						rs->uses_ct = true;
				if (r->verdict != NFT_JUMP && r->verdict != NFT_GOTO)
					continue;
				r->chain = nft_chain_find(t, r->target);
				if (!r->chain || r->chain->base) {
					snprintf(err, errlen, "chain '%s': %s target '%s' %s",
						 c->name, r->verdict == NFT_JUMP ? "jump" : "goto",
						 r->target, r->chain ? "is a base chain" :
						 "does not exist");
					return -ENOENT;
				}
			}
		}
		list_for_each_entry(c, &t->chains, list) {
			if (!c->base)
				continue;
			if (c->type == NFT_CHAIN_T_NAT &&
			    ++nat_chains[c->hook] > NFT_NAT_CHAINS_MAX) {
				snprintf(err, errlen, "chain '%s': more than %d nat chains at %s",
					 c->name, NFT_NAT_CHAINS_MAX, nft_hook_name(c->hook));
				return -EBUSY;
			}
			ret = validate_chain(c, c, 0, err, errlen);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* ---- hooks ---- */

static unsigned int nft_do_chain_ipv4(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct nft_pktinfo pkt;

	nft_pktinfo_init(&pkt, skb, state);
	return nft_do_chain(priv, &pkt);
}

static int nft_chain_register(struct nft_chain *c)
{
	int err;

	if (c->type == NFT_CHAIN_T_NAT) {
		err = nf_nat_register_fn(c->hook, nft_do_chain_ipv4, c);
	} else {
		c->ops = (struct nf_hook_ops){ .hook = nft_do_chain_ipv4, .priv = c,
					       .pf = NFPROTO_IPV4, .hooknum = c->hook,
					       .priority = c->priority };
		err = nf_register_net_hook(&c->ops);
	}
	c->registered = !err;
	return err;
}

static void nft_chain_unregister(struct nft_chain *c)
{
	if (!c->registered)
		return;
	if (c->type == NFT_CHAIN_T_NAT)
		nf_nat_unregister_fn(c->hook, nft_do_chain_ipv4, c);
	else
		nf_unregister_net_hook(&c->ops);
	c->registered = false;
}

static void nft_ruleset_unregister(struct nft_ruleset *rs)
{
	struct nft_table *t;
	struct nft_chain *c;

	list_for_each_entry(t, &rs->tables, list)
		list_for_each_entry(c, &t->chains, list)
			nft_chain_unregister(c);
	if (rs->uses_ct)
		nf_conntrack_disable();
}

static int nft_ruleset_register(struct nft_ruleset *rs)
{
	struct nft_table *t;
	struct nft_chain *c;
	int err = 0;

	if (rs->uses_ct && (err = nf_conntrack_enable()))
		return err;
	list_for_each_entry(t, &rs->tables, list)
		list_for_each_entry(c, &t->chains, list)
			if (c->base && (err = nft_chain_register(c))) {
				nft_ruleset_unregister(rs);
				return err;
			}
	return 0;
}

int nft_run(const char *text, char *out, size_t outlen, char *err, size_t errlen)
{
	struct nft_print p = { .buf = out, .len = outlen };
	struct nft_ruleset *rs;
	int ret;

	if (outlen)
		out[0] = '\0';
	if (errlen)
		err[0] = '\0';
	local_bh_disable();
	rs = nft_ruleset_clone(nft_current);
	if (!rs) {
		ret = -ENOMEM;
		goto out;
	}
	ret = nft_parse_run(rs, text, &p, err, errlen);
	if (ret == 0)
		ret = nft_ruleset_validate(rs, err, errlen);
	if (ret == 0)
		ret = nft_ruleset_register(rs);
	if (ret) {
		nft_ruleset_free(rs);
		goto out;
	}
	nft_ruleset_unregister(nft_current);
	nft_ruleset_free(nft_current);
	nft_current = rs;
	/* No tables: back to the static empty ruleset, holding no memory. */
	if (list_empty(&rs->tables)) {
		nft_empty.next_table_handle = rs->next_table_handle;
		nft_ruleset_free(rs);
		nft_current = &nft_empty;
	}
out:
	local_bh_enable();
	if (ret && errlen && !err[0])
		snprintf(err, errlen, ret == -ENOMEM ? "out of memory" :
			 "the ruleset could not be put on its hooks (error %d)", ret);
	return ret;
}
