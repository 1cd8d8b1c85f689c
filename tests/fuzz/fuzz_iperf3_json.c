/*
 * libFuzzer target: arbitrary bytes as an iperf3 control message for the
 * JSON reader and writer (services/iperf3/json.c), in libFuzzer's
 * exact-size buffer so ASan sees any read past it. A document that parses
 * is parsed again with a small token array (the service's arrays are
 * fixed too): it must give the same tokens or run out of them.
 *
 * A parsed document is walked the way control.c and results.c read one:
 * every token through every typed accessor, the iperf3 parameter names on
 * each object, indices on each array; tokens must nest inside their
 * parents and inside the text. Then it is written back with the json_out
 * writer and parsed again: the same shape must come back (null, which the
 * writer has no call for, as false), unless it holds what the writer
 * cannot say (a NUL in a string, a number beyond a double). Written again
 * into a buffer too small for it, the writer must flag overflow and leave
 * a prefix of the full text.
 */
/* links: services/iperf3/json.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define MAX_TOKS	512

static const char *const iperf3_keys[] = {
	"cookie", "tcp", "udp", "sctp", "omit", "time", "num", "blockcount",
	"parallel", "reverse", "bidirectional", "len", "bandwidth", "window",
	"nodelay", "udp_counters_64bit", "get_server_output", "client_version",
	"streams", "id", "bytes", "retransmits", "jitter", "errors", "packets",
	"cpu_util_total", "sender_has_retransmits", "",
};

static struct json_tok toks[MAX_TOKS], toks2[MAX_TOKS];
static char str[4096];

static void read_token(const struct json_doc *d, int i)
{
	const struct json_tok *t = &d->toks[i];
	bool b;
	int64_t s64;
	uint64_t u64;
	double dbl;
	char small[4];

	if (t->start > t->end || t->end > d->len || t->next <= (uint32_t)i || t->next > d->ntoks)
		abort();
	if (json_type_of(d, i) != t->type)
		abort();
	if (json_get_bool(d, i, &b) != (t->type == JSON_TRUE || t->type == JSON_FALSE))
		abort();
	if ((json_get_double(d, i, &dbl) || json_get_i64(d, i, &s64) ||
	     json_get_u64(d, i, &u64)) && t->type != JSON_NUMBER)
		abort();
	if (json_get_string(d, i, str, sizeof(str)) && t->type != JSON_STRING)
		abort();
	json_get_string(d, i, small, sizeof(small));
	if (t->type == JSON_OBJECT)
		for (size_t k = 0; k < sizeof(iperf3_keys) / sizeof(iperf3_keys[0]); k++)
			if (json_obj_get(d, i, iperf3_keys[k]) >= (int)d->ntoks)
				abort();
	if (t->type == JSON_ARRAY) {
		if (t->size && json_arr_get(d, i, t->size - 1) <= i)
			abort();
		if (json_arr_get(d, i, t->size) != -1)
			abort();
	}
}

/* Writes value i (and its subtree) with the writer; false if it cannot be (a NUL in a string). */
static bool write_value(const struct json_doc *d, int i, struct json_out *o)
{
	const struct json_tok *t = &d->toks[i];
	int64_t s64;
	uint64_t u64;
	double dbl;
	int child = i + 1;

	switch (t->type) {
	case JSON_NULL:
	case JSON_FALSE:
	case JSON_TRUE:
		jo_bool(o, t->type == JSON_TRUE);
		return true;
	case JSON_NUMBER:
		if (json_get_i64(d, i, &s64))
			jo_i64(o, s64);
		else if (json_get_u64(d, i, &u64))
			jo_u64(o, u64);
		else if (json_get_double(d, i, &dbl))
			jo_double(o, dbl);
		else
			return false;	/* beyond a double's range */
		return true;
	case JSON_STRING:
		if (!json_get_string(d, i, str, sizeof(str)))
			return false;
		jo_str(o, str);
		return true;
	case JSON_ARRAY:
		jo_arr_begin(o);
		for (uint32_t k = 0; k < t->size; k++, child = d->toks[child].next)
			if (!write_value(d, child, o))
				return false;
		jo_arr_end(o);
		return true;
	default:
		jo_obj_begin(o);
		for (uint32_t k = 0; k < t->size; k++) {
			if (!json_get_string(d, child, str, sizeof(str)))
				return false;
			jo_key(o, str);
			child = d->toks[child].next;
			if (!write_value(d, child, o))
				return false;
			child = d->toks[child].next;
		}
		jo_obj_end(o);
		return true;
	}
}

static void round_trip(const struct json_doc *d, size_t small_size)
{
	size_t size = 8 * d->len + 64 * d->ntoks + 64;
	char *out = malloc(size), *small = malloc(small_size);
	struct json_out o, so;
	struct json_doc d2;

	if (!out || !small)
		abort();
	jo_init(&o, out, size);
	if (!write_value(d, 0, &o))
		goto done;
	if (o.overflow || o.depth != 0 ||
	    json_parse(&d2, out, o.len, toks2, MAX_TOKS) != JSON_OK || d2.ntoks != d->ntoks)
		abort();
	for (size_t i = 0; i < d->ntoks; i++) {
		int want = d->toks[i].type == JSON_NULL ? JSON_FALSE : d->toks[i].type;

		if (toks2[i].type != want || toks2[i].size != d->toks[i].size)
			abort();
	}
	jo_init(&so, small, small_size);
	write_value(d, 0, &so);
	if (so.len >= small_size || small[so.len] != '\0' || memcmp(small, out, so.len) ||
	    so.overflow != (so.len < o.len))
		abort();
done:
	free(out);
	free(small);
}

/*
 * The text again with a token array of 1 to 61 entries: the same document
 * if it fits, else JSON_ERR_TOKENS, never anything else.
 */
static void small_cap(const char *text, size_t len, size_t ntoks)
{
	size_t cap = 1 + len % 61;
	struct json_doc d;
	enum json_err err = json_parse(&d, text, len, toks2, cap);

	if (ntoks > cap) {
		if (err != JSON_ERR_TOKENS)
			abort();
		return;
	}
	if (err != JSON_OK || d.ntoks != ntoks)
		abort();
	for (size_t i = 0; i < ntoks; i++)
		if (toks2[i].type != toks[i].type || toks2[i].start != toks[i].start ||
		    toks2[i].end != toks[i].end || toks2[i].size != toks[i].size ||
		    toks2[i].next != toks[i].next)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct json_doc d;
	enum json_err err;

	err = json_parse(&d, text, size, toks, MAX_TOKS);
	if (!json_strerror(err) || err > JSON_ERR_TOO_LONG)
		abort();
	if (err != JSON_OK)
		return 0;
	if (d.ntoks == 0 || d.ntoks > MAX_TOKS || d.toks[0].next != d.ntoks)
		abort();
	small_cap(text, size, d.ntoks);
	for (size_t i = 0; i < d.ntoks; i++)
		read_token(&d, (int)i);
	round_trip(&d, 1 + size % 64);
	return 0;
}
