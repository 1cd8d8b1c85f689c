/*
 * In-kernel self-tests of the socket layer and UDP over loopback, with a
 * second kernel thread: what the host tests cannot show for real (actual
 * sleeping and waking across threads, the TSC clock). Kernel sockets
 * through the kernel API; epoll through its kernel entry points, as
 * kernel threads have no descriptor table.
 */
#include <kernel/selftest.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/file.h>
#include <kernel/eventpoll.h>
#include <kernel/net.h>
#include <net/sock.h>
#include <net/udp.h>
#include <net/byteorder.h>
#include <sys/time.h>
#include <errno.h>
#include <string.h>

#define ST_LO	htonl(0x7f000001)

struct st_udp {
	struct socket *rx;
	u16 port;
	u64 delay_ms;
	volatile int sent;
	wait_queue_head_t done;
};

static struct sockaddr_in st_sin(u16 port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = ST_LO;
	return sin;
}

/* A socket bound to 127.0.0.1:port, or NULL. */
static struct socket *st_bound(u16 port)
{
	struct sockaddr_in sin = st_sin(port);
	struct socket *sock;

	if (sock_create_kern(AF_INET, SOCK_DGRAM, IPPROTO_UDP, &sock))
		return NULL;
	if (kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin))) {
		sock_release(sock);
		return NULL;
	}
	return sock;
}

/* The second thread: sleep, then send one datagram to the port. */
static int st_sender(void *arg)
{
	struct st_udp *s = arg;
	struct sockaddr_in sin = st_sin(s->port);
	struct kvec v = { "wake up", 7 };
	struct msghdr m = { .msg_name = &sin, .msg_namelen = sizeof(sin) };
	struct socket *tx;

	msleep(s->delay_ms);
	if (!sock_create_kern(AF_INET, SOCK_DGRAM, 0, &tx)) {
		s->sent = kernel_sendmsg(tx, &m, &v, 1, 7);
		sock_release(tx);
	}
	wake_up(&s->done);
	return 0;
}

static int st_recv(struct socket *sock, char *buf, size_t len, int flags)
{
	struct kvec v = { buf, len };
	struct msghdr m = { 0 };

	return kernel_recvmsg(sock, &m, &v, 1, len, flags);
}

static void st_pools(struct sock_pool_stats *p, u64 *skbs)
{
	struct skb_stats s;

	sock_get_pool_stats(p);
	skb_get_stats(&s);
	*skbs = s.live_heads;
}

SELFTEST(udp_blocking_recv_woken_by_another_thread)
{
	struct st_udp s = { .port = 40001, .delay_ms = 50 };
	struct timeval tv = { .tv_sec = 5 };	/* only if the sender never comes */
	struct sock_pool_stats p0, p1;
	u64 skb0, skb1, t0, elapsed;
	char buf[16];
	int n;

	st_pools(&p0, &skb0);
	init_waitqueue_head(&s.done);
	s.rx = st_bound(s.port);
	ST_ASSERT(s.rx != NULL);
	t0 = ktime_get_ns();
	if (kernel_setsockopt(s.rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    !kthread_run(st_sender, &s, "st-udp-tx")) {
		sock_release(s.rx);
		ST_FAIL("setup");
	}
	n = st_recv(s.rx, buf, sizeof(buf), 0);	/* blocks until the send */
	elapsed = ktime_get_ns() - t0;
	wait_event_timeout(s.done, s.sent != 0, msecs_to_jiffies(5000));
	sock_release(s.rx);
	ST_EQ(n, 7);
	ST_ASSERT(memcmp(buf, "wake up", 7) == 0);
	ST_EQ(s.sent, 7);
	ST_ASSERT(elapsed >= 50 * NSEC_PER_MSEC);
	st_pools(&p1, &skb1);
	ST_EQ(p1.sockets, p0.sockets);
	ST_EQ(p1.socks, p0.socks);
	ST_EQ(skb1, skb0);
}

SELFTEST(udp_so_rcvtimeo_times_out)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = 120000 };
	struct socket *sock = st_bound(40002);
	u64 t0, elapsed;
	char buf[4];
	int n;

	ST_ASSERT(sock != NULL);
	n = kernel_setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	t0 = ktime_get_ns();
	if (!n)
		n = st_recv(sock, buf, sizeof(buf), 0);
	elapsed = ktime_get_ns() - t0;
	sock_release(sock);
	ST_EQ(n, -EAGAIN);
	ST_ASSERT(elapsed >= 120 * NSEC_PER_MSEC);
	ST_ASSERT(elapsed < 2000 * NSEC_PER_MSEC);
}

SELFTEST(udp_epoll_wait_woken_by_datagram)
{
	struct st_udp s = { .port = 40003, .delay_ms = 30 };
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 77 }, out;
	struct sock_pool_stats p0, p1;
	struct file *ep, *sf;
	u64 skb0, skb1;
	int n;

	st_pools(&p0, &skb0);
	init_waitqueue_head(&s.done);
	s.rx = st_bound(s.port);
	ST_ASSERT(s.rx != NULL);
	sf = sock_alloc_file(s.rx, 0);		/* owns the socket from here */
	ST_ASSERT(sf != NULL);
	ep = eventpoll_create_file();
	if (!ep) {
		fput(sf);
		ST_FAIL("eventpoll_create_file");
	}
	n = kernel_epoll_ctl(ep, EPOLL_CTL_ADD, sf, 0, &ev);
	if (!n && !kthread_run(st_sender, &s, "st-udp-tx"))
		n = -ENOMEM;
	if (!n)
		n = kernel_epoll_wait(ep, &out, 1, (long)msecs_to_jiffies(5000));
	wait_event_timeout(s.done, s.sent != 0, msecs_to_jiffies(5000));
	fput(sf);		/* the item goes with the socket's file */
	fput(ep);
	ST_EQ(n, 1);
	ST_EQ(out.events, EPOLLIN);
	ST_EQ(out.data.u64, 77);
	st_pools(&p1, &skb1);
	ST_EQ(p1.sockets, p0.sockets);
	ST_EQ(p1.socks, p0.socks);
	ST_EQ(skb1, skb0);
}
