/*
 * dhcpd - a DHCP server (RFC 2131, RFC 2132) for the interfaces the
 * kernel command line names with dhcpd.IFACE=FIRST-LAST,... (config.h,
 * docs/dhcpd.md). The kernel starts it only when such a key is there.
 *
 * One UDP socket per interface, bound to port 67 and to its device
 * (SO_BINDTODEVICE), so the socket a message arrives on says which pool
 * it is for; replies leave from it (SO_BROADCAST for the broadcast
 * ones). server.c decides, pool.c keeps the addresses, and after every
 * change the table goes to the kernel-kept lease file (leasefile.c),
 * where the shell's `dhcp` command and the dashboard read it and where
 * dhcpd finds it again when it is restarted. Counters alone are written
 * at most once a second.
 *
 * All waiting is one epoll_wait, until the next lease expiry or the
 * next due write of the file.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "leasefile.h"
#include "server.h"

#define BATCH			64	/* datagrams read per wakeup and socket */
#define COUNTERS_EVERY_MS	1000

struct dhcpd {
	struct dhcpd_if ifs[DHCPD_IFACES_MAX];
	int fds[DHCPD_IFACES_MAX];
	int nifs, epfd;
	struct dhcpd_counters ctr;
	bool dirty;			/* counters moved since the last write */
	int64_t written_ms;		/* when the file was last written */
	int last_error;			/* errno of the last failed write, reported once */
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void print_line(void *arg, const char *line)
{
	printf("%s\n", line);
}

static void publish(struct dhcpd *d)
{
	if (leasefile_write(DHCPD_LEASE_FILE, d->ifs, d->nifs, &d->ctr) < 0) {
		if (errno != d->last_error)
			printf("dhcpd: writing %s: %s\n", DHCPD_LEASE_FILE, strerror(errno));
		d->last_error = errno;
	} else {
		d->last_error = 0;
	}
	d->dirty = false;
	d->written_ms = now_ms();
}

/* SIOCGIFADDR or SIOCGIFNETMASK of ifname; 0 if it has none. */
static uint32_t if_addr(int fd, const char *ifname, unsigned long cmd)
{
	struct ifreq ifr;
	struct sockaddr_in sin;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, cmd, &ifr) < 0)
		return 0;
	memcpy(&sin, &ifr.ifr_addr, sizeof(sin));
	return sin.sin_addr.s_addr;
}

/* RFC 2131 4.1: the server listens on 67; this socket only hears ifname. */
static int open_socket(const char *ifname)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(DHCP_SERVER_PORT),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, strlen(ifname) + 1) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

static void print_serving(const struct dhcpd_if *ifc)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], r[INET_ADDRSTRLEN];
	char dns[DHCP_MAX_DNS * INET_ADDRSTRLEN] = "none";
	size_t off = 0;

	for (unsigned int i = 0; i < ifc->cfg.ndns; i++)
		off += (size_t)snprintf(dns + off, sizeof(dns) - off, "%s%s", i ? "," : "",
					inet_ntop(AF_INET, &ifc->cfg.dns[i], a, sizeof(a)));
	inet_ntop(AF_INET, &ifc->cfg.first, a, sizeof(a));
	inet_ntop(AF_INET, &ifc->cfg.last, b, sizeof(b));
	printf("dhcpd: %s serving %s-%s (%u addresses), lease %u s, router %s, dns %s\n",
	       ifc->cfg.ifname, a, b, ifc->pool.size, ifc->cfg.lease_secs,
	       ifc->router ? inet_ntop(AF_INET, &ifc->router, r, sizeof(r)) : "none", dns);
}

/* One configured interface: its socket, address and pool; false (reported) if it cannot be served. */
static bool add_iface(struct dhcpd *d, const struct dhcpd_config *cfg)
{
	struct dhcpd_if *ifc = &d->ifs[d->nifs];
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)d->nifs };
	int fd = open_socket(cfg->ifname);
	uint32_t addr, mask;
	char why[128];

	if (fd < 0) {
		printf("dhcpd: %s: socket on port 67: %s\n", cfg->ifname, strerror(errno));
		return false;
	}
	addr = if_addr(fd, cfg->ifname, SIOCGIFADDR);
	mask = if_addr(fd, cfg->ifname, SIOCGIFNETMASK);
	if (!dhcpd_config_check(cfg, addr, mask, why, sizeof(why))) {
		printf("dhcpd: %s: %s; not served\n", cfg->ifname, why);
		goto fail;
	}
	if (dhcpd_if_init(ifc, cfg, addr, mask, &d->ctr) < 0) {
		printf("dhcpd: %s: no memory for the pool\n", cfg->ifname);
		goto fail;
	}
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		printf("dhcpd: %s: epoll_ctl: %s\n", cfg->ifname, strerror(errno));
		dhcpd_if_destroy(ifc);
		goto fail;
	}
	d->fds[d->nifs++] = fd;
	print_serving(ifc);
	return true;
fail:
	close(fd);
	return false;
}

static void send_reply(struct dhcpd *d, int i, const struct dhcpd_out *out)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(DHCP_CLIENT_PORT),
		.sin_addr.s_addr = out->dst,
	};
	char a[INET_ADDRSTRLEN];

	if (sendto(d->fds[i], out->buf, out->len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		printf("dhcpd: %s: sending to %s: %s\n", d->ifs[i].cfg.ifname,
		       inet_ntop(AF_INET, &out->dst, a, sizeof(a)), strerror(errno));
}

/* Up to BATCH datagrams of interface i; true if the lease table changed. */
static bool receive(struct dhcpd *d, int i)
{
	static uint8_t buf[DHCPD_MSG_MAX];
	static struct dhcpd_out out;
	bool changed = false;

	for (int n = 0; n < BATCH; n++) {
		ssize_t len = recv(d->fds[i], buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
		int64_t now = now_ms();

		if (len < 0) {
			if (errno != EAGAIN && errno != EINTR)
				printf("dhcpd: %s: recv: %s\n", d->ifs[i].cfg.ifname,
				       strerror(errno));
			break;
		}
		changed |= dhcpd_expire(&d->ifs[i], now, print_line, NULL) > 0;
		dhcpd_input(&d->ifs[i], buf, (size_t)len, now, &out);
		d->dirty = true;
		if (out.len)
			send_reply(d, i, &out);
		if (out.log[0])
			print_line(NULL, out.log);
		changed |= out.changed;
	}
	return changed;
}

/* The next thing to do: a lease to expire or counters to write. */
static int wait_ms(const struct dhcpd *d, int64_t now)
{
	int64_t next = POOL_NEVER;

	for (int i = 0; i < d->nifs; i++) {
		int64_t e = pool_next_event(&d->ifs[i].pool);

		if (e != POOL_NEVER && e * 1000 < next)
			next = e * 1000;
	}
	if (d->dirty && d->written_ms + COUNTERS_EVERY_MS < next)
		next = d->written_ms + COUNTERS_EVERY_MS;
	if (next == POOL_NEVER)
		return -1;
	return next <= now ? 0 : next - now > INT_MAX ? INT_MAX : (int)(next - now);
}

static void serve(struct dhcpd *d)
{
	for (;;) {
		struct epoll_event evs[DHCPD_IFACES_MAX];
		int n = epoll_wait(d->epfd, evs, DHCPD_IFACES_MAX, wait_ms(d, now_ms()));
		bool changed = false;
		int64_t now;

		if (n < 0 && errno != EINTR) {
			printf("dhcpd: epoll_wait: %s\n", strerror(errno));
			return;
		}
		for (int i = 0; i < n; i++)
			changed |= receive(d, (int)evs[i].data.u32);
		now = now_ms();
		for (int i = 0; i < d->nifs; i++)
			changed |= dhcpd_expire(&d->ifs[i], now, print_line, NULL) > 0;
		if (changed || (d->dirty && now >= d->written_ms + COUNTERS_EVERY_MS))
			publish(d);
	}
}

static void restore(struct dhcpd *d)
{
	unsigned int skipped;
	int n = leasefile_load(DHCPD_LEASE_FILE, d->ifs, d->nifs, &d->ctr, &skipped);

	if (n < 0)
		printf("dhcpd: reading %s: %s\n", DHCPD_LEASE_FILE, strerror(errno));
	else if (n > 0 || skipped)
		printf("dhcpd: %d leases back from %s (%u lines for other pools left out)\n",
		       n, DHCPD_LEASE_FILE, skipped);
}

int main(void)
{
	static struct dhcpd d;
	struct dhcpd_config cfg[DHCPD_IFACES_MAX];
	char *cmdline = read_file("/proc/cmdline");
	int ncfg;

	if (!cmdline) {
		printf("dhcpd: /proc/cmdline: %s\n", strerror(errno));
		return 1;
	}
	ncfg = dhcpd_config_from_cmdline(cmdline, cfg, DHCPD_IFACES_MAX);
	free(cmdline);
	d.epfd = epoll_create1(0);
	if (d.epfd < 0) {
		printf("dhcpd: epoll_create1: %s\n", strerror(errno));
		return 1;
	}
	for (int i = 0; i < ncfg; i++)
		add_iface(&d, &cfg[i]);
	if (d.nifs == 0) {
		printf("dhcpd: no interface to serve (dhcpd.IFACE=FIRST-LAST,...; docs/dhcpd.md)\n");
		return 1;
	}
	restore(&d);
	publish(&d);
	serve(&d);
	return 1;
}
