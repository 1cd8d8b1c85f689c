/* string.h - memory and string functions (C11 7.24, BSD and POSIX extras). */
#ifndef SKIFF_STRING_H
#define SKIFF_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/*
 * -ffreestanding keeps gcc from treating memcpy and memset as builtins, so
 * a fixed 8-byte copy (an unaligned load) would be a call. Naming the
 * builtins lets gcc inline the copies whose size it knows and call the
 * functions above for the rest. (Host tests build the functions themselves.)
 */
#ifndef LIBC_HOST_TEST
#define memcpy(dst, src, n)	__builtin_memcpy((dst), (src), (n))
#define memset(s, c, n)		__builtin_memset((s), (c), (n))
#endif
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);

char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);

char *strcpy(char *restrict dst, const char *restrict src);
char *strncpy(char *restrict dst, const char *restrict src, size_t n);
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);
size_t strlcat(char *restrict dst, const char *restrict src, size_t size);
char *strcat(char *restrict dst, const char *restrict src);
char *strncat(char *restrict dst, const char *restrict src, size_t n);

char *strtok_r(char *restrict s, const char *restrict delim,
	       char **restrict saveptr);
char *strsep(char **restrict sp, const char *restrict delim);

const char *strerror(int errnum);

#endif /* SKIFF_STRING_H */
