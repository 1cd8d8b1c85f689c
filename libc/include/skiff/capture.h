/*
 * Packet capture for programs (libc/user/pcap_filter.c, pcap_gen.c,
 * capture.c): tcpdump's filter expressions compiled to classic BPF, a
 * capture on an AF_PACKET socket with that filter attached, libpcap's
 * file format, one summary line per frame, and the shell's `capture`
 * command. Plain Linux socket code: it builds and runs on Linux too.
 */
#ifndef _SKIFF_CAPTURE_H
#define _SKIFF_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include <linux/filter.h>
#include <linux/if_packet.h>

#define CAPTURE_FILTER_MAX	512	/* instructions of a compiled filter */
#define CAPTURE_SNAPLEN		65535	/* bytes kept of a frame, as tcpdump's files */

struct capture_filter {
	unsigned short len;
	struct sock_filter insns[CAPTURE_FILTER_MAX];
};

/*
 * Compile a filter expression (pcap-filter(7), for Ethernet frames):
 *   [ip|arp|rarp] [src|dst] host ADDR     [ip|arp|rarp] [src|dst] net NET/LEN | NET [mask MASK]
 *   [tcp|udp|sctp] [src|dst] port N       ether [src|dst] [host] MAC   ether proto N   ip proto N
 *   ip ip6 arp rarp tcp udp icmp sctp     less N   greater N
 * joined with and (&&), or (||), not (!) and parentheses; and/or have the
 * same precedence and group from the left, as in tcpdump. A bare value
 * after and/or takes the qualifiers of the primitive before it ("port 80
 * or 443"); a bare address alone is a host. A match keeps snaplen bytes.
 * "" (or only blanks) matches every frame. Returns 0, or -1 with a
 * message in err that names the offending word.
 */
int capture_filter_compile(const char *expr, uint32_t snaplen,
			   struct capture_filter *f, char *err, size_t errlen);

/* A capture: an AF_PACKET socket (SOCK_RAW, ETH_P_ALL) with a filter. */
struct capture {
	int fd;
	int lo_ifindex;			/* lo's index: its outgoing copies are skipped */
	struct {
		int ifindex;
		char name[16];
	} names[8];			/* interface names seen, for the summaries */
};

/* A frame read from a capture. */
struct capture_frame {
	struct sockaddr_ll sll;		/* interface, direction (sll_pkttype), EtherType */
	struct timeval ts;		/* when the stack saw it (SIOCGSTAMP) */
	size_t caplen;			/* bytes in data */
	size_t len;			/* bytes on the wire */
	const uint8_t *data;		/* from the Ethernet header on */
};

/*
 * Start capturing on ifname (NULL or "": every interface) through the
 * filter. The socket is non-blocking if asked. 0, or -1 with errno set
 * and a message in err.
 */
int capture_open(struct capture *c, const char *ifname,
		 const struct capture_filter *f, bool nonblock,
		 char *err, size_t errlen);
/*
 * The next frame, read into buf (size bytes at most kept): 1 and *fr, 0
 * if none is waiting (non-blocking), -1 on error (errno). A frame sent on
 * lo is seen leaving and coming back in: only the second is returned, as
 * libpcap does.
 */
int capture_next(struct capture *c, uint8_t *buf, size_t size,
		 struct capture_frame *fr);
/* PACKET_STATISTICS since the last call: frames that matched, and those the kernel dropped. */
int capture_stats(struct capture *c, struct tpacket_stats *st);
void capture_close(struct capture *c);
/* The name of interface ifindex ("?" if it cannot be told). */
const char *capture_ifname(struct capture *c, int ifindex);

/* libpcap's file format: a 24-byte file header, then per frame a 16-byte record header and the bytes. */
#define PCAP_FILE_HDR_LEN	24
#define PCAP_REC_HDR_LEN	16
void capture_pcap_file_header(uint8_t out[PCAP_FILE_HDR_LEN], uint32_t snaplen);
void capture_pcap_record_header(uint8_t out[PCAP_REC_HDR_LEN],
				const struct capture_frame *fr);

/*
 * One line about the frame, tcpdump -n style, without a newline:
 * "12:00:01.123456 eth0 In  IP 10.0.0.1.41000 > 10.0.0.2.80: TCP [S], length 0".
 * Reads only the bytes the frame has. Returns the line's length.
 */
int capture_summary(const struct capture_frame *fr, const char *ifname,
		    char *out, size_t outlen);

/* The shell's command: SHELL_CMD(capture, "capture", CAPTURE_CMD_USAGE, CAPTURE_CMD_HELP, capture_cmd). */
#define CAPTURE_CMD_USAGE	"capture [-i IF] [-c COUNT] [-t SECONDS] [EXPRESSION]"
#define CAPTURE_CMD_HELP	"one line per packet that matches EXPRESSION (tcpdump's syntax), " \
				"both directions, until COUNT packets (20) or SECONDS (30)"
int capture_cmd(int argc, char **argv);

#endif
