/*
 * SYN cookies (Linux net/ipv4/syncookies.c, RFC 4987 3.6): when a
 * listener's SYN queue is full, the SYN-ACK's sequence number carries what
 * the request sock would have held, under a keyed hash, and the
 * connection is rebuilt from the handshake's final ACK. The MSS is coded
 * as an index into msstab; window scaling and SACK ride in the low bits
 * of our timestamp, which the peer echoes (so without timestamps a
 * cookie connection has neither).
 */
#include <kernel/random.h>
#include <kernel/time.h>
#include <net/tcp.h>
#include <net/ip.h>

#define COOKIEBITS	24
#define COOKIEMASK	((1U << COOKIEBITS) - 1)
#define MAX_SYNCOOKIE_AGE 2		/* minutes a cookie stays valid */
#define TSBITS		6
#define TSMASK		((1U << TSBITS) - 1)
#define TS_OPT_WSCALE_MASK 0xf		/* 0xf: no window scaling */
#define TS_OPT_SACK	(1U << 4)
#define SYNCOOKIE_RECENT (120 * HZ)	/* check cookies this long after an overflow */

/* The most common MSS values (Linux's msstab), ascending. */
static const u16 msstab[] = { 536, 1300, 1440, 1460 };

static u64 syncookie_secret[2][2];
static bool syncookie_ready;

static void syncookie_init_secret(void)
{
	if (!syncookie_ready) {
		get_random_bytes(syncookie_secret, sizeof(syncookie_secret));
		syncookie_ready = true;
	}
}

/* The minute counter cookies are stamped with. */
static u32 tcp_cookie_time(void)
{
	return (u32)(ktime_get_ns() / (60 * NSEC_PER_SEC));
}

static u32 cookie_hash(__be32 saddr, __be32 daddr, __be16 sport, __be16 dport,
		       u32 count, int c)
{
	struct {
		__be32 s, d;
		__be16 sp, dp;
		u32 count;
	} key = { saddr, daddr, sport, dport, count };

	return (u32)siphash(&key, sizeof(key), syncookie_secret[c]);
}

static u32 secure_tcp_syn_cookie(__be32 saddr, __be32 daddr, __be16 sport,
				 __be16 dport, u32 sseq, u32 data)
{
	u32 count = tcp_cookie_time();

	syncookie_init_secret();
	return cookie_hash(saddr, daddr, sport, dport, 0, 0) + sseq +
	       (count << COOKIEBITS) +
	       ((cookie_hash(saddr, daddr, sport, dport, count, 1) + data) &
		COOKIEMASK);
}

/* The data of a cookie no older than MAX_SYNCOOKIE_AGE minutes, or (u32)-1. */
static u32 check_tcp_syn_cookie(u32 cookie, __be32 saddr, __be32 daddr,
				__be16 sport, __be16 dport, u32 sseq)
{
	u32 diff, count = tcp_cookie_time();

	syncookie_init_secret();
	cookie -= cookie_hash(saddr, daddr, sport, dport, 0, 0) + sseq;
	diff = (count - (cookie >> COOKIEBITS)) & ((u32)-1 >> COOKIEBITS);
	if (diff >= MAX_SYNCOOKIE_AGE)
		return (u32)-1;
	return (cookie - cookie_hash(saddr, daddr, sport, dport, count - diff, 1)) &
	       COOKIEMASK;
}

u32 cookie_v4_init_sequence(const struct sk_buff *skb, u16 *mssp)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = (const struct tcphdr *)skb_transport_header(skb);
	u32 i;

	for (i = ARRAY_SIZE(msstab) - 1; i; i--)
		if (*mssp >= msstab[i])
			break;
	*mssp = msstab[i];
	return secure_tcp_syn_cookie(iph->daddr, iph->saddr, th->dest, th->source,
				     ntohl(th->seq), i);
}

u32 cookie_init_timestamp(const struct tcp_request_sock *req, u32 now)
{
	u32 options = req->wscale_ok ? req->snd_wscale : TS_OPT_WSCALE_MASK;
	u32 ts;

	if (req->sack_ok)
		options |= TS_OPT_SACK;
	ts = (now & ~TSMASK) | options;
	if (after(ts, now))
		ts -= TSMASK + 1;
	return ts;
}

struct tcp_request_sock *cookie_v4_check(struct sock *sk, struct sk_buff *skb,
					 enum skb_drop_reason *reason)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct tcphdr *th = (const struct tcphdr *)skb_transport_header(skb);
	struct tcp_options_received opt = { 0 };
	struct tcp_request_sock *req;
	u32 seq = ntohl(th->seq) - 1, ack = ntohl(th->ack_seq) - 1, mssind;

	/* No cookies sent lately: a stray ACK, no handshake's end. */
	*reason = SKB_DROP_REASON_TCP_FLAGS;
	if (!sysctl_tcp_syncookies || !tcp_sk(sk)->synq_overflow_ts ||
	    (s32)(tcp_time_stamp() - tcp_sk(sk)->synq_overflow_ts) > SYNCOOKIE_RECENT)
		return NULL;
	*reason = SKB_DROP_REASON_TCP_SYNCOOKIE;
	mssind = check_tcp_syn_cookie(ack, iph->daddr, iph->saddr, th->dest,
				      th->source, seq);
	if (mssind >= ARRAY_SIZE(msstab)) {
		TCP_INC_STATS(SYNCOOKIESFAILED);
		return NULL;
	}
	tcp_parse_options(th, &opt, false);
	opt.mss_clamp = msstab[mssind];
	if (opt.saw_tstamp) {
		u32 o = opt.rcv_tsecr & TSMASK;

		opt.tstamp_ok = 1;
		opt.wscale_ok = (o & TS_OPT_WSCALE_MASK) != TS_OPT_WSCALE_MASK;
		opt.snd_wscale = opt.wscale_ok ? (u8)(o & TS_OPT_WSCALE_MASK) : 0;
		opt.sack_ok = !!(o & TS_OPT_SACK);
		if (opt.snd_wscale > TCP_MAX_WSCALE) {
			TCP_INC_STATS(SYNCOOKIESFAILED);
			return NULL;
		}
	}
	req = tcp_reqsk_alloc(sk, skb, &opt);
	if (!req) {
		*reason = SKB_DROP_REASON_NOMEM;
		return NULL;
	}
	TCP_INC_STATS(SYNCOOKIESRECV);
	TCP_INC_STATS(PASSIVEOPENS);
	req->rcv_isn = seq;
	req->snt_isn = ack;
	req->rcv_wscale = req->wscale_ok ? tcp_listen_rcv_wscale(sk) : 0;
	return req;
}
