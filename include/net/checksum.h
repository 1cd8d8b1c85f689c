/*
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's
 * complement sum. A __wsum is a partial 32-bit sum of 16-bit words read in
 * memory order (x86 is little-endian, and RFC 1071 section 2(B) shows the sum
 * is byte-order independent); csum_fold() turns it into the __sum16 stored
 * in a header as is.
 */
#ifndef _NET_CHECKSUM_H
#define _NET_CHECKSUM_H

#include <kernel/types.h>
#include <net/skbuff.h>

/* Partial sum of len bytes at buf (any alignment, any length) added to sum. */
__wsum csum_partial(const void *buf, unsigned int len, __wsum sum);

/* Fold a partial sum to 16 bits and complement it: the field value. */
static inline __sum16 csum_fold(__wsum sum)
{
	u32 s = sum;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__sum16)~s;
}

static inline __wsum csum_unfold(__sum16 n)
{
	return (__wsum)n;
}

/* One's complement addition with end-around carry. */
static inline __wsum csum_add(__wsum a, __wsum b)
{
	u32 r = a + b;

	return r + (r < b);
}

static inline __wsum csum_sub(__wsum a, __wsum b)
{
	return csum_add(a, ~b);
}

/*
 * Add the sum of a block that starts offset bytes into the data: at an
 * odd offset its bytes sit in the other halves of the 16-bit words, and
 * swapping the bytes of a one's complement sum is a rotation by 8 (RFC
 * 1071 2(B)).
 */
static inline __wsum csum_block_add(__wsum csum, __wsum csum2, unsigned int offset)
{
	u32 sum = csum2;

	if (offset & 1)
		sum = (sum >> 8) | (sum << 24);
	return csum_add(csum, sum);
}

/* The checksum of an IPv4 header of ihl 32-bit words; 0 when it verifies. */
static inline __sum16 ip_fast_csum(const void *iph, unsigned int ihl)
{
	return csum_fold(csum_partial(iph, ihl * 4, 0));
}

/* Checksum of a whole buffer (ICMP). */
static inline __sum16 ip_compute_csum(const void *buf, unsigned int len)
{
	return csum_fold(csum_partial(buf, len, 0));
}

/* Add the TCP/UDP pseudo header (RFC 793 3.1, RFC 768) to sum, unfolded. */
__wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, u32 len, u8 proto,
			  __wsum sum);

static inline __sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, u32 len,
					u8 proto, __wsum sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}

/* Partial sum of len bytes of skb starting offset bytes after skb->data (frags and frag_list too). */
__wsum skb_checksum(const struct sk_buff *skb, unsigned int offset,
		    unsigned int len, __wsum sum);

/* Copy len bytes from src to dst and return their sum added to sum (one pass). */
__wsum csum_partial_copy_nocheck(const void *src, void *dst, unsigned int len,
				 __wsum sum);

/* Copy len bytes of skb from offset to to (any layout) and return their sum. */
__wsum skb_copy_and_csum_bits(const struct sk_buff *skb, unsigned int offset, u8 *to,
			      unsigned int len);

/*
 * Incremental update (RFC 1624 eqn. 3): HC' = ~(~HC + ~m + m') when one
 * 16-bit word of the covered data changes from old to new. Unlike Linux
 * these take and return the value: header fields are packed members.
 */
__sum16 csum_replace2(__sum16 sum, __be16 old, __be16 new);
__sum16 csum_replace4(__sum16 sum, __be32 old, __be32 new);

/*
 * An address (pseudohdr true) or port covered by the L4 checksum at *sum
 * changed from 'from' to 'to': update the field as skb->ip_summed demands
 * (Linux's inet_proto_csum_replace4/2; used by NAT).
 */
void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb, __be32 from,
			      __be32 to, bool pseudohdr);
void inet_proto_csum_replace2(__sum16 *sum, struct sk_buff *skb, __be16 from,
			      __be16 to, bool pseudohdr);

#endif
