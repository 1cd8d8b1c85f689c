/*
 * calls_net.c - models of the socket calls and ioctl: how to make their
 * arguments, and what they may answer (docs/syscalls.md, Linux's man
 * pages). Nothing here may change the machine's network for good:
 * interface settings are only "set" to what they are already, routes are
 * added inside 198.18.0.0/15 (RFC 2544's benchmark range) and deleted
 * again, and sockets always carry short send and receive timeouts.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <limits.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "syzfuzz.h"

#define TIMEOUT_US	20000
#define CTL_FD		1000	/* the control socket: for reading settings */
#define SIOCOUTQ	0x5411	/* Linux's TIOCOUTQ: a socket's unsent (TCP: unacknowledged) bytes */
/*
 * Room for an address the kernel hands back: as much as its family's
 * (sockaddr_ll is 20 bytes, more than sockaddr_in's 16) whenever the
 * length passed is larger, and a msghdr's msg_namelen may be overwritten
 * by the very data received into the arena before the kernel reads it.
 */
#define NAME_ROOM	((long)sizeof(struct sockaddr_storage))

/* Every socket waits at most TIMEOUT_US in any call, whatever its flags: nothing may block for long. */
bool sock_timeouts(int fd)
{
	struct timeval tv = { 0, TIMEOUT_US };

	return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0 &&
	       setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0;
}

bool net_init(void)
{
	struct ifreq ifr = { .ifr_name = "eth0" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || dup2(fd, CTL_FD) != CTL_FD || close(fd))
		return false;
	fd_kind[CTL_FD] = FD_RESERVED;
	own_addr = htonl(INADDR_LOOPBACK);
	if (ioctl(CTL_FD, SIOCGIFADDR, &ifr) == 0)
		own_addr = ((struct sockaddr_in *)&ifr.ifr_addr)->sin_addr.s_addr;
	return true;
}

static void gen_socket(struct call *c)
{
	static const long families[] = { AF_INET, AF_INET, AF_INET, AF_INET6, AF_UNIX, AF_PACKET, AF_UNSPEC, 45 };
	static const long types[] = { SOCK_STREAM, SOCK_STREAM, SOCK_DGRAM, SOCK_DGRAM, SOCK_RAW,
				      SOCK_SEQPACKET, 0, 11 };
	static const long protos[] = { 0, 0, 0, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_RAW, 132, -1, 256,
				       0x0300 /* htons(ETH_P_ALL), for AF_PACKET */ };
	long type = PICK(types), proto = PICK(protos);

	c->a[0] = one_in(12) ? pick_int() : PICK(families);
	c->a[1] = type | (one_in(2) ? SOCK_NONBLOCK : 0) | (one_in(4) ? SOCK_CLOEXEC : 0) |
		  (one_in(16) ? 1L << rnd_below(31) : 0);
	c->a[2] = proto;
	c->kind = type == SOCK_STREAM ? FD_TCP : proto == IPPROTO_ICMP ? FD_ICMP : FD_UDP;
}

/* A new socket (from socket or accept): ours, with its timeouts. */
static void done_socket(struct call *c, long r)
{
	if (r < 0 || r >= MAX_FDS)
		return;
	fd_opened((int)r, c->kind);
	if (!sock_timeouts((int)r))
		c->why = "the new socket refuses SO_RCVTIMEO/SO_SNDTIMEO";
}

static void gen_bind(struct call *c)
{
	c->a[0] = pick_fd(c, K_SOCK);
	pick_sockaddr(c, &c->a[1], &c->a[2]);
}

/* The port the socket got, for later connects and sends. */
static void done_bind(struct call *c, long r)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	if (r == 0 && getsockname((int)c->a[0], (struct sockaddr *)&sin, &len) == 0)
		port_learned(ntohs(sin.sin_port));
}

static void gen_listen(struct call *c)
{
	c->a[0] = pick_fd(c, K(FD_TCP));
	c->a[1] = one_in(2) ? (long)rnd_below(16) : pick_int();
}

/* A socklen_t for an address the kernel writes: the usual size, odd ones, none. */
static socklen_t *pick_addrlen(struct call *c, void *addr)
{
	static const socklen_t lens[] = { 16, 16, 0, 4, 15, 17, 128, 0x7fffffff, 0x80000000u };
	socklen_t *len = scratch(sizeof(*len));

	*len = PICK(lens);
	if (!addr && one_in(2))
		return NULL;
	return one_in(10) ? pick_out(c, sizeof(*len)) : len;
}

static void gen_accept(struct call *c)
{
	void *addr = pick_ptr_or_null(c, NAME_ROOM);

	c->a[0] = pick_fd(c, one_in(4) ? K_SOCK : K(FD_TCP));
	c->a[1] = (long)addr;
	c->a[2] = (long)pick_addrlen(c, addr);
	c->kind = FD_TCP;
}

static void gen_accept4(struct call *c)
{
	static const long flags[] = { 0, SOCK_NONBLOCK, SOCK_CLOEXEC, SOCK_NONBLOCK | SOCK_CLOEXEC, 1, -1 };

	gen_accept(c);
	c->a[3] = PICK(flags);
}

static void gen_connect(struct call *c)
{
	c->a[0] = pick_fd(c, K_SOCK);
	pick_sockaddr(c, &c->a[1], &c->a[2]);
}

static long pick_msg_flags(void)
{
	static const long flags[] = {
		0, MSG_DONTWAIT, MSG_PEEK, MSG_TRUNC, MSG_OOB, MSG_WAITALL, MSG_ERRQUEUE,
		MSG_NOSIGNAL, MSG_DONTROUTE, MSG_CTRUNC | MSG_EOR,
	};
	long f = PICK(flags);

	if (one_in(4))
		f |= PICK(flags);
	if (one_in(16))
		f = (int)rnd();
	return f;
}

static void gen_sendto(struct call *c)
{
	long n = pick_len();

	c->a[0] = pick_fd(c, K_SOCK);
	c->a[1] = (long)pick_in(c, n);
	c->a[2] = n;
	c->a[3] = pick_msg_flags();
	if (one_in(2))
		pick_sockaddr(c, &c->a[4], &c->a[5]);
	c->max = n < 0 ? LONG_MAX : n;
}

static void gen_recvfrom(struct call *c)
{
	long n = pick_len();
	void *addr = pick_ptr_or_null(c, NAME_ROOM);

	c->a[0] = pick_fd(c, K_SOCK);
	c->a[1] = (long)pick_out(c, n);
	c->a[2] = n;
	c->a[3] = pick_msg_flags();
	c->a[4] = (long)addr;
	c->a[5] = (long)pick_addrlen(c, addr);
	/* MSG_TRUNC: a datagram's real length, whatever the buffer. */
	c->max = n < 0 ? LONG_MAX : (c->a[3] & MSG_TRUNC) && n < 65535 ? 65535 : n;
}

/* A msghdr with a name, iovecs and control data, each good, odd or bad. */
static void gen_msg(struct call *c, bool out)
{
	static const long namelens[] = { 16, 16, 0, 8, 129, -1 };
	static const long ctllens[] = { 0, 0, 16, 64, 1 << 20, -1 };
	struct msghdr *m = scratch(sizeof(*m));
	long n, total, nlen;

	memset(m, 0, sizeof(*m));
	if (out && one_in(2)) {
		pick_sockaddr(c, (long *)&m->msg_name, &nlen);
		m->msg_namelen = (socklen_t)nlen;
	} else if (!out) {
		m->msg_name = pick_ptr_or_null(c, NAME_ROOM);
		m->msg_namelen = (socklen_t)PICK(namelens);
	}
	m->msg_iov = pick_iov(c, !out, &n, &total);
	m->msg_iovlen = (size_t)pick_iov_count(c, n);
	if (one_in(4)) {
		m->msg_controllen = (size_t)PICK(ctllens);
		m->msg_control = out ? (void *)pick_in(c, 64) : pick_out(c, 64);
		c->may_fault = true;
	}
	m->msg_flags = (int)rnd();
	c->a[0] = pick_fd(c, K_SOCK);
	if (one_in(12)) {
		/*
		 * A msghdr wherever in the arena: what earlier calls left
		 * there, so its pointers and lengths are garbage (CI:
		 * recvmsg = -EFAULT held unexplained).
		 */
		c->a[1] = (long)pick_out(c, sizeof(*m));
		c->may_fault = true;
	} else {
		c->a[1] = (long)m;
	}
	c->a[2] = pick_msg_flags();
	c->max = c->a[1] == (long)m && m->msg_iovlen == (size_t)n && !(c->a[2] & MSG_TRUNC) ?
		 total : LONG_MAX;
}

static void gen_sendmsg(struct call *c)
{
	gen_msg(c, true);
}

static void gen_recvmsg(struct call *c)
{
	gen_msg(c, false);
}

static void gen_shutdown(struct call *c)
{
	static const long hows[] = { SHUT_RD, SHUT_WR, SHUT_RDWR, 3, -1 };

	c->a[0] = pick_fd(c, K_SOCK);
	c->a[1] = PICK(hows);
}

static void gen_getpeername(struct call *c)
{
	void *addr = pick_out(c, NAME_ROOM);

	c->a[0] = pick_fd(c, K_SOCK);
	c->a[1] = (long)addr;
	c->a[2] = (long)pick_addrlen(c, addr);
}

/* getsockname must write a socket's address where told (len > 0), or fault. */
static void gen_getsockname(struct call *c)
{
	socklen_t *len;

	gen_getpeername(c);
	len = (socklen_t *)c->a[2];
	c->must_fault = !c->may_badf && !c->may_notsock && unwritable((void *)c->a[1]) &&
			len && !unwritable(len) && arena_has((uintptr_t)len, sizeof(*len)) &&
			(int)*len > 0;
}

/*
 * Socket options, their values made to fit the option: timeouts are always
 * short and never zero (which is "forever"), lingering at most a second.
 */
static const long sol_names[] = {
	SO_REUSEADDR, SO_REUSEPORT, SO_BROADCAST, SO_KEEPALIVE, SO_SNDBUF, SO_RCVBUF,
	SO_RCVTIMEO, SO_SNDTIMEO, SO_LINGER, SO_BINDTODEVICE, SO_TYPE, SO_ERROR,
	SO_PROTOCOL, SO_DOMAIN, SO_ACCEPTCONN, SO_PRIORITY, SO_ATTACH_FILTER,
	SO_ATTACH_FILTER, SO_DETACH_FILTER, 0, 99,
};
static const long ip_names[] = { IP_TTL, IP_TOS, IP_MTU_DISCOVER, IP_RECVERR, IP_MTU, 99 };
static const long tcp_names[] = {
	TCP_NODELAY, TCP_MAXSEG, TCP_CORK, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT,
	TCP_SYNCNT, TCP_QUICKACK, TCP_CONGESTION, TCP_INFO, 99,
};

static void pick_option(struct call *c)
{
	switch (rnd_below(8)) {
	case 0:
		c->a[1] = IPPROTO_IP;
		c->a[2] = PICK(ip_names);
		break;
	case 1:
	case 2:
		c->a[1] = IPPROTO_TCP;
		c->a[2] = PICK(tcp_names);
		break;
	case 3:
		c->a[1] = one_in(2) ? IPPROTO_UDP : pick_int();
		c->a[2] = pick_int();
		break;
	default:
		c->a[1] = SOL_SOCKET;
		c->a[2] = PICK(sol_names);
	}
}

/*
 * A classic BPF program for SO_ATTACH_FILTER, for the kernel's checker to
 * judge and, if it passes, to run over what the socket receives: mostly
 * real opcodes with small operands, ending in a return, at times raw
 * noise, too long, or elsewhere.
 */
static void fill_filter(struct call *c, struct sock_fprog *prog)
{
	static const uint16_t codes[] = {
		BPF_LD | BPF_W | BPF_ABS, BPF_LD | BPF_H | BPF_ABS, BPF_LD | BPF_B | BPF_IND,
		BPF_LDX | BPF_B | BPF_MSH, BPF_LD | BPF_MEM, BPF_ST, BPF_STX, BPF_LD | BPF_LEN,
		BPF_ALU | BPF_ADD | BPF_K, BPF_ALU | BPF_DIV | BPF_X, BPF_ALU | BPF_MOD | BPF_K,
		BPF_ALU | BPF_LSH | BPF_K, BPF_ALU | BPF_NEG, BPF_JMP | BPF_JA,
		BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JGT | BPF_X, BPF_MISC | BPF_TAX,
		BPF_RET | BPF_K, BPF_RET | BPF_A,
	};
	static const uint32_t ks[] = { 0, 1, 12, 14, 23, 0xffff, 0xfffff000, 0x800, 15, 16 };
	unsigned int n = 1 + rnd_below(12);
	struct sock_filter *f = scratch(16 * sizeof(*f));

	for (unsigned int i = 0; i < 16; i++) {
		f[i].code = one_in(16) ? (uint16_t)rnd() : PICK(codes);
		f[i].jt = (uint8_t)rnd_below(one_in(8) ? 256 : 4);
		f[i].jf = (uint8_t)rnd_below(one_in(8) ? 256 : 4);
		f[i].k = one_in(8) ? (uint32_t)rnd() : PICK(ks);
	}
	f[n - 1].code = one_in(8) ? f[n - 1].code : BPF_RET | BPF_K;
	prog->len = one_in(8) ? (unsigned short)PICK(((const long[]){ 0, 4096, 4097, 65535 })) : n;
	prog->filter = f;
	if (prog->len > 16)
		c->may_fault = true;	/* read past the arena's scratch: garbage, or its end */
	if (one_in(10)) {
		prog->filter = (struct sock_filter *)pick_in(c, 8L * prog->len);
		c->may_fault = true;
	}
}

static void fill_option(struct call *c, char *v)
{
	static const char *const names[] = { "lo", "eth0", "eth1", "", "fz0", "cubic", "reno", "bbr" };
	long name = c->a[2];

	if (c->a[1] == SOL_SOCKET && (name == SO_RCVTIMEO || name == SO_SNDTIMEO)) {
		struct timeval tv = { 0, 1000 + rnd_below(TIMEOUT_US) };

		if (one_in(8))
			tv.tv_usec = one_in(2) ? 1000000 : -1;	/* EDOM, and nothing set */
		memcpy(v, &tv, sizeof(tv));
	} else if (c->a[1] == SOL_SOCKET && name == SO_ATTACH_FILTER) {
		fill_filter(c, (struct sock_fprog *)v);
	} else if (c->a[1] == SOL_SOCKET && name == SO_LINGER) {
		struct linger l = { (int)rnd_below(2), (int)rnd_below(2) };

		memcpy(v, &l, sizeof(l));
	} else if ((c->a[1] == SOL_SOCKET && name == SO_BINDTODEVICE) ||
		   (c->a[1] == IPPROTO_TCP && name == TCP_CONGESTION)) {
		strcpy(v, PICK(names));
		if (one_in(8))
			memset(v, 'e', 24);	/* no terminator within IFNAMSIZ */
	} else {
		int x = (int)pick_int();

		memcpy(v, &x, sizeof(x));
	}
}

/* A timeout option must be given in full, or the call must not have set it. */
static bool timeout_option(const struct call *c)
{
	return c->a[1] == SOL_SOCKET && (c->a[2] == SO_RCVTIMEO || c->a[2] == SO_SNDTIMEO);
}

/* Options whose value bounds how long a later call may wait: never garbage for them. */
static bool bounding_option(const struct call *c)
{
	return timeout_option(c) || (c->a[1] == SOL_SOCKET && c->a[2] == SO_LINGER);
}

static void gen_setsockopt(struct call *c)
{
	static const long lens[] = { 4, 4, 4, 0, 1, 2, 3, 8, 16, 24, 64, -1, INT_MAX };
	char *v = scratch(64);

	c->a[0] = pick_fd(c, K_SOCK);
	pick_option(c);
	fill_option(c, v);
	c->a[3] = (long)v;
	c->a[4] = timeout_option(c) ? 16 :
		  c->a[2] == SO_BINDTODEVICE || c->a[2] == TCP_CONGESTION ? 1 + (long)rnd_below(24) :
		  c->a[2] == SO_LINGER && one_in(2) ? 8 :
		  c->a[2] == SO_ATTACH_FILTER && !one_in(8) ? (long)sizeof(struct sock_fprog) : PICK(lens);
	if (one_in(12) && !bounding_option(c)) {
		c->a[3] = (long)pick_in(c, 8);
		c->may_fault = true;	/* garbage for a value that holds a pointer (SO_ATTACH_FILTER) */
	}
}

static void gen_getsockopt(struct call *c)
{
	static const socklen_t lens[] = { 4, 4, 8, 16, 0, 1, 64, 232, 0x80000000u };
	socklen_t *len = scratch(sizeof(*len));

	*len = PICK(lens);
	c->a[0] = pick_fd(c, K_SOCK);
	pick_option(c);
	c->a[3] = (long)pick_out(c, (int)*len < 0 ? 64 : (long)*len);
	c->a[4] = one_in(10) ? (long)pick_out(c, sizeof(*len)) : (long)len;
}

/*
 * ioctl. Interface "changes" set what is there already (read through the
 * control socket first), or name no interface; routes stay in this
 * process's part of 198.18.0.0/15 and are deleted again at once.
 */
static const char *const ifnames[] = { "lo", "eth0", "eth1", "", "fz0", "eeeeeeeeeeeeeeee" };

static struct ifreq *pick_ifreq(void)
{
	struct ifreq *ifr = scratch(sizeof(*ifr));

	memset(ifr, 0, sizeof(*ifr));
	memcpy(ifr->ifr_name, PICK(ifnames), IFNAMSIZ);
	return ifr;
}

/*
 * SIOCSIF*: what the interface has (read first); where there is none to
 * read (no such interface, no address), zeros that change nothing; or a
 * value out of range, which must be refused.
 */
static void gen_ifset(struct call *c, unsigned long set, unsigned long get)
{
	struct ifreq *ifr = pick_ifreq();

	/* SIOCSIFADDR gives a classful prefix (as Linux): the same address can still change it. */
	if (ioctl(CTL_FD, get, ifr) == 0 && set == SIOCSIFADDR && strcmp(ifr->ifr_name, "lo"))
		memcpy(ifr->ifr_name, "fz0", 4);
	if (set == SIOCSIFMTU && one_in(4))
		ifr->ifr_mtu = one_in(2) ? -1 : INT_MAX;
	if (set == SIOCSIFNETMASK && one_in(4))
		((struct sockaddr_in *)&ifr->ifr_netmask)->sin_addr.s_addr = htonl(0xff00ff00);
	c->a[1] = set;
	c->a[2] = (long)ifr;
}

static struct rtentry *rt_entry(void)
{
	struct rtentry *rt = scratch(sizeof(*rt) + 8);
	char *dev = (char *)(rt + 1);
	struct sockaddr_in *dst = (struct sockaddr_in *)&rt->rt_dst;
	struct sockaddr_in *mask = (struct sockaddr_in *)&rt->rt_genmask;

	memset(rt, 0, sizeof(*rt));
	dst->sin_family = mask->sin_family = AF_INET;
	dst->sin_addr.s_addr = htonl(0xc6120000 | (fuzz_index % 64) << 10 | rnd_below(4) << 8);
	mask->sin_addr.s_addr = htonl(one_in(4) ? ~0u << rnd_below(8) : 0xffffff00);
	rt->rt_flags = RTF_UP | (one_in(8) ? RTF_HOST : 0);
	strcpy(dev, "lo");
	rt->rt_dev = one_in(8) ? NULL : dev;
	if (one_in(8))
		rt->rt_genmask.sa_family = one_in(2) ? 0 : AF_INET6;
	return rt;
}

static void gen_ioctl_fd(struct call *c)
{
	static const unsigned long gets[] = {
		SIOCGIFFLAGS, SIOCGIFADDR, SIOCGIFNETMASK, SIOCGIFBRDADDR, SIOCGIFMTU,
		SIOCGIFHWADDR, SIOCGIFINDEX, SIOCGIFCONF,
	};
	unsigned int r = rnd_below(12);

	c->a[0] = pick_fd(c, r == 0 ? K_ANY : K_IO);
	if (r < 2) {
		c->a[1] = FIONREAD;
		c->a[2] = (long)pick_out(c, 4);
	} else if (r < 4) {
		c->a[1] = PICK(gets);
		c->a[2] = one_in(10) ? (long)pick_out(c, 40) : (long)pick_ifreq();
		if (c->a[1] == SIOCGIFCONF)
			c->may_fault = true;	/* an ifreq read as a struct ifconf: its buffer is the name's bytes */
	} else if (r < 6) {
		c->a[1] = one_in(2) ? SIOCOUTQ : FIONREAD;
		c->a[2] = one_in(2) ? pick_int() : (long)pick_out(c, 4);
		c->may_fault = true;	/* an integer where a pointer goes */
	} else if (r < 7) {
		c->a[1] = (unsigned int)rnd();
		if ((c->a[1] >> 8 & 0xff) == 0x89)
			c->a[1] ^= 0x100;	/* not the interface and route requests */
		c->a[2] = (long)pick_out(c, 64);
	} else {
		int *v = scratch(sizeof(*v));

		*v = (int)rnd_below(2);
		c->a[1] = FIONBIO;
		c->a[2] = one_in(10) ? (long)pick_in(c, 4) : (long)v;
	}
}

static void gen_ioctl(struct call *c)
{
	static const unsigned long sets[][2] = {
		{ SIOCSIFFLAGS, SIOCGIFFLAGS }, { SIOCSIFMTU, SIOCGIFMTU },
		{ SIOCSIFNETMASK, SIOCGIFNETMASK }, { SIOCSIFADDR, SIOCGIFADDR },
	};

	switch (rnd_below(6)) {
	case 0: {
		unsigned int i = rnd_below(4);

		c->a[0] = pick_fd(c, K_SOCK);
		gen_ifset(c, sets[i][0], sets[i][1]);
		break;
	}
	case 1:
		/* Garbage only for an add: the delete after it removes what it added. */
		c->a[0] = pick_fd(c, K_SOCK);
		c->a[1] = one_in(4) ? SIOCDELRT : SIOCADDRT;
		c->a[2] = (long)rt_entry();
		if (c->a[1] == SIOCADDRT && one_in(12)) {
			c->a[2] = (long)pick_in(c, sizeof(struct rtentry));
			c->may_fault = true;	/* its rt_dev is garbage too */
		}
		break;
	default:
		gen_ioctl_fd(c);
	}
}

/* A route it added goes again at once, and must. */
static void done_ioctl(struct call *c, long r)
{
	if (c->a[1] != SIOCADDRT || r != 0)
		return;
	if (syscall(__NR_ioctl, CTL_FD, SIOCDELRT, c->a[2]) != 0)
		c->why = "the route it added cannot be deleted";
}

#define OPT_ERRS	(E(EINVAL) | E(ENOPROTOOPT) | E(EDOM) | E(ENODEV) | E(EOPNOTSUPP) | E(ENOENT))
#define IOCTL_ERRS	(E(ENOTTY) | E(ENODEV) | E(EINVAL) | E(EADDRNOTAVAIL) | E(EAFNOSUPPORT) | \
			 E(EEXIST) | E(ENETUNREACH) | E(ESRCH) | E(EBUSY) | E(EOPNOTSUPP))

const struct model net_models[] = {
	{ "socket", gen_socket, R_FD, E(EAFNOSUPPORT) | E(EINVAL) | E(ESOCKTNOSUPPORT) |
	  E(EPROTONOSUPPORT) | E(EPROTOTYPE) | E(EMFILE), false, done_socket },
	{ "bind", gen_bind, R_ZERO, SOCK_IO_ERRS, true, done_bind },
	{ "listen", gen_listen, R_ZERO, SOCK_IO_ERRS, true, NULL },
	{ "accept", gen_accept, R_FD, SOCK_IO_ERRS | E(EMFILE), true, done_socket },
	{ "accept4", gen_accept4, R_FD, SOCK_IO_ERRS | E(EMFILE), true, done_socket },
	{ "connect", gen_connect, R_ZERO, SOCK_IO_ERRS, true, NULL },
	{ "sendto", gen_sendto, R_COUNT, SOCK_IO_ERRS, true, NULL },
	{ "recvfrom", gen_recvfrom, R_COUNT, SOCK_IO_ERRS, true, NULL },
	{ "sendmsg", gen_sendmsg, R_COUNT, SOCK_IO_ERRS, true, NULL },
	{ "recvmsg", gen_recvmsg, R_COUNT, SOCK_IO_ERRS, true, NULL },
	{ "shutdown", gen_shutdown, R_ZERO, E(EINVAL) | E(ENOTCONN) | E(EOPNOTSUPP), true, NULL },
	{ "getsockname", gen_getsockname, R_ZERO, E(EINVAL) | E(EOPNOTSUPP), true, NULL },
	{ "getpeername", gen_getpeername, R_ZERO, E(EINVAL) | E(ENOTCONN) | E(EOPNOTSUPP), true, NULL },
	{ "setsockopt", gen_setsockopt, R_ZERO, OPT_ERRS, true, NULL },
	{ "getsockopt", gen_getsockopt, R_ZERO, OPT_ERRS, true, NULL },
	{ "ioctl", gen_ioctl, R_ZERO, IOCTL_ERRS, false, done_ioctl },
	{ NULL, NULL, R_ANY, 0, false, NULL },
};
