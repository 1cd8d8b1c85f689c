/*
 * perf: the sampling profiler from the shell, as `perf top` shows it on
 * Linux. `perf top` (re)starts the profiler at 1000 Hz through
 * /proc/profile, and every interval prints the busiest functions of that
 * interval from /proc/skiff/profile, until COUNT rounds or Ctrl-C; the
 * profiler is then put back as it was. `perf report` prints what the
 * profiler has gathered so far, without touching it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "shell.h"

#define PERF_HZ		1000

/* The rate /proc/profile's header reports; -1 if it cannot be read. */
static long profile_rate(void)
{
	char *text = shell_read_file("perf", "/proc/profile");
	long hz = -1;

	if (text && !strncmp(text, "rate ", 5))
		hz = strtol(text + 5, NULL, 10);
	free(text);
	return hz;
}

/* Restart the profiler at hz (0 stops it); a write also clears the counts. */
static int profile_set(long hz)
{
	char buf[16];
	int fd = open("/proc/profile", O_WRONLY), n, ok;

	if (fd < 0)
		return shell_error("perf", "/proc/profile");
	n = snprintf(buf, sizeof(buf), "%ld\n", hz);
	ok = write(fd, buf, (size_t)n) == n;
	close(fd);
	return ok ? 0 : shell_error("perf", "/proc/profile");
}

static int perf_report(void)
{
	char *text = shell_read_file("perf", "/proc/skiff/profile");

	if (!text)
		return 1;
	fputs(text, stdout);
	free(text);
	return 0;
}

static int perf_top(int argc, char **argv)
{
	uint64_t interval = 2, rounds = 5;
	long saved = profile_rate();
	int err = 0;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-d") && i + 1 < argc) {
			if (!shell_parse_uint("perf: -d", argv[++i], 1, 60, &interval))
				return 1;
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			if (!shell_parse_uint("perf: -n", argv[++i], 1, 1000, &rounds))
				return 1;
		} else {
			return shell_usage(argv);
		}
	}
	if (saved < 0)
		return 1;
	for (uint64_t r = 0; r < rounds && !err; r++) {
		err = profile_set(PERF_HZ);
		if (err || shell_interrupted((int)(interval * 1000)))
			break;
		printf("-- perf top: the last %llu s --\n", (unsigned long long)interval);
		err = perf_report();
	}
	if (profile_set(saved))
		err = 1;
	return err;
}

static int cmd_perf(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "top"))
		return perf_top(argc, argv);
	if (argc == 2 && !strcmp(argv[1], "report"))
		return perf_report();
	return shell_usage(argv);
}
SHELL_CMD(perf, "perf", "perf top [-d SECONDS] [-n ROUNDS] | perf report",
	  "where the CPU goes: the busiest kernel functions, user mode and idle, from the sampling profiler",
	  cmd_perf);
