/*
 * test_tcp_mem.c - TCP's buffers and memory (net/ipv4/tcp_mem.c) over
 * loopback at MTU 1500: the defaults Linux chooses for the memory there
 * is, the window scale chosen from the largest buffer so that the window
 * passes 128 KiB, the receive buffer growing with what the reader takes
 * and the send buffer with cwnd (to their maximum, and not when the owner
 * sized them), and under tcp_mem's pressure: no growth, a window of four
 * segments, a refused writer's send buffer halved; all given back at the
 * end. (The limit's drops and pruning: tcp_scripts/tcp_mem_*.pkt.) With
 * the machine's memory low (sock_mem_low), new connections and datagrams
 * are refused and counted, and a writer whose segment cannot be
 * allocated waits a while and tries again.
 */
/* links: net */
#include <kernel/net.h>
#include <kernel/mm.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/ip.h>
#include <net/snmp.h>
#include <net/netdevice.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "nettest/nettest.h"

#define LO	NT_IP(127, 0, 0, 1)
#define PORT	5002

/* The shim's machine: 112 MiB free of 128 (tests/unit/shim/shim.c). */
#define FREE_PAGES	((112u << 20) / PAGE_SIZE)

struct conn {
	struct socket *l, *c, *a;	/* listener, client (writer), accepted (reader) */
};

struct run {
	u64 sent, moved;
	u32 max_rcv_wnd;		/* the largest window the reader offered */
	int max_rcvbuf, max_sndbuf;
};

static long sock_io(struct socket *s, u8 *p, size_t n, bool write)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct kvec v = { p, n };

	return write ? kernel_sendmsg(s, &msg, &v, 1, n) :
		       kernel_recvmsg(s, &msg, &v, 1, n, MSG_DONTWAIT);
}

/* A connection over lo; rcvbuf/sndbuf > 0 sets SO_RCVBUF on the reader, SO_SNDBUF on the writer. */
static bool conn_open(struct conn *cn, int rcvbuf, int sndbuf)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(PORT),
				   .sin_addr.s_addr = LO };
	int one = 1;

	memset(cn, 0, sizeof(*cn));
	loopback_dev->mtu = 1500;
	if (sock_create_kern(AF_INET, SOCK_STREAM, 0, &cn->l) ||
	    sock_create_kern(AF_INET, SOCK_STREAM, 0, &cn->c))
		return false;
	kernel_setsockopt(cn->l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (rcvbuf)
		kernel_setsockopt(cn->l, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (sndbuf)
		kernel_setsockopt(cn->c, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	if (kernel_bind(cn->l, (struct sockaddr *)&sin, sizeof(sin)) ||
	    kernel_listen(cn->l, 4))
		return false;
	kernel_connect(cn->c, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
	shim_run_softirqs();
	return !kernel_accept(cn->l, &cn->a, O_NONBLOCK) &&
	       cn->c->sk->sk_state == TCP_ESTABLISHED;
}

static void conn_close(struct conn *cn)
{
	if (cn->c)
		sock_release(cn->c);
	if (cn->a)
		sock_release(cn->a);
	if (cn->l)
		sock_release(cn->l);
	shim_advance_ms(10 * 60 * 1000);
	loopback_dev->mtu = 65536;
}

/*
 * Write wtotal bytes and read rtotal, the reader taking up to chunk bytes
 * per turn, a millisecond passing each turn (the round trip the receiver
 * measures); stop after idle_ms in which nothing moved. What moved and
 * the peaks of the buffers.
 */
static struct run conn_pump(struct conn *cn, u64 wtotal, u64 rtotal, size_t chunk,
			    u32 idle_ms)
{
	static u8 buf[65536];
	struct run r = { 0 };
	u32 idle = 0;

	while ((r.sent < wtotal || r.moved < rtotal) && idle < idle_ms) {
		bool progress = false;
		long n;

		if (r.sent < wtotal) {
			n = sock_io(cn->c, buf, (size_t)min(wtotal - r.sent, (u64)sizeof(buf)), true);
			if (n > 0) {
				r.sent += (u64)n;
				progress = true;
			}
		}
		if (r.moved < rtotal) {
			n = sock_io(cn->a, buf, (size_t)min((u64)chunk, rtotal - r.moved), false);
			if (n > 0) {
				r.moved += (u64)n;
				progress = true;
			}
		}
		r.max_rcv_wnd = max(r.max_rcv_wnd, tcp_sk(cn->a->sk)->rcv_wnd);
		r.max_rcvbuf = max(r.max_rcvbuf, cn->a->sk->sk_rcvbuf);
		r.max_sndbuf = max(r.max_sndbuf, cn->c->sk->sk_sndbuf);
		idle = progress ? 0 : idle + 1;
		shim_advance_ms(1);
	}
	return r;
}

/* Linux's tcp_init for 112 MiB free: tcp_mem 1/16 of it at the pressure point, buffers up to 1/128. */
UNIT_TEST(tcp_mem_defaults_from_memory)
{
	struct nettest_baseline b;
	struct socket *s;
	long limit = FREE_PAGES / 16;

	nettest_begin(&b);
	EXPECT_EQ_INT(sysctl_tcp_mem[0], limit / 4 * 3);
	EXPECT_EQ_INT(sysctl_tcp_mem[1], limit);
	EXPECT_EQ_INT(sysctl_tcp_mem[2], limit / 4 * 3 * 2);
	EXPECT_EQ_INT(sysctl_tcp_rmem[0], 4096);
	EXPECT_EQ_INT(sysctl_tcp_rmem[1], 131072);
	EXPECT_EQ_INT(sysctl_tcp_rmem[2], (int)(FREE_PAGES * PAGE_SIZE / 128));
	EXPECT_EQ_INT(sysctl_tcp_wmem[0], 4096);
	EXPECT_EQ_INT(sysctl_tcp_wmem[1], 16384);
	EXPECT_EQ_INT(sysctl_tcp_wmem[2], (int)(FREE_PAGES * PAGE_SIZE / 128));
	ASSERT(sock_create_kern(AF_INET, SOCK_STREAM, 0, &s) == 0);
	EXPECT_EQ_INT(s->sk->sk_rcvbuf, sysctl_tcp_rmem[1]);
	EXPECT_EQ_INT(s->sk->sk_sndbuf, sysctl_tcp_wmem[1]);
	sock_release(s);
	nettest_end(&b);
}

/*
 * Dynamic Right-Sizing: a reader that keeps up makes its receive buffer
 * grow past the default toward tcp_rmem[2], the window with it past the
 * 128 KiB a shift of 1 allowed (RFC 7323 2.3: the shift covers the
 * largest buffer, 917504 bytes here: 4). The writer's buffer grows with
 * cwnd. Every byte queued is counted in tcp_memory_allocated, and given
 * back at the end.
 */
UNIT_TEST(tcp_buffers_grow_with_the_connection)
{
	struct nettest_baseline b;
	struct conn cn;
	struct run r;

	nettest_begin(&b);
	ASSERT(conn_open(&cn, 0, 0));
	EXPECT_EQ_UINT(tcp_sk(cn.a->sk)->rx_opt.rcv_wscale, 4);
	EXPECT_EQ_UINT(tcp_sk(cn.c->sk)->rx_opt.snd_wscale, 4);
	r = conn_pump(&cn, 16 << 20, 16 << 20, 65536, 2000);
	EXPECT_EQ_UINT(r.moved, 16u << 20);
	printf("# 16 MiB: rcvbuf up to %d, window up to %u, sndbuf up to %d\n",
	       r.max_rcvbuf, r.max_rcv_wnd, r.max_sndbuf);
	EXPECT(r.max_rcvbuf > sysctl_tcp_rmem[1] && r.max_rcvbuf <= sysctl_tcp_rmem[2]);
	EXPECT(r.max_rcv_wnd > 131072);
	EXPECT(r.max_sndbuf > sysctl_tcp_wmem[1] && r.max_sndbuf <= sysctl_tcp_wmem[2]);
	conn_close(&cn);
	EXPECT_EQ_INT(tcp_memory_allocated, 0);
	EXPECT(!tcp_under_memory_pressure());
	nettest_end(&b);
}

/* SO_RCVBUF and SO_SNDBUF fix the buffers: twice the value asked, never tuned. */
UNIT_TEST(tcp_buffers_the_owner_sized_stay)
{
	struct nettest_baseline b;
	struct conn cn;
	struct run r;

	nettest_begin(&b);
	ASSERT(conn_open(&cn, 32768, 24576));
	r = conn_pump(&cn, 4 << 20, 4 << 20, 65536, 2000);
	EXPECT_EQ_UINT(r.moved, 4u << 20);
	EXPECT_EQ_INT(r.max_rcvbuf, 65536);
	EXPECT_EQ_INT(r.max_sndbuf, 49152);
	EXPECT(r.max_rcv_wnd <= 32768);
	conn_close(&cn);
	EXPECT_EQ_INT(tcp_memory_allocated, 0);
	nettest_end(&b);
}

/*
 * Under pressure (tcp_mem[1] passed by a reader that stopped reading):
 * no buffer grows, the window offered is at most four segments, a writer
 * whose skb tcp_mem refuses has its send buffer halved to what it holds;
 * nothing passes the limit but what each socket may always have. Once
 * the reader drains the queue the total falls below tcp_mem[0] and the
 * pressure ends; its time is counted.
 */
UNIT_TEST(tcp_memory_pressure_stops_growth_and_shrinks)
{
	struct nettest_baseline b;
	long mem0[3];
	struct conn cn;
	struct run w, r;
	u64 pressures = tcp_mib[TCP_MIB_TCPMEMORYPRESSURES];
	u64 chrono = tcp_mib[TCP_MIB_TCPMEMORYPRESSURESCHRONO];
	int rcvbuf, sndbuf;
	u32 mss;

	nettest_begin(&b);
	memcpy(mem0, sysctl_tcp_mem, sizeof(mem0));
	ASSERT(conn_open(&cn, 0, 0));
	/* Pressure past 8 pages (32 KiB), the limit 16 (64 KiB). */
	sysctl_tcp_mem[0] = 4;
	sysctl_tcp_mem[1] = 8;
	sysctl_tcp_mem[2] = 16;
	rcvbuf = cn.a->sk->sk_rcvbuf;
	sndbuf = cn.c->sk->sk_sndbuf;
	w = conn_pump(&cn, 1 << 20, 0, 0, 200);
	EXPECT(tcp_under_memory_pressure());
	EXPECT_EQ_UINT(tcp_mib[TCP_MIB_TCPMEMORYPRESSURES], pressures + 1);
	EXPECT_EQ_INT(w.max_rcvbuf, rcvbuf);
	EXPECT(w.max_sndbuf <= sndbuf);
	mss = min((u32)tcp_sk(cn.a->sk)->rcv_mss, (u32)tcp_sk(cn.a->sk)->advmss);
	EXPECT(__tcp_select_window(cn.a->sk) <= 4 * mss);
	/* The writer was refused: its buffer shrank, to no less than the floor. */
	printf("# under pressure: %ld of %ld pages, %llu bytes written, sndbuf %d -> %d\n",
	       tcp_memory_pages(), sysctl_tcp_mem[2], (unsigned long long)w.sent, sndbuf,
	       cn.c->sk->sk_sndbuf);
	EXPECT(cn.c->sk->sk_sndbuf < sndbuf && cn.c->sk->sk_sndbuf >= SOCK_MIN_SNDBUF);
	EXPECT(tcp_memory_pages() <= sysctl_tcp_mem[2]);
	/* Reading everything written ends the pressure. */
	r = conn_pump(&cn, 0, w.sent, 65536, 5000);
	EXPECT_EQ_UINT(r.moved, w.sent);
	EXPECT_EQ_INT(tcp_memory_allocated, 0);
	EXPECT(!tcp_under_memory_pressure());
	EXPECT(tcp_mib[TCP_MIB_TCPMEMORYPRESSURESCHRONO] > chrono);
	conn_close(&cn);
	memcpy(sysctl_tcp_mem, mem0, sizeof(mem0));
	EXPECT_EQ_INT(tcp_memory_allocated, 0);
	nettest_end(&b);
}

/*
 * Below the min_free_kbytes watermark (sock_mem_low: sqrt(16 x 131072 kB)
 * = 1448 KiB of the shim's 128 MiB) a SYN and a datagram are refused and
 * counted (ListenDrops and MemErrors, drop reason NOMEM); with memory back
 * the SYN's retransmission makes the connection and datagrams arrive.
 */
UNIT_TEST(new_work_refused_when_memory_is_low)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(PORT),
				   .sin_addr.s_addr = LO };
	struct nettest_baseline b;
	struct socket *l, *c, *a = NULL, *u;
	u64 drops = skb_drop_reason_count(SKB_DROP_REASON_NOMEM);
	u64 listen = tcp_mib[TCP_MIB_LISTENDROPS], mem = udp_mib[UDP_MIB_MEMERRORS];
	struct msghdr msg = { .msg_name = &sin, .msg_namelen = sizeof(sin) };
	char d = 'd';
	struct kvec v = { &d, 1 };

	nettest_begin(&b);
	ASSERT(sock_create_kern(AF_INET, SOCK_STREAM, 0, &l) == 0);
	ASSERT(sock_create_kern(AF_INET, SOCK_STREAM, 0, &c) == 0);
	ASSERT(sock_create_kern(AF_INET, SOCK_DGRAM, 0, &u) == 0);
	ASSERT(kernel_bind(l, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	ASSERT(kernel_listen(l, 4) == 0);
	ASSERT(kernel_bind(u, (struct sockaddr *)&sin, sizeof(sin)) == 0);

	EXPECT(!sock_mem_low());
	shim_set_free_pages(1448 / 4 - 1);
	EXPECT(sock_mem_low());
	kernel_connect(c, (struct sockaddr *)&sin, sizeof(sin), O_NONBLOCK);
	shim_run_softirqs();
	EXPECT_EQ_INT(kernel_accept(l, &a, O_NONBLOCK), -EAGAIN);
	EXPECT_EQ_UINT(tcp_mib[TCP_MIB_LISTENDROPS], listen + 1);
	EXPECT_EQ_INT(kernel_sendmsg(u, &msg, &v, 1, 1), 1);
	shim_run_softirqs();
	EXPECT_EQ_UINT(udp_mib[UDP_MIB_MEMERRORS], mem + 1);
	EXPECT_EQ_UINT(skb_drop_reason_count(SKB_DROP_REASON_NOMEM), drops + 2);

	shim_set_free_pages(1448 / 4);
	EXPECT(!sock_mem_low());
	shim_advance_ms(1000);		/* the SYN again, after the initial RTO */
	EXPECT_EQ_INT(kernel_accept(l, &a, O_NONBLOCK), 0);
	EXPECT_EQ_INT(c->sk->sk_state, TCP_ESTABLISHED);
	EXPECT_EQ_INT(kernel_sendmsg(u, &msg, &v, 1, 1), 1);
	shim_run_softirqs();
	EXPECT_EQ_INT(u->sk->sk_receive_queue.qlen, 1);
	shim_set_free_pages(0);
	sock_release(u);
	sock_release(c);
	if (a)
		sock_release(a);
	sock_release(l);
	shim_advance_ms(10 * 60 * 1000);
	nettest_end(&b);
}

/*
 * A writer whose segment cannot be allocated waits TCP_MEM_WAIT and tries
 * again (Linux's vm_wait), rather than returning or spinning: the socket's
 * own buffer is empty, so "room to queue" alone would end its wait at
 * once. Blocking, the send completes whole after one such wait; with
 * MSG_DONTWAIT it is -EAGAIN, nothing queued. Either way nothing leaks.
 */
UNIT_TEST(tcp_sendmsg_waits_out_a_failed_allocation)
{
	static u8 out[4000], in[4000];
	struct nettest_baseline b;
	struct msghdr msg = { 0 };
	struct kvec v = { out, sizeof(out) };
	struct conn cn = { 0 };
	u64 t0;
	long n;

	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (u8)(i * 7 + 1);
	nettest_begin(&b);
	ASSERT(conn_open(&cn, 0, 0));

	msg.msg_flags = MSG_DONTWAIT;
	shim_fail_alloc_after(1);
	EXPECT_EQ_INT(kernel_sendmsg(cn.c, &msg, &v, 1, sizeof(out)), -EAGAIN);
	shim_fail_alloc_after(0);
	EXPECT_EQ_UINT(cn.c->sk->sk_write_queue.qlen, 0);

	msg.msg_flags = 0;
	t0 = shim_now_ms();
	shim_fail_alloc_after(1);
	EXPECT_EQ_INT(kernel_sendmsg(cn.c, &msg, &v, 1, sizeof(out)), (int)sizeof(out));
	shim_fail_alloc_after(0);
	EXPECT(shim_now_ms() - t0 >= TCP_MEM_WAIT);
	EXPECT(shim_now_ms() - t0 < 2 * TCP_MEM_WAIT);
	shim_run_softirqs();
	n = sock_io(cn.a, in, sizeof(in), false);
	EXPECT_EQ_INT(n, (int)sizeof(out));
	EXPECT(!memcmp(in, out, sizeof(out)));
	conn_close(&cn);
	nettest_end(&b);
}
