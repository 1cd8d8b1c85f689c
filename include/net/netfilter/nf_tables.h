/*
 * nf_tables (Linux include/net/netfilter/nf_tables.h), compiled small:
 * a ruleset of tables, chains and rules written in nft's syntax, each rule
 * a list of matches (all must hold), optional counter and log, and one
 * verdict or NAT statement. Base chains sit on the netfilter hooks with a
 * priority and a policy; regular chains are reached by jump and goto.
 *
 * Every change is a text batch applied to a copy of the ruleset in force:
 * only a batch that parses and checks out whole replaces it, so a
 * malformed rule leaves the running ruleset as it was.
 */
#ifndef _NET_NF_TABLES_H
#define _NET_NF_TABLES_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <net/netfilter.h>
#include <net/netfilter/nf_nat.h>

#define NFT_NAME_MAX		32	/* table and chain names, with the NUL */
#define NFT_IFNAME_MAX		16
#define NFT_RULE_MATCH_MAX	8	/* matches in one rule */
#define NFT_SET_MAX		64	/* elements of an anonymous set */
#define NFT_JUMP_STACK		16	/* Linux's NFT_JUMP_STACK_SIZE */
#define NFT_LOG_PREFIX_MAX	64
#define NFT_NAT_CHAINS_MAX	4	/* nat base chains on one hook */

enum nft_match_type {
	NFT_M_IIFNAME,
	NFT_M_OIFNAME,
	NFT_M_SADDR,		/* ip saddr */
	NFT_M_DADDR,		/* ip daddr */
	NFT_M_L4PROTO,		/* meta l4proto, ip protocol */
	NFT_M_SPORT,		/* tcp/udp sport */
	NFT_M_DPORT,
	NFT_M_TCPFLAGS,
	NFT_M_ICMPTYPE,
	NFT_M_CTSTATE,
	NFT_M_NTYPES
};

/* How a match compares (the shapes nft's grammar gives them). */
enum nft_match_op {
	NFT_OP_SET,		/* value in the elements (one element: equality) */
	NFT_OP_MASK,		/* (value & mask) == cmp, for flags */
	NFT_OP_ANY,		/* (value & mask) != 0: "tcp flags syn,ack", "ct state new,established" */
};

/* nft's ct state bits (NF_CT_STATE_*_BIT). */
#define NFT_CT_INVALID		0x01
#define NFT_CT_ESTABLISHED	0x02
#define NFT_CT_RELATED		0x04
#define NFT_CT_NEW		0x08
#define NFT_CT_UNTRACKED	0x40

/* One element: an inclusive range of host-order values, or an interface name. */
struct nft_elem {
	u32 lo, hi;
	char name[NFT_IFNAME_MAX];
};

/* What a miss reads comes first: a rule that does not match touches one cache line. */
struct nft_match {
	u8 type;		/* enum nft_match_type */
	u8 op;			/* enum nft_match_op */
	u8 l4proto;		/* sport/dport: IPPROTO_TCP or IPPROTO_UDP */
	bool neg;		/* != */
	u32 lo, hi;		/* the elements' span: a value outside misses at once */
	u32 mask, cmp;		/* NFT_OP_MASK / NFT_OP_ANY */
	u16 nelems;
	bool is_set;		/* written as { ... } (for listing) */
	struct nft_elem *elems;	/* kmalloc'd */
};

enum nft_verdicts {
	NFT_CONTINUE,
	NFT_ACCEPT,
	NFT_DROP,
	NFT_REJECT,
	NFT_JUMP,
	NFT_GOTO,
	NFT_RETURN,
	NFT_SNAT,
	NFT_DNAT,
	NFT_MASQ,
};

/* reject with ...: an ICMP unreachable code, or a TCP reset. */
#define NFT_REJECT_TCP_RST	0xff

struct nft_chain;

struct nft_rule {
	struct list_head list;
	u8 nmatch;
	struct nft_match match[NFT_RULE_MATCH_MAX];
	u64 handle;
	bool counter;
	bool log;
	bool log_first;		/* log written before counter (kept for listing) */
	u8 verdict;		/* enum nft_verdicts */
	u8 reject;		/* ICMP code or NFT_REJECT_TCP_RST */
	bool reject_explicit;	/* "reject with ..." written out */
	u64 packets, bytes;	/* the counter */
	char log_prefix[NFT_LOG_PREFIX_MAX];
	char target[NFT_NAME_MAX];	/* jump/goto */
	struct nft_chain *chain;	/* the target, resolved at commit */
	struct nf_nat_range nat;	/* snat/dnat/masquerade */
};

enum nft_chain_types { NFT_CHAIN_T_FILTER, NFT_CHAIN_T_NAT };

struct nft_table;

struct nft_chain {
	struct list_head list;
	struct nft_table *table;
	char name[NFT_NAME_MAX];
	bool base;
	u8 type;		/* enum nft_chain_types */
	u8 hook;		/* enum nf_inet_hooks */
	int priority;
	u8 policy;		/* NFT_ACCEPT or NFT_DROP */
	u64 handle;
	struct list_head rules;
	struct nf_hook_ops ops;
	bool registered;
};

#define NFT_FAMILY_IP		2	/* NFPROTO_IPV4 */
#define NFT_FAMILY_INET		1	/* IPv4 and IPv6: here, IPv4 */

struct nft_table {
	struct list_head list;
	char name[NFT_NAME_MAX];
	u8 family;
	u64 handle;
	u64 next_handle;	/* chains and rules take handles from here */
	struct list_head chains;
};

struct nft_ruleset {
	struct list_head tables;
	u64 next_table_handle;
	bool uses_ct;		/* a rule matches ct state: conntrack on */
};

/* ---- the ruleset in force (nf_tables_api.c) ---- */

/*
 * Apply a batch of nft commands (the text of a file, or one command line's
 * words joined) to a copy of the ruleset in force and, when all of it is
 * good, make the copy the ruleset. out receives what the commands print
 * (list ruleset); err a message naming the offending token. 0 or -errno;
 * on error nothing changed.
 */
int nft_run(const char *text, char *out, size_t outlen, char *err, size_t errlen);

/* ---- parsing and listing (nf_tables_parse*.c, nf_tables_print.c) ---- */

struct nft_print {
	char *buf;
	size_t len, used;
	bool handles;		/* nft -a: "# handle N" */
};

/*
 * Run text's commands on rs (not in force). 0, or -errno with err naming
 * the line and token. Listings go to p.
 */
int nft_parse_run(struct nft_ruleset *rs, const char *text, struct nft_print *p,
		  char *err, size_t errlen);
void nft_print_ruleset(const struct nft_ruleset *rs, struct nft_print *p);
void nft_print_table(const struct nft_table *t, struct nft_print *p);
__printf(2, 3) void nft_printf(struct nft_print *p, const char *fmt, ...);

/* Helpers the parser uses on a ruleset. */
struct nft_table *nft_table_find(const struct nft_ruleset *rs, u8 family, const char *name);
struct nft_chain *nft_chain_find(const struct nft_table *t, const char *name);
void nft_rule_free(struct nft_rule *r);
void nft_chain_free(struct nft_chain *c);
void nft_table_free(struct nft_table *t);
void nft_ruleset_free_tables(struct nft_ruleset *rs);
/* A deep copy (counters too); NULL when memory is short. */
struct nft_ruleset *nft_ruleset_clone(const struct nft_ruleset *rs);
/* Resolve jumps, refuse loops and dangling targets: 0 or -errno with err. */
int nft_ruleset_validate(struct nft_ruleset *rs, char *err, size_t errlen);

/* Names used by both parser and printer. */
const char *nft_hook_name(u8 hook);
const char *nft_family_name(u8 family);
/* "filter", "srcnat", ... for a standard priority; NULL otherwise. */
const char *nft_prio_name(int prio);
/* Names of values, for listing: NULL when a value has none. */
const char *nft_icmp_type_name(u32 type);
const char *nft_icmp_code_name(u32 code);
const char *nft_l4proto_name(u32 proto);
const char *nft_bit_names(u8 type, u32 bits, char *buf, size_t len, const char *sep);

/* ---- evaluation (nf_tables_core.c) ---- */

/*
 * A packet's fields, read once: val[type] is what a match of that type
 * compares (host order), valid when bit type of present is set - a later
 * fragment has no ports, a UDP datagram no TCP flags. Matching is then a
 * load and a compare, the same for every type but the interface names.
 */
struct nft_pktinfo {
	struct sk_buff *skb;
	const struct nf_hook_state *state;
	u32 val[NFT_M_NTYPES];
	u32 present;
	u8 l4proto;
};

/* Fill pkt from skb (data at the IP header). */
void nft_pktinfo_init(struct nft_pktinfo *pkt, struct sk_buff *skb,
		      const struct nf_hook_state *state);
/* Run a base chain: NF_ACCEPT, NF_DROP or NF_STOLEN (rejected, freed). */
unsigned int nft_do_chain(struct nft_chain *chain, struct nft_pktinfo *pkt);

/* reject (nft_reject.c): answer skb with a TCP RST or an ICMP unreachable. */
void nft_reject(struct sk_buff *skb, const struct nf_hook_state *state, u8 how);

#endif
