/*
 * json.c - the JSON reader and writer of json.h: a recursive-descent
 * checker of the RFC 8259 grammar that records tokens, typed accessors over
 * them, and an appending writer. Every read is checked against the text's
 * length; recursion is bounded by JSON_MAX_DEPTH.
 */
#include <stdio.h>
#include <string.h>
#include <skiff/hex.h>

#include "json.h"

struct parser {
	const char *s;
	size_t len;
	size_t pos;
	struct json_tok *toks;
	size_t cap;
	size_t n;
	int depth;
};

static enum json_err parse_value(struct parser *p);

/* RFC 8259 2: insignificant whitespace is space, tab, LF and CR only. */
static void skip_ws(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return;
		p->pos++;
	}
}

/* A new token of type starting at start; -1 when the array is full. */
static int new_tok(struct parser *p, enum json_type type, size_t start)
{
	struct json_tok *t;

	if (p->n >= p->cap)
		return -1;
	t = &p->toks[p->n];
	t->type = type;
	t->start = start;
	t->end = start;
	t->size = 0;
	t->next = p->n + 1;
	return p->n++;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* true, false, null (RFC 8259 3); a cut-off prefix is truncation. */
static enum json_err parse_literal(struct parser *p, const char *lit,
				   enum json_type type)
{
	size_t n = strlen(lit), avail = p->len - p->pos;
	int t;

	if (avail < n)
		return memcmp(p->s + p->pos, lit, avail) ? JSON_ERR_SYNTAX :
							   JSON_ERR_TRUNCATED;
	if (memcmp(p->s + p->pos, lit, n))
		return JSON_ERR_SYNTAX;
	t = new_tok(p, type, p->pos);
	if (t < 0)
		return JSON_ERR_TOKENS;
	p->pos += n;
	p->toks[t].end = p->pos;
	return JSON_OK;
}

/* RFC 8259 6: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static enum json_err parse_number(struct parser *p)
{
	size_t start = p->pos;
	int t;

	if (p->s[p->pos] == '-')
		p->pos++;
	if (p->pos >= p->len)
		return JSON_ERR_TRUNCATED;
	if (p->s[p->pos] == '0') {
		p->pos++;
	} else if (is_digit(p->s[p->pos])) {
		while (p->pos < p->len && is_digit(p->s[p->pos]))
			p->pos++;
	} else {
		return JSON_ERR_SYNTAX;
	}
	if (p->pos < p->len && p->s[p->pos] == '.') {
		p->pos++;
		if (p->pos >= p->len)
			return JSON_ERR_TRUNCATED;
		if (!is_digit(p->s[p->pos]))
			return JSON_ERR_SYNTAX;
		while (p->pos < p->len && is_digit(p->s[p->pos]))
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->len)
			return JSON_ERR_TRUNCATED;
		if (!is_digit(p->s[p->pos]))
			return JSON_ERR_SYNTAX;
		while (p->pos < p->len && is_digit(p->s[p->pos]))
			p->pos++;
	}
	t = new_tok(p, JSON_NUMBER, start);
	if (t < 0)
		return JSON_ERR_TOKENS;
	p->toks[t].end = p->pos;
	return JSON_OK;
}

/*
 * RFC 8259 7: characters below U+0020 must be escaped, and an escape is
 * one of \" \\ \/ \b \f \n \r \t \uXXXX. The token spans the inside.
 */
static enum json_err parse_string(struct parser *p)
{
	int t = new_tok(p, JSON_STRING, p->pos + 1);

	if (t < 0)
		return JSON_ERR_TOKENS;
	p->pos++;
	while (p->pos < p->len) {
		unsigned char c = p->s[p->pos];

		if (c == '"') {
			p->toks[t].end = p->pos++;
			return JSON_OK;
		}
		if (c < 0x20)
			return JSON_ERR_SYNTAX;
		p->pos++;
		if (c != '\\')
			continue;
		if (p->pos >= p->len)
			return JSON_ERR_TRUNCATED;
		c = p->s[p->pos++];
		if (c == 'u') {
			for (int i = 0; i < 4; i++, p->pos++) {
				if (p->pos >= p->len)
					return JSON_ERR_TRUNCATED;
				if (hex_to_bin((unsigned char)p->s[p->pos]) < 0)
					return JSON_ERR_SYNTAX;
			}
		} else if (!strchr("\"\\/bfnrt", c) || c == '\0') {
			return JSON_ERR_SYNTAX;
		}
	}
	return JSON_ERR_TRUNCATED;
}

/* One member of an object: "key" : value. */
static enum json_err parse_member(struct parser *p)
{
	enum json_err err;

	skip_ws(p);
	if (p->pos >= p->len)
		return JSON_ERR_TRUNCATED;
	if (p->s[p->pos] != '"')
		return JSON_ERR_SYNTAX;
	err = parse_string(p);
	if (err)
		return err;
	skip_ws(p);
	if (p->pos >= p->len)
		return JSON_ERR_TRUNCATED;
	if (p->s[p->pos] != ':')
		return JSON_ERR_SYNTAX;
	p->pos++;
	return parse_value(p);
}

/* RFC 8259 4 and 5: { members } and [ values ], comma-separated. */
static enum json_err parse_container(struct parser *p, enum json_type type)
{
	char close = type == JSON_OBJECT ? '}' : ']';
	enum json_err err;
	int t;

	if (p->depth >= JSON_MAX_DEPTH)
		return JSON_ERR_DEPTH;
	t = new_tok(p, type, p->pos);
	if (t < 0)
		return JSON_ERR_TOKENS;
	p->pos++;
	p->depth++;
	skip_ws(p);
	if (p->pos >= p->len)
		return JSON_ERR_TRUNCATED;
	if (p->s[p->pos] == close) {
		p->pos++;
		goto done;
	}
	for (;;) {
		err = type == JSON_OBJECT ? parse_member(p) : parse_value(p);
		if (err)
			return err;
		p->toks[t].size++;
		skip_ws(p);
		if (p->pos >= p->len)
			return JSON_ERR_TRUNCATED;
		if (p->s[p->pos] == close) {
			p->pos++;
			break;
		}
		if (p->s[p->pos] != ',')
			return JSON_ERR_SYNTAX;
		p->pos++;
	}
done:
	p->depth--;
	p->toks[t].end = p->pos;
	p->toks[t].next = p->n;
	return JSON_OK;
}

static enum json_err parse_value(struct parser *p)
{
	char c;

	skip_ws(p);
	if (p->pos >= p->len)
		return JSON_ERR_TRUNCATED;
	c = p->s[p->pos];
	switch (c) {
	case '{':
		return parse_container(p, JSON_OBJECT);
	case '[':
		return parse_container(p, JSON_ARRAY);
	case '"':
		return parse_string(p);
	case 't':
		return parse_literal(p, "true", JSON_TRUE);
	case 'f':
		return parse_literal(p, "false", JSON_FALSE);
	case 'n':
		return parse_literal(p, "null", JSON_NULL);
	default:
		if (c == '-' || is_digit(c))
			return parse_number(p);
		return JSON_ERR_SYNTAX;
	}
}

enum json_err json_parse(struct json_doc *doc, const char *text, size_t len,
			 struct json_tok *toks, size_t cap)
{
	struct parser p = {
		.s = text, .len = len, .toks = toks, .cap = cap,
	};
	enum json_err err;

	doc->text = text;
	doc->len = len;
	doc->toks = toks;
	doc->ntoks = 0;
	if (len > UINT32_MAX)
		return JSON_ERR_TOO_LONG;
	err = parse_value(&p);
	if (err)
		return err;
	skip_ws(&p);
	if (p.pos != len)
		return JSON_ERR_SYNTAX;		/* RFC 8259 2: one value */
	doc->ntoks = p.n;
	return JSON_OK;
}

const char *json_strerror(enum json_err err)
{
	switch (err) {
	case JSON_OK:
		return "ok";
	case JSON_ERR_SYNTAX:
		return "not valid JSON";
	case JSON_ERR_TRUNCATED:
		return "JSON cut short";
	case JSON_ERR_DEPTH:
		return "JSON nested too deep";
	case JSON_ERR_TOKENS:
		return "too many JSON values";
	case JSON_ERR_TOO_LONG:
		return "JSON text too long";
	}
	return "unknown JSON error";
}

static const struct json_tok *tok_at(const struct json_doc *doc, int tok)
{
	if (tok < 0 || (size_t)tok >= doc->ntoks)
		return NULL;
	return &doc->toks[tok];
}

int json_type_of(const struct json_doc *doc, int tok)
{
	const struct json_tok *t = tok_at(doc, tok);

	return t ? t->type : -1;
}

/*
 * Keys are compared as written: a key spelled with escapes ("\u0074ime")
 * does not match. The first of duplicate keys wins, as in cJSON.
 */
int json_obj_get(const struct json_doc *doc, int tok, const char *key)
{
	const struct json_tok *t = tok_at(doc, tok);
	size_t klen = strlen(key);
	size_t i;

	if (!t || t->type != JSON_OBJECT)
		return -1;
	i = tok + 1;
	for (uint32_t m = 0; m < t->size; m++) {
		const struct json_tok *k = &doc->toks[i];

		if (k->end - k->start == klen &&
		    !memcmp(doc->text + k->start, key, klen))
			return i + 1;
		i = doc->toks[i + 1].next;
	}
	return -1;
}

int json_arr_get(const struct json_doc *doc, int tok, size_t idx)
{
	const struct json_tok *t = tok_at(doc, tok);
	size_t i;

	if (!t || t->type != JSON_ARRAY || idx >= t->size)
		return -1;
	i = tok + 1;
	while (idx--)
		i = doc->toks[i].next;
	return i;
}

bool json_get_bool(const struct json_doc *doc, int tok, bool *out)
{
	const struct json_tok *t = tok_at(doc, tok);

	if (!t || (t->type != JSON_TRUE && t->type != JSON_FALSE))
		return false;
	*out = t->type == JSON_TRUE;
	return true;
}

/*
 * An integer token's sign and magnitude; false if the number has a
 * fraction or exponent, or its magnitude does not fit 64 bits.
 */
static bool number_integer(const struct json_doc *doc, int tok, bool *neg,
			   uint64_t *mag)
{
	const struct json_tok *t = tok_at(doc, tok);
	const char *s;
	uint64_t v = 0;
	size_t i;

	if (!t || t->type != JSON_NUMBER)
		return false;
	s = doc->text;
	i = t->start;
	*neg = s[i] == '-';
	if (*neg)
		i++;
	for (; i < t->end; i++) {
		unsigned int d;

		if (!is_digit(s[i]))
			return false;		/* '.', 'e' or 'E' */
		d = s[i] - '0';
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*mag = v;
	return true;
}

bool json_get_i64(const struct json_doc *doc, int tok, int64_t *out)
{
	uint64_t mag;
	bool neg;

	if (!number_integer(doc, tok, &neg, &mag))
		return false;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return false;
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	} else {
		if (mag > INT64_MAX)
			return false;
		*out = mag;
	}
	return true;
}

bool json_get_u64(const struct json_doc *doc, int tok, uint64_t *out)
{
	uint64_t mag;
	bool neg;

	if (!number_integer(doc, tok, &neg, &mag) || (neg && mag))
		return false;
	*out = mag;
	return true;
}

/* v * 10^e, by binary powers of ten so that few roundings pile up. */
static double scale10(double v, int e)
{
	static const double pow10[] = {
		1e1, 1e2, 1e4, 1e8, 1e16, 1e32, 1e64, 1e128,
	};
	bool down = e < 0;
	unsigned int u = down ? -(unsigned int)e : (unsigned int)e;
	double f = 1.0;

	while (u >= 256 && v != 0.0) {
		v = down ? v / 1e256 : v * 1e256;
		u -= 256;
	}
	for (int i = 0; i < 8; i++)
		if (u & (1u << i))
			f *= pow10[i];
	return down ? v / f : v * f;
}

/*
 * Up to 19 significant digits go into an integer mantissa, exact; the rest
 * only move the decimal exponent. Accurate to a few units in the last
 * place, which is all the protocol's figures (rates, jitter) need.
 */
bool json_get_double(const struct json_doc *doc, int tok, double *out)
{
	const struct json_tok *t = tok_at(doc, tok);
	const char *s;
	uint64_t mant = 0;
	int digits = 0, exp10 = 0, e = 0;
	bool neg, eneg = false;
	size_t i;
	double v;

	if (!t || t->type != JSON_NUMBER)
		return false;
	s = doc->text;
	i = t->start;
	neg = s[i] == '-';
	if (neg)
		i++;
	for (; i < t->end && is_digit(s[i]); i++) {
		if (digits < 19) {
			mant = mant * 10 + (s[i] - '0');
			if (mant)
				digits++;
		} else {
			exp10++;
		}
	}
	if (i < t->end && s[i] == '.')
		for (i++; i < t->end && is_digit(s[i]); i++) {
			if (digits < 19) {
				mant = mant * 10 + (s[i] - '0');
				if (mant)
					digits++;
				exp10--;
			}
		}
	if (i < t->end && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (s[i] == '+' || s[i] == '-')
			eneg = s[i++] == '-';
		for (; i < t->end; i++)
			if (e < 100000)
				e = e * 10 + (s[i] - '0');
	}
	exp10 += eneg ? -e : e;
	v = scale10((double)mant, exp10);
	if (!__builtin_isfinite(v))
		return false;
	*out = neg ? -v : v;
	return true;
}

/* Appends code point cp as UTF-8 (RFC 3629 3); false if it does not fit. */
static bool put_utf8(char *buf, size_t size, size_t *n, uint32_t cp)
{
	unsigned char b[4];
	size_t k;

	if (cp < 0x80) {
		b[0] = cp;
		k = 1;
	} else if (cp < 0x800) {
		b[0] = 0xc0 | cp >> 6;
		b[1] = 0x80 | (cp & 0x3f);
		k = 2;
	} else if (cp < 0x10000) {
		b[0] = 0xe0 | cp >> 12;
		b[1] = 0x80 | (cp >> 6 & 0x3f);
		b[2] = 0x80 | (cp & 0x3f);
		k = 3;
	} else {
		b[0] = 0xf0 | cp >> 18;
		b[1] = 0x80 | (cp >> 12 & 0x3f);
		b[2] = 0x80 | (cp >> 6 & 0x3f);
		b[3] = 0x80 | (cp & 0x3f);
		k = 4;
	}
	if (*n + k >= size)
		return false;
	memcpy(buf + *n, b, k);
	*n += k;
	return true;
}

/* The 4 hex digits at s (checked by the parser to be there and be hex). */
static uint32_t hex4(const char *s)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 4 | (uint32_t)hex_to_bin((unsigned char)s[i]);
	return v;
}

/* Decodes one \u escape (and its low half) at s[*i], just past the 'u'. */
static bool decode_u(const char *s, size_t *i, size_t end, uint32_t *cp)
{
	uint32_t hi = hex4(s + *i), lo;

	*i += 4;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return false;			/* a low surrogate alone */
	if (hi < 0xd800 || hi > 0xdbff) {
		*cp = hi;
		return hi != 0;			/* no NUL inside a C string */
	}
	/* RFC 8259 7: a code point past the BMP is a surrogate pair. */
	if (*i + 6 > end || s[*i] != '\\' || s[*i + 1] != 'u')
		return false;
	lo = hex4(s + *i + 2);
	if (lo < 0xdc00 || lo > 0xdfff)
		return false;
	*i += 6;
	*cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	return true;
}

bool json_get_string(const struct json_doc *doc, int tok, char *buf,
		     size_t size)
{
	const struct json_tok *t = tok_at(doc, tok);
	const char *s = doc->text;
	size_t n = 0, i;

	if (!t || t->type != JSON_STRING || size == 0)
		return false;
	for (i = t->start; i < t->end;) {
		char c = s[i++];
		uint32_t cp;

		if (c == '\\') {
			c = s[i++];
			switch (c) {
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u':
				if (!decode_u(s, &i, t->end, &cp) ||
				    !put_utf8(buf, size, &n, cp))
					return false;
				continue;
			default:
				break;		/* \" \\ \/ stand for themselves */
			}
		}
		if (n + 1 >= size)
			return false;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return true;
}

/* Decimal digits of v (at least 1). */
static int count_digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Copies the NUL-terminated tmp into buf as snprintf would. */
static size_t copy_out(char *buf, size_t size, const char *tmp)
{
	size_t n = strlen(tmp);

	if (size) {
		size_t k = n < size - 1 ? n : size - 1;

		memcpy(buf, tmp, k);
		buf[k] = '\0';
	}
	return n;
}

/* Drops trailing zeros of a fraction, and the point if nothing is left. */
static void trim_fraction(char *s)
{
	char *dot = strchr(s, '.');
	char *end;

	if (!dot)
		return;
	end = s + strlen(s);
	while (end > dot + 1 && end[-1] == '0')
		end--;
	if (end == dot + 1)
		end = dot;
	*end = '\0';
}

/* d.ddddddddddddde+NN for magnitudes of 1e15 and more: 15 significant digits. */
static void fmt_scientific(char *tmp, size_t size, bool neg, double a)
{
	int e = 0;
	uint64_t m;

	while (a >= 10.0) {
		a /= 10.0;
		e++;
	}
	m = (uint64_t)(a * 1e14 + 0.5);
	if (m >= 1000000000000000ull) {
		m /= 10;
		e++;
	}
	snprintf(tmp, size, "%s%llu.%014llu", neg ? "-" : "",
		 (unsigned long long)(m / 100000000000000ull),
		 (unsigned long long)(m % 100000000000000ull));
	trim_fraction(tmp);
	snprintf(tmp + strlen(tmp), size - strlen(tmp), "e+%d", e);
}

size_t json_fmt_double(char *buf, size_t size, double v)
{
	char tmp[48];
	bool neg = v < 0;
	double a = neg ? -v : v;
	uint64_t ip, fr, scale = 1;
	int decimals;

	if (!__builtin_isfinite(v))
		return copy_out(buf, size, "0");
	if (a >= 1e15) {
		fmt_scientific(tmp, sizeof(tmp), neg, a);
		return copy_out(buf, size, tmp);
	}
	ip = (uint64_t)a;
	/* About 16 significant digits are real in a double; print no more. */
	decimals = ip ? 16 - count_digits(ip) : 9;
	if (decimals > 9)
		decimals = 9;
	if (decimals < 0)
		decimals = 0;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	fr = (uint64_t)((a - (double)ip) * (double)scale + 0.5);
	if (fr >= scale) {
		ip++;
		fr -= scale;
	}
	if (!ip && !fr)
		neg = false;			/* no "-0" */
	snprintf(tmp, sizeof(tmp), "%s%llu.%0*llu", neg ? "-" : "",
		 (unsigned long long)ip, decimals, (unsigned long long)fr);
	trim_fraction(tmp);
	return copy_out(buf, size, tmp);
}

/* Writer. */

void jo_init(struct json_out *o, char *buf, size_t size)
{
	memset(o, 0, sizeof(*o));
	o->buf = buf;
	o->size = size;
	if (size)
		buf[0] = '\0';
	else
		o->overflow = true;
}

static void put(struct json_out *o, const char *s, size_t n)
{
	if (o->overflow)
		return;
	if (n >= o->size - o->len) {
		o->overflow = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void puts_(struct json_out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* The comma before a value or key, unless it follows a key or comes first. */
static void pre_value(struct json_out *o)
{
	if (o->after_key) {
		o->after_key = false;
		return;
	}
	if (o->depth > 0) {
		if (!o->first[o->depth - 1])
			put(o, ",", 1);
		o->first[o->depth - 1] = false;
	}
}

static void open_container(struct json_out *o, const char *bracket)
{
	pre_value(o);
	if (o->depth >= JSON_MAX_DEPTH) {
		o->overflow = true;
		return;
	}
	puts_(o, bracket);
	o->first[o->depth++] = true;
}

static void close_container(struct json_out *o, const char *bracket)
{
	if (o->depth <= 0 || o->after_key) {
		o->overflow = true;	/* unbalanced: a bug in the caller */
		return;
	}
	o->depth--;
	puts_(o, bracket);
}

void jo_obj_begin(struct json_out *o)
{
	open_container(o, "{");
}

void jo_obj_end(struct json_out *o)
{
	close_container(o, "}");
}

void jo_arr_begin(struct json_out *o)
{
	open_container(o, "[");
}

void jo_arr_end(struct json_out *o)
{
	close_container(o, "]");
}

/* RFC 8259 7: quote, backslash and control characters are escaped. */
static void put_quoted(struct json_out *o, const char *s)
{
	put(o, "\"", 1);
	for (; *s; s++) {
		unsigned char c = *s;
		char esc[8];

		switch (c) {
		case '"': puts_(o, "\\\""); break;
		case '\\': puts_(o, "\\\\"); break;
		case '\n': puts_(o, "\\n"); break;
		case '\r': puts_(o, "\\r"); break;
		case '\t': puts_(o, "\\t"); break;
		case '\b': puts_(o, "\\b"); break;
		case '\f': puts_(o, "\\f"); break;
		default:
			if (c < 0x20) {
				snprintf(esc, sizeof(esc), "\\u%04x", c);
				puts_(o, esc);
			} else {
				put(o, (const char *)&c, 1);
			}
		}
	}
	put(o, "\"", 1);
}

/* A string written in pieces: if it did not fit, none of it stays. */
static void put_string(struct json_out *o, const char *s, const char *suffix)
{
	size_t mark = o->len;

	put_quoted(o, s);
	puts_(o, suffix);
	if (o->overflow && o->size) {
		o->len = mark;
		o->buf[mark] = '\0';
	}
}

void jo_key(struct json_out *o, const char *key)
{
	pre_value(o);
	put_string(o, key, ":");
	o->after_key = true;
}

void jo_str(struct json_out *o, const char *s)
{
	pre_value(o);
	put_string(o, s, "");
}

void jo_i64(struct json_out *o, int64_t v)
{
	char tmp[24];

	pre_value(o);
	snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
	puts_(o, tmp);
}

void jo_u64(struct json_out *o, uint64_t v)
{
	char tmp[24];

	pre_value(o);
	snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
	puts_(o, tmp);
}

void jo_double(struct json_out *o, double v)
{
	char tmp[48];

	pre_value(o);
	json_fmt_double(tmp, sizeof(tmp), v);
	puts_(o, tmp);
}

void jo_bool(struct json_out *o, bool v)
{
	pre_value(o);
	puts_(o, v ? "true" : "false");
}
