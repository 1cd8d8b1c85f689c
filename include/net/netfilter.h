/*
 * Netfilter hooks (Linux include/linux/netfilter.h): the five places on
 * the IPv4 path where registered functions see every packet and decide
 * its fate. A caller hands the packet and the function that continues the
 * path (okfn); with no function registered at that hook, NF_HOOK is a
 * load and a branch before okfn, so the fast path pays nothing else.
 *
 *	ip_rcv -> PRE_ROUTING -> ip_rcv_finish -> route
 *	   local:   ip_local_deliver -> LOCAL_IN -> ip_local_deliver_finish
 *	   forward: ip_forward -> FORWARD -> ip_forward_finish -> dst output
 *	ip_local_out -> LOCAL_OUT -> dst output
 *	ip_output -> POST_ROUTING -> ip_finish_output
 */
#ifndef _NET_NETFILTER_H
#define _NET_NETFILTER_H

#include <kernel/types.h>
#include <net/skbuff.h>

/* Verdicts (Linux include/uapi/linux/netfilter.h). */
#define NF_DROP		0	/* the core frees the skb (NETFILTER_DROP) */
#define NF_ACCEPT	1	/* on to the next hook, then okfn */
#define NF_STOLEN	2	/* the hook took the skb (queued it, or freed it) */

/* The protocol families hooks exist for: only IPv4 here. */
#define NFPROTO_IPV4	2

enum nf_inet_hooks {
	NF_INET_PRE_ROUTING,
	NF_INET_LOCAL_IN,
	NF_INET_FORWARD,
	NF_INET_LOCAL_OUT,
	NF_INET_POST_ROUTING,
	NF_INET_NUMHOOKS
};

/* Priorities (Linux's enum nf_ip_hook_priorities): lower runs first. */
enum nf_ip_hook_priorities {
	NF_IP_PRI_FIRST = -2147483647 - 1,
	NF_IP_PRI_CONNTRACK_DEFRAG = -400,
	NF_IP_PRI_RAW = -300,
	NF_IP_PRI_CONNTRACK = -200,
	NF_IP_PRI_MANGLE = -150,
	NF_IP_PRI_NAT_DST = -100,
	NF_IP_PRI_FILTER = 0,
	NF_IP_PRI_SECURITY = 50,
	NF_IP_PRI_NAT_SRC = 100,
	NF_IP_PRI_CONNTRACK_CONFIRM = 2147483647,
	NF_IP_PRI_LAST = 2147483647,
};

struct net_device;

struct nf_hook_state {
	u8 hook;
	u8 pf;
	struct net_device *in;		/* receiving device, or NULL */
	struct net_device *out;		/* sending device, or NULL */
	int (*okfn)(struct sk_buff *skb);
};

typedef unsigned int nf_hookfn(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state);

struct nf_hook_ops {
	nf_hookfn *hook;
	void *priv;
	u8 pf;
	unsigned int hooknum;
	int priority;
};

struct nf_hook_entry {
	nf_hookfn *hook;
	void *priv;
	const struct nf_hook_ops *ops;
};

/* The functions at one hook, in priority order; replaced whole on change. */
struct nf_hook_entries {
	unsigned int num;
	struct nf_hook_entry hooks[];
};

extern struct nf_hook_entries *nf_hooks_ipv4[NF_INET_NUMHOOKS];

/*
 * Add ops at its hook after every entry of lower or equal priority (Linux
 * nf_register_net_hook). 0, -EINVAL or -ENOMEM; takes effect for the next
 * packet. Unregister with the same ops pointer.
 */
int nf_register_net_hook(const struct nf_hook_ops *ops);
void nf_unregister_net_hook(const struct nf_hook_ops *ops);

/* Run the hook's entries: 1 to go on with okfn, or -EPERM / 0 when dropped / stolen. */
int nf_hook_slow(struct sk_buff *skb, struct nf_hook_state *state,
		 const struct nf_hook_entries *e);

/*
 * A hook that drops for a reason of its own frees the skb under that reason
 * and returns NF_STOLEN (Linux's NF_DROP_REASON).
 */
static inline unsigned int nf_drop_reason(struct sk_buff *skb,
					  enum skb_drop_reason reason)
{
	kfree_skb_reason(skb, reason);
	return NF_STOLEN;
}

/* 1 when okfn should run; otherwise the skb is gone and the value is the result. */
static inline int nf_hook(u8 pf, unsigned int hook, struct sk_buff *skb,
			  struct net_device *in, struct net_device *out,
			  int (*okfn)(struct sk_buff *))
{
	const struct nf_hook_entries *e = nf_hooks_ipv4[hook];
	struct nf_hook_state state;

	if (__builtin_expect(!e, 1))
		return 1;
	state = (struct nf_hook_state){ .hook = (u8)hook, .pf = pf, .in = in,
					.out = out, .okfn = okfn };
	return nf_hook_slow(skb, &state, e);
}

/* Pass skb through the hook, then okfn. Consumes skb. */
static inline int NF_HOOK(u8 pf, unsigned int hook, struct sk_buff *skb,
			  struct net_device *in, struct net_device *out,
			  int (*okfn)(struct sk_buff *))
{
	int ret = nf_hook(pf, hook, skb, in, out, okfn);

	return ret == 1 ? okfn(skb) : ret;
}

#endif
