/*
 * syzfuzz.h - the system call fuzzer's parts (main.c says what it does):
 * argument pickers over a scratch arena and this process's descriptors
 * (args.c), one model per system call (calls_fs.c, calls_net.c), and
 * connected sockets for them to work on (pairs.c).
 */
#ifndef SYZFUZZ_H
#define SYZFUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <sys/uio.h>

#define MAX_FDS		16384	/* the kernel's largest descriptor table (NR_OPEN_MAX) */
#define POOL_MAX	40	/* descriptors of our own kept open at once */
#define MAX_OPEN	256	/* descriptors tracked open: POOL_MAX and what one call adds */
#define ARENA_SIZE	(64 * 1024)
#define USER_TOP	0x00007ffffffff000UL	/* the first address above user space */

/* What a descriptor number refers to, as far as this process knows. */
enum fd_kind {
	FD_NONE,	/* not open: closed, or never opened */
	FD_CONSOLE,	/* 0-2 and their copies: the console, shared with the shell */
	FD_UDP,
	FD_TCP,
	FD_ICMP,
	FD_EPOLL,
	FD_PROC,	/* a /proc file (read only) */
	FD_RESERVED,	/* the fuzzer's own control socket: never an argument */
};

/* Sets of kinds for pick_fd(). */
#define K(kind)		(1u << (kind))
#define K_SOCK		(K(FD_UDP) | K(FD_TCP) | K(FD_ICMP))
#define K_IO		(K_SOCK | K(FD_PROC) | K(FD_EPOLL))
#define K_ANY		(K_IO | K(FD_CONSOLE))

/* What a successful return must look like. */
enum ret_shape {
	R_ZERO,		/* exactly 0 */
	R_FD,		/* a descriptor: free before, in range (dup2/dup3: the one asked for) */
	R_COUNT,	/* 0 .. c->max */
	R_NONNEG,
	R_POS,
	R_ANY,		/* checked by the model's done() */
};

/* Errnos as a set: bit e is errno e (Linux's are below 134). */
typedef unsigned __int128 errset;
#define E(e)		((errset)1 << (e))

/*
 * What I/O on a socket may meet besides bad arguments: no data or buffer
 * space yet, the connection's state, errors the peer or ICMP reported
 * (Linux's icmp_err_convert), no route, a full device queue; for an
 * AF_PACKET socket, no interface bound (ENXIO) or none of that index.
 */
#define SOCK_IO_ERRS	(E(EAGAIN) | E(EINVAL) | E(ENOTCONN) | E(EPIPE) | E(ECONNRESET) | \
			 E(ECONNREFUSED) | E(ECONNABORTED) | E(EDESTADDRREQ) | E(EMSGSIZE) | \
			 E(EOPNOTSUPP) | E(ENOBUFS) | E(ENETUNREACH) | E(EHOSTUNREACH) | \
			 E(EACCES) | E(EAFNOSUPPORT) | E(EISCONN) | E(ETIMEDOUT) | \
			 E(EADDRNOTAVAIL) | E(ENOPROTOOPT) | E(EPROTO) | E(ENETDOWN) | \
			 E(EHOSTDOWN) | E(EALREADY) | E(EINPROGRESS) | E(EADDRINUSE) | \
			 E(ENXIO) | E(ENODEV))

struct call;

struct model {
	const char *name;
	void (*gen)(struct call *c);
	enum ret_shape ret;
	errset errs;		/* besides ENOMEM and those the arguments allow */
	bool sock;		/* a socket call: ENOTSOCK on another kind of file */
	void (*done)(struct call *c, long r);	/* bookkeeping, extra checks; may be NULL */
};

/* One call: its arguments and what the checker may accept. */
struct call {
	const struct model *m;
	long nr;
	long a[6];
	enum ret_shape ret;	/* the model's, or what gen() chose */
	long max;		/* R_COUNT */
	int newfd;		/* R_FD from dup2/dup3: the number asked for, else -1 */
	enum fd_kind kind;	/* R_FD: what the new descriptor is */
	bool may_fault;		/* a pointer is bad, or a length runs past its buffer */
	bool must_fault;	/* the call must write through an unwritable pointer: EFAULT only */
	bool may_badf;		/* an fd argument is not open (or not open for this) */
	bool may_notsock;	/* an fd argument is open but no socket */
	errset extra;		/* errnos this call's arguments allow besides the model's */
	const char *why;	/* done(): set when the result is unexplained */
};

/* One element of a constant array, at random. */
#define PICK(array)	((array)[rnd_below(sizeof(array) / sizeof((array)[0]))])

/* args.c */
extern uint8_t fd_kind[MAX_FDS];	/* enum fd_kind */
extern int fd_open_count;
extern uint32_t own_addr;		/* eth0's address (network order), or loopback */
extern int fuzz_index;			/* which of the kernel's fuzzer processes this is */

void rnd_seed(uint64_t seed);
uint64_t rnd(void);
uint32_t rnd_below(uint32_t n);
bool one_in(uint32_t n);
void arena_init(void);
bool arena_has(uintptr_t p, size_t len);
uintptr_t arena_end(void);
void scratch_reset(void);
void *scratch(size_t len);
long pick_int(void);
long pick_len(void);
void *pick_out(struct call *c, long len);
const void *pick_in(struct call *c, long len);
void *pick_ptr_or_null(struct call *c, long len);
int pick_fd(struct call *c, unsigned int kinds);
int pick_fd_target(struct call *c);
struct iovec *pick_iov(struct call *c, bool out, long *n, long *total);
long pick_iov_count(struct call *c, long n);
void pick_sockaddr(struct call *c, long *ptr, long *len);
void *pick_timespec(struct call *c, bool may_be_invalid);
void fd_opened(int fd, enum fd_kind kind);
int fd_open_at(int i);
void fd_closed(int fd);
void fd_limit_pool(void);
void port_learned(uint16_t port);
bool unwritable(const void *p);
void readonly_fd(struct call *c, int fd);

/* calls_net.c: the control socket, our address; short timeouts on a socket. */
bool net_init(void);
bool sock_timeouts(int fd);

/* pairs.c: a connected TCP or UDP pair into the pool. */
void make_pair(void);

/* main.c: a setup step that failed (errno err) counts as unexplained. */
void setup_unexplained(const char *what, int err);

/* calls_fs.c, calls_net.c: NULL-terminated by name. */
extern const struct model fs_models[], net_models[];

#endif
