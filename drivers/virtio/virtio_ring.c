/*
 * Split virtqueues, driver side ([virtio 1.1 2.6]), for every transport:
 * ring memory, offering buffers, the doorbell through the transport's
 * notify, taking used buffers back, interrupt suppression.
 *
 * Context: the virtqueue functions are not locked; the caller keeps each
 * queue to one context at a time (for virtio-net: bottom halves off).
 */
#include <kernel/virtio.h>
#include <kernel/mm.h>
#include <kernel/slab.h>
#include <asm/io.h>
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "virtio_ring.h"

int vring_alloc(struct virtqueue *vq, u16 num)
{
	vq->ring = dma_alloc_coherent(vring_size(num), &vq->ring_dma);
	if (!vq->ring)
		return -ENOMEM;
	vq->token = kcalloc(num, sizeof(*vq->token));
	if (!vq->token) {
		dma_free_coherent(vring_size(num), vq->ring, vq->ring_dma);
		return -ENOMEM;
	}
	vq->num = num;
	return 0;
}

void vring_free(struct virtqueue *vq)
{
	kfree(vq->token);
	dma_free_coherent(vring_size(vq->num), vq->ring, vq->ring_dma);
}

void vring_reset(struct virtqueue *vq)
{
	memset(vq->ring, 0, vring_size(vq->num));
	memset(vq->token, 0, vq->num * sizeof(*vq->token));
	vq->desc = vq->ring;
	vq->avail = (struct vring_avail *)((u8 *)vq->ring + vring_avail_offset(vq->num));
	vq->used = (struct vring_used *)((u8 *)vq->ring + vring_used_offset(vq->num));
	for (u16 i = 0; i + 1 < vq->num; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->num_free = vq->num;
	vq->avail_idx = 0;
	vq->last_used_idx = 0;
}

/* [virtio 1.1 2.6.13] Supplying a buffer: descriptor, ring entry, then index. */
int virtqueue_add_buf(struct virtqueue *vq, dma_addr_t addr, u32 len, bool in,
		      void *token)
{
	u16 id;

	if (!vq->num_free)
		return -ENOSPC;
	id = vq->free_head;
	vq->free_head = vq->desc[id].next;
	vq->num_free--;
	vq->desc[id] = (struct vring_desc){
		.addr = addr,
		.len = len,
		.flags = in ? VRING_DESC_F_WRITE : 0,
	};
	vq->token[id] = token;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = id;
	dma_wmb();	/* [2.6.13.3.1] the entry before the index that exposes it */
	WRITE_ONCE(vq->avail->idx, ++vq->avail_idx);
	return 0;
}

/* [virtio 1.1 2.6.13.4] The doorbell, unless the device opted out. */
void virtqueue_kick(struct virtqueue *vq)
{
	mb();	/* avail->idx visible before we read used->flags */
	if (READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY)
		return;
	vq->vdev->config->notify(vq);
}

bool virtqueue_more_used(const struct virtqueue *vq)
{
	return READ_ONCE(vq->used->idx) != vq->last_used_idx;
}

/*
 * [virtio 1.1 2.6.14] The next used buffer. An entry naming a descriptor
 * we did not hand out is counted and skipped, at most num of them a call.
 */
void *virtqueue_get_buf(struct virtqueue *vq, u32 *len)
{
	for (u16 n = 0; n < vq->num && virtqueue_more_used(vq); n++) {
		struct vring_used_elem e;
		void *token;

		dma_rmb();	/* the entry after the index that covers it */
		e = vq->used->ring[vq->last_used_idx & (vq->num - 1)];
		vq->last_used_idx++;
		if (e.id >= vq->num || !vq->token[e.id]) {
			vq->bad_used++;
			continue;
		}
		token = vq->token[e.id];
		vq->token[e.id] = NULL;
		vq->desc[e.id].next = vq->free_head;
		vq->free_head = (u16)e.id;
		vq->num_free++;
		*len = e.len;
		return token;
	}
	return NULL;
}

void *virtqueue_detach_unused(struct virtqueue *vq)
{
	for (u16 i = 0; i < vq->num; i++) {
		void *token = vq->token[i];

		if (token) {
			vq->token[i] = NULL;
			vq->desc[i].next = vq->free_head;
			vq->free_head = i;
			vq->num_free++;
			return token;
		}
	}
	return NULL;
}

/* [virtio 1.1 2.6.7] Advisory: the device may still interrupt. */
void virtqueue_disable_cb(struct virtqueue *vq)
{
	WRITE_ONCE(vq->avail->flags, VRING_AVAIL_F_NO_INTERRUPT);
}

/*
 * Interrupts back on, then look again: a buffer used between our last
 * look and the flag reaching the device would otherwise raise nothing
 * ([2.6.14], the re-check after re-enabling). The fence orders our flag
 * store before our index load.
 */
bool virtqueue_enable_cb(struct virtqueue *vq)
{
	WRITE_ONCE(vq->avail->flags, 0);
	mb();
	return !virtqueue_more_used(vq);
}
