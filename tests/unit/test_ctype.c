/* test_ctype.c - libc/ctype.c against glibc's "C" locale, EOF, odd values. */
/* links: libc */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>

#include "unit.h"

struct class_pair {
	const char *name;
	int (*skiff)(int);
	int (*glibc)(int);
};

/* glibc's ctype functions may be macros; these wrappers take their address. */
#define GLIBC_WRAP(f) static int glibc_##f(int c) { return f(c); }
GLIBC_WRAP(isdigit)
GLIBC_WRAP(isxdigit)
GLIBC_WRAP(isalpha)
GLIBC_WRAP(isalnum)
GLIBC_WRAP(isspace)
GLIBC_WRAP(isupper)
GLIBC_WRAP(islower)
GLIBC_WRAP(isprint)
GLIBC_WRAP(ispunct)
GLIBC_WRAP(iscntrl)
GLIBC_WRAP(isgraph)

static const struct class_pair classes[] = {
	{ "isdigit", skiff_isdigit, glibc_isdigit },
	{ "isxdigit", skiff_isxdigit, glibc_isxdigit },
	{ "isalpha", skiff_isalpha, glibc_isalpha },
	{ "isalnum", skiff_isalnum, glibc_isalnum },
	{ "isspace", skiff_isspace, glibc_isspace },
	{ "isupper", skiff_isupper, glibc_isupper },
	{ "islower", skiff_islower, glibc_islower },
	{ "isprint", skiff_isprint, glibc_isprint },
	{ "ispunct", skiff_ispunct, glibc_ispunct },
	{ "iscntrl", skiff_iscntrl, glibc_iscntrl },
	{ "isgraph", skiff_isgraph, glibc_isgraph },
};

#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

/* The program never calls setlocale, so glibc is in the "C" locale. */
UNIT_TEST(classes_match_glibc_for_eof_and_every_byte)
{
	size_t i;
	int c;

	for (i = 0; i < NCLASSES; i++)
		for (c = EOF; c <= UCHAR_MAX; c++)
			EXPECT_MSG(!classes[i].skiff(c) == !classes[i].glibc(c),
				   "%s(%d): skiff %d, glibc %d",
				   classes[i].name, c, classes[i].skiff(c),
				   classes[i].glibc(c));
}

UNIT_TEST(case_mapping_matches_glibc)
{
	int c;

	for (c = EOF; c <= UCHAR_MAX; c++) {
		EXPECT_EQ_INT(skiff_toupper(c), toupper(c));
		EXPECT_EQ_INT(skiff_tolower(c), tolower(c));
	}
}

UNIT_TEST(golden_classes)
{
	EXPECT(skiff_isspace(' ') && skiff_isspace('\t') &&
	       skiff_isspace('\n') && skiff_isspace('\v') &&
	       skiff_isspace('\f') && skiff_isspace('\r'));
	EXPECT(!skiff_isspace('\0') && !skiff_isspace('\b'));
	EXPECT(skiff_isxdigit('f') && skiff_isxdigit('F') &&
	       !skiff_isxdigit('g') && !skiff_isxdigit('G'));
	EXPECT(skiff_ispunct('!') && skiff_ispunct('~') &&
	       !skiff_ispunct(' ') && !skiff_ispunct('a'));
	EXPECT(skiff_iscntrl(0x7f) && !skiff_isprint(0x7f));
	EXPECT(skiff_isprint(' ') && !skiff_isgraph(' '));
	EXPECT_EQ_INT(skiff_toupper('a'), 'A');
	EXPECT_EQ_INT(skiff_tolower('Z'), 'z');
	EXPECT_EQ_INT(skiff_toupper('{'), '{');
	EXPECT_EQ_INT(skiff_toupper(EOF), EOF);
}

/*
 * Outside unsigned char and EOF the C standard gives no meaning, so glibc
 * is no reference; Skiff promises no class and an unchanged value, which
 * matters when a plain char with the top bit set slips through.
 */
UNIT_TEST(out_of_range_values_are_in_no_class)
{
	static const int odd[] = { INT_MIN, -129, -128, -2, 256, 'a' + 256,
				   INT_MAX };
	size_t i, j;

	for (j = 0; j < sizeof(odd) / sizeof(odd[0]); j++) {
		for (i = 0; i < NCLASSES; i++)
			EXPECT_MSG(!classes[i].skiff(odd[j]), "%s(%d) is %d",
				   classes[i].name, odd[j],
				   classes[i].skiff(odd[j]));
		EXPECT_EQ_INT(skiff_toupper(odd[j]), odd[j]);
		EXPECT_EQ_INT(skiff_tolower(odd[j]), odd[j]);
	}
}
