/*
 * test_skb_nonlinear.c - nonlinear skbs (net/core/skb_nonlinear.c, the
 * paged parts of skbuff.c, datagram.c): every helper over the linear,
 * paged and frag_list layouts, many cut points each, against the same
 * bytes held linearly; fast clones, header release, page references.
 */
/* links: net */
#include <net/skbuff.h>
#include <net/checksum.h>
#include <kernel/uio.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/skb_layout.h"

#define SEEDS	40

static u8 pat[20000];
static u8 out[20000];
static const unsigned int lens[] = { 1, 14, 60, 97, 1514, 4096, 9000, 20000 };

static void fill_pat(void)
{
	for (size_t i = 0; i < sizeof(pat); i++)
		pat[i] = (u8)unit_rand();
}

/* pat[0, len) in layout, cut as seed says. */
static struct sk_buff *mk(enum nt_layout l, u32 seed, unsigned int len)
{
	return nt_skb_layout(NULL, pat, len, l, seed);
}

/* skb's bytes are exactly want[0, len), read through skb_copy_bits. */
static bool holds(const struct sk_buff *skb, const u8 *want, unsigned int len)
{
	memset(out, 0, len);
	return EXPECT_EQ_UINT(skb->len, len) &&
	       EXPECT_EQ_UINT(skb_headlen(skb) + skb->data_len, len) &&
	       EXPECT(skb->tail == skb->data + skb_headlen(skb)) &&
	       EXPECT_EQ_INT(skb_copy_bits(skb, 0, out, len), 0) &&
	       EXPECT_EQ_MEM(out, want, len);
}

#define FOR_EACH_CASE(l, seed, li)					\
	for (enum nt_layout l = NT_LINEAR; l < NT_LAYOUTS; l++)		\
		for (u32 seed = 1; seed <= SEEDS; seed++)		\
			for (size_t li = 0; li < ARRAY_SIZE(lens); li++)

UNIT_TEST(skb_layouts_hold_the_frame)
{
	struct nettest_baseline b;
	bool nonlinear[NT_LAYOUTS] = { false }, chained = false;

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li], off, n;
		struct sk_buff *skb = mk(l, seed, len);

		ASSERT(skb);
		if (!holds(skb, pat, len)) {
			kfree_skb(skb);
			break;
		}
		nonlinear[l] |= skb_is_nonlinear(skb);
		chained |= skb_has_frag_list(skb);
		/* Any sub-range, and nothing past the end. */
		off = unit_rand() % len;
		n = unit_rand() % (len - off + 1);
		EXPECT_EQ_INT(skb_copy_bits(skb, (int)off, out, n), 0);
		EXPECT_EQ_MEM(out, pat + off, n);
		EXPECT_EQ_INT(skb_copy_bits(skb, (int)off, out, len - off + 1), -EFAULT);
		EXPECT_EQ_INT(skb_copy_bits(skb, -(int)skb_headroom(skb) - 1, out, 1), -EFAULT);
		consume_skb(skb);
	}
	EXPECT(!nonlinear[NT_LINEAR] && nonlinear[NT_PAGED] && nonlinear[NT_CHAINED]);
	EXPECT(chained);
	nettest_end(&b);
}

UNIT_TEST(pskb_may_pull_across_frag_boundaries)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li];
		struct sk_buff *skb = mk(l, seed, len);
		unsigned int want = 0;

		ASSERT(skb);
		/* Growing pulls, each landing anywhere: in a frag, on a boundary, in the chain. */
		while (want < len) {
			unsigned int step = 1 + unit_rand() % 700;	/* min() evaluates twice */

			want = min(len, want + step);
			if (!EXPECT(pskb_may_pull(skb, want)))
				break;
			EXPECT(skb_headlen(skb) >= want);
			EXPECT_EQ_MEM(skb->data, pat, want);
		}
		EXPECT(!pskb_may_pull(skb, len + 1));
		holds(skb, pat, len);
		EXPECT(!skb_is_nonlinear(skb));
		EXPECT_EQ_UINT(skb_shinfo(skb)->nr_frags, 0);
		EXPECT(!skb_has_frag_list(skb));
		kfree_skb(skb);
	}
	nettest_end(&b);
}

/* A pull on a clone gives it a head of its own; the original's bytes and frags stay. */
UNIT_TEST(pskb_may_pull_on_a_clone_leaves_the_original)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li], n = 1 + unit_rand() % len;
		struct sk_buff *skb = mk(l, seed, len), *c;
		unsigned int headlen = skb_headlen(skb);

		ASSERT(skb);
		c = skb_clone(skb);
		ASSERT(c);
		EXPECT(holds(c, pat, len));
		EXPECT(pskb_may_pull(c, n));
		EXPECT_EQ_MEM(c->data, pat, n);
		if (n > headlen)
			EXPECT(c->head != skb->head);
		EXPECT_EQ_UINT(skb_headlen(skb), headlen);
		holds(skb, pat, len);
		holds(c, pat, len);
		consume_skb(skb);
		holds(c, pat, len);
		consume_skb(c);
	}
	nettest_end(&b);
}

UNIT_TEST(pskb_pull_and_trim)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li];
		unsigned int cut = unit_rand() % (len + 1), keep;
		struct sk_buff *skb = mk(l, seed, len);

		ASSERT(skb);
		ASSERT(pskb_pull(skb, cut));
		holds(skb, pat + cut, len - cut);
		EXPECT(!pskb_pull(skb, len - cut + 1));
		keep = unit_rand() % (len - cut + 1);
		EXPECT_EQ_INT(pskb_trim(skb, keep), 0);
		holds(skb, pat + cut, keep);
		EXPECT_EQ_INT(pskb_trim(skb, keep + 1), 0);	/* longer: nothing to cut */
		EXPECT_EQ_UINT(skb->len, keep);
		kfree_skb(skb);
	}
	nettest_end(&b);
}

/* Trimming a clone: the frag array and the chain are the data area's, so the clone gets its own. */
UNIT_TEST(pskb_trim_on_a_clone_leaves_the_original)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li], keep = unit_rand() % len;
		struct sk_buff *skb = mk(l, seed, len), *c;

		ASSERT(skb);
		c = skb_clone(skb);
		ASSERT(c);
		EXPECT_EQ_INT(pskb_trim(c, keep), 0);
		holds(c, pat, keep);
		holds(skb, pat, len);
		kfree_skb(c);
		holds(skb, pat, len);
		kfree_skb(skb);
	}
	nettest_end(&b);
}

UNIT_TEST(skb_linearize_and_copies)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li];
		struct sk_buff *skb = mk(l, seed, len), *full, *part;

		ASSERT(skb);
		full = skb_copy(skb);
		part = pskb_copy(skb);
		ASSERT(full && part);
		EXPECT(!skb_is_nonlinear(full));
		holds(full, pat, len);
		holds(part, pat, len);
		/* pskb_copy's linear part is its own; its frags are the same pages. */
		EXPECT(part->head != skb->head);
		EXPECT_EQ_UINT(skb_shinfo(part)->nr_frags, skb_shinfo(skb)->nr_frags);
		for (int i = 0; i < skb_shinfo(skb)->nr_frags; i++)
			EXPECT(skb_shinfo(part)->frags[i].page == skb_shinfo(skb)->frags[i].page &&
			       page_ref_count(skb_shinfo(skb)->frags[i].page) >= 2);
		EXPECT(skb_shinfo(part)->frag_list == skb_shinfo(skb)->frag_list);
		if (skb_headlen(part)) {
			part->data[0] ^= 0xff;
			EXPECT_EQ_UINT(skb->data[0], pat[0]);
		}
		consume_skb(part);
		full->data[len - 1] ^= 0xff;
		holds(skb, pat, len);
		consume_skb(full);
		EXPECT_EQ_INT(skb_linearize(skb), 0);
		EXPECT(!skb_is_nonlinear(skb));
		holds(skb, pat, len);
		consume_skb(skb);
	}
	nettest_end(&b);
}

/* The sum over frags and chain, from any offset (odd ones too), folds as the linear sum does. */
UNIT_TEST(skb_checksum_equals_the_linear_sum)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li], off = unit_rand() % len;
		unsigned int n = unit_rand() % (len - off + 1);
		struct sk_buff *skb = mk(l, seed, len);
		__wsum start = unit_rand();

		ASSERT(skb);
		if (!EXPECT_EQ_UINT(csum_fold(skb_checksum(skb, off, n, start)),
				    csum_fold(csum_partial(pat + off, n, start))))
			break;
		EXPECT_EQ_UINT(csum_fold(skb_checksum(skb, 0, len, 0)),
			       csum_fold(csum_partial(pat, len, 0)));
		consume_skb(skb);
	}
	nettest_end(&b);
}

/* Copy out through a vector of small pieces, so iterator and skb boundaries fall apart. */
UNIT_TEST(skb_copy_datagram_iter_walks_frags)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li], off = unit_rand() % len;
		struct sk_buff *skb = mk(l, seed, len);
		struct kvec v[3] = { { out, 7 }, { out + 7, 1000 }, { out + 1007, sizeof(out) - 1007 } };
		struct iov_iter it;

		ASSERT(skb);
		memset(out, 0, sizeof(out));
		iov_iter_kvec(&it, v, 3, len - off);
		EXPECT_EQ_INT(skb_copy_datagram_iter(skb, (int)off, &it, len - off), 0);
		EXPECT_EQ_UINT(iov_iter_count(&it), 0);
		EXPECT_EQ_MEM(out, pat + off, len - off);
		iov_iter_kvec(&it, v, 3, sizeof(out));
		EXPECT_EQ_INT(skb_copy_datagram_iter(skb, (int)off, &it, len - off + 1), -EFAULT);
		consume_skb(skb);
	}
	nettest_end(&b);
}

/*
 * Copy and verify in one pass: pat with its checksum stored at offset 4
 * (a word boundary) sums to zero; a wrong pending sum is caught and the
 * iterator put back.
 */
UNIT_TEST(skb_copy_and_csum_datagram_iter_verifies)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li], hlen;
		struct sk_buff *skb;
		struct kvec v = { out, sizeof(out) };
		struct iov_iter it;
		__sum16 c;

		if (len < 6)
			continue;
		hlen = unit_rand() % 3 * 2;	/* an even header, summed not copied */
		pat[4] = pat[5] = 0;
		c = csum_fold(csum_partial(pat, len, 0x1234));
		memcpy(pat + 4, &c, 2);
		skb = mk(l, seed, len);
		ASSERT(skb);
		skb->csum = 0x1234;
		iov_iter_kvec(&it, &v, 1, sizeof(out));
		EXPECT_EQ_INT(skb_copy_and_csum_datagram_iter(skb, (int)hlen, &it), 0);
		EXPECT_EQ_UINT(iov_iter_count(&it), sizeof(out) - (len - hlen));
		EXPECT_EQ_MEM(out, pat + hlen, len - hlen);
		skb->csum = 0x1235;
		iov_iter_kvec(&it, &v, 1, sizeof(out));
		EXPECT_EQ_INT(skb_copy_and_csum_datagram_iter(skb, (int)hlen, &it), -EINVAL);
		EXPECT_EQ_UINT(iov_iter_count(&it), sizeof(out));
		EXPECT(__skb_checksum_complete(skb) != 0);
		skb->csum = 0x1234;
		EXPECT_EQ_UINT(__skb_checksum_complete(skb), 0);
		EXPECT(skb_csum_unnecessary(skb));
		consume_skb(skb);
	}
	nettest_end(&b);
}

UNIT_TEST(skb_header_pointer_copies_only_when_split)
{
	struct nettest_baseline b;
	u8 buf[64];

	nettest_begin(&b);
	fill_pat();
	FOR_EACH_CASE(l, seed, li) {
		unsigned int len = lens[li], off = unit_rand() % len;
		unsigned int step = 1 + unit_rand() % 64u;	/* min() evaluates twice */
		unsigned int n = min(len - off, step);
		struct sk_buff *skb = mk(l, seed, len);
		const u8 *p;

		ASSERT(skb);
		p = skb_header_pointer(skb, (int)off, n, buf);
		ASSERT(p);
		EXPECT_EQ_MEM(p, pat + off, n);
		EXPECT(off + n <= skb_headlen(skb) ? p == skb->data + off : p == buf);
		EXPECT(!skb_header_pointer(skb, (int)off, len - off + 1, out));
		consume_skb(skb);
	}
	nettest_end(&b);
}

/* A frag_list skb held elsewhere too is pulled or trimmed in a clone; the other holder's view stays. */
UNIT_TEST(shared_chain_members_are_cloned_not_changed)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	for (u32 seed = 1; seed <= SEEDS * 4; seed++) {
		struct sk_buff *skb = mk(NT_CHAINED, seed, 9000), *c, *m;
		unsigned int n = unit_rand() % 9000;

		ASSERT(skb);
		c = pskb_copy(skb);	/* shares the chain: each member has two users */
		ASSERT(c);
		skb_walk_frags(skb, m)
			EXPECT(skb_shared(m));
		if (unit_rand() & 1)
			EXPECT(pskb_may_pull(skb, n));
		else
			EXPECT_EQ_INT(pskb_trim(skb, n), 0);
		holds(c, pat, 9000);
		consume_skb(c);
		EXPECT(skb->len == n || skb->len == 9000);
		EXPECT_EQ_INT(skb_copy_bits(skb, 0, out, skb->len), 0);
		EXPECT_EQ_MEM(out, pat, skb->len);
		consume_skb(skb);
	}
	nettest_end(&b);
}

/* Out of memory part way: the pull or trim fails and the skb is as it was. */
UNIT_TEST(pulls_and_trims_without_memory_change_nothing)
{
	struct nettest_baseline b;
	u64 failed = 0;

	nettest_begin(&b);
	fill_pat();
	for (u32 seed = 1; seed <= SEEDS * 4; seed++) {
		enum nt_layout l = seed % 2 ? NT_PAGED : NT_CHAINED;
		struct sk_buff *skb = mk(l, seed, 9000), *c;
		unsigned int n = 100 + unit_rand() % 8900;
		bool ok;

		ASSERT(skb);
		c = skb_clone(skb);	/* so the trim must copy the head too */
		ASSERT(c);
		shim_fail_alloc_after(1 + unit_rand() % 3);
		ok = seed % 4 < 2 ? pskb_may_pull(c, n) : pskb_trim(c, n) == 0;
		shim_fail_alloc_after(0);
		failed += !ok;
		holds(skb, pat, 9000);
		if (!ok)
			holds(c, pat, 9000);
		kfree_skb(c);
		kfree_skb(skb);
	}
	EXPECT(failed > 0);
	nettest_end(&b);
}

UNIT_TEST(frags_hold_page_references_and_truesize)
{
	struct nettest_baseline b;
	struct sk_buff *skb, *c;
	struct page *p;
	unsigned int t0;
	u64 pages0;

	nettest_begin(&b);
	pages0 = shim_live_pages();
	p = dev_alloc_page();
	ASSERT(p);
	memcpy(page_address(p), "0123456789abcdef", 16);
	skb = alloc_skb(64);
	ASSERT(skb);
	skb_put_data(skb, "head", 4);
	t0 = skb->truesize;
	/* Two halves of one page: the second frag takes its own reference. */
	skb_add_rx_frag(skb, 0, p, 0, 8, PAGE_SIZE / 2);
	get_page(p);
	skb_add_rx_frag(skb, 1, p, 8, 8, PAGE_SIZE / 2);
	EXPECT_EQ_UINT(skb->truesize, t0 + PAGE_SIZE);
	EXPECT_EQ_UINT(page_ref_count(p), 2);
	EXPECT_EQ_UINT(shim_live_pages(), pages0 + 1);
	holds(skb, (const u8 *)"head0123456789abcdef", 20);
	c = skb_clone(skb);	/* shares the frag array: no new page references */
	ASSERT(c);
	EXPECT_EQ_UINT(page_ref_count(p), 2);
	consume_skb(skb);
	EXPECT_EQ_UINT(page_ref_count(p), 2);
	consume_skb(c);
	EXPECT_EQ_UINT(shim_live_pages(), pages0);
	nettest_end(&b);
}

UNIT_TEST(fclone_companion_serves_one_clone_at_a_time)
{
	struct nettest_baseline b;
	struct skb_stats s0, s1;
	struct sk_buff *skb, *c1, *c2, *c3;

	nettest_begin(&b);
	skb_get_stats(&s0);
	skb = alloc_skb_fclone(256);
	ASSERT(skb);
	EXPECT_EQ_UINT(skb->fclone, SKB_FCLONE_ORIG);
	skb_put_data(skb, "segment", 7);
	c1 = skb_clone(skb);
	ASSERT(c1);
	EXPECT_EQ_UINT(c1->fclone, SKB_FCLONE_CLONE);
	EXPECT((void *)c1 == (void *)(skb + 1));	/* the same allocation */
	c2 = skb_clone(skb);	/* the companion is busy: an ordinary one */
	ASSERT(c2);
	EXPECT_EQ_UINT(c2->fclone, SKB_FCLONE_UNAVAILABLE);
	consume_skb(c1);
	c3 = skb_clone(skb);	/* free again */
	ASSERT(c3);
	EXPECT(c3 == c1);
	/* The original may go first; the pair is freed with the companion. */
	consume_skb(skb);
	EXPECT_EQ_MEM(c3->data, "segment", 7);
	consume_skb(c3);
	consume_skb(c2);
	skb_get_stats(&s1);
	EXPECT_EQ_UINT(s1.fclones - s0.fclones, 2);
	EXPECT_EQ_UINT(s1.clones - s0.clones, 3);
	nettest_end(&b);
}

/*
 * Header release: the transmit clone of a released skb pushes its headers
 * without a copy; a clone of an ordinary skb, or one writing the data
 * (skb_cow), must copy.
 */
UNIT_TEST(header_release_lets_a_clone_push_without_copying)
{
	struct nettest_baseline b;
	struct skb_stats s0, s1;
	struct sk_buff *skb, *c, *plain, *pc;
	unsigned char *head;

	nettest_begin(&b);
	skb = alloc_skb_fclone(128 + 1460);
	ASSERT(skb);
	skb_reserve(skb, 128);
	skb_put_data(skb, pat, 1460);
	__skb_header_release(skb);
	skb_get_stats(&s0);
	c = skb_clone(skb);
	ASSERT(c);
	EXPECT(skb_cloned(c) && skb_cloned(skb));
	EXPECT(!skb_header_cloned(c));
	head = c->head;
	EXPECT_EQ_INT(skb_cow_head(c, 128), 0);
	EXPECT(c->head == head);
	memset(skb_push(c, 54), 0xee, 54);
	EXPECT_EQ_MEM(skb->data, pat, 1460);
	/* More headroom than there is still needs a copy. */
	EXPECT_EQ_INT(skb_cow_head(c, 256), 0);
	EXPECT(c->head != head);
	skb_get_stats(&s1);
	EXPECT_EQ_UINT(s1.expands - s0.expands, 1);
	consume_skb(c);
	/* Writing the payload is another matter: skb_cow copies a released clone too. */
	c = skb_clone(skb);
	ASSERT(c);
	EXPECT_EQ_INT(skb_cow(c, 0), 0);
	EXPECT(c->head != skb->head);
	consume_skb(c);
	consume_skb(skb);
	/* No release: the clones share the headroom, pushing copies. */
	plain = alloc_skb(256);
	ASSERT(plain);
	skb_reserve(plain, 128);
	skb_put_data(plain, "x", 1);
	pc = skb_clone(plain);
	ASSERT(pc);
	EXPECT(skb_header_cloned(pc));
	head = pc->head;
	EXPECT_EQ_INT(skb_cow_head(pc, 64), 0);
	EXPECT(pc->head != head);
	consume_skb(pc);
	consume_skb(plain);
	nettest_end(&b);
}

/* skb_put_padto on a nonlinear short frame gathers it first. */
UNIT_TEST(put_padto_linearizes_a_paged_runt)
{
	struct nettest_baseline b;

	nettest_begin(&b);
	fill_pat();
	for (u32 seed = 1; seed <= SEEDS; seed++) {
		struct sk_buff *skb = mk(seed % 2 ? NT_PAGED : NT_CHAINED, seed, 40);
		static const u8 zeros[20];

		ASSERT(skb);
		EXPECT_EQ_INT(skb_put_padto(skb, 60), 0);
		EXPECT(!skb_is_nonlinear(skb));
		EXPECT_EQ_UINT(skb->len, 60);
		EXPECT_EQ_MEM(skb->data, pat, 40);
		EXPECT_EQ_MEM(skb->data + 40, zeros, 20);
		consume_skb(skb);
	}
	nettest_end(&b);
}
