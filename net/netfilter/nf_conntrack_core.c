/*
 * The connection tracking table and its hooks (Linux
 * net/netfilter/nf_conntrack_core.c). A hash of tuples under a random
 * siphash key, so a remote sender cannot aim a flood at one bucket; each
 * connection is in it twice, by its original and by its reply tuple.
 *
 * A packet's first pass (PRE_ROUTING, or LOCAL_OUT for our own) finds or
 * creates its connection and labels the skb; a new connection enters the
 * table only when its first packet survives the rules (confirm, at the
 * last priority of POST_ROUTING and LOCAL_IN), so dropped traffic leaves
 * nothing behind. Entries expire by per-protocol timeouts, reaped by a
 * one-second garbage collection and on lookup.
 */
#include <net/netfilter.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netdevice.h>
#include <net/ip.h>
#include <net/proto/icmp.h>
#include <kernel/random.h>
#include <kernel/mm.h>
#include <kernel/ratelimit.h>
#include <kernel/slab.h>
#include <kernel/softirq.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <errno.h>
#include <string.h>

/* Linux's NF_CT_EVICTION_RANGE: buckets early_drop looks through. */
#define NF_CT_EVICTION_RANGE	8
#define NF_CT_GC_INTERVAL_MS	1000

struct nf_conntrack_params nf_ct_params = {
	.max = 4096,
	.hashsize = 1024,
	.tcp_timeout = {
		[TCP_CONNTRACK_SYN_SENT] = 120,
		[TCP_CONNTRACK_SYN_RECV] = 60,
		[TCP_CONNTRACK_ESTABLISHED] = 432000,
		[TCP_CONNTRACK_FIN_WAIT] = 120,
		[TCP_CONNTRACK_CLOSE_WAIT] = 60,
		[TCP_CONNTRACK_LAST_ACK] = 30,
		[TCP_CONNTRACK_TIME_WAIT] = 120,
		[TCP_CONNTRACK_CLOSE] = 10,
		[TCP_CONNTRACK_SYN_SENT2] = 120,
	},
	.udp_timeout = 30,
	.udp_timeout_stream = 120,
	.icmp_timeout = 30,
	.generic_timeout = 600,
};

struct nf_conntrack_stat nf_ct_stat;
u32 nf_conntrack_count;		/* connections allocated, in the table or not yet */

static struct hlist_head *nf_ct_hash;
static u32 nf_ct_hash_size;	/* the size nf_ct_hash was made with */
static u64 nf_ct_hash_key[2];
static unsigned int nf_ct_users;
static struct timer_list nf_ct_gc_timer;
static struct ratelimit_state nf_ct_full_rs = RATELIMIT_STATE_INIT(5000, 1);

static u32 hash_conntrack(const struct nf_conntrack_tuple *t)
{
	struct {
		__be32 src, dst;
		__be16 sport, dport;
		u32 proto;
	} key = { t->src.ip, t->dst.ip, t->src.u.all, t->dst.u.all, t->dst.protonum };

	return (u32)(siphash(&key, sizeof(key), nf_ct_hash_key) % nf_ct_hash_size);
}

void nf_ct_invert_tuple(struct nf_conntrack_tuple *inv,
			const struct nf_conntrack_tuple *orig)
{
	memset(inv, 0, sizeof(*inv));
	inv->src.ip = orig->dst.ip;
	inv->dst.ip = orig->src.ip;
	inv->dst.protonum = orig->dst.protonum;
	inv->dst.dir = !orig->dst.dir;
	if (orig->dst.protonum == IPPROTO_ICMP) {
		inv->src.u.icmp.id = orig->src.u.icmp.id;
		nf_conntrack_icmp_invert(orig->dst.u.icmp.type, &inv->dst.u.icmp.type);
		inv->dst.u.icmp.code = orig->dst.u.icmp.code;
	} else {
		inv->src.u.all = orig->dst.u.all;
		inv->dst.u.all = orig->src.u.all;
	}
}

void nf_ct_refresh(struct nf_conn *ct, u32 secs)
{
	ct->timeout = jiffies + (u64)secs * HZ;
}

static bool nf_ct_is_expired(const struct nf_conn *ct)
{
	return (s64)(jiffies - ct->timeout) >= 0;
}

static void nf_conntrack_free(struct nf_conn *ct)
{
	nf_conntrack_count--;
	kfree(ct);
}

void nf_conntrack_put(struct nf_conn *ct)
{
	BUG_ON(ct->use == 0);
	if (--ct->use == 0)
		nf_conntrack_free(ct);
}

/* Out of the table; the last skb holding it frees it. */
static void nf_ct_delete(struct nf_conn *ct)
{
	hlist_del_init(&ct->tuplehash[IP_CT_DIR_ORIGINAL].hnnode);
	hlist_del_init(&ct->tuplehash[IP_CT_DIR_REPLY].hnnode);
	ct->status |= IPS_DYING;
	nf_ct_stat.delete++;
	nf_conntrack_put(ct);
}

struct nf_conntrack_tuple_hash *nf_conntrack_find(const struct nf_conntrack_tuple *tuple)
{
	struct nf_conntrack_tuple_hash *h;
	struct hlist_node *next;

	if (!nf_ct_hash)
		return NULL;
	for (struct hlist_node *n = nf_ct_hash[hash_conntrack(tuple)].first; n; n = next) {
		next = n->next;
		h = hlist_entry(n, struct nf_conntrack_tuple_hash, hnnode);
		if (!nf_ct_tuple_equal(&h->tuple, tuple))
			continue;
		if (nf_ct_is_expired(nf_ct_tuplehash_to_ctrack(h))) {
			nf_ct_delete(nf_ct_tuplehash_to_ctrack(h));
			return NULL;
		}
		return h;
	}
	return NULL;
}

bool nf_conntrack_tuple_taken(const struct nf_conntrack_tuple *tuple,
			      const struct nf_conn *ignored)
{
	const struct nf_conntrack_tuple_hash *h = nf_conntrack_find(tuple);

	return h && nf_ct_tuplehash_to_ctrack(h) != ignored;
}

/*
 * Linux's early_drop: evict the first connection that never got assured
 * (no reply, or a handshake never finished) in the buckets from hash on.
 * Assured connections are never evicted: a flood of half-open ones only
 * displaces its own kind.
 */
static bool early_drop(u32 hash)
{
	for (u32 i = 0; i < NF_CT_EVICTION_RANGE; i++) {
		struct hlist_head *b = &nf_ct_hash[(hash + i) % nf_ct_hash_size];
		struct nf_conntrack_tuple_hash *h;

		for (struct hlist_node *n = b->first; n; n = n->next) {
			struct nf_conn *ct;

			h = hlist_entry(n, struct nf_conntrack_tuple_hash, hnnode);
			ct = nf_ct_tuplehash_to_ctrack(h);
			if (ct->status & IPS_ASSURED)
				continue;
			nf_ct_delete(ct);
			nf_ct_stat.early_drop++;
			return true;
		}
	}
	return false;
}

/* A new, unconfirmed connection for tuple with one reference (the skb's); NULL when full. */
static struct nf_conn *nf_conntrack_alloc(const struct nf_conntrack_tuple *orig)
{
	struct nf_conn *ct;

	if (nf_conntrack_count >= nf_ct_params.max && !early_drop(hash_conntrack(orig))) {
		if (__ratelimit(&nf_ct_full_rs, "nf_conntrack"))
			printk("nf_conntrack: table full, dropping packet\n");
		return NULL;
	}
	ct = kzalloc(sizeof(*ct));
	if (!ct)
		return NULL;
	nf_conntrack_count++;
	ct->use = 1;
	ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple = *orig;
	ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple.dst.dir = IP_CT_DIR_ORIGINAL;
	nf_ct_invert_tuple(&ct->tuplehash[IP_CT_DIR_REPLY].tuple, orig);
	ct->tuplehash[IP_CT_DIR_REPLY].tuple.dst.dir = IP_CT_DIR_REPLY;
	return ct;
}

bool nf_ct_get_tuple(const struct sk_buff *skb, unsigned int nhoff,
		     struct nf_conntrack_tuple *t)
{
	const struct iphdr *iph = (const struct iphdr *)(skb->data + nhoff);
	unsigned int off = nhoff + ip_hdrlen_of(iph);
	const u8 *l4 = skb->data + off;

	memset(t, 0, sizeof(*t));
	t->src.ip = iph->saddr;
	t->dst.ip = iph->daddr;
	t->dst.protonum = iph->protocol;
	switch (iph->protocol) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if (skb->len < off + 4)
			return false;
		memcpy(&t->src.u.all, l4, 2);
		memcpy(&t->dst.u.all, l4 + 2, 2);
		return true;
	case IPPROTO_ICMP:
		if (skb->len < off + ICMP_HLEN)
			return false;
		t->dst.u.icmp.type = l4[0];
		t->dst.u.icmp.code = l4[1];
		memcpy(&t->src.u.icmp.id, l4 + 4, 2);
		return true;
	}
	return true;
}

/* 1 valid, 0 invalid, -1 the connection is over and this packet opens a new one. */
static int nf_ct_proto_packet(struct nf_conn *ct, const struct nf_ct_pkt *p, u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return nf_conntrack_tcp_packet(ct, p);
	case IPPROTO_UDP:
		return nf_conntrack_udp_packet(ct, p);
	case IPPROTO_ICMP:
		return nf_conntrack_icmp_packet(ct, p);
	}
	nf_ct_refresh(ct, nf_ct_params.generic_timeout);
	return 1;
}

static bool nf_ct_proto_new(struct nf_conn *ct, const struct nf_ct_pkt *p)
{
	switch (ct->tuplehash[0].tuple.dst.protonum) {
	case IPPROTO_TCP:
		return nf_conntrack_tcp_new(ct, p);
	case IPPROTO_ICMP:
		return nf_conntrack_icmp_new(&ct->tuplehash[0].tuple);
	}
	return true;
}

/* Find or make skb's connection: its ctinfo, or -1 for INVALID, -2 when it must be dropped. */
static int resolve_normal_ct(struct sk_buff *skb, struct nf_conn **ctp)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct nf_ct_pkt p = { .skb = skb, .dataoff = ip_hdrlen_of(iph) };
	struct nf_conntrack_tuple tuple;
	struct nf_conntrack_tuple_hash *h;
	struct nf_conn *ct;
	int ctinfo, ret;

	if (!nf_ct_get_tuple(skb, 0, &tuple))
		return -1;
repeat:
	h = nf_conntrack_find(&tuple);
	if (!h) {
		ct = nf_conntrack_alloc(&tuple);
		if (!ct)
			return -2;
		p.dir = IP_CT_DIR_ORIGINAL;
		if (!nf_ct_proto_new(ct, &p)) {
			nf_conntrack_put(ct);
			return -1;
		}
		nf_ct_stat.new++;
		ctinfo = IP_CT_NEW;
	} else {
		ct = nf_ct_tuplehash_to_ctrack(h);
		ct->use++;
		p.dir = NF_CT_DIRECTION(h);
		nf_ct_stat.found++;
		if (p.dir == IP_CT_DIR_REPLY)
			ctinfo = IP_CT_ESTABLISHED_REPLY;
		else
			ctinfo = ct->status & IPS_SEEN_REPLY ? IP_CT_ESTABLISHED : IP_CT_NEW;
	}
	ret = nf_ct_proto_packet(ct, &p, tuple.dst.protonum);
	if (ret < 0 && nf_ct_is_confirmed(ct)) {
		/* RFC 1122 4.2.2.13: a SYN may reopen a connection in TIME-WAIT. */
		nf_ct_delete(ct);
		nf_conntrack_put(ct);
		goto repeat;
	}
	if (ret <= 0) {
		nf_conntrack_put(ct);
		return -1;
	}
	if (p.dir == IP_CT_DIR_REPLY)
		ct->status |= IPS_SEEN_REPLY;
	*ctp = ct;
	return ctinfo;
}

/* PRE_ROUTING and LOCAL_OUT, before everything but defragmentation. */
static unsigned int nf_conntrack_in(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct nf_conn *ct = NULL;
	int ctinfo;

	/* Ours, seen on its way out and back in over loopback. */
	if (skb->nfct || skb->nfctinfo == IP_CT_UNTRACKED)
		return NF_ACCEPT;
	/* Fragments are not reassembled here: they pass untracked. */
	if (ip_is_fragment(iph)) {
		skb->nfctinfo = IP_CT_UNTRACKED;
		return NF_ACCEPT;
	}
	if (iph->protocol == IPPROTO_ICMP && skb->len >= ip_hdrlen_of(iph) + 1 &&
	    icmp_is_err(skb->data[ip_hdrlen_of(iph)])) {
		ctinfo = nf_conntrack_icmp_error(skb, ip_hdrlen_of(iph), &ct);
		/* Linux's icmp_error: an error that quotes no connection. */
		if (ctinfo < 0)
			nf_ct_stat.icmp_error++;
	} else
		ctinfo = resolve_normal_ct(skb, &ct);
	if (ctinfo == -2) {
		nf_ct_stat.drop++;
		return NF_DROP;
	}
	if (ctinfo < 0) {
		nf_ct_stat.invalid++;
		return NF_ACCEPT;
	}
	skb->nfct = ct;
	skb->nfctinfo = (u8)ctinfo;
	return NF_ACCEPT;
}

/* The first packet made it through: the connection goes into the table. */
static bool nf_conntrack_confirm(struct nf_conn *ct)
{
	struct nf_conntrack_tuple_hash *o = &ct->tuplehash[IP_CT_DIR_ORIGINAL];
	struct nf_conntrack_tuple_hash *r = &ct->tuplehash[IP_CT_DIR_REPLY];

	if (nf_ct_is_confirmed(ct) || (ct->status & IPS_DYING))
		return true;
	/* Another packet of the same flow made the entry first. */
	if (nf_conntrack_find(&o->tuple) || nf_conntrack_find(&r->tuple)) {
		nf_ct_stat.insert_failed++;
		return false;
	}
	hlist_add_head(&o->hnnode, &nf_ct_hash[hash_conntrack(&o->tuple)]);
	hlist_add_head(&r->hnnode, &nf_ct_hash[hash_conntrack(&r->tuple)]);
	ct->status |= IPS_CONFIRMED;
	ct->use++;		/* the table's */
	nf_ct_stat.insert++;
	return true;
}

/* POST_ROUTING and LOCAL_IN, after everything: confirm, and let go of the connection. */
static unsigned int nf_conntrack_out(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct nf_conn *ct = skb->nfct;

	if (!ct)
		return NF_ACCEPT;
	if (!nf_conntrack_confirm(ct)) {
		nf_reset_ct(skb);
		return NF_DROP;
	}
	/* Over loopback the skb comes back in: it keeps its label (as Linux). */
	if (!(state->out && (state->out->flags & IFF_LOOPBACK)))
		nf_reset_ct(skb);
	return NF_ACCEPT;
}

static const struct nf_hook_ops nf_ct_ops[] = {
	{ .hook = nf_conntrack_in, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_PRE_ROUTING, .priority = NF_IP_PRI_CONNTRACK },
	{ .hook = nf_conntrack_in, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_LOCAL_OUT, .priority = NF_IP_PRI_CONNTRACK },
	{ .hook = nf_conntrack_out, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_POST_ROUTING, .priority = NF_IP_PRI_CONNTRACK_CONFIRM },
	{ .hook = nf_conntrack_out, .pf = NFPROTO_IPV4,
	  .hooknum = NF_INET_LOCAL_IN, .priority = NF_IP_PRI_CONNTRACK_CONFIRM },
};

/*
 * Every expired connection goes (Linux's gc_worker, the whole table each
 * second). A deletion unlinks both of a connection's tuples, either of
 * which may be the next node, so the bucket's walk starts over.
 */
static void nf_ct_gc(struct timer_list *t)
{
	for (u32 i = 0; i < nf_ct_hash_size; i++) {
		struct hlist_node *n;
restart:
		for (n = nf_ct_hash[i].first; n; n = n->next) {
			struct nf_conn *ct = nf_ct_tuplehash_to_ctrack(
				hlist_entry(n, struct nf_conntrack_tuple_hash, hnnode));

			if (nf_ct_is_expired(ct)) {
				nf_ct_delete(ct);
				goto restart;
			}
		}
	}
	mod_timer(&nf_ct_gc_timer, jiffies + msecs_to_jiffies(NF_CT_GC_INTERVAL_MS));
}

void nf_conntrack_flush(void)
{
	local_bh_disable();
	for (u32 i = 0; nf_ct_hash && i < nf_ct_hash_size; i++)
		while (nf_ct_hash[i].first)
			nf_ct_delete(nf_ct_tuplehash_to_ctrack(hlist_entry(nf_ct_hash[i].first,
						struct nf_conntrack_tuple_hash, hnnode)));
	local_bh_enable();
}

/*
 * Linux's nf_conntrack_init_start: a hash bucket (a pointer) per 16 KiB of
 * RAM, 65536 of them above 1 GiB and 262144 above 4 GiB, and as many
 * entries as buckets (chains of two on average, each entry hashed both
 * ways). Skiff's hashsize stops at 65536, and its old fixed sizes (1024
 * buckets, 4096 entries) stay the least, since `make run`'s 128 MiB and
 * the tests were sized with them (Linux would allow 1024 entries there).
 */
void nf_conntrack_default_sizes(u64 total_pages, u32 *hashsize, u32 *entries)
{
	u64 bytes = total_pages * PAGE_SIZE;
	u64 buckets = bytes / 16384 / sizeof(struct hlist_head);

	if (bytes > (4ULL << 30))
		buckets = 262144;
	else if (bytes > (1ULL << 30))
		buckets = 65536;
	*hashsize = (u32)clamp(buckets, 1024ULL, 65536ULL);
	*entries = (u32)max(buckets, 4096ULL);
}

/* Sized as the first user enables it, as Linux's module is when it loads. */
static void nf_conntrack_size_from_ram(void)
{
	struct page_stats ps;
	u32 hashsize, entries;

	page_alloc_get_stats(&ps);
	nf_conntrack_default_sizes(ps.total_pages, &hashsize, &entries);
	if (!nf_ct_params.hashsize_set)
		nf_ct_params.hashsize = hashsize;
	if (!nf_ct_params.max_set)
		nf_ct_params.max = entries;
}

bool nf_conntrack_enabled(void)
{
	return nf_ct_users > 0;
}

int nf_conntrack_enable(void)
{
	unsigned int i;
	int err;

	if (nf_ct_users++)
		return 0;
	nf_conntrack_size_from_ram();
	nf_ct_hash_size = nf_ct_params.hashsize;
	nf_ct_hash = kzalloc(nf_ct_hash_size * sizeof(*nf_ct_hash));
	if (!nf_ct_hash) {
		nf_ct_users = 0;
		return -ENOMEM;
	}
	get_random_bytes(nf_ct_hash_key, sizeof(nf_ct_hash_key));
	for (i = 0; i < ARRAY_SIZE(nf_ct_ops); i++) {
		err = nf_register_net_hook(&nf_ct_ops[i]);
		if (err) {
			while (i--)
				nf_unregister_net_hook(&nf_ct_ops[i]);
			kfree(nf_ct_hash);
			nf_ct_hash = NULL;
			nf_ct_users = 0;
			return err;
		}
	}
	timer_setup(&nf_ct_gc_timer, nf_ct_gc, 0);
	mod_timer(&nf_ct_gc_timer, jiffies + msecs_to_jiffies(NF_CT_GC_INTERVAL_MS));
	return 0;
}

void nf_conntrack_disable(void)
{
	if (!nf_ct_users || --nf_ct_users)
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(nf_ct_ops); i++)
		nf_unregister_net_hook(&nf_ct_ops[i]);
	del_timer(&nf_ct_gc_timer);
	nf_conntrack_flush();
	kfree(nf_ct_hash);
	nf_ct_hash = NULL;
}

void nf_conntrack_walk(void (*fn)(struct seq_buf *s, const struct nf_conn *ct),
		       struct seq_buf *s)
{
	for (u32 i = 0; nf_ct_hash && i < nf_ct_hash_size; i++) {
		const struct nf_conntrack_tuple_hash *h;

		hlist_for_each_entry(h, &nf_ct_hash[i], hnnode)
			if (NF_CT_DIRECTION(h) == IP_CT_DIR_ORIGINAL)
				fn(s, nf_ct_tuplehash_to_ctrack(h));
	}
}
