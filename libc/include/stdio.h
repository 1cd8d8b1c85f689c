/* stdio.h - bounded formatted output; no streams, no sprintf (C11 7.21.6). */
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

#endif /* SKIFF_STDIO_H */
