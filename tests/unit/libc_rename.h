/* libc_rename.h - skiff_ names for libc, so host tests link it with glibc. */
#ifndef SKIFF_LIBC_RENAME_H
#define SKIFF_LIBC_RENAME_H

/*
 * Force-included (-include) in two kinds of host compile:
 *
 * - the libc sources, with -DLIBC_HOST_TEST -nostdinc -Ilibc/include:
 *   the #defines below turn every public libc name into skiff_<name>,
 *   in libc's own headers too, so the objects define skiff_memcpy and
 *   never clash with glibc's memcpy;
 * - the libc test files, with glibc's headers: no renaming, so memcpy is
 *   glibc's and skiff_memcpy is Skiff's, and a test compares the two.
 *
 * Both see the skiff_ prototypes below. In the libc compile the libc
 * headers then redeclare the same functions through the renames, so gcc
 * rejects any prototype here that drifted from libc/include.
 */

#ifndef __ASSEMBLY__
#include <stdarg.h>
#include <stddef.h>
#endif

#ifdef LIBC_HOST_TEST
/* string.h */
#define memcpy		skiff_memcpy
#define memmove		skiff_memmove
#define memset		skiff_memset
#define memcmp		skiff_memcmp
#define memchr		skiff_memchr
#define strlen		skiff_strlen
#define strnlen		skiff_strnlen
#define strcmp		skiff_strcmp
#define strncmp		skiff_strncmp
#define strcasecmp	skiff_strcasecmp
#define strncasecmp	skiff_strncasecmp
#define strchr		skiff_strchr
#define strrchr		skiff_strrchr
#define strstr		skiff_strstr
#define strspn		skiff_strspn
#define strcspn		skiff_strcspn
#define strpbrk		skiff_strpbrk
#define strcpy		skiff_strcpy
#define strncpy		skiff_strncpy
#define strlcpy		skiff_strlcpy
#define strlcat		skiff_strlcat
#define strcat		skiff_strcat
#define strncat		skiff_strncat
#define strtok_r	skiff_strtok_r
#define strsep		skiff_strsep
#define strerror	skiff_strerror
/* ctype.h */
#define isdigit		skiff_isdigit
#define isxdigit	skiff_isxdigit
#define isalpha		skiff_isalpha
#define isalnum		skiff_isalnum
#define isspace		skiff_isspace
#define isupper		skiff_isupper
#define islower		skiff_islower
#define isprint		skiff_isprint
#define ispunct		skiff_ispunct
#define iscntrl		skiff_iscntrl
#define isgraph		skiff_isgraph
#define toupper		skiff_toupper
#define tolower		skiff_tolower
/* stdlib.h */
#define strtol		skiff_strtol
#define strtoul		skiff_strtoul
#define strtoll		skiff_strtoll
#define strtoull	skiff_strtoull
#define atoi		skiff_atoi
#define atol		skiff_atol
#define abs		skiff_abs
#define labs		skiff_labs
#define llabs		skiff_llabs
#define qsort		skiff_qsort
#define bsearch		skiff_bsearch
/* errno.h: glibc has its own __errno_location, which ASan itself uses. */
#define __errno_location skiff___errno_location
/* stdio.h */
#define vcbprintf	skiff_vcbprintf
#define vsnprintf	skiff_vsnprintf
#define snprintf	skiff_snprintf
#define vscnprintf	skiff_vscnprintf
#define scnprintf	skiff_scnprintf
#define vsscanf		skiff_vsscanf
#define sscanf		skiff_sscanf
/* libc/user: arpa/inet.h, time.h, stdlib.h (the heap) */
#define inet_pton	skiff_inet_pton
#define inet_ntop	skiff_inet_ntop
#define inet_aton	skiff_inet_aton
#define inet_addr	skiff_inet_addr
#define inet_ntoa	skiff_inet_ntoa
#define gmtime_r	skiff_gmtime_r
#define strftime	skiff_strftime
#define malloc		skiff_malloc
#define calloc		skiff_calloc
#define realloc		skiff_realloc
#define free		skiff_free
#endif /* LIBC_HOST_TEST */

/* Assembly sources (arch/x86/lib/memcpy_64.S) take the renames only. */
#ifndef __ASSEMBLY__

/* string.h */
void *skiff_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *skiff_memmove(void *dst, const void *src, size_t n);
void *skiff_memset(void *s, int c, size_t n);
int skiff_memcmp(const void *a, const void *b, size_t n);
void *skiff_memchr(const void *s, int c, size_t n);
size_t skiff_strlen(const char *s);
size_t skiff_strnlen(const char *s, size_t maxlen);
int skiff_strcmp(const char *a, const char *b);
int skiff_strncmp(const char *a, const char *b, size_t n);
int skiff_strcasecmp(const char *a, const char *b);
int skiff_strncasecmp(const char *a, const char *b, size_t n);
char *skiff_strchr(const char *s, int c);
char *skiff_strrchr(const char *s, int c);
char *skiff_strstr(const char *haystack, const char *needle);
size_t skiff_strspn(const char *s, const char *accept);
size_t skiff_strcspn(const char *s, const char *reject);
char *skiff_strpbrk(const char *s, const char *accept);
char *skiff_strcpy(char *restrict dst, const char *restrict src);
char *skiff_strncpy(char *restrict dst, const char *restrict src, size_t n);
size_t skiff_strlcpy(char *restrict dst, const char *restrict src,
		     size_t size);
size_t skiff_strlcat(char *restrict dst, const char *restrict src,
		     size_t size);
char *skiff_strcat(char *restrict dst, const char *restrict src);
char *skiff_strncat(char *restrict dst, const char *restrict src, size_t n);
char *skiff_strtok_r(char *restrict s, const char *restrict delim,
		     char **restrict saveptr);
char *skiff_strsep(char **restrict sp, const char *restrict delim);
const char *skiff_strerror(int errnum);

/* ctype.h */
int skiff_isdigit(int c);
int skiff_isxdigit(int c);
int skiff_isalpha(int c);
int skiff_isalnum(int c);
int skiff_isspace(int c);
int skiff_isupper(int c);
int skiff_islower(int c);
int skiff_isprint(int c);
int skiff_ispunct(int c);
int skiff_iscntrl(int c);
int skiff_isgraph(int c);
int skiff_toupper(int c);
int skiff_tolower(int c);

/* stdlib.h */
long skiff_strtol(const char *restrict nptr, char **restrict endptr,
		  int base);
unsigned long skiff_strtoul(const char *restrict nptr,
			    char **restrict endptr, int base);
long long skiff_strtoll(const char *restrict nptr, char **restrict endptr,
			int base);
unsigned long long skiff_strtoull(const char *restrict nptr,
				  char **restrict endptr, int base);
int skiff_atoi(const char *nptr);
long skiff_atol(const char *nptr);
int skiff_abs(int j);
long skiff_labs(long j);
long long skiff_llabs(long long j);
void skiff_qsort(void *base, size_t nmemb, size_t size,
		 int (*compar)(const void *, const void *));
void *skiff_bsearch(const void *key, const void *base, size_t nmemb,
		    size_t size, int (*compar)(const void *, const void *));

/* errno.h: Skiff's errno, apart from glibc's. */
int *skiff___errno_location(void);
#define skiff_errno (*skiff___errno_location())

/* stdio.h */
int skiff_vcbprintf(void (*emit)(void *ctx, const char *s, size_t n),
		    void *ctx, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int skiff_vsnprintf(char *restrict buf, size_t size,
		    const char *restrict fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int skiff_snprintf(char *restrict buf, size_t size,
		   const char *restrict fmt, ...)
	__attribute__((format(printf, 3, 4)));
int skiff_vscnprintf(char *restrict buf, size_t size,
		     const char *restrict fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int skiff_scnprintf(char *restrict buf, size_t size,
		    const char *restrict fmt, ...)
	__attribute__((format(printf, 3, 4)));
int skiff_vsscanf(const char *restrict str, const char *restrict fmt, va_list ap)
	__attribute__((format(scanf, 2, 0)));
int skiff_sscanf(const char *restrict str, const char *restrict fmt, ...)
	__attribute__((format(scanf, 2, 3)));

/*
 * libc/user, the pure parts. The structures are declared only: each side
 * sees its own definition (glibc's struct tm has the same first nine
 * fields as Skiff's, which is all strftime and gmtime_r touch).
 */
struct in_addr;
struct tm;

/* arpa/inet.h */
int skiff_inet_pton(int af, const char *src, void *dst);
const char *skiff_inet_ntop(int af, const void *src, char *dst,
			    unsigned int size);
int skiff_inet_aton(const char *cp, struct in_addr *inp);
unsigned int skiff_inet_addr(const char *cp);
char *skiff_inet_ntoa(struct in_addr in);

/* time.h */
struct tm *skiff_gmtime_r(const long *t, struct tm *tm);
size_t skiff_strftime(char *s, size_t max, const char *fmt,
		      const struct tm *tm);

/* stdlib.h: the heap, over a brk the malloc test fakes (libc/user/brk.h) */
void *skiff_malloc(size_t size);
void *skiff_calloc(size_t nmemb, size_t size);
void *skiff_realloc(void *ptr, size_t size);
void skiff_free(void *ptr);

#endif /* !__ASSEMBLY__ */

#endif /* SKIFF_LIBC_RENAME_H */
