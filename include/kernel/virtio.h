/*
 * Virtio devices apart from how they are reached (Linux's virtio bus): a
 * transport (PCI in drivers/virtio/virtio_pci.c, MMIO in virtio_mmio.c)
 * finds a device, fills a struct virtio_device with its const
 * virtio_config_ops and hands it to the driver registered for the device
 * type; the driver (virtio_net.c) talks to the device only through those
 * ops and the split virtqueues (drivers/virtio/virtio_ring.c). Section
 * numbers cite OASIS "Virtual I/O Device (VIRTIO) Version 1.1" as
 * [virtio 1.1 x.y].
 */
#ifndef _KERNEL_VIRTIO_H
#define _KERNEL_VIRTIO_H

#include <kernel/types.h>

/* [virtio 1.1 5] Device types. */
#define VIRTIO_ID_NET			1

/* [virtio 1.1 2.1] Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	64
#define VIRTIO_STATUS_FAILED		128

/* [virtio 1.1 6] Reserved (transport and ring) feature bits we care about. */
#define VIRTIO_F_ANY_LAYOUT		27	/* legacy: header may share a descriptor */
#define VIRTIO_RING_F_INDIRECT_DESC	28	/* descriptor tables [2.6.5.3] */
#define VIRTIO_RING_F_EVENT_IDX		29	/* used_event / avail_event [2.6.7.2] */
#define VIRTIO_F_VERSION_1		32	/* the modern interface */

/* What the core's rings do with a device that offers it: every driver takes these. */
#define VIRTIO_RING_FEATURES	(1ULL << VIRTIO_RING_F_INDIRECT_DESC | \
				 1ULL << VIRTIO_RING_F_EVENT_IDX)

/* [virtio 1.1 4.1.4.5, 4.2.2] Interrupt status bits, the same on both transports. */
#define VIRTIO_ISR_QUEUE		0x1
#define VIRTIO_ISR_CONFIG		0x2

#define VIRTIO_MAX_VQS			4
#define VIRTQUEUE_MAX_SG		32	/* pieces of one buffer, at most */
#define VIRTIO_NO_VECTOR		0xffff	/* [4.1.5.1.2] an event mapped to no MSI-X vector */

struct virtio_device;
struct vring_desc;
struct vring_avail;
struct vring_used;

/* One piece of a buffer: bus address and length (Linux's scatterlist entry). */
struct virtio_sg {
	dma_addr_t addr;
	u32 len;
};

/* A split virtqueue and the driver's bookkeeping for it. */
struct virtqueue {
	struct virtio_device *vdev;
	void (*callback)(struct virtqueue *vq);	/* used buffers arrived (IRQ context) */
	u16 index;			/* queue number on the device */
	u16 num;			/* ring size, a power of two */
	u16 free_head;			/* free descriptors, chained through .next */
	u16 num_free;
	u16 avail_idx;			/* our copy of avail->idx */
	u16 kicked_avail_idx;		/* avail->idx when a kick was last decided on */
	u16 notified_avail_idx;		/* avail->idx when the doorbell last rang */
	u16 last_used_idx;		/* next used entry to consume */
	u16 max_sg;			/* pieces a buffer may have (the indirect tables' size) */
	bool event;			/* VIRTIO_RING_F_EVENT_IDX negotiated */
	bool cb_disabled;		/* the driver asked for no interrupts */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	void *ring;			/* the whole vring_size(num) block */
	dma_addr_t ring_dma;
	/* With INDIRECT_DESC and max_sg > 1: num tables of max_sg descriptors, one per head. */
	struct vring_desc *indir;
	dma_addr_t indir_dma;
	void **token;			/* per descriptor: the caller's buffer, NULL if free */
	u32 notify_off;			/* transport's: where this queue's doorbell is */
	u16 msix_vector;		/* transport's: the MSI-X entry, or VIRTIO_NO_VECTOR */
	u64 bad_used;			/* used entries naming no buffer we gave (device bug) */
	u64 notifies;			/* doorbells rung */
	u64 notifies_saved;		/* kicks the device said it did not need */
	u64 interrupts;			/* callbacks run */
	/* virtqueue_watchdog's last look, and what it found. */
	u16 watch_used_idx, watch_last_used;
	bool watch_due, watch_wanted;
	u64 watchdog_polls;		/* interrupts found lost */
	u64 watchdog_kicks;		/* kicks found lost */
};

/*
 * What a transport does for a device (Linux's struct virtio_config_ops).
 * Legacy devices (PCI's I/O BAR, MMIO version 1) have 32 feature bits, no
 * FEATURES_OK and no configuration generation.
 */
struct virtio_config_ops {
	u8 (*get_status)(struct virtio_device *vdev);
	/* Status 0 resets the device (virtio_reset_device() waits for it). */
	void (*set_status)(struct virtio_device *vdev, u8 status);
	u64 (*get_features)(struct virtio_device *vdev);
	void (*set_features)(struct virtio_device *vdev, u64 features);
	/* Read len bytes of device configuration at off; outside it reads zeros. */
	void (*get)(struct virtio_device *vdev, unsigned int off, void *buf,
		    unsigned int len);
	u32 (*generation)(struct virtio_device *vdev);
	/*
	 * Size queue 'index' (at most max_num; a legacy device's own size)
	 * and allocate its rings: 0, -ENOENT when there is no such queue.
	 */
	int (*setup_vq)(struct virtio_device *vdev, struct virtqueue *vq,
			u16 index, u16 max_num);
	/* Give the (emptied) rings' addresses to the device and enable the queue. */
	int (*activate_vq)(struct virtqueue *vq);
	void (*notify)(struct virtqueue *vq);
};

struct virtio_device {
	u32 id;				/* VIRTIO_ID_* */
	bool legacy;			/* no VERSION_1: legacy header, 32 feature bits */
	const struct virtio_config_ops *config;
	u64 features;			/* negotiated */
	unsigned int irq;		/* the transport's interrupt line (or first vector) */
	char irq_desc[40];		/* for the log: "irq 11", "MSI-X vectors 0xec-0xef" */
	char name[12];			/* "virtio0", in order of discovery */
	char desc[48];			/* where it is: "PCI 00:03.0 (1af4:1000)", "MMIO 0xfeb02e00" */
	void *priv;			/* the driver's */
	struct virtqueue *vqs[VIRTIO_MAX_VQS];
	unsigned int nvqs;
	const struct virtio_driver *driver;
};

struct virtio_driver {
	const char *name;
	u32 device_id;			/* VIRTIO_ID_* */
	/* Called with the device reset; 0 binds it, -errno leaves it. */
	int (*probe)(struct virtio_device *vdev);
	/* The configuration changed (an interrupt; IRQ context). */
	void (*config_changed)(struct virtio_device *vdev);
};

/* Register a driver at link time; transports find it by device type. */
#define VIRTIO_DRIVER(drv) \
	static const struct virtio_driver *const __virtio_drv_##drv \
	__section(".virtio_drivers") __used = &(drv)

/* For a transport: set the device type and give the device its name. */
void virtio_device_init(struct virtio_device *vdev, u32 id);
/*
 * For a transport: the driver of vdev->id probes it. 0, or -ENODEV when no
 * driver is registered for that type, or the driver's error.
 */
int virtio_register_device(struct virtio_device *vdev);
/*
 * For a transport's interrupt handler, with the interrupt status it read
 * (and acknowledged): run the queues' callbacks and the driver's
 * config_changed.
 */
void virtio_interrupt(struct virtio_device *vdev, u32 isr);
/*
 * For a transport's per-queue interrupt (an MSI-X vector): run vq's
 * callback if it has used buffers. True when it had.
 */
bool vring_interrupt(struct virtqueue *vq);
/* For a transport's configuration interrupt: the driver's config_changed. */
void virtio_config_changed(struct virtio_device *vdev);

static inline bool virtio_has_feature(const struct virtio_device *vdev,
				      unsigned int bit)
{
	return vdev->features & (1ULL << bit);
}

/* OR bits into the device status. */
void virtio_add_status(struct virtio_device *vdev, u8 bits);
/*
 * [virtio 1.1 2.1.2, 4.1.4.3.2, 4.2.2.1] Write status 0, then wait
 * (bounded) until it reads 0: the device has let go of every buffer.
 */
void virtio_reset_device(struct virtio_device *vdev);
/*
 * [virtio 1.1 3.1.1] Steps 1-6: reset, ACKNOWLEDGE, DRIVER, accept the
 * subset of 'wanted' the device offers (a modern device must offer
 * VERSION_1, which this adds), FEATURES_OK and its check. The device is
 * then ready for queue setup. On failure the status says FAILED; -errno.
 */
int virtio_negotiate(struct virtio_device *vdev, u64 wanted);
/* Read device configuration consistently [virtio 1.1 2.4.1]. */
void virtio_cread(struct virtio_device *vdev, unsigned int off, void *buf,
		  unsigned int len);

/*
 * Set up queue 'index' with at most max_num entries and its callback;
 * each buffer offered on it has at most max_sg pieces (with
 * VIRTIO_RING_F_INDIRECT_DESC and max_sg > 1 a buffer then takes one slot
 * of the ring). After virtio_negotiate. 0 or -errno; virtio_del_vq undoes
 * it.
 */
int virtio_find_vq(struct virtio_device *vdev, struct virtqueue *vq, u16 index,
		   u16 max_num, u16 max_sg, void (*callback)(struct virtqueue *vq));
void virtio_del_vq(struct virtqueue *vq);
/* Empty the rings and hand the queue to the device (after virtio_negotiate). */
int virtio_activate_vq(struct virtqueue *vq);

/*
 * [virtio 1.1 2.6.13] Offer one buffer of out device-readable pieces
 * followed by in device-writable ones (out + in <= vq->max_sg, at least
 * one). token (not NULL) comes back from virtqueue_get_buf. 0, or -ENOSPC
 * when the ring has no room. The device learns of it at the next kick.
 */
int virtqueue_add_sgs(struct virtqueue *vq, const struct virtio_sg *sg,
		      unsigned int out, unsigned int in, void *token);
/* One piece, device-writable if 'in'. */
int virtqueue_add_buf(struct virtqueue *vq, dma_addr_t addr, u32 len,
		      bool in, void *token);
/*
 * [virtio 1.1 2.6.13.4] Whether the device wants to hear of the buffers
 * added since the last kick (avail_event with EVENT_IDX, else
 * VRING_USED_F_NO_NOTIFY); virtqueue_notify rings the doorbell.
 * virtqueue_kick does both. kick_needed is the check alone, for a caller
 * that has run mb() after its stores (one fence for several checks).
 */
bool virtqueue_kick_needed(struct virtqueue *vq);
bool virtqueue_kick_prepare(struct virtqueue *vq);
void virtqueue_notify(struct virtqueue *vq);
void virtqueue_kick(struct virtqueue *vq);
/* The next buffer the device finished, with the bytes it wrote; or NULL. */
void *virtqueue_get_buf(struct virtqueue *vq, u32 *len);
/* After a reset: take back a buffer the device never returned, or NULL. */
void *virtqueue_detach_unused(struct virtqueue *vq);
/*
 * Used-buffer interrupts off / on ([2.6.7]: the flag, or used_event with
 * EVENT_IDX). Turning them on is two steps around the caller's mb(),
 * as Linux's virtqueue_enable_cb_prepare and virtqueue_poll: the
 * _prepare call writes the request and returns what virtqueue_poll then
 * compares with; virtqueue_poll is true if work raced in (look again).
 * enable_cb_delayed asks for the interrupt only once about three quarters
 * of the buffers outstanding are used (EVENT_IDX; else as enable), for
 * transmit completions that need no haste.
 */
void virtqueue_disable_cb(struct virtqueue *vq);
u16 virtqueue_enable_cb_prepare(struct virtqueue *vq);
u16 virtqueue_enable_cb_delayed_prepare(struct virtqueue *vq);
bool virtqueue_poll(const struct virtqueue *vq, u16 pending);
/*
 * Every few milliseconds: finds a queue stalled by a lost interrupt (true:
 * poll it) or a lost kick (rung here). Why they get lost: virtio_ring.c.
 */
bool virtqueue_watchdog(struct virtqueue *vq);
bool virtqueue_more_used(const struct virtqueue *vq);
/* Buffers the device holds: offered and not yet taken back. */
unsigned int virtqueue_outstanding(const struct virtqueue *vq);

/*
 * Both sides' indexes and requests as the ring holds them now, for a
 * stalled queue's report: who is waiting for whom ([2.6.7], [2.6.10]).
 */
struct virtqueue_state {
	u16 avail_idx, used_idx, last_used_idx, kicked_avail_idx, num_free;
	u16 used_event, avail_event;	/* EVENT_IDX only */
	u16 avail_flags, used_flags;
	bool cb_disabled;
};
void virtqueue_get_state(const struct virtqueue *vq, struct virtqueue_state *st);

/*
 * The virtio-mmio devices the command line names (virtio_mmio.device=,
 * as Linux reads it); QEMU's microvm appends one per device. Probed from
 * the init thread, after PCI.
 */
void virtio_mmio_init(void);

#endif
