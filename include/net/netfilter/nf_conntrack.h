/*
 * Connection tracking (Linux include/net/netfilter/nf_conntrack*.h): every
 * IPv4 packet that passes PRE_ROUTING or LOCAL_OUT is matched to a
 * connection, a pair of tuples (as sent, and as its replies will look),
 * and labelled NEW, ESTABLISHED, RELATED (an ICMP error quoting it) or
 * INVALID for the rules; NAT rewrites the reply tuple. The table is
 * bounded: when full, a connection that never saw a reply is evicted
 * (early drop), else the new packet is dropped. Conntrack runs only while
 * a ruleset needs it (ct matches or NAT): nf_conntrack_enable/disable.
 */
#ifndef _NET_NF_CONNTRACK_H
#define _NET_NF_CONNTRACK_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <net/skbuff.h>

struct seq_buf;

enum ip_conntrack_dir {
	IP_CT_DIR_ORIGINAL,
	IP_CT_DIR_REPLY,
	IP_CT_DIR_MAX
};

/* What the packet is to its connection (skb->nfctinfo). */
enum ip_conntrack_info {
	IP_CT_ESTABLISHED,	/* part of a connection that has seen a reply */
	IP_CT_RELATED,		/* an ICMP error about a connection */
	IP_CT_NEW,		/* the original direction, no reply yet */
	IP_CT_IS_REPLY,
	IP_CT_ESTABLISHED_REPLY = IP_CT_ESTABLISHED + IP_CT_IS_REPLY,
	IP_CT_RELATED_REPLY = IP_CT_RELATED + IP_CT_IS_REPLY,
	IP_CT_UNTRACKED = 7,	/* not tracked (fragments); nfct is NULL */
};

/* ct->status bits (Linux's enum ip_conntrack_status). */
#define IPS_SEEN_REPLY		(1u << 1)
#define IPS_ASSURED		(1u << 2)	/* never early-dropped */
#define IPS_CONFIRMED		(1u << 3)	/* in the table */
#define IPS_SRC_NAT		(1u << 4)
#define IPS_DST_NAT		(1u << 5)
#define IPS_NAT_MASK		(IPS_SRC_NAT | IPS_DST_NAT)
#define IPS_SRC_NAT_DONE	(1u << 7)
#define IPS_DST_NAT_DONE	(1u << 8)
#define IPS_DYING		(1u << 9)	/* out of the table, references remain */

/* The parts of a tuple NAT may change, and those it may not (Linux's layout). */
union nf_conntrack_man_proto {
	__be16 all;
	struct { __be16 port; } tcp;
	struct { __be16 port; } udp;
	struct { __be16 id; } icmp;
};

struct nf_conntrack_man {
	__be32 ip;
	union nf_conntrack_man_proto u;
};

struct nf_conntrack_tuple {
	struct nf_conntrack_man src;
	struct {
		__be32 ip;
		union {
			__be16 all;
			struct { __be16 port; } tcp;
			struct { __be16 port; } udp;
			struct { u8 type, code; } icmp;
		} u;
		u8 protonum;
		u8 dir;		/* which tuplehash this is; not hashed */
	} dst;
};

static inline bool nf_ct_tuple_equal(const struct nf_conntrack_tuple *a,
				     const struct nf_conntrack_tuple *b)
{
	return a->src.ip == b->src.ip && a->src.u.all == b->src.u.all &&
	       a->dst.ip == b->dst.ip && a->dst.u.all == b->dst.u.all &&
	       a->dst.protonum == b->dst.protonum;
}

/* TCP tracking (Linux's enum tcp_conntrack). */
enum tcp_conntrack {
	TCP_CONNTRACK_NONE,
	TCP_CONNTRACK_SYN_SENT,
	TCP_CONNTRACK_SYN_RECV,
	TCP_CONNTRACK_ESTABLISHED,
	TCP_CONNTRACK_FIN_WAIT,
	TCP_CONNTRACK_CLOSE_WAIT,
	TCP_CONNTRACK_LAST_ACK,
	TCP_CONNTRACK_TIME_WAIT,
	TCP_CONNTRACK_CLOSE,
	TCP_CONNTRACK_SYN_SENT2,
	TCP_CONNTRACK_MAX,
	TCP_CONNTRACK_IGNORE,
};

/* One direction's sequence space, as the segments it sent show it. */
struct ip_ct_tcp_state {
	u32 td_end;		/* highest seq + len sent */
	u32 td_maxend;		/* highest ack + window the peer allowed */
	u32 td_maxwin;		/* largest window offered (at least 1) */
	u8 td_scale;		/* window scale it announced */
	u8 flags;
};

#define IP_CT_TCP_FLAG_WINDOW_SCALE	0x01

struct ip_ct_tcp {
	struct ip_ct_tcp_state seen[2];
	u8 state;		/* enum tcp_conntrack */
};

struct nf_conntrack_tuple_hash {
	struct hlist_node hnnode;
	struct nf_conntrack_tuple tuple;
};

struct nf_conn {
	u32 use;		/* the table's reference and each skb's */
	u32 status;		/* IPS_* */
	u64 timeout;		/* jiffies when it expires (once confirmed) */
	struct nf_conntrack_tuple_hash tuplehash[IP_CT_DIR_MAX];
	union {
		struct ip_ct_tcp tcp;
	} proto;
};

static inline enum ip_conntrack_dir
NF_CT_DIRECTION(const struct nf_conntrack_tuple_hash *h)
{
	return (enum ip_conntrack_dir)h->tuple.dst.dir;
}

static inline struct nf_conn *
nf_ct_tuplehash_to_ctrack(const struct nf_conntrack_tuple_hash *h)
{
	return container_of(h, struct nf_conn, tuplehash[h->tuple.dst.dir]);
}

#define CTINFO2DIR(ctinfo) \
	((ctinfo) >= IP_CT_IS_REPLY ? IP_CT_DIR_REPLY : IP_CT_DIR_ORIGINAL)

/* The connection of skb and what skb is to it; NULL when invalid or untracked. */
static inline struct nf_conn *nf_ct_get(const struct sk_buff *skb,
					enum ip_conntrack_info *ctinfo)
{
	*ctinfo = (enum ip_conntrack_info)skb->nfctinfo;
	return skb->nfct;
}

static inline bool nf_ct_is_confirmed(const struct nf_conn *ct)
{
	return ct->status & IPS_CONFIRMED;
}

void nf_conntrack_put(struct nf_conn *ct);

/* Let go of skb's connection (freeing, or leaving the tracked path). */
static inline void nf_reset_ct(struct sk_buff *skb)
{
	if (skb->nfct)
		nf_conntrack_put(skb->nfct);
	skb->nfct = NULL;
	skb->nfctinfo = 0;
}

/* The reverse of orig: replies of orig's flow look like the result. */
void nf_ct_invert_tuple(struct nf_conntrack_tuple *inverse,
			const struct nf_conntrack_tuple *orig);

/* The entry holding tuple (either direction), or NULL. No reference taken. */
struct nf_conntrack_tuple_hash *nf_conntrack_find(const struct nf_conntrack_tuple *tuple);

/* Is tuple the reply of a connection other than ignored (NAT's uniqueness test)? */
bool nf_conntrack_tuple_taken(const struct nf_conntrack_tuple *tuple,
			      const struct nf_conn *ignored);

/* Conntrack's hooks in and its table up (counted: each user enables once). */
int nf_conntrack_enable(void);
void nf_conntrack_disable(void);
bool nf_conntrack_enabled(void);
/* Drop every entry (conntrack -F). */
void nf_conntrack_flush(void);

/* Per-protocol timeouts in seconds and the table bound (sysctl names). */
struct nf_conntrack_params {
	u32 max;
	u32 hashsize;
	bool max_set, hashsize_set;	/* given by the user: not sized from RAM */
	u32 tcp_timeout[TCP_CONNTRACK_MAX];
	u32 tcp_timeout_max_retrans;
	u32 udp_timeout, udp_timeout_stream;
	u32 icmp_timeout;
	u32 generic_timeout;
};
extern struct nf_conntrack_params nf_ct_params;

struct nf_conntrack_stat {
	u64 found, new, invalid, insert, insert_failed, drop, early_drop,
	    icmp_error, delete;
};
extern struct nf_conntrack_stat nf_ct_stat;
extern u32 nf_conntrack_count;

/* Call fn once per connection in the table (bottom halves off). */
void nf_conntrack_walk(void (*fn)(struct seq_buf *s, const struct nf_conn *ct),
		       struct seq_buf *s);

/* Set a parameter by its sysctl name without the prefix ("max", "udp_timeout"). */
int nf_conntrack_set_param(const char *name, u32 value);

/* The table's size for a machine of total_pages of RAM (what the first user gets). */
void nf_conntrack_default_sizes(u64 total_pages, u32 *hashsize, u32 *entries);

/* ---- per protocol (nf_conntrack_proto_*.c) ---- */

struct nf_ct_pkt {
	const struct sk_buff *skb;
	unsigned int dataoff;		/* the L4 header's offset from skb->data */
	enum ip_conntrack_dir dir;
};

/*
 * Track one packet of ct: 1 when valid (state and timeout updated), 0 when
 * INVALID, -1 (TCP) when it ends ct and opens a new connection instead.
 */
int nf_conntrack_tcp_packet(struct nf_conn *ct, const struct nf_ct_pkt *p);
/* May this segment open a connection (a SYN without ACK)? Sets up ct's windows. */
bool nf_conntrack_tcp_new(struct nf_conn *ct, const struct nf_ct_pkt *p);
int nf_conntrack_udp_packet(struct nf_conn *ct, const struct nf_ct_pkt *p);
int nf_conntrack_icmp_packet(struct nf_conn *ct, const struct nf_ct_pkt *p);
bool nf_conntrack_icmp_new(const struct nf_conntrack_tuple *t);
/* ICMP echo: request <-> reply types; false for a type that has no reply. */
bool nf_conntrack_icmp_invert(u8 type, u8 *inverse);
/* An ICMP error: find the connection it quotes. Returns the ctinfo or -1 (invalid). */
int nf_conntrack_icmp_error(struct sk_buff *skb, unsigned int dataoff,
			    struct nf_conn **ctp);
/* Read an L4 tuple part (ports, ICMP id/type/code) at off; false when too short. */
bool nf_ct_get_tuple(const struct sk_buff *skb, unsigned int nhoff,
		     struct nf_conntrack_tuple *t);

const char *tcp_conntrack_name(u8 state);

/* Renew the timeout: seconds from now. */
void nf_ct_refresh(struct nf_conn *ct, u32 secs);

#endif
