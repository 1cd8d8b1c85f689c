/*
 * calls_fs.c - models of the descriptor, poll, epoll, /proc, time,
 * process, log and reboot calls: how to make their arguments, and what
 * they may answer (docs/syscalls.md, Linux's man pages).
 */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "syzfuzz.h"

#define TIMER_ABSTIME	1	/* clock_nanosleep(2) */

static void gen_read(struct call *c)
{
	long n = pick_len();

	c->a[0] = pick_fd(c, K_IO);
	c->a[1] = (long)pick_out(c, n);
	c->a[2] = n;
	c->max = n < 0 ? LONG_MAX : n;
}

static void gen_write(struct call *c)
{
	long n = pick_len();

	c->a[0] = pick_fd(c, K_IO);
	readonly_fd(c, (int)c->a[0]);
	c->a[1] = (long)pick_in(c, n);
	c->a[2] = n;
	c->max = n < 0 ? LONG_MAX : n;
}

static void gen_iov(struct call *c, bool out)
{
	long n, total;

	c->a[0] = pick_fd(c, K_IO);
	c->a[1] = (long)pick_iov(c, out, &n, &total);
	c->a[2] = pick_iov_count(c, n);
	c->max = c->a[2] == n ? total : LONG_MAX;
}

static void gen_readv(struct call *c)
{
	gen_iov(c, true);
}

static void gen_writev(struct call *c)
{
	gen_iov(c, false);
	readonly_fd(c, (int)c->a[0]);
}

/* Never the console's 0-2: this process prints its findings there. */
static void gen_close(struct call *c)
{
	c->a[0] = pick_fd(c, K_IO);
}

static void done_close(struct call *c, long r)
{
	if (r == 0)
		fd_closed((int)c->a[0]);
}

static void gen_dup(struct call *c)
{
	c->a[0] = pick_fd(c, K_ANY);
	c->kind = c->a[0] >= 0 && c->a[0] < MAX_FDS ? fd_kind[c->a[0]] : FD_NONE;
}

static void done_dup(struct call *c, long r)
{
	if (r >= 0 && r < MAX_FDS)
		fd_opened((int)r, c->kind);
}

static void gen_dup2(struct call *c)
{
	gen_dup(c);
	c->newfd = pick_fd_target(c);
	c->a[1] = c->newfd;
}

static void gen_dup3(struct call *c)
{
	static const long flags[] = { 0, O_CLOEXEC, O_NONBLOCK, -1 };

	gen_dup2(c);
	c->a[2] = one_in(4) ? PICK(flags) : 0;
}

/* fcntl: the console only reads its flags or is copied (O_NONBLOCK on it would lose our reports). */
static void gen_fcntl(struct call *c)
{
	static const long cmds[] = { F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD_CLOEXEC };
	static const long other[] = { 5, 6, 7, 1024, 1029, 1031, -1, INT_MAX };
	long cmd = one_in(8) ? PICK(other) : PICK(cmds);
	int fd = pick_fd(c, cmd == F_SETFL || cmd == F_SETFD ? K_IO : K_ANY);

	c->a[0] = fd;
	c->a[1] = cmd;
	c->a[2] = one_in(2) ? (long)rnd_below(8) : pick_int();
	c->kind = fd >= 0 && fd < MAX_FDS ? fd_kind[fd] : FD_NONE;
	c->ret = cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC ? R_FD :
		 cmd == F_GETFD ? R_COUNT : cmd == F_GETFL ? R_NONNEG : R_ZERO;
	c->max = 1;
}

static void done_fcntl(struct call *c, long r)
{
	if (c->ret != R_FD || r < 0)
		return;
	if (r < (int)c->a[2])
		c->why = "a descriptor below the one asked for";
	done_dup(c, r);
}

/* pollfds over our descriptors (the console too: poll only looks). */
static void gen_pollfds(struct call *c)
{
	static const long counts[] = { 0, 8, 1024, 1025, UINT_MAX };
	long n = rnd_below(7);
	struct pollfd *fds = scratch(8 * sizeof(*fds));

	for (long i = 0; i < n; i++) {
		fds[i].fd = one_in(8) ? -1 : pick_fd(c, K_ANY);
		fds[i].events = (short)rnd();
	}
	c->may_badf = c->may_notsock = false;	/* poll reports a bad descriptor as POLLNVAL */
	c->a[0] = one_in(12) ? (long)pick_out(c, 64) : (long)fds;
	c->a[1] = one_in(6) ? PICK(counts) : n;
	if (c->a[1] > n)
		c->may_fault = true;	/* the rest is arena: random descriptors and events */
	c->max = c->a[1];
}

static void gen_poll(struct call *c)
{
	gen_pollfds(c);
	c->a[2] = rnd_below(21);
}

/* ppoll: a timeout (never none: that could be forever) and maybe a signal mask. */
static void gen_ppoll(struct call *c)
{
	static const long sizes[] = { 8, 0, 4, 16, -1 };

	gen_pollfds(c);
	c->a[2] = (long)pick_timespec(c, true);
	c->a[3] = (long)pick_ptr_or_null(c, 8);
	c->a[4] = one_in(3) ? PICK(sizes) : 8;
}

static void gen_epoll_create(struct call *c)
{
	c->a[0] = one_in(2) ? 1 + (long)rnd_below(64) : pick_int();
	c->kind = FD_EPOLL;
}

static void gen_epoll_create1(struct call *c)
{
	static const long flags[] = { 0, EPOLL_CLOEXEC, O_NONBLOCK, -1, 1 };

	c->a[0] = one_in(3) ? pick_int() : PICK(flags);
	c->kind = FD_EPOLL;
}

/* Any descriptor into one of our epoll sets, the set itself and other sets included. */
static void gen_epoll_ctl(struct call *c)
{
	static const long ops[] = { EPOLL_CTL_ADD, EPOLL_CTL_ADD, EPOLL_CTL_MOD, EPOLL_CTL_DEL, 0, 4, -1 };
	struct epoll_event *ev = scratch(sizeof(*ev));

	ev->events = one_in(2) ? (uint32_t)rnd() : EPOLLIN | EPOLLOUT | (one_in(3) ? EPOLLET : 0);
	ev->data.u64 = rnd();
	c->a[0] = pick_fd(c, K(FD_EPOLL));
	c->a[1] = PICK(ops);
	c->a[2] = pick_fd(c, K_ANY);
	c->a[3] = one_in(10) ? (long)pick_ptr_or_null(c, sizeof(*ev)) : (long)ev;
}

static void gen_epoll_wait(struct call *c)
{
	static const long maxes[] = { 0, -1, 1000, INT_MAX, INT_MIN };
	long max = one_in(6) ? PICK(maxes) : 1 + (long)rnd_below(16);

	c->a[0] = pick_fd(c, K(FD_EPOLL));
	c->a[1] = (long)pick_out(c, max > 0 && max < 6000 ? max * 12 : 12);
	c->a[2] = max;
	c->a[3] = rnd_below(21);
	c->max = max;
}

static void gen_epoll_pwait(struct call *c)
{
	static const long sizes[] = { 8, 0, 4, 16 };

	gen_epoll_wait(c);
	c->a[4] = (long)pick_ptr_or_null(c, 8);
	c->a[5] = one_in(3) ? PICK(sizes) : 8;
}

/*
 * open/openat: the names that exist, near misses, long and unterminated
 * names. Never /dev/selftest: reading it runs the self-tests.
 */
static const char *const paths[] = {
	"/proc/net/dev", "/proc/net/snmp", "/proc/net/tcp", "/proc/net/udp", "/proc/net/route",
	"/proc/net/arp", "/proc/net/qdisc", "/proc/meminfo", "/proc/uptime", "/proc/self/maps",
	"/proc/skiff/stats.json", "/proc/skiff/syscalls", "/proc/skiff/threads",
	"/proc/skiff/netdev", "/proc", "/proc/", "", "/", "/proc/net/dev/", "proc/meminfo",
	"/proc/nonexistent", "/dev/capture",
};

static void gen_open_at(struct call *c, int path_arg)
{
	static const long flags[] = { O_RDONLY, O_WRONLY, O_RDWR, O_ACCMODE, O_NONBLOCK, O_CLOEXEC };
	char *p = scratch(4200);
	const char *name = PICK(paths);
	long f = one_in(4) ? pick_int() : PICK(flags) | (one_in(2) ? O_CLOEXEC : 0);

	strcpy(p, name);
	if (one_in(10)) {			/* longer than any path: 4100 bytes */
		memset(p, 'a', 4100);
		p[4100] = '\0';
	}
	c->a[path_arg] = (long)p;
	if (one_in(10)) {			/* unterminated up to the arena's end */
		c->a[path_arg] = (long)(arena_end() - 8);
		memset((void *)c->a[path_arg], 'p', 8);
		c->may_fault = true;
	} else if (one_in(12)) {
		c->a[path_arg] = (long)pick_in(c, 1);
	}
	c->a[path_arg + 1] = f;
	c->a[path_arg + 2] = pick_int();
	c->kind = FD_PROC;
}

static void gen_open(struct call *c)
{
	gen_open_at(c, 0);
}

/* Only absolute names exist, so the directory descriptor never matters (as Linux). */
static void gen_openat(struct call *c)
{
	static const long dirfds[] = { -100, -1, 0, INT_MAX };

	c->a[0] = one_in(2) ? -100 : one_in(2) ? PICK(dirfds) : pick_fd(c, K_IO);
	c->may_badf = c->may_notsock = false;
	gen_open_at(c, 1);
}

static void gen_none(struct call *c)
{
}

static long our_pid;

static void done_getpid(struct call *c, long r)
{
	if (our_pid && r != our_pid)
		c->why = "a different pid than before";
	our_pid = r;
}

/*
 * brk: ask for 0, the break as it is, up to 256 KiB more, or what must be
 * refused (below the arena, which must stay mapped, or beyond any heap).
 * Linux's answer is the new break, or the old one when refused. The heap
 * stays small so that a huge length meets the unmapped end soon: writing
 * megabytes (getrandom) takes seconds under TCG.
 */
static uintptr_t cur_brk;

static void gen_brk(struct call *c)
{
	static const long refused[] = { 1, 0x1000, -1, LONG_MAX, 0x7ffffffff000 };

	if (!cur_brk)
		cur_brk = arena_end();
	switch (rnd_below(4)) {
	case 0:
		c->a[0] = one_in(2) ? 0 : (long)cur_brk;
		break;
	case 1:
		c->a[0] = PICK(refused);
		break;
	default:
		c->a[0] = (long)(arena_end() + rnd_below(256 << 10));
	}
}

static void done_brk(struct call *c, long r)
{
	if ((uintptr_t)r != cur_brk && r != c->a[0])
		c->why = "neither the break asked for nor the old one";
	else if ((uintptr_t)r < arena_end())
		c->why = "the break fell below the arena";
	cur_brk = (uintptr_t)r;
}

static const long clocks[] = {
	CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
	CLOCK_PROCESS_CPUTIME_ID, 8, -1, INT_MAX,
};

/* clock_gettime/clock_getres: a clock that exists must write the time, or fault. */
static void gen_clock(struct call *c)
{
	void *ts = pick_out(c, sizeof(struct timespec));

	c->a[0] = one_in(3) ? pick_int() : PICK(clocks);
	c->a[1] = (long)ts;
	c->must_fault = (c->a[0] == CLOCK_REALTIME || c->a[0] == CLOCK_MONOTONIC) && unwritable(ts);
}

/* clock_getres may be given no buffer at all (POSIX). */
static void gen_clock_getres(struct call *c)
{
	gen_clock(c);
	if (one_in(6))
		c->a[1] = 0;
	c->must_fault &= c->a[1] != 0;
}

static void gen_gettimeofday(struct call *c)
{
	void *tv = pick_ptr_or_null(c, 16);

	c->a[0] = (long)tv;
	c->a[1] = (long)pick_ptr_or_null(c, 8);
	c->must_fault = tv && unwritable(tv);
}

static void gen_time(struct call *c)
{
	void *t = pick_ptr_or_null(c, 8);

	c->a[0] = (long)t;
	c->must_fault = t && unwritable(t);
}

static void gen_nanosleep(struct call *c)
{
	c->a[0] = (long)pick_timespec(c, true);
	c->a[1] = (long)pick_ptr_or_null(c, sizeof(struct timespec));
}

/* TIMER_ABSTIME with a time up to 20 ms: long past, so it returns at once. */
static void gen_clock_nanosleep(struct call *c)
{
	static const long flags[] = { 0, TIMER_ABSTIME, 2, -1 };

	c->a[0] = one_in(4) ? pick_int() : PICK(clocks);
	c->a[1] = PICK(flags);
	c->a[2] = (long)pick_timespec(c, true);
	c->a[3] = (long)pick_ptr_or_null(c, sizeof(struct timespec));
}

static void gen_getrandom(struct call *c)
{
	static const long flags[] = { 0, GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE, 8, -1 };
	long n = pick_len();
	void *buf = pick_out(c, n);

	c->a[0] = (long)buf;
	c->a[1] = n;
	c->a[2] = one_in(2) ? 0 : PICK(flags);
	c->max = n < 0 ? LONG_MAX : n;
	c->must_fault = n > 0 && !(c->a[2] & ~(GRND_NONBLOCK | GRND_RANDOM)) && unwritable(buf);
}

/* syslog(2): each action; READ_ALL must fill the buffer it is given, or fault. */
static void gen_syslog(struct call *c)
{
	static const long types[] = {
		SYSLOG_ACTION_CLOSE, SYSLOG_ACTION_OPEN, SYSLOG_ACTION_READ_ALL,
		SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_SIZE_BUFFER, 4, 5, 6, 7, 8, 9, -1,
	};
	long n = pick_len();
	void *buf = pick_ptr_or_null(c, n);

	c->a[0] = PICK(types);
	c->a[1] = (long)buf;
	c->a[2] = n;
	c->max = c->a[0] == SYSLOG_ACTION_SIZE_BUFFER ? LONG_MAX : n < 0 ? 0 : n;
	c->must_fault = c->a[0] == SYSLOG_ACTION_READ_ALL && buf && unwritable(buf) &&
			n > 0 && n <= INT_MAX;
}

/*
 * reboot(2) with everything but LINUX_REBOOT_MAGIC1 (hazards[] in main.c
 * makes sure): the real magic2 values and commands, which must all be
 * refused for want of the first.
 */
static void gen_reboot(struct call *c)
{
	static const long magic2[] = { LINUX_REBOOT_MAGIC2, 85072278, 369367448, 537993216 };
	static const long cmds[] = { RB_AUTOBOOT, RB_POWER_OFF, 0, -1 };

	c->a[0] = one_in(2) ? (long)(LINUX_REBOOT_MAGIC1 ^ (1u << rnd_below(32))) : pick_int();
	c->a[1] = one_in(2) ? PICK(magic2) : pick_int();
	c->a[2] = one_in(2) ? PICK(cmds) : pick_int();
	c->a[3] = (long)pick_ptr_or_null(c, 256);
}

const struct model fs_models[] = {
	{ "read", gen_read, R_COUNT, SOCK_IO_ERRS, false, NULL },
	{ "write", gen_write, R_COUNT, SOCK_IO_ERRS, false, NULL },
	{ "readv", gen_readv, R_COUNT, SOCK_IO_ERRS, false, NULL },
	{ "writev", gen_writev, R_COUNT, SOCK_IO_ERRS, false, NULL },
	{ "close", gen_close, R_ZERO, 0, false, done_close },
	{ "dup", gen_dup, R_FD, E(EMFILE), false, done_dup },
	{ "dup2", gen_dup2, R_FD, E(EMFILE), false, done_dup },
	{ "dup3", gen_dup3, R_FD, E(EMFILE) | E(EINVAL), false, done_dup },
	{ "fcntl", gen_fcntl, R_ZERO, E(EINVAL) | E(EMFILE), false, done_fcntl },
	{ "poll", gen_poll, R_COUNT, E(EINVAL), false, NULL },
	{ "ppoll", gen_ppoll, R_COUNT, E(EINVAL), false, NULL },
	{ "epoll_create", gen_epoll_create, R_FD, E(EINVAL) | E(EMFILE), false, done_dup },
	{ "epoll_create1", gen_epoll_create1, R_FD, E(EINVAL) | E(EMFILE), false, done_dup },
	{ "epoll_ctl", gen_epoll_ctl, R_ZERO,
	  E(EINVAL) | E(EEXIST) | E(ENOENT) | E(ELOOP) | E(EPERM), false, NULL },
	{ "epoll_wait", gen_epoll_wait, R_COUNT, E(EINVAL), false, NULL },
	{ "epoll_pwait", gen_epoll_pwait, R_COUNT, E(EINVAL), false, NULL },
	{ "open", gen_open, R_FD, E(ENOENT) | E(EACCES) | E(EMFILE) | E(EINVAL) | E(ENAMETOOLONG), false, done_dup },
	{ "openat", gen_openat, R_FD, E(ENOENT) | E(EACCES) | E(EMFILE) | E(EINVAL) | E(ENAMETOOLONG), false, done_dup },
	{ "getpid", gen_none, R_POS, 0, false, done_getpid },
	{ "gettid", gen_none, R_POS, 0, false, NULL },
	{ "sched_yield", gen_none, R_ZERO, 0, false, NULL },
	{ "brk", gen_brk, R_ANY, 0, false, done_brk },
	{ "clock_gettime", gen_clock, R_ZERO, E(EINVAL), false, NULL },
	{ "clock_getres", gen_clock_getres, R_ZERO, E(EINVAL), false, NULL },
	{ "gettimeofday", gen_gettimeofday, R_ZERO, 0, false, NULL },
	{ "time", gen_time, R_NONNEG, 0, false, NULL },
	{ "nanosleep", gen_nanosleep, R_ZERO, E(EINVAL), false, NULL },
	{ "clock_nanosleep", gen_clock_nanosleep, R_ZERO, E(EINVAL) | E(EOPNOTSUPP), false, NULL },
	{ "getrandom", gen_getrandom, R_COUNT, E(EINVAL), false, NULL },
	{ "syslog", gen_syslog, R_COUNT, E(EINVAL), false, NULL },
	{ "reboot", gen_reboot, R_ZERO, E(EINVAL) | E(EPERM), false, NULL },
	{ NULL, NULL, R_ANY, 0, false, NULL },
};
