/*
 * TCP (RFC 9293 with RFC 7323, RFC 2018, RFC 6675, RFC 5681, RFC 6298):
 * the socket, the per-segment control block, the MIB and the interfaces
 * between the files of net/ipv4/tcp*.c (Linux include/net/tcp.h).
 *
 *	tcp.c		socket calls: sendmsg, recvmsg, poll, close, shutdown, options
 *	tcp_input.c	segment arrival (RFC 9293 3.10.7), ACK processing
 *	tcp_data.c	received data: receive and out-of-order queues, FIN
 *	tcp_sack.c	SACK blocks sent (RFC 2018, 2883) and the scoreboard (RFC 6675)
 *	tcp_recovery.c	loss recovery: the state machine, PRR (RFC 6937), F-RTO
 *			(RFC 5682), NewReno (RFC 6582), undo (RFC 2883, 3522)
 *	tcp_rack.c	RACK-TLP loss detection and tail loss probes (RFC 8985)
 *	tcp_output.c	building and sending segments, Nagle, windows
 *	tcp_timer.c	RTO, RACK reordering and loss-probe timers, persist,
 *			keepalive, delayed ACK
 *	tcp_mem.c	buffer sizes: receive autotuning, send buffer growth,
 *			tcp_rmem, tcp_wmem, tcp_mem and memory pressure
 *	tcp_ipv4.c	demux, hash tables, connect, ports, RST, ICMP errors
 *	tcp_minisocks.c	TIME-WAIT and request socks (the listen path)
 *	syncookies.c	SYN cookies
 *	tcp_cong.c	congestion control registry and Reno; tcp_cubic.c CUBIC
 *	tcp_selftest.c	in-kernel self-test over loopback
 *
 * Sequence space: all u32 with wrap-safe before()/after().
 * Time: tcp_time_stamp() is jiffies (1 ms, HZ = 1000), also the TSval
 * clock; RTTs are kept in microseconds from ktime_get_us().
 */
#ifndef _NET_TCP_H
#define _NET_TCP_H

#include <kernel/types.h>
#include <kernel/list.h>
#include <kernel/timer.h>
#include <kernel/time.h>
#include <net/inet_sock.h>
#include <net/proto/tcp.h>
#include <net/skbuff.h>

/* ---- sequence arithmetic (RFC 9293 3.4) ---- */

static inline bool before(u32 seq1, u32 seq2)
{
	return (s32)(seq1 - seq2) < 0;
}
#define after(seq2, seq1)	before(seq1, seq2)

/* seq2 <= seq1 <= seq3 in sequence space (Linux's argument order). */
static inline bool between(u32 seq1, u32 seq2, u32 seq3)
{
	return seq3 - seq2 >= seq1 - seq2;
}

/* ---- constants ---- */

#define TCP_MSS_DEFAULT		536U	/* RFC 9293 3.7.1, RFC 6691 */
#define TCP_MIN_MSS		88U	/* Linux's floor for a lowered PMTU */
#define TCP_MAX_WSCALE		14	/* RFC 7323 2.3 */
#define TCP_MAX_WINDOW		(65535U << TCP_MAX_WSCALE)
#define TCP_INIT_CWND		10	/* RFC 6928 */
#define TCP_INFINITE_SSTHRESH	0x7fffffff
#define TCP_FASTRETRANS_THRESH	3	/* DupThresh, RFC 5681 3.2 / RFC 6675 */
#define TCP_MAX_SACKS		4	/* blocks we send (3 with timestamps) */

/* RFC 6298: initial 1 s; minimum 200 ms (Linux's TCP_RTO_MIN, rather than
 * 2.4's 1 s, which RFC 6298 allows and which today's networks need: a 1 s
 * floor turns every tail loss on a LAN into a second of silence). */
#define TCP_TIMEOUT_INIT	(1 * HZ)
#define TCP_RTO_MIN		(HZ / 5)
#define TCP_RTO_MAX		(120 * HZ)
#define TCP_TIMEOUT_MIN		2U	/* jiffies: the least a RACK or TLP timer waits */
#define TCP_RACK_RECOVERY_THRESH 16	/* recoveries a grown reo_wnd persists (Linux) */
#define TCP_DELACK_TIME		(40 * HZ / 1000)	/* RFC 1122 4.2.3.2: < 500 ms */
#define TCP_SYNACK_RETRIES	5
#define TCP_SYN_RETRIES		6
#define TCP_KEEPALIVE_TIME	(7200 * HZ)	/* RFC 1122 4.2.3.6: >= 2 h */
#define TCP_KEEPALIVE_INTVL	(75 * HZ)
#define TCP_KEEPALIVE_PROBES	9
#define TCP_FIN_TIMEOUT		(60 * HZ)	/* orphaned FIN-WAIT-2 */
#define TCP_MEM_WAIT		(HZ / 10)	/* a writer tcp_mem refused tries again after */
#define TCP_PAWS_24DAYS		(60 * 60 * 24 * 24)	/* RFC 7323 5.5, seconds */
#define TCP_PAWS_MSL		60	/* a TIME-WAIT timestamp is stale after this, s */

/* Option lengths on the wire. */
#define TCPOLEN_MSS		4
#define TCPOLEN_WINDOW		3
#define TCPOLEN_SACK_PERM	2
#define TCPOLEN_TIMESTAMP	10
#define TCPOLEN_TSTAMP_ALIGNED	12
#define TCPOLEN_SACK_BASE	2
#define TCPOLEN_SACK_PERBLOCK	8
#define MAX_TCP_OPTION_SPACE	40
#define MAX_TCP_HEADER		(MAX_HEADER + TCP_HLEN_MIN + MAX_TCP_OPTION_SPACE)

/* Tunables (Linux's sysctls). */
extern u32 tcp_msl_ms;			/* MSL; TIME-WAIT lasts 2 MSL (cmdline tcp_msl=) */
extern u32 sysctl_tcp_retries2;		/* 15: RTO retransmissions before ETIMEDOUT */
extern u32 sysctl_tcp_syn_retries;	/* 6 */
extern bool sysctl_tcp_syncookies;	/* used when the SYN queue overflows */
extern bool sysctl_tcp_sack, sysctl_tcp_timestamps, sysctl_tcp_window_scaling;
extern u32 sysctl_tcp_max_syn_backlog;	/* ceiling on a listener's SYN queue */
/* Buffers and memory (tcp_mem.c): min, default, max bytes; low, pressure, limit pages. */
extern int sysctl_tcp_rmem[3], sysctl_tcp_wmem[3];
extern long sysctl_tcp_mem[3];
extern long tcp_memory_allocated;	/* bytes of truesize in all TCP queues */

/* ---- the MIB (Linux /proc/net/snmp "Tcp:" and netstat "TcpExt:") ---- */

#define TCP_MIB_LIST(X)							\
	X(ACTIVEOPENS, ActiveOpens)	/* SYN-SENT from CLOSED */	\
	X(PASSIVEOPENS, PassiveOpens)	/* SYN-RECEIVED from LISTEN */	\
	X(ATTEMPTFAILS, AttemptFails)	/* SYN-* to CLOSED or LISTEN */	\
	X(ESTABRESETS, EstabResets)	/* ESTABLISHED/CLOSE-WAIT to CLOSED */ \
	X(CURRESTAB, CurrEstab)		/* a gauge: ESTABLISHED + CLOSE-WAIT */ \
	X(INSEGS, InSegs)						\
	X(OUTSEGS, OutSegs)						\
	X(RETRANSSEGS, RetransSegs)					\
	X(INERRS, InErrs)		/* malformed or bad checksum */	\
	X(OUTRSTS, OutRsts)						\
	X(INCSUMERRORS, InCsumErrors)	/* also in InErrs */		\
	X(INHDRERRORS, InHdrErrors)	/* short header or bad offset; also in InErrs */ \
	X(NOSOCKET, NoSocket)		/* no socket: answered with RST */ \
	X(SYNCOOKIESSENT, SyncookiesSent)				\
	X(SYNCOOKIESRECV, SyncookiesRecv)				\
	X(SYNCOOKIESFAILED, SyncookiesFailed)				\
	X(LISTENOVERFLOWS, ListenOverflows) /* accept queue full */	\
	X(LISTENDROPS, ListenDrops)	/* SYNs and ACKs a listener lost */ \
	X(TCPREQQFULLDROP, TCPReqQFullDrop) /* SYN queue full, no cookies */ \
	X(TCPTIMEOUTS, TCPTimeouts)	/* RTO expirations */		\
	X(TCPSACKRECOVERY, TCPSackRecovery)				\
	X(TCPRENORECOVERY, TCPRenoRecovery)				\
	X(TCPFASTRETRANS, TCPFastRetrans)				\
	X(TCPSLOWSTARTRETRANS, TCPSlowStartRetrans)			\
	X(TCPLOSSUNDO, TCPLossUndo)	/* spurious RTO undone */	\
	X(TCPFULLUNDO, TCPFullUndo)	/* spurious fast retransmit undone */ \
	X(TCPPARTIALUNDO, TCPPartialUndo) /* undone on a partial ACK (Eifel) */ \
	X(TCPDSACKUNDO, TCPDSACKUndo)	/* undone: D-SACKs covered every retransmission */ \
	X(TCPSPURIOUSRTOS, TCPSpuriousRTOs) /* F-RTO found the RTO spurious */ \
	X(TCPLOSSPROBES, TCPLossProbes)	/* tail loss probes sent */	\
	X(TCPLOSSPROBERECOVERY, TCPLossProbeRecovery) /* a probe repaired a tail loss */ \
	X(TCPLOSTRETRANSMIT, TCPLostRetransmit) /* RACK: a retransmission lost again */ \
	X(TCPSACKREORDER, TCPSACKReorder) /* reordering seen in SACKs */ \
	X(DELAYEDACKS, DelayedACKs)	/* delayed-ACK timer fired */	\
	X(TCPCHALLENGEACK, TCPChallengeACK)				\
	X(TCPSYNCHALLENGE, TCPSYNChallenge)				\
	X(PAWSESTAB, PAWSEstab)		/* RFC 7323 5: old timestamp */ \
	X(PAWSACTIVE, PAWSActive)	/* bad TS echo on a SYN-ACK */	\
	X(TCPABORTONDATA, TCPAbortOnData) /* data after close: RST */	\
	X(TCPABORTONCLOSE, TCPAbortOnClose) /* unread data at close: RST */ \
	X(TCPABORTONLINGER, TCPAbortOnLinger)				\
	X(TCPABORTONTIMEOUT, TCPAbortOnTimeout)				\
	X(TCPABORTONMEMORY, TCPAbortOnMemory)				\
	X(TCPOFOQUEUE, TCPOFOQueue)	/* queued out of order */	\
	X(TCPOFODROP, TCPOFODrop)	/* out of order, no room */	\
	X(TCPOFOMERGE, TCPOFOMerge)	/* overlapped queued data */	\
	X(TCPRCVQDROP, TCPRcvQDrop)	/* in order, no room */		\
	X(OFOPRUNED, OfoPruned)		/* out-of-order data freed for in-order */ \
	X(TCPMEMORYPRESSURES, TCPMemoryPressures) /* times tcp_mem[1] was passed */ \
	X(TCPMEMORYPRESSURESCHRONO, TCPMemoryPressuresChrono) /* ms spent under pressure */ \
	X(TCPZEROWINDOWDROP, TCPZeroWindowDrop) /* in order, but the window is 0 */ \
	X(TCPZEROWINDOWACKS, TCPZeroWindowAcks) /* ACK of a probe into our closed window */ \
	X(TCPDSACKOLDSENT, TCPDSACKOldSent)				\
	X(TCPDSACKOFOSENT, TCPDSACKOfoSent)				\
	X(TCPDSACKRECV, TCPDSACKRecv)					\
	X(TCPSACKDISCARD, TCPSACKDiscard) /* invalid SACK block */	\
	X(TCPPUREACKS, TCPPureAcks)					\
	X(TCPHPACKS, TCPHPAcks)		/* fast path: pure ACK */	\
	X(TCPHPHITS, TCPHPHits)		/* fast path: in-order data */	\
	X(TCPWINPROBE, TCPWinProbe)	/* zero-window probes sent */	\
	X(TCPKEEPALIVE, TCPKeepAlive)	/* keepalive probes sent */	\
	X(TCPTIMEWAITS, TW)		/* TIME-WAITs that ran out */	\
	X(TCPTWRECYCLED, TWRecycled)	/* TIME-WAIT 4-tuple taken by connect() */ \
	X(TCPTWKILLED, TWKilled)	/* TIME-WAIT ended by a RST */	\
	X(OUTOFWINDOWICMPS, OutOfWindowIcmps)				\
	X(TCPMTUPFAIL, TCPMTUPFail)	/* frag-needed below our floor */ \
	X(EMBRYONICRSTS, EmbryonicRsts)	/* RST to a request sock */

#define __TCP_ENUM(e, name) TCP_MIB_##e,
enum { TCP_MIB_LIST(__TCP_ENUM) TCP_MIB_MAX };
/* Where Linux's "TcpExt:" counters begin (the dumps print two groups). */
#define TCP_MIB_EXT_FIRST	TCP_MIB_SYNCOOKIESSENT
extern u64 tcp_mib[TCP_MIB_MAX];
extern const char *const tcp_mib_names[TCP_MIB_MAX];
#define TCP_INC_STATS(f)	(tcp_mib[TCP_MIB_##f]++)
#define TCP_DEC_STATS(f)	(tcp_mib[TCP_MIB_##f]--)
#define TCP_ADD_STATS(f, n)	(tcp_mib[TCP_MIB_##f] += (n))

/* ---- per-segment control block in skb->cb ---- */

struct tcp_skb_cb {
	u32 seq;		/* first sequence number (the SYN's, if any) */
	u32 end_seq;		/* seq + SYN + FIN + data length */
	u64 tx_us;		/* when last sent (us), for RTT samples */
	u32 ack_seq;		/* receive: the segment's ACK field */
	u8 tcp_flags;		/* TCPHDR_* */
	u8 sacked;		/* TCPCB_* scoreboard state (write queue) */
};

/* Scoreboard bits (RFC 6675): what we know about a sent segment. */
#define TCPCB_SACKED_ACKED	0x01	/* the peer SACKed it */
#define TCPCB_SACKED_RETRANS	0x02	/* retransmitted, still in flight */
#define TCPCB_LOST		0x04	/* deemed lost, to be retransmitted */
#define TCPCB_EVER_RETRANS	0x08	/* ever retransmitted (Karn) */

#define TCP_SKB_CB(skb) ((struct tcp_skb_cb *)&(skb)->cb[0])

/* ---- options seen on the wire (RFC 9293 3.2, RFC 7323, RFC 2018) ---- */

struct tcp_sack_block {
	u32 start_seq;
	u32 end_seq;
};

struct tcp_options_received {
	u32 ts_recent;		/* TS.Recent (RFC 7323 4.3) */
	u32 ts_recent_stamp;	/* when ts_recent was set, seconds */
	u32 rcv_tsval;		/* of the segment being processed */
	u32 rcv_tsecr;
	u16 mss_clamp;		/* peer's MSS option (or our user limit) */
	u16 user_mss;		/* TCP_MAXSEG */
	u8 saw_tstamp;		/* this segment had a TS option */
	u8 tstamp_ok;		/* TS negotiated */
	u8 sack_ok;		/* SACK-permitted negotiated */
	u8 wscale_ok;		/* window scaling negotiated */
	u8 snd_wscale;		/* peer's shift for its windows */
	u8 rcv_wscale;		/* our shift for the windows we send */
	u8 num_sacks;		/* blocks in selective_acks[] */
	u8 dsack;		/* duplicate_sack[0] is to be sent */
	/* SACK blocks of the segment being processed (host order). */
	u8 saw_sack;
	struct tcp_sack_block rcv_sacks[TCP_MAX_SACKS];
};

/* Parse the options of th (length already checked against skb->len). */
void tcp_parse_options(const struct tcphdr *th,
		       struct tcp_options_received *opt, bool syn);

/* ---- congestion control (Linux's tcp_congestion_ops) ---- */

enum tcp_ca_state {
	TCP_CA_Open,		/* nothing outstanding known lost */
	TCP_CA_Disorder,	/* dupacks or SACKs seen, not yet a loss */
	TCP_CA_Recovery,	/* fast recovery (RFC 5681 3.2, 6582, 6675) */
	TCP_CA_Loss,		/* after an RTO */
};

enum tcp_ca_event {
	CA_EVENT_TX_START,	/* first transmit after idle */
	CA_EVENT_LOSS,		/* RTO */
};

struct tcp_congestion_ops {
	struct list_head list;
	const char *name;
	/* Required: the slow-start threshold after a loss, in segments. */
	u32 (*ssthresh)(struct sock *sk);
	/* Required: grow cwnd for acked segments, ack the new SND.UNA. */
	void (*cong_avoid)(struct sock *sk, u32 ack, u32 acked);
	/* Optional. */
	void (*init)(struct sock *sk);
	void (*set_state)(struct sock *sk, u8 new_state);
	void (*cwnd_event)(struct sock *sk, enum tcp_ca_event ev);
	u32 (*undo_cwnd)(struct sock *sk);
	void (*pkts_acked)(struct sock *sk, u32 acked, s32 rtt_us);
};

#define TCP_CA_PRIV_SIZE	64

/* Register ops (its name unique); 0 or -EEXIST. */
int tcp_register_congestion_control(struct tcp_congestion_ops *ca);
/* The ops called name, or NULL. */
struct tcp_congestion_ops *tcp_ca_find(const char *name);
/* Give sk the default (cmdline tcp_congestion=, else cubic). */
void tcp_assign_congestion_control(struct sock *sk);
/* TCP_CONGESTION: 0 or -ENOENT. */
int tcp_set_congestion_control(struct sock *sk, const char *name);
void tcp_init_congestion_control(struct sock *sk);
void tcp_set_ca_state(struct sock *sk, u8 ca_state);
void tcp_ca_event(struct sock *sk, enum tcp_ca_event ev);
/* Reno's pieces, which others reuse (RFC 5681 3.1). */
u32 tcp_reno_ssthresh(struct sock *sk);
void tcp_reno_cong_avoid(struct sock *sk, u32 ack, u32 acked);
u32 tcp_reno_undo_cwnd(struct sock *sk);
u32 tcp_slow_start(struct sock *sk, u32 acked);
void tcp_cong_avoid_ai(struct sock *sk, u32 w, u32 acked);
extern struct tcp_congestion_ops tcp_reno;
extern struct tcp_congestion_ops cubictcp;
void tcp_cong_init(void);

/* ---- hash tables ---- */

/*
 * One entry of the established hash: full sockets, TIME-WAIT socks and
 * request socks (SYN-RECEIVED) share it, keyed by the 4-tuple, as
 * Linux's sock_common in its ehash. kind says which object contains it.
 */
enum { TCP_EH_SOCK, TCP_EH_TW, TCP_EH_REQ };

struct tcp_ehash_entry {
	struct hlist_node node;
	__be32 laddr, raddr;
	__be16 lport, rport;
	u8 kind;
};

#define TCP_EHASH_SIZE	16384	/* 10,000 connections at under one per chain */
#define TCP_LHASH_SIZE	256
#define TCP_BHASH_SIZE	4096

/* ---- the socket ---- */

/* Timer events that share retransmit_timer (Linux's icsk_pending). */
#define ICSK_TIME_RETRANS	1
#define ICSK_TIME_PROBE0	2
#define ICSK_TIME_REO_TIMEOUT	3	/* RACK's reordering window ran out (RFC 8985 6.3) */
#define ICSK_TIME_LOSS_PROBE	4	/* tail loss probe (RFC 8985 7.2) */

/* ack_pending bits. */
#define ICSK_ACK_SCHED		1	/* an ACK is owed */
#define ICSK_ACK_TIMER		2	/* the delayed-ACK timer is armed */

struct tcp_request_sock;
struct tcp_bind_bucket;

struct tcp_sock {
	struct inet_sock inet;		/* first: a sock is a tcp_sock */
	struct tcp_ehash_entry eh;	/* in tcp_ehash while it has a 4-tuple */
	struct hlist_node lnode;	/* in tcp_lhash while listening */

	/* Send sequence variables (RFC 9293 3.3.1). */
	u32 snd_una;			/* oldest unacknowledged */
	u32 snd_nxt;			/* next to send */
	u32 snd_wnd;			/* peer's window, scaled */
	u32 snd_wl1, snd_wl2;		/* seq and ack of the last window update */
	u32 write_seq;			/* end of the data the user queued */
	u32 max_window;			/* largest window the peer offered */
	u32 snd_sml;			/* end of the last small segment (Nagle) */
	u32 iss;

	/* Receive sequence variables. */
	u32 rcv_nxt;			/* next expected */
	u32 copied_seq;			/* next byte the user reads */
	u32 rcv_wup;			/* rcv_nxt when the window was last sent */
	u32 rcv_wnd;			/* the window we offered at rcv_wup */
	u32 window_clamp;		/* the largest window we ever offer */
	u32 irs;

	struct tcp_options_received rx_opt;
	u32 mss_cache;			/* current send MSS, without options */
	u16 advmss;			/* the MSS we announce */
	u16 rcv_mss;			/* guess of the peer's segment size */
	u32 pmtu_cookie;		/* path MTU mss_cache was computed for */

	/* Round-trip and retransmission timeout (RFC 6298). */
	u32 srtt_us;			/* smoothed RTT << 3 */
	u32 mdev_us;			/* RTTVAR << 2 */
	u32 rto;			/* jiffies */
	u64 tcp_mstamp;			/* the last send time given out, us */
	u32 min_rtt_us;			/* least RTT seen lately; ~0U: none */
	u32 min_rtt_stamp;		/* jiffies when min_rtt_us was taken */
	u8 retransmits;			/* RTO expirations for the head segment */
	u8 backoff;			/* exponential backoff shift */
	u8 probes_out;			/* zero-window or keepalive probes unanswered */
	u8 pending;			/* ICSK_TIME_* on retransmit_timer */
	u32 retrans_stamp;		/* tcp_time_stamp of the first retransmission */
	u32 rto_stamp;			/* when the RTO timer last started without progress */

	/* Congestion (cwnd and friends in segments, RFC 5681). */
	u32 snd_cwnd;
	u32 snd_ssthresh;
	u32 snd_cwnd_cnt;		/* linear increase counter */
	u32 prior_cwnd, prior_ssthresh;	/* for undo */
	u32 packets_out;		/* segments sent and not cumulatively acked */
	u32 sacked_out;			/* of those, SACKed (or dupacks without SACK) */
	u32 lost_out;			/* marked lost */
	u32 retrans_out;		/* retransmitted, in flight */
	u32 high_seq;			/* snd_nxt when recovery began ("recover") */
	u32 undo_marker;		/* snd_una when recovery began; 0: no undo */
	int undo_retrans;		/* retransmissions not yet shown spurious; -1: none yet */
	u32 total_retrans;
	u32 delivered;			/* segments delivered (acked or SACKed), ever */
	u32 lost;			/* segments marked lost, ever */
	u32 prr_delivered;		/* RFC 6937: delivered since recovery began */
	u32 prr_out;			/* RFC 6937: sent since recovery began */
	u32 highest_sack;		/* end of the highest SACKed segment (0: none) */
	u32 reord_seen;			/* reordering events seen (RACK widens reo_wnd) */
	u32 tlp_high_seq;		/* snd_nxt when the loss probe went; 0: none out */
	u8 tlp_retrans;			/* that probe was a retransmission */
	u8 frto;			/* F-RTO (RFC 5682) runs in this Loss episode */
	/* cwnd use over the last window of data (Linux's tcp_cwnd_validate, RFC 7661). */
	u8 is_cwnd_limited;		/* cwnd limited sending in this window */
	u32 max_packets_out;		/* most segments out in this window */
	u32 cwnd_usage_seq;		/* snd_nxt when this window's tracking began */
	struct {			/* RACK (RFC 8985 6.1) */
		u64 mstamp;		/* RACK.xmit_ts: send time of the newest delivered segment, us */
		u32 rtt_us;		/* RACK.rtt */
		u32 end_seq;		/* RACK.end_seq */
		u32 reo_seq;		/* snd_nxt when reo_wnd last grew */
		u8 advanced;		/* mstamp moved: time to look for losses */
		u8 reo_wnd_steps;	/* RACK.reo_wnd_mult */
		u8 reo_wnd_persist;	/* recoveries before reo_wnd_steps resets */
		u8 dsack_seen;		/* a D-SACK arrived since reo_wnd last grew */
	} rack;
	u8 ca_state;
	u8 nonagle;			/* TCP_NODELAY */
	u8 ack_pending;			/* ICSK_ACK_* */
	u8 quick;			/* ACKs to send at once (quickack mode) */
	u8 pingpong;			/* interactive: delay ACKs to piggyback */
	u8 syn_retries;
	const struct tcp_congestion_ops *ca_ops;
	u64 ca_priv[TCP_CA_PRIV_SIZE / 8];

	/* Send queue: sk_write_queue holds sent-unacked then unsent skbs
	 * (their truesize in sk->sk_wmem_queued). */
	struct sk_buff *send_head;	/* first unsent, or NULL */

	/* Receive buffer autotuning (tcp_mem.c; Linux's rcv_rtt_est, rcvq_space). */
	struct {
		u32 rtt_us;		/* the receiver's RTT << 3; 0: none yet */
		u32 seq;		/* the right edge of a window offered at time_us */
		u64 time_us;
	} rcv_rtt_est;
	struct {
		u32 space;		/* bytes the reader took in the last RTT */
		u32 seq;		/* copied_seq at time_us, when this RTT's count began */
		u64 time_us;
	} rcvq_space;
	u32 rcv_rtt_last_tsecr;		/* the last TSecr a receiver RTT came from */

	/* Out-of-order queue, ordered by seq, without overlaps (RFC 9293 3.10.7.4). */
	struct sk_buff_head out_of_order_queue;
	struct tcp_sack_block duplicate_sack[1];	/* RFC 2883 */
	struct tcp_sack_block selective_acks[TCP_MAX_SACKS];

	/* Timers. */
	struct timer_list retransmit_timer;	/* RTO, SYN, zero-window probe */
	struct timer_list delack_timer;
	struct timer_list keepalive_timer;	/* keepalive; SYN-SENT user timeout; FIN-WAIT-2 */
	u32 rcv_tstamp;			/* jiffies of the last segment received */
	u32 lsndtime;			/* jiffies of the last data sent */
	u32 keepalive_time, keepalive_intvl;	/* jiffies; 0: the default */
	u8 keepalive_probes;

	/* Listen state: request socks (SYN queue) and children (accept queue). */
	struct list_head syn_queue;	/* tcp_request_sock.list */
	struct list_head accept_queue;	/* tcp_sock.accept_node */
	u32 syn_qlen, accept_qlen;
	struct list_head accept_node;	/* on the listener's accept queue */
	struct sock *parent;		/* listener while on its accept queue */

	struct tcp_bind_bucket *tb;	/* the bound port, NULL if none */
	u8 bound_by_connect;		/* port picked by connect(): sharable */
	int soft_err;			/* ICMP error kept for a timeout (RFC 1122 4.2.3.9) */
	u32 synq_overflow_ts;		/* listener: when cookies were last sent, 0 = never */
};

static inline struct tcp_sock *tcp_sk(const struct sock *sk)
{
	return (struct tcp_sock *)sk;
}

/* ---- TIME-WAIT and request socks (tcp_minisocks.c) ---- */

struct tcp_timewait_sock {
	struct tcp_ehash_entry eh;
	struct timer_list tw_timer;
	u32 rcv_nxt, snd_nxt;
	u32 rcv_wnd;			/* as last advertised, unscaled */
	u32 ts_recent, ts_recent_stamp;
	u8 rcv_wscale;
	u8 tstamp_ok;
	u8 substate;			/* TCP_TIME_WAIT or TCP_FIN_WAIT2 */
	u8 tos;
};

/* A connection in SYN-RECEIVED before it earns a full socket (Linux's request_sock). */
struct tcp_request_sock {
	struct tcp_ehash_entry eh;
	struct list_head list;		/* on the listener's syn_queue */
	struct sock *listener;
	struct timer_list rsk_timer;	/* SYN-ACK retransmission */
	u32 rcv_isn, snt_isn;
	u32 ts_recent;
	u16 mss;			/* peer's MSS option */
	u8 snd_wscale, rcv_wscale;
	u8 wscale_ok, sack_ok, tstamp_ok;
	u8 num_retrans;
	u8 tos;
};

enum tcp_tw_status {
	TCP_TW_SUCCESS,		/* handled (consumed) */
	TCP_TW_RST,		/* answer with a RST */
	TCP_TW_ACK,		/* answer with an ACK */
	TCP_TW_SYN,		/* a new incarnation: give the SYN to the listener */
};

/* Move sk to TIME-WAIT (or orphaned FIN-WAIT-2) for timeo jiffies, then close sk. */
void tcp_time_wait(struct sock *sk, int state, u32 timeo);
/* RFC 9293 3.10.7.4 for TIME-WAIT; consumes nothing. */
enum tcp_tw_status tcp_timewait_state_process(struct tcp_timewait_sock *tw,
					       struct sk_buff *skb,
					       const struct tcphdr *th);
void tcp_tw_deschedule(struct tcp_timewait_sock *tw);
void tcp_tw_send_ack(struct tcp_timewait_sock *tw, struct sk_buff *skb);

/* The listen path (RFC 9293 3.10.7.2). Does not consume skb. */
int tcp_conn_request(struct sock *sk, struct sk_buff *skb);
/* The segment for request req (3.10.7.4 in SYN-RECEIVED): the child; the
 * listener (no child: drop for *reason); or NULL, handled (*reason
 * SKB_CONSUMED, or why to drop skb). Does not consume skb. */
struct sock *tcp_check_req(struct sock *sk, struct sk_buff *skb,
			   struct tcp_request_sock *req,
			   enum skb_drop_reason *reason);
void tcp_reqsk_free(struct tcp_request_sock *req);
/* A request sock for syncookies.c, in no queue. */
struct tcp_request_sock *tcp_reqsk_alloc(struct sock *sk, struct sk_buff *skb,
					 const struct tcp_options_received *opt);
/* A full child socket for a completed handshake; NULL on no memory. */
struct sock *tcp_create_openreq_child(struct sock *sk,
				      const struct tcp_request_sock *req,
				      struct sk_buff *skb);
/* Free everything the listener holds in its SYN and accept queues. */
void tcp_listen_purge(struct sock *sk);
u32 tcp_tw_count(void);
void tcp_minisocks_init(void);

/* ---- SYN cookies (syncookies.c) ---- */

/* The ISN that encodes req's MSS (may lower req->mss); also the TS bits. */
u32 cookie_v4_init_sequence(const struct sk_buff *skb, u16 *mssp);
u32 cookie_init_timestamp(const struct tcp_request_sock *req, u32 now);
/* A request sock rebuilt from a valid cookie ACK, or NULL and why the ACK is dropped. */
struct tcp_request_sock *cookie_v4_check(struct sock *sk, struct sk_buff *skb,
					 enum skb_drop_reason *reason);

/* ---- tcp_ipv4.c ---- */

extern struct proto tcp_prot;

int tcp_v4_rcv(struct sk_buff *skb);
void tcp_v4_err(struct sk_buff *skb, u32 info);
int tcp_v4_connect(struct sock *sk, struct sockaddr *uaddr, int addr_len);
int tcp_v4_get_port(struct sock *sk, unsigned short snum);
void tcp_v4_send_reset(const struct sock *sk, struct sk_buff *skb);
/* A bare ACK from no full socket (TIME-WAIT, request socks). */
void tcp_v4_send_ack(struct sk_buff *skb, u32 seq, u32 ack, u32 win,
		     const u32 *ts, u8 tos);
void tcp_v4_hash_listener(struct sock *sk);
u32 tcp_v4_init_seq(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport);
void tcp_ehash_add(struct tcp_ehash_entry *e);
void tcp_ehash_del(struct tcp_ehash_entry *e);
/* Move the bound port of sk to child (child inherits listener's port). */
void tcp_inherit_port(struct sock *sk, struct sock *child);
void tcp_v4_destroy_sock(struct sock *sk);
/* Connections in each TCP state, for tests and the shell. */
u32 tcp_sock_count(void);
void tcp_v4_init(void);

/* ---- tcp.c ---- */

void tcp_init_sock(struct sock *sk);
void tcp_set_state(struct sock *sk, int state);
/* The connection is closed: timers off, wake the owner, free if orphaned. */
void tcp_done(struct sock *sk);
/* Close with RST (abort) and report err to the owner. */
void tcp_reset(struct sock *sk);
int tcp_disconnect(struct sock *sk, int flags);
void tcp_close(struct sock *sk, long timeout);
void tcp_shutdown(struct sock *sk, int how);
int tcp_sendmsg(struct sock *sk, struct kmsghdr *msg, size_t size);
int tcp_recvmsg(struct sock *sk, struct kmsghdr *msg, size_t len, int flags,
		int *addr_len);
__poll_t tcp_poll(struct file *file, struct socket *sock, poll_table *wait);
int tcp_setsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		   unsigned int optlen);
int tcp_getsockopt(struct sock *sk, int level, int optname, sockptr_t optval,
		   int *optlen);
int tcp_listen(struct sock *sk, int backlog);
struct sock *tcp_accept(struct sock *sk, int flags, int *err);
int tcp_ioctl(struct sock *sk, int cmd, int *karg);
/* After reading: open the window if it grew enough (RFC 9293 3.8.6.2.2). */
void tcp_cleanup_rbuf(struct sock *sk, int copied);
void tcp_write_queue_purge(struct sock *sk);
/* Free send space wakes writers once a third of the buffer is free. */
void tcp_check_space(struct sock *sk);
static inline bool tcp_stream_memory_free(const struct sock *sk)
{
	return sk->sk_wmem_queued < sk->sk_sndbuf;
}

/* ---- tcp_mem.c ---- */

enum tcp_mem_kind { TCP_MEM_RECV, TCP_MEM_SEND };

/* Defaults of tcp_mem and the largest buffers from the memory there is (Linux's tcp_init). */
void tcp_init_mem(void);
/* Pages tcp_memory_allocated takes (rounded up), for tcp_mem and sockstat. */
long tcp_memory_pages(void);
/* Past tcp_mem[1], and not yet back below tcp_mem[0]? */
bool tcp_under_memory_pressure(void);
/* May sk queue size more bytes of kind within tcp_mem? */
bool tcp_mem_schedule(struct sock *sk, int size, enum tcp_mem_kind kind);
/* A write refused for memory: shrink the send buffer to half of what is queued. */
void tcp_moderate_sndbuf(struct sock *sk);
/* Send space was freed (an ACK): grow the send buffer with cwnd (Linux's tcp_new_space). */
void tcp_new_space(struct sock *sk);
/* Receiver RTT samples for autotuning: from a window's arrival, or a timestamp echo. */
void tcp_rcv_rtt_measure(struct tcp_sock *tp);
void tcp_rcv_rtt_measure_ts(struct sock *sk, const struct sk_buff *skb);
/* After a read: grow the receive buffer to what the reader takes per RTT. */
void tcp_rcv_space_adjust(struct sock *sk);
/* At ESTABLISHED: size the send buffer, begin measuring the reader. */
void tcp_init_buffer_space(struct sock *sk);
/* The write queue's truesize grew (or shrank) by size, charged to tcp_mem (Linux's sk_wmem_queued_add + sk_mem_charge). */
static inline void tcp_wmem_queued_add(struct sock *sk, int size)
{
	sk->sk_wmem_queued += size;
	sk_mem_charge(sk, size);
}

/* TCP_INFO: Linux's struct tcp_info, the leading fields (ABI layout). */
#define TCPI_OPT_TIMESTAMPS	1
#define TCPI_OPT_SACK		2
#define TCPI_OPT_WSCALE		4

struct tcp_info {
	u8 tcpi_state;
	u8 tcpi_ca_state;
	u8 tcpi_retransmits;
	u8 tcpi_probes;
	u8 tcpi_backoff;
	u8 tcpi_options;
	u8 tcpi_wscale;		/* snd_wscale in bits 0-3, rcv_wscale in 4-7 */
	u8 tcpi_flags;
	u32 tcpi_rto;		/* us */
	u32 tcpi_ato;
	u32 tcpi_snd_mss;
	u32 tcpi_rcv_mss;
	u32 tcpi_unacked;
	u32 tcpi_sacked;
	u32 tcpi_lost;
	u32 tcpi_retrans;
	u32 tcpi_fackets;
	u32 tcpi_last_data_sent;	/* ms ago */
	u32 tcpi_last_ack_sent;
	u32 tcpi_last_data_recv;
	u32 tcpi_last_ack_recv;
	u32 tcpi_pmtu;
	u32 tcpi_rcv_ssthresh;
	u32 tcpi_rtt;		/* us */
	u32 tcpi_rttvar;
	u32 tcpi_snd_ssthresh;
	u32 tcpi_snd_cwnd;
	u32 tcpi_advmss;
	u32 tcpi_reordering;
	u32 tcpi_rcv_rtt;
	u32 tcpi_rcv_space;
	u32 tcpi_total_retrans;
};
void tcp_get_info(struct sock *sk, struct tcp_info *info);

/* ---- tcp_input.c ---- */

/*
 * A received segment dies for reason: counted under it and on the socket
 * (Linux's tcp_drop_reason). Every TCP input function ends a segment it
 * cannot use at one named exit that calls this; a segment that was used
 * (an ACK taken, a RST obeyed, a SYN answered) goes with consume_skb.
 */
static inline void tcp_drop_reason(struct sock *sk, struct sk_buff *skb,
				   enum skb_drop_reason reason)
{
	sk->sk_drops++;
	kfree_skb_reason(skb, reason);
}

/* Process a segment for an established-or-later socket; consumes skb. */
void tcp_rcv_established(struct sock *sk, struct sk_buff *skb);
/* Everything but LISTEN's SYNs and the fast path; consumes skb. */
void tcp_rcv_state_process(struct sock *sk, struct sk_buff *skb);
void tcp_init_transfer(struct sock *sk);

/* ---- tcp_data.c ---- */

/* The data of an acceptable segment (skb->data at the payload); consumes skb. */
void tcp_data_queue(struct sock *sk, struct sk_buff *skb);
/* Queue in-order data for the reader (the fast path's); consumes skb. */
void tcp_queue_rcv(struct sock *sk, struct sk_buff *skb);
/* Room for skb in the receive buffer and below tcp_mem[0] (the fast path's test)? */
bool tcp_rmem_ok(const struct sock *sk, const struct sk_buff *skb);
/* Data arrived: an ACK is owed, the peer's MSS estimate updated. */
void tcp_event_data_recv(struct sock *sk, struct sk_buff *skb);
/* Enter quickack mode: ACK the next segments at once (RFC 5681 4.2). */
void tcp_enter_quickack_mode(struct sock *sk);
void tcp_rtt_estimator(struct sock *sk, long mrtt_us);
void tcp_set_rto(struct sock *sk);
/* RFC 7323 5.3 R1: is the segment's timestamp older than TS.Recent? */
bool tcp_paws_reject(const struct tcp_options_received *rx_opt, bool rst);
bool tcp_paws_check(const struct tcp_options_received *rx_opt, int paws_win);
void tcp_store_ts_recent(struct tcp_sock *tp);

/* ---- tcp_recovery.c ---- */

/* What tcp_fastretrans_alert asks tcp_xmit_recovery to send. */
enum { REXMIT_NONE, REXMIT_LOST, REXMIT_NEW };

/* RFC 2018 4: process the SACK blocks of an ACK; returns a FLAG_* mask. */
int tcp_sacktag_write_queue(struct sock *sk, const struct sk_buff *ack_skb,
			    u32 prior_snd_una, long *sack_rtt_us);
/* Loss detection and recovery after an ACK (Linux's tcp_fastretrans_alert);
 * may change *ack_flag; sets *rexmit to what tcp_xmit_recovery sends. */
void tcp_fastretrans_alert(struct sock *sk, u32 prior_snd_una, int num_dupack,
			   int *ack_flag, int *rexmit);
/* After the ACK's cwnd update: send what recovery decided. */
void tcp_xmit_recovery(struct sock *sk, int rexmit);
/* RFC 6937 PRR: cwnd while in recovery, per ACK. */
void tcp_cwnd_reduction(struct sock *sk, u32 newly_acked_sacked, u32 newly_lost,
			int flag);
/* RFC 5681 3.2 / RFC 6937: enter fast recovery. */
void tcp_enter_recovery(struct sock *sk);
/* An RTO: go to Loss (RFC 5681 3.1 eq. 4, RFC 6298 5.5), F-RTO armed (RFC 5682). */
void tcp_enter_loss(struct sock *sk);
/* Retransmit what the scoreboard marks lost, as cwnd allows. */
void tcp_xmit_retransmit_queue(struct sock *sk);
/* Mark skb lost; a retransmission marked lost is in flight no more. */
void tcp_mark_skb_lost(struct sock *sk, struct sk_buff *skb);
/* Reno: n segments cumulatively acked take back that many dupacks' worth. */
void tcp_remove_reno_sacks(struct sock *sk, u32 acked);
/* Retransmitted segments in flight, or the head ever retransmitted? */
bool tcp_any_retrans_done(const struct sock *sk);
/* PMTU dropped: resend what no longer fits (Linux's tcp_simple_retransmit). */
void tcp_simple_retransmit(struct sock *sk);
void tcp_clear_retrans(struct tcp_sock *tp);
/* RFC 2018 4 / RFC 2883: the blocks we send for what rcv_nxt lacks. */
void tcp_sack_new_ofo_skb(struct sock *sk, u32 seq, u32 end_seq);
void tcp_sack_remove(struct tcp_sock *tp);
void tcp_dsack_set(struct sock *sk, u32 seq, u32 end_seq);

/* ---- tcp_rack.c (RFC 8985) ---- */

/* Microseconds from t to now; 0 for a send stamp not yet reached (tcp_transmit_skb). */
static inline u64 tcp_stamp_us_delta(u64 now, u64 t)
{
	return now > t ? now - t : 0;
}

/* Step 2: a segment sent at xmit_us and ending at end_seq was delivered. */
void tcp_rack_advance(struct tcp_sock *tp, u8 sacked, u32 end_seq, u64 xmit_us);
/* Time left (us) before skb, undelivered, counts as lost: RACK.rtt + reo_wnd - its age. */
s64 tcp_rack_skb_timeout(const struct tcp_sock *tp, const struct sk_buff *skb,
			 u32 reo_wnd);
/* Step 5 after an ACK: mark what RACK deems lost; true if the reordering timer was armed. */
bool tcp_rack_mark_lost(struct sock *sk);
/* The reordering timer fired (6.3). */
void tcp_rack_reo_timeout(struct sock *sk);
/* 6.2 step 4: grow reo_wnd after D-SACKs, shrink it back after 16 recoveries. */
void tcp_rack_update_reo_wnd(struct sock *sk);
/* 7.2: arm the probe timeout; false if no probe is due (the caller arms the RTO). */
bool tcp_schedule_loss_probe(struct sock *sk, bool advancing_rto);
/* 7.3: the probe timeout fired. */
void tcp_send_loss_probe(struct sock *sk);
/* 7.4: did the ACK show the probe repaired a loss? */
void tcp_process_tlp_ack(struct sock *sk, u32 ack, int flag);
/* The least RTT sample of the last five minutes (us), ~0U without one. */
static inline u32 tcp_min_rtt(const struct tcp_sock *tp)
{
	return tp->min_rtt_us;
}

/* ACK processing flags. */
#define FLAG_DATA		0x01	/* segment carried data */
#define FLAG_WIN_UPDATE		0x02	/* window changed */
#define FLAG_DATA_ACKED		0x04	/* new data cumulatively acked */
#define FLAG_SYN_ACKED		0x10
#define FLAG_DATA_SACKED	0x20	/* new SACK information */
#define FLAG_LOST_RETRANS	0x80	/* RACK: a retransmission was lost */
#define FLAG_ORIG_SACK_ACKED	0x200	/* never-retransmitted data below high_seq delivered */
#define FLAG_SND_UNA_ADVANCED	0x400
#define FLAG_DSACKING_ACK	0x800	/* the ACK carried a D-SACK */
#define FLAG_RETRANS_DATA_ACKED	0x1000	/* a retransmitted segment was acked */
#define FLAG_SET_XMIT_TIMER	0x4000	/* rearm the TLP or RTO timer */
#define FLAG_DSACK_TLP		0x20000	/* a D-SACK for the loss probe */
#define FLAG_ACKED		(FLAG_DATA_ACKED | FLAG_SYN_ACKED)
#define FLAG_NOT_DUP		(FLAG_DATA | FLAG_WIN_UPDATE | FLAG_ACKED)

/* ---- tcp_output.c ---- */

/* Build the header and options, checksum and send a clone (or skb itself
 * when !clone_it, consumed). 0 or a negative errno. */
int tcp_transmit_skb(struct sock *sk, struct sk_buff *skb, bool clone_it);
/* Send what cwnd, the peer's window and Nagle allow (push_one 2: one
 * segment as a loss probe, cwnd or not); true if nothing could be sent but data waits. */
bool tcp_write_xmit(struct sock *sk, unsigned int mss_now, int nonagle,
		    int push_one);
void tcp_push_pending_frames(struct sock *sk);
int tcp_retransmit_skb(struct sock *sk, struct sk_buff *skb);
void tcp_send_ack(struct sock *sk);
void tcp_send_delayed_ack(struct sock *sk);
void tcp_send_fin(struct sock *sk);
void tcp_send_active_reset(struct sock *sk);
int tcp_send_synack(struct sock *sk, struct tcp_request_sock *req, bool cookie);
int tcp_connect(struct sock *sk);
void tcp_send_probe0(struct sock *sk);
/* A probe for keepalive or a zero window (seq snd_una - 1 or new data). */
int tcp_write_wakeup(struct sock *sk);
u32 tcp_current_mss(struct sock *sk);
u32 tcp_route_features(struct sock *sk);
/* The most payload one GSO skb may carry: its IP datagram stays within 64 KiB. */
#define TCP_GSO_MAX_PAYLOAD	(IP_MAXPACKET - 20 - 60)
u32 tcp_sync_mss(struct sock *sk, u32 pmtu);
/* The MSS to announce for a path MTU (user limit applied). */
u16 tcp_mss_for_mtu(u32 mtu, u16 user_mss);
/* The window shift a listener (and its children) announce. */
u8 tcp_listen_rcv_wscale(const struct sock *sk);
void tcp_select_initial_window(u32 space, u32 mss, u32 *rcv_wnd,
			       u32 *window_clamp, bool wscale_ok, u8 *rcv_wscale);
/* Free receive space in bytes of payload (RFC 9293 3.8.6.2.2 base). */
u32 tcp_space(const struct sock *sk);
u32 __tcp_select_window(struct sock *sk);
/* The receive window the peer still has: rcv_wup + rcv_wnd - rcv_nxt. */
static inline u32 tcp_receive_window(const struct tcp_sock *tp)
{
	s32 win = (s32)(tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt);

	return win < 0 ? 0 : (u32)win;
}
/* Split skb at len bytes of data (the tail goes to a new skb after it). */
int tcp_fragment(struct sock *sk, struct sk_buff *skb, u32 len);
/* The sender side of RFC 1122 4.2.3.4 with the queue state. */
void tcp_check_probe_timer(struct sock *sk);
/* Account skb as charged to the write queue / uncharged and freed. */
void tcp_wmem_free_skb(struct sock *sk, struct sk_buff *skb);
void tcp_skb_entail(struct sock *sk, struct sk_buff *skb);
struct sk_buff *tcp_stream_alloc_skb(struct sock *sk, unsigned int size);

static inline void tcp_put_be32(u32 v, u8 *p)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

/* Monotonic seconds, for TS.Recent's age (RFC 7323 5.5) as Linux's ktime_get_seconds. */
static inline u32 tcp_seconds(void)
{
	return (u32)(ktime_get_ns() / NSEC_PER_SEC);
}

static inline u32 tcp_time_stamp(void)
{
	return (u32)jiffies;
}

/* RFC 6675 "pipe": segments thought to be in the network. */
static inline u32 tcp_packets_in_flight(const struct tcp_sock *tp)
{
	return tp->packets_out - tp->sacked_out - tp->lost_out + tp->retrans_out;
}

static inline bool tcp_in_slow_start(const struct tcp_sock *tp)
{
	return tp->snd_cwnd < tp->snd_ssthresh;
}

/*
 * May cwnd grow (RFC 5681 3.1, RFC 7661 4.1: only when it is used)? Yes
 * if cwnd limited sending at any time in the last window of data, which
 * an application that writes in bursts reaches only now and then; in
 * slow start also while cwnd is under twice the most that was out
 * (Linux's tcp_is_cwnd_limited).
 */
static inline bool tcp_is_cwnd_limited(const struct tcp_sock *tp)
{
	if (tp->is_cwnd_limited)
		return true;
	return tcp_in_slow_start(tp) && tp->snd_cwnd < 2 * tp->max_packets_out;
}

static inline bool tcp_is_sack(const struct tcp_sock *tp)
{
	return tp->rx_opt.sack_ok;
}

/* PRR's states: cwnd follows tcp_cwnd_reduction (Linux's tcp_in_cwnd_reduction). */
static inline bool tcp_in_cwnd_reduction(const struct tcp_sock *tp)
{
	return tp->ca_state == TCP_CA_Recovery;
}

/* The skb sent before skb on the write queue, or NULL. */
static inline struct sk_buff *tcp_write_queue_prev(const struct sock *sk,
						   const struct sk_buff *skb)
{
	return skb->list.prev == &sk->sk_write_queue.list ? NULL :
		list_entry(skb->list.prev, struct sk_buff, list);
}

static inline struct sk_buff *tcp_write_queue_head(const struct sock *sk)
{
	return skb_peek(&sk->sk_write_queue);
}

static inline struct sk_buff *tcp_write_queue_tail(const struct sock *sk)
{
	return skb_peek_tail(&sk->sk_write_queue);
}

/* The skb after skb on the write queue, or NULL. */
static inline struct sk_buff *tcp_write_queue_next(const struct sock *sk,
						   const struct sk_buff *skb)
{
	return skb->list.next == &sk->sk_write_queue.list ? NULL :
		list_entry(skb->list.next, struct sk_buff, list);
}

static inline void tcp_advance_send_head(struct sock *sk,
					 const struct sk_buff *skb)
{
	tcp_sk(sk)->send_head = tcp_write_queue_next(sk, skb);
}

/* Windows we send: never more than 65535 << rcv_wscale. */
u32 tcp_select_window(struct sock *sk);

/* ---- tcp_timer.c ---- */

void tcp_init_xmit_timers(struct sock *sk);
void tcp_clear_xmit_timers(struct sock *sk);
/* Arm retransmit_timer for what (ICSK_TIME_*) after when jiffies (capped at max). */
void tcp_reset_xmit_timer(struct sock *sk, int what, u32 when, u32 max_when);
void tcp_clear_xmit_timer(struct sock *sk, int what);
void tcp_rearm_rto(struct sock *sk);
/* After an ACK: the loss probe timer if one is due, else the RTO. */
void tcp_set_xmit_timer(struct sock *sk);
/* How far in the future (jiffies, <= 0: past) the head's RTO falls. */
s32 tcp_rto_delta(const struct sock *sk);
void tcp_reset_keepalive_timer(struct sock *sk, u32 len);
u32 keepalive_time_when(const struct tcp_sock *tp);
u32 keepalive_intvl_when(const struct tcp_sock *tp);
u32 keepalive_probes(const struct tcp_sock *tp);
/* The RTO backed off by probes, capped (RFC 6298 5.5). */
u32 tcp_probe0_when(const struct sock *sk, u32 max_when);
/* 2 * MSL in jiffies. */
u32 tcp_timewait_len(void);

/* Every TCP socket holding a port (listeners, connections); for socket tables. */
/* /proc/net/sockstat's TCP figures (bottom halves off). */
void tcp_sockstat(struct proto_sockstat *st);
const char *tcp_state_name(int state);

#endif
