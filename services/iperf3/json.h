/*
 * json.h - a small, bounds-checked JSON (RFC 8259) reader and writer for
 * the iperf3 control protocol. No sockets, no allocation: the caller hands
 * in the text, a token array and output buffers, so the host unit tests
 * (tests/unit/test_iperf3_json.c) drive it directly.
 *
 * Reading: json_parse() checks the whole text against the RFC 8259 grammar
 * once and records every value as a token (jsmn's idea): its type, its span
 * in the text, its member count and where the next sibling starts. The
 * accessors then walk tokens only; they never read outside the text and
 * fail (false, -1) rather than guess when a value has the wrong type.
 *
 * Writing: a json_out appends to a fixed buffer, placing commas itself; a
 * value that does not fit sets `overflow` and nothing after it is written,
 * so a truncated message is never mistaken for a complete one.
 */
#ifndef SKIFF_IPERF3_JSON_H
#define SKIFF_IPERF3_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH	16	/* nested objects/arrays deeper than this are refused */

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/*
 * One value. A string's span is between its quotes, escapes still in it;
 * a number's is its text. Members of an object are stored as key (a
 * JSON_STRING token) then value, so an object of n members is followed by
 * 2n subtrees; `next` is the index just past this value's subtree.
 */
struct json_tok {
	uint8_t type;		/* enum json_type */
	uint32_t start, end;	/* [start, end) in the text */
	uint32_t size;		/* members of an object, elements of an array */
	uint32_t next;
};

struct json_doc {
	const char *text;
	size_t len;
	struct json_tok *toks;
	size_t ntoks;
};

enum json_err {
	JSON_OK = 0,
	JSON_ERR_SYNTAX,	/* not JSON: bad token, trailing bytes, bad escape... */
	JSON_ERR_TRUNCATED,	/* the text ends inside a value */
	JSON_ERR_DEPTH,		/* nested deeper than JSON_MAX_DEPTH */
	JSON_ERR_TOKENS,	/* more values than the token array holds */
	JSON_ERR_TOO_LONG,	/* the text is over 4 GiB */
};

/*
 * Parses len bytes of text (no terminator needed; a NUL byte is a syntax
 * error) into at most cap tokens; on JSON_OK, doc describes them and token
 * 0 is the top-level value. doc keeps pointers to text and toks.
 */
enum json_err json_parse(struct json_doc *doc, const char *text, size_t len,
			 struct json_tok *toks, size_t cap);
const char *json_strerror(enum json_err err);

/* The value of member key of object tok, or -1 (also if tok is no object). */
int json_obj_get(const struct json_doc *doc, int tok, const char *key);
/* Element i of array tok, or -1. */
int json_arr_get(const struct json_doc *doc, int tok, size_t i);
/* The type of token tok, or -1 for an index outside the document. */
int json_type_of(const struct json_doc *doc, int tok);

/*
 * Typed reads of token tok; false (and *out untouched) if tok is -1, of
 * another type, or out of range. Integers must be written as integers
 * (no fraction or exponent); doubles accept any number.
 */
bool json_get_bool(const struct json_doc *doc, int tok, bool *out);
bool json_get_i64(const struct json_doc *doc, int tok, int64_t *out);
bool json_get_u64(const struct json_doc *doc, int tok, uint64_t *out);
bool json_get_double(const struct json_doc *doc, int tok, double *out);
/*
 * Decodes string tok (escapes; \u as UTF-8, surrogate pairs joined) into
 * buf with a NUL; false if it does not fit in size bytes, holds \u0000 or
 * a lone surrogate.
 */
bool json_get_string(const struct json_doc *doc, int tok, char *buf,
		     size_t size);

/*
 * A number for JSON: at most 9 decimals with trailing zeros dropped
 * (1234567.5, 0.001, 0.000030095), scientific notation from 1e15 up, and
 * "0" for NaN and infinities, which JSON cannot carry. Writes a NUL and
 * returns the length, as snprintf (size 32 always suffices).
 */
size_t json_fmt_double(char *buf, size_t size, double v);

struct json_out {
	char *buf;
	size_t size;
	size_t len;		/* bytes written, a NUL after them when size > 0 */
	bool overflow;		/* something did not fit: the output is unusable */
	int depth;
	bool after_key;		/* a key was written; its value needs no comma */
	bool first[JSON_MAX_DEPTH];	/* nothing in the container yet */
};

void jo_init(struct json_out *o, char *buf, size_t size);
void jo_obj_begin(struct json_out *o);
void jo_obj_end(struct json_out *o);
void jo_arr_begin(struct json_out *o);
void jo_arr_end(struct json_out *o);
void jo_key(struct json_out *o, const char *key);
void jo_str(struct json_out *o, const char *s);
void jo_i64(struct json_out *o, int64_t v);
void jo_u64(struct json_out *o, uint64_t v);
void jo_double(struct json_out *o, double v);
void jo_bool(struct json_out *o, bool v);

#endif /* SKIFF_IPERF3_JSON_H */
