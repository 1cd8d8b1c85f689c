/*
 * debug=tcp: the lines TCP prints when its trace flag is on, one per
 * event, each naming the connection as "local > remote". TCP calls these
 * where the event happens (see the README's debug= list):
 *   tcp_trace_state()	  every change of sk_state (tcp_set_state);
 *   tcp_trace_retransmit() every segment sent again, and why: "rto"
 *			  (the timer, or in Loss after it), "rack" (found
 *			  lost by RACK from SACKs), "fast" (three duplicate
 *			  ACKs, NewReno), "tlp" (a tail loss probe), "syn"
 *			  (a SYN or SYN-ACK), "pmtu" (too big for a smaller
 *			  path MTU);
 *   tcp_trace_rto()	  every retransmission timer expiry, before the
 *			  retransmission it causes, with the recovery
 *			  state and counters it found.
 * Off, each costs one predictable branch; on, retransmissions and RTO
 * expiries are rate limited per call site (a lossy bulk transfer would
 * otherwise print thousands of lines a second).
 */
#ifndef _NET_TCP_TRACE_H
#define _NET_TCP_TRACE_H

#include <kernel/ratelimit.h>
#include <net/inet_sock.h>
#include <net/inet_utils.h>
#include <net/byteorder.h>
#include <net/tcp.h>
#include <stdio.h>

/* "10.0.0.2:80 > 10.0.0.1:41000" into buf (at least TCP_TRACE_CONN_LEN). */
#define TCP_TRACE_CONN_LEN	48
static inline const char *tcp_trace_conn(const struct sock *sk, char *buf)
{
	const struct inet_sock *inet = inet_sk(sk);
	char l[INET_ADDRSTRLEN], r[INET_ADDRSTRLEN];

	snprintf(buf, TCP_TRACE_CONN_LEN, "%s:%u > %s:%u",
		 in4_ntop(inet->inet_rcv_saddr ? inet->inet_rcv_saddr : inet->inet_saddr, l),
		 ntohs(inet->inet_sport), in4_ntop(inet->inet_daddr, r),
		 ntohs(inet->inet_dport));
	return buf;
}

static inline void tcp_trace_state(const struct sock *sk, int oldstate, int newstate)
{
	char c[TCP_TRACE_CONN_LEN];

	pr_trace(TRACE_TCP, "tcp: %s %s -> %s\n", tcp_trace_conn(sk, c),
		 tcp_state_name(oldstate), tcp_state_name(newstate));
}

static inline void tcp_trace_retransmit(const struct sock *sk, u32 seq, u32 len,
					const char *why)
{
	char c[TCP_TRACE_CONN_LEN];

	pr_trace_ratelimited(TRACE_TCP, "tcp: %s retransmit seq %u len %u (%s)\n",
			     tcp_trace_conn(sk, c), seq, len, why);
}

/*
 * The recovery state at the expiry: what the sender knew (segments out,
 * SACKed, marked lost, retransmitted and not yet acknowledged) and
 * whether a loss probe was out, so that a trace says why it came to a
 * timeout rather than only that it did.
 */
static inline void tcp_trace_rto(const struct sock *sk, u32 rto_ms, u32 backoff)
{
	static const char *const ca_name[] = { "Open", "Disorder", "Recovery", "Loss" };
	const struct tcp_sock *tp = tcp_sk(sk);
	char c[TCP_TRACE_CONN_LEN];

	pr_trace_ratelimited(TRACE_TCP,
			     "tcp: %s RTO expired after %u ms (backoff %u, %s, cwnd %u, "
			     "ssthresh %u; %u out, %u sacked, %u lost, %u retrans%s)\n",
			     tcp_trace_conn(sk, c), rto_ms, backoff,
			     tp->ca_state < ARRAY_SIZE(ca_name) ? ca_name[tp->ca_state] : "?",
			     tp->snd_cwnd, tp->snd_ssthresh, tp->packets_out, tp->sacked_out,
			     tp->lost_out, tp->retrans_out, tp->tlp_high_seq ? ", probe out" : "");
}

#endif
