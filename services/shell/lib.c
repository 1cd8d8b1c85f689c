/* What the shell's commands share: argument parsing, errno messages, /proc files, the console. */
#include "shell.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

bool shell_parse_uint(const char *what, const char *s, uint64_t min, uint64_t max,
		      uint64_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (!*s || *end || *s == '-' || v < min || v > max) {
		printf("%s must be a number from %llu to %llu, not '%s'\n", what,
		       (unsigned long long)min, (unsigned long long)max, s);
		return false;
	}
	*out = v;
	return true;
}

bool shell_parse_addr(const char *cmd, const char *s, uint32_t *addr)
{
	if (inet_pton(AF_INET, s, addr) != 1) {
		printf("%s: %s: invalid address\n", cmd, s);
		return false;
	}
	return true;
}

bool shell_parse_prefix(const char *cmd, const char *s, uint32_t *addr, unsigned int *len)
{
	char a[INET_ADDRSTRLEN], *end;
	const char *slash = strchr(s, '/');
	unsigned long n;

	if (!strcmp(s, "default")) {
		*addr = 0;
		*len = 0;
		return true;
	}
	if (!slash || (size_t)(slash - s) >= sizeof(a))
		goto bad;
	memcpy(a, s, (size_t)(slash - s));
	a[slash - s] = '\0';
	n = strtoul(slash + 1, &end, 10);
	if (!slash[1] || *end || n > 32 || inet_pton(AF_INET, a, addr) != 1)
		goto bad;
	*len = (unsigned int)n;
	return true;
bad:
	printf("%s: '%s' is not ADDR/PREFIX (e.g. 10.0.0.2/24)\n", cmd, s);
	return false;
}

int shell_mask_len(uint32_t mask)
{
	uint32_t m = ntohl(mask);
	int n = 0;

	while (m & 0x80000000u) {
		m <<= 1;
		n++;
	}
	return n;
}

void shell_set_sin(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)sa;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = addr;
}

int shell_error(const char *cmd, const char *what)
{
	printf("%s: %s: %s\n", cmd, what, strerror(errno));
	return 1;
}

char *shell_read_file(const char *cmd, const char *path)
{
	size_t len = 0, size = 4096;
	char *buf = malloc(size), *nb;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0 || !buf) {
		shell_error(cmd, path);
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((n = read(fd, buf + len, size - len - 1)) > 0) {
		len += (size_t)n;
		if (size - len > 1)
			continue;
		nb = realloc(buf, size * 2);
		if (!nb) {
			n = -1;
			errno = ENOMEM;
			break;
		}
		buf = nb;
		size *= 2;
	}
	close(fd);
	if (n < 0) {
		shell_error(cmd, path);
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

char *shell_next_line(char **p)
{
	char *line = *p, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = line + strlen(line);
	}
	return line;
}

int shell_inet_socket(void)
{
	static int fd = -1;

	if (fd < 0)
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return fd;
}

/* Keys typed while a command ran, for the line editor (a full buffer drops, as a tty's). */
static unsigned char typeahead[256];
static size_t typeahead_len, typeahead_pos;

bool shell_interrupted(int ms)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	unsigned char buf[64];
	bool intr = false;
	ssize_t n;

	if (poll(&p, 1, ms) <= 0 || !(p.revents & POLLIN))
		return false;
	n = read(STDIN_FILENO, buf, sizeof(buf));
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == 0x03)
			intr = true;
		else if (typeahead_len < sizeof(typeahead))
			typeahead[typeahead_len++] = buf[i];
	}
	return intr;
}

int shell_getc(void)
{
	unsigned char c;

	if (typeahead_pos < typeahead_len) {
		c = typeahead[typeahead_pos++];
		if (typeahead_pos == typeahead_len)
			typeahead_pos = typeahead_len = 0;
		return c;
	}
	for (;;) {
		ssize_t n = read(STDIN_FILENO, &c, 1);

		if (n == 1)
			return c;
		if (n == 0 || errno != EINTR)
			return -1;
	}
}

int64_t shell_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
