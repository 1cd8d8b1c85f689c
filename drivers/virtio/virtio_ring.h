/*
 * The split virtqueue layout (OASIS "Virtual I/O Device (VIRTIO) Version
 * 1.1", cited as [virtio 1.1 x.y]): descriptor table, available ring and
 * used ring, all little-endian (x86's own order, so no conversions).
 * Wire and memory formats only; the operations live in virtio_ring.c.
 */
#ifndef _DRIVERS_VIRTIO_RING_H
#define _DRIVERS_VIRTIO_RING_H

#include <kernel/types.h>

/* [virtio 1.1 2.6.5] One buffer: address, length, flags, chaining. */
struct vring_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;	/* with VRING_DESC_F_NEXT */
} __packed;

#define VRING_DESC_F_NEXT	1	/* the buffer continues in 'next' */
#define VRING_DESC_F_WRITE	2	/* device writes (else reads) the buffer */
#define VRING_DESC_F_INDIRECT	4	/* addr holds a table of descriptors [2.6.5.3] */

/* [virtio 1.1 2.6.6] The driver's ring of descriptor heads it offers. */
struct vring_avail {
	u16 flags;
	u16 idx;	/* where the driver puts the next entry (free-running) */
	u16 ring[];	/* then u16 used_event, unused without EVENT_IDX */
} __packed;

/* [virtio 1.1 2.6.7] avail.flags: please do not interrupt for used buffers. */
#define VRING_AVAIL_F_NO_INTERRUPT	1

/* [virtio 1.1 2.6.8] The device's ring of buffers it is done with. */
struct vring_used_elem {
	u32 id;		/* head of the descriptor chain */
	u32 len;	/* bytes the device wrote into it */
} __packed;

struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];	/* then u16 avail_event */
} __packed;

/* [virtio 1.1 2.6.10] used.flags: the device needs no notification. */
#define VRING_USED_F_NO_NOTIFY	1

/*
 * [virtio 1.1 2.6.7.2, 2.6.10.2] With VIRTIO_F_EVENT_IDX each side says
 * when it next wants to hear from the other: used_event (after the
 * available ring) is the used index past which the driver wants an
 * interrupt, avail_event (after the used ring) the available index past
 * which the device wants a notification.
 */
static inline u16 *vring_used_event(const struct vring_avail *avail, unsigned int num)
{
	/* 2-byte aligned in the ring; reached by offset, the struct being packed. */
	return (u16 *)((uintptr_t)avail + sizeof(*avail) + num * sizeof(u16));
}

static inline u16 *vring_avail_event(const struct vring_used *used, unsigned int num)
{
	return (u16 *)((uintptr_t)used + sizeof(*used) + num * sizeof(struct vring_used_elem));
}

/*
 * [virtio 1.1 2.6.7.2] Moving an index from old to new_idx crossed the
 * event index: event_idx is in [old, new_idx), counted modulo 2^16.
 */
static inline bool vring_need_event(u16 event_idx, u16 new_idx, u16 old)
{
	return (u16)(new_idx - event_idx - 1) < (u16)(new_idx - old);
}

/*
 * [virtio 1.1 2.6.2] The legacy layout, one physically contiguous block:
 * descriptors, then the available ring, then the used ring at the next
 * 4096-byte boundary. It also meets the modern alignment rules (16, 2 and
 * 4 bytes [2.6]), so both transports use it.
 */
#define VRING_LEGACY_ALIGN	4096

static inline size_t vring_avail_offset(unsigned int num)
{
	return sizeof(struct vring_desc) * num;
}

static inline size_t vring_used_offset(unsigned int num)
{
	return ALIGN(vring_avail_offset(num) + sizeof(u16) * (3 + num),
		     (size_t)VRING_LEGACY_ALIGN);
}

static inline size_t vring_size(unsigned int num)
{
	return vring_used_offset(num) + sizeof(u16) * 3 +
	       sizeof(struct vring_used_elem) * num;
}

BUILD_BUG_ON(sizeof(struct vring_desc) != 16);
BUILD_BUG_ON(sizeof(struct vring_used_elem) != 8);

#endif
