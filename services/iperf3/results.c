/*
 * results.c - the results exchange: the client's results (JSON) in, the
 * server's out, and the text of --get-server-output.
 *
 * The server's message, as iperf3 3.12's server writes it:
 *
 *	{"cpu_util_total":..,"cpu_util_user":..,"cpu_util_system":..,
 *	 "sender_has_retransmits":-1 | 0,
 *	 ["server_output_text":"...",]
 *	 "streams":[{"id":1,"bytes":..,"retransmits":-1,"jitter":..,
 *		     "errors":..,"packets":..,"start_time":0,"end_time":..}]}
 *
 * The client takes "bytes" and "end_time" of our receiving streams for its
 * "sum_received" (bits_per_second = bytes * 8 / end_time), and jitter,
 * errors (lost) and packets of UDP ones for its loss report. Retransmits
 * are unknown here (no TCP_INFO): -1, with sender_has_retransmits 0 so
 * the client does not print them.
 */
#include <stdio.h>
#include <string.h>

#include "iperf3.h"
#include "json.h"

#define RESULT_TOKENS	1024	/* ~16 per stream: 60 streams and more */
#define TEXT_SIZE	8192

static double seconds(int64_t ns)
{
	return (double)ns / (double)NSEC_PER_SEC;
}

/*
 * v with a fixed number of decimals (integer arithmetic: Skiff's printf
 * has no %f), for the human-readable text.
 */
static void fmt_fixed(char *buf, size_t size, double v, int decimals)
{
	uint64_t scale = 1, x;

	for (int i = 0; i < decimals; i++)
		scale *= 10;
	if (v < 0 || !__builtin_isfinite(v) || v > 1e15)
		v = 0;
	x = (uint64_t)(v * (double)scale + 0.5);
	if (decimals)
		snprintf(buf, size, "%llu.%0*llu", (unsigned long long)(x / scale),
			 decimals, (unsigned long long)(x % scale));
	else
		snprintf(buf, size, "%llu", (unsigned long long)x);
}

/* iperf3's style: 3 significant digits and a unit (K, M, G; base 1024 or 1000). */
static void fmt_unit(char *buf, size_t size, double v, double base,
		     const char *unit)
{
	static const char *const prefix[] = { "", "K", "M", "G", "T" };
	int p = 0;
	char num[32];

	while (v >= base && p < 4) {
		v /= base;
		p++;
	}
	fmt_fixed(num, sizeof(num), v, v < 9.995 ? 2 : v < 99.95 ? 1 : 0);
	snprintf(buf, size, "%s %s%s", num, prefix[p], unit);
}

/* One "[ ID] interval transfer bitrate [jitter lost/total] role" line. */
static size_t text_line(char *buf, size_t size, const struct test *t,
			const char *id, uint64_t bytes, uint64_t packets,
			uint64_t errors, double jitter, bool sender)
{
	double secs = seconds(t->end_ns - t->start_ns);
	char interval[32], transfer[48], rate[48], jit[40] = "", loss[80] = "";

	fmt_fixed(interval, sizeof(interval), secs, 2);
	fmt_unit(transfer, sizeof(transfer), (double)bytes, 1024.0, "Bytes");
	fmt_unit(rate, sizeof(rate), secs > 0 ? (double)bytes * 8.0 / secs : 0,
		 1000.0, "bits/sec");
	if (t->p.udp && !sender) {
		char pct[32];

		fmt_fixed(jit, sizeof(jit), jitter * 1000.0, 3);
		strcat(jit, " ms");
		fmt_fixed(pct, sizeof(pct),
			  packets ? 100.0 * (double)errors / (double)packets : 0, 2);
		snprintf(loss, sizeof(loss), "%llu/%llu (%s%%)",
			 (unsigned long long)errors, (unsigned long long)packets, pct);
	}
	return snprintf(buf, size, "[%s]   0.00-%-6s sec  %10s  %16s  %9s  %s  %s\n",
			id, interval, transfer, rate, jit, loss,
			sender ? "sender" : "receiver");
}

/* The text the client shows for --get-server-output: a summary. */
static void server_text(const struct test *t, char *buf, size_t size)
{
	char a[INET_ADDRSTRLEN], id[8];
	size_t n;

	n = snprintf(buf, size, "Accepted connection from %s, port %u\n"
		     "[ ID] Interval           Transfer     Bitrate%s\n",
		     addr_str(&t->client, a, sizeof(a)), ntohs(t->client.sin_port),
		     t->p.udp ? "         Jitter    Lost/Total Datagrams" : "");
	for (int i = 0; i < t->nstreams && n < size; i++) {
		const struct stream *s = &t->streams[i];

		snprintf(id, sizeof(id), "%3d", s->id);
		n += text_line(buf + n, size - n, t, id, s->bytes,
			       stream_packets(s), stream_errors(s),
			       s->sender ? s->peer_jitter : s->jitter, s->sender);
	}
}

static void stream_json(struct json_out *o, const struct test *t,
			const struct stream *s)
{
	jo_obj_begin(o);
	jo_key(o, "id");
	jo_i64(o, s->id);
	jo_key(o, "bytes");
	jo_u64(o, s->bytes);
	jo_key(o, "retransmits");
	jo_i64(o, -1);
	jo_key(o, "jitter");
	jo_double(o, s->sender ? s->peer_jitter : s->jitter);
	jo_key(o, "errors");
	jo_u64(o, stream_errors(s));
	jo_key(o, "packets");
	jo_u64(o, stream_packets(s));
	jo_key(o, "start_time");
	jo_i64(o, 0);
	jo_key(o, "end_time");
	jo_double(o, seconds(t->end_ns - t->start_ns));
	jo_obj_end(o);
}

static size_t build(const struct test *t, char *buf, size_t size,
		    const char *text)
{
	struct json_out o;
	bool sends = false;

	for (int i = 0; i < t->nstreams; i++)
		sends |= t->streams[i].sender;
	jo_init(&o, buf, size);
	jo_obj_begin(&o);
	/*
	 * CLOCK_PROCESS_CPUTIME_ID gives one figure; Skiff spends a
	 * service's system calls on the same clock, so all of it is "user".
	 */
	jo_key(&o, "cpu_util_total");
	jo_double(&o, t->cpu_util);
	jo_key(&o, "cpu_util_user");
	jo_double(&o, t->cpu_util);
	jo_key(&o, "cpu_util_system");
	jo_double(&o, 0.0);
	jo_key(&o, "sender_has_retransmits");
	jo_i64(&o, sends ? 0 : -1);
	if (text) {
		jo_key(&o, "server_output_text");
		jo_str(&o, text);
	}
	jo_key(&o, "streams");
	jo_arr_begin(&o);
	for (int i = 0; i < t->nstreams; i++)
		stream_json(&o, t, &t->streams[i]);
	jo_arr_end(&o);
	jo_obj_end(&o);
	return o.overflow ? 0 : o.len;
}

/* The server's results message into buf; 0 if it does not fit. */
size_t results_build(const struct test *t, char *buf, size_t size)
{
	static char text[TEXT_SIZE];
	size_t n = 0;

	if (t->p.get_server_output) {
		server_text(t, text, sizeof(text));
		n = build(t, buf, size, text);
	}
	/* Without the text if the text made it too long. */
	return n ? n : build(t, buf, size, NULL);
}

/*
 * The client's results: its jitter and loss for the UDP streams we sent
 * on, which we report back as iperf3 does. Returns -1 if the text is not a
 * JSON object; a document too big to take apart is accepted unread.
 */
int results_apply_client(struct test *t, const char *text, size_t len)
{
	static struct json_tok toks[RESULT_TOKENS];
	struct json_doc doc;
	enum json_err err = json_parse(&doc, text, len, toks, RESULT_TOKENS);
	int streams;

	if (err == JSON_ERR_TOKENS)
		return 0;
	if (err || json_type_of(&doc, 0) != JSON_OBJECT)
		return -1;
	streams = json_obj_get(&doc, 0, "streams");
	for (size_t i = 0;; i++) {
		int st = json_arr_get(&doc, streams, i);
		int64_t id, errors;
		double jitter;

		if (st < 0)
			break;
		if (!json_get_i64(&doc, json_obj_get(&doc, st, "id"), &id))
			continue;
		for (int k = 0; k < t->nstreams; k++) {
			struct stream *s = &t->streams[k];

			if (s->id != id || !s->sender)
				continue;
			if (json_get_double(&doc, json_obj_get(&doc, st, "jitter"),
					    &jitter) && jitter >= 0)
				s->peer_jitter = jitter;
			if (json_get_i64(&doc, json_obj_get(&doc, st, "errors"),
					 &errors) && errors >= 0)
				s->peer_errors = errors;
		}
	}
	return 0;
}

/* One line to the log: what the test moved, each way. */
void results_log(const struct test *t)
{
	double secs = seconds(t->end_ns - t->start_ns);
	uint64_t rx = 0, tx = 0, pk = 0, lost = 0;
	char srx[48], stx[48], ssecs[32], extra[80] = "";

	for (int i = 0; i < t->nstreams; i++) {
		const struct stream *s = &t->streams[i];

		if (s->sender) {
			tx += s->bytes;
		} else {
			rx += s->bytes;
			pk += stream_packets(s);
			lost += stream_errors(s);
		}
	}
	fmt_fixed(ssecs, sizeof(ssecs), secs, 3);
	fmt_unit(srx, sizeof(srx), secs > 0 ? (double)rx * 8.0 / secs : 0, 1000.0,
		 "bit/s");
	fmt_unit(stx, sizeof(stx), secs > 0 ? (double)tx * 8.0 / secs : 0, 1000.0,
		 "bit/s");
	if (t->p.udp && pk)
		snprintf(extra, sizeof(extra), ", lost %llu/%llu datagrams",
			 (unsigned long long)lost, (unsigned long long)pk);
	log_msg("test %llu: %s s, received %llu bytes (%s), sent %llu bytes (%s)%s",
		(unsigned long long)t->number, ssecs, (unsigned long long)rx, srx,
		(unsigned long long)tx, stx, extra);
}
