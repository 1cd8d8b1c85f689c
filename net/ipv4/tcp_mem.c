/*
 * TCP's buffers and memory (Linux's tcp_rmem, tcp_wmem and tcp_mem, and
 * the code of tcp_input.c, tcp.c and net/core/sock.c that applies them).
 *
 * A socket starts with tcp_rmem[1] and tcp_wmem[1] bytes of buffer. The
 * receive buffer grows with what the application reads per round trip
 * (tcp_rcv_space_adjust: Dynamic Right-Sizing, Fisk and Feng, LANL 2001),
 * the send buffer with the congestion window (tcp_sndbuf_expand), each up
 * to its maximum, unless the owner set SO_RCVBUF or SO_SNDBUF. The window
 * scale is chosen from the largest buffer, so the window can grow with it.
 *
 * Every byte of truesize in any TCP socket's queues is counted
 * (tcp_memory_allocated, through sk_mem_charge) against tcp_mem, in
 * pages: past tcp_mem[1] TCP is under memory pressure until the total
 * falls below tcp_mem[0]; buffers stop growing, a socket that needs more
 * gets it only within its fair share, its send buffer shrinks to half of
 * what it holds, its window offers at most four segments. Past tcp_mem[2]
 * nothing more is given but each socket's minimum (tcp_rmem[0],
 * tcp_wmem[0]): received data is dropped (PROTO_MEM), writers wait for
 * their queue to drain. Skiff counts bytes where Linux counts pages
 * reserved per socket (sk_forward_alloc): with one CPU there is no shared
 * counter to spare.
 *
 * The defaults are Linux's tcp_init: tcp_mem from the memory there is
 * (1/16 of it at the pressure point), the maximum buffers 1/128 of it
 * within Linux's 4 and 6 MiB. The command line sets any of them:
 * tcp_rmem=MIN,DEFAULT,MAX and tcp_wmem=MIN,DEFAULT,MAX in bytes,
 * tcp_mem=LOW,PRESSURE,HIGH in pages.
 */
#include <kernel/cmdline.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <net/tcp.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

long sysctl_tcp_mem[3];
int sysctl_tcp_rmem[3] = { 4096, 131072, 6 << 20 };
int sysctl_tcp_wmem[3] = { 4096, 16384, 4 << 20 };
long tcp_memory_allocated;
bool tcp_memory_pressure;

static u64 tcp_memory_pressure_since;	/* ms, while under pressure */
static bool tcp_mem_set, tcp_rmem_max_set, tcp_wmem_max_set;

/* ---- the tunables ---- */

/* "A,B,C" into three ascending positive values no larger than max; false if not. */
static bool tcp_parse_triple(const char *value, long v[3], long max)
{
	const char *p = value;
	char *end;

	for (int i = 0; i < 3; i++) {
		v[i] = strtol(p, &end, 10);
		if (end == p || v[i] <= 0 || v[i] > max || (i && v[i] < v[i - 1]))
			return false;
		if (*end != (i < 2 ? ',' : '\0'))
			return false;
		p = end + 1;
	}
	return true;
}

static int tcp_buf_param(const char *key, const char *value, int dst[3], bool *max_set)
{
	long v[3];

	if (!value || !tcp_parse_triple(value, v, 1L << 30) || v[0] < 1024) {
		printk("%s=%s: want MIN,DEFAULT,MAX in bytes, ascending, 1024 .. 1 GiB\n",
		       key, value ? value : "");
		return -EINVAL;
	}
	for (int i = 0; i < 3; i++)
		dst[i] = (int)v[i];
	*max_set = true;
	return 0;
}

static int tcp_rmem_param(const char *key, const char *value)
{
	return tcp_buf_param(key, value, sysctl_tcp_rmem, &tcp_rmem_max_set);
}
CMDLINE_PARAM(tcp_rmem, "tcp_rmem", tcp_rmem_param,
	      "TCP receive buffer MIN,DEFAULT,MAX bytes (4096,131072,6291456; max from RAM)");

static int tcp_wmem_param(const char *key, const char *value)
{
	return tcp_buf_param(key, value, sysctl_tcp_wmem, &tcp_wmem_max_set);
}
CMDLINE_PARAM(tcp_wmem, "tcp_wmem", tcp_wmem_param,
	      "TCP send buffer MIN,DEFAULT,MAX bytes (4096,16384,4194304; max from RAM)");

static int tcp_mem_param(const char *key, const char *value)
{
	long v[3];

	if (!value || !tcp_parse_triple(value, v, 1L << 40)) {
		printk("tcp_mem=%s: want LOW,PRESSURE,HIGH in pages, ascending\n",
		       value ? value : "");
		return -EINVAL;
	}
	memcpy(sysctl_tcp_mem, v, sizeof(v));
	tcp_mem_set = true;
	return 0;
}
CMDLINE_PARAM(tcp_mem, "tcp_mem", tcp_mem_param,
	      "TCP memory LOW,PRESSURE,HIGH in pages (4.7%, 6.25%, 9.4% of RAM)");

/*
 * Linux's tcp_init: the pressure point at 1/16 of the memory there is,
 * low at 3/4 of it, the limit at 3/2 of low; a buffer may grow to 1/128
 * of memory, at least the default and at most 4 MiB (send) and 6 MiB
 * (receive). Values given on the command line stay.
 */
void tcp_init_mem(void)
{
	struct page_stats ps;
	long limit, share;

	page_alloc_get_stats(&ps);
	limit = max((long)(ps.free_pages / 16), 128L);
	share = (long)min(ps.free_pages << (PAGE_SHIFT - 7), (u64)INT_MAX);
	if (!tcp_mem_set) {
		sysctl_tcp_mem[0] = limit / 4 * 3;
		sysctl_tcp_mem[1] = limit;
		sysctl_tcp_mem[2] = sysctl_tcp_mem[0] * 2;
	}
	if (!tcp_wmem_max_set)
		sysctl_tcp_wmem[2] = (int)max(min(share, 4L << 20), 64L << 10);
	if (!tcp_rmem_max_set)
		sysctl_tcp_rmem[2] = (int)max(min(share, 6L << 20), 128L << 10);
}

/* ---- memory pressure ---- */

long tcp_memory_pages(void)
{
	long bytes = READ_ONCE(tcp_memory_allocated);

	return bytes > 0 ? (long)DIV_ROUND_UP((u64)bytes, PAGE_SIZE) : 0;
}

static void tcp_enter_memory_pressure(void)
{
	if (tcp_memory_pressure)
		return;
	tcp_memory_pressure = true;
	tcp_memory_pressure_since = ktime_get_ns() / NSEC_PER_MSEC;
	TCP_INC_STATS(TCPMEMORYPRESSURES);
}

/* Under pressure until the total falls below tcp_mem[0] (Linux's sk_leave_memory_pressure). */
bool tcp_under_memory_pressure(void)
{
	if (tcp_memory_pressure && tcp_memory_pages() < sysctl_tcp_mem[0]) {
		tcp_memory_pressure = false;
		TCP_ADD_STATS(TCPMEMORYPRESSURESCHRONO, ktime_get_ns() / NSEC_PER_MSEC -
			      tcp_memory_pressure_since);
	}
	return tcp_memory_pressure;
}

/*
 * May sk queue size more bytes (Linux's __sk_mem_raise_allocated)? Below
 * tcp_mem[0] always; past tcp_mem[2] never; in between a socket still
 * below its minimum may, and under pressure one within its fair share of
 * the limit (the limit divided among all TCP sockets) may.
 */
bool tcp_mem_schedule(struct sock *sk, int size, enum tcp_mem_kind kind)
{
	long pages = (long)DIV_ROUND_UP((u64)max(READ_ONCE(tcp_memory_allocated) + size, 0L),
					PAGE_SIZE);
	u64 used;

	if (pages <= sysctl_tcp_mem[0]) {
		tcp_under_memory_pressure();
		return true;
	}
	if (pages > sysctl_tcp_mem[1])
		tcp_enter_memory_pressure();
	if (pages > sysctl_tcp_mem[2])
		return false;
	if (kind == TCP_MEM_RECV ? (int)sk->sk_rmem_alloc < sysctl_tcp_rmem[0] :
	    sk->sk_wmem_queued < sysctl_tcp_wmem[0])
		return true;
	if (!tcp_under_memory_pressure())
		return true;
	used = (u64)sk->sk_rmem_alloc + (u64)max(sk->sk_wmem_queued, 0) + (u64)size;
	return (u64)sysctl_tcp_mem[2] > (u64)tcp_sock_count() * DIV_ROUND_UP(used, PAGE_SIZE);
}

/* A write the memory limit refused: the send buffer shrinks to half of what is queued (Linux's sk_stream_moderate_sndbuf). */
void tcp_moderate_sndbuf(struct sock *sk)
{
	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return;
	sk->sk_sndbuf = max(min(sk->sk_sndbuf, sk->sk_wmem_queued >> 1), SOCK_MIN_SNDBUF);
}

/* ---- the send buffer ---- */

/*
 * Linux's tcp_sndbuf_expand: room for two congestion windows of segments
 * (fast recovery keeps the old flight queued while the new one goes out;
 * CUBIC's factor 1.7 rounded up), each counted as Linux counts an MSS of
 * data with its headers, rounded up to a power of two (the slab it would
 * take), up to tcp_wmem[2]. Without it a sender under loss fills its
 * buffer with unacknowledged data, its writer stops reading, and its
 * receive window closes on the peer (an echo stalls both ways).
 */
static void tcp_sndbuf_expand(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u32 seg = max((u32)tp->rx_opt.mss_clamp, tp->mss_cache) + MAX_TCP_HEADER +
		  sizeof(struct skb_shared_info), per_mss = 1;
	u64 sndmem;

	while (per_mss < seg)
		per_mss <<= 1;
	per_mss += sizeof(struct sk_buff);
	sndmem = 2ULL * max(tp->snd_cwnd, (u32)TCP_INIT_CWND) * per_mss;

	if ((u64)sk->sk_sndbuf < sndmem)
		sk->sk_sndbuf = (int)min(sndmem, (u64)sysctl_tcp_wmem[2]);
}

/*
 * Linux's tcp_should_expand_sndbuf: not a buffer the owner sized, not
 * when memory is short, and only while cwnd, not the buffer, is what
 * limits sending.
 */
static bool tcp_should_expand_sndbuf(const struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK)
		return false;
	if (tcp_under_memory_pressure() || tcp_memory_pages() >= sysctl_tcp_mem[0])
		return false;
	return tcp_packets_in_flight(tp) < tp->snd_cwnd;
}

void tcp_new_space(struct sock *sk)
{
	if (tcp_should_expand_sndbuf(sk))
		tcp_sndbuf_expand(sk);
}

/* ---- the receive buffer ---- */

/*
 * A receiver's RTT sample (Linux's tcp_rcv_rtt_update): a sample from
 * the time a window took to arrive (win_dep) can only overestimate, so
 * the least is kept; one from a timestamp echo is smoothed by 1/8.
 */
static void tcp_rcv_rtt_update(struct tcp_sock *tp, u32 sample_us, bool win_dep)
{
	u32 rtt = tp->rcv_rtt_est.rtt_us;
	long m = sample_us ? sample_us : 1;

	if (!rtt) {
		rtt = (u32)m << 3;
	} else if (!win_dep) {
		m -= (long)(rtt >> 3);
		rtt += (u32)m;
	} else if ((u32)m < rtt >> 3) {
		rtt = (u32)m << 3;
	}
	tp->rcv_rtt_est.rtt_us = max(rtt, 1u);
}

/* Without timestamps: the time from offering a window until data reaches its right edge. */
void tcp_rcv_rtt_measure(struct tcp_sock *tp)
{
	u64 now = ktime_get_us();

	if (tp->rcv_rtt_est.time_us) {
		if (before(tp->rcv_nxt, tp->rcv_rtt_est.seq))
			return;
		tcp_rcv_rtt_update(tp, (u32)min(now - tp->rcv_rtt_est.time_us, (u64)UINT_MAX),
				   true);
	}
	tp->rcv_rtt_est.seq = tp->rcv_nxt + tp->rcv_wnd;
	tp->rcv_rtt_est.time_us = now;
}

/* With timestamps: a full segment's echo of our TSval, once per echoed value. */
void tcp_rcv_rtt_measure_ts(struct sock *sk, const struct sk_buff *skb)
{
	struct tcp_sock *tp = tcp_sk(sk);
	const struct tcp_skb_cb *cb = TCP_SKB_CB(skb);
	u32 delta;

	if (!tp->rx_opt.saw_tstamp || !tp->rx_opt.rcv_tsecr ||
	    tp->rx_opt.rcv_tsecr == tp->rcv_rtt_last_tsecr)
		return;
	tp->rcv_rtt_last_tsecr = tp->rx_opt.rcv_tsecr;
	if (cb->end_seq - cb->seq < tp->rcv_mss)
		return;
	delta = tcp_time_stamp() - tp->rx_opt.rcv_tsecr;
	if ((s32)delta >= 0)
		tcp_rcv_rtt_update(tp, max(delta, 1u) * (u32)(USEC_PER_SEC / HZ), false);
}

/*
 * Linux's tcp_rcv_space_adjust, after each read: once a receiver RTT has
 * passed, what the reader took in it (copied) is what the sender can put
 * in flight per RTT. The window must hold twice that (a loss costs an
 * RTT) and more while the sender's rate still grows (slow start doubles
 * it each RTT, and the window offered now is used an RTT later); the
 * buffer is twice the window (tcp_win_from_space), up to tcp_rmem[2].
 */
void tcp_rcv_space_adjust(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);
	u64 now = ktime_get_us();
	u32 copied, space = max(tp->rcvq_space.space, 1u);

	if (!tp->rcv_rtt_est.rtt_us || now - tp->rcvq_space.time_us < tp->rcv_rtt_est.rtt_us >> 3)
		return;
	copied = tp->copied_seq - tp->rcvq_space.seq;
	if (copied > space) {
		if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK) && !tcp_under_memory_pressure()) {
			u64 rcvwin = ((u64)copied << 1) + 16ULL * tp->advmss;
			u64 grow = rcvwin * (copied - space) / space;
			u64 rcvbuf = min((rcvwin + (grow << 1)) * 2, (u64)sysctl_tcp_rmem[2]);

			if (rcvbuf > (u64)sk->sk_rcvbuf)
				sk->sk_rcvbuf = (int)rcvbuf;
		}
		tp->rcvq_space.space = copied;
	}
	tp->rcvq_space.seq = tp->copied_seq;
	tp->rcvq_space.time_us = now;
}

/*
 * The connection is established (Linux's tcp_init_buffer_space): the send
 * buffer sized for the initial window, the first measure of the reader
 * begun with what the first window lets the peer send.
 */
void tcp_init_buffer_space(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (!(sk->sk_userlocks & SOCK_SNDBUF_LOCK))
		tcp_sndbuf_expand(sk);
	tp->rcvq_space.time_us = ktime_get_us();
	tp->rcvq_space.seq = tp->copied_seq;
	tp->rcvq_space.space = min(tp->rcv_wnd, (u32)TCP_INIT_CWND * tp->advmss);
}
