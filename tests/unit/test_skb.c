/* test_skb.c - net/core/skbuff.c: bounds, headers, clone and copy semantics, queues, counters. */
/* links: net */
#include <net/skbuff.h>
#include <net/netdevice.h>
#include <net/sock.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"

UNIT_TEST(skb_alloc_reserve_put_push_pull)
{
	struct nettest_baseline b;
	struct sk_buff *skb;
	u8 *p;

	nettest_begin(&b);
	skb = alloc_skb(256);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->len, 0);
	EXPECT_EQ_UINT(skb_headroom(skb), 0);
	EXPECT(skb_tailroom(skb) >= 256);
	skb_reserve(skb, 64);
	EXPECT_EQ_UINT(skb_headroom(skb), 64);
	p = skb_put(skb, 100);
	EXPECT(p == skb->data);
	EXPECT_EQ_UINT(skb->len, 100);
	memset(p, 0xab, 100);
	p = skb_push(skb, 14);
	EXPECT(p == skb->data);
	EXPECT_EQ_UINT(skb->len, 114);
	EXPECT_EQ_UINT(skb_headroom(skb), 50);
	skb_reset_mac_header(skb);
	p = skb_pull(skb, 14);
	EXPECT_EQ_UINT(p[0], 0xab);
	skb_reset_network_header(skb);
	EXPECT_EQ_INT(skb_network_offset(skb), 0);
	EXPECT(skb_mac_header(skb) + 14 == skb_network_header(skb));
	EXPECT(pskb_may_pull(skb, 100));
	EXPECT(!pskb_may_pull(skb, 101));
	skb_trim(skb, 40);
	EXPECT_EQ_UINT(skb->len, 40);
	EXPECT(skb->tail == skb->data + 40);
	skb_trim(skb, 80);
	EXPECT_EQ_UINT(skb->len, 40);
	consume_skb(skb);
	nettest_end(&b);
}

UNIT_TEST(skb_netdev_alloc_reserves_headroom)
{
	struct nettest_baseline b;
	struct sk_buff *skb;

	nettest_begin(&b);
	skb = netdev_alloc_skb(NULL, 1514);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb_headroom(skb), NET_SKB_PAD + NET_IP_ALIGN);
	EXPECT(skb_tailroom(skb) >= 1514);
	kfree_skb(skb);
	nettest_end(&b);
}

static void put_past_end(void *arg)
{
	struct sk_buff *skb = alloc_skb(16);

	(void)arg;
	skb_put(skb, 17 + skb_tailroom(skb));
}

static void push_before_head(void *arg)
{
	struct sk_buff *skb = alloc_skb(64);

	(void)arg;
	skb_reserve(skb, 8);
	skb_push(skb, 9);
}

static void pull_past_len(void *arg)
{
	struct sk_buff *skb = alloc_skb(64);

	(void)arg;
	skb_put(skb, 10);
	skb_pull(skb, 11);
}

static void double_free(void *arg)
{
	struct sk_buff *skb = alloc_skb(64);

	(void)arg;
	consume_skb(skb);
	shim_printk_quiet = true;
	/* users is already 0 in freed memory: ASan or BUG_ON stops this. */
	consume_skb(skb);
}

UNIT_TEST(skb_bounds_are_bugs)
{
	nettest_init();
	EXPECT(nettest_dies(put_past_end, NULL));
	EXPECT(nettest_dies(push_before_head, NULL));
	EXPECT(nettest_dies(pull_past_len, NULL));
	EXPECT(nettest_dies(double_free, NULL));
}

UNIT_TEST(skb_clone_shares_data)
{
	struct nettest_baseline b;
	struct sk_buff *skb, *c;
	struct skb_stats st0, st1;

	nettest_begin(&b);
	skb_get_stats(&st0);
	skb = alloc_skb(128);
	ASSERT(skb);
	skb_reserve(skb, 32);
	skb_put_data(skb, "hello, world", 12);
	skb_reset_network_header(skb);
	c = skb_clone(skb);
	ASSERT(c);
	EXPECT(c != skb);
	EXPECT(c->data == skb->data);
	EXPECT(c->head == skb->head);
	EXPECT_EQ_UINT(c->len, 12);
	EXPECT_EQ_UINT(skb_shinfo(skb)->dataref & SKB_DATAREF_MASK, 2);
	EXPECT(skb_cloned(skb));
	EXPECT(skb_cloned(c));
	EXPECT(skb_network_header(c) == skb_network_header(skb));
	/* The clone's own pulls do not move the original. */
	skb_pull(c, 7);
	EXPECT_EQ_UINT(skb->len, 12);
	EXPECT_EQ_MEM(c->data, "world", 5);
	/* Freeing the original keeps the data alive for the clone. */
	consume_skb(skb);
	EXPECT_EQ_UINT(skb_shinfo(c)->dataref & SKB_DATAREF_MASK, 1);
	EXPECT(!skb_cloned(c));
	EXPECT_EQ_MEM(c->data, "world", 5);
	consume_skb(c);
	skb_get_stats(&st1);
	EXPECT_EQ_UINT(st1.clones - st0.clones, 1);
	EXPECT_EQ_UINT(st1.allocs - st0.allocs, 2);
	nettest_end(&b);
}

UNIT_TEST(skb_cow_head_gives_private_copy)
{
	struct nettest_baseline b;
	struct sk_buff *skb, *c;
	u8 *eth;

	nettest_begin(&b);
	skb = alloc_skb(128);
	ASSERT(skb);
	skb_reserve(skb, 14);
	skb_put_data(skb, "payload", 7);
	skb_reset_network_header(skb);
	c = skb_clone(skb);
	ASSERT(c);
	/* Writing through the clone needs a private copy with room for a header. */
	EXPECT_EQ_INT(skb_cow_head(c, 40), 0);
	EXPECT(!skb_cloned(c));
	EXPECT(!skb_cloned(skb));
	EXPECT(c->head != skb->head);
	EXPECT(skb_headroom(c) >= 40);
	EXPECT_EQ_MEM(skb_network_header(c), "payload", 7);
	eth = skb_push(c, 14);
	memset(eth, 0xee, 14);
	c->data[14] = 'P';
	EXPECT_EQ_MEM(skb->data, "payload", 7);
	EXPECT_EQ_MEM(c->data + 14, "Payload", 7);
	/* A private skb with enough room is left alone. */
	{
		unsigned char *head = skb->head;

		EXPECT_EQ_INT(skb_cow_head(skb, 14), 0);
		EXPECT(skb->head == head);
	}
	kfree_skb(c);
	kfree_skb(skb);
	nettest_end(&b);
}

UNIT_TEST(skb_copy_is_independent)
{
	struct nettest_baseline b;
	struct sk_buff *skb, *c, *e;

	nettest_begin(&b);
	skb = alloc_skb(200);
	ASSERT(skb);
	skb_reserve(skb, 50);
	skb_put_data(skb, "0123456789", 10);
	skb_push(skb, 4);
	memcpy(skb->data, "MAC!", 4);
	skb_reset_mac_header(skb);
	skb_pull(skb, 4);
	skb_reset_network_header(skb);
	skb->protocol = 0x1234;
	skb->priority = 7;
	memcpy(skb->cb, "cbdata", 6);
	c = skb_copy(skb);
	ASSERT(c);
	EXPECT(c->head != skb->head);
	EXPECT_EQ_UINT(c->len, 10);
	EXPECT_EQ_UINT(skb_headroom(c), skb_headroom(skb));
	EXPECT_EQ_MEM(c->data, "0123456789", 10);
	EXPECT_EQ_MEM(skb_mac_header(c), "MAC!", 4);
	EXPECT_EQ_UINT(c->protocol, 0x1234);
	EXPECT_EQ_UINT(c->priority, 7);
	EXPECT_EQ_MEM(c->cb, "cbdata", 6);
	EXPECT(!skb_cloned(c) && !skb_cloned(skb));
	c->data[0] = 'X';
	EXPECT_EQ_UINT(skb->data[0], '0');
	/* Expanding: more headroom, the MAC header moves with the data. */
	e = skb_copy_expand(skb, 100, 0);
	ASSERT(e);
	EXPECT_EQ_UINT(skb_headroom(e), 100);
	EXPECT_EQ_MEM(skb_mac_header(e), "MAC!", 4);
	EXPECT_EQ_MEM(skb_network_header(e), "0123456789", 10);
	consume_skb(e);
	consume_skb(c);
	consume_skb(skb);
	nettest_end(&b);
}

UNIT_TEST(skb_unshare_and_share_check)
{
	struct nettest_baseline b;
	struct sk_buff *skb, *c, *u;

	nettest_begin(&b);
	skb = alloc_skb(64);
	ASSERT(skb);
	skb_put_data(skb, "abc", 3);
	EXPECT(skb_unshare(skb) == skb);
	c = skb_clone(skb);
	ASSERT(c);
	u = skb_unshare(c);
	ASSERT(u);
	EXPECT(u != c);
	EXPECT(u->head != skb->head);
	EXPECT(!skb_cloned(skb));
	consume_skb(u);
	/* A shared skb (two users) is replaced by a clone for the caller. */
	skb_get(skb);
	EXPECT(skb_shared(skb));
	u = skb_share_check(skb);
	ASSERT(u);
	EXPECT(u != skb);
	EXPECT_EQ_UINT(refcount_read(&skb->users), 1);
	consume_skb(u);
	consume_skb(skb);
	nettest_end(&b);
}

UNIT_TEST(skb_get_and_drop_counters)
{
	struct nettest_baseline b;
	struct skb_stats s0, s1;
	struct sk_buff *skb;

	nettest_begin(&b);
	skb_get_stats(&s0);
	skb = alloc_skb(32);
	ASSERT(skb);
	skb_get(skb);
	kfree_skb(skb);		/* one user left: not freed, not a drop yet */
	skb_get_stats(&s1);
	EXPECT_EQ_UINT(s1.drops, s0.drops);
	EXPECT_EQ_UINT(s1.live_heads, s0.live_heads + 1);
	kfree_skb(skb);
	skb_get_stats(&s1);
	EXPECT_EQ_UINT(s1.drops, s0.drops + 1);
	skb = alloc_skb(32);
	ASSERT(skb);
	consume_skb(skb);
	skb_get_stats(&s1);
	EXPECT_EQ_UINT(s1.drops, s0.drops + 1);
	EXPECT_EQ_UINT(s1.frees, s0.frees + 2);
	nettest_end(&b);
}

/* A 5-byte frame in *skb and a clone of it, whose padding must copy. */
static struct sk_buff *short_frame_clone(struct sk_buff **skb)
{
	*skb = alloc_skb(20);
	if (!*skb)
		return NULL;
	skb_put_data(*skb, "short", 5);
	return skb_clone(*skb);
}

UNIT_TEST(skb_put_padto_pads_with_zeros)
{
	struct nettest_baseline b;
	struct sk_buff *skb, *c;

	nettest_begin(&b);
	c = short_frame_clone(&skb);
	ASSERT(c);
	/* The clone must get a private, bigger area. */
	EXPECT_EQ_INT(skb_put_padto(c, 60), 0);
	EXPECT_EQ_UINT(c->len, 60);
	EXPECT(c->head != skb->head);
	EXPECT_EQ_MEM(c->data, "short", 5);
	EXPECT_EQ_UINT(c->data[59], 0);
	EXPECT_EQ_UINT(skb->len, 5);
	consume_skb(c);
	consume_skb(skb);
	nettest_end(&b);
}

/* A pad that finds no memory frees the skb and counts it under NOMEM. */
UNIT_TEST(skb_put_padto_nomem_drops)
{
	struct nettest_baseline b;
	u64 nomem = skb_drop_reason_count(SKB_DROP_REASON_NOMEM);
	struct sk_buff *skb, *c;

	nettest_begin(&b);
	c = short_frame_clone(&skb);
	ASSERT(c);
	shim_fail_alloc_after(1);	/* the clone's private copy */
	EXPECT_EQ_INT(skb_put_padto(c, 60), -ENOMEM);
	shim_fail_alloc_after(0);
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_NOMEM) - nomem, 1);
	EXPECT_EQ_UINT(skb->len, 5);
	consume_skb(skb);
	nettest_end(&b);
}

UNIT_TEST(skb_copy_bits_bounds)
{
	struct nettest_baseline b;
	struct sk_buff *skb;
	char out[8];

	nettest_begin(&b);
	skb = alloc_skb(32);
	ASSERT(skb);
	skb_put_data(skb, "abcdefgh", 8);
	EXPECT_EQ_INT(skb_copy_bits(skb, 2, out, 6), 0);
	EXPECT_EQ_MEM(out, "cdefgh", 6);
	EXPECT_EQ_INT(skb_copy_bits(skb, 3, out, 6), -EFAULT);
	EXPECT_EQ_INT(skb_copy_bits(skb, 9, out, 0), -EFAULT);
	consume_skb(skb);
	nettest_end(&b);
}

UNIT_TEST(skb_queue_operations)
{
	struct nettest_baseline b;
	struct sk_buff_head q;
	struct sk_buff *s[4], *x;
	int i;

	nettest_begin(&b);
	skb_queue_head_init(&q);
	EXPECT(skb_queue_empty(&q));
	EXPECT(skb_peek(&q) == NULL);
	EXPECT(skb_dequeue(&q) == NULL);
	for (i = 0; i < 4; i++) {
		s[i] = alloc_skb(16);
		ASSERT(s[i]);
		s[i]->priority = (u32)i;
	}
	skb_queue_tail(&q, s[1]);
	skb_queue_tail(&q, s[2]);
	skb_queue_head(&q, s[0]);
	skb_queue_tail(&q, s[3]);
	EXPECT_EQ_UINT(skb_queue_len(&q), 4);
	EXPECT(skb_peek(&q) == s[0]);
	EXPECT(skb_peek_tail(&q) == s[3]);
	skb_unlink(s[2], &q);
	EXPECT_EQ_UINT(skb_queue_len(&q), 3);
	consume_skb(s[2]);
	x = skb_dequeue(&q);
	EXPECT(x == s[0]);
	consume_skb(x);
	x = skb_dequeue(&q);
	EXPECT(x == s[1]);
	consume_skb(x);
	skb_queue_purge(&q);
	EXPECT(skb_queue_empty(&q));
	EXPECT_EQ_UINT(skb_queue_len(&q), 0);
	EXPECT(!arch_irqs_disabled());
	nettest_end(&b);
}

static void free_queued(void *arg)
{
	struct sk_buff_head q;
	struct sk_buff *skb = alloc_skb(16);

	(void)arg;
	skb_queue_head_init(&q);
	skb_queue_tail(&q, skb);
	kfree_skb(skb);		/* still linked: BUG */
}

UNIT_TEST(skb_free_while_queued_is_a_bug)
{
	nettest_init();
	EXPECT(nettest_dies(free_queued, NULL));
}

/* A socket-owned skb keeps the truesize it was charged at when its head grows. */
UNIT_TEST(cow_head_keeps_owned_truesize)
{
	struct nettest_baseline b;
	struct sk_buff *skb;
	struct sock fake;
	unsigned int truesize;

	nettest_begin(&b);
	memset(&fake, 0, sizeof(fake));
	skb = alloc_skb(64);
	ASSERT(skb);
	skb_put(skb, 43);
	skb->sk = &fake;
	truesize = skb->truesize;
	EXPECT_EQ_INT(skb_cow_head(skb, 512), 0);
	EXPECT(skb_headroom(skb) >= 512);
	EXPECT_EQ_UINT(skb->truesize, truesize);
	skb->sk = NULL;
	EXPECT_EQ_INT(skb_cow_head(skb, 2048), 0);
	EXPECT(skb->truesize > truesize);
	kfree_skb(skb);
	nettest_end(&b);
}

/* Each drop is counted under the reason its caller names; a consumed packet is no drop. */
UNIT_TEST(kfree_skb_reason_counts_by_reason)
{
	u64 csum = skb_drop_reason_count(SKB_DROP_REASON_TCP_CSUM);
	u64 unspec = skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED);
	struct nettest_baseline b;
	struct skb_stats before, after;

	nettest_begin(&b);
	skb_get_stats(&before);
	kfree_skb_reason(alloc_skb(64), SKB_DROP_REASON_TCP_CSUM);
	kfree_skb_reason(alloc_skb(64), SKB_DROP_REASON_TCP_CSUM);
	kfree_skb(alloc_skb(64));
	/* A reason out of range is still a drop, of no named cause. */
	kfree_skb_reason(alloc_skb(64), SKB_DROP_REASON_MAX + 7);
	consume_skb(alloc_skb(64));
	skb_get_stats(&after);
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_TCP_CSUM) - csum, 2);
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_NOT_SPECIFIED) - unspec, 2);
	EXPECT_EQ_UINT(after.drops - before.drops, 4);
	EXPECT_EQ_STR(drop_reason_name(SKB_DROP_REASON_TCP_CSUM), "TCP_CSUM");
	EXPECT_EQ_STR(drop_reason_name(SKB_DROP_REASON_NO_SOCKET), "NO_SOCKET");
	EXPECT_EQ_STR(drop_reason_name(SKB_DROP_REASON_MAX + 1), "?");
	nettest_end(&b);
}
