/* test_csum.c - net/core/checksum.c: RFC 1071 vectors, odd lengths and alignments, copying while summing, pseudo headers, RFC 1624 updates. */
/* links: net */
#include <net/checksum.h>
#include <net/byteorder.h>
#include <net/proto/ip.h>
#include <string.h>

#include "unit.h"

unsigned int unit_rand(void);

/* The obvious definition: 16-bit big-endian words, one's complement sum, complemented. */
static u16 ref_csum(const u8 *p, size_t len)
{
	u32 sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (u32)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

UNIT_TEST(csum_rfc1071_example)
{
	/* RFC 1071 section 3: the sum of these words is ddf2, so the checksum is 220d. */
	static const u8 buf[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	__sum16 c = ip_compute_csum(buf, sizeof(buf));

	EXPECT_EQ_UINT(ntohs(c), 0x220d);
	EXPECT_EQ_UINT(ref_csum(buf, sizeof(buf)), 0x220d);
}

UNIT_TEST(csum_known_ip_header)
{
	u8 hdr[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};

	EXPECT_EQ_UINT(ip_fast_csum(hdr, 5), 0);
	hdr[10] = hdr[11] = 0;
	EXPECT_EQ_UINT(ntohs(ip_fast_csum(hdr, 5)), 0xb861);
}

UNIT_TEST(csum_odd_lengths_and_alignments)
{
	u8 raw[300];
	size_t i, off, len;

	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (u8)unit_rand();
	for (off = 0; off < 8; off++) {
		for (len = 0; len <= 257; len++) {
			u16 got = ntohs(csum_fold(csum_partial(raw + off, (unsigned int)len, 0)));

			if (!EXPECT_EQ_UINT(got, ref_csum(raw + off, len)))
				return;
		}
	}
}

/* Copy and sum in one pass: the bytes arrive intact, the sum is the reference's. */
UNIT_TEST(csum_copy_odd_lengths_and_alignments)
{
	u8 raw[300], out[300];
	size_t i, off, len;

	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (u8)unit_rand();
	for (off = 0; off < 8; off++) {
		for (len = 0; len <= 257; len++) {
			u16 got;

			memset(out, 0xa5, sizeof(out));
			got = ntohs(csum_fold(csum_partial_copy_nocheck(raw + off, out + 7 - off,
								     (unsigned int)len, 0)));
			if (!EXPECT_EQ_UINT(got, ref_csum(raw + off, len)) ||
			    !EXPECT_EQ_MEM(out + 7 - off, raw + off, len) ||
			    !EXPECT_EQ_UINT(out[7 - off + len], 0xa5))
				return;
		}
	}
}

UNIT_TEST(csum_all_ones_and_carries)
{
	u8 buf[1501];

	memset(buf, 0xff, sizeof(buf));
	EXPECT_EQ_UINT(ntohs(ip_compute_csum(buf, sizeof(buf))),
		       ref_csum(buf, sizeof(buf)));
	EXPECT_EQ_UINT(ntohs(ip_compute_csum(buf, 0)), 0xffff);
}

UNIT_TEST(csum_partial_chains)
{
	u8 buf[64];
	__wsum s;
	size_t i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i * 7 + 3);
	/* Splitting at even offsets must give the same sum. */
	s = csum_partial(buf, 10, 0);
	s = csum_partial(buf + 10, 54, s);
	EXPECT_EQ_UINT(csum_fold(s), csum_fold(csum_partial(buf, 64, 0)));
	EXPECT_EQ_UINT(csum_fold(csum_add(csum_partial(buf, 32, 0),
					  csum_partial(buf + 32, 32, 0))),
		       csum_fold(csum_partial(buf, 64, 0)));
	EXPECT_EQ_UINT(csum_fold(csum_sub(csum_partial(buf, 64, 0),
					  csum_partial(buf + 32, 32, 0))),
		       csum_fold(csum_partial(buf, 32, 0)));
}

UNIT_TEST(csum_udp_pseudo_header)
{
	/* 192.168.0.1:1024 -> 192.168.0.199:53, 3 data bytes: verify against the reference. */
	u8 pseudo_and_udp[12 + 11] = {
		192, 168, 0, 1, 192, 168, 0, 199, 0, IPPROTO_UDP, 0, 11,
		0x04, 0x00, 0x00, 0x35, 0x00, 0x0b, 0x00, 0x00, 'a', 'b', 'c',
	};
	__be32 saddr, daddr;
	__sum16 c;

	memcpy(&saddr, pseudo_and_udp, 4);
	memcpy(&daddr, pseudo_and_udp + 4, 4);
	c = csum_tcpudp_magic(saddr, daddr, 11, IPPROTO_UDP,
			      csum_partial(pseudo_and_udp + 12, 11, 0));
	EXPECT_EQ_UINT(ntohs(c), ref_csum(pseudo_and_udp, sizeof(pseudo_and_udp)));
	/* Filled in, the whole thing verifies to zero. */
	memcpy(pseudo_and_udp + 18, &c, 2);
	EXPECT_EQ_UINT(csum_tcpudp_magic(saddr, daddr, 11, IPPROTO_UDP,
					 csum_partial(pseudo_and_udp + 12, 11, 0)), 0);
}

UNIT_TEST(csum_incremental_matches_recompute)
{
	u8 hdr[20];
	int round;

	for (round = 0; round < 2000; round++) {
		struct iphdr *iph = (struct iphdr *)hdr;
		__be16 old, new;
		size_t i;

		for (i = 0; i < sizeof(hdr); i++)
			hdr[i] = (u8)unit_rand();
		ip_set_version_ihl(iph, 5);
		iph->check = 0;
		iph->check = ip_fast_csum(hdr, 5);
		/* RFC 1624: change the TTL/protocol word, update, compare. */
		memcpy(&old, &hdr[8], 2);
		iph->ttl = (u8)unit_rand();
		memcpy(&new, &hdr[8], 2);
		iph->check = csum_replace2(iph->check, old, new);
		if (!EXPECT_EQ_UINT(ip_fast_csum(hdr, 5), 0))
			return;
		/* And a 32-bit address rewrite. */
		{
			__be32 oa = iph->saddr, na = (__be32)unit_rand() << 1;

			iph->saddr = na;
			iph->check = csum_replace4(iph->check, oa, na);
			if (!EXPECT_EQ_UINT(ip_fast_csum(hdr, 5), 0))
				return;
		}
	}
}
