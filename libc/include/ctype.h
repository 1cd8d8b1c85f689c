/* ctype.h - ASCII character classification (C11 7.4, "C" locale only). */
#ifndef SKIFF_CTYPE_H
#define SKIFF_CTYPE_H

/*
 * C11 7.4p1: the argument is an unsigned char value or EOF. Anything else
 * (a plain char with the top bit set, say) is classified as nothing and
 * returned unchanged by toupper/tolower instead of indexing out of bounds.
 */
int isdigit(int c);
int isxdigit(int c);
int isalpha(int c);
int isalnum(int c);
int isspace(int c);
int isupper(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int iscntrl(int c);
int isgraph(int c);
int toupper(int c);
int tolower(int c);

#endif /* SKIFF_CTYPE_H */
