/*
 * Nonlinear socket buffers (Linux's net/core/skbuff.c, the paged part):
 * walking, copying, pulling and trimming the bytes that lie in page frags
 * and in the frag_list chain behind the linear part.
 */
#include <net/skbuff.h>
#include <errno.h>
#include <string.h>

/* The walk over skb's bytes from offset, with pos0 the position of the first. */
static int __skb_walk_bytes(const struct sk_buff *skb, int offset, unsigned int len,
			    unsigned int pos0, skb_walk_fn fn, void *arg)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int start = skb_headlen(skb), pos = pos0, off, n;
	struct sk_buff *list;
	int err;

	if (offset < -(int)skb_headroom(skb) ||
	    (long)offset + (long)len > (long)skb->len)
		return -EFAULT;
	if (!len)
		return 0;
	/* The linear part, from the headroom if offset is negative. */
	if (offset < (int)start) {
		n = min(len, (unsigned int)((int)start - offset));
		err = fn(skb->data + offset, n, pos, arg);
		if (err || !(len -= n))
			return err;
		pos += n;
		offset += (int)n;
	}
	off = (unsigned int)offset;
	for (int i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *frag = &sh->frags[i];
		unsigned int end = start + skb_frag_size(frag);

		if (off < end) {
			n = min(len, end - off);
			err = fn((u8 *)skb_frag_address(frag) + (off - start), n, pos, arg);
			if (err || !(len -= n))
				return err;
			pos += n;
			off += n;
		}
		start = end;
	}
	skb_walk_frags(skb, list) {
		unsigned int end = start + list->len;

		if (off < end) {
			n = min(len, end - off);
			err = __skb_walk_bytes(list, (int)(off - start), n, pos, fn, arg);
			if (err || !(len -= n))
				return err;
			pos += n;
			off += n;
		}
		start = end;
	}
	BUG_ON(len);
	return 0;
}

int skb_walk_bytes(const struct sk_buff *skb, int offset, unsigned int len,
		   skb_walk_fn fn, void *arg)
{
	return __skb_walk_bytes(skb, offset, len, 0, fn, arg);
}

static int copy_piece(void *p, unsigned int n, unsigned int pos, void *to)
{
	memcpy((u8 *)to + pos, p, n);
	return 0;
}

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to,
		  unsigned int len)
{
	return skb_walk_bytes(skb, offset, len, copy_piece, to);
}

void skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, int off,
		     int size, unsigned int truesize)
{
	skb_fill_page_desc(skb, i, page, off, size);
	skb->len += (unsigned int)size;
	skb->data_len += (unsigned int)size;
	skb->truesize += truesize;
}

static unsigned int skb_frags_len(const struct sk_buff *skb)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int len = 0;

	for (int i = 0; i < sh->nr_frags; i++)
		len += skb_frag_size(&sh->frags[i]);
	return len;
}

/* Drop the first eat bytes of the frags: whole frags let go of their pages, a partial one moves on. */
static void skb_eat_frags(struct sk_buff *skb, unsigned int eat)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	int k = 0;

	for (int i = 0; i < sh->nr_frags; i++) {
		skb_frag_t *frag = &sh->frags[i];

		if (skb_frag_size(frag) <= eat) {
			eat -= skb_frag_size(frag);
			skb_frag_unref(skb, i);
			continue;
		}
		sh->frags[k] = *frag;
		sh->frags[k].offset += eat;
		sh->frags[k].size -= eat;
		eat = 0;
		k++;
	}
	sh->nr_frags = (u8)k;
}

/*
 * Drop the first eat bytes of the frag_list: wholly eaten skbs are
 * released, a partly eaten one is pulled (a clone of it first, if someone
 * else holds it too: the chain is then shared, so no link of it is
 * rewritten). 0, or -ENOMEM with the chain unchanged.
 */
static int skb_eat_frag_list(struct sk_buff *skb, unsigned int eat)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	struct sk_buff *list = sh->frag_list, *keep, *stop, *m;

	while (list && eat >= list->len) {
		eat -= list->len;
		list = list->next;
	}
	keep = stop = list;
	if (eat) {
		BUG_ON(!list);
		if (skb_shared(list)) {
			keep = skb_clone(list);
			if (!keep)
				return -ENOMEM;
			if (!pskb_pull(keep, eat)) {
				consume_skb(keep);
				return -ENOMEM;
			}
			keep->next = list->next;
			stop = list->next;
		} else if (!pskb_pull(list, eat)) {
			return -ENOMEM;
		}
	}
	while ((m = sh->frag_list) != stop) {
		sh->frag_list = m->next;
		consume_skb(m);
	}
	sh->frag_list = keep;
	return 0;
}

void *__pskb_pull_tail(struct sk_buff *skb, unsigned int delta)
{
	long eat = (long)(skb->tail - skb->head) + delta - (long)skb_end_offset(skb);
	unsigned int frags_len, list_eat;

	BUG_ON(delta > skb->data_len);
	/* Room behind the tail, and a head of our own: the frag array changes too. */
	if ((eat > 0 || skb_cloned(skb)) &&
	    pskb_expand_head(skb, 0, eat > 0 ? (unsigned int)eat + 128 : 0))
		return NULL;
	BUG_ON(skb_copy_bits(skb, (int)skb_headlen(skb), skb->tail, delta));
	frags_len = skb_frags_len(skb);
	list_eat = delta > frags_len ? delta - frags_len : 0;
	if (list_eat && skb_eat_frag_list(skb, list_eat))
		return NULL;
	skb_eat_frags(skb, delta - list_eat);
	skb->tail += delta;
	skb->data_len -= delta;
	return skb->tail;
}

/*
 * Keep only the first keep (> 0) bytes of the frag_list. Each member
 * passed on the way, and the one cut, becomes private first (a clone in
 * place of one someone else holds too), so the links rewritten are this
 * chain's own. 0, or -ENOMEM with the same bytes in the chain.
 */
static int skb_trim_frag_list(struct sk_buff *skb, unsigned int keep)
{
	struct sk_buff **fragp = &skb_shinfo(skb)->frag_list, *frag, *n;
	unsigned int offset = 0;

	while ((frag = *fragp) != NULL) {
		unsigned int end = offset + frag->len;

		if (skb_shared(frag)) {
			n = skb_clone(frag);
			if (!n)
				return -ENOMEM;
			n->next = frag->next;
			consume_skb(frag);
			*fragp = frag = n;
		}
		if (end < keep) {
			offset = end;
			fragp = &frag->next;
			continue;
		}
		if (pskb_trim(frag, keep - offset))
			return -ENOMEM;
		kfree_skb_list(frag->next);
		frag->next = NULL;
		return 0;
	}
	BUG();
}

int ___pskb_trim(struct sk_buff *skb, unsigned int len)
{
	unsigned int headlen = skb_headlen(skb), offset = headlen;
	struct skb_shared_info *sh;
	int i = 0;

	BUG_ON(len >= skb->len);
	/* The frag array and the chain belong to the data area: own it first. */
	if (skb_cloned(skb) && pskb_expand_head(skb, 0, 0))
		return -ENOMEM;
	sh = skb_shinfo(skb);
	if (len > headlen) {
		for (; i < sh->nr_frags; i++) {
			unsigned int end = offset + skb_frag_size(&sh->frags[i]);

			if (end >= len) {
				skb_frag_size_set(&sh->frags[i], len - offset);
				i++;
				goto drop_rest;
			}
			offset = end;
		}
		/* Past every frag: the cut falls in the frag_list. */
		if (skb_trim_frag_list(skb, len - offset))
			return -ENOMEM;
		goto done;
	}
drop_rest:
	for (int j = i; j < sh->nr_frags; j++)
		skb_frag_unref(skb, j);
	sh->nr_frags = (u8)i;
	kfree_skb_list(sh->frag_list);
	sh->frag_list = NULL;
	if (len <= headlen)
		skb->tail = skb->data + len;
done:
	skb->data_len = len > headlen ? len - headlen : 0;
	skb->len = len;
	return 0;
}
