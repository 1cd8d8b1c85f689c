/*
 * control.c - the control connection of a test: the server's side of the
 * iperf3 state machine.
 *
 *	server				client
 *	PARAM_EXCHANGE (9)	->
 *				<-	parameters (JSON)
 *	CREATE_STREAMS (10)	->
 *				<-	data connections (cookie) / UDP hellos
 *	TEST_START (1), TEST_RUNNING (2) ->
 *				<-	... data ..., then TEST_END (4)
 *	EXCHANGE_RESULTS (13)	->
 *				<-	client results (JSON)
 *	server results (JSON)	->
 *	DISPLAY_RESULTS (14)	->
 *				<-	IPERF_DONE (16)
 *
 * JSON travels as a 32-bit big-endian length and the text. Anything else
 * (a bad length, text that is not JSON or not an object, a state byte the
 * phase does not expect, silence past a deadline) ends the test: the
 * control and data connections are closed and the server is idle again.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <poll.h>
#include <unistd.h>

#include "iperf3.h"
#include "json.h"

#define NEVER		INT64_MAX
#define PARAM_TOKENS	256	/* the parameters are one flat object */

static const char *const phase_names[] = {
	[PH_IDLE] = "idle",
	[PH_PARAMS] = "parameter exchange",
	[PH_STREAMS] = "stream setup",
	[PH_RUNNING] = "test",
	[PH_FINISHING] = "test end",
	[PH_RESULTS] = "result exchange",
	[PH_DONE] = "result display",
};

void test_init(struct test *t)
{
	memset(t, 0, sizeof(*t));
	t->ctrl_fd = -1;
	t->udp_fd = -1;
	t->phase = PH_IDLE;
}

/* Ends the test, whatever its phase: every descriptor of it is closed. */
void test_reset(struct test *t, const char *why)
{
	if (t->phase != PH_IDLE && why)
		log_msg("test %llu: %s", (unsigned long long)t->number, why);
	streams_close(t);
	if (t->ctrl_fd >= 0)
		close(t->ctrl_fd);
	t->ctrl_fd = -1;
	t->phase = PH_IDLE;
	t->nstreams = 0;
	t->gen++;
}

bool test_cookie_matches(const struct test *t, const char *cookie)
{
	return t->phase != PH_IDLE && !memcmp(t->cookie, cookie, COOKIE_SIZE);
}

/*
 * Writes all n bytes to the control connection. The socket is
 * non-blocking; a peer that stops reading gets CTRL_SEND_WAIT_MS, then
 * the write fails (and the caller ends the test).
 */
int ctrl_send(struct test *t, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	int waited = 0;

	while (n > 0) {
		ssize_t r = send(t->ctrl_fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		struct pollfd pfd = { .fd = t->ctrl_fd, .events = POLLOUT };

		if (r > 0) {
			p += r;
			n -= r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return -1;
		if (waited >= CTRL_SEND_WAIT_MS)
			return -1;
		poll(&pfd, 1, 100);
		waited += 100;
	}
	return 0;
}

static int send_state(struct test *t, int state)
{
	uint8_t b = (uint8_t)(int8_t)state;

	return ctrl_send(t, &b, 1);
}

/* A JSON message: its length, big-endian, then the text. */
static int send_msg(struct test *t, const char *text, size_t len)
{
	uint8_t hdr[MSG_LEN_SIZE] = {
		len >> 24, len >> 16, len >> 8, len,
	};

	if (ctrl_send(t, hdr, sizeof(hdr)) < 0)
		return -1;
	return ctrl_send(t, text, len);
}

/*
 * SERVER_ERROR, then the iperf error number and errno, each a 32-bit
 * big-endian int; the client prints its text for the error and exits.
 */
static void fail_test(struct test *t, int ie, int err, const char *why)
{
	uint8_t msg[9] = {
		(uint8_t)(int8_t)SERVER_ERROR,
		ie >> 24, ie >> 16, ie >> 8, ie,
		err >> 24, err >> 16, err >> 8, err,
	};

	ctrl_send(t, msg, sizeof(msg));
	test_reset(t, why);
}

void control_start(struct server *srv, int fd, const struct sockaddr_in *peer,
		   const char *cookie)
{
	struct test *t = &srv->test;
	uint64_t number = t->number + 1;
	unsigned int gen = t->gen + 1;
	int one = 1;

	/*
	 * State bytes must go out at once: Nagle would hold TEST_RUNNING
	 * until the client's delayed ACK of CREATE_STREAMS, 40 ms on Linux,
	 * and the client's clock would start that much after ours.
	 */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	test_init(t);
	t->number = number;
	t->gen = gen;
	t->ctrl_fd = fd;
	t->client = *peer;
	memcpy(t->cookie, cookie, COOKIE_SIZE);
	t->phase = PH_PARAMS;
	t->deadline_ns = srv->now + PHASE_WAIT_NS;
	if (send_state(t, PARAM_EXCHANGE) < 0)
		test_reset(t, "cannot send PARAM_EXCHANGE");
}

/* A flag: iperf3 writes some as true/false and others as 1/0. */
static bool get_flag(const struct json_doc *d, const char *key, bool *out)
{
	int tok = json_obj_get(d, 0, key);
	int64_t v;

	if (tok < 0)
		return true;			/* absent: keep the default */
	if (json_get_bool(d, tok, out))
		return true;
	if (!json_get_i64(d, tok, &v))
		return false;
	*out = v != 0;
	return true;
}

/* An integer in [lo, hi]; absent keeps the default. */
static bool get_int(const struct json_doc *d, const char *key, int64_t lo,
		    int64_t hi, int64_t *out)
{
	int tok = json_obj_get(d, 0, key);
	int64_t v;

	if (tok < 0)
		return true;
	if (!json_get_i64(d, tok, &v) || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool get_u64(const struct json_doc *d, const char *key, uint64_t *out)
{
	int tok = json_obj_get(d, 0, key);

	return tok < 0 || json_get_u64(d, tok, out);
}

/*
 * Reads the client's parameters into p. Unknown keys are ignored (title,
 * congestion, pacing_timer, ...); a known key with a value of the wrong
 * type or out of range is an error, named in *bad.
 */
static bool parse_params(const struct json_doc *d, struct params *p,
			 const char **bad)
{
	int64_t omit = 0, duration = 10, parallel = 1, len = 0, window = 0;
	bool tcp = false, sctp = false;

	memset(p, 0, sizeof(*p));
	*bad = "not an object";
	if (json_type_of(d, 0) != JSON_OBJECT)
		return false;
#define CHECK(cond, key)				\
	do {						\
		if (!(cond)) {				\
			*bad = "'" key "'";		\
			return false;			\
		}					\
	} while (0)
	CHECK(get_flag(d, "tcp", &tcp), "tcp");
	CHECK(get_flag(d, "udp", &p->udp), "udp");
	CHECK(get_flag(d, "sctp", &sctp), "sctp");
	CHECK(!sctp && !(tcp && p->udp), "sctp");
	CHECK(get_int(d, "omit", 0, 600, &omit), "omit");
	CHECK(get_int(d, "time", 0, 86400, &duration), "time");
	CHECK(get_u64(d, "num", &p->bytes), "num");
	CHECK(get_u64(d, "blockcount", &p->blocks), "blockcount");
	CHECK(get_int(d, "parallel", 1, MAX_STREAMS, &parallel), "parallel");
	CHECK(get_flag(d, "reverse", &p->reverse), "reverse");
	CHECK(get_flag(d, "bidirectional", &p->bidir), "bidirectional");
	CHECK(get_int(d, "len", 0, p->udp ? MAX_UDP_BLOCK : MAX_TCP_BLOCK, &len),
	      "len");
	CHECK(get_u64(d, "bandwidth", &p->bandwidth), "bandwidth");
	CHECK(get_int(d, "window", 0, 1 << 30, &window), "window");
	CHECK(get_flag(d, "nodelay", &p->nodelay), "nodelay");
	CHECK(get_flag(d, "udp_counters_64bit", &p->udp64), "udp_counters_64bit");
	CHECK(get_flag(d, "get_server_output", &p->get_server_output),
	      "get_server_output");
#undef CHECK
	p->omit = omit;
	p->duration = duration;
	p->parallel = parallel;
	p->window = window;
	/* The client always sends len; these are its defaults otherwise. */
	p->len = len ? len : p->udp ? 1460 : 128 * 1024;
	if (p->udp && p->len < (p->udp64 ? UDP_HDR_SIZE64 : UDP_HDR_SIZE32)) {
		*bad = "'len'";
		return false;
	}
	if (p->bidir && p->parallel > MAX_STREAMS / 2) {
		*bad = "'parallel'";
		return false;
	}
	json_get_string(d, json_obj_get(d, 0, "client_version"),
			p->client_version, sizeof(p->client_version));
	return true;
}

/*
 * What the client sends with -n or -k (bytes, datagrams rounded up to
 * whole ones), so the server can wait for the last of it; 0 if unknown.
 */
static uint64_t receive_expect(const struct params *p)
{
	if (p->reverse)
		return 0;
	if (p->blocks)
		return p->blocks * p->len;
	if (p->udp)
		return (p->bytes + p->len - 1) / p->len * p->len;
	return p->bytes;
}

/* What the server sends before TEST_END: bytes (TCP) or datagrams (UDP). */
static uint64_t send_limit(const struct params *p)
{
	if (!p->reverse && !p->bidir)
		return 0;
	if (p->udp)
		return p->blocks ? p->blocks :
		       p->bytes ? (p->bytes + p->len - 1) / p->len : 0;
	return p->bytes ? p->bytes : p->blocks * p->len;
}

static void describe_test(const struct test *t)
{
	const struct params *p = &t->p;
	char a[INET_ADDRSTRLEN], until[48];

	if (p->bytes)
		snprintf(until, sizeof(until), "%llu bytes",
			 (unsigned long long)p->bytes);
	else if (p->blocks)
		snprintf(until, sizeof(until), "%llu blocks",
			 (unsigned long long)p->blocks);
	else
		snprintf(until, sizeof(until), "%d s", p->duration);
	log_msg("test %llu from %s port %u (iperf %s): %s, %d stream%s, %s%s, %s",
		(unsigned long long)t->number, addr_str(&t->client, a, sizeof(a)),
		ntohs(t->client.sin_port),
		p->client_version[0] ? p->client_version : "?",
		p->udp ? "UDP" : "TCP", p->parallel, p->parallel > 1 ? "s" : "",
		until, p->omit ? " (+ omitted)" : "",
		p->bidir ? "both directions" :
		p->reverse ? "server sends" : "client sends");
}

static void handle_params(struct server *srv)
{
	static struct json_tok toks[PARAM_TOKENS];
	struct test *t = &srv->test;
	struct json_doc doc;
	enum json_err err;
	const char *bad;

	err = json_parse(&doc, t->rx.text, t->rx.len, toks, PARAM_TOKENS);
	if (err) {
		test_reset(t, "parameters are not JSON: connection closed");
		return;
	}
	if (!parse_params(&doc, &t->p, &bad)) {
		char why[80];

		snprintf(why, sizeof(why), "bad parameters (%s): SERVER_ERROR", bad);
		fail_test(t, IE_RECV_PARAMS, EINVAL, why);
		return;
	}
	describe_test(t);
	t->want_streams = t->p.parallel * (t->p.bidir ? 2 : 1);
	t->send_limit = send_limit(&t->p);
	t->rx_expect = receive_expect(&t->p);
	if (t->p.udp && udp_open(srv) < 0) {
		fail_test(t, IE_CREATE_STREAM, errno, "cannot open the UDP socket");
		return;
	}
	t->phase = PH_STREAMS;
	t->deadline_ns = srv->now + PHASE_WAIT_NS;
	if (send_state(t, CREATE_STREAMS) < 0)
		test_reset(t, "cannot send CREATE_STREAMS");
}

/* Every stream is connected: the test starts (TEST_START, TEST_RUNNING). */
void control_streams_ready(struct server *srv)
{
	static const uint8_t go[] = { TEST_START, TEST_RUNNING };
	struct test *t = &srv->test;
	int64_t now = now_ns();

	t->phase = PH_RUNNING;
	t->run_start_ns = now;
	t->start_ns = now;
	t->progress_ns = now;
	t->omitting = t->p.omit > 0;
	t->omit_end_ns = now + t->p.omit * NSEC_PER_SEC;
	t->cpu_start_ns = cpu_ns();
	/* -t: the client ends the test; give it time to, not forever. */
	t->deadline_ns = t->p.duration ?
		now + (t->p.omit + t->p.duration) * NSEC_PER_SEC + RUN_GRACE_NS :
		NEVER;
	if (ctrl_send(t, go, sizeof(go)) < 0)
		test_reset(t, "cannot send TEST_RUNNING");
}

/* The data is over: count what already arrived, stop, ask for results. */
static void test_end(struct server *srv)
{
	struct test *t = &srv->test;
	int64_t wall, cpu;

	streams_drain(srv);
	/*
	 * The test's time ends with the last byte moved, not with the
	 * TEST_END that follows it (a sender stops on its clock; a receiver
	 * may have waited for the tail of -n), if anything moved at all.
	 */
	t->end_ns = now_ns();
	if (t->progress_ns > t->start_ns && t->progress_ns < t->end_ns)
		t->end_ns = t->progress_ns;
	if (t->omitting)
		streams_end_omit(t, t->end_ns);	/* it never got past -O */
	wall = t->end_ns - t->start_ns;
	cpu = cpu_ns() - t->cpu_start_ns;
	t->cpu_util = wall > 0 ? 100.0 * (double)cpu / (double)wall : 0.0;
	if (t->cpu_util > 100.0)
		t->cpu_util = 100.0;
	streams_close(t);
	t->phase = PH_RESULTS;
	t->deadline_ns = srv->now + PHASE_WAIT_NS;
	if (send_state(t, EXCHANGE_RESULTS) < 0)
		test_reset(t, "cannot send EXCHANGE_RESULTS");
}

/* The client's results arrived: answer with ours, then DISPLAY_RESULTS. */
static void handle_client_results(struct server *srv)
{
	static char out[MAX_MSG];
	struct test *t = &srv->test;
	size_t n;

	if (results_apply_client(t, t->rx.text, t->rx.len) < 0) {
		test_reset(t, "client results are not a JSON object: connection closed");
		return;
	}
	n = results_build(t, out, sizeof(out));
	if (!n) {
		test_reset(t, "results do not fit a message");
		return;
	}
	if (send_msg(t, out, n) < 0 || send_state(t, DISPLAY_RESULTS) < 0) {
		test_reset(t, "cannot send the results");
		return;
	}
	results_log(t);
	t->phase = PH_DONE;
	t->deadline_ns = srv->now + PHASE_WAIT_NS;
}

/*
 * Reads a length-prefixed message into t->rx: 1 when whole, 0 when more
 * is to come, -1 when the connection failed or the length is not
 * acceptable (*why says which).
 */
static int read_msg(struct test *t, const char **why)
{
	struct ctrl_rx *rx = &t->rx;
	ssize_t n;

	if (rx->hdr_got < MSG_LEN_SIZE) {
		n = recv(t->ctrl_fd, rx->hdr + rx->hdr_got,
			 MSG_LEN_SIZE - rx->hdr_got, 0);
		if (n <= 0)
			goto recv_failed;
		rx->hdr_got += n;
		if (rx->hdr_got < MSG_LEN_SIZE)
			return 0;
		rx->len = (uint32_t)rx->hdr[0] << 24 | rx->hdr[1] << 16 |
			  rx->hdr[2] << 8 | rx->hdr[3];
		rx->got = 0;
		if (rx->len == 0 || rx->len > MAX_MSG) {
			*why = "bad control message length: connection closed";
			return -1;
		}
	}
	n = recv(t->ctrl_fd, rx->text + rx->got, rx->len - rx->got, 0);
	if (n <= 0)
		goto recv_failed;
	rx->got += n;
	if (rx->got < rx->len)
		return 0;
	rx->hdr_got = 0;
	return 1;
recv_failed:
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return 0;
	*why = n == 0 ? "the client closed the control connection" :
			"control connection failed";
	return -1;
}

/* One state byte from the client, in the phases that expect them. */
static void handle_state(struct server *srv, int8_t state)
{
	struct test *t = &srv->test;
	char why[80];

	if (state == CLIENT_TERMINATE) {
		test_reset(t, "the client ended the test early");
	} else if (state == TEST_END && t->phase == PH_RUNNING) {
		/*
		 * With -n or -k the client sends TEST_END once its last
		 * write returned: some of it may still be on the way (a
		 * slow link, a big socket buffer). Wait for it, a little.
		 */
		if (t->rx_expect && t->rx_total < t->rx_expect) {
			t->phase = PH_FINISHING;
			t->end_ns = srv->now;
			/* (control_timers ends the wait; this only backs it up) */
			t->deadline_ns = t->end_ns + FINISH_MAX_NS + NSEC_PER_SEC;
			return;
		}
		test_end(srv);
	} else if (state == IPERF_DONE && t->phase == PH_DONE) {
		test_reset(t, NULL);
	} else {
		snprintf(why, sizeof(why), "unexpected state %d in %s: connection closed",
			 state, phase_names[t->phase]);
		test_reset(t, why);
	}
}

void control_input(struct server *srv)
{
	struct test *t = &srv->test;
	const char *why = NULL;
	int8_t state;
	ssize_t n;
	int r;

	switch (t->phase) {
	case PH_PARAMS:
	case PH_RESULTS:
		r = read_msg(t, &why);
		if (r < 0)
			test_reset(t, why);
		else if (r > 0 && t->phase == PH_PARAMS)
			handle_params(srv);
		else if (r > 0)
			handle_client_results(srv);
		return;
	case PH_STREAMS:
	case PH_RUNNING:
	case PH_FINISHING:
	case PH_DONE:
		n = recv(t->ctrl_fd, &state, 1, 0);
		if (n == 1)
			handle_state(srv, state);
		else if (n == 0)
			test_reset(t, t->phase == PH_DONE ? NULL :
				   "the client closed the control connection");
		else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			test_reset(t, "control connection failed");
		return;
	case PH_IDLE:
		return;
	}
}

void control_timers(struct server *srv)
{
	struct test *t = &srv->test;
	char why[80];

	if (t->phase == PH_IDLE)
		return;
	if (srv->now >= t->deadline_ns) {
		snprintf(why, sizeof(why), "timed out in %s", phase_names[t->phase]);
		test_reset(t, why);
		return;
	}
	if (t->phase == PH_FINISHING) {
		if (t->rx_total >= t->rx_expect ||
		    srv->now - t->progress_ns >= FINISH_IDLE_NS ||
		    srv->now >= t->end_ns + FINISH_MAX_NS)
			test_end(srv);
		return;
	}
	if (t->phase != PH_RUNNING)
		return;
	if (t->omitting && srv->now >= t->omit_end_ns)
		streams_end_omit(t, srv->now);
	if (srv->now - t->progress_ns >= STALL_NS)
		test_reset(t, "no data moved for 60 s");
}

int64_t control_next_timer(const struct test *t)
{
	int64_t next = NEVER;

	if (t->phase == PH_IDLE)
		return NEVER;
	next = t->deadline_ns;
	if (t->phase == PH_FINISHING &&
	    t->progress_ns + FINISH_IDLE_NS < next)
		next = t->progress_ns + FINISH_IDLE_NS;
	if (t->phase == PH_RUNNING) {
		if (t->omitting && t->omit_end_ns < next)
			next = t->omit_end_ns;
		if (t->progress_ns + STALL_NS < next)
			next = t->progress_ns + STALL_NS;
	}
	return next;
}
