/* ctype.c - ASCII character classification for the "C" locale (C11 7.4). */
#include <ctype.h>

/*
 * Range tests instead of a table: no array to index with a stray negative
 * char, and every value outside 0..127 (EOF included) is in no class.
 */

int isdigit(int c)
{
	return c >= '0' && c <= '9';
}

int isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

int islower(int c)
{
	return c >= 'a' && c <= 'z';
}

int isalpha(int c)
{
	return isupper(c) || islower(c);
}

int isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

/* C11 7.4.1.10: space, \t, \n, \v, \f, \r, which are 9..13 in ASCII. */
int isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int iscntrl(int c)
{
	return (c >= 0 && c < ' ') || c == 0x7f;
}

int isprint(int c)
{
	return c >= ' ' && c < 0x7f;
}

int isgraph(int c)
{
	return c > ' ' && c < 0x7f;
}

int ispunct(int c)
{
	return isgraph(c) && !isalnum(c);
}

int toupper(int c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}

int tolower(int c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}
