/*
 * NAT's bindings and hooks (Linux net/netfilter/nf_nat_core.c): choosing
 * a unique tuple for a new connection, and at each of the four hooks the
 * rewrite every packet of a translated connection needs - the direction
 * and the hook say whether its source or its destination changes.
 */
#include <net/netfilter/nf_nat.h>
#include <net/netfilter/nf_tables.h>
#include <net/checksum.h>
#include <net/proto/ip.h>
#include <net/proto/icmp.h>
#include <net/ip.h>
#include <kernel/random.h>
#include <errno.h>
#include <string.h>

#define NF_NAT_FNS_MAX		(2 * NFT_NAT_CHAINS_MAX)	/* a ruleset's, and its successor's */
#define NF_NAT_PORT_TRIES	4096	/* a bound on the search for a free port */

struct nf_nat_fn {
	nf_hookfn *fn;
	void *priv;
};

static struct nf_nat_fn nf_nat_fns[NF_INET_NUMHOOKS][NF_NAT_FNS_MAX];
static unsigned int nf_nat_fn_count;

static bool nf_nat_used_tuple(const struct nf_conntrack_tuple *tuple,
			      const struct nf_conn *ignored)
{
	struct nf_conntrack_tuple reply;

	nf_ct_invert_tuple(&reply, tuple);
	return nf_conntrack_tuple_taken(&reply, ignored);
}

/* The 16 bits NAT may change: a port, or an ICMP query's identifier. */
static __be16 *manip_key(struct nf_conntrack_tuple *t, enum nf_nat_manip_type mtype)
{
	if (t->dst.protonum == IPPROTO_ICMP)
		return &t->src.u.icmp.id;
	return mtype == NF_NAT_MANIP_SRC ? &t->src.u.all : &t->dst.u.all;
}

static bool proto_has_key(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_ICMP;
}

/* Linux's nf_nat_l4proto_unique_tuple: the port classes when no range was asked for. */
static void default_range(u8 proto, u16 port, u16 *min, u16 *max)
{
	if (proto == IPPROTO_ICMP) {
		*min = 0;
		*max = 0xffff;
	} else if (port < 512) {
		*min = 1;
		*max = 511;
	} else if (port < 1024) {
		*min = 600;
		*max = 1023;
	} else {
		*min = 1024;
		*max = 0xffff;
	}
}

static bool get_unique_tuple(struct nf_conntrack_tuple *t, const struct nf_nat_range *range,
			     const struct nf_conn *ct, enum nf_nat_manip_type mtype)
{
	__be16 *key = manip_key(t, mtype);
	u16 port = ntohs(*key), min, max;
	u32 size, off;

	if (range->flags & NF_NAT_RANGE_MAP_IPS) {
		if (mtype == NF_NAT_MANIP_SRC)
			t->src.ip = range->min_addr;
		else
			t->dst.ip = range->min_addr;
	}
	if (!proto_has_key(t->dst.protonum))
		return !nf_nat_used_tuple(t, ct);
	if (range->flags & NF_NAT_RANGE_PROTO_SPECIFIED) {
		min = range->min_proto;
		max = range->max_proto;
	} else {
		default_range(t->dst.protonum, port, &min, &max);
	}
	if (port >= min && port <= max && !nf_nat_used_tuple(t, ct))
		return true;
	size = (u32)(max - min) + 1;
	off = get_random_u32_below(size);
	for (u32 i = 0; i < size && i < NF_NAT_PORT_TRIES; i++) {
		*key = htons((u16)(min + (off + i) % size));
		if (!nf_nat_used_tuple(t, ct))
			return true;
	}
	return false;
}

unsigned int nf_nat_setup_info(struct nf_conn *ct, const struct nf_nat_range *range,
			       enum nf_nat_manip_type mtype)
{
	struct nf_conntrack_tuple curr, t;

	if (nf_nat_initialized(ct, mtype))
		return NF_ACCEPT;
	ct->status |= mtype == NF_NAT_MANIP_SRC ? IPS_SRC_NAT_DONE : IPS_DST_NAT_DONE;
	/* Already in the table (it predates NAT): its tuples cannot move. */
	if (nf_ct_is_confirmed(ct))
		return NF_ACCEPT;
	/* The original tuple as this packet now looks, after earlier manips. */
	nf_ct_invert_tuple(&curr, &ct->tuplehash[IP_CT_DIR_REPLY].tuple);
	t = curr;
	if (!get_unique_tuple(&t, range, ct, mtype))
		return NF_DROP;
	if (nf_ct_tuple_equal(&t, &curr))
		return NF_ACCEPT;
	nf_ct_invert_tuple(&ct->tuplehash[IP_CT_DIR_REPLY].tuple, &t);
	ct->tuplehash[IP_CT_DIR_REPLY].tuple.dst.dir = IP_CT_DIR_REPLY;
	ct->status |= mtype == NF_NAT_MANIP_SRC ? IPS_SRC_NAT : IPS_DST_NAT;
	return NF_ACCEPT;
}

/* No chain bound it: keep the address, and the port unless another connection has it. */
static unsigned int nf_nat_alloc_null_binding(struct nf_conn *ct, unsigned int hooknum)
{
	enum nf_nat_manip_type mtype = HOOK2MANIP(hooknum);
	const struct nf_conntrack_tuple *r = &ct->tuplehash[IP_CT_DIR_REPLY].tuple;
	struct nf_nat_range range = {
		.flags = NF_NAT_RANGE_MAP_IPS,
		.min_addr = mtype == NF_NAT_MANIP_SRC ? r->dst.ip : r->src.ip,
	};

	return nf_nat_setup_info(ct, &range, mtype);
}

/* Does this packet's direction at this hook carry a translation? */
static bool nf_nat_needed(const struct nf_conn *ct, enum ip_conntrack_dir dir,
			  enum nf_nat_manip_type mtype)
{
	u32 statusbit = mtype == NF_NAT_MANIP_SRC ? IPS_SRC_NAT : IPS_DST_NAT;

	if (dir == IP_CT_DIR_REPLY)
		statusbit ^= IPS_NAT_MASK;
	return ct->status & statusbit;
}

static unsigned int nf_nat_packet(struct nf_conn *ct, enum ip_conntrack_info ctinfo,
				  unsigned int hooknum, struct sk_buff *skb)
{
	enum ip_conntrack_dir dir = CTINFO2DIR(ctinfo);
	enum nf_nat_manip_type mtype = HOOK2MANIP(hooknum);
	struct nf_conntrack_tuple target;

	if (!nf_nat_needed(ct, dir, mtype))
		return NF_ACCEPT;
	nf_ct_invert_tuple(&target, &ct->tuplehash[!dir].tuple);
	return nf_nat_ipv4_manip_pkt(skb, 0, &target, mtype) ? NF_ACCEPT : NF_DROP;
}

/*
 * An ICMP error about a translated connection (Linux's
 * nf_nat_icmp_reply_translation): the quoted packet is turned back into
 * what its sender sent, with the opposite manip, the ICMP checksum
 * recomputed over the changed quote, then the outer header rewritten as
 * any packet of the connection's direction.
 */
static bool nf_nat_icmp_reply_translation(struct sk_buff *skb, struct nf_conn *ct,
					  enum ip_conntrack_info ctinfo,
					  unsigned int hooknum)
{
	enum ip_conntrack_dir dir = CTINFO2DIR(ctinfo);
	enum nf_nat_manip_type mtype = HOOK2MANIP(hooknum);
	unsigned int hdrlen = ip_hdrlen_of(ip_hdr(skb));
	struct nf_conntrack_tuple target;
	struct icmphdr *icmph;

	if (!nf_nat_needed(ct, dir, mtype))
		return true;
	if (!nf_nat_ipv4_manip_pkt(skb, hdrlen + ICMP_HLEN, &ct->tuplehash[!dir].tuple,
				   !mtype))
		return false;
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		icmph = (struct icmphdr *)(skb->data + hdrlen);
		icmph->checksum = 0;
		icmph->checksum = ip_compute_csum(icmph, skb->len - hdrlen);
	}
	nf_ct_invert_tuple(&target, &ct->tuplehash[!dir].tuple);
	target.dst.protonum = IPPROTO_ICMP;
	return nf_nat_ipv4_manip_pkt(skb, 0, &target, mtype);
}

/* NAT's hook at all four places (Linux's nf_nat_inet_fn). */
static unsigned int nf_nat_inet_fn(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	enum nf_nat_manip_type mtype = HOOK2MANIP(state->hook);
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);
	unsigned int ret;

	if (!ct)
		return NF_ACCEPT;
	if ((ctinfo == IP_CT_RELATED || ctinfo == IP_CT_RELATED_REPLY) &&
	    ip_hdr(skb)->protocol == IPPROTO_ICMP)
		return nf_nat_icmp_reply_translation(skb, ct, ctinfo, state->hook) ?
		       NF_ACCEPT : NF_DROP;
	if (ctinfo == IP_CT_NEW && !nf_nat_initialized(ct, mtype)) {
		for (unsigned int i = 0; i < NF_NAT_FNS_MAX; i++) {
			const struct nf_nat_fn *f = &nf_nat_fns[state->hook][i];

			if (!f->fn || nf_nat_initialized(ct, mtype))
				continue;
			ret = f->fn(f->priv, skb, state);
			if (ret != NF_ACCEPT)
				return ret;
		}
		if (!nf_nat_initialized(ct, mtype)) {
			ret = nf_nat_alloc_null_binding(ct, state->hook);
			if (ret != NF_ACCEPT)
				return ret;
		}
	}
	return nf_nat_packet(ct, ctinfo, state->hook, skb);
}

static const struct nf_hook_ops nf_nat_ops[] = {
	{ .hook = nf_nat_inet_fn, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_PRE_ROUTING, .priority = NF_IP_PRI_NAT_DST },
	{ .hook = nf_nat_inet_fn, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_POST_ROUTING, .priority = NF_IP_PRI_NAT_SRC },
	{ .hook = nf_nat_inet_fn, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_LOCAL_OUT, .priority = NF_IP_PRI_NAT_DST },
	{ .hook = nf_nat_inet_fn, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_LOCAL_IN, .priority = NF_IP_PRI_NAT_SRC },
};

static int nf_nat_hooks_on(void)
{
	unsigned int i;
	int err = nf_conntrack_enable();

	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(nf_nat_ops); i++) {
		err = nf_register_net_hook(&nf_nat_ops[i]);
		if (err) {
			while (i--)
				nf_unregister_net_hook(&nf_nat_ops[i]);
			nf_conntrack_disable();
			return err;
		}
	}
	return 0;
}

static void nf_nat_hooks_off(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(nf_nat_ops); i++)
		nf_unregister_net_hook(&nf_nat_ops[i]);
	nf_conntrack_disable();
}

int nf_nat_register_fn(unsigned int hooknum, nf_hookfn *fn, void *priv)
{
	struct nf_nat_fn *slot = NULL;
	int err;

	if (hooknum >= NF_INET_NUMHOOKS)
		return -EINVAL;
	for (unsigned int i = 0; i < NF_NAT_FNS_MAX && !slot; i++)
		if (!nf_nat_fns[hooknum][i].fn)
			slot = &nf_nat_fns[hooknum][i];
	if (!slot)
		return -EBUSY;
	if (!nf_nat_fn_count) {
		err = nf_nat_hooks_on();
		if (err)
			return err;
	}
	slot->fn = fn;
	slot->priv = priv;
	nf_nat_fn_count++;
	return 0;
}

void nf_nat_unregister_fn(unsigned int hooknum, nf_hookfn *fn, void *priv)
{
	for (unsigned int i = 0; i < NF_NAT_FNS_MAX; i++) {
		struct nf_nat_fn *f = &nf_nat_fns[hooknum][i];

		if (f->fn != fn || f->priv != priv)
			continue;
		f->fn = NULL;
		f->priv = NULL;
		if (!--nf_nat_fn_count)
			nf_nat_hooks_off();
		return;
	}
}
