/* The Internet checksum, RFC 1071 and RFC 1624. */
#include <net/checksum.h>
#include <net/byteorder.h>
#include <string.h>

/* Fold a 64-bit one's complement accumulator to 32 bits. */
static u32 csum_from64(u64 sum)
{
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	return (u32)sum;
}

static u64 add64(u64 sum, u64 v)
{
	sum += v;
	return sum + (sum < v);	/* end-around carry */
}

/*
 * Sums 8 bytes at a time: one's complement addition is associative over
 * any multiple of 16 bits (RFC 1071 2(C), "parallel summation"), so the
 * wide words fold down to the same 16-bit result. memcpy loads make any
 * alignment safe; a trailing odd byte is the high-order (first) byte of a
 * zero-padded word, which is the low byte in little-endian memory order.
 */
__wsum csum_partial(const void *buf, unsigned int len, __wsum wsum)
{
	const u8 *p = buf;
	u64 sum = wsum;
	u64 v64;
	u32 v32;
	u16 v16;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&v64, p, 8);
		sum = add64(sum, v64);
	}
	if (len >= 4) {
		memcpy(&v32, p, 4);
		sum = add64(sum, v32);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&v16, p, 2);
		sum = add64(sum, v16);
		p += 2;
		len -= 2;
	}
	if (len)
		sum = add64(sum, *p);
	return csum_from64(sum);
}

__wsum csum_partial_copy_nocheck(const void *src, void *dst, unsigned int len,
				 __wsum wsum)
{
	const u8 *p = src;
	u8 *d = dst;
	u64 sum = wsum;
	u64 v64;
	u16 v16;

	for (; len >= 8; p += 8, d += 8, len -= 8) {
		memcpy(&v64, p, 8);
		memcpy(d, &v64, 8);
		sum = add64(sum, v64);
	}
	for (; len >= 2; p += 2, d += 2, len -= 2) {
		memcpy(&v16, p, 2);
		memcpy(d, &v16, 2);
		sum = add64(sum, v16);
	}
	if (len) {
		*d = *p;
		sum = add64(sum, *p);
	}
	return csum_from64(sum);
}

__wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, u32 len, u8 proto,
			  __wsum sum)
{
	u64 s = sum;

	s += saddr;
	s += daddr;
	/* The words (0, proto) and (length) in network order, read as memory. */
	s += htons((u16)len);
	s += htons(proto);
	return csum_from64(s);
}

static int csum_piece(void *p, unsigned int n, unsigned int pos, void *arg)
{
	__wsum *sum = arg;

	*sum = pos & 1 ? csum_block_add(*sum, csum_partial(p, n, 0), pos) :
			 csum_partial(p, n, *sum);
	return 0;
}

__wsum skb_checksum(const struct sk_buff *skb, unsigned int offset,
		    unsigned int len, __wsum sum)
{
	int err;

	/* The common case, a range in the linear part: no walk. */
	if (offset <= skb_headlen(skb) && len <= skb_headlen(skb) - offset)
		return csum_partial(skb->data + offset, len, sum);
	err = skb_walk_bytes(skb, (int)offset, len, csum_piece, &sum);
	BUG_ON(err);
	return sum;
}

struct copy_csum {
	u8 *to;
	__wsum sum;
};

static int copy_csum_piece(void *p, unsigned int n, unsigned int pos, void *arg)
{
	struct copy_csum *c = arg;
	__wsum part = csum_partial_copy_nocheck(p, c->to + pos, n, 0);

	c->sum = csum_block_add(c->sum, part, pos);
	return 0;
}

__wsum skb_copy_and_csum_bits(const struct sk_buff *skb, unsigned int offset, u8 *to,
			      unsigned int len)
{
	struct copy_csum c = { to, 0 };

	BUG_ON(skb_walk_bytes(skb, (int)offset, len, copy_csum_piece, &c));
	return c.sum;
}

static u16 csum16_add(u16 a, u16 b)
{
	u32 r = (u32)a + b;

	return (u16)(r + (r >> 16));
}

__sum16 csum_replace2(__sum16 sum, __be16 old, __be16 new)
{
	return (__sum16)~csum16_add(csum16_add((u16)~sum, (u16)~old), new);
}

__sum16 csum_replace4(__sum16 sum, __be32 old, __be32 new)
{
	sum = csum_replace2(sum, (__be16)(old >> 16), (__be16)(new >> 16));
	return csum_replace2(sum, (__be16)old, (__be16)new);
}

/*
 * Linux's inet_proto_csum_replace4: a 32-bit value covered by an L4
 * checksum changed. With CHECKSUM_PARTIAL the field holds only the
 * pseudo-header sum the device will finish, so only a pseudo-header
 * change (an address) reaches it; otherwise the full checksum is updated
 * (RFC 1624 eqn. 3), and a CHECKSUM_COMPLETE sum of the L4 bytes moves by
 * what the field moved: an address is outside those bytes.
 */
void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb, __be32 from,
			      __be32 to, bool pseudohdr)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		*sum = csum_replace4(*sum, from, to);
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr)
			skb->csum = csum_sub(csum_add(skb->csum, from), to);
	} else if (pseudohdr) {
		*sum = (__sum16)~csum_replace4((__sum16)~*sum, from, to);
	}
}

/* The same for a 16-bit value (a port, an ICMP identifier). */
void inet_proto_csum_replace2(__sum16 *sum, struct sk_buff *skb, __be16 from,
			      __be16 to, bool pseudohdr)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		*sum = csum_replace2(*sum, from, to);
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr)
			skb->csum = csum_sub(csum_add(skb->csum, from), to);
	} else if (pseudohdr) {
		*sum = (__sum16)~csum_replace2((__sum16)~*sum, from, to);
	}
}
