/* stdio.c - printf and friends for services: formatted output to a descriptor. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct __skiff_file {
	int fd;
};

static FILE std_files[3] = { { 0 }, { 1 }, { 2 } };
FILE *stdin = &std_files[0];
FILE *stdout = &std_files[1];
FILE *stderr = &std_files[2];

/* Bytes gathered before a write(2); a longer output takes several writes. */
#define OUT_BUF_SIZE	512

struct out {
	int fd;
	size_t used;
	int error;		/* errno of the first failed write, or 0 */
	char buf[OUT_BUF_SIZE];
};

/* Writes everything in buf, retrying short writes. */
static void out_flush(struct out *o)
{
	size_t done = 0;

	while (done < o->used && !o->error) {
		ssize_t n = write(o->fd, o->buf + done, o->used - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			o->error = n < 0 ? errno : EIO;
		else
			done += n;
	}
	o->used = 0;
}

static void out_emit(void *ctx, const char *s, size_t n)
{
	struct out *o = ctx;

	while (n > 0) {
		size_t room = sizeof(o->buf) - o->used;
		size_t k = n < room ? n : room;

		memcpy(o->buf + o->used, s, k);
		o->used += k;
		s += k;
		n -= k;
		if (o->used == sizeof(o->buf))
			out_flush(o);
	}
}

int vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	struct out o = { .fd = fd };
	int n = vcbprintf(out_emit, &o, fmt, ap);

	out_flush(&o);
	if (o.error) {
		errno = o.error;
		return -1;
	}
	return n;
}

int dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	return vdprintf(f->fd, fmt, ap);
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(f->fd, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vdprintf(STDOUT_FILENO, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(STDOUT_FILENO, fmt, ap);
	va_end(ap);
	return n;
}

/* C11 7.21.7.4: a non-negative value on success, EOF on error. */
int fputs(const char *restrict s, FILE *restrict f)
{
	return fprintf(f, "%s", s) < 0 ? EOF : 0;
}

int puts(const char *s)
{
	return printf("%s\n", s) < 0 ? EOF : 0;
}

int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	return write(f->fd, &ch, 1) == 1 ? ch : EOF;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

/* Nothing is ever buffered between calls. */
int fflush(FILE *f)
{
	return 0;
}

int fileno(FILE *f)
{
	return f->fd;
}

void perror(const char *s)
{
	int err = errno;

	if (s && *s)
		dprintf(STDERR_FILENO, "%s: %s\n", s, strerror(err));
	else
		dprintf(STDERR_FILENO, "%s\n", strerror(err));
}
