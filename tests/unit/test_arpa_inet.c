/* test_arpa_inet.c - libc/user/inet.c against glibc's arpa/inet.h. */
/* links: libc */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

/* Strings every parser has been wrong about at some point. */
static const char *const samples[] = {
	"0.0.0.0", "1.2.3.4", "255.255.255.255", "256.1.1.1", "1.2.3.256",
	"10.0.2.15", "127.0.0.1", "01.2.3.4", "1.02.3.4", "1.2.3.04", "00.0.0.0",
	"1.2.3", "1.2", "1", "", ".", "..", "...", "1.2.3.4.", ".1.2.3.4",
	"1.2.3.4.5", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4\n", "1.2.3.4\t x",
	"1.2.3.4x", "1.2.3.-4", "+1.2.3.4", "1.2.3.+4", "0x1.2.3.4", "0x7f.1",
	"0x7f000001", "017700000001", "0X7F.0.0.1", "0x", "0x.1.2.3", "0xg",
	"08.1.2.3", "07.1.2.3", "4294967295", "4294967296", "1.16777215",
	"1.16777216", "1.2.65535", "1.2.65536", "99999999999999999999",
	"1.2.3.1000", "1000.2.3.4", "1.2.3.4\x01", "a.b.c.d", "1.2.3.4/24",
	"0xffffffff", "0x100000000", "1.0x10.3.4", "1.2.0xffff", "0377.0377.0377.0377",
	"0400.1.1.1", "12345", "1.2.3.4 5.6.7.8", "1.2.3. 4",
};

UNIT_TEST(inet_pton_matches_glibc_on_samples)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		unsigned char a[4] = { 0 }, b[4] = { 0 };
		int ra = skiff_inet_pton(AF_INET, samples[i], a);
		int rb = inet_pton(AF_INET, samples[i], b);

		if (!EXPECT_MSG(ra == rb, "inet_pton(\"%s\"): %d, glibc %d",
				samples[i], ra, rb))
			continue;
		if (ra == 1)
			EXPECT_EQ_MEM(a, b, 4);
	}
}

UNIT_TEST(inet_aton_and_inet_addr_match_glibc_on_samples)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		struct in_addr a = { 0 }, b = { 0 };
		int ra = skiff_inet_aton(samples[i], &a);
		int rb = inet_aton(samples[i], &b);

		EXPECT_MSG(ra == rb, "inet_aton(\"%s\"): %d, glibc %d",
			   samples[i], ra, rb);
		if (ra == 1 && rb == 1)
			EXPECT_MSG(a.s_addr == b.s_addr,
				   "inet_aton(\"%s\"): %08x, glibc %08x",
				   samples[i], a.s_addr, b.s_addr);
		EXPECT_EQ_UINT(skiff_inet_addr(samples[i]),
			       inet_addr(samples[i]));
	}
	EXPECT_EQ_INT(skiff_inet_aton("1.2.3.4", NULL), 1);
}

/* Random strings over the characters that matter, against glibc. */
UNIT_TEST(parsers_match_glibc_on_random_strings)
{
	static const char alphabet[] = "0123456789..x 7f";
	char s[20];

	for (int n = 0; n < 200000; n++) {
		int len = unit_rand() % (sizeof(s) - 1);
		struct in_addr a = { 0 }, b = { 0 };
		unsigned char pa[4], pb[4];
		int ra, rb;

		for (int i = 0; i < len; i++)
			s[i] = alphabet[unit_rand() % (sizeof(alphabet) - 1)];
		s[len] = '\0';
		ra = skiff_inet_pton(AF_INET, s, pa);
		rb = inet_pton(AF_INET, s, pb);
		if (!EXPECT_MSG(ra == rb && (ra != 1 || !memcmp(pa, pb, 4)),
				"inet_pton(\"%s\"): %d, glibc %d", s, ra, rb))
			break;
		ra = skiff_inet_aton(s, &a);
		rb = inet_aton(s, &b);
		if (!EXPECT_MSG(ra == rb && (ra != 1 || a.s_addr == b.s_addr),
				"inet_aton(\"%s\"): %d %08x, glibc %d %08x",
				s, ra, a.s_addr, rb, b.s_addr))
			break;
	}
}

UNIT_TEST(inet_pton_other_family_is_eafnosupport)
{
	unsigned char a[16];

	skiff_errno = 0;
	EXPECT_EQ_INT(skiff_inet_pton(12345, "1.2.3.4", a), -1);
	EXPECT_EQ_INT(skiff_errno, EAFNOSUPPORT);
	skiff_errno = 0;
	EXPECT(skiff_inet_ntop(12345, a, (char *)a, sizeof(a)) == NULL);
	EXPECT_EQ_INT(skiff_errno, EAFNOSUPPORT);
}

UNIT_TEST(inet_ntop_matches_glibc_and_checks_size)
{
	for (int n = 0; n < 20000; n++) {
		unsigned char addr[4];
		char a[INET_ADDRSTRLEN + 2], b[INET_ADDRSTRLEN + 2];
		socklen_t size = unit_rand() % sizeof(a);
		const char *ra, *rb;
		int ea, eb;

		for (int i = 0; i < 4; i++)
			addr[i] = unit_rand() % 4 == 0 ? 255 : unit_rand();
		skiff_errno = 0;
		errno = 0;
		ra = skiff_inet_ntop(AF_INET, addr, a, size);
		ea = skiff_errno;
		rb = inet_ntop(AF_INET, addr, b, size);
		eb = errno;
		if (!EXPECT_MSG(!ra == !rb, "inet_ntop size %u: %s, glibc %s",
				size, ra ? a : "NULL", rb ? b : "NULL"))
			break;
		if (ra) {
			EXPECT(ra == a);
			if (!EXPECT_EQ_STR(a, b))
				break;
		} else if (!EXPECT_EQ_INT(ea, eb)) {
			break;
		}
	}
}

UNIT_TEST(inet_ntoa_formats_network_order)
{
	struct in_addr in = { .s_addr = htonl(0x0a00020f) };

	EXPECT_EQ_STR(skiff_inet_ntoa(in), "10.0.2.15");
	in.s_addr = 0xffffffff;
	EXPECT_EQ_STR(skiff_inet_ntoa(in), "255.255.255.255");
}
