/* Growing text buffers for /proc files and reports. */
#include <kernel/seq_buf.h>
#include <kernel/slab.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void seq_buf_init(struct seq_buf *s, size_t limit)
{
	s->buf = NULL;
	s->len = s->size = 0;
	s->limit = limit;
	s->pad_until = 0;
	s->overflow = false;
}

void seq_buf_free(struct seq_buf *s)
{
	kfree(s->buf);
	s->buf = NULL;
	s->len = s->size = 0;
}

/* Room for n more bytes (and a NUL); false when the limit or memory says no. */
static bool seq_reserve(struct seq_buf *s, size_t n)
{
	size_t want = s->len + n + 1, size = s->size ? s->size : 1024;
	char *nb;

	if (want <= s->size)
		return true;
	if (want > s->limit) {
		s->overflow = true;
		return false;
	}
	while (size < want)
		size *= 2;
	size = min(size, s->limit);
	nb = krealloc(s->buf, size);
	if (!nb) {
		s->overflow = true;
		return false;
	}
	s->buf = nb;
	s->size = size;
	return true;
}

void seq_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !seq_reserve(s, n))
		return;
	va_start(ap, fmt);
	vsnprintf(s->buf + s->len, n + 1, fmt, ap);
	va_end(ap);
	s->len += n;
}

void seq_puts(struct seq_buf *s, const char *str)
{
	size_t n = strlen(str);

	if (!seq_reserve(s, n))
		return;
	memcpy(s->buf + s->len, str, n + 1);
	s->len += n;
}

void seq_putc(struct seq_buf *s, char c)
{
	if (!seq_reserve(s, 1))
		return;
	s->buf[s->len++] = c;
	s->buf[s->len] = '\0';
}

void seq_setwidth(struct seq_buf *s, size_t width)
{
	s->pad_until = s->len + width;
}

void seq_pad(struct seq_buf *s, char c)
{
	while (s->len < s->pad_until && !s->overflow)
		seq_putc(s, ' ');
	seq_putc(s, c);
}

void seq_json_str(struct seq_buf *s, const char *str)
{
	seq_putc(s, '"');
	for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
		if (*p == '"' || *p == '\\')
			seq_printf(s, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			seq_printf(s, "\\u%04x", *p);
		else
			seq_putc(s, *p);
	}
	seq_putc(s, '"');
}
