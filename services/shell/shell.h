/*
 * The shell's command table and what its commands share. A command is a
 * function in a cmd_*.c file, registered where it is written:
 *
 *	static int cmd_uptime(int argc, char **argv) { ... }
 *	SHELL_CMD(uptime, "uptime", "uptime", "time since boot", cmd_uptime);
 *
 * The entries land in the section shell_cmds, whose bounds GNU ld gives
 * as __start_shell_cmds and __stop_shell_cmds. A command prints with
 * printf (stdout is the console terminal, or the log when the shell runs
 * a command as a service) and reaches the kernel only through system
 * calls: ioctls, sockets, /proc and /dev files.
 */
#ifndef SKIFF_SHELL_H
#define SKIFF_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct shell_cmd {
	const char *name;
	const char *usage;
	const char *help;
	/* argv[0] is the command; returns 0, or nonzero after printing why. */
	int (*run)(int argc, char **argv);
};

#define SHELL_CMD(id, cmdname, usagestr, helpstr, fn)			\
	static const struct shell_cmd __shell_cmd_##id			\
	__attribute__((section("shell_cmds"), used, aligned(8))) = {	\
		.name = cmdname, .usage = usagestr, .help = helpstr,	\
		.run = fn,						\
	}

/* Print "usage: ..." for argv[0] and return 1. */
int shell_usage(char **argv);
/* Run the command argv[0] names (ip hands "ip route ..." to route this way). */
int shell_run(int argc, char **argv);
/* Parse a decimal number into *out within [min, max]; false (after a message) if not. */
bool shell_parse_uint(const char *what, const char *s, uint64_t min, uint64_t max,
		      uint64_t *out);
/* An IPv4 address in dotted quad; false (after "CMD: S: invalid address") if not. */
bool shell_parse_addr(const char *cmd, const char *s, uint32_t *addr);
/* ADDR/PREFIX ("default" is 0.0.0.0/0); false after "CMD: S: invalid prefix". */
bool shell_parse_prefix(const char *cmd, const char *s, uint32_t *addr, unsigned int *len);

/* A netmask's prefix length (the leading ones); addresses in network order. */
int shell_mask_len(uint32_t mask);
struct sockaddr;
/* sa becomes an AF_INET address (port 0): what ioctls take in ifreq, rtentry, arpreq. */
void shell_set_sin(struct sockaddr *sa, uint32_t addr);

/* "CMD: WHAT: strerror(errno)"; returns 1, for `return shell_error(...)`. */
int shell_error(const char *cmd, const char *what);

/*
 * The whole of a /proc (or other) file, NUL-terminated, in a buffer the
 * caller frees; NULL after "CMD: PATH: strerror" if it cannot be read.
 */
char *shell_read_file(const char *cmd, const char *path);
/* The next line of *p (cut at '\n', *p moved past it), or NULL at the end. */
char *shell_next_line(char **p);

/* An AF_INET datagram socket for interface and route ioctls (kept open). */
int shell_inet_socket(void);

/*
 * For commands that run until told to stop (ping, dropwatch, capture),
 * as Ctrl-C stops Linux's: wait up to ms for the console; true once
 * Ctrl-C was typed. Other keys are kept for the next command line
 * (type-ahead), which shell_getc() hands out first.
 */
bool shell_interrupted(int ms);
/* A byte typed on the console (type-ahead first); -1 when input ends. */
int shell_getc(void);
/* Milliseconds on the monotonic clock. */
int64_t shell_now_ms(void);

#endif
