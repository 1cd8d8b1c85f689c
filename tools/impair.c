/*
 * impair - a userspace impairment relay, for kernels without netem: the
 * wire between QEMU's tap and Linux's network stack, dropping, delaying,
 * reordering, duplicating and corrupting Ethernet frames with given
 * chances (seeded, so a run can be replayed).
 *
 *	impair QEMU-TAP LINUX-TAP [--loss P] [--dup P] [--reorder P]
 *	       [--delay MS] [--corrupt P] [--seed N]
 *
 * QEMU holds QEMU-TAP's file descriptor; the relay sees that side through
 * an AF_PACKET socket bound to it (frames QEMU sends arrive there as input;
 * frames the relay sends there go to QEMU). LINUX-TAP (a persistent tap,
 * `ip tuntap add`) is opened here and carries Linux's address, so its
 * frames reach the relay's descriptor and what the relay writes there
 * enters Linux's stack. P is a percentage (fractions allowed).
 *
 * Reordering holds a frame back (one per direction) until the next frame
 * in that direction has passed it, or DELAY ms have gone by. Corruption
 * flips one byte after the Ethernet header. On SIGTERM or SIGINT the
 * relay prints its counters and exits.
 *
 * Build: gcc -O2 -Wall -o build/impair tools/impair.c
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME_MAX	65536
#define ETH_HDR		14

enum { TO_LINUX, TO_QEMU };
static const char *const dir_name[] = { "to-linux", "to-qemu" };

struct stats {
	unsigned long frames, dropped, duplicated, reordered, corrupted, timer_releases;
};

struct held {
	unsigned char buf[FRAME_MAX];
	ssize_t len;			/* 0: nothing held */
	long long deadline_ms;
};

static double loss, duplicate, reorder, corrupt;	/* percentages */
static long delay_ms = 10;
static uint64_t rng_state = 1;
static struct stats stats[2];
static struct held held[2];
static volatile sig_atomic_t stop;
static int tap_fd, pkt_fd, qemu_ifindex;

/* splitmix64: the same seed, the same decisions. */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int chance(double pct)
{
	return (double)(rng_next() >> 11) / (double)(1ULL << 53) * 100.0 < pct;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int tap_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR);

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int packet_open(const char *name)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	if (fd < 0)
		return -1;
	sll.sll_ifindex = qemu_ifindex = if_nametoindex(name);
	if (!sll.sll_ifindex || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void emit(int dir, const unsigned char *buf, ssize_t len)
{
	if (dir == TO_LINUX) {
		if (write(tap_fd, buf, len) < 0 && errno != EAGAIN)
			perror("impair: write tap");
	} else {
		struct sockaddr_ll to = {
			.sll_family = AF_PACKET, .sll_ifindex = qemu_ifindex, .sll_halen = 6,
		};

		memcpy(to.sll_addr, buf, 6);
		if (sendto(pkt_fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
		    errno != ENOBUFS)
			perror("impair: send packet");
	}
}

static void release(int dir)
{
	if (held[dir].len) {
		emit(dir, held[dir].buf, held[dir].len);
		held[dir].len = 0;
	}
}

/* One frame from one side: its fate, then on to the other side. */
static void relay(int dir, unsigned char *buf, ssize_t len)
{
	struct stats *s = &stats[dir];
	int drop = chance(loss), bad = chance(corrupt), twice = chance(duplicate),
	    hold = chance(reorder);

	s->frames++;
	if (drop) {
		s->dropped++;
		return;
	}
	if (bad && len > ETH_HDR) {
		buf[ETH_HDR + rng_next() % (len - ETH_HDR)] ^= 1 + rng_next() % 255;
		s->corrupted++;
	}
	if (hold && !held[dir].len) {
		memcpy(held[dir].buf, buf, len);
		held[dir].len = len;
		held[dir].deadline_ms = now_ms() + delay_ms;
		s->reordered++;
	} else {
		emit(dir, buf, len);
		release(dir);
	}
	if (twice) {
		emit(dir, buf, len);
		s->duplicated++;
	}
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: impair QEMU-TAP LINUX-TAP [--loss P] [--dup P] "
		"[--reorder P] [--delay MS] [--corrupt P] [--seed N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static unsigned char buf[FRAME_MAX];

	if (argc < 3)
		usage();
	for (int i = 3; i < argc; i += 2) {
		if (i + 1 >= argc)
			usage();
		if (!strcmp(argv[i], "--loss")) loss = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--dup")) duplicate = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--reorder")) reorder = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--corrupt")) corrupt = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--delay")) delay_ms = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed")) rng_state = strtoull(argv[i + 1], NULL, 0);
		else usage();
	}
	pkt_fd = packet_open(argv[1]);
	tap_fd = tap_open(argv[2]);
	if (pkt_fd < 0 || tap_fd < 0) {
		perror("impair: open the taps");
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("impair: %s <-> %s loss %g%% dup %g%% reorder %g%% (delay %ld ms) "
	       "corrupt %g%% seed %llu\n", argv[1], argv[2], loss, duplicate, reorder,
	       delay_ms, corrupt, (unsigned long long)rng_state);
	fflush(stdout);
	while (!stop) {
		struct pollfd p[2] = { { tap_fd, POLLIN, 0 }, { pkt_fd, POLLIN, 0 } };
		long long now = now_ms(), wait = 1000;

		for (int d = 0; d < 2; d++) {
			if (held[d].len && held[d].deadline_ms <= now) {
				stats[d].timer_releases++;
				release(d);
			}
			if (held[d].len && held[d].deadline_ms - now < wait)
				wait = held[d].deadline_ms - now;
		}
		if (poll(p, 2, (int)wait) < 0) {
			if (errno == EINTR)
				continue;
			perror("impair: poll");
			return 1;
		}
		if (p[0].revents & POLLIN) {
			ssize_t n = read(tap_fd, buf, sizeof(buf));

			if (n > 0)
				relay(TO_QEMU, buf, n);
		}
		if (p[1].revents & POLLIN) {
			struct sockaddr_ll from;
			socklen_t fl = sizeof(from);
			ssize_t n = recvfrom(pkt_fd, buf, sizeof(buf), 0,
					     (struct sockaddr *)&from, &fl);

			/* Frames we sent to QEMU show up here too: skip them. */
			if (n > 0 && from.sll_pkttype != PACKET_OUTGOING)
				relay(TO_LINUX, buf, n);
		}
	}
	for (int d = 0; d < 2; d++)
		printf("impair: %s frames=%lu dropped=%lu duplicated=%lu reordered=%lu "
		       "corrupted=%lu timer_releases=%lu\n", dir_name[d], stats[d].frames,
		       stats[d].dropped, stats[d].duplicated, stats[d].reordered,
		       stats[d].corrupted, stats[d].timer_releases);
	return 0;
}
