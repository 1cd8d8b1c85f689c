/* frames.pcap read into memory, and a BPF packet over one frame (frames.h). */
#include <stdio.h>
#include <string.h>

#include "frames.h"

int frames_load(const char *path, struct frame *frames, unsigned int max)
{
	FILE *f = fopen(path, "rb");
	uint8_t hdr[24], rec[16];
	unsigned int n = 0;
	bool ok;

	if (!f)
		return -1;
	ok = fread(hdr, 1, sizeof(hdr), f) == sizeof(hdr);
	while (ok && n < max && fread(rec, 1, sizeof(rec), f) == sizeof(rec)) {
		uint32_t caplen;

		memcpy(&caplen, rec + 8, 4);	/* incl_len */
		ok = caplen <= sizeof(frames[0].data) &&
		     fread(frames[n].data, 1, caplen, f) == caplen;
		frames[n++].len = caplen;
	}
	fclose(f);
	return ok ? (int)n : -1;
}

/* The interpreter hands back the caller's packet as const; ran_off is the caller's to read. */
static bool frame_load(const struct bpf_packet *pkt, enum bpf_base base,
		       uint32_t off, uint32_t size, uint8_t *to)
{
	struct frame_packet *fp = (struct frame_packet *)pkt;

	if (base != BPF_BASE_DATA || (uint64_t)off + size > fp->fr->len) {
		fp->ran_off = true;
		return false;
	}
	memcpy(to, fp->fr->data + off, size);
	return true;
}

static bool frame_anc(const struct bpf_packet *pkt, uint32_t k, uint32_t *val)
{
	(void)pkt;
	(void)k;
	(void)val;
	return false;
}

void frame_packet_init(struct frame_packet *fp, const struct frame *fr)
{
	*fp = (struct frame_packet){ { fr->len, frame_load, frame_anc }, fr, false };
}
