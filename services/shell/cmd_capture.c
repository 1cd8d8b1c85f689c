/*
 * capture: a line per packet, like tcpdump -n, read from /dev/capture's
 * pcap stream (libpcap's file format: a 24-octet header, then a 16-octet
 * record header and the frame per packet). The device counts the packets
 * and filters the interface; Ctrl-C stops it early.
 */
#include "shell.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <skiff/capture.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define PCAP_HDR	24
#define PCAP_REC	16
#define SNAPLEN		2048
#define ETH_HLEN	14

static unsigned int be16(const uint8_t *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static const char *proto_name(unsigned int p)
{
	switch (p) {
	case 1: return "ICMP";
	case 6: return "TCP";
	case 17: return "UDP";
	default: return "proto";
	}
}

/* What the frame is, from the octets present, each length checked before reading. */
static void summarize(const uint8_t *f, size_t len, char *out, size_t size)
{
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
	unsigned int type, ihl;

	if (len < ETH_HLEN) {
		snprintf(out, size, "runt frame");
		return;
	}
	type = be16(f + 12);
	if (type == 0x0806) {
		snprintf(out, size, "ARP %s",
			 len >= ETH_HLEN + 8 && f[ETH_HLEN + 7] == 2 ? "reply" : "request");
		return;
	}
	if (type != 0x0800 || len < ETH_HLEN + 20) {
		snprintf(out, size, "ethertype %#06x", type);
		return;
	}
	f += ETH_HLEN;
	len -= ETH_HLEN;
	ihl = (f[0] & 0xfu) * 4;
	inet_ntop(AF_INET, f + 12, s, sizeof(s));
	inet_ntop(AF_INET, f + 16, d, sizeof(d));
	if ((f[9] == 6 || f[9] == 17) && ihl >= 20 && len >= ihl + 4)
		snprintf(out, size, "IP %s.%u > %s.%u: %s", s, be16(f + ihl), d,
			 be16(f + ihl + 2), proto_name(f[9]));
	else
		snprintf(out, size, "IP %s > %s: %s %u", s, d, proto_name(f[9]), f[9]);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Print every whole record in buf[0..len); returns the octets used. */
static size_t print_records(const uint8_t *buf, size_t len, unsigned int *seen)
{
	size_t off = 0;

	while (len - off >= PCAP_REC) {
		uint32_t sec = le32(buf + off), usec = le32(buf + off + 4);
		uint32_t incl = le32(buf + off + 8), orig = le32(buf + off + 12);
		char line[96];

		if (incl > SNAPLEN || len - off - PCAP_REC < incl)
			break;
		summarize(buf + off + PCAP_REC, incl, line, sizeof(line));
		printf("%02u:%02u:%02u.%06u %u bytes: %s\n", sec / 3600 % 24, sec / 60 % 60,
		       sec % 60, usec, orig, line);
		off += PCAP_REC + incl;
		(*seen)++;
	}
	return off;
}

/* Read the stream until it ends (count reached) or Ctrl-C. */
static int capture_loop(int fd, unsigned int count)
{
	static uint8_t buf[PCAP_HDR + 4 * (PCAP_REC + SNAPLEN)];
	struct pollfd fds[2] = { { .fd = fd, .events = POLLIN },
				 { .fd = STDIN_FILENO, .events = POLLIN } };
	size_t len = 0, skip = PCAP_HDR;
	unsigned int seen = 0;

	while (seen < count) {
		ssize_t n;
		size_t used;

		if (poll(fds, 2, -1) < 0)
			return shell_error("capture", "poll");
		if ((fds[1].revents & POLLIN) && shell_interrupted(0))
			break;
		if (!(fds[0].revents & POLLIN))
			continue;
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0)
			return shell_error("capture", "/dev/capture");
		if (n == 0)
			break;
		len += (size_t)n;
		used = skip < len ? skip : len;	/* the pcap file header */
		skip -= used;
		used += print_records(buf + used, len - used, &seen);
		memmove(buf, buf + used, len - used);
		len -= used;
	}
	printf("capture: %u packets\n", seen);
	return 0;
}

/* capture [IF] [COUNT] */
static int cmd_capture(int argc, char **argv)
{
	uint64_t count = 20;
	struct ifreq ifr;
	int fd, i = 1, ifindex = 0, ret;

	if (argc > 3)
		return shell_usage(argv);
	if (i < argc && !(argv[i][0] >= '0' && argv[i][0] <= '9')) {
		memset(&ifr, 0, sizeof(ifr));
		strlcpy(ifr.ifr_name, argv[i], sizeof(ifr.ifr_name));
		if (ioctl(shell_inet_socket(), SIOCGIFINDEX, &ifr) < 0)
			return shell_error("capture", argv[i]);
		ifindex = ifr.ifr_ifindex;
		i++;
	}
	if (i < argc && !shell_parse_uint("count", argv[i++], 1, 100000, &count))
		return 1;
	if (i != argc)
		return shell_usage(argv);
	fd = open("/dev/capture", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return shell_error("capture", "/dev/capture");
	if (ioctl(fd, CAPTURE_SET_COUNT, (unsigned long)count) < 0 ||
	    ioctl(fd, CAPTURE_SET_IFINDEX, (unsigned long)ifindex) < 0) {
		ret = shell_error("capture", "/dev/capture");
	} else {
		printf("capture: the next %llu packets on %s (Ctrl-C stops)\n",
		       (unsigned long long)count, ifindex ? argv[1] : "every interface");
		ret = capture_loop(fd, (unsigned int)count);
	}
	close(fd);
	return ret;
}
SHELL_CMD(capture, "capture", "capture [IF] [COUNT]",
	  "a line per packet, both directions, from /dev/capture (default 20; Ctrl-C stops)",
	  cmd_capture);
