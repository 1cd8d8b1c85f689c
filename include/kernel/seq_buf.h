/*
 * A growing text buffer for generated files and reports (Linux's seq_file
 * idea, simplified: the whole text is produced at once). Output past the
 * size limit is dropped and 'overflow' set, never written out of bounds.
 */
#ifndef _KERNEL_SEQ_BUF_H
#define _KERNEL_SEQ_BUF_H

#include <kernel/types.h>

struct seq_buf {
	char *buf;
	size_t len, size, limit;
	size_t pad_until;	/* seq_pad fills the line up to here */
	bool overflow;
};

void seq_buf_init(struct seq_buf *s, size_t limit);
void seq_buf_free(struct seq_buf *s);
__printf(2, 3) void seq_printf(struct seq_buf *s, const char *fmt, ...);
void seq_puts(struct seq_buf *s, const char *str);
void seq_putc(struct seq_buf *s, char c);
/*
 * Fixed-width records, as Linux's seq_setwidth/seq_pad: a line started
 * after seq_setwidth(s, w) is padded with spaces to w characters by
 * seq_pad(s, '\n'), which then ends it (/proc/net/tcp, udp, route).
 */
void seq_setwidth(struct seq_buf *s, size_t width);
void seq_pad(struct seq_buf *s, char c);
/* A JSON string literal, quoted and escaped (RFC 8259 section 7). */
void seq_json_str(struct seq_buf *s, const char *str);

#endif
