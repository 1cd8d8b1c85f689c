/*
 * The rule evaluator (Linux net/netfilter/nf_tables_core.c, nft_do_chain):
 * a packet's fields are read once into nft_pktinfo, then each rule's
 * matches are tested in order; the first verdict ends the chain, jump and
 * goto move through regular chains with a bounded return stack.
 */
#include <net/netfilter/nf_tables.h>
#include <net/netdevice.h>
#include <net/inet_utils.h>
#include <net/inetdevice.h>
#include <net/route.h>
#include <net/proto/ip.h>
#include <net/proto/tcp.h>
#include <net/proto/icmp.h>
#include <net/ip.h>
#include <kernel/ratelimit.h>
#include <stdio.h>
#include <string.h>

static u8 nft_ct_state(const struct sk_buff *skb)
{
	if (!skb->nfct)
		return skb->nfctinfo == IP_CT_UNTRACKED ? NFT_CT_UNTRACKED : NFT_CT_INVALID;
	switch (skb->nfctinfo) {
	case IP_CT_NEW:
		return NFT_CT_NEW;
	case IP_CT_RELATED:
	case IP_CT_RELATED_REPLY:
		return NFT_CT_RELATED;
	}
	return NFT_CT_ESTABLISHED;
}

static void pkt_set(struct nft_pktinfo *pkt, enum nft_match_type type, u32 v)
{
	pkt->val[type] = v;
	pkt->present |= 1u << type;
}

void nft_pktinfo_init(struct nft_pktinfo *pkt, struct sk_buff *skb,
		      const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int thoff = ip_hdrlen_of(iph);
	const u8 *l4 = skb->data + thoff;

	pkt->skb = skb;
	pkt->state = state;
	pkt->present = 0;
	pkt->l4proto = iph->protocol;
	pkt_set(pkt, NFT_M_SADDR, ntohl(iph->saddr));
	pkt_set(pkt, NFT_M_DADDR, ntohl(iph->daddr));
	pkt_set(pkt, NFT_M_L4PROTO, iph->protocol);
	pkt_set(pkt, NFT_M_CTSTATE, nft_ct_state(skb));
	if (iph->frag_off & htons(IP_OFFSET))
		return;
	switch (iph->protocol) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if (skb->len < thoff + 4)
			return;
		pkt_set(pkt, NFT_M_SPORT, (u32)(l4[0] << 8 | l4[1]));
		pkt_set(pkt, NFT_M_DPORT, (u32)(l4[2] << 8 | l4[3]));
		if (iph->protocol == IPPROTO_TCP && skb->len >= thoff + 14)
			pkt_set(pkt, NFT_M_TCPFLAGS, l4[13]);
		break;
	case IPPROTO_ICMP:
		if (skb->len < thoff + 1)
			return;
		pkt_set(pkt, NFT_M_ICMPTYPE, l4[0]);
		break;
	}
}

/*
 * The span check first: most rules of a long chain miss on their first
 * match, and then without touching the element array.
 */
static inline bool in_set(const struct nft_match *m, u32 v)
{
	if (v < m->lo || v > m->hi)
		return false;
	if (m->nelems == 1)
		return true;
	for (u16 i = 0; i < m->nelems; i++)
		if (v >= m->elems[i].lo && v <= m->elems[i].hi)
			return true;
	return false;
}

static bool name_in_set(const struct nft_match *m, const struct net_device *dev)
{
	for (u16 i = 0; dev && i < m->nelems; i++)
		if (!strcmp(m->elems[i].name, dev->name))
			return true;
	return false;
}

/* Compare v as the match says; the caller has checked that the field exists. */
static inline bool cmp_value(const struct nft_match *m, u32 v)
{
	switch (m->op) {
	case NFT_OP_MASK:
		return (v & m->mask) == m->cmp;
	case NFT_OP_ANY:
		return (v & m->mask) != 0;
	}
	return in_set(m, v);
}

/* Inlined into the rule loop: a call per rule would cost more than the compare. */
static inline __attribute__((always_inline)) bool
nft_match_eval(const struct nft_match *m, const struct nft_pktinfo *pkt)
{
	bool r;

	if (m->type == NFT_M_IIFNAME || m->type == NFT_M_OIFNAME) {
		r = name_in_set(m, m->type == NFT_M_IIFNAME ? pkt->state->in : pkt->state->out);
	} else {
		/*
		 * A header the packet does not have (ports of a later fragment,
		 * TCP flags of a datagram) matches nothing, negated or not, as
		 * in nft; a port match is for its own protocol only.
		 */
		if (!(pkt->present & (1u << m->type)) ||
		    (m->l4proto && m->l4proto != pkt->l4proto))
			return false;
		r = cmp_value(m, pkt->val[m->type]);
	}
	return r != m->neg;
}

static inline __attribute__((always_inline)) bool
nft_rule_matches(const struct nft_rule *r, const struct nft_pktinfo *pkt)
{
	for (u8 i = 0; i < r->nmatch; i++)
		if (!nft_match_eval(&r->match[i], pkt))
			return false;
	return true;
}

/* log: one console line per packet, at most 10 a second (Linux's nf_log, rate-limited). */
static void nft_log_packet(const struct nft_rule *r, const struct nft_pktinfo *pkt)
{
	static struct ratelimit_state rs = RATELIMIT_STATE_INIT(1000, 10);
	const struct iphdr *iph = ip_hdr(pkt->skb);
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN], ports[32] = "";

	if (!__ratelimit(&rs, "nft log"))
		return;
	if (pkt->present & (1u << NFT_M_SPORT))
		snprintf(ports, sizeof(ports), " SPT=%u DPT=%u", pkt->val[NFT_M_SPORT],
			 pkt->val[NFT_M_DPORT]);
	printk("%sIN=%s OUT=%s SRC=%s DST=%s LEN=%u TTL=%u PROTO=%u%s\n",
	       r->log_prefix, pkt->state->in ? pkt->state->in->name : "",
	       pkt->state->out ? pkt->state->out->name : "",
	       in4_ntop(iph->saddr, s), in4_ntop(iph->daddr, d), ntohs(iph->tot_len),
	       iph->ttl, iph->protocol, ports);
}

/* snat, dnat, masquerade: bind the connection (a nat chain sees only its first packet). */
static unsigned int nft_nat_eval(const struct nft_rule *r, const struct nft_pktinfo *pkt)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(pkt->skb, &ctinfo);
	struct nf_nat_range range = r->nat;

	if (!ct)
		return NF_ACCEPT;
	if (r->verdict == NFT_MASQ) {
		range.min_addr = pkt->state->out ?
			inet_select_addr(pkt->state->out, ip_hdr(pkt->skb)->daddr,
					 RT_SCOPE_UNIVERSE) : 0;
		if (!range.min_addr)
			return NF_DROP;
		range.flags |= NF_NAT_RANGE_MAP_IPS;
	}
	return nf_nat_setup_info(ct, &range, r->verdict == NFT_DNAT ? NF_NAT_MANIP_DST
								   : NF_NAT_MANIP_SRC);
}

unsigned int nft_do_chain(struct nft_chain *base, struct nft_pktinfo *pkt)
{
	struct {
		struct nft_chain *chain;
		struct list_head *next;
	} stack[NFT_JUMP_STACK];
	struct nft_chain *chain = base;
	struct list_head *pos = base->rules.next;
	unsigned int sp = 0;

	for (;;) {
		struct nft_rule *r;

		if (pos == &chain->rules) {
			if (!sp)
				return base->policy == NFT_DROP ? NF_DROP : NF_ACCEPT;
			sp--;
			chain = stack[sp].chain;
			pos = stack[sp].next;
			continue;
		}
		r = list_entry(pos, struct nft_rule, list);
		pos = pos->next;
		if (!nft_rule_matches(r, pkt))
			continue;
		if (r->counter) {
			r->packets++;
			r->bytes += pkt->skb->len;
		}
		if (r->log)
			nft_log_packet(r, pkt);
		switch (r->verdict) {
		case NFT_CONTINUE:
			break;
		case NFT_ACCEPT:
			return NF_ACCEPT;
		case NFT_DROP:
			return NF_DROP;
		case NFT_REJECT:
			nft_reject(pkt->skb, pkt->state, r->reject);
			return NF_DROP;
		case NFT_JUMP:
			/* Validation bounds the depth; this guard keeps a bug from overflowing. */
			if (sp == NFT_JUMP_STACK)
				return NF_DROP;
			stack[sp].chain = chain;
			stack[sp].next = pos;
			sp++;
			chain = r->chain;
			pos = chain->rules.next;
			break;
		case NFT_GOTO:
			chain = r->chain;
			pos = chain->rules.next;
			break;
		case NFT_RETURN:
			pos = &chain->rules;
			break;
		default:
			return nft_nat_eval(r, pkt);
		}
	}
}
