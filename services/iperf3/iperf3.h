/*
 * iperf3.h - the server's state, shared by its files:
 *
 *	main.c		listening socket, accepted connections awaiting their
 *			cookie, the poll loop and timers
 *	control.c	the control connection: messages, states, parameters
 *	stream.c	the data streams: TCP and UDP, both directions, pacing,
 *			UDP loss and jitter
 *	results.c	the results message and --get-server-output text
 *	json.c		the JSON reader and writer
 *
 * One test at a time, as iperf3 itself: `struct test` is that test, idle
 * between clients. Everything is non-blocking and driven by one poll(2),
 * so a stalled or hostile peer costs a descriptor, never the loop. The
 * same source builds against glibc on Linux and against Skiff's libc.
 */
#ifndef SKIFF_IPERF3_H
#define SKIFF_IPERF3_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto.h"

#define NSEC_PER_SEC		1000000000LL
#define NSEC_PER_MSEC		1000000LL

#define IO_BUF_SIZE		65536	/* one read or write; holds any UDP datagram */
#define MAX_MSG			32768	/* longest control JSON accepted */
#define MAX_PENDING		16	/* accepted connections awaiting a cookie */
#define COOKIE_WAIT_NS		(10 * NSEC_PER_SEC)
#define PHASE_WAIT_NS		(15 * NSEC_PER_SEC)	/* params, streams, results */
#define RUN_GRACE_NS		(30 * NSEC_PER_SEC)	/* past -O + -t before giving up */
#define STALL_NS		(60 * NSEC_PER_SEC)	/* no data either way: give up */
#define CTRL_SEND_WAIT_MS	5000	/* a control write may wait this long */
#define FINISH_IDLE_NS		(1 * NSEC_PER_SEC)	/* -n/-k: the last bytes ... */
#define FINISH_MAX_NS		(5 * NSEC_PER_SEC)	/* ... may come this late */

/* What the client asked for (its JSON parameters). */
struct params {
	bool udp;
	bool reverse;		/* -R: the server sends */
	bool bidir;		/* --bidir: the second half of the streams send */
	int omit;		/* -O seconds not counted */
	int duration;		/* -t seconds; the client ends the test */
	uint64_t bytes;		/* -n: the sender stops after this many */
	uint64_t blocks;	/* -k: ... or this many blocks (datagrams) */
	int parallel;		/* -P */
	uint32_t len;		/* -l: block (datagram) size */
	uint64_t bandwidth;	/* -b bit/s per stream; 0 = as fast as possible */
	int window;		/* -w socket buffer, 0 = default */
	bool nodelay;		/* -N */
	bool udp64;		/* 64-bit UDP packet counters */
	bool get_server_output;
	char client_version[16];
};

struct stream {
	int id;			/* 1, 3, 4, 5, ...: the numbering of iperf3 */
	int fd;			/* TCP socket; -1 for UDP (the test's udp_fd) */
	bool sender;		/* the server sends on this stream */
	bool open;		/* still transferring */
	bool blocked;		/* the last send would block: wait for POLLOUT */
	struct sockaddr_in peer;	/* UDP: the client's address */
	uint64_t bytes;		/* counted since omitting ended */
	uint64_t paced_bytes;	/* sent since the start, for -b */
	/* UDP receiver: RFC 3550 A.8 jitter; loss from packet numbers. */
	uint64_t max_seq;	/* highest packet number seen */
	uint64_t lost;		/* gaps not (yet) filled by late packets */
	uint64_t outoforder;
	uint64_t seq_base, lost_base, ooo_base;	/* at the end of omitting */
	bool have_transit;
	int64_t prev_transit_us;
	double jitter;		/* seconds */
	/* UDP sender */
	uint64_t next_seq;
	uint64_t sent_base;	/* next_seq - 1 when omitting ended */
	/* The client's measurement of a stream we sent (its results). */
	double peer_jitter;
	uint64_t peer_errors;
};

enum test_phase {
	PH_IDLE,		/* no client */
	PH_PARAMS,		/* sent PARAM_EXCHANGE: reading the parameters */
	PH_STREAMS,		/* sent CREATE_STREAMS: accepting data streams */
	PH_RUNNING,		/* sent TEST_RUNNING: data flows until TEST_END */
	PH_FINISHING,		/* TEST_END of -n/-k: the rest still in flight */
	PH_RESULTS,		/* sent EXCHANGE_RESULTS: reading the client's */
	PH_DONE,		/* sent DISPLAY_RESULTS: awaiting IPERF_DONE */
};

/* A control message being read: the 4-byte length, then the text. */
struct ctrl_rx {
	uint8_t hdr[MSG_LEN_SIZE];
	size_t hdr_got;
	uint32_t len;
	size_t got;
	char text[MAX_MSG];
};

struct test {
	enum test_phase phase;
	uint64_t number;	/* tests started since boot */
	int ctrl_fd;
	char cookie[COOKIE_SIZE];
	struct sockaddr_in client;
	struct ctrl_rx rx;
	struct params p;
	struct stream streams[MAX_STREAMS];
	int nstreams;		/* connected so far */
	int want_streams;	/* parallel, twice that with --bidir */
	int udp_fd;		/* UDP tests: every stream's socket */
	bool udp_blocked;	/* a sendto would block: wait for POLLOUT */
	int64_t deadline_ns;	/* the phase fails if not over by then */
	int64_t run_start_ns;	/* TEST_RUNNING: pacing starts here */
	int64_t start_ns;	/* counting starts here (after omitting) */
	int64_t omit_end_ns;
	bool omitting;
	int64_t end_ns;		/* the last byte moved (TEST_END: see test_end) */
	uint64_t rx_total;	/* bytes received, omitted ones too */
	uint64_t rx_expect;	/* -n/-k with the client sending: its total */
	int64_t progress_ns;	/* last time data moved */
	int64_t cpu_start_ns;
	unsigned int gen;	/* changes at every reset: stale events are dropped */
	double cpu_util;	/* percent of one CPU over the counted time */
	uint64_t sent_total;	/* bytes (TCP) or datagrams (UDP) sent, for -n/-k */
	uint64_t send_limit;	/* in the same unit; 0 = until TEST_END */
	uint64_t short_dgrams;	/* UDP datagrams too short for the header */
};

struct server {
	int listen_fd;
	uint16_t port;
	struct in_addr bind_addr;	/* -B; INADDR_ANY by default */
	int64_t now;		/* CLOCK_MONOTONIC when poll last returned */
	struct {
		int fd;
		size_t got;
		int64_t deadline_ns;
		struct sockaddr_in peer;
		char cookie[COOKIE_SIZE];
	} pending[MAX_PENDING];
	struct test test;
	unsigned char rxbuf[IO_BUF_SIZE];
	unsigned char txbuf[IO_BUF_SIZE];	/* random payload */
};

/* main.c */
int64_t now_ns(void);
int64_t cpu_ns(void);
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int set_nonblock(int fd);
const char *addr_str(const struct sockaddr_in *sin, char *buf, size_t size);

/* control.c */
void control_start(struct server *srv, int fd, const struct sockaddr_in *peer,
		   const char *cookie);
void control_input(struct server *srv);
void control_timers(struct server *srv);
int64_t control_next_timer(const struct test *t);
void control_streams_ready(struct server *srv);
void test_init(struct test *t);
void test_reset(struct test *t, const char *why);
bool test_cookie_matches(const struct test *t, const char *cookie);
int ctrl_send(struct test *t, const void *buf, size_t n);

/* stream.c */
int stream_add_tcp(struct server *srv, int fd);
void stream_tcp_input(struct server *srv, struct stream *s);
void stream_tcp_output(struct server *srv, struct stream *s);
void udp_input(struct server *srv);
void streams_send(struct server *srv);
int64_t streams_next_due(const struct test *t, int64_t now);
void streams_end_omit(struct test *t, int64_t now);
void streams_drain(struct server *srv);
void streams_close(struct test *t);
int udp_open(struct server *srv);
uint64_t stream_packets(const struct stream *s);
uint64_t stream_errors(const struct stream *s);

/* results.c */
size_t results_build(const struct test *t, char *buf, size_t size);
int results_apply_client(struct test *t, const char *text, size_t len);
void results_log(const struct test *t);

#endif /* SKIFF_IPERF3_H */
