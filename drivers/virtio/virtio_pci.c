/*
 * The virtio PCI transport and split virtqueues, driver side. Section
 * numbers cite OASIS "Virtual I/O Device (VIRTIO) Version 1.1" as
 * [virtio 1.1 x.y]. Everything virtio puts in memory or registers is
 * little-endian (legacy: guest-endian), which is x86's order, so values
 * are used as they are.
 *
 * Context: the virtqueue functions are not locked; the caller keeps each
 * queue to one context at a time (for virtio-net: bottom halves off).
 */
#include <kernel/mm.h>
#include <kernel/slab.h>
#include <kernel/time.h>
#include <kernel/printk.h>
#include <asm/io.h>
#include <errno.h>
#include <string.h>
#include "virtio_pci.h"

/* [virtio 1.1 4.1.4] struct virtio_pci_cap, offsets in configuration space. */
#define VIRTIO_PCI_CAP_LEN		2
#define VIRTIO_PCI_CAP_CFG_TYPE		3
#define VIRTIO_PCI_CAP_BAR		4
#define VIRTIO_PCI_CAP_OFFSET		8
#define VIRTIO_PCI_CAP_LENGTH		12
#define VIRTIO_PCI_CAP_SIZE		16
#define VIRTIO_PCI_NOTIFY_CAP_MULT	16	/* struct virtio_pci_notify_cap */
#define VIRTIO_PCI_NOTIFY_CAP_SIZE	20

#define VIRTIO_PCI_CAP_COMMON_CFG	1
#define VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define VIRTIO_PCI_CAP_ISR_CFG		3
#define VIRTIO_PCI_CAP_DEVICE_CFG	4

/* [virtio 1.1 4.1.4.3] struct virtio_pci_common_cfg. */
#define VIRTIO_PCI_COMMON_DFSELECT	0x00
#define VIRTIO_PCI_COMMON_DF		0x04
#define VIRTIO_PCI_COMMON_GFSELECT	0x08
#define VIRTIO_PCI_COMMON_GF		0x0c
#define VIRTIO_PCI_COMMON_STATUS	0x14
#define VIRTIO_PCI_COMMON_CFGGENERATION	0x15
#define VIRTIO_PCI_COMMON_Q_SELECT	0x16
#define VIRTIO_PCI_COMMON_Q_SIZE	0x18
#define VIRTIO_PCI_COMMON_Q_ENABLE	0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF	0x1e
#define VIRTIO_PCI_COMMON_Q_DESC	0x20
#define VIRTIO_PCI_COMMON_Q_AVAIL	0x28
#define VIRTIO_PCI_COMMON_Q_USED	0x30
#define VIRTIO_PCI_COMMON_LEN		0x38

/* [virtio 1.1 4.1.4.8] The legacy registers in BAR0 (I/O space). */
#define VIRTIO_PCI_HOST_FEATURES	0
#define VIRTIO_PCI_GUEST_FEATURES	4
#define VIRTIO_PCI_QUEUE_PFN		8
#define VIRTIO_PCI_QUEUE_NUM		12
#define VIRTIO_PCI_QUEUE_SEL		14
#define VIRTIO_PCI_QUEUE_NOTIFY		16
#define VIRTIO_PCI_STATUS		18
#define VIRTIO_PCI_ISR			19
#define VIRTIO_PCI_CONFIG		20	/* device config, MSI-X disabled */
#define VIRTIO_PCI_QUEUE_ADDR_SHIFT	12	/* QUEUE_PFN is in 4096-byte units */

/* A legacy queue's size is the device's to choose; we refuse huge ones. */
#define VIRTQ_LEGACY_MAX_NUM		1024

#define VIRTIO_RESET_POLLS		10000	/* x 10 us */
#define VIRTIO_CONFIG_RETRIES		16	/* generation changed under us */

/* One capability: which BAR, where in it, how long. */
struct vp_cap {
	u8 bar;
	u32 offset, length;
	u16 pos;		/* in configuration space; 0 = not found */
};

/*
 * [virtio 1.1 4.1.4] Walk the vendor capabilities; the first usable one of
 * each type wins. Usable: in a memory BAR, and inside it.
 */
static void vp_scan_caps(struct pci_dev *pci, struct vp_cap caps[5])
{
	for (u8 pos = pci_find_capability(pci, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pci, pos, PCI_CAP_ID_VNDR)) {
		u8 cap_len = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_LEN);
		u8 type = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_CFG_TYPE);
		u8 bar = pci_read_config8(pci, pos + VIRTIO_PCI_CAP_BAR);
		u32 off = pci_read_config32(pci, pos + VIRTIO_PCI_CAP_OFFSET);
		u32 len = pci_read_config32(pci, pos + VIRTIO_PCI_CAP_LENGTH);

		if (type < VIRTIO_PCI_CAP_COMMON_CFG ||
		    type > VIRTIO_PCI_CAP_DEVICE_CFG || caps[type].pos)
			continue;
		if (cap_len < VIRTIO_PCI_CAP_SIZE ||
		    (type == VIRTIO_PCI_CAP_NOTIFY_CFG &&
		     cap_len < VIRTIO_PCI_NOTIFY_CAP_SIZE))
			continue;
		if (bar >= ARRAY_SIZE(pci->bar) || pci->bar[bar].is_io ||
		    (u64)off + len > pci->bar[bar].size)
			continue;
		caps[type] = (struct vp_cap){ .bar = bar, .offset = off,
					      .length = len, .pos = pos };
	}
}

/* Map each BAR once; the structures point into those mappings. */
static u8 *vp_map_cap(struct virtio_pci_device *vp, u8 *bar_va[6],
		      const struct vp_cap *cap)
{
	if (!bar_va[cap->bar])
		bar_va[cap->bar] = pci_ioremap_bar(vp->pci, cap->bar);
	return bar_va[cap->bar] ? bar_va[cap->bar] + cap->offset : NULL;
}

/* The modern interface: all four structures present and mapped. */
static int vp_init_modern(struct virtio_pci_device *vp)
{
	struct vp_cap caps[5] = { 0 };
	u8 *bar_va[6] = { 0 };

	vp_scan_caps(vp->pci, caps);
	if (!caps[VIRTIO_PCI_CAP_COMMON_CFG].pos ||
	    !caps[VIRTIO_PCI_CAP_NOTIFY_CFG].pos ||
	    !caps[VIRTIO_PCI_CAP_ISR_CFG].pos ||
	    !caps[VIRTIO_PCI_CAP_DEVICE_CFG].pos ||
	    caps[VIRTIO_PCI_CAP_COMMON_CFG].length < VIRTIO_PCI_COMMON_LEN)
		return -ENODEV;
	vp->common = vp_map_cap(vp, bar_va, &caps[VIRTIO_PCI_CAP_COMMON_CFG]);
	vp->notify = vp_map_cap(vp, bar_va, &caps[VIRTIO_PCI_CAP_NOTIFY_CFG]);
	vp->isr = vp_map_cap(vp, bar_va, &caps[VIRTIO_PCI_CAP_ISR_CFG]);
	vp->device = vp_map_cap(vp, bar_va, &caps[VIRTIO_PCI_CAP_DEVICE_CFG]);
	if (!vp->common || !vp->notify || !vp->isr || !vp->device)
		return -ENOMEM;
	vp->notify_len = caps[VIRTIO_PCI_CAP_NOTIFY_CFG].length;
	vp->notify_mult = pci_read_config32(vp->pci,
		caps[VIRTIO_PCI_CAP_NOTIFY_CFG].pos + VIRTIO_PCI_NOTIFY_CAP_MULT);
	vp->device_len = caps[VIRTIO_PCI_CAP_DEVICE_CFG].length;
	vp->modern = true;
	return 0;
}

int vp_init(struct virtio_pci_device *vp, struct pci_dev *pci)
{
	const struct pci_bar *bar0 = &pci->bar[0];
	int err = pci_enable_device(pci);

	if (err)
		return err;
	vp->pci = pci;
	pci_set_master(pci);
	if (vp_init_modern(vp) == 0)
		return 0;
	/* [4.1.2.1] Only transitional devices have the legacy interface. */
	if (pci->device > VIRTIO_PCI_DEVICE_TRANS_MAX || !bar0->is_io ||
	    bar0->size < VIRTIO_PCI_CONFIG)
		return -ENODEV;
	vp->ioaddr = (u16)bar0->addr;
	return 0;
}

u8 vp_get_status(struct virtio_pci_device *vp)
{
	if (vp->modern)
		return readb(vp->common + VIRTIO_PCI_COMMON_STATUS);
	return inb(vp->ioaddr + VIRTIO_PCI_STATUS);
}

static void vp_set_status(struct virtio_pci_device *vp, u8 status)
{
	if (vp->modern)
		writeb(status, vp->common + VIRTIO_PCI_COMMON_STATUS);
	else
		outb(vp->ioaddr + VIRTIO_PCI_STATUS, status);
}

void vp_add_status(struct virtio_pci_device *vp, u8 bits)
{
	barrier();	/* ring setup in memory before the device may look */
	vp_set_status(vp, vp_get_status(vp) | bits);
}

/*
 * [virtio 1.1 4.1.4.3.2] Writing 0 resets; the driver waits until status
 * reads back 0 (bounded). Legacy reset is done when the write is; the read
 * flushes it [4.1.4.8].
 */
void vp_reset(struct virtio_pci_device *vp)
{
	vp_set_status(vp, 0);
	for (int polls = 0; polls < VIRTIO_RESET_POLLS; polls++) {
		if (vp_get_status(vp) == 0)
			return;
		udelay(10);
	}
	pr_warn("virtio %02x:%02x.%x: reset not acknowledged\n",
		vp->pci->bus, vp->pci->slot, vp->pci->func);
}

static u64 vp_device_features(struct virtio_pci_device *vp)
{
	u32 lo, hi;

	if (!vp->modern)
		return inl(vp->ioaddr + VIRTIO_PCI_HOST_FEATURES);
	writel(0, vp->common + VIRTIO_PCI_COMMON_DFSELECT);
	lo = readl(vp->common + VIRTIO_PCI_COMMON_DF);
	writel(1, vp->common + VIRTIO_PCI_COMMON_DFSELECT);
	hi = readl(vp->common + VIRTIO_PCI_COMMON_DF);
	return (u64)hi << 32 | lo;
}

static void vp_set_driver_features(struct virtio_pci_device *vp, u64 f)
{
	if (!vp->modern) {
		outl(vp->ioaddr + VIRTIO_PCI_GUEST_FEATURES, (u32)f);
		return;
	}
	writel(0, vp->common + VIRTIO_PCI_COMMON_GFSELECT);
	writel((u32)f, vp->common + VIRTIO_PCI_COMMON_GF);
	writel(1, vp->common + VIRTIO_PCI_COMMON_GFSELECT);
	writel((u32)(f >> 32), vp->common + VIRTIO_PCI_COMMON_GF);
}

int vp_negotiate(struct virtio_pci_device *vp, u64 wanted)
{
	u64 offered;

	vp_reset(vp);
	vp_add_status(vp, VIRTIO_STATUS_ACKNOWLEDGE);
	vp_add_status(vp, VIRTIO_STATUS_DRIVER);
	offered = vp_device_features(vp);
	if (vp->modern) {
		/* [6.1, 6.2] A modern device offers VERSION_1; we insist on it. */
		if (!(offered & (1ULL << VIRTIO_F_VERSION_1)))
			goto fail;
		wanted |= 1ULL << VIRTIO_F_VERSION_1;
	} else {
		/* Legacy has 32 feature bits and no VERSION_1. */
		wanted &= 0xffffffffULL & ~(1ULL << VIRTIO_F_VERSION_1);
	}
	vp->features = offered & wanted;
	vp_set_driver_features(vp, vp->features);
	if (vp->modern) {
		/* [3.1.1 steps 5-6] FEATURES_OK, then check the device kept it. */
		vp_add_status(vp, VIRTIO_STATUS_FEATURES_OK);
		if (!(vp_get_status(vp) & VIRTIO_STATUS_FEATURES_OK))
			goto fail;
	}
	return 0;
fail:
	vp_add_status(vp, VIRTIO_STATUS_FAILED);
	return -ENODEV;
}

/* One access of the natural width for 1, 2 and 4 bytes [4.1.3.1], bytes else. */
static void vp_config_read(struct virtio_pci_device *vp, unsigned int off,
			   u8 *buf, unsigned int len)
{
	u16 v16;
	u32 v32;

	if (len == 2) {
		v16 = vp->modern ? readw(vp->device + off) :
				   inw(vp->ioaddr + VIRTIO_PCI_CONFIG + off);
		memcpy(buf, &v16, 2);
	} else if (len == 4) {
		v32 = vp->modern ? readl(vp->device + off) :
				   inl(vp->ioaddr + VIRTIO_PCI_CONFIG + off);
		memcpy(buf, &v32, 4);
	} else {
		for (unsigned int i = 0; i < len; i++)
			buf[i] = vp->modern ? readb(vp->device + off + i) :
					      inb(vp->ioaddr + VIRTIO_PCI_CONFIG + off + i);
	}
}

/*
 * [virtio 1.1 2.4.1] A field wider than one access may change between
 * accesses; config_generation tells, and the read is retried (bounded).
 * Legacy has no generation counter. Outside the structure reads zeros.
 */
void vp_get_config(struct virtio_pci_device *vp, unsigned int off, void *buf,
		   unsigned int len)
{
	u8 gen;

	if (!vp->modern) {
		vp_config_read(vp, off, buf, len);
		return;
	}
	if (off + len > vp->device_len) {
		memset(buf, 0, len);
		return;
	}
	for (int tries = 0; tries < VIRTIO_CONFIG_RETRIES; tries++) {
		gen = readb(vp->common + VIRTIO_PCI_COMMON_CFGGENERATION);
		vp_config_read(vp, off, buf, len);
		if (readb(vp->common + VIRTIO_PCI_COMMON_CFGGENERATION) == gen)
			return;
	}
}

u8 vp_read_isr(struct virtio_pci_device *vp)
{
	return vp->modern ? readb(vp->isr) : inb(vp->ioaddr + VIRTIO_PCI_ISR);
}

static u16 vp_select_queue(struct virtio_pci_device *vp, u16 index)
{
	if (vp->modern) {
		writew(index, vp->common + VIRTIO_PCI_COMMON_Q_SELECT);
		return readw(vp->common + VIRTIO_PCI_COMMON_Q_SIZE);
	}
	outw(vp->ioaddr + VIRTIO_PCI_QUEUE_SEL, index);
	return inw(vp->ioaddr + VIRTIO_PCI_QUEUE_NUM);
}

static bool is_power_of_2(unsigned int n)
{
	return n && !(n & (n - 1));
}

int vp_alloc_vq(struct virtio_pci_device *vp, struct virtqueue *vq,
		u16 index, u16 max_num)
{
	u16 num = vp_select_queue(vp, index);

	if (!num)
		return -ENOENT;		/* [4.1.4.3] size 0: no such queue */
	if (vp->modern) {
		/* [4.1.5.1.3] We may pick a smaller size: the largest power
		 * of two that fits (clearing low bits until one is left). */
		num = min(num, max_num);
		while (!is_power_of_2(num))
			num &= (u16)(num - 1);
		vq->notify_off = readw(vp->common + VIRTIO_PCI_COMMON_Q_NOFF);
		if ((u64)vq->notify_off * vp->notify_mult + 2 > vp->notify_len)
			return -EINVAL;
	} else if (!is_power_of_2(num) || num > VIRTQ_LEGACY_MAX_NUM) {
		return -EINVAL;
	}
	vq->ring = dma_alloc_coherent(vring_size(num), &vq->ring_dma);
	if (!vq->ring)
		return -ENOMEM;
	/* Legacy QUEUE_PFN is 32 bits of 4 KiB pages. */
	if (!vp->modern && vq->ring_dma >> (32 + VIRTIO_PCI_QUEUE_ADDR_SHIFT)) {
		dma_free_coherent(vring_size(num), vq->ring, vq->ring_dma);
		return -ERANGE;
	}
	vq->token = kcalloc(num, sizeof(*vq->token));
	if (!vq->token) {
		dma_free_coherent(vring_size(num), vq->ring, vq->ring_dma);
		return -ENOMEM;
	}
	vq->vp = vp;
	vq->index = index;
	vq->num = num;
	return 0;
}

void vp_free_vq(struct virtqueue *vq)
{
	kfree(vq->token);
	dma_free_coherent(vring_size(vq->num), vq->ring, vq->ring_dma);
}

/* Empty the rings: every descriptor on the free list. */
static void vq_reset_rings(struct virtqueue *vq)
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

static void vp_write64(struct virtio_pci_device *vp, unsigned int off, u64 v)
{
	writel((u32)v, vp->common + off);
	writel((u32)(v >> 32), vp->common + off + 4);
}

/* [virtio 1.1 4.1.5.1.3] Queue configuration (legacy: [4.1.4.8]). */
int vp_activate_vq(struct virtqueue *vq)
{
	struct virtio_pci_device *vp = vq->vp;
	dma_addr_t ring = vq->ring_dma;
	u16 max = vp_select_queue(vp, vq->index);

	/* The size was read at probe; a reset does not change it. */
	if (vp->modern ? max < vq->num : max != vq->num)
		return -EINVAL;
	vq_reset_rings(vq);
	if (!vp->modern) {
		outl(vp->ioaddr + VIRTIO_PCI_QUEUE_PFN,
		     (u32)(ring >> VIRTIO_PCI_QUEUE_ADDR_SHIFT));
		return 0;
	}
	writew(vq->num, vp->common + VIRTIO_PCI_COMMON_Q_SIZE);
	vp_write64(vp, VIRTIO_PCI_COMMON_Q_DESC, ring);
	vp_write64(vp, VIRTIO_PCI_COMMON_Q_AVAIL, ring + vring_avail_offset(vq->num));
	vp_write64(vp, VIRTIO_PCI_COMMON_Q_USED, ring + vring_used_offset(vq->num));
	writew(1, vp->common + VIRTIO_PCI_COMMON_Q_ENABLE);
	return 0;
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

/* [virtio 1.1 2.6.13.4, 4.1.5.2] The doorbell, unless the device opted out. */
void virtqueue_kick(struct virtqueue *vq)
{
	struct virtio_pci_device *vp = vq->vp;

	mb();	/* avail->idx visible before we read used->flags */
	if (READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY)
		return;
	if (vp->modern)
		writew(vq->index, vp->notify + vq->notify_off * vp->notify_mult);
	else
		outw(vp->ioaddr + VIRTIO_PCI_QUEUE_NOTIFY, vq->index);
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
