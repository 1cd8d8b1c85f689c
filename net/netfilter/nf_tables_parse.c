/*
 * nft's language (nftables' parser_bison.y, the part Skiff runs): the
 * commands of the nft tool and the ruleset file syntax, compiled straight
 * into nf_tables rules. Every token is checked before it is believed; an
 * error names its line and token and stops the batch (nft_run then keeps
 * the ruleset in force). This file holds the commands; the tokens, the
 * matches, the statements and the tables and chains have a file each
 * (nf_tables_parse_{lex,match,stmt,chain}.c).
 */
#include <errno.h>

#include "nf_tables_parse.h"

static struct nft_rule *rule_by_handle(struct nft_chain *c, u64 handle)
{
	struct nft_rule *r;

	list_for_each_entry(r, &c->rules, list)
		if (r->handle == handle)
			return r;
	return NULL;
}

static int take_handle(struct nft_parser *ps, const char *word, u64 *handle)
{
	u32 v;

	if (nft_expect(ps, word))
		return -EINVAL;
	if (ps->t.kind != T_WORD || !nft_parse_num(ps->t.s, ps->t.len, 0xffffffffu, &v))
		return nft_fail(ps, "expected a rule handle (nft -a list ruleset shows them)");
	*handle = v;
	nft_next(ps);
	return 0;
}

/*
 * add|insert rule [FAMILY] TABLE CHAIN [position|handle H] RULE: add goes
 * after H (or at the end), insert before H (or at the start).
 */
static int cmd_rule(struct nft_parser *ps, bool insert)
{
	struct nft_table *t = nft_get_table(ps, false);
	struct nft_chain *c = t ? nft_get_chain(ps, t, false) : NULL;
	struct nft_rule *ref;
	u64 h;

	if (!c)
		return -ENOENT;
	if (!nft_is(ps, "position") && !nft_is(ps, "handle"))
		return nft_add_rule(ps, c, &c->rules, !insert);
	if (take_handle(ps, nft_is(ps, "position") ? "position" : "handle", &h))
		return -EINVAL;
	ref = rule_by_handle(c, h);
	if (!ref)
		return nft_fail_missing(ps, "rule handle %llu not found in chain %s",
				        (unsigned long long)h, c->name);
	return nft_add_rule(ps, c, &ref->list, insert);
}

static int cmd_delete(struct nft_parser *ps)
{
	struct nft_table *t;
	struct nft_chain *c;
	struct nft_rule *r;
	u64 h;

	if (nft_accept(ps, "table")) {
		if (!(t = nft_get_table(ps, false)))
			return -ENOENT;
		list_del(&t->list);
		nft_table_free(t);
		return 0;
	}
	if (nft_accept(ps, "chain")) {
		if (!(t = nft_get_table(ps, false)) || !(c = nft_get_chain(ps, t, false)))
			return -ENOENT;
		list_del(&c->list);
		nft_chain_free(c);
		return 0;
	}
	if (nft_expect(ps, "rule") || !(t = nft_get_table(ps, false)) ||
	    !(c = nft_get_chain(ps, t, false)))
		return -ENOENT;
	if (take_handle(ps, "handle", &h))
		return -EINVAL;
	r = rule_by_handle(c, h);
	if (!r)
		return nft_fail_missing(ps, "rule handle %llu not found in chain %s",
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

static int cmd_flush(struct nft_parser *ps)
{
	struct nft_table *t;
	struct nft_chain *c;

	if (nft_accept(ps, "ruleset")) {
		nft_ruleset_free_tables(ps->rs);
		return 0;
	}
	if (nft_accept(ps, "table")) {
		if (!(t = nft_get_table(ps, false)))
			return -ENOENT;
		list_for_each_entry(c, &t->chains, list)
			flush_chain(c);
		return 0;
	}
	if (nft_expect(ps, "chain") || !(t = nft_get_table(ps, false)) ||
	    !(c = nft_get_chain(ps, t, false)))
		return -ENOENT;
	flush_chain(c);
	return 0;
}

static int cmd_list(struct nft_parser *ps)
{
	struct nft_table *t;

	if (nft_accept(ps, "ruleset")) {
		nft_print_ruleset(ps->rs, ps->p);
		return 0;
	}
	if (nft_expect(ps, "table") || !(t = nft_get_table(ps, false)))
		return -ENOENT;
	nft_print_table(t, ps->p);
	return 0;
}

static int cmd_add(struct nft_parser *ps)
{
	struct nft_table *t;

	if (nft_accept(ps, "rule"))
		return cmd_rule(ps, false);
	if (nft_accept(ps, "chain")) {
		t = nft_get_table(ps, false);
		return t ? nft_parse_chain_decl(ps, t) : -ENOENT;
	}
	if (nft_expect(ps, "table"))
		return -EINVAL;
	t = nft_get_table(ps, true);
	if (!t)
		return -EINVAL;
	if (ps->t.kind != T_LBRACE)
		return 0;
	nft_next(ps);
	return nft_parse_table_body(ps, t);
}

static int parse_command(struct nft_parser *ps)
{
	struct nft_table *t;

	/* nft's option -a (--handle): list with handles. */
	if (nft_accept(ps, "-a") || nft_accept(ps, "--handle"))
		ps->p->handles = true;
	if (nft_accept(ps, "add") || nft_accept(ps, "create"))
		return cmd_add(ps);
	if (nft_accept(ps, "insert")) {
		if (nft_expect(ps, "rule"))
			return -EINVAL;
		return cmd_rule(ps, true);
	}
	if (nft_accept(ps, "delete"))
		return cmd_delete(ps);
	if (nft_accept(ps, "flush"))
		return cmd_flush(ps);
	if (nft_accept(ps, "list"))
		return cmd_list(ps);
	if (nft_accept(ps, "table")) {
		/* The file form: table [FAMILY] NAME { ... } */
		t = nft_get_table(ps, true);
		if (!t)
			return -EINVAL;
		if (ps->t.kind != T_LBRACE)
			return nft_fail(ps, "expected '{' after the table name");
		nft_next(ps);
		return nft_parse_table_body(ps, t);
	}
	return nft_fail(ps, "expected a command (add, insert, delete, flush, list, table)");
}

int nft_parse_run(struct nft_ruleset *rs, const char *text, struct nft_print *p,
		  char *err, size_t errlen)
{
	struct nft_parser ps = { .rs = rs, .p = p, .pos = text, .line = 1,
				 .err = err, .errlen = errlen };

	nft_next(&ps);
	while (!ps.failed && ps.t.kind != T_END) {
		if (ps.t.kind == T_SEMI) {
			nft_next(&ps);
			continue;
		}
		if (parse_command(&ps) && !ps.failed)
			nft_fail(&ps, "cannot run this command");
		if (!ps.failed && !nft_end_of_stmt(&ps))
			nft_fail(&ps, "expected the end of the command");
		if (!ps.failed && ps.t.kind == T_RBRACE)
			nft_fail(&ps, "unbalanced '}'");
	}
	return ps.failed ? -EINVAL : 0;
}
