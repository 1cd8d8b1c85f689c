/* test_iperf3_json.c - services/iperf3/json.c: the iperf3 messages, hostile text, numbers, the writer. */
/* links: services/iperf3/json.c */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "unit.h"

#define NTOK	256

static struct json_tok toks[NTOK];

/*
 * Parses a heap copy of exactly the string's bytes (no NUL after them),
 * so that ASan reports any read past the text.
 */
static enum json_err parse_exact(struct json_doc *d, const char *s, size_t len,
				 size_t cap, char **copy)
{
	unit_seed("iperf3_json", s, len);
	*copy = malloc(len ? len : 1);
	memcpy(*copy, s, len);
	return json_parse(d, *copy, len, toks, cap);
}

static enum json_err parse_str(const char *s)
{
	struct json_doc d;
	char *copy;
	enum json_err err = parse_exact(&d, s, strlen(s), NTOK, &copy);

	free(copy);
	return err;
}

/* The parameters Debian's iperf3 3.12 sends for `-u -b 100M -P 2 -R`. */
static const char params_udp[] =
	"{\"udp\":true,\"omit\":0,\"time\":10,\"num\":0,\"blockcount\":0,"
	"\"parallel\":2,\"reverse\":true,\"len\":32768,\"bandwidth\":100000000,"
	"\"pacing_timer\":1000,\"udp_counters_64bit\":1,\"get_server_output\":1,"
	"\"client_version\":\"3.12\"}";

/* A client's results, as 3.12 writes them (note the -1 as 2^64 - 1). */
static const char client_results[] =
	"{\"cpu_util_total\":15.063851688236493,\"cpu_util_user\":1.1569920059889287,"
	"\"cpu_util_system\":13.906908420273851,\"sender_has_retransmits\":1,"
	"\"congestion_used\":\"bbr\",\"streams\":[{\"id\":1,\"bytes\":4102553600,"
	"\"retransmits\":18446744073709551615,\"jitter\":3.0094987459901713e-05,"
	"\"errors\":0,\"packets\":0,\"start_time\":0,\"end_time\":2.000066},"
	"{\"id\":3,\"bytes\":7,\"retransmits\":0,\"jitter\":0,\"errors\":2,"
	"\"packets\":40,\"start_time\":0,\"end_time\":1.5}]}";

UNIT_TEST(iperf3_params_parse)
{
	struct json_doc d;
	char *copy, ver[16];
	int64_t v;
	uint64_t u;
	bool b;

	ASSERT(parse_exact(&d, params_udp, strlen(params_udp), NTOK, &copy) == JSON_OK);
	EXPECT_EQ_INT(json_type_of(&d, 0), JSON_OBJECT);
	EXPECT(json_get_bool(&d, json_obj_get(&d, 0, "udp"), &b) && b);
	EXPECT(json_get_bool(&d, json_obj_get(&d, 0, "reverse"), &b) && b);
	EXPECT(json_get_i64(&d, json_obj_get(&d, 0, "parallel"), &v) && v == 2);
	EXPECT(json_get_i64(&d, json_obj_get(&d, 0, "len"), &v) && v == 32768);
	EXPECT(json_get_u64(&d, json_obj_get(&d, 0, "bandwidth"), &u) &&
	       u == 100000000);
	EXPECT(json_get_i64(&d, json_obj_get(&d, 0, "udp_counters_64bit"), &v) &&
	       v == 1);
	EXPECT(json_get_string(&d, json_obj_get(&d, 0, "client_version"), ver,
			       sizeof(ver)));
	EXPECT_EQ_STR(ver, "3.12");
	/* Absent keys, and keys of the wrong type. */
	EXPECT_EQ_INT(json_obj_get(&d, 0, "tcp"), -1);
	EXPECT_EQ_INT(json_obj_get(&d, 0, "ud"), -1);
	EXPECT(!json_get_bool(&d, json_obj_get(&d, 0, "len"), &b));
	EXPECT(!json_get_i64(&d, json_obj_get(&d, 0, "client_version"), &v));
	EXPECT(!json_get_i64(&d, -1, &v));
	EXPECT(!json_get_i64(&d, 10000, &v));
	free(copy);
}

UNIT_TEST(iperf3_results_walk)
{
	struct json_doc d;
	char *copy, cong[8];
	int streams, s0, s1;
	uint64_t u;
	int64_t v;
	double x;

	ASSERT(parse_exact(&d, client_results, strlen(client_results), NTOK,
			   &copy) == JSON_OK);
	streams = json_obj_get(&d, 0, "streams");
	EXPECT_EQ_INT(json_type_of(&d, streams), JSON_ARRAY);
	s0 = json_arr_get(&d, streams, 0);
	s1 = json_arr_get(&d, streams, 1);
	EXPECT_EQ_INT(json_arr_get(&d, streams, 2), -1);
	EXPECT(json_get_i64(&d, json_obj_get(&d, s0, "id"), &v) && v == 1);
	EXPECT(json_get_i64(&d, json_obj_get(&d, s1, "id"), &v) && v == 3);
	EXPECT(json_get_u64(&d, json_obj_get(&d, s0, "bytes"), &u) &&
	       u == 4102553600u);
	/* 2^64 - 1 fits u64 and not i64. */
	EXPECT(json_get_u64(&d, json_obj_get(&d, s0, "retransmits"), &u) &&
	       u == UINT64_MAX);
	EXPECT(!json_get_i64(&d, json_obj_get(&d, s0, "retransmits"), &v));
	EXPECT(json_get_double(&d, json_obj_get(&d, s0, "jitter"), &x) &&
	       x > 3.00949874599e-05 && x < 3.00949874600e-05);
	EXPECT(!json_get_i64(&d, json_obj_get(&d, s0, "jitter"), &v));
	EXPECT(json_get_double(&d, json_obj_get(&d, s1, "end_time"), &x) &&
	       x == 1.5);
	EXPECT(json_get_double(&d, json_obj_get(&d, 0, "cpu_util_total"), &x) &&
	       x > 15.0638516882 && x < 15.0638516883);
	EXPECT(json_get_string(&d, json_obj_get(&d, 0, "congestion_used"), cong,
			       sizeof(cong)));
	EXPECT_EQ_STR(cong, "bbr");
	/* The key lookup does not descend: "id" is not a top-level key. */
	EXPECT_EQ_INT(json_obj_get(&d, 0, "id"), -1);
	EXPECT_EQ_INT(json_obj_get(&d, streams, "id"), -1);
	free(copy);
}

UNIT_TEST(valid_documents)
{
	static const char *const ok[] = {
		"{}", "[]", " { } ", "0", "-0", "1.5e3", "-1E-2", "1e+9", "\"\"",
		"true", "false", "null", "[1,[2,[3]],{\"a\":{}}]",
		"{\"a\":1,\"a\":2}", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"",
		"\r\n\t[ 1 , 2 ]\t", "\"\xc3\xa9 raw UTF-8\"", "123456789012345678901234567890",
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		EXPECT_MSG(parse_str(ok[i]) == JSON_OK, "'%s' refused", ok[i]);
}

UNIT_TEST(hostile_documents)
{
	static const struct {
		const char *text;
		enum json_err err;
	} bad[] = {
		{ "", JSON_ERR_TRUNCATED },
		{ "   ", JSON_ERR_TRUNCATED },
		{ "{", JSON_ERR_TRUNCATED },
		{ "{\"a\"", JSON_ERR_TRUNCATED },
		{ "{\"a\":", JSON_ERR_TRUNCATED },
		{ "{\"a\":1", JSON_ERR_TRUNCATED },
		{ "{\"a\":1,", JSON_ERR_TRUNCATED },
		{ "[1,2", JSON_ERR_TRUNCATED },
		{ "\"abc", JSON_ERR_TRUNCATED },
		{ "\"ab\\", JSON_ERR_TRUNCATED },
		{ "\"\\u12", JSON_ERR_TRUNCATED },
		{ "tru", JSON_ERR_TRUNCATED },
		{ "-", JSON_ERR_TRUNCATED },
		{ "1.", JSON_ERR_TRUNCATED },
		{ "1e", JSON_ERR_TRUNCATED },
		{ "1e+", JSON_ERR_TRUNCATED },
		{ "{}{}", JSON_ERR_SYNTAX },
		{ "{} x", JSON_ERR_SYNTAX },
		{ "01", JSON_ERR_SYNTAX },
		{ "+1", JSON_ERR_SYNTAX },
		{ ".5", JSON_ERR_SYNTAX },
		{ "1.e5", JSON_ERR_SYNTAX },
		{ "0x10", JSON_ERR_SYNTAX },
		{ "-a", JSON_ERR_SYNTAX },
		{ "NaN", JSON_ERR_SYNTAX },
		{ "trUe", JSON_ERR_SYNTAX },
		{ "nul1", JSON_ERR_SYNTAX },
		{ "{a:1}", JSON_ERR_SYNTAX },
		{ "{'a':1}", JSON_ERR_SYNTAX },
		{ "{\"a\" 1}", JSON_ERR_SYNTAX },
		{ "{\"a\":1,}", JSON_ERR_SYNTAX },
		{ "[1,]", JSON_ERR_SYNTAX },
		{ "[,1]", JSON_ERR_SYNTAX },
		{ "[1 2]", JSON_ERR_SYNTAX },
		{ "{1:2}", JSON_ERR_SYNTAX },
		{ "\"tab\there\"", JSON_ERR_SYNTAX },
		{ "\"nl\nhere\"", JSON_ERR_SYNTAX },
		{ "\"\\x41\"", JSON_ERR_SYNTAX },
		{ "\"\\u12g4\"", JSON_ERR_SYNTAX },
		{ "\x01", JSON_ERR_SYNTAX },
		{ "\xef\xbb\xbf{}", JSON_ERR_SYNTAX },	/* a BOM: RFC 8259 8.1 */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum json_err err = parse_str(bad[i].text);

		EXPECT_MSG(err == bad[i].err, "'%s': %s, expected %s", bad[i].text,
			   json_strerror(err), json_strerror(bad[i].err));
	}
}

/* NUL bytes inside the counted text are not JSON whitespace or string bytes. */
UNIT_TEST(nul_bytes_refused)
{
	struct json_doc d;
	char *copy;

	EXPECT_EQ_INT(parse_exact(&d, "{}\0", 3, NTOK, &copy), JSON_ERR_SYNTAX);
	free(copy);
	EXPECT_EQ_INT(parse_exact(&d, "\"a\0b\"", 5, NTOK, &copy), JSON_ERR_SYNTAX);
	free(copy);
	EXPECT_EQ_INT(parse_exact(&d, "\"\\\0\"", 4, NTOK, &copy), JSON_ERR_SYNTAX);
	free(copy);
}

UNIT_TEST(depth_and_token_limits)
{
	char deep[2 * JSON_MAX_DEPTH + 3];
	struct json_doc d;
	char *copy;
	size_t n = 0;

	/* JSON_MAX_DEPTH levels parse; one more is refused. */
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		deep[n++] = '[';
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		deep[n++] = ']';
	EXPECT_EQ_INT(parse_exact(&d, deep, n, NTOK, &copy), JSON_OK);
	free(copy);
	n = 0;
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		deep[n++] = '[';
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		deep[n++] = ']';
	EXPECT_EQ_INT(parse_exact(&d, deep, n, NTOK, &copy), JSON_ERR_DEPTH);
	free(copy);
	/* Unbalanced nesting, deep: refused at the limit, not after the stack. */
	{
		size_t big = 100000;
		char *open = malloc(big);

		memset(open, '{', big);
		EXPECT_EQ_INT(json_parse(&d, open, big, toks, NTOK), JSON_ERR_SYNTAX);
		memset(open, '[', big);
		EXPECT_EQ_INT(json_parse(&d, open, big, toks, NTOK), JSON_ERR_DEPTH);
		free(open);
	}
	/* [1,2,3] is 4 tokens. */
	EXPECT_EQ_INT(parse_exact(&d, "[1,2,3]", 7, 4, &copy), JSON_OK);
	EXPECT_EQ_UINT(d.ntoks, 4);
	free(copy);
	EXPECT_EQ_INT(parse_exact(&d, "[1,2,3]", 7, 3, &copy), JSON_ERR_TOKENS);
	free(copy);
	EXPECT_EQ_INT(parse_exact(&d, "1", 1, 0, &copy), JSON_ERR_TOKENS);
	free(copy);
}

/* next skips whole subtrees, so lookups find members after nested values. */
UNIT_TEST(lookup_skips_subtrees)
{
	static const char text[] =
		"{\"a\":{\"x\":[1,{\"y\":2}],\"z\":3},\"b\":[[],[4]],\"c\":\"s\",\"a\":9}";
	struct json_doc d;
	char *copy, buf[4];
	int a, b;
	int64_t v;

	ASSERT(parse_exact(&d, text, strlen(text), NTOK, &copy) == JSON_OK);
	a = json_obj_get(&d, 0, "a");
	b = json_obj_get(&d, 0, "b");
	EXPECT_EQ_INT(json_type_of(&d, a), JSON_OBJECT);	/* the first "a" */
	EXPECT(json_get_i64(&d, json_obj_get(&d, a, "z"), &v) && v == 3);
	EXPECT(json_get_i64(&d, json_arr_get(&d, json_arr_get(&d, b, 1), 0), &v) &&
	       v == 4);
	EXPECT_EQ_INT(json_arr_get(&d, json_arr_get(&d, b, 0), 0), -1);
	EXPECT(json_get_string(&d, json_obj_get(&d, 0, "c"), buf, sizeof(buf)));
	EXPECT_EQ_STR(buf, "s");
	EXPECT_EQ_INT(json_arr_get(&d, 0, 0), -1);	/* not an array */
	EXPECT_EQ_INT(json_obj_get(&d, b, "x"), -1);	/* not an object */
	free(copy);
}

static bool get_i64_of(const char *text, int64_t *v)
{
	struct json_doc d;
	char *copy;
	bool ok = parse_exact(&d, text, strlen(text), NTOK, &copy) == JSON_OK &&
		  json_get_i64(&d, 0, v);

	free(copy);
	return ok;
}

static bool get_u64_of(const char *text, uint64_t *v)
{
	struct json_doc d;
	char *copy;
	bool ok = parse_exact(&d, text, strlen(text), NTOK, &copy) == JSON_OK &&
		  json_get_u64(&d, 0, v);

	free(copy);
	return ok;
}

static bool get_double_of(const char *text, double *v)
{
	struct json_doc d;
	char *copy;
	bool ok = parse_exact(&d, text, strlen(text), NTOK, &copy) == JSON_OK &&
		  json_get_double(&d, 0, v);

	free(copy);
	return ok;
}

UNIT_TEST(integer_ranges)
{
	int64_t v;
	uint64_t u;

	EXPECT(get_i64_of("9223372036854775807", &v) && v == INT64_MAX);
	EXPECT(get_i64_of("-9223372036854775808", &v) && v == INT64_MIN);
	EXPECT(!get_i64_of("9223372036854775808", &v));
	EXPECT(!get_i64_of("-9223372036854775809", &v));
	EXPECT(get_i64_of("-0", &v) && v == 0);
	EXPECT(!get_i64_of("1.0", &v));
	EXPECT(!get_i64_of("1e3", &v));
	EXPECT(!get_i64_of("\"1\"", &v));
	EXPECT(get_u64_of("18446744073709551615", &u) && u == UINT64_MAX);
	EXPECT(!get_u64_of("18446744073709551616", &u));
	EXPECT(!get_u64_of("99999999999999999999999", &u));
	EXPECT(!get_u64_of("-1", &u));
	EXPECT(get_u64_of("-0", &u) && u == 0);
}

UNIT_TEST(double_conversion)
{
	static const struct {
		const char *text;
		double v;
	} cases[] = {
		{ "0", 0 }, { "-0.0", 0 }, { "1", 1 }, { "-2.5", -2.5 },
		{ "1234567.5", 1234567.5 }, { "0.001", 0.001 }, { "1e3", 1000 },
		{ "1E-3", 0.001 }, { "2.5e+2", 250 }, { "100000000", 1e8 },
		{ "3.0094987459901713e-05", 3.0094987459901713e-05 },
		{ "18446744073709551615", 18446744073709551615.0 },
		{ "0.000000000000000000000000000001", 1e-30 },
		{ "123456789012345678901234567890", 1.2345678901234568e29 },
		{ "1e308", 1e308 }, { "1e-400", 0 },
	};
	double v;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double want = cases[i].v, tol = want < 0 ? -want : want;

		tol = tol * 1e-14 + 1e-300;
		if (!EXPECT_MSG(get_double_of(cases[i].text, &v), "'%s' refused",
				cases[i].text))
			continue;
		EXPECT_MSG(v - want <= tol && want - v <= tol, "'%s' -> %.17g",
			   cases[i].text, v);
	}
	EXPECT(!get_double_of("1e400", &v));		/* infinity */
	EXPECT(!get_double_of("true", &v));
}

UNIT_TEST(string_decoding)
{
	struct json_doc d;
	char *copy, buf[16];
	static const struct {
		const char *text;
		const char *out;	/* NULL: refused */
	} cases[] = {
		{ "\"plain\"", "plain" },
		{ "\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d" },
		{ "\"\\t\\n\\r\\b\\f\"", "\t\n\r\b\f" },
		{ "\"\\u0041\\u00e9\"", "A\xc3\xa9" },
		{ "\"\\u20ac\"", "\xe2\x82\xac" },
		{ "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80" },	/* a surrogate pair */
		{ "\"\\ud83d\"", NULL },			/* high alone */
		{ "\"\\ud83dx\"", NULL },
		{ "\"\\ud83d\\u0041\"", NULL },			/* high, then no low */
		{ "\"\\ude00\"", NULL },			/* low alone */
		{ "\"\\u0000\"", NULL },			/* NUL in a C string */
		{ "\"0123456789abcde\"", "0123456789abcde" },	/* 15 + NUL fits */
		{ "\"0123456789abcdef\"", NULL },		/* 16 + NUL does not */
		{ "\"0123456789abcd\\u00e9\"", NULL },		/* nor UTF-8 over the end */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok;

		if (!EXPECT(parse_exact(&d, cases[i].text, strlen(cases[i].text),
					NTOK, &copy) == JSON_OK))
			continue;
		ok = json_get_string(&d, 0, buf, sizeof(buf));
		if (cases[i].out) {
			EXPECT_MSG(ok, "'%s' refused", cases[i].text);
			if (ok)
				EXPECT_EQ_STR(buf, cases[i].out);
		} else {
			EXPECT_MSG(!ok, "'%s' accepted", cases[i].text);
		}
		free(copy);
	}
	EXPECT(!json_get_string(&d, 0, buf, 0));
}

UNIT_TEST(double_formatting)
{
	static const struct {
		double v;
		const char *s;
	} cases[] = {
		{ 0, "0" }, { -0.0, "0" }, { 1, "1" }, { -1, "-1" },
		{ 1234567.5, "1234567.5" }, { 0.001, "0.001" }, { 0.0010, "0.001" },
		{ 2.000066, "2.000066" }, { 3.0094987459901713e-05, "0.000030095" },
		{ 1e-10, "0" }, { -1e-10, "0" }, { 0.9999999999, "1" },
		{ 100, "100" }, { 15.063851688236493, "15.063851688" },
		{ 16018646708.948305, "16018646708.94831" },	/* 16 digits */
		{ 123456789012345.0, "123456789012345" },
		{ 1e15, "1e+15" }, { 1.5e18, "1.5e+18" }, { -2.25e20, "-2.25e+20" },
		{ 18446744073709551615.0, "1.84467440737096e+19" },
	};
	char buf[48];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_fmt_double(buf, sizeof(buf), cases[i].v);
		EXPECT_EQ_STR(buf, cases[i].s);
	}
	/* Not representable in JSON: written as 0. */
	json_fmt_double(buf, sizeof(buf), __builtin_inf());
	EXPECT_EQ_STR(buf, "0");
	json_fmt_double(buf, sizeof(buf), __builtin_nan(""));
	EXPECT_EQ_STR(buf, "0");
	/* snprintf's contract: truncated, terminated, full length returned. */
	EXPECT_EQ_UINT(json_fmt_double(buf, 4, 1234567.5), 9);
	EXPECT_EQ_STR(buf, "123");
	EXPECT_EQ_UINT(json_fmt_double(buf, 0, 1.5), 3);
}

/* Formatted numbers read back as (nearly) the same value. */
UNIT_TEST(double_round_trip)
{
	char text[48];
	double v, back;

	for (int i = 0; i < 2000; i++) {
		v = (double)unit_rand() / 65536.0 * (double)(unit_rand() % 1000);
		json_fmt_double(text, sizeof(text), v);
		if (!EXPECT_MSG(get_double_of(text, &back), "'%s' refused", text))
			break;
		if (!EXPECT_MSG(back - v < 1e-9 + v * 1e-15 &&
				v - back < 1e-9 + v * 1e-15,
				"%.17g -> '%s' -> %.17g", v, text, back))
			break;
	}
}

UNIT_TEST(writer_builds_results)
{
	char buf[256];
	struct json_out o;
	struct json_doc d;
	int64_t v;

	jo_init(&o, buf, sizeof(buf));
	jo_obj_begin(&o);
	jo_key(&o, "cpu_util_total");
	jo_double(&o, 12.5);
	jo_key(&o, "sender_has_retransmits");
	jo_i64(&o, -1);
	jo_key(&o, "streams");
	jo_arr_begin(&o);
	for (int i = 0; i < 2; i++) {
		jo_obj_begin(&o);
		jo_key(&o, "id");
		jo_i64(&o, i ? 3 : 1);
		jo_key(&o, "bytes");
		jo_u64(&o, UINT64_MAX);
		jo_obj_end(&o);
	}
	jo_arr_end(&o);
	jo_key(&o, "ok");
	jo_bool(&o, true);
	jo_obj_end(&o);
	EXPECT(!o.overflow);
	EXPECT_EQ_STR(buf, "{\"cpu_util_total\":12.5,\"sender_has_retransmits\":-1,"
		      "\"streams\":[{\"id\":1,\"bytes\":18446744073709551615},"
		      "{\"id\":3,\"bytes\":18446744073709551615}],\"ok\":true}");
	EXPECT_EQ_UINT(o.len, strlen(buf));
	ASSERT(json_parse(&d, buf, o.len, toks, NTOK) == JSON_OK);
	EXPECT(json_get_i64(&d, json_obj_get(&d, json_arr_get(&d,
		json_obj_get(&d, 0, "streams"), 1), "id"), &v) && v == 3);
}

UNIT_TEST(writer_escapes_strings)
{
	char buf[128], back[64];
	struct json_out o;
	struct json_doc d;
	const char *s = "a\"b\\c\nd\te\x01" "f/\xc3\xa9";

	jo_init(&o, buf, sizeof(buf));
	jo_str(&o, s);
	EXPECT_EQ_STR(buf, "\"a\\\"b\\\\c\\nd\\te\\u0001f/\xc3\xa9\"");
	ASSERT(json_parse(&d, buf, o.len, toks, NTOK) == JSON_OK);
	EXPECT(json_get_string(&d, 0, back, sizeof(back)));
	EXPECT_EQ_STR(back, s);
}

UNIT_TEST(writer_overflow_is_sticky)
{
	char buf[16];
	struct json_out o;

	jo_init(&o, buf, sizeof(buf));
	jo_obj_begin(&o);
	jo_key(&o, "key");
	jo_str(&o, "a value too long for the buffer");
	jo_key(&o, "k");	/* would fit, but after a loss nothing is written */
	jo_i64(&o, 1);
	jo_obj_end(&o);
	EXPECT(o.overflow);
	EXPECT(o.len < sizeof(buf));
	EXPECT_EQ_UINT(strlen(buf), o.len);
	EXPECT_EQ_STR(buf, "{\"key\":");
	/* Unbalanced use is refused as well. */
	jo_init(&o, buf, sizeof(buf));
	jo_obj_end(&o);
	EXPECT(o.overflow);
	jo_init(&o, buf, 0);
	EXPECT(o.overflow);
}

/*
 * Mutations of real messages (bytes flipped, cut, duplicated): the parser
 * must neither crash nor read outside the text (ASan), and whatever it
 * accepts must be walkable.
 */
UNIT_TEST(mutated_messages)
{
	static const char alphabet[] = {
		'{', '}', '[', ']', '"', ',', ':', '0', '-', '.', 'e', '\\', 'u',
		' ', '\0', 0x7f, (char)0xff,
	};
	const char *seeds[] = { params_udp, client_results };
	struct json_doc d;

	for (int round = 0; round < 20000; round++) {
		const char *seed = seeds[round & 1];
		size_t len = strlen(seed), n = unit_rand() % (len + 1);
		char *buf = malloc(n ? n : 1);
		int flips = 1 + unit_rand() % 4;

		memcpy(buf, seed, n);
		for (int f = 0; f < flips && n; f++)
			buf[unit_rand() % n] = alphabet[unit_rand() % sizeof(alphabet)];
		if (json_parse(&d, buf, n, toks, NTOK) == JSON_OK) {
			double x;
			int64_t v;
			char s[32];
			int st = json_obj_get(&d, 0, "streams");

			for (size_t i = 0; i < d.ntoks; i++) {
				EXPECT(d.toks[i].end <= n && d.toks[i].start <= d.toks[i].end);
				EXPECT(d.toks[i].next > i && d.toks[i].next <= d.ntoks);
				json_get_double(&d, i, &x);
				json_get_i64(&d, i, &v);
				json_get_string(&d, i, s, sizeof(s));
			}
			for (size_t i = 0; json_arr_get(&d, st, i) >= 0; i++)
				json_obj_get(&d, json_arr_get(&d, st, i), "id");
		}
		free(buf);
	}
}
