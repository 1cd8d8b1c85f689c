/* Host tests of net/core/utils.c: IPv4 text parsing is strict. */
/* links: net */
#include "unit.h"
#include <net/inet_utils.h>
#include <net/byteorder.h>
#include <string.h>

UNIT_TEST(in4_pton_accepts_dotted_quads)
{
	__be32 a;

	EXPECT_EQ_INT(in4_pton("10.0.2.15", &a), 9);
	EXPECT_EQ_UINT(ntohl(a), 0x0a00020f);
	EXPECT_EQ_INT(in4_pton("255.255.255.255", &a), 15);
	EXPECT_EQ_UINT(ntohl(a), 0xffffffff);
	EXPECT_EQ_INT(in4_pton("0.0.0.0 rest", &a), 7);	/* stops at the end of the quad */
	EXPECT_EQ_UINT(a, 0);
}

UNIT_TEST(in4_pton_rejects_malformed)
{
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.256", "1..2.3", ".1.2.3", "1.2.3.", "a.b.c.d",
		"1.2.3.0004", "-1.2.3.4", "+1.2.3.4", "1.2.3.4444", "999.1.1.1",
	};
	__be32 a = 0x12345678;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_MSG(in4_pton(bad[i], &a) < 0, "accepted '%s'", bad[i]);
	EXPECT_EQ_UINT(a, 0x12345678);	/* untouched on failure */
}

UNIT_TEST(in4_prefix_pton)
{
	__be32 a;
	unsigned int len;

	EXPECT_EQ_INT(in4_prefix_pton("10.0.0.2/24", &a, &len), 0);
	EXPECT_EQ_UINT(ntohl(a), 0x0a000002);
	EXPECT_EQ_UINT(len, 24);
	EXPECT_EQ_INT(in4_prefix_pton("0.0.0.0/0", &a, &len), 0);
	EXPECT_EQ_UINT(len, 0);
	EXPECT(in4_prefix_pton("10.0.0.2", &a, &len) < 0);
	EXPECT(in4_prefix_pton("10.0.0.2/33", &a, &len) < 0);
	EXPECT(in4_prefix_pton("10.0.0.2/", &a, &len) < 0);
	EXPECT(in4_prefix_pton("10.0.0.2/24x", &a, &len) < 0);
	EXPECT(in4_prefix_pton("10.0.0.2/0024", &a, &len) < 0);
}

UNIT_TEST(in4_ntop_round_trips)
{
	char buf[INET_ADDRSTRLEN];
	__be32 a;

	EXPECT_EQ_STR(in4_ntop(htonl(0xc0a80101), buf), "192.168.1.1");
	EXPECT_EQ_STR(in4_ntop(htonl(0xffffffff), buf), "255.255.255.255");
	EXPECT(in4_pton(buf, &a) == 15 && a == 0xffffffff);
}
