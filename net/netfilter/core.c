/*
 * Netfilter's hook registry and the slow path of NF_HOOK (Linux
 * net/netfilter/core.c): each hook holds an array of functions sorted by
 * priority, replaced whole when one is added or removed, so a packet
 * walking the old array (softirq) never sees it half-changed.
 */
#include <net/netfilter.h>
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <errno.h>

struct nf_hook_entries *nf_hooks_ipv4[NF_INET_NUMHOOKS];

static struct nf_hook_entries *nf_hook_entries_alloc(unsigned int num)
{
	struct nf_hook_entries *e;

	if (!num)
		return NULL;
	e = kmalloc(sizeof(*e) + num * sizeof(e->hooks[0]));
	if (e)
		e->num = num;
	return e;
}

/* Swap in e (NULL: the hook is empty again) with bottom halves off. */
static void nf_hook_entries_swap(unsigned int hook, struct nf_hook_entries *e)
{
	struct nf_hook_entries *old;

	local_bh_disable();
	old = nf_hooks_ipv4[hook];
	nf_hooks_ipv4[hook] = e;
	local_bh_enable();
	kfree(old);
}

int nf_register_net_hook(const struct nf_hook_ops *reg)
{
	const struct nf_hook_entries *old;
	struct nf_hook_entries *e;
	unsigned int n, i = 0, j = 0;

	if (reg->pf != NFPROTO_IPV4 || reg->hooknum >= NF_INET_NUMHOOKS || !reg->hook)
		return -EINVAL;
	old = nf_hooks_ipv4[reg->hooknum];
	n = old ? old->num : 0;
	e = nf_hook_entries_alloc(n + 1);
	if (!e)
		return -ENOMEM;
	for (; i < n && old->hooks[i].ops->priority <= reg->priority; i++)
		e->hooks[j++] = old->hooks[i];
	e->hooks[j++] = (struct nf_hook_entry){ reg->hook, reg->priv, reg };
	for (; i < n; i++)
		e->hooks[j++] = old->hooks[i];
	nf_hook_entries_swap(reg->hooknum, e);
	return 0;
}

/*
 * Removing cannot fail: when no smaller array can be had the entry stays,
 * turned into one that accepts (as Linux's accept_all dummy).
 */
static unsigned int nf_hook_accept_all(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

void nf_unregister_net_hook(const struct nf_hook_ops *reg)
{
	struct nf_hook_entries *old = nf_hooks_ipv4[reg->hooknum], *e;
	unsigned int i, j = 0;

	if (!old)
		return;
	for (i = 0; i < old->num && old->hooks[i].ops != reg; i++)
		;
	if (i == old->num)
		return;
	e = nf_hook_entries_alloc(old->num - 1);
	if (!e && old->num > 1) {
		local_bh_disable();
		old->hooks[i].hook = nf_hook_accept_all;
		local_bh_enable();
		return;
	}
	for (i = 0; i < old->num; i++)
		if (old->hooks[i].ops != reg)
			e->hooks[j++] = old->hooks[i];
	nf_hook_entries_swap(reg->hooknum, e);
}

int nf_hook_slow(struct sk_buff *skb, struct nf_hook_state *state,
		 const struct nf_hook_entries *e)
{
	for (unsigned int i = 0; i < e->num; i++) {
		unsigned int verdict = e->hooks[i].hook(e->hooks[i].priv, skb, state);

		switch (verdict) {
		case NF_ACCEPT:
			break;
		case NF_DROP:
			kfree_skb_reason(skb, SKB_DROP_REASON_NETFILTER_DROP);
			return -EPERM;
		default:	/* NF_STOLEN: no longer ours to touch */
			return 0;
		}
	}
	return 1;
}
