/* What the virtio transports share with the core (drivers/virtio/): ring memory. */
#ifndef _DRIVERS_VIRTIO_INTERNAL_H
#define _DRIVERS_VIRTIO_INTERNAL_H

#include <kernel/virtio.h>

/* A legacy queue's size is the device's to choose; we refuse huge ones. */
#define VIRTQ_LEGACY_MAX_NUM	1024

#define VIRTIO_RESET_POLLS	10000	/* x 10 us */

/*
 * Allocate a queue of num entries: the rings, the token array, and the
 * indirect tables when the device has INDIRECT_DESC and vq->max_sg > 1
 * (vq->vdev and vq->max_sg are set). 0 or -ENOMEM.
 */
int vring_alloc(struct virtqueue *vq, u16 num);
void vring_free(struct virtqueue *vq);
/* Empty the rings: every descriptor on the free list, both indexes at 0. */
void vring_reset(struct virtqueue *vq);

/* The largest power of two not above n (n > 0): a split ring's size [2.6]. */
static inline u16 vring_pow2_floor(u16 n)
{
	while (n & (n - 1))
		n &= (u16)(n - 1);
	return n;
}

#endif
