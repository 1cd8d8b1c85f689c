/* vsnprintf.c - printf-style formatting (C11 7.21.6.1) on a callback core. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum {
	FL_LEFT		= 1 << 0,	/* '-' */
	FL_PLUS		= 1 << 1,	/* '+' */
	FL_SPACE	= 1 << 2,	/* ' ' */
	FL_ZERO		= 1 << 3,	/* '0' */
	FL_ALT		= 1 << 4,	/* '#' */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

/* One conversion specification, C11 7.21.6.1p4. */
struct spec {
	unsigned int flags;
	int width;		/* 0 when absent */
	int prec;		/* -1 when absent */
	enum length len;
};

/* Where the output goes, and how many bytes have gone there. */
struct out {
	void (*emit)(void *ctx, const char *s, size_t n);
	void *ctx;
	size_t count;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (n)
		o->emit(o->ctx, s, n);
	o->count += n;
}

/* Sixteen copies of a string literal: long runs of one character. */
#define RUN16(s)	s s s s s s s s s s s s s s s s

/* Emits n copies of c (' ' or '0') in pieces of up to 64 bytes. */
static void put_repeat(struct out *o, char c, size_t n)
{
	static const char zeros[] = RUN16("0000");
	static const char spaces[] = RUN16("    ");
	const char *run = c == '0' ? zeros : spaces;

	while (n) {
		size_t k = n < sizeof(zeros) - 1 ? n : sizeof(zeros) - 1;

		put(o, run, k);
		n -= k;
	}
}

/* Spaces before a right-justified field whose contents are len bytes. */
static void pad_left(struct out *o, const struct spec *sp, size_t len)
{
	if (!(sp->flags & FL_LEFT) && (size_t)sp->width > len)
		put_repeat(o, ' ', sp->width - len);
}

/* Spaces after a left-justified ('-') field whose contents are len bytes. */
static void pad_right(struct out *o, const struct spec *sp, size_t len)
{
	if ((sp->flags & FL_LEFT) && (size_t)sp->width > len)
		put_repeat(o, ' ', sp->width - len);
}

static void put_field(struct out *o, const struct spec *sp, const char *s,
		      size_t n)
{
	pad_left(o, sp, n);
	put(o, s, n);
	pad_right(o, sp, n);
}

/*
 * Emits [spaces][prefix][zeros][digits][spaces] for one integer; prefix is
 * the sign or the 0x of '#'. The rules are C11 7.21.6.1p6 and p8.
 */
static void put_number(struct out *o, const struct spec *sp, uintmax_t v,
		       unsigned int base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[sizeof(uintmax_t) * CHAR_BIT / 3 + 1];
	char *p = buf + sizeof(buf);
	size_t plen = strlen(prefix);
	size_t ndigits, nzeros, len;
	int prec = sp->prec < 0 ? 1 : sp->prec;

	/*
	 * Zero yields no digits here: the precision supplies its "0", and
	 * the empty result that p8 requires for a zero precision.
	 */
	for (; v; v /= base)
		*--p = digits[v % base];
	ndigits = buf + sizeof(buf) - p;
	nzeros = (size_t)prec > ndigits ? prec - ndigits : 0;
	/*
	 * '#' with o makes the first digit a 0. Digits of a nonzero value
	 * never start with 0, so a zero must be added unless one is there.
	 */
	if ((sp->flags & FL_ALT) && base == 8 && !nzeros)
		nzeros = 1;
	len = plen + nzeros + ndigits;
	/* '0': zeros after the prefix; '-' or a precision cancels it. */
	if ((sp->flags & (FL_ZERO | FL_LEFT)) == FL_ZERO && sp->prec < 0 &&
	    (size_t)sp->width > len) {
		nzeros += sp->width - len;
		len = sp->width;
	}
	pad_left(o, sp, len);
	put(o, prefix, plen);
	put_repeat(o, '0', nzeros);
	put(o, p, ndigits);
	pad_right(o, sp, len);
}

/*
 * Fetches a d/i argument of the type the length modifier names (p7). For
 * z the type is the signed one matching size_t, which is ptrdiff_t on
 * every ABI Skiff builds for.
 */
static intmax_t arg_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

/* As arg_signed, for o, u, x and X; t means ptrdiff_t's unsigned twin. */
static uintmax_t arg_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static void convert_signed(struct out *o, const struct spec *sp, intmax_t v)
{
	const char *sign = "";
	/* The magnitude in unsigned arithmetic, where -INTMAX_MIN fits. */
	uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;

	if (v < 0)
		sign = "-";
	else if (sp->flags & FL_PLUS)
		sign = "+";
	else if (sp->flags & FL_SPACE)
		sign = " ";
	put_number(o, sp, mag, 10, false, sign);
}

static void convert_unsigned(struct out *o, const struct spec *sp, char conv,
			     uintmax_t v)
{
	/* p6: '#' prefixes 0x or 0X to a nonzero hexadecimal result only. */
	bool alt = (sp->flags & FL_ALT) && v;

	switch (conv) {
	case 'o':
		put_number(o, sp, v, 8, false, "");
		break;
	case 'x':
		put_number(o, sp, v, 16, false, alt ? "0x" : "");
		break;
	case 'X':
		put_number(o, sp, v, 16, true, alt ? "0X" : "");
		break;
	default:
		put_number(o, sp, v, 10, false, "");
		break;
	}
}

/*
 * A precision bounds how much of the string is read (p8), so it need not
 * be terminated. NULL prints as glibc does: "(null)", or nothing when the
 * precision is too short to hold that.
 */
static void convert_string(struct out *o, const struct spec *sp,
			   const char *s)
{
	if (!s)
		s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
	put_field(o, sp, s, sp->prec < 0 ? strlen(s) : strnlen(s, sp->prec));
}

/*
 * %p is implementation-defined (p8); this is glibc's: %#lx with width,
 * precision, '-' and '0', and "(nil)" for NULL. '+' and space are ignored.
 */
static void convert_pointer(struct out *o, const struct spec *sp,
			    const void *ptr)
{
	if (!ptr)
		put_field(o, sp, "(nil)", 5);
	else
		put_number(o, sp, (uintptr_t)ptr, 16, false, "0x");
}

static unsigned int flag_bit(char c)
{
	switch (c) {
	case '-':
		return FL_LEFT;
	case '+':
		return FL_PLUS;
	case ' ':
		return FL_SPACE;
	case '0':
		return FL_ZERO;
	case '#':
		return FL_ALT;
	default:
		return 0;
	}
}

/* Reads a decimal width or precision; -1 if it does not fit an int. */
static int parse_decimal(const char **pp)
{
	const char *p = *pp;
	int v = 0;
	bool overflow = false;

	for (; *p >= '0' && *p <= '9'; p++) {
		int d = *p - '0';

		if (v > (INT_MAX - d) / 10)
			overflow = true;
		else
			v = v * 10 + d;
	}
	*pp = p;
	return overflow ? -1 : v;
}

static const char *parse_length(const char *p, enum length *len)
{
	switch (*p) {
	case 'h':
		*len = p[1] == 'h' ? LEN_HH : LEN_H;
		return p[1] == 'h' ? p + 2 : p + 1;
	case 'l':
		*len = p[1] == 'l' ? LEN_LL : LEN_L;
		return p[1] == 'l' ? p + 2 : p + 1;
	case 'z':
		*len = LEN_Z;
		return p + 1;
	case 't':
		*len = LEN_T;
		return p + 1;
	case 'j':
		*len = LEN_J;
		return p + 1;
	default:
		*len = LEN_NONE;
		return p;
	}
}

/*
 * Parses what follows a '%' up to the conversion character and returns
 * its position. A '*' width or precision comes from an int argument; a
 * negative width means '-' and a negative precision means none (p5).
 * Returns NULL if a width or precision does not fit an int.
 */
static const char *parse_spec(const char *p, struct spec *sp, va_list *ap)
{
	unsigned int bit;

	sp->flags = 0;
	while ((bit = flag_bit(*p))) {
		sp->flags |= bit;
		p++;
	}
	if (*p == '*') {
		sp->width = va_arg(*ap, int);
		p++;
		if (sp->width == INT_MIN)
			return NULL;
		if (sp->width < 0) {
			sp->flags |= FL_LEFT;
			sp->width = -sp->width;
		}
	} else if ((sp->width = parse_decimal(&p)) < 0) {
		return NULL;
	}
	sp->prec = -1;
	if (*p == '.') {
		p++;
		if (*p == '*') {
			sp->prec = va_arg(*ap, int);
			p++;
			if (sp->prec < 0)
				sp->prec = -1;
		} else if ((sp->prec = parse_decimal(&p)) < 0) {
			return NULL;
		}
	}
	return parse_length(p, &sp->len);
}

/*
 * Formats the directive starting at the '%' at pct and returns where the
 * literal text resumes, or NULL on a width or precision overflow.
 */
static const char *convert(struct out *o, const char *pct, va_list *ap)
{
	struct spec sp;
	const char *p = parse_spec(pct + 1, &sp, ap);
	char c;

	if (!p)
		return NULL;
	switch (*p) {
	case 'd':
	case 'i':
		convert_signed(o, &sp, arg_signed(ap, sp.len));
		break;
	case 'o':
	case 'u':
	case 'x':
	case 'X':
		convert_unsigned(o, &sp, *p, arg_unsigned(ap, sp.len));
		break;
	case 'c':
		c = (unsigned char)va_arg(*ap, int);
		put_field(o, &sp, &c, 1);
		break;
	case 's':
		convert_string(o, &sp, va_arg(*ap, const char *));
		break;
	case 'p':
		convert_pointer(o, &sp, va_arg(*ap, const void *));
		break;
	case 'n':
		/*
		 * Unsupported on purpose: a store through a format argument
		 * is a classic exploit primitive.
		 */
		(void)va_arg(*ap, void *);
		break;
	case '%':
		put(o, "%", 1);
		break;
	case '\0':
		/* The format ends inside the directive: show what there is. */
		put(o, pct, p - pct);
		return p;
	default:
		/* Unknown (no floating point here): copied as it stands. */
		put(o, pct, p + 1 - pct);
		break;
	}
	return p + 1;
}

int vcbprintf(void (*emit)(void *ctx, const char *s, size_t n), void *ctx,
	      const char *fmt, va_list ap)
{
	struct out o = { .emit = emit, .ctx = ctx, .count = 0 };
	va_list args;

	/*
	 * Helpers take the va_list by address (C11 7.16p3); where va_list is
	 * an array type, as on x86-64, only a local copy has that address.
	 */
	va_copy(args, ap);
	/* Literal text up to each '%', then the directive; NULL on error. */
	while (fmt) {
		size_t n = strcspn(fmt, "%");

		put(&o, fmt, n);
		fmt += n;
		if (!*fmt)
			break;
		fmt = convert(&o, fmt, &args);
	}
	va_end(args);
	/* p14 and POSIX: a result an int cannot count is EOVERFLOW. */
	if (!fmt || o.count > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return o.count;
}

/* A bounded buffer: keeps the first size - 1 bytes and drops the rest. */
struct bounded {
	char *buf;
	size_t size;
	size_t len;
};

static void bounded_emit(void *ctx, const char *s, size_t n)
{
	struct bounded *b = ctx;
	size_t room;

	if (!b->size)
		return;
	room = b->size - 1 - b->len;
	if (n > room)
		n = room;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

/* Formats into buf, terminated when size > 0; *kept gets the bytes stored. */
static int format_bounded(char *buf, size_t size, const char *fmt,
			  va_list ap, size_t *kept)
{
	struct bounded b = { .buf = buf, .size = size, .len = 0 };
	int ret = vcbprintf(bounded_emit, &b, fmt, ap);

	if (size)
		buf[b.len] = '\0';
	*kept = b.len;
	return ret;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
{
	size_t kept;

	return format_bounded(buf, size, fmt, ap, &kept);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

int vscnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	       va_list ap)
{
	size_t kept;

	format_bounded(buf, size, fmt, ap, &kept);
	return kept;
}

int scnprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}
