/* stdlib.h - string to integer, abs, sorting and searching (C11 7.22). */
#ifndef SKIFF_STDLIB_H
#define SKIFF_STDLIB_H

#include <stddef.h>

long strtol(const char *restrict nptr, char **restrict endptr, int base);
unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
		      int base);
long long strtoll(const char *restrict nptr, char **restrict endptr,
		  int base);
unsigned long long strtoull(const char *restrict nptr,
			    char **restrict endptr, int base);
int atoi(const char *nptr);
long atol(const char *nptr);

int abs(int j);
long labs(long j);
long long llabs(long long j);

void qsort(void *base, size_t nmemb, size_t size,
	   int (*compar)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*compar)(const void *, const void *));

#ifndef __KERNEL__
/* Services (user mode): the heap on brk(2), process exit, environment. */
#define EXIT_SUCCESS	0
#define EXIT_FAILURE	1

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);

__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _Exit(int status);
__attribute__((noreturn)) void abort(void);
/* Services get no environment: always NULL. */
char *getenv(const char *name);
#endif

#endif /* SKIFF_STDLIB_H */
