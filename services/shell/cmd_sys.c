/*
 * The machine: lspci, free, ps, uptime and cat read /proc files; dmesg
 * reads the kernel log with syslog(2) (klogctl), selftest runs the
 * in-kernel suite through /dev/selftest, reboot and poweroff call
 * reboot(2) with Linux's magic numbers.
 */
#include "shell.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <unistd.h>

/* Print a file the way cat does. */
static int print_file(const char *cmd, const char *path)
{
	char *text = shell_read_file(cmd, path);

	if (!text)
		return 1;
	fputs(text, stdout);
	free(text);
	return 0;
}

static int cmd_lspci(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	return print_file("lspci", "/proc/skiff/pci");
}
SHELL_CMD(lspci, "lspci", "lspci", "list the PCI devices and their BARs", cmd_lspci);

static int cmd_free(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	if (print_file("free", "/proc/meminfo"))
		return 1;
	printf("slab caches:\n");
	return print_file("free", "/proc/slabinfo");
}
SHELL_CMD(free, "free", "free", "memory: pages, and every slab cache's objects", cmd_free);

static int cmd_ps(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	if (print_file("ps", "/proc/skiff/threads"))
		return 1;
	printf("\n");
	return print_file("ps", "/proc/skiff/services");
}
SHELL_CMD(ps, "ps", "ps", "threads (with CPU time) and user-mode services", cmd_ps);

/* /proc/uptime: seconds since boot (with hundredths), then idle time. */
static int cmd_uptime(int argc, char **argv)
{
	char *text;
	unsigned long long s;

	if (argc != 1)
		return shell_usage(argv);
	text = shell_read_file("uptime", "/proc/uptime");
	if (!text)
		return 1;
	s = strtoull(text, NULL, 10);
	free(text);
	printf("up %llu days, %02llu:%02llu:%02llu\n", s / 86400, s / 3600 % 24, s / 60 % 60,
	       s % 60);
	return 0;
}
SHELL_CMD(uptime, "uptime", "uptime", "time since boot", cmd_uptime);

static int cmd_cat(int argc, char **argv)
{
	int ret = 0;

	if (argc < 2)
		return shell_usage(argv);
	for (int i = 1; i < argc; i++)
		ret |= print_file("cat", argv[i]);
	return ret;
}
SHELL_CMD(cat, "cat", "cat FILE...", "print files (/proc/..., /proc/net/..., /proc/skiff/...)", cmd_cat);

/* The whole kernel log, as dmesg reads it: SYSLOG_ACTION_READ_ALL. */
static int cmd_dmesg(int argc, char **argv)
{
	int size, n;
	char *buf;

	if (argc != 1)
		return shell_usage(argv);
	size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	if (size < 0)
		return shell_error("dmesg", "syslog");
	buf = malloc((size_t)size + 1);
	if (!buf) {
		errno = ENOMEM;
		return shell_error("dmesg", "syslog");
	}
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		free(buf);
		return shell_error("dmesg", "syslog");
	}
	buf[n] = '\0';
	fputs(buf, stdout);
	free(buf);
	return 0;
}
SHELL_CMD(dmesg, "dmesg", "dmesg", "the kernel log", cmd_dmesg);

/*
 * /dev/selftest: "post" picks the power-on set; reading runs it and
 * returns the report, whose last line is "N passed, N failed, N skipped".
 */
static int cmd_selftest(int argc, char **argv)
{
	bool post = argc == 2 && !strcmp(argv[1], "post");
	char buf[512], tail[64] = "";
	int passed, failed = -1, fd;
	ssize_t n;

	if (argc > 2 || (argc == 2 && !post))
		return shell_usage(argv);
	fd = open("/dev/selftest", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return shell_error("selftest", "/dev/selftest");
	if (post && write(fd, "post", 4) != 4) {
		close(fd);
		return shell_error("selftest", "/dev/selftest");
	}
	while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		size_t keep = strlen(tail), add = (size_t)n;

		buf[n] = '\0';
		fputs(buf, stdout);
		/* The last line may straddle two reads: keep the newest octets. */
		if (keep + add >= sizeof(tail))
			keep = add >= sizeof(tail) - 1 ? 0 : sizeof(tail) - 1 - add;
		memmove(tail, tail + strlen(tail) - keep, keep);
		strlcpy(tail + keep, buf + (add > sizeof(tail) - 1 ? add - (sizeof(tail) - 1) : 0),
			sizeof(tail) - keep);
	}
	if (n < 0)
		shell_error("selftest", "/dev/selftest");
	close(fd);
	for (char *p = tail; p && sscanf(p, "%d passed, %d failed", &passed, &failed) != 2;
	     p = strchr(p + 1, '\n'))
		failed = -1;
	return n < 0 || failed != 0;
}
SHELL_CMD(selftest, "selftest", "selftest [post]",
	  "run the self-tests (all, or the short power-on set)", cmd_selftest);

static int cmd_reboot(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	reboot(RB_AUTOBOOT);
	return shell_error("reboot", "reboot");
}
SHELL_CMD(reboot, "reboot", "reboot", "reset the machine (ACPI reset register, else the 8042)",
	  cmd_reboot);

static int cmd_poweroff(int argc, char **argv)
{
	if (argc != 1)
		return shell_usage(argv);
	reboot(RB_POWER_OFF);
	return shell_error("poweroff", "reboot");
}
SHELL_CMD(poweroff, "poweroff", "poweroff", "switch off through ACPI (S5)", cmd_poweroff);
