/* stdio.h - bounded formatted output and sscanf; no streams, no sprintf (C11 7.21.6). */
#ifndef SKIFF_STDIO_H
#define SKIFF_STDIO_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Conversions: d i u x X o c s p %, flags - + space 0 #, width and
 * precision (also *), length hh h l ll z t j; %s of NULL and %p follow
 * glibc. No floating point. %n consumes its argument and stores nothing;
 * an unknown directive, or one cut off by the end of the format, is
 * copied to the output as it stands. A width, precision or result over
 * INT_MAX is an error: -1 with errno = EOVERFLOW.
 */

/*
 * The core: formats fmt and hands the output to emit in pieces, with no
 * size limit. Returns the number of bytes emitted, or -1.
 */
int vcbprintf(void (*emit)(void *ctx, const char *s, size_t n), void *ctx,
	      const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * C99 semantics: writes at most size - 1 bytes plus a NUL when size > 0,
 * and returns the length the whole output would have had.
 */
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
	__attribute__((format(printf, 3, 0)));
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Linux kernel semantics: as vsnprintf, but returns the number of bytes
 * actually stored in buf, not counting the NUL (0 when size is 0).
 */
int vscnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	       va_list ap)
	__attribute__((format(printf, 3, 0)));
int scnprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
	__attribute__((format(printf, 3, 4)));

#ifndef __KERNEL__
/*
 * Services (user mode): output to descriptors, unbuffered. Each call
 * formats into a small buffer and writes it with as few write(2)s as it
 * can, so a line printed by one call reaches the console in one piece.
 * A FILE is only a descriptor here; there are no input streams.
 */
#define EOF	(-1)

typedef struct __skiff_file FILE;
extern FILE *stdin, *stdout, *stderr;

int vdprintf(int fd, const char *restrict fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
int dprintf(int fd, const char *restrict fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
int fprintf(FILE *restrict f, const char *restrict fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vprintf(const char *restrict fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
int printf(const char *restrict fmt, ...)
	__attribute__((format(printf, 1, 2)));
int fputs(const char *restrict s, FILE *restrict f);
int puts(const char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fflush(FILE *f);
int fileno(FILE *f);
void perror(const char *s);

/* Input conversions of a string (libc/user/sscanf.c: no floating point). */
int vsscanf(const char *restrict str, const char *restrict fmt, va_list ap)
	__attribute__((format(scanf, 2, 0)));
int sscanf(const char *restrict str, const char *restrict fmt, ...)
	__attribute__((format(scanf, 2, 3)));
#endif

#endif /* SKIFF_STDIO_H */
