/*
 * args.c - the fuzzer's argument pickers: random and boundary numbers,
 * pointers into a scratch arena or to places the kernel must refuse, this
 * process's descriptors (and closed and out-of-range numbers), socket
 * addresses, timeouts short enough that no call waits for long.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "syzfuzz.h"

uint8_t fd_kind[MAX_FDS];
int fd_open_count;
uint32_t own_addr;

static uint64_t rng_state;
static uintptr_t arena_lo, arena_hi;
static int open_fds[MAX_OPEN];		/* our open descriptors (not the control socket) */
static uint16_t ports[16];		/* ports our sockets were bound to */

/* xorshift64* (Vigna 2016). */
void rnd_seed(uint64_t seed)
{
	rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

uint32_t rnd_below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

bool one_in(uint32_t n)
{
	return rnd_below(n) == 0;
}

/*
 * The arena is the top of the heap, taken with brk(2) at start: what the
 * kernel writes through a good pointer lands there, and a length that
 * runs past it reaches only heap nobody uses, or the unmapped page above.
 */
void arena_init(void)
{
	uintptr_t b = (uintptr_t)syscall(__NR_brk, 0);

	arena_lo = (b + 4095) & ~4095UL;
	arena_hi = arena_lo + ARENA_SIZE;
	if ((uintptr_t)syscall(__NR_brk, arena_hi) != arena_hi) {
		printf("syzfuzz: brk(%#lx) refused: no arena\n", (unsigned long)arena_hi);
		exit(2);
	}
	for (uintptr_t p = arena_lo; p < arena_hi; p += 8)
		*(uint64_t *)p = rnd();
}

bool arena_has(uintptr_t p, size_t len)
{
	return p >= arena_lo && p <= arena_hi && len <= arena_hi - p;
}

uintptr_t arena_end(void)
{
	return arena_hi;
}

/*
 * Structures the fuzzer builds for one call (sockaddrs, iovecs, msghdrs,
 * timeouts...) come one after another from the arena's first
 * SCRATCH_SIZE bytes, at odd offsets, so none overwrites another; the
 * kernel's output may land anywhere, over them too, as a program's may.
 */
#define SCRATCH_SIZE	(16 * 1024)
static size_t scratch_used;

void scratch_reset(void)
{
	scratch_used = rnd_below(64);
}

void *scratch(size_t len)
{
	void *p;

	if (scratch_used + len > SCRATCH_SIZE)
		scratch_used = 0;
	p = (void *)(arena_lo + scratch_used);
	scratch_used += len + rnd_below(8);
	return p;
}

static const long ints[] = {
	0, 1, 2, 3, 4, 7, 8, 16, 255, 256, 1023, 1024, 1025, 4096, 65535, 65536,
	INT_MAX, INT_MIN, -1, -2, (long)UINT_MAX, LONG_MAX, LONG_MIN,
};

long pick_int(void)
{
	if (one_in(3))
		return (int)rnd();
	return one_in(2) ? (long)rnd_below(8) : PICK(ints);
}

static const long lens[] = {
	0, 1, 2, 7, 8, 15, 16, 17, 64, 511, 512, 1472, 1500, 4095, 4096, 4097,
	8192, 65507, 65508, 65535, 65536, 1 << 20, INT_MAX, (long)UINT_MAX, LONG_MAX,
	-1, -2, INT_MIN, LONG_MIN,
};

long pick_len(void)
{
	if (one_in(2))
		return rnd_below(one_in(2) ? 64 : 2048);
	return PICK(lens);
}

/*
 * Places the kernel must refuse: page 0 and below the program, the gap
 * at the top of user space (the stack's guard page), non-canonical
 * addresses, the kernel's direct map, vmap area and image, the last page.
 */
static const uintptr_t bad_ptrs[] = {
	0, 1, 0xfff, 0x1000, 0x3ff000, USER_TOP - 8, USER_TOP, USER_TOP - 4096,
	0x0000800000000000UL, 0x8000000000000000UL, 0xffff800000000000UL,
	0xffff800000100000UL, 0xffffc90000000000UL, 0xffffffff80000000UL,
	0xffffffff80100000UL, 0xfffffffffffff000UL, ~0UL,
};

/* A pointer the kernel cannot write through: below the program, at or above the stack's guard page, or our text. */
bool unwritable(const void *p)
{
	uintptr_t a = (uintptr_t)p;

	return a < 0x400000 || a >= USER_TOP - 4096 || p == (const void *)(uintptr_t)&rnd;
}

/* A good pointer into the arena for len bytes; now and then near its end so they run past. */
static void *good_ptr(struct call *c, long len)
{
	size_t want = len < 0 || len > ARENA_SIZE ? ARENA_SIZE : (size_t)len;
	size_t off = rnd_below(ARENA_SIZE - want + 1);

	if (one_in(16))
		off = ARENA_SIZE - rnd_below(want < 64 ? (uint32_t)want + 1 : 64);
	if ((unsigned long)len > ARENA_SIZE - off)
		c->may_fault = true;
	return (void *)(arena_lo + off);
}

/* Where the kernel will write len bytes: the arena, or somewhere it must refuse (our text, read only, too). */
void *pick_out(struct call *c, long len)
{
	if (!one_in(8))
		return good_ptr(c, len);
	c->may_fault = true;
	return one_in(6) ? (void *)(uintptr_t)&rnd : (void *)PICK(bad_ptrs);
}

/*
 * What the kernel will read len bytes from: the arena, our text (read
 * only; a page of it at least is there), or a bad place.
 */
const void *pick_in(struct call *c, long len)
{
	if (!one_in(8))
		return good_ptr(c, len);
	if (one_in(4)) {
		if ((unsigned long)len > 4096)
			c->may_fault = true;
		return (const void *)(uintptr_t)&rnd;
	}
	c->may_fault = true;
	return (const void *)PICK(bad_ptrs);
}

/* An optional pointer: NULL a third of the time (where it is not optional, EFAULT). */
void *pick_ptr_or_null(struct call *c, long len)
{
	if (!one_in(3))
		return pick_out(c, len);
	c->may_fault = true;
	return NULL;
}

/*
 * An iovec array of up to 4 segments (into the arena, or bad), then
 * slots up to 8 that point nowhere; *total is the built segments' length.
 */
struct iovec *pick_iov(struct call *c, bool out, long *n, long *total)
{
	struct iovec *iov = scratch(8 * sizeof(*iov));

	*n = rnd_below(5);
	*total = 0;
	for (long i = 0; i < 8; i++) {
		long len = one_in(3) ? pick_len() : (long)rnd_below(512);

		iov[i].iov_len = len;
		iov[i].iov_base = i >= *n ? (void *)(USER_TOP - 8) :
				  out ? pick_out(c, len) : (void *)pick_in(c, len);
		if (i < *n)
			*total = len < 0 || *total > LONG_MAX - len ? LONG_MAX : *total + len;
	}
	return iov;
}

/* The count passed with it: mostly the truth, else more than were built, or out of range. */
long pick_iov_count(struct call *c, long n)
{
	static const long counts[] = { -1, 0, 8, 1024, 1025, INT_MAX };
	long cnt = one_in(6) ? PICK(counts) : n;

	if (cnt > n)
		c->may_fault = true;	/* the rest is arena: random lengths and bases */
	return cnt;
}

static void note_fd(struct call *c, long fd)
{
	if (fd < 0 || fd >= MAX_FDS || fd_kind[fd] == FD_NONE)
		c->may_badf = true;
	else if (!(K_SOCK & K(fd_kind[fd])))
		c->may_notsock = true;
}

static const long bad_fds[] = { -1, -100, INT_MIN, MAX_FDS, MAX_FDS + 1, 1 << 20, INT_MAX };

/* A descriptor not open now (closed, or never used), above the console's: mostly low ones. */
static int closed_fd(void)
{
	for (int tries = 0; tries < 16; tries++) {
		int fd = 3 + (int)rnd_below(one_in(8) ? MAX_FDS - 3 : 64);

		if (fd_kind[fd] == FD_NONE)
			return fd;
	}
	return MAX_FDS - 1;
}

/* One of ours of a kind in kinds, or -1. */
static int open_fd(unsigned int kinds)
{
	int n = 0, k;

	for (int i = 0; i < fd_open_count; i++)
		n += (kinds & K(fd_kind[open_fds[i]])) != 0;
	if (!n)
		return -1;
	k = (int)rnd_below(n);
	for (int i = 0; i < fd_open_count; i++)
		if ((kinds & K(fd_kind[open_fds[i]])) && k-- == 0)
			return open_fds[i];
	return -1;
}

int fd_open_at(int i)
{
	return open_fds[i];
}

/*
 * A descriptor argument: mostly one of ours of a kind in kinds (the
 * console only if kinds says so: it is never read or written), else any of
 * ours of those kinds, a closed number, or one out of range.
 */
int pick_fd(struct call *c, unsigned int kinds)
{
	long fd;

	switch (rnd_below(12)) {
	case 0:
		fd = one_in(4) ? (int)rnd() : PICK(bad_fds);
		break;
	case 1:
		fd = closed_fd();
		break;
	default:
		fd = open_fd(kinds);
		if (fd < 0)
			fd = open_fd(kinds & ~K(FD_CONSOLE) ? kinds & ~K(FD_CONSOLE) : K_IO);
		if (fd < 0)
			fd = closed_fd();
	}
	if (fd >= 0 && fd <= 2 && !(kinds & K(FD_CONSOLE)))
		fd = -1;
	note_fd(c, fd);
	return (int)fd;
}

/* The new number for dup2/dup3: never the console's 0-2, often one of ours (which it closes). */
int pick_fd_target(struct call *c)
{
	int fd;

	switch (rnd_below(5)) {
	case 0:
		fd = (int)PICK(bad_fds);
		c->may_badf = true;
		return fd;
	case 1:
		return MAX_FDS - 1;
	case 2:
		fd = open_fd(K_IO);
		if (fd >= 3)
			return fd;
		return closed_fd();
	default:
		return closed_fd();
	}
}

/* Writing to a file opened read only (or with no write at all) may be EBADF or EINVAL. */
void readonly_fd(struct call *c, int fd)
{
	if (fd >= 0 && fd < MAX_FDS && (fd_kind[fd] == FD_PROC || fd_kind[fd] == FD_EPOLL))
		c->extra |= E(EBADF) | E(EINVAL);
}

void port_learned(uint16_t port)
{
	if (port)
		ports[rnd_below(sizeof(ports) / sizeof(ports[0]))] = port;
}

/*
 * Destinations stay on this machine or its own link: loopback, our own
 * address, broadcast and link-local multicast, 0.0.0.0, and TEST-NET-1
 * (RFC 5737), which is never routed; nothing reaches another host's service.
 */
static uint32_t pick_addr(void)
{
	static const uint32_t addrs[] = {
		0x7f000001, 0x7f010203, 0x00000000, 0xffffffff, 0xe0000001, 0xe00000fb,
		0xc0000201,
	};

	if (one_in(3))
		return own_addr;
	if (one_in(8))
		return own_addr | htonl(0xff);
	return htonl(PICK(addrs));
}

static uint16_t pick_port(void)
{
	static const uint16_t well_known[] = { 0, 7, 9, 13, 19, 80, 5201, 65535 };
	uint16_t p = ports[rnd_below(sizeof(ports) / sizeof(ports[0]))];

	if (p && one_in(2))
		return p;
	return one_in(3) ? (uint16_t)rnd() : PICK(well_known);
}

void pick_sockaddr(struct call *c, long *ptr, long *len)
{
	static const long lens_odd[] = { 0, 1, 8, 15, 17, 28, 110, 128, 129, -1, INT_MAX };
	static const uint16_t families[] = { AF_UNSPEC, AF_UNIX, AF_INET6, AF_PACKET, 0xffff };
	struct sockaddr_in *sin = scratch(128);

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = one_in(8) ? PICK(families) : AF_INET;
	sin->sin_port = htons(pick_port());
	sin->sin_addr.s_addr = pick_addr();
	*len = one_in(6) ? PICK(lens_odd) : (long)sizeof(*sin);
	*ptr = (long)sin;
	if (one_in(12)) {
		*ptr = (long)PICK(bad_ptrs);
		c->may_fault = true;
	}
}

/*
 * A timeout: up to 20 ms, or (if may_be_invalid) one the kernel must
 * refuse: a negative time or nanoseconds out of range. Never a long one:
 * nothing here may sleep for long.
 */
void *pick_timespec(struct call *c, bool may_be_invalid)
{
	struct timespec *ts = scratch(sizeof(*ts));

	ts->tv_sec = 0;
	ts->tv_nsec = rnd_below(20 * 1000 * 1000);
	if (may_be_invalid && one_in(6)) {
		if (one_in(2))
			ts->tv_sec = -1 - (long)rnd_below(5);
		else
			ts->tv_nsec = one_in(2) ? 1000000000L + rnd_below(10) : -1;
	}
	if (one_in(10)) {
		uintptr_t bad = PICK(bad_ptrs);

		c->may_fault = true;
		return (void *)(bad ? bad : 1);	/* never NULL: for ppoll that is no timeout */
	}
	return ts;
}

void fd_opened(int fd, enum fd_kind kind)
{
	if (fd_kind[fd] == FD_NONE && fd_open_count < MAX_OPEN)
		open_fds[fd_open_count++] = fd;
	fd_kind[fd] = kind;
}

void fd_closed(int fd)
{
	if (fd < 0 || fd >= MAX_FDS || fd_kind[fd] == FD_NONE)
		return;
	fd_kind[fd] = FD_NONE;
	for (int i = 0; i < fd_open_count; i++)
		if (open_fds[i] == fd)
			open_fds[i] = open_fds[--fd_open_count];
}
