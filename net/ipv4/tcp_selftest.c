/*
 * In-kernel self-tests of TCP over loopback with real threads: a server
 * thread accepts and reads with blocking calls while the test connects,
 * sends 1 MiB and half-closes; then both close and every pool (sockets,
 * skbs, timewait socks) is back at its baseline. Once as lo is (64 KiB
 * segments, checksums left PARTIAL), once with lo at MTU 1500 and without
 * TSO, so that TCP's GSO skbs are cut in software before lo's driver.
 */
#include <kernel/selftest.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/net.h>
#include <kernel/slab.h>
#include <net/netdevice.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/byteorder.h>
#include <errno.h>
#include <string.h>

#define ST_LO		htonl(0x7f000001)
#define ST_PORT		5999
#define ST_BYTES	(1 << 20)

struct st_tcp {
	struct socket *lsock;
	u8 *rx;
	volatile long received;
	volatile int done;
	wait_queue_head_t wq;
};

static u8 st_pattern(size_t i)
{
	return (u8)(i * 7 + (i >> 10));
}

/* The server: accept one connection, read to end of file, close. */
static int st_tcp_server(void *arg)
{
	struct st_tcp *s = arg;
	struct socket *conn;
	long got = 0;

	if (!kernel_accept(s->lsock, &conn, 0)) {
		for (;;) {
			struct kvec v = { s->rx + got, (size_t)(ST_BYTES - got) };
			struct msghdr m = { 0 };
			int n;

			if (got == ST_BYTES) {
				u8 extra;

				v = (struct kvec){ &extra, 1 };
			}
			n = kernel_recvmsg(conn, &m, &v, 1, v.iov_len, 0);
			if (n <= 0)
				break;
			got += n;
		}
		sock_release(conn);
	}
	s->received = got;
	s->done = 1;
	wake_up(&s->wq);
	return 0;
}

static void st_tcp_transfer(struct selftest_ctx *st_ctx)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(ST_PORT),
				   .sin_addr.s_addr = ST_LO };
	struct st_tcp s = { 0 };
	struct sock_pool_stats p0, p1;
	struct skb_stats k0, k1;
	struct socket *client = NULL;
	u32 msl = tcp_msl_ms, socks0 = tcp_sock_count(), tw0 = tcp_tw_count();
	size_t sent = 0;
	u8 *tx;
	int err;

	init_waitqueue_head(&s.wq);
	sock_get_pool_stats(&p0);
	skb_get_stats(&k0);
	tx = kmalloc(ST_BYTES);
	s.rx = kmalloc(ST_BYTES);
	ST_ASSERT(tx && s.rx);
	for (size_t i = 0; i < ST_BYTES; i++)
		tx[i] = st_pattern(i);
	tcp_msl_ms = 50;	/* TIME-WAIT over in 100 ms */
	err = sock_create_kern(AF_INET, SOCK_STREAM, IPPROTO_TCP, &s.lsock);
	if (!err)
		err = kernel_bind(s.lsock, (struct sockaddr *)&sin, sizeof(sin));
	if (!err)
		err = kernel_listen(s.lsock, 4);
	if (!err && !kthread_run(st_tcp_server, &s, "st-tcp-srv"))
		err = -ENOMEM;
	if (!err)
		err = sock_create_kern(AF_INET, SOCK_STREAM, IPPROTO_TCP, &client);
	if (!err)
		err = kernel_connect(client, (struct sockaddr *)&sin, sizeof(sin), 0);
	while (!err && sent < ST_BYTES) {
		struct kvec v = { tx + sent, min((size_t)ST_BYTES - sent, (size_t)50000) };
		struct msghdr m = { 0 };
		int n = kernel_sendmsg(client, &m, &v, 1, v.iov_len);

		if (n <= 0)
			err = n ? n : -EPIPE;
		else
			sent += (size_t)n;
	}
	if (!err)
		err = kernel_sock_shutdown(client, SHUT_WR);
	if (s.lsock)
		wait_event_timeout(s.wq, s.done, msecs_to_jiffies(20000));
	if (client)
		sock_release(client);
	if (s.lsock)
		sock_release(s.lsock);
	msleep(300);
	tcp_msl_ms = msl;
	sock_get_pool_stats(&p1);
	skb_get_stats(&k1);
	if (err || s.received != ST_BYTES || memcmp(tx, s.rx, ST_BYTES)) {
		kfree(tx);
		kfree(s.rx);
		ST_FAIL("transfer: err %d, received %ld of %d", err, s.received, ST_BYTES);
	}
	kfree(tx);
	kfree(s.rx);
	ST_EQ(p1.sockets, p0.sockets);
	ST_EQ(p1.socks, p0.socks);
	ST_EQ(k1.live_heads, k0.live_heads);
	ST_EQ(tcp_sock_count(), socks0);	/* services may listen */
	ST_EQ(tcp_tw_count(), tw0);
}

SELFTEST(tcp_loopback_transfer_1mb)
{
	st_tcp_transfer(st_ctx);
}

SELFTEST(tcp_loopback_gso_software_1mb)
{
	struct net_device *lo = loopback_dev;
	unsigned int mtu = lo->mtu;
	u32 wanted = lo->wanted_features;

	lo->mtu = 1500;
	lo->wanted_features &= ~NETIF_F_TSO;
	netdev_update_features(lo);
	st_tcp_transfer(st_ctx);
	lo->mtu = mtu;
	lo->wanted_features = wanted;
	netdev_update_features(lo);
}
