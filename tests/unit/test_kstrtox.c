/* test_kstrtox.c - kernel/lib/kstrtox.c: whole-string numbers, refused garbage, overflow as -ERANGE. */
/* links: kernel/lib/kstrtox.c */
#include <kernel/kstrtox.h>
#include <errno.h>
#include <limits.h>

#include "unit.h"

UNIT_TEST(kstrtoul_takes_whole_numbers)
{
	unsigned long v = 7;

	EXPECT_EQ_INT(kstrtoul("0", 10, &v), 0);
	EXPECT_EQ_UINT(v, 0);
	EXPECT_EQ_INT(kstrtoul("9000", 10, &v), 0);
	EXPECT_EQ_UINT(v, 9000);
	EXPECT_EQ_INT(kstrtoul("+42", 10, &v), 0);
	EXPECT_EQ_UINT(v, 42);
	EXPECT_EQ_INT(kstrtoul("17\n", 10, &v), 0);	/* as written to a /proc file */
	EXPECT_EQ_UINT(v, 17);
	EXPECT_EQ_INT(kstrtoul("18446744073709551615", 10, &v), 0);
	EXPECT_EQ_UINT(v, ULONG_MAX);
}

UNIT_TEST(kstrtoul_refuses_what_strtoul_would_read_as_a_number)
{
	static const char *const bad[] = {
		"", "+", "-1", " 1", "1 ", "1x", "12a", "1\n\n", "\n", "0x", "1.5", "１",
	};
	unsigned long v = 7;

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ_INT(kstrtoul(bad[i], 10, &v), -EINVAL);
		EXPECT_EQ_UINT(v, 7);	/* untouched on error */
	}
	EXPECT_EQ_INT(kstrtoul("1", 7, &v), -EINVAL);	/* no such base */
}

UNIT_TEST(kstrtoul_overflow_is_erange)
{
	unsigned long v = 7;
	unsigned int u = 7;

	EXPECT_EQ_INT(kstrtoul("18446744073709551616", 10, &v), -ERANGE);
	EXPECT_EQ_INT(kstrtoul("99999999999999999999999", 10, &v), -ERANGE);
	EXPECT_EQ_INT(kstrtoul("0x10000000000000000", 16, &v), -ERANGE);
	EXPECT_EQ_UINT(v, 7);
	EXPECT_EQ_INT(kstrtouint("4294967295", 10, &u), 0);
	EXPECT_EQ_UINT(u, UINT_MAX);
	EXPECT_EQ_INT(kstrtouint("4294967296", 10, &u), -ERANGE);
	EXPECT_EQ_UINT(u, UINT_MAX);
}

UNIT_TEST(kstrtoul_bases_and_prefixes)
{
	unsigned long v = 0;

	EXPECT_EQ_INT(kstrtoul("0x1F", 16, &v), 0);
	EXPECT_EQ_UINT(v, 31);
	EXPECT_EQ_INT(kstrtoul("ff", 16, &v), 0);
	EXPECT_EQ_UINT(v, 255);
	EXPECT_EQ_INT(kstrtoul("0x10", 0, &v), 0);
	EXPECT_EQ_UINT(v, 16);
	EXPECT_EQ_INT(kstrtoul("010", 0, &v), 0);
	EXPECT_EQ_UINT(v, 8);
	EXPECT_EQ_INT(kstrtoul("10", 0, &v), 0);
	EXPECT_EQ_UINT(v, 10);
	EXPECT_EQ_INT(kstrtoul("08", 0, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("0x10", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("777", 8, &v), 0);
	EXPECT_EQ_UINT(v, 511);
}
