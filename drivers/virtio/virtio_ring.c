/*
 * Split virtqueues, driver side ([virtio 1.1 2.6]), for every transport:
 * ring memory, offering buffers (a chain of descriptors, or one slot
 * pointing at an indirect table), the doorbell through the transport's
 * notify, taking used buffers back, and both ways of suppressing
 * notifications: the flags, or the event indexes with EVENT_IDX.
 *
 * Context: the virtqueue functions are not locked; the caller keeps each
 * queue to one context at a time (for virtio-net: bottom halves off).
 */
#include <kernel/virtio.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/slab.h>
#include <asm/io.h>
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "virtio_ring.h"

static size_t vring_indir_size(const struct virtqueue *vq)
{
	return (size_t)vq->num * vq->max_sg * sizeof(struct vring_desc);
}

int vring_alloc(struct virtqueue *vq, u16 num)
{
	vq->num = num;
	vq->ring = dma_alloc_coherent(vring_size(num), &vq->ring_dma);
	if (!vq->ring)
		return -ENOMEM;
	vq->token = kcalloc(num, sizeof(*vq->token));
	if (!vq->token)
		goto out_ring;
	vq->indir = NULL;
	if (virtio_has_feature(vq->vdev, VIRTIO_RING_F_INDIRECT_DESC) && vq->max_sg > 1) {
		vq->indir = dma_alloc_coherent(vring_indir_size(vq), &vq->indir_dma);
		if (!vq->indir)
			goto out_token;
	}
	return 0;

out_token:
	kfree(vq->token);
out_ring:
	dma_free_coherent(vring_size(num), vq->ring, vq->ring_dma);
	return -ENOMEM;
}

void vring_free(struct virtqueue *vq)
{
	if (vq->indir)
		dma_free_coherent(vring_indir_size(vq), vq->indir, vq->indir_dma);
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
	vq->kicked_avail_idx = 0;
	vq->last_used_idx = 0;
	vq->watch_used_idx = 0;
	vq->watch_last_used = 0;
	vq->notified_avail_idx = 0;
	vq->watch_due = vq->watch_wanted = false;
	vq->cb_disabled = false;
	vq->event = virtio_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX);
}

/* Fill n descriptors of a table (ring or indirect) from sg, chained by NEXT. */
static void vring_fill(struct vring_desc *d, const u16 *ids, const struct virtio_sg *sg,
		       unsigned int out, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct vring_desc *e = &d[ids ? ids[i] : i];

		e->addr = sg[i].addr;
		e->len = sg[i].len;
		e->flags = (i >= out ? VRING_DESC_F_WRITE : 0) |
			   (i + 1 < n ? VRING_DESC_F_NEXT : 0);
		if (!ids)
			e->next = (u16)(i + 1);
	}
}

/*
 * [virtio 1.1 2.6.13] Supplying a buffer: the descriptors (one pointing at
 * an indirect table [2.6.5.3], or a chain from the free list), the ring
 * entry, then the index that exposes it.
 */
int virtqueue_add_sgs(struct virtqueue *vq, const struct virtio_sg *sg,
		      unsigned int out, unsigned int in, void *token)
{
	unsigned int n = out + in;
	u16 ids[VIRTQUEUE_MAX_SG];
	u16 head;

	BUG_ON(!n || n > vq->max_sg || n > VIRTQUEUE_MAX_SG || !token);
	if (vq->indir && n > 1) {
		if (!vq->num_free)
			return -ENOSPC;
		head = vq->free_head;
		vq->free_head = vq->desc[head].next;
		vq->num_free--;
		vring_fill(vq->indir + (size_t)head * vq->max_sg, NULL, sg, out, n);
		/* [2.6.5.3.1] The table's own descriptor is device-readable, alone. */
		vq->desc[head].addr = vq->indir_dma +
				      (dma_addr_t)head * vq->max_sg * sizeof(struct vring_desc);
		vq->desc[head].len = n * (u32)sizeof(struct vring_desc);
		vq->desc[head].flags = VRING_DESC_F_INDIRECT;
	} else {
		if (vq->num_free < n)
			return -ENOSPC;
		head = vq->free_head;
		for (unsigned int i = 0; i < n; i++) {
			ids[i] = vq->free_head;
			vq->free_head = vq->desc[ids[i]].next;
		}
		vq->num_free = (u16)(vq->num_free - n);
		/* The chain keeps the free list's links: next is left as it was. */
		vring_fill(vq->desc, ids, sg, out, n);
	}
	vq->token[head] = token;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	dma_wmb();	/* [2.6.13.3.1] the entry before the index that exposes it */
	WRITE_ONCE(vq->avail->idx, ++vq->avail_idx);
	return 0;
}

int virtqueue_add_buf(struct virtqueue *vq, dma_addr_t addr, u32 len, bool in,
		      void *token)
{
	struct virtio_sg sg = { .addr = addr, .len = len };

	return virtqueue_add_sgs(vq, &sg, in ? 0 : 1, in ? 1 : 0, token);
}

/*
 * [virtio 1.1 2.6.13.4] With EVENT_IDX the device asks to hear once its
 * avail_event is passed; otherwise it may set VRING_USED_F_NO_NOTIFY.
 * Called after an mb() that follows the avail->idx store: the device
 * writes its request, then reads our index.
 */
bool virtqueue_kick_needed(struct virtqueue *vq)
{
	u16 old = vq->kicked_avail_idx, now = vq->avail_idx;
	bool needed;

	vq->kicked_avail_idx = now;
	if (vq->event)
		needed = vring_need_event(READ_ONCE(*vring_avail_event(vq->used, vq->num)),
					  now, old);
	else
		needed = !(READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY);
	if (!needed && old != now)
		vq->notifies_saved++;
	return needed;
}

bool virtqueue_kick_prepare(struct virtqueue *vq)
{
	mb();
	return virtqueue_kick_needed(vq);
}

void virtqueue_notify(struct virtqueue *vq)
{
	vq->notifies++;
	vq->notified_avail_idx = vq->avail_idx;
	vq->vdev->config->notify(vq);
}

void virtqueue_kick(struct virtqueue *vq)
{
	if (virtqueue_kick_prepare(vq))
		virtqueue_notify(vq);
}

bool virtqueue_more_used(const struct virtqueue *vq)
{
	return READ_ONCE(vq->used->idx) != vq->last_used_idx;
}

unsigned int virtqueue_outstanding(const struct virtqueue *vq)
{
	return (u16)(vq->avail_idx - vq->last_used_idx);
}

void virtqueue_get_state(const struct virtqueue *vq, struct virtqueue_state *st)
{
	*st = (struct virtqueue_state){
		.avail_idx = vq->avail_idx,
		.used_idx = READ_ONCE(vq->used->idx),
		.last_used_idx = vq->last_used_idx,
		.kicked_avail_idx = vq->kicked_avail_idx,
		.num_free = vq->num_free,
		.avail_flags = READ_ONCE(vq->avail->flags),
		.used_flags = READ_ONCE(vq->used->flags),
		.cb_disabled = vq->cb_disabled,
	};
	if (vq->event) {
		st->used_event = READ_ONCE(*vring_used_event(vq->avail, vq->num));
		st->avail_event = READ_ONCE(*vring_avail_event(vq->used, vq->num));
	}
}

/* Put the descriptors of the buffer at head back on the free list. */
static void vring_detach(struct virtqueue *vq, u16 head)
{
	u16 i = head, n = 1;

	vq->token[head] = NULL;
	/* Our own chain: bounded by the ring anyway. */
	while ((vq->desc[i].flags & VRING_DESC_F_NEXT) && n < vq->num) {
		i = vq->desc[i].next;
		n++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->num_free = (u16)(vq->num_free + n);
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
		vring_detach(vq, (u16)e.id);
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
			vring_detach(vq, i);
			return token;
		}
	}
	return NULL;
}

/*
 * [virtio 1.1 2.6.7] Advisory: the device may still interrupt. With
 * EVENT_IDX the flags must stay 0 [2.6.7.1]: used_event is moved half the
 * index space behind, where no run of used buffers reaches it.
 */
void virtqueue_disable_cb(struct virtqueue *vq)
{
	vq->cb_disabled = true;
	if (vq->event)
		WRITE_ONCE(*vring_used_event(vq->avail, vq->num),
			   (u16)(vq->last_used_idx - 0x8000));
	else
		WRITE_ONCE(vq->avail->flags, VRING_AVAIL_F_NO_INTERRUPT);
}

/*
 * Interrupts back on once the device's used index passes 'event'. The
 * caller then runs mb() and looks again with virtqueue_poll(): a buffer
 * used between our last look and the request reaching the device would
 * otherwise raise nothing ([2.6.14], the re-check after re-enabling).
 * Returns how many used buffers the re-check may find without a race:
 * the ones the interrupt was asked to wait for.
 */
static u16 vring_enable_cb_at(struct virtqueue *vq, u16 event, u16 pending)
{
	vq->cb_disabled = false;
	if (vq->event)
		WRITE_ONCE(*vring_used_event(vq->avail, vq->num), event);
	else
		WRITE_ONCE(vq->avail->flags, 0);
	return pending;
}

u16 virtqueue_enable_cb_prepare(struct virtqueue *vq)
{
	return vring_enable_cb_at(vq, vq->last_used_idx, 0);
}

/* Linux's virtqueue_enable_cb_delayed: an interrupt after 3/4 of what is outstanding. */
u16 virtqueue_enable_cb_delayed_prepare(struct virtqueue *vq)
{
	u16 bufs;

	if (!vq->event)
		return virtqueue_enable_cb_prepare(vq);
	bufs = (u16)(virtqueue_outstanding(vq) * 3 / 4);
	return vring_enable_cb_at(vq, (u16)(vq->last_used_idx + bufs), bufs);
}

bool virtqueue_poll(const struct virtqueue *vq, u16 pending)
{
	return (u16)(READ_ONCE(vq->used->idx) - vq->last_used_idx) > pending;
}

/*
 * Whether the device asks to hear of a buffer offered since our last
 * doorbell: the kick it waits for. Its avail_event may be long stale
 * (QEMU leaves it while it has buffers and needs no kick), so only an
 * index we passed since the doorbell counts.
 */
static bool vring_kick_wanted(const struct virtqueue *vq)
{
	if (vq->avail_idx == vq->notified_avail_idx)
		return false;
	if (vq->event)
		return vring_need_event(READ_ONCE(*vring_avail_event(vq->used, vq->num)),
					vq->avail_idx, vq->notified_avail_idx);
	return !(READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY);
}

/* Whether the interrupt we asked for is due: callbacks on and the used index past our request. */
static bool vring_interrupt_due(const struct virtqueue *vq, u16 used)
{
	if (vq->cb_disabled || used == vq->last_used_idx)
		return false;
	if (vq->event)
		return vring_need_event(READ_ONCE(*vring_used_event(vq->avail, vq->num)), used,
					vq->last_used_idx);
	return true;
}

/*
 * The handshakes that suppress notifications ([2.6.7.2], [2.6.10]) are
 * store-then-load on both sides: each writes its own index or request and
 * reads the other's, with a full fence between. QEMU 7.2's TCG with one
 * vCPU translates mfence to nothing (its tcg_gen_mb emits a fence only for
 * parallel vCPUs; "tcg: Always emit barriers for system mode" changed that
 * in a later QEMU), yet its I/O thread runs beside the vCPU: about once in
 * 10^5 interrupts both sides read the other's old value, and an interrupt
 * or a kick is lost with work in the ring. A fence that holds there (a
 * port access, taking QEMU's global lock) cost a quarter of bulk TCP on
 * virtio-net. This look, made every few milliseconds by the driver, finds
 * the two stalls instead, each once it has lasted from one look to the
 * next (an interrupt or a kick in flight is not taken for lost): buffers
 * used past our request with callbacks on and none taken meanwhile
 * (returns true: the caller polls), and a device that took nothing while
 * it asked to hear of a buffer offered since our last doorbell (rung
 * here).
 */
bool virtqueue_watchdog(struct virtqueue *vq)
{
	u16 used = READ_ONCE(vq->used->idx);
	bool device_idle = used == vq->watch_used_idx;
	bool driver_idle = vq->last_used_idx == vq->watch_last_used;
	bool due = vring_interrupt_due(vq, used), wanted = vring_kick_wanted(vq);
	bool poll = false;

	if (due && vq->watch_due && driver_idle) {
		vq->watchdog_polls++;
		poll = true;
	}
	if (wanted && vq->watch_wanted && device_idle) {
		vq->watchdog_kicks++;
		virtqueue_notify(vq);
	}
	vq->watch_used_idx = used;
	vq->watch_last_used = vq->last_used_idx;
	vq->watch_due = due;
	vq->watch_wanted = wanted;
	return poll;
}
