/*
 * A small packetdrill-like script runner for the TCP host tests. A script
 * (tests/unit/tcp_scripts/NAME.pkt) is a list of lines, each one of:
 *
 *	+0.2			advance the fake clock by 0.2 s (timers fire)
 *	< S 0:0(0) win 65535 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>
 *				inject a segment from the peer
 *	> S. 0:0(0) ack 1 <mss 1460,sackOK,TS val * ecr 100,nop,wscale *>
 *				expect Skiff's next segment (any field may be *)
 *	> none			expect that nothing was sent
 *				(flags: S F R P and . for ACK; - for none at all)
 *	socket / bind PORT / listen N / accept / connect PORT
 *	write N [= R] / read N [= R] / close / shutdown wr|rd|rdwr
 *	setsockopt nodelay|maxseg|keepalive|keepidle|keepintvl|keepcnt|quickack N
 *	setsockopt congestion NAME / setsockopt linger N / setsockopt rcvbuf N
 *	state ESTABLISHED	the current socket's TCP state
 *	counter NAME N		the TCP MIB counter NAME rose by N since the start
 *	drop REASON N		N packets died of drop reason REASON since the start
 *	icmp frag-needed MTU	an ICMP fragmentation-needed quoting our last segment
 *	use N			act on socket slot N (in order of creation/accept)
 *	peerport N		the peer's next segments come from port N (a new connection)
 *	msl MS			set tcp_msl_ms (restored after the script)
 *	sysctl tcp_mem|tcp_rmem|tcp_wmem A B C
 *				set the three values (restored after the script)
 *	poll IN|OUT|HUP|RDHUP|ERR	the events poll reports (exactly)
 *	watch write		start counting wakeups of the socket's writers
 *	wakeup write		writers were woken since (sk_write_space)
 *	gro {			the peer's segments up to "}" arrive in one NAPI
 *	}			poll, through GRO, as a NIC's burst
 *
 * Sequence numbers are relative, as in packetdrill: the peer's to its
 * fixed ISN, ours to the ISN of our first SYN or SYN-ACK. Payload bytes
 * are a pattern of their stream offset; reads check it. Inbound "ecr *"
 * echoes our last TSval.
 *
 * Each injected frame is an skb in the given layout (nettest/skb_layout.h):
 * a script must pass alike with the peer's bytes linear, in page frags or
 * on a frag_list.
 */
#ifndef _TCP_SCRIPT_H
#define _TCP_SCRIPT_H

#include <kernel/types.h>
#include "nettest/skb_layout.h"

/* Run the script at path; every failure is reported through unit.h. */
void tcp_script_run(const char *path, enum nt_layout layout);
/*
 * The same with the device's features widened (NETIF_F_TSO: it is
 * handed TSO skbs, which the script sees cut as the wire would carry
 * them). Returns how many TSO skbs the device was handed.
 */
unsigned int tcp_script_run_features(const char *path, enum nt_layout layout, u32 features);

#endif
