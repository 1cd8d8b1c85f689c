/*
 * nft's tokens: the tokenizer, the parser's error messages, and taking a
 * token as a word, a name or a number. Newlines and ';' end statements;
 * '#' starts a comment; "\;" is ';' (as a shell leaves it).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

#include "nf_tables_parse.h"

static bool is_word_char(char c)
{
	return c && !strchr(" \t\r\n;{},\"#()&|\\", c);
}

/* Past blanks, comments and any '\' but that of "\;". */
static const char *skip_blanks(const char *s)
{
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || (*s == '\\' && s[1] != ';'))
			s++;
		if (*s != '#')
			return s;
		while (*s && *s != '\n')
			s++;
	}
}

/* A string from s, its opening '"'; its closing one must be on the same line. */
static void lex_string(struct nft_parser *ps, const char *s)
{
	const char *e = strchr(s + 1, '"');
	const char *nl = strchr(s + 1, '\n');

	ps->t.kind = T_STRING;
	ps->t.s = s + 1;
	if (!e || (nl && nl < e)) {
		ps->t.len = (unsigned int)strcspn(s + 1, "\n");
		ps->t.kind = T_END;	/* reported by whoever wanted a string */
		ps->pos = s + 1 + ps->t.len;
		ps->failed = true;
		snprintf(ps->err, ps->errlen, "line %u: unterminated string", ps->line);
		return;
	}
	ps->t.len = (unsigned int)(e - s - 1);
	ps->pos = e + 1;
}

void nft_next(struct nft_parser *ps)
{
	const char *s = skip_blanks(ps->pos);

	ps->t = (struct nft_tok){ .kind = T_END, .s = s, .len = 0, .line = ps->line };
	if (!*s) {
		ps->pos = s;
		return;
	}
	if (*s == '\\')		/* "\;" */
		s++;
	ps->t.s = s;
	ps->t.len = 1;
	switch (*s) {
	case '\n':
		/* A newline ends a statement as ';' does. */
		ps->line++;
		ps->t.kind = T_SEMI;
		break;
	case ';':
		ps->t.kind = T_SEMI;
		break;
	case '{': ps->t.kind = T_LBRACE; break;
	case '}': ps->t.kind = T_RBRACE; break;
	case ',': ps->t.kind = T_COMMA; break;
	case '(': case ')': case '&': case '|':
		ps->t.kind = T_PUNCT;
		break;
	case '"':
		lex_string(ps, s);
		return;
	default:
		ps->t.kind = T_WORD;
		while (is_word_char(s[ps->t.len]))
			ps->t.len++;
	}
	ps->pos = s + ps->t.len;
}

/*
 * The error, said once (later ones are consequences of the first): what
 * was found where something else was expected names the token; a
 * reference to something that is not there is said as it is.
 */
static int vfail(struct nft_parser *ps, int err, bool at_token, const char *fmt, va_list ap)
{
	char what[160];

	if (ps->failed)
		return err;
	ps->failed = true;
	vsnprintf(what, sizeof(what), fmt, ap);
	if (!at_token)
		snprintf(ps->err, ps->errlen, "line %u: %s", ps->t.line, what);
	else if (ps->t.kind == T_END)
		snprintf(ps->err, ps->errlen, "line %u: unexpected end of input, %s", ps->t.line, what);
	else if (ps->t.kind == T_SEMI && ps->t.s[0] == '\n')
		snprintf(ps->err, ps->errlen, "line %u: unexpected newline, %s", ps->t.line, what);
	else
		snprintf(ps->err, ps->errlen, "line %u: unexpected '%.*s', %s", ps->t.line,
			 (int)(ps->t.len > 40 ? 40 : ps->t.len), ps->t.s, what);
	return err;
}

int nft_fail(struct nft_parser *ps, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail(ps, -EINVAL, true, fmt, ap);
	va_end(ap);
	return ret;
}

int nft_fail_missing(struct nft_parser *ps, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail(ps, -ENOENT, false, fmt, ap);
	va_end(ap);
	return ret;
}

bool nft_is(const struct nft_parser *ps, const char *w)
{
	return ps->t.kind == T_WORD && ps->t.len == strlen(w) && !memcmp(ps->t.s, w, ps->t.len);
}

/* Take the word w if it is next. */
bool nft_accept(struct nft_parser *ps, const char *w)
{
	if (!nft_is(ps, w))
		return false;
	nft_next(ps);
	return true;
}

int nft_expect(struct nft_parser *ps, const char *w)
{
	if (nft_accept(ps, w))
		return 0;
	return nft_fail(ps, "expected '%s'", w);
}

bool nft_end_of_stmt(const struct nft_parser *ps)
{
	return ps->t.kind == T_END || ps->t.kind == T_SEMI || ps->t.kind == T_RBRACE;
}

/* The current word or string into buf (NUL-terminated), then the next token. */
int nft_take(struct nft_parser *ps, char *buf, size_t size, const char *what)
{
	if ((ps->t.kind != T_WORD && ps->t.kind != T_STRING) || ps->t.len == 0)
		return nft_fail(ps, "expected %s", what);
	if (ps->t.len >= size)
		return nft_fail(ps, "%s longer than %zu characters", what, size - 1);
	memcpy(buf, ps->t.s, ps->t.len);
	buf[ps->t.len] = '\0';
	nft_next(ps);
	return 0;
}

/*
 * A table or chain name: a letter or '_', then word characters, quoted or
 * not. The listing writes names bare, so a quoted name holding a blank or
 * a ')' would list as text that does not load again.
 */
int nft_take_name(struct nft_parser *ps, char *buf, const char *what)
{
	const char *s = ps->t.s;
	bool ok = ps->t.len > 0 && ((s[0] >= 'a' && s[0] <= 'z') ||
				    (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_');

	for (unsigned int i = 1; ok && i < ps->t.len; i++)
		ok = is_word_char(s[i]);
	if ((ps->t.kind == T_WORD || ps->t.kind == T_STRING) && !ok)
		return nft_fail(ps, "expected %s", what);
	return nft_take(ps, buf, NFT_NAME_MAX, what);
}

bool nft_lookup(const struct nft_name_val *t, size_t n, const char *s, size_t len, u32 *v)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].name) == len && !memcmp(t[i].name, s, len)) {
			*v = t[i].val;
			return true;
		}
	return false;
}

const char *nft_name_of(const struct nft_name_val *t, size_t n, u32 v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].val == v)
			return t[i].name;
	return NULL;
}

bool nft_parse_num(const char *s, size_t len, u32 max, u32 *v)
{
	u64 n = 0;

	if (!len || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		n = n * 10 + (u64)(s[i] - '0');
	}
	if (n > max)
		return false;
	*v = (u32)n;
	return true;
}
