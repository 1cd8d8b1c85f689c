/*
 * syzfuzztest - the system call fuzzer. It calls every system call this
 * kernel implements (the list is /proc/skiff/syscalls, so new ones are
 * fuzzed as they appear) with random and boundary arguments: kernel,
 * unmapped, read-only and straddling pointers, huge and negative lengths,
 * closed and out-of-range descriptors, odd flags, options and addresses;
 * and it reports every answer it cannot explain: an errno the call does
 * not document (or that the arguments rule out: EBADF on an open
 * descriptor, EFAULT with every pointer good), a success where a pointer
 * the call must write is unwritable or a descriptor is not open, a count
 * beyond what was asked, a new descriptor that was already open, a call
 * that took seconds when nothing here may wait more than milliseconds.
 *
 *	syzfuzztest [SECONDS [INDEX [SEED]]]	(defaults: 60 s, 0, from getrandom)
 *
 * The kernel's syzfuzz=SECONDS[,PROCS] starts several (kernel/process/
 * syzfuzz.c: Skiff has no fork or clone) and checks afterwards that every
 * pool is back where it was; services=syzfuzztest runs one with the
 * defaults. Each process prints "syzfuzz[INDEX]: ..." lines: the seed,
 * each unexplained answer (the first MAX_REPORTS), and a summary; its exit
 * status is 0 only if every answer was explained.
 *
 * Bounds: the console (descriptors 0-2) is never read, written, closed or
 * replaced, since the shell shares it; sockets wait at most 20 ms;
 * timeouts and sleeps are at most 20 ms; the heap grows at most 256 KiB;
 * the network is never changed for good (calls_net.c). A call without a
 * model gets raw arguments from the same pickers; one that could stop the
 * machine or wait forever with them is listed in hazards[] (reboot(2)
 * never gets its magic number). Exhausting memory is not this fuzzer's job.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "syzfuzz.h"

#define MAX_SYSCALLS	128
#define MAX_REPORTS	20
#define SLOW_MS		3000	/* a socket's timeout is 20 ms, a lingering close 1 s */

struct entry {
	long nr;
	char name[32];
	const struct model *m;
	unsigned long calls, successes;
};

int fuzz_index;
static struct entry table[MAX_SYSCALLS];
static int nentries;
static unsigned long ncalls, nunexplained;

/* Raw arguments for a call without a model: numbers, lengths, pointers, descriptors. */
static void gen_raw(struct call *c)
{
	for (int i = 0; i < 6; i++) {
		switch (rnd_below(5)) {
		case 0: c->a[i] = pick_int(); break;
		case 1: c->a[i] = pick_len(); break;
		case 2: c->a[i] = (long)pick_out(c, 256); break;
		case 3: c->a[i] = (long)pick_in(c, 256); break;
		default: c->a[i] = pick_fd(c, K_IO);
		}
	}
}

static const struct model raw_model = { "(raw)", gen_raw, R_ANY, ~(errset)0, false, NULL };

/*
 * Raw arguments a call must never get: reboot(2) with LINUX_REBOOT_MAGIC1
 * would act; syslog(2)'s SYSLOG_ACTION_READ waits until the log grows.
 */
static const struct hazard {
	const char *name;
	int arg;
	long never;
} hazards[] = {
	{ "reboot", 0, 0xfee1dead },
	{ "syslog", 0, 2 },
};

/* Calls that end the process: made once, at the end (main()). */
static bool ends_process(const char *name)
{
	return !strcmp(name, "exit") || !strcmp(name, "exit_group");
}

static const struct model *find_model(const char *name)
{
	for (const struct model *m = fs_models; m->name; m++)
		if (!strcmp(m->name, name))
			return m;
	for (const struct model *m = net_models; m->name; m++)
		if (!strcmp(m->name, name))
			return m;
	return &raw_model;
}

/* "NUMBER NAME" lines of /proc/skiff/syscalls. */
static void load_table(void)
{
	static char text[8192];
	int fd = open("/proc/skiff/syscalls", O_RDONLY);
	long n = 0, r;
	char *line, *save;

	if (fd < 0) {
		printf("syzfuzz[%d]: cannot open /proc/skiff/syscalls: %s\n", fuzz_index, strerror(errno));
		exit(2);
	}
	while (n < (long)sizeof(text) - 1 && (r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	for (line = strtok_r(text, "\n", &save); line && nentries < MAX_SYSCALLS;
	     line = strtok_r(NULL, "\n", &save)) {
		struct entry *e = &table[nentries];
		char *sp = strchr(line, ' ');

		if (!sp || strlen(sp + 1) >= sizeof(e->name))
			continue;
		e->nr = strtol(line, NULL, 10);
		strcpy(e->name, sp + 1);
		if (ends_process(e->name))
			continue;
		e->m = find_model(e->name);
		nentries++;
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void report(const char *name, const struct call *c, long r, const char *why)
{
	if (++nunexplained > MAX_REPORTS)
		return;
	printf("syzfuzz[%d]: unexplained: %s(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) = %ld%s%s%s: %s\n",
	       fuzz_index, name, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4], c->a[5], r,
	       r < 0 ? " (" : "", r < 0 ? strerror((int)-r) : "", r < 0 ? ")" : "", why);
}

/* Why an error return cannot be explained, or NULL. */
static const char *check_error(const struct call *c, int err)
{
	errset ok = c->m->errs | c->extra | E(ENOMEM);

	if (c->may_fault)
		ok |= E(EFAULT);
	if (c->may_badf)
		ok |= E(EBADF);
	if (c->may_notsock && c->m->sock)
		ok |= E(ENOTSOCK);
	if (err >= 128 || !(ok & E(err)))
		return "an errno these arguments do not explain";
	return NULL;
}

/* Why a success cannot be explained, or NULL. */
static const char *check_success(const struct call *c, long r)
{
	if (c->must_fault)
		return "success with an unwritable pointer it had to write";
	if (c->may_badf && c->m != &raw_model)
		return "success on a descriptor that is not open";
	switch (c->ret) {
	case R_ZERO:
		return r == 0 ? NULL : "not 0";
	case R_FD:
		if (r >= MAX_FDS)
			return "a descriptor beyond the table";
		if (c->newfd >= 0)
			return r == c->newfd ? NULL : "not the descriptor asked for";
		return fd_kind[r] == FD_NONE ? NULL : "a descriptor that was already open";
	case R_COUNT:
		return r <= c->max ? NULL : "more than was asked for";
	case R_POS:
		return r > 0 ? NULL : "not positive";
	default:
		return NULL;
	}
}

static void one_call(struct entry *e)
{
	struct call c = { .m = e->m, .nr = e->nr, .ret = e->m->ret, .newfd = -1 };
	const char *why;
	long r, t0;

	scratch_reset();
	e->m->gen(&c);
	for (size_t i = 0; i < sizeof(hazards) / sizeof(hazards[0]); i++)
		if (!strcmp(e->name, hazards[i].name) &&
		    (uint32_t)c.a[hazards[i].arg] == (uint32_t)hazards[i].never)
			c.a[hazards[i].arg] ^= 1;	/* the kernel reads an int */
	t0 = now_ms();
	r = syscall(c.nr, c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5]);
	if (r == -1)
		r = -errno;
	e->calls++;
	e->successes += r >= 0;
	ncalls++;
	if (now_ms() - t0 > SLOW_MS)
		report(e->name, &c, r, "took seconds");
	why = r < 0 && r >= -4095 ? check_error(&c, (int)-r) : r < 0 && c.m != &raw_model ?
	      "below -4095: neither a result nor an errno" : check_success(&c, r);
	if (!why && c.m->done) {
		c.m->done(&c, r);
		why = c.why;
	}
	if (why && c.m != &raw_model)
		report(e->name, &c, r, why);
}

void setup_unexplained(const char *what, int err)
{
	if (++nunexplained <= MAX_REPORTS)
		printf("syzfuzz[%d]: unexplained: setting up a connected pair: %s: %s\n",
		       fuzz_index, what, strerror(err));
}

static void close_own(int fd)
{
	if (close(fd) != 0) {
		nunexplained++;
		printf("syzfuzz[%d]: unexplained: close(%d) of our own descriptor: %s\n",
		       fuzz_index, fd, strerror(errno));
	}
	fd_closed(fd);
}

/* Close our descriptors until at most keep besides the console's 0-2 are open. */
static void trim_pool(int keep)
{
	for (int tries = 0; fd_open_count > keep + 3 && tries < MAX_OPEN * 4; tries++) {
		int fd = fd_open_at((int)rnd_below(fd_open_count));

		if (fd > 2)
			close_own(fd);
	}
}

/* names of the entries for which pred holds, space-separated, as many as fit. */
static void names_where(char *buf, size_t size, bool (*pred)(const struct entry *e))
{
	buf[0] = '\0';
	for (int i = 0; i < nentries; i++)
		if (pred(&table[i]) && strlen(buf) + strlen(table[i].name) + 2 < size)
			strcat(strcat(buf, " "), table[i].name);
}

static bool never_called(const struct entry *e)
{
	return !e->calls;
}

static bool never_succeeded(const struct entry *e)
{
	return e->calls && !e->successes;
}

/* The counts the test reads, and (for whoever improves the models) calls that never got through. */
static void summary(int seconds)
{
	char missing[256], failing[256];
	unsigned long ok = 0;
	int called = 0;

	for (int i = 0; i < nentries; i++) {
		called += table[i].calls != 0;
		ok += table[i].successes;
	}
	names_where(missing, sizeof(missing), never_called);
	names_where(failing, sizeof(failing), never_succeeded);
	printf("syzfuzz[%d]: %lu calls to %d of %d system calls in %d s, %lu unexplained%s%s\n",
	       fuzz_index, ncalls, called, nentries, seconds, nunexplained,
	       *missing ? "; never called:" : "", missing);
	printf("syzfuzz[%d]: %lu%% succeeded%s%s\n", fuzz_index, ncalls ? ok * 100 / ncalls : 0,
	       *failing ? "; never:" : "", failing);
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 60;
	uint64_t seed = 0;
	long end;

	fuzz_index = argc > 2 ? atoi(argv[2]) : 0;
	if (argc > 3)
		seed = strtoull(argv[3], NULL, 0);
	else if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint64_t)now_ms() * 2654435761u + (uint64_t)fuzz_index;
	rnd_seed(seed);
	for (int fd = 0; fd < 3; fd++)
		fd_opened(fd, FD_CONSOLE);
	arena_init();
	load_table();
	if (!net_init()) {
		printf("syzfuzz[%d]: no control socket: %s\n", fuzz_index, strerror(errno));
		return 2;
	}
	printf("syzfuzz[%d]: %d system calls for %d s, seed %#llx\n", fuzz_index, nentries,
	       seconds, (unsigned long long)seed);
	end = now_ms() + seconds * 1000L;
	while (now_ms() < end) {
		one_call(&table[rnd_below(nentries)]);
		if (one_in(100))
			make_pair();
		if (fd_open_count > POOL_MAX)
			trim_pool(POOL_MAX / 2);
	}
	trim_pool(0);
	summary(seconds);
	/* The two calls that end a process, one or the other. */
	syscall(fuzz_index % 2 ? __NR_exit : __NR_exit_group, nunexplained ? 1 : 0);
	return 2;
}
