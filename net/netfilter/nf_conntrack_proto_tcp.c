/*
 * TCP connection tracking (Linux net/netfilter/nf_conntrack_proto_tcp.c,
 * after Guido van Rooij's "Real Stateful TCP Packet Filtering in IP
 * Filter"): a state per connection driven by the flags of the segments
 * seen in each direction, and each direction's sequence window, so a
 * segment that lies outside what the receiver could accept is INVALID.
 * Connections open only with a SYN (Linux's nf_conntrack_tcp_loose=0).
 */
#include <net/netfilter/nf_conntrack.h>
#include <net/proto/ip.h>
#include <net/proto/tcp.h>
#include <net/tcp.h>
#include <net/byteorder.h>
#include <string.h>

enum tcp_bit_set { TCP_SYN_SET, TCP_SYNACK_SET, TCP_FIN_SET, TCP_ACK_SET,
		   TCP_RST_SET, TCP_NONE_SET };

#define sNO TCP_CONNTRACK_NONE
#define sSS TCP_CONNTRACK_SYN_SENT
#define sSR TCP_CONNTRACK_SYN_RECV
#define sES TCP_CONNTRACK_ESTABLISHED
#define sFW TCP_CONNTRACK_FIN_WAIT
#define sCW TCP_CONNTRACK_CLOSE_WAIT
#define sLA TCP_CONNTRACK_LAST_ACK
#define sTW TCP_CONNTRACK_TIME_WAIT
#define sCL TCP_CONNTRACK_CLOSE
#define sS2 TCP_CONNTRACK_SYN_SENT2
#define sIV TCP_CONNTRACK_MAX
#define sIG TCP_CONNTRACK_IGNORE

/*
 * The next state by direction, kind of segment and current state, as
 * Linux's tcp_conntracks: sIV marks the segment INVALID, sIG lets it pass
 * without changing anything (it may be valid, and the receiver will
 * answer with a RST or a SYN-ACK that sorts it out).
 */
static const u8 tcp_conntracks[2][6][TCP_CONNTRACK_MAX] = {
	{ /* ORIGINAL   sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2 */
/* syn */	{ sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2 },
/* synack */	{ sIV, sIV, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR },
/* fin */	{ sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV },
/* ack */	{ sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV },
/* rst */	{ sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
/* none */	{ sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV },
	},
	{ /* REPLY      sNO  sSS  sSR  sES  sFW  sCW  sLA  sTW  sCL  sS2 */
/* syn */	{ sIV, sS2, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sS2 },
/* synack */	{ sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR },
/* fin */	{ sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV },
/* ack */	{ sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG },
/* rst */	{ sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
/* none */	{ sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV },
	},
};

static const char *const tcp_conntrack_names[] = {
	"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
	"CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
};

const char *tcp_conntrack_name(u8 state)
{
	return state < TCP_CONNTRACK_MAX ? tcp_conntrack_names[state] : "?";
}

/* Linux's MAXACKWINDOW: how far behind the receiver's data an ACK may lag. */
#define MAXACKWINCONST	66000
#define MAXACKWINDOW(s)	((s)->td_maxwin > MAXACKWINCONST ? (s)->td_maxwin : MAXACKWINCONST)

static unsigned int get_conntrack_index(u8 flags)
{
	if (flags & TCPHDR_RST)
		return TCP_RST_SET;
	if (flags & TCPHDR_SYN)
		return flags & TCPHDR_ACK ? TCP_SYNACK_SET : TCP_SYN_SET;
	if (flags & TCPHDR_FIN)
		return TCP_FIN_SET;
	if (flags & TCPHDR_ACK)
		return TCP_ACK_SET;
	return TCP_NONE_SET;
}

/*
 * Linux's tcp_valid_flags: the combinations a TCP sends (PSH, ECE and CWR
 * aside). Anything else - SYN with FIN or RST, no flags at all, FIN
 * without ACK - is a scan or an attack, INVALID.
 */
static bool tcp_flags_valid(u8 flags)
{
	switch (flags & ~(TCPHDR_PSH | TCPHDR_ECE | TCPHDR_CWR)) {
	case TCPHDR_SYN:
	case TCPHDR_SYN | TCPHDR_URG:
	case TCPHDR_SYN | TCPHDR_ACK:
	case TCPHDR_RST:
	case TCPHDR_RST | TCPHDR_ACK:
	case TCPHDR_FIN | TCPHDR_ACK:
	case TCPHDR_FIN | TCPHDR_ACK | TCPHDR_URG:
	case TCPHDR_ACK:
	case TCPHDR_ACK | TCPHDR_URG:
		return true;
	}
	return false;
}

/* The whole header with its options, or NULL when the packet is shorter. */
static const struct tcphdr *tcp_header(const struct nf_ct_pkt *p)
{
	const struct tcphdr *th;

	if (p->skb->len < p->dataoff + TCP_HLEN_MIN)
		return NULL;
	th = (const struct tcphdr *)(p->skb->data + p->dataoff);
	if (tcp_doff(th) < 5 || p->skb->len < p->dataoff + tcp_doff(th) * 4u)
		return NULL;
	return th;
}

/*
 * RFC 7323 2.2: the window scale a SYN announces. SACK blocks are not read
 * (Linux checks their highest edge too): an ACK is checked by its
 * cumulative value alone.
 */
static void tcp_options(const struct tcphdr *th, struct ip_ct_tcp_state *state)
{
	const u8 *opt = (const u8 *)(th + 1);
	int len = (int)tcp_doff(th) * 4 - TCP_HLEN_MIN;

	state->td_scale = 0;
	state->flags = 0;
	while (len > 0) {
		u8 kind = opt[0], size;

		if (kind == TCPOPT_EOL)
			return;
		if (kind == TCPOPT_NOP) {
			opt++;
			len--;
			continue;
		}
		if (len < 2 || (size = opt[1]) < 2 || size > len)
			return;
		if (kind == TCPOPT_WINDOW && size == 3) {
			state->td_scale = opt[2] > 14 ? 14 : opt[2];
			state->flags |= IP_CT_TCP_FLAG_WINDOW_SCALE;
		}
		opt += size;
		len -= size;
	}
}

static u32 segment_end(const struct nf_ct_pkt *p, const struct tcphdr *th)
{
	return ntohl(th->seq) + (p->skb->len - p->dataoff - tcp_doff(th) * 4u) +
	       !!(th->flags & TCPHDR_SYN) + !!(th->flags & TCPHDR_FIN);
}

bool nf_conntrack_tcp_new(struct nf_conn *ct, const struct nf_ct_pkt *p)
{
	const struct tcphdr *th = tcp_header(p);
	struct ip_ct_tcp_state *s = &ct->proto.tcp.seen[0];
	u32 win;

	if (!th || !tcp_flags_valid(th->flags) ||
	    get_conntrack_index(th->flags) != TCP_SYN_SET)
		return false;
	win = ntohs(th->window);
	s->td_end = s->td_maxend = segment_end(p, th);
	s->td_maxwin = win ? win : 1;
	tcp_options(th, s);
	ct->proto.tcp.state = TCP_CONNTRACK_NONE;
	return true;
}

/* First segment a direction sends: take its window as it stands. */
static bool tcp_init_sender(struct ip_ct_tcp *state, struct ip_ct_tcp_state *sender,
			    struct ip_ct_tcp_state *receiver, const struct tcphdr *th,
			    u32 end, u32 win)
{
	sender->td_end = sender->td_maxend = end;
	sender->td_maxwin = win ? win : 1;
	tcp_options(th, sender);
	/* RFC 7323 2.2: scaling holds only when both SYNs offered it. */
	if (!(sender->flags & receiver->flags & IP_CT_TCP_FLAG_WINDOW_SCALE))
		sender->td_scale = receiver->td_scale = 0;
	return !(th->flags & TCPHDR_ACK);	/* simultaneous open: nothing to check */
}

/*
 * Linux's tcp_in_window: with td_end, td_maxend and td_maxwin of both
 * directions, a segment is valid when
 *   I.   seq <= sender.td_maxend			(not past what may be sent)
 *   II.  end >= sender.td_end - receiver.td_maxwin	(not older than a window)
 *   III. ack <= receiver.td_end			(acks nothing unsent)
 *   IV.  ack >= receiver.td_end - MAXACKWINDOW	(acks nothing ancient)
 * and then widens the windows by what it shows.
 */
static bool tcp_in_window(struct ip_ct_tcp *state, enum ip_conntrack_dir dir,
			  const struct nf_ct_pkt *p, const struct tcphdr *th)
{
	struct ip_ct_tcp_state *sender = &state->seen[dir];
	struct ip_ct_tcp_state *receiver = &state->seen[!dir];
	u32 seq = ntohl(th->seq), ack = ntohl(th->ack_seq);
	u32 win = ntohs(th->window), end = segment_end(p, th), swin;

	if (sender->td_maxwin == 0) {
		if (th->flags & TCPHDR_SYN) {
			if (tcp_init_sender(state, sender, receiver, th, end, win))
				return true;
		} else {
			/* Mid-stream: the history is lost, believe the packet. */
			sender->td_end = end;
			swin = win << sender->td_scale;
			sender->td_maxwin = swin ? swin : 1;
			sender->td_maxend = end + sender->td_maxwin;
		}
	} else if (((state->state == TCP_CONNTRACK_SYN_SENT && dir == IP_CT_DIR_ORIGINAL) ||
		    (state->state == TCP_CONNTRACK_SYN_RECV && dir == IP_CT_DIR_REPLY)) &&
		   after(end, sender->td_end)) {
		/* RFC 9293 3.4.1: a reinitialized TCP starts above its old numbers. */
		sender->td_end = sender->td_maxend = end;
		sender->td_maxwin = win ? win : 1;
		tcp_options(th, sender);
	}
	/* No ACK (or a broken RST|ACK with ack 0): as if it acked everything. */
	if (!(th->flags & TCPHDR_ACK) ||
	    ((th->flags & (TCPHDR_ACK | TCPHDR_RST)) == (TCPHDR_ACK | TCPHDR_RST) && ack == 0))
		ack = receiver->td_end;
	/* No data: only the ACK is checked (a RST by its sequence number, unless it answers a SYN). */
	if (seq == end && (!(th->flags & TCPHDR_RST) ||
			   (seq == 0 && state->state == TCP_CONNTRACK_SYN_SENT)))
		seq = end = sender->td_end;

	if (!(!after(seq, sender->td_maxend) &&
	      !before(end, sender->td_end - receiver->td_maxwin) &&
	      !after(ack, receiver->td_end) &&
	      !before(ack, receiver->td_end - MAXACKWINDOW(sender))))
		return false;

	if (!(th->flags & TCPHDR_SYN))
		win <<= sender->td_scale;
	if (sender->td_maxwin < win)
		sender->td_maxwin = win;
	if (after(end, sender->td_end))
		sender->td_end = end;
	if (receiver->td_maxwin != 0 && after(end, sender->td_maxend))
		receiver->td_maxwin += end - sender->td_maxend;
	if (after(ack + win, receiver->td_maxend - 1)) {
		receiver->td_maxend = ack + win;
		if (win == 0)
			receiver->td_maxend++;
	}
	return true;
}

int nf_conntrack_tcp_packet(struct nf_conn *ct, const struct nf_ct_pkt *p)
{
	const struct tcphdr *th = tcp_header(p);
	struct ip_ct_tcp *state = &ct->proto.tcp;
	u8 old_state = state->state, new_state;
	unsigned int index;
	u32 timeout;

	if (!th || !tcp_flags_valid(th->flags))
		return 0;
	index = get_conntrack_index(th->flags);
	new_state = tcp_conntracks[p->dir][index][old_state];
	if (new_state == sIV)
		return 0;
	if (new_state == sIG)
		return 1;
	/* A SYN after the connection closed: the old one ends, a new one begins. */
	if (new_state == TCP_CONNTRACK_SYN_SENT && old_state >= TCP_CONNTRACK_TIME_WAIT &&
	    nf_ct_is_confirmed(ct))
		return -1;
	if (!tcp_in_window(state, p->dir, p, th))
		return 0;
	state->state = new_state;
	timeout = nf_ct_params.tcp_timeout[new_state];
	/* A connection whose only answer is a RST is over at once (as Linux). */
	if (!(ct->status & IPS_SEEN_REPLY) && (th->flags & TCPHDR_RST))
		timeout = nf_ct_params.tcp_timeout[TCP_CONNTRACK_CLOSE];
	if ((old_state == TCP_CONNTRACK_SYN_RECV || old_state == TCP_CONNTRACK_ESTABLISHED) &&
	    new_state == TCP_CONNTRACK_ESTABLISHED)
		ct->status |= IPS_ASSURED;
	nf_ct_refresh(ct, timeout);
	return 1;
}
