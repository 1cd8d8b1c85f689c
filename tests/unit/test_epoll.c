/* test_epoll.c - kernel/select.c and kernel/eventpoll.c over UDP sockets. */
/* links: net */
#include <net/udp.h>
#include <net/inetdevice.h>
#include <net/arp.h>
#include <kernel/timer.h>
#include <sys/epoll.h>
#include <poll.h>
#include <time.h>
#include <string.h>
#include <errno.h>

#include "unit.h"
#include "nettest/nettest.h"
#include "nettest/socktest.h"

#define LO	NT_IP(127, 0, 0, 1)
#define US	NT_IP(10, 0, 0, 2)
#define PEER	NT_IP(10, 0, 0, 1)

static u8 buf[2048];

/* A bound receiver and a sender aimed at it, over lo. */
static void pair(int *rx, int *tx, u16 port)
{
	*rx = st_udp();
	*tx = st_udp();
	EXPECT_EQ_INT(st_bind(*rx, LO, port), 0);
	EXPECT_EQ_INT(st_connect(*tx, LO, port), 0);
}

static long ep_add(int ep, int fd, u32 events, u64 data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return sys_epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int ep_wait(int ep, struct epoll_event *evs, int n, int timeout)
{
	return (int)sys_epoll_wait(ep, evs, n, timeout);
}

UNIT_TEST(poll_reports_readiness)
{
	struct pollfd p[3];
	struct socktest st;
	int rx, tx;
	u64 t0;

	st_begin(&st);
	pair(&rx, &tx, 8000);
	p[0] = (struct pollfd){ .fd = rx, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = tx, .events = POLLOUT };
	p[2] = (struct pollfd){ .fd = -1, .events = POLLIN };
	EXPECT_EQ_INT(sys_poll(p, 3, 0), 1);
	EXPECT_EQ_INT(p[0].revents, 0);
	EXPECT_EQ_INT(p[1].revents, POLLOUT);
	EXPECT_EQ_INT(p[2].revents, 0);
	sys_write(tx, "x", 1);
	EXPECT_EQ_INT(sys_poll(p, 3, 0), 2);
	EXPECT_EQ_INT(p[0].revents, POLLIN);
	sys_read(rx, buf, sizeof(buf));
	/* Nothing ready: the timeout runs out on the fake clock. */
	t0 = shim_now_ms();
	EXPECT_EQ_INT(sys_poll(p, 1, 100), 0);
	EXPECT(shim_now_ms() - t0 >= 100 && shim_now_ms() - t0 <= 101);
	/* A closed descriptor is POLLNVAL; bad arrays are EFAULT or EINVAL. */
	p[0].fd = 77;
	EXPECT_EQ_INT(sys_poll(p, 1, 0), 1);
	EXPECT_EQ_INT(p[0].revents, POLLNVAL);
	EXPECT_EQ_INT(sys_poll(ST_BAD_PTR, 1, 0), -EFAULT);
	EXPECT_EQ_INT(sys_poll(p, NR_OPEN_MAX + 1, 0), -EINVAL);
	st_end(&st, NULL);
}

UNIT_TEST(ppoll_takes_a_timespec)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
	struct pollfd p;
	struct socktest st;
	u64 mask = 0, t0;
	int rx, tx;

	st_begin(&st);
	pair(&rx, &tx, 8001);
	p = (struct pollfd){ .fd = rx, .events = POLLIN };
	t0 = shim_now_ms();
	EXPECT_EQ_INT(sys_ppoll(&p, 1, &ts, &mask, sizeof(mask)), 0);
	EXPECT(shim_now_ms() - t0 >= 20);
	EXPECT_EQ_INT(sys_ppoll(&p, 1, &ts, &mask, 4), -EINVAL);
	ts.tv_nsec = 1000000000;
	EXPECT_EQ_INT(sys_ppoll(&p, 1, &ts, NULL, 0), -EINVAL);
	st_end(&st, NULL);
}

struct late_sender {
	struct timer_list timer;
	struct net_device *dev;
};

static void late_send(struct timer_list *t)
{
	struct late_sender *ls = from_timer(ls, t, timer);
	static u8 msg[64], frame[128];
	size_t n = nt_udp(msg, PEER, US, 1000, 8002, "wake", 4, true);

	n = nt_ip_frame(frame, nt_mac_us, nt_mac_peer, PEER, US, IPPROTO_UDP,
			5, 0, 64, msg, n);
	nettest_inject(ls->dev, frame, n);
}

/* poll(-1) and epoll_wait(-1) sleep until a datagram arrives (+25 ms). */
UNIT_TEST(poll_and_epoll_wait_woken_by_datagram)
{
	struct epoll_event ev;
	struct late_sender ls;
	struct socktest st;
	struct pollfd p;
	int rx, ep;
	u64 t0;

	st_begin(&st);
	ls.dev = fake_eth_create(nt_mac_us);
	ASSERT(inet_addr_add(ls.dev, US, 24) == 0);
	rx = st_udp();
	ASSERT(st_bind(rx, INADDR_ANY, 8002) == 0);
	timer_setup(&ls.timer, late_send, 0);
	t0 = shim_now_ms();
	mod_timer(&ls.timer, jiffies + 25);
	p = (struct pollfd){ .fd = rx, .events = POLLIN };
	EXPECT_EQ_INT(sys_poll(&p, 1, -1), 1);
	EXPECT_EQ_UINT(shim_now_ms() - t0, 25);
	EXPECT_EQ_INT(sys_read(rx, buf, sizeof(buf)), 4);

	ep = (int)sys_epoll_create1(0);
	ASSERT(ep >= 0);
	EXPECT_EQ_INT(ep_add(ep, rx, EPOLLIN, 42), 0);
	t0 = shim_now_ms();
	mod_timer(&ls.timer, jiffies + 25);
	EXPECT_EQ_INT(ep_wait(ep, &ev, 1, -1), 1);
	EXPECT_EQ_UINT(shim_now_ms() - t0, 25);
	EXPECT_EQ_UINT(ev.events, EPOLLIN);
	EXPECT_EQ_UINT(ev.data.u64, 42);
	st_end(&st, ls.dev);
}

UNIT_TEST(epoll_level_triggered)
{
	struct epoll_event ev[4];
	struct socktest st;
	int rx, tx, ep;
	u64 t0;

	st_begin(&st);
	pair(&rx, &tx, 8003);
	ep = (int)sys_epoll_create(1);
	ASSERT(ep >= 0);
	EXPECT_EQ_INT(ep_add(ep, rx, EPOLLIN, 1), 0);
	t0 = shim_now_ms();
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 40), 0);
	EXPECT(shim_now_ms() - t0 >= 40);
	sys_write(tx, "a", 1);
	sys_write(tx, "b", 1);
	/* Reported as long as data is there, not once per wakeup. */
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);
	sys_read(rx, buf, sizeof(buf));
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);
	sys_read(rx, buf, sizeof(buf));
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 0);
	st_end(&st, NULL);
}

UNIT_TEST(epoll_edge_triggered)
{
	struct epoll_event ev[4];
	struct socktest st;
	int rx, tx, ep;

	st_begin(&st);
	pair(&rx, &tx, 8004);
	ep = (int)sys_epoll_create1(EPOLL_CLOEXEC);
	ASSERT(ep >= 0);
	EXPECT_EQ_INT(ep_add(ep, rx, EPOLLIN | EPOLLET, 2), 0);
	sys_write(tx, "a", 1);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 0);	/* no new edge */
	sys_write(tx, "b", 1);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);	/* a new datagram is one */
	EXPECT_EQ_UINT(ev[0].data.u64, 2);
	st_end(&st, NULL);
}

UNIT_TEST(epoll_oneshot_until_rearmed)
{
	struct epoll_event ev[4], mod = { .events = EPOLLIN | EPOLLONESHOT };
	struct socktest st;
	int rx, tx, ep;

	st_begin(&st);
	pair(&rx, &tx, 8005);
	ep = (int)sys_epoll_create1(0);
	EXPECT_EQ_INT(ep_add(ep, rx, EPOLLIN | EPOLLONESHOT, 3), 0);
	sys_write(tx, "a", 1);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);
	sys_write(tx, "b", 1);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 0);	/* disarmed */
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_MOD, rx, &mod), 0);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 0);
	st_end(&st, NULL);
}

UNIT_TEST(epoll_out_rdhup_and_err)
{
	struct epoll_event ev[4];
	struct socktest st;
	int rx, tx, ep;

	st_begin(&st);
	pair(&rx, &tx, 8006);
	ep = (int)sys_epoll_create1(0);
	EXPECT_EQ_INT(ep_add(ep, tx, EPOLLOUT, 4), 0);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);
	EXPECT_EQ_UINT(ev[0].events, EPOLLOUT);
	EXPECT_EQ_INT(ep_add(ep, rx, EPOLLIN | EPOLLRDHUP, 5), 0);
	sys_shutdown(rx, SHUT_RD);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 2);
	EXPECT_EQ_UINT(ev[1].events, EPOLLIN | EPOLLRDHUP);
	/* ECONNREFUSED pending: EPOLLERR, always reported. */
	EXPECT_EQ_INT(sys_close(rx), 0);
	shim_advance_ms(1000);
	sys_write(tx, "x", 1);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);
	EXPECT_EQ_UINT(ev[0].events, EPOLLOUT | EPOLLERR);
	st_end(&st, NULL);
}

UNIT_TEST(epoll_close_removes_items)
{
	struct epoll_event ev[4];
	struct socktest st;
	int rx, tx, ep, dup;

	st_begin(&st);
	pair(&rx, &tx, 8007);
	ep = (int)sys_epoll_create1(0);
	EXPECT_EQ_INT(ep_add(ep, rx, EPOLLIN, 6), 0);
	dup = (int)sys_dup(rx);
	ASSERT(dup >= 0);
	sys_write(tx, "a", 1);
	/* One descriptor closed: the file lives on in dup, and so does the item. */
	EXPECT_EQ_INT(sys_close(rx), 0);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 1);
	/* The last one: the item goes with the file. */
	EXPECT_EQ_INT(sys_close(dup), 0);
	EXPECT_EQ_INT(ep_wait(ep, ev, 4, 0), 0);
	/* An epoll instance closed with items in it frees them. */
	rx = st_udp();
	EXPECT_EQ_INT(ep_add(ep, rx, EPOLLIN, 7), 0);
	EXPECT_EQ_INT(ep_add(ep, tx, EPOLLOUT, 8), 0);
	EXPECT_EQ_INT(sys_close(ep), 0);
	st_end(&st, NULL);
}

UNIT_TEST(epoll_ctl_and_wait_errors)
{
	struct epoll_event ev = { .events = EPOLLIN }, evs[2];
	struct socktest st;
	int rx, tx, ep, ep2;

	st_begin(&st);
	pair(&rx, &tx, 8008);
	ep = (int)sys_epoll_create1(0);
	ep2 = (int)sys_epoll_create1(0);
	EXPECT_EQ_INT(sys_epoll_create(0), -EINVAL);
	EXPECT_EQ_INT(sys_epoll_create1(1), -EINVAL);
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_ADD, rx, &ev), 0);
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_ADD, rx, &ev), -EEXIST);
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_MOD, tx, &ev), -ENOENT);
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_DEL, tx, NULL), -ENOENT);
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_DEL, rx, NULL), 0);
	EXPECT_EQ_INT(sys_epoll_ctl(ep, 9, rx, &ev), -EINVAL);
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev), -EBADF);
	EXPECT_EQ_INT(sys_epoll_ctl(99, EPOLL_CTL_ADD, rx, &ev), -EBADF);
	EXPECT_EQ_INT(sys_epoll_ctl(rx, EPOLL_CTL_ADD, tx, &ev), -EINVAL);
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), -EINVAL);
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_ADD, rx, ST_BAD_PTR), -EFAULT);
	/* Epoll in epoll is fine; a loop is not. */
	EXPECT_EQ_INT(sys_epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ev), 0);
	EXPECT_EQ_INT(sys_epoll_ctl(ep2, EPOLL_CTL_ADD, ep, &ev), -ELOOP);
	EXPECT_EQ_INT(ep_wait(ep, evs, 0, 0), -EINVAL);
	EXPECT_EQ_INT(ep_wait(ep, ST_BAD_PTR, 2, 0), -EFAULT);
	EXPECT_EQ_INT(ep_wait(rx, evs, 2, 0), -EINVAL);
	EXPECT_EQ_INT(ep_wait(99, evs, 2, 0), -EBADF);
	EXPECT_EQ_INT(sys_epoll_pwait(ep, evs, 2, 0, &ev, 4), -EINVAL);
	st_end(&st, NULL);
}

/* An epoll watching an epoll: the inner one is readable when it has events. */
UNIT_TEST(epoll_nested)
{
	struct epoll_event ev[2];
	struct socktest st;
	int rx, tx, inner, outer;

	st_begin(&st);
	pair(&rx, &tx, 8009);
	inner = (int)sys_epoll_create1(0);
	outer = (int)sys_epoll_create1(0);
	EXPECT_EQ_INT(ep_add(inner, rx, EPOLLIN, 1), 0);
	EXPECT_EQ_INT(ep_add(outer, inner, EPOLLIN, 2), 0);
	EXPECT_EQ_INT(ep_wait(outer, ev, 2, 0), 0);
	sys_write(tx, "n", 1);
	EXPECT_EQ_INT(ep_wait(outer, ev, 2, 0), 1);
	EXPECT_EQ_UINT(ev[0].data.u64, 2);
	EXPECT_EQ_INT(ep_wait(inner, ev, 2, 0), 1);
	EXPECT_EQ_UINT(ev[0].data.u64, 1);
	st_end(&st, NULL);
}
