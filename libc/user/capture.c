/*
 * capture.c - packet capture for programs (skiff/capture.h): an AF_PACKET
 * socket that sees every frame on one interface or all, both directions,
 * through a compiled filter; libpcap's file format; one line per frame;
 * and the shell's `capture` command built from them. Only socket calls
 * and ioctls Linux has too, so the same code captures on a Linux host.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <skiff/capture.h>

#define ETH_P_ALL_BE	0x0300		/* htons(ETH_P_ALL), as socket() wants it */
#define LINKTYPE_ETHERNET 1		/* pcap's link type for Ethernet frames */

static int if_index(int fd, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, sizeof(ifr.ifr_name) - 1);
	return ioctl(fd, SIOCGIFINDEX, &ifr) < 0 ? -1 : ifr.ifr_ifindex;
}

int capture_open(struct capture *c, const char *ifname,
		 const struct capture_filter *f, bool nonblock,
		 char *err, size_t errlen)
{
	struct sock_fprog prog = { .len = f->len, .filter = (struct sock_filter *)f->insns };
	struct sockaddr_ll sll;
	int e;

	memset(c, 0, sizeof(*c));
	c->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0),
		       ETH_P_ALL_BE);
	if (c->fd < 0) {
		snprintf(err, errlen, "socket(AF_PACKET): %s", strerror(errno));
		return -1;
	}
	c->lo_ifindex = if_index(c->fd, "lo");
	/* Linux stamps a socket's frames from its first SIOCGSTAMP on: ask now. */
	ioctl(c->fd, SIOCGSTAMP, &(struct timeval){ 0 });
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = ETH_P_ALL_BE;
	/* The filter goes on before the socket sees its interface's frames. */
	if (setsockopt(c->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0) {
		snprintf(err, errlen, "SO_ATTACH_FILTER: %s", strerror(errno));
		goto fail;
	}
	if (ifname && *ifname) {
		sll.sll_ifindex = if_index(c->fd, ifname);
		if (sll.sll_ifindex < 0) {
			snprintf(err, errlen, "%s: no such interface", ifname);
			goto fail;
		}
		if (bind(c->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
			snprintf(err, errlen, "bind %s: %s", ifname, strerror(errno));
			goto fail;
		}
	}
	return 0;
fail:
	e = errno;
	close(c->fd);
	c->fd = -1;
	errno = e;
	return -1;
}

int capture_next(struct capture *c, uint8_t *buf, size_t size,
		 struct capture_frame *fr)
{
	for (;;) {
		socklen_t alen = sizeof(fr->sll);
		ssize_t n = recvfrom(c->fd, buf, size, MSG_TRUNC,
				     (struct sockaddr *)&fr->sll, &alen);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		}
		/* libpcap (pcap-linux.c): what leaves lo comes back in. */
		if (fr->sll.sll_pkttype == PACKET_OUTGOING &&
		    fr->sll.sll_ifindex == c->lo_ifindex)
			continue;
		fr->len = (size_t)n;
		fr->caplen = (size_t)n < size ? (size_t)n : size;
		fr->data = buf;
		if (ioctl(c->fd, SIOCGSTAMP, &fr->ts) < 0)
			gettimeofday(&fr->ts, NULL);
		return 1;
	}
}

int capture_stats(struct capture *c, struct tpacket_stats *st)
{
	socklen_t len = sizeof(*st);

	return getsockopt(c->fd, SOL_PACKET, PACKET_STATISTICS, st, &len);
}

void capture_close(struct capture *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

const char *capture_ifname(struct capture *c, int ifindex)
{
	const size_t n = sizeof(c->names) / sizeof(c->names[0]);
	struct ifreq ifr;
	size_t i;

	for (i = 0; i < n && c->names[i].ifindex; i++)
		if (c->names[i].ifindex == ifindex)
			return c->names[i].name;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = ifindex;
	if (i == n || ioctl(c->fd, SIOCGIFNAME, &ifr) < 0)
		return "?";
	c->names[i].ifindex = ifindex;
	memcpy(c->names[i].name, ifr.ifr_name, sizeof(c->names[i].name) - 1);
	return c->names[i].name;
}

/* ---- libpcap's file format (pcap-savefile(5)), host byte order, microseconds ---- */

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

void capture_pcap_file_header(uint8_t out[PCAP_FILE_HDR_LEN], uint32_t snaplen)
{
	uint16_t version[2] = { 2, 4 };

	put32(out, 0xa1b2c3d4);
	memcpy(out + 4, version, 4);
	put32(out + 8, 0);		/* thiszone: UTC */
	put32(out + 12, 0);		/* sigfigs */
	put32(out + 16, snaplen);
	put32(out + 20, LINKTYPE_ETHERNET);
}

void capture_pcap_record_header(uint8_t out[PCAP_REC_HDR_LEN],
				const struct capture_frame *fr)
{
	put32(out, (uint32_t)fr->ts.tv_sec);
	put32(out + 4, (uint32_t)fr->ts.tv_usec);
	put32(out + 8, (uint32_t)fr->caplen);
	put32(out + 12, (uint32_t)fr->len);
}

/* ---- one line per frame ---- */

/* What a summary has read of the frame so far, and where it writes. */
struct line {
	const uint8_t *p;
	size_t len;
	char *out;
	size_t room, used;
};

static void say(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->used >= l->room)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->out + l->used, l->room - l->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->used += (size_t)n < l->room - l->used ? (size_t)n : l->room - l->used - 1;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static const char *ip4(const uint8_t *p, char *buf)
{
	return inet_ntop(AF_INET, p, buf, INET_ADDRSTRLEN);
}

/* ARP (RFC 826) for IPv4 over Ethernet. */
static void say_arp(struct line *l, const uint8_t *a, size_t len)
{
	char s[INET_ADDRSTRLEN], t[INET_ADDRSTRLEN];

	if (len < 28 || get16(a) != 1 || get16(a + 2) != 0x0800) {
		say(l, "ARP, length %zu", len);
		return;
	}
	if (get16(a + 6) == 1)
		say(l, "ARP, Request who-has %s tell %s", ip4(a + 24, t), ip4(a + 14, s));
	else if (get16(a + 6) == 2)
		say(l, "ARP, Reply %s is-at %02x:%02x:%02x:%02x:%02x:%02x", ip4(a + 14, s),
		    a[8], a[9], a[10], a[11], a[12], a[13]);
	else
		say(l, "ARP, opcode %u", get16(a + 6));
}

static void say_tcp_flags(struct line *l, uint8_t f)
{
	static const char names[] = "FSRP.U";	/* tcpdump's letters, "." for ACK */
	char buf[8];
	int n = 0;

	for (int i = 0; i < 6; i++)
		if (f & (1 << i))
			buf[n++] = names[i];
	buf[n] = '\0';
	say(l, "TCP [%s]", n ? buf : "none");
}

/* IPv4 (RFC 791) and what it carries, from the bytes the frame has. */
static void say_ipv4(struct line *l, const uint8_t *ip, size_t len)
{
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
	size_t ihl, tot;
	const uint8_t *th;

	ihl = len ? (size_t)(ip[0] & 0xf) * 4 : 0;
	if (len < 20 || ihl < 20 || ihl > len) {
		say(l, "IP, truncated");
		return;
	}
	tot = get16(ip + 2);
	tot = tot >= ihl && tot <= len ? tot : len;
	th = ip + ihl;
	ip4(ip + 12, s);
	ip4(ip + 16, d);
	if ((ip[9] == 6 || ip[9] == 17) && tot >= ihl + 4 && !(get16(ip + 6) & 0x1fff)) {
		size_t body = tot - ihl, hdr;

		say(l, "IP %s.%u > %s.%u: ", s, get16(th), d, get16(th + 2));
		if (ip[9] == 17) {
			say(l, "UDP, length %zu", body >= 8 ? body - 8 : 0);
		} else if (body < 20) {
			say(l, "TCP, truncated");
		} else {
			hdr = (size_t)(th[12] >> 4) * 4;
			say_tcp_flags(l, th[13]);
			say(l, ", length %zu", body >= hdr ? body - hdr : 0);
		}
	} else if (ip[9] == 1 && tot >= ihl + 4) {
		say(l, "IP %s > %s: ICMP %s, length %zu", s, d,
		    th[0] == 8 ? "echo request" : th[0] == 0 ? "echo reply" :
		    th[0] == 3 ? "unreachable" : th[0] == 11 ? "time exceeded" : "type",
		    tot - ihl);
	} else {
		say(l, "IP %s > %s: proto %u, length %zu", s, d, ip[9], tot - ihl);
	}
}

static const char *direction(uint8_t pkttype)
{
	switch (pkttype) {
	case PACKET_HOST: return "In ";
	case PACKET_OUTGOING: return "Out";
	case PACKET_BROADCAST: return "B  ";
	case PACKET_MULTICAST: return "M  ";
	default: return "P  ";	/* for another host */
	}
}

int capture_summary(const struct capture_frame *fr, const char *ifname,
		    char *out, size_t outlen)
{
	struct line l = { fr->data, fr->caplen, out, outlen, 0 };
	time_t sec = fr->ts.tv_sec;
	struct tm tm;
	uint16_t type;

	if (!outlen)
		return 0;
	out[0] = '\0';
	gmtime_r(&sec, &tm);
	say(&l, "%02d:%02d:%02d.%06ld %s %s ", tm.tm_hour, tm.tm_min, tm.tm_sec,
	    (long)fr->ts.tv_usec, ifname, direction(fr->sll.sll_pkttype));
	if (fr->caplen < 14) {
		say(&l, "truncated frame, length %zu", fr->len);
		return (int)l.used;
	}
	type = get16(fr->data + 12);
	if (type == 0x0800)
		say_ipv4(&l, fr->data + 14, fr->caplen - 14);
	else if (type == 0x0806)
		say_arp(&l, fr->data + 14, fr->caplen - 14);
	else if (type == 0x86dd)
		say(&l, "IP6, length %zu", fr->len - 14);
	else
		say(&l, "ethertype 0x%04x, length %zu", type, fr->len);
	return (int)l.used;
}
