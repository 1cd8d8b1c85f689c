/* frames.pcap in memory, a BPF packet over one frame: for test_pcap_filter, fuzz_pcap_filter. */
#ifndef SKIFF_TEST_BPF_FRAMES_H
#define SKIFF_TEST_BPF_FRAMES_H

#include <stdbool.h>
#include <stdint.h>
#include <net/filter.h>

#define FRAMES_PCAP	"tests/unit/bpf/frames.pcap"	/* from the tree's root */
#define FRAMES_MAX	64

struct frame {
	uint8_t data[2048];
	uint32_t len;
};

/*
 * The records of the pcap-savefile(5) at path (little-endian, as
 * mkframes.py writes it) into frames, at most max: how many, or -1 when
 * the file cannot be read or a record is longer than a frame or cut short.
 */
int frames_load(const char *path, struct frame *frames, unsigned int max);

/*
 * A bpf_packet of fr's bytes from BPF_BASE_DATA on, without ancillary
 * data (a device-less answer ends a program that asks with 0); ran_off
 * is set when the program loaded past the frame's end.
 */
struct frame_packet {
	struct bpf_packet pkt;
	const struct frame *fr;
	bool ran_off;
};

void frame_packet_init(struct frame_packet *fp, const struct frame *fr);

#endif
