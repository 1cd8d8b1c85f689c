/* test_capture.c - libc/user/capture.c: summary lines from hostile frames, and libpcap's headers. */
/* links: libc/user/capture.c */
#include <stdlib.h>
#include <string.h>
#include <skiff/capture.h>

#include "unit.h"

static const uint8_t tcp_syn[] = {
	0x02, 0, 0, 0, 0, 2, 0x52, 0x54, 0, 0x12, 0x34, 0x56, 0x08, 0x00,
	0x45, 0, 0, 44, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x60, 0x02, 0xff, 0xff,
	0, 0, 0, 0, 2, 4, 5, 0xb4,
};

static const uint8_t arp_reply[] = {
	0x52, 0x54, 0, 0x12, 0x34, 0x56, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06,
	0, 1, 8, 0, 6, 4, 0, 2, 0x02, 0, 0, 0, 0, 1, 10, 0, 0, 1,
	0x52, 0x54, 0, 0x12, 0x34, 0x56, 10, 0, 0, 2,
};

static const uint8_t udp_dns[] = {
	0x02, 0, 0, 0, 0, 2, 0x52, 0x54, 0, 0x12, 0x34, 0x56, 0x08, 0x00,
	0x45, 0, 0, 33, 0, 2, 0, 0, 64, 17, 0, 0, 10, 0, 0, 2, 8, 8, 8, 8,
	0x13, 0x88, 0, 53, 0, 13, 0, 0, 'q', 'u', 'e', 'r', 'y',
};

static const uint8_t icmp_echo[] = {
	0x02, 0, 0, 0, 0, 2, 0x52, 0x54, 0, 0x12, 0x34, 0x56, 0x08, 0x00,
	0x45, 0, 0, 28, 0, 3, 0, 0, 64, 1, 0, 0, 10, 0, 0, 2, 10, 0, 0, 1,
	8, 0, 0, 0, 0, 1, 0, 1,
};

static struct capture_frame frame(const uint8_t *data, size_t len, uint8_t pkttype)
{
	struct capture_frame fr;

	memset(&fr, 0, sizeof(fr));
	fr.data = data;
	fr.caplen = fr.len = len;
	fr.sll.sll_pkttype = pkttype;
	fr.ts.tv_sec = 1700000000 + 3661;	/* 23:14:21 UTC */
	fr.ts.tv_usec = 42;
	return fr;
}

static const char *summary(const uint8_t *data, size_t len, uint8_t pkttype)
{
	static char line[200];
	struct capture_frame fr = frame(data, len, pkttype);

	capture_summary(&fr, "eth0", line, sizeof(line));
	return line;
}

UNIT_TEST(summaries_say_what_tcpdump_says)
{
	EXPECT_EQ_STR(summary(tcp_syn, sizeof(tcp_syn), PACKET_HOST),
		      "23:14:21.000042 eth0 In  IP 10.0.0.1.40000 > 10.0.0.2.80: TCP [S], length 0");
	EXPECT_EQ_STR(summary(arp_reply, sizeof(arp_reply), PACKET_OUTGOING),
		      "23:14:21.000042 eth0 Out ARP, Reply 10.0.0.1 is-at 02:00:00:00:00:01");
	EXPECT_EQ_STR(summary(udp_dns, sizeof(udp_dns), PACKET_OUTGOING),
		      "23:14:21.000042 eth0 Out IP 10.0.0.2.5000 > 8.8.8.8.53: UDP, length 5");
	EXPECT_EQ_STR(summary(icmp_echo, sizeof(icmp_echo), PACKET_BROADCAST),
		      "23:14:21.000042 eth0 B   IP 10.0.0.2 > 10.0.0.1: ICMP echo request, length 8");
}

/*
 * Every prefix of every frame, each in a heap block of exactly its size
 * (ASan catches a read past it), and every byte flipped: the line stays
 * bounded and terminated.
 */
UNIT_TEST(summaries_of_cut_and_damaged_frames_stay_in_bounds)
{
	static const struct {
		const uint8_t *p;
		size_t n;
	} frames[] = {
		{ tcp_syn, sizeof(tcp_syn) }, { arp_reply, sizeof(arp_reply) },
		{ udp_dns, sizeof(udp_dns) }, { icmp_echo, sizeof(icmp_echo) },
	};
	uint8_t copy[128];
	char line[64];

	for (size_t f = 0; f < sizeof(frames) / sizeof(frames[0]); f++) {
		for (size_t len = 0; len <= frames[f].n; len++) {
			uint8_t *exact = malloc(len ? len : 1);
			struct capture_frame fr;
			int n;

			ASSERT(exact);
			memcpy(exact, frames[f].p, len);
			fr = frame(exact, len, PACKET_HOST);
			n = capture_summary(&fr, "lo", line, sizeof(line));
			free(exact);
			if (!EXPECT(n >= 0 && (size_t)n < sizeof(line) && strlen(line) == (size_t)n))
				break;
		}
		for (size_t i = 0; i < frames[f].n; i++) {
			struct capture_frame fr;

			memcpy(copy, frames[f].p, frames[f].n);
			copy[i] ^= 0xff;
			fr = frame(copy, frames[f].n, PACKET_HOST);
			capture_summary(&fr, "lo", line, sizeof(line));
			if (!EXPECT(strlen(line) < sizeof(line)))
				break;
		}
	}
	EXPECT_EQ_STR(summary(tcp_syn, 10, PACKET_HOST),
		      "23:14:21.000042 eth0 In  truncated frame, length 10");
	EXPECT_EQ_STR(summary(tcp_syn, 30, PACKET_HOST),
		      "23:14:21.000042 eth0 In  IP, truncated");
}

UNIT_TEST(pcap_headers_are_libpcaps)
{
	static const uint8_t file[PCAP_FILE_HDR_LEN] = {
		0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0, 0, 1, 0, 0, 0,
	};
	static const uint8_t rec[PCAP_REC_HDR_LEN] = {
		0x4d, 0xff, 0x53, 0x65, 42, 0, 0, 0, 20, 0, 0, 0, 58, 0, 0, 0,
	};
	struct capture_frame fr = frame(tcp_syn, sizeof(tcp_syn), PACKET_HOST);
	uint8_t out[PCAP_FILE_HDR_LEN];

	capture_pcap_file_header(out, 65535);
	EXPECT_EQ_MEM(out, file, sizeof(file));
	fr.caplen = 20;
	capture_pcap_record_header(out, &fr);
	EXPECT_EQ_MEM(out, rec, sizeof(rec));
}
