/* Shared by the files of nft's parser (nf_tables_parse*.c); not an API for the kernel. */
#ifndef _NET_NETFILTER_NF_TABLES_PARSE_H
#define _NET_NETFILTER_NF_TABLES_PARSE_H

#include <net/netfilter/nf_tables.h>

enum tok_kind { T_END, T_WORD, T_STRING, T_SEMI, T_LBRACE, T_RBRACE, T_COMMA, T_PUNCT };

struct nft_tok {
	enum tok_kind kind;
	const char *s;
	unsigned int len;
	unsigned int line;
};

struct nft_parser {
	struct nft_ruleset *rs;
	struct nft_print *p;
	const char *pos;
	unsigned int line;
	struct nft_tok t;	/* the current token */
	char *err;
	size_t errlen;
	bool failed;
};

/* ---- tokens and errors (nf_tables_parse_lex.c) ---- */

/* Move to the next token; an unterminated string fails the parse. */
void nft_next(struct nft_parser *ps);
/*
 * Record the first error (later ones are its consequences) and return
 * -EINVAL, naming the current token; nft_fail_missing returns -ENOENT and
 * names only what is missing.
 */
__printf(2, 3) int nft_fail(struct nft_parser *ps, const char *fmt, ...);
__printf(2, 3) int nft_fail_missing(struct nft_parser *ps, const char *fmt, ...);
/* The current token is the word w. */
bool nft_is(const struct nft_parser *ps, const char *w);
bool nft_accept(struct nft_parser *ps, const char *w);
/* Take the word w, or fail naming it. */
int nft_expect(struct nft_parser *ps, const char *w);
bool nft_end_of_stmt(const struct nft_parser *ps);
int nft_take(struct nft_parser *ps, char *buf, size_t size, const char *what);
/* A table or chain name (NFT_NAME_MAX) the listing can write back. */
int nft_take_name(struct nft_parser *ps, char *buf, const char *what);

/* A word of nft's language and the value it stands for. */
struct nft_name_val {
	const char *name;
	u32 val;
};

bool nft_lookup(const struct nft_name_val *t, size_t n, const char *s, size_t len, u32 *v);
const char *nft_name_of(const struct nft_name_val *t, size_t n, u32 v);
#define NFT_LOOKUP(tab, s, len, v) nft_lookup(tab, ARRAY_SIZE(tab), s, len, v)
/* A decimal number of s[0..len) no larger than max. */
bool nft_parse_num(const char *s, size_t len, u32 max, u32 *v);

/* ---- matches and their values (nf_tables_parse_match.c) ---- */

/* One value of a match's kind from s[0..len): false if it is not one. */
typedef bool (*nft_value_fn)(const char *s, size_t len, u32 *v);

bool nft_port_value(const char *s, size_t len, u32 *v);
bool nft_addr_value(const char *s, size_t len, u32 *v);
bool nft_parse_elem(const char *s, size_t len, nft_value_fn fn, bool prefix, struct nft_elem *e);
/* A new match of type in r, or NULL (failed) when r is full. */
struct nft_match *nft_new_match(struct nft_parser *ps, struct nft_rule *r, u8 type);
int nft_set_elems(struct nft_parser *ps, struct nft_match *m, const struct nft_elem *e, u16 n);
int nft_parse_match(struct nft_parser *ps, struct nft_rule *r);

/* ---- statements and verdicts (nf_tables_parse_stmt.c) ---- */

int nft_parse_rule(struct nft_parser *ps, struct nft_rule *r);
int nft_add_reject_dependency(struct nft_parser *ps, struct nft_rule *r);

/* ---- tables and chains (nf_tables_parse_chain.c) ---- */

/* [FAMILY] NAME: the table, created if create; NULL (failed) otherwise. */
struct nft_table *nft_get_table(struct nft_parser *ps, bool create);
struct nft_chain *nft_get_chain(struct nft_parser *ps, struct nft_table *t, bool create);
int nft_add_rule(struct nft_parser *ps, struct nft_chain *c, struct list_head *where, bool before);
int nft_parse_chain_decl(struct nft_parser *ps, struct nft_table *t);
int nft_parse_table_body(struct nft_parser *ps, struct nft_table *t);

#endif
