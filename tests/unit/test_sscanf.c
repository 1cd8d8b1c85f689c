/* test_sscanf.c - libc/user/sscanf.c against glibc's sscanf, on the formats Linux's tools read /proc with. */
/* links: libc */
#include <stdio.h>
#include <string.h>

#include "unit.h"

static void clear(int *d)
{
	memset(d, 0x5a, 4 * sizeof(*d));
}

/* Each case parses the same input the same way in both libraries. */
static void check_d4(const char *str, const char *fmt)
{
	int a[4], b[4], ra, rb;

	clear(a);
	clear(b);
	ra = skiff_sscanf(str, fmt, &a[0], &a[1], &a[2], &a[3]);
	rb = sscanf(str, fmt, &b[0], &b[1], &b[2], &b[3]);
	EXPECT_MSG(ra == rb && !memcmp(a, b, sizeof(a)), "'%s' with '%s': %d vs glibc %d",
		   str, fmt, ra, rb);
}

UNIT_TEST(sscanf_integers_as_glibc)
{
	static const struct { const char *str, *fmt; } cases[] = {
		{ "1 2 3 4", "%d %d %d %d" },
		{ "-17 +5 0 2147483647", "%d %d %d %d" },
		{ "  12abc", "%d%d" },
		{ "", "%d" },
		{ "   ", "%d" },
		{ "x", "%d" },
		{ "x", "x%d" },
		{ "12345", "%2d%3d" },
		{ "7:8", "%d:%d" },
		{ "7 :8", "%d :%d" },
		{ "7;8", "%d:%d" },
		{ "0x1f 017 10", "%i %i %i" },
		{ "5 %", "%d %%" },
		{ "1 2", "%*d %d" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_d4(cases[i].str, cases[i].fmt);
}

/* netstat's tcp_do_one format over a /proc/net/tcp line. */
UNIT_TEST(sscanf_proc_net_tcp_line_as_netstat_reads_it)
{
	static const char line[] = "   0: 0100007F:1BBC 00000000:0000 0A 00000000:00000003 "
				   "02:0000176F 00000000     0        0 0 1 0000000000000000";
	static const char fmt[] = "%d: %64[0-9A-Fa-f]:%X %64[0-9A-Fa-f]:%X %X %lX:%lX %X:%lX "
				  "%lX %d %d %lu %*s\n";
	char la[2][65], ra[2][65];
	unsigned int lp[2], rp[2], st[2], tr[2];
	unsigned long tx[2], rx[2], when[2], retr[2], inode[2];
	int sl[2], uid[2], to[2], r[2];

	memset(la, 0, sizeof(la));
	memset(ra, 0, sizeof(ra));
	r[0] = skiff_sscanf(line, fmt, &sl[0], la[0], &lp[0], ra[0], &rp[0], &st[0], &tx[0],
			    &rx[0], &tr[0], &when[0], &retr[0], &uid[0], &to[0], &inode[0]);
	r[1] = sscanf(line, fmt, &sl[1], la[1], &lp[1], ra[1], &rp[1], &st[1], &tx[1],
		      &rx[1], &tr[1], &when[1], &retr[1], &uid[1], &to[1], &inode[1]);
	EXPECT_EQ_INT(r[0], 14);
	EXPECT_EQ_INT(r[0], r[1]);
	EXPECT_EQ_STR(la[0], "0100007F");
	EXPECT_EQ_STR(la[0], la[1]);
	EXPECT_EQ_STR(ra[0], ra[1]);
	EXPECT_EQ_UINT(lp[0], 7100);
	EXPECT_EQ_UINT(st[0], 0x0a);
	EXPECT_EQ_UINT(rx[0], 3);
	EXPECT_EQ_UINT(tr[0], 2);
	EXPECT_EQ_UINT(when[0], 0x176f);
	EXPECT(lp[0] == lp[1] && rp[0] == rp[1] && st[0] == st[1] && tx[0] == tx[1] &&
	       rx[0] == rx[1] && tr[0] == tr[1] && when[0] == when[1] && retr[0] == retr[1] &&
	       uid[0] == uid[1] && to[0] == to[1] && inode[0] == inode[1] && sl[0] == sl[1]);
}

UNIT_TEST(sscanf_strings_sets_chars_and_counts)
{
	char a[4][32], b[4][32];
	int na = -1, nb = -1, ra, rb;
	unsigned long long ua, ub;

	memset(a, 'z', sizeof(a));
	memset(b, 'z', sizeof(b));
	ra = skiff_sscanf("eth0: 123 rx", "%31[^:]: %llu %3s%n", a[0], &ua, a[1], &na);
	rb = sscanf("eth0: 123 rx", "%31[^:]: %llu %3s%n", b[0], &ub, b[1], &nb);
	EXPECT_EQ_INT(ra, 3);
	EXPECT_EQ_INT(ra, rb);
	EXPECT_EQ_STR(a[0], "eth0");
	EXPECT_EQ_STR(a[1], "rx");
	EXPECT_EQ_UINT(ua, 123);
	EXPECT_EQ_INT(na, nb);
	/* A width cuts a string; %c takes exactly its count, spaces included. */
	ra = skiff_sscanf("abcdef gh", "%3s%2c", a[2], a[3]);
	rb = sscanf("abcdef gh", "%3s%2c", b[2], b[3]);
	EXPECT_EQ_INT(ra, rb);
	EXPECT(!strcmp(a[2], "abc") && !memcmp(a[3], "de", 2) && !memcmp(b[3], "de", 2));
	/* An empty set match is a matching failure. */
	EXPECT_EQ_INT(skiff_sscanf(":x", "%31[^:]", a[0]), sscanf(":x", "%31[^:]", b[0]));
	/* Lengths: hh stores one octet, h two. */
	{
		signed char c[2] = { 0, 0 };
		short h[2] = { 0, 0 };

		EXPECT_EQ_INT(skiff_sscanf("300 70000", "%hhd %hd", &c[0], &h[0]),
			      sscanf("300 70000", "%hhd %hd", &c[1], &h[1]));
		EXPECT(c[0] == c[1] && h[0] == h[1]);
	}
}
