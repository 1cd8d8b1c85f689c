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
	int err = skb_walk_bytes(skb, (int)offset, len, csum_piece, &sum);

	BUG_ON(err);
	return sum;
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
