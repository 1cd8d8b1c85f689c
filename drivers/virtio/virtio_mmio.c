/*
 * The virtio MMIO transport ([virtio 1.1 4.2]): version 2 and the legacy
 * version 1 ([4.2.4]), each device a register window and one interrupt
 * line. They are found where Linux finds them: in the DSDT as devices
 * with _HID "LNRO0005" (QEMU's microvm with ACPI, the default), and on
 * the command line as virtio_mmio.device=<size>@<base>:<irq>[:<id>]
 * (which microvm appends when ACPI is off; Firecracker passes the same).
 */
#include <kernel/acpi.h>
#include <kernel/cmdline.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <kernel/slab.h>
#include <asm/io.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "virtio_ring.h"

/* [virtio 1.1 4.2.2] The register layout; [4.2.4] the legacy-only registers. */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_GUEST_PAGE_SIZE	0x028	/* legacy */
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_ALIGN		0x03c	/* legacy */
#define VIRTIO_MMIO_QUEUE_PFN		0x040	/* legacy */
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_AVAIL_LOW	0x090	/* "QueueDriver" */
#define VIRTIO_MMIO_QUEUE_USED_LOW	0x0a0	/* "QueueDevice" */
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MMIO_MAGIC		0x74726976	/* "virt", little-endian */
#define VIRTIO_MMIO_LEGACY_PAGE		4096	/* our GuestPageSize and QueueAlign */
#define VIRTIO_MMIO_MAX_DEVICES		32
#define VIRTIO_MMIO_MIN_SIZE		0x100	/* the registers, without configuration */
#define VIRTIO_MMIO_ACK_ROUNDS		8
#define VIRTIO_MMIO_ACPI_HID		"LNRO0005"	/* Linaro's ID, as Linux's virtio_mmio_acpi_match */

struct virtio_mmio_device {
	struct virtio_device vdev;
	u8 *base;
	phys_addr_t phys;
	u32 size;
};

/* A device the command line or the DSDT named, kept until the init thread probes it. */
struct virtio_mmio_resource {
	phys_addr_t base;
	u32 size;
	unsigned int irq;
	unsigned long irqflags;		/* IRQF_TRIGGER_* when the DSDT says */
};

static struct virtio_mmio_resource vm_devs[VIRTIO_MMIO_MAX_DEVICES];
static unsigned int vm_ndevs;

static inline struct virtio_mmio_device *to_vm_device(struct virtio_device *vdev)
{
	return container_of(vdev, struct virtio_mmio_device, vdev);
}

static u32 vm_read(struct virtio_device *vdev, unsigned int reg)
{
	return readl(to_vm_device(vdev)->base + reg);
}

static void vm_write(struct virtio_device *vdev, unsigned int reg, u32 v)
{
	writel(v, to_vm_device(vdev)->base + reg);
}

static u8 vm_get_status(struct virtio_device *vdev)
{
	return (u8)vm_read(vdev, VIRTIO_MMIO_STATUS);
}

static void vm_set_status(struct virtio_device *vdev, u8 status)
{
	vm_write(vdev, VIRTIO_MMIO_STATUS, status);
}

/* Feature words of 32 bits, selected by number; legacy devices have only the first. */
static u64 vm_get_features(struct virtio_device *vdev)
{
	u64 f;

	vm_write(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	f = vm_read(vdev, VIRTIO_MMIO_DEVICE_FEATURES);
	if (vdev->legacy)
		return f;
	vm_write(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	return f | (u64)vm_read(vdev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
}

static void vm_set_features(struct virtio_device *vdev, u64 f)
{
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)f);
	if (vdev->legacy)
		return;
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vm_write(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)(f >> 32));
}

/*
 * [4.2.2.2] Configuration by aligned accesses of the field's width (1, 2
 * or 4 bytes), bytes for anything else; zeros outside the window.
 */
static void vm_get(struct virtio_device *vdev, unsigned int off, void *buf,
		   unsigned int len)
{
	struct virtio_mmio_device *vm = to_vm_device(vdev);
	u8 *cfg = vm->base + VIRTIO_MMIO_CONFIG + off;
	u8 *p = buf;
	u16 v16;
	u32 v32;

	if ((u64)VIRTIO_MMIO_CONFIG + off + len > vm->size) {
		memset(buf, 0, len);
	} else if (len == 2 && !(off & 1)) {
		v16 = readw(cfg);
		memcpy(buf, &v16, 2);
	} else if (len == 4 && !(off & 3)) {
		v32 = readl(cfg);
		memcpy(buf, &v32, 4);
	} else {
		for (unsigned int i = 0; i < len; i++)
			p[i] = readb(cfg + i);
	}
}

/* Legacy devices have no ConfigGeneration register [4.2.4]. */
static u32 vm_generation(struct virtio_device *vdev)
{
	return vdev->legacy ? 0 : vm_read(vdev, VIRTIO_MMIO_CONFIG_GENERATION);
}

/* [4.2.3.2] Select the queue; it must not be in use. Its maximum size, 0 if none. */
static u32 vm_select_queue(struct virtio_device *vdev, u16 index)
{
	vm_write(vdev, VIRTIO_MMIO_QUEUE_SEL, index);
	if (vm_read(vdev, vdev->legacy ? VIRTIO_MMIO_QUEUE_PFN : VIRTIO_MMIO_QUEUE_READY))
		return 0;
	return vm_read(vdev, VIRTIO_MMIO_QUEUE_NUM_MAX);
}

static int vm_setup_vq(struct virtio_device *vdev, struct virtqueue *vq,
		       u16 index, u16 max_num)
{
	u32 max = vm_select_queue(vdev, index);
	int err;

	if (!max)
		return -ENOENT;
	err = vring_alloc(vq, vring_pow2_floor((u16)min(max, (u32)max_num)));
	/* The legacy QueuePFN is 32 bits of pages. */
	if (!err && vdev->legacy && vq->ring_dma >> 44) {
		vring_free(vq);
		err = -ERANGE;
	}
	return err;
}

static void vm_write64(struct virtio_device *vdev, unsigned int reg, u64 v)
{
	vm_write(vdev, reg, (u32)v);
	vm_write(vdev, reg + 4, (u32)(v >> 32));
}

/*
 * [4.2.3.2] Size, the three ring addresses, then QueueReady; legacy
 * [4.2.4.1]: size, alignment and the page frame of the one legacy block.
 */
static int vm_activate_vq(struct virtqueue *vq)
{
	struct virtio_device *vdev = vq->vdev;
	dma_addr_t ring = vq->ring_dma;

	if (vm_select_queue(vdev, vq->index) < vq->num)
		return -EINVAL;
	vm_write(vdev, VIRTIO_MMIO_QUEUE_NUM, vq->num);
	if (vdev->legacy) {
		vm_write(vdev, VIRTIO_MMIO_QUEUE_ALIGN, VIRTIO_MMIO_LEGACY_PAGE);
		vm_write(vdev, VIRTIO_MMIO_QUEUE_PFN, (u32)(ring / VIRTIO_MMIO_LEGACY_PAGE));
		return 0;
	}
	vm_write64(vdev, VIRTIO_MMIO_QUEUE_DESC_LOW, ring);
	vm_write64(vdev, VIRTIO_MMIO_QUEUE_AVAIL_LOW, ring + vring_avail_offset(vq->num));
	vm_write64(vdev, VIRTIO_MMIO_QUEUE_USED_LOW, ring + vring_used_offset(vq->num));
	vm_write(vdev, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

static void vm_notify(struct virtqueue *vq)
{
	vm_write(vq->vdev, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
}

static const struct virtio_config_ops vm_config_ops = {
	.get_status = vm_get_status,
	.set_status = vm_set_status,
	.get_features = vm_get_features,
	.set_features = vm_set_features,
	.get = vm_get,
	.generation = vm_generation,
	.setup_vq = vm_setup_vq,
	.activate_vq = vm_activate_vq,
	.notify = vm_notify,
};

/*
 * [4.2.2] InterruptStatus says why; writing it to InterruptACK lowers the
 * line. Again until it reads 0 (bounded): on an edge-triggered line (the
 * 8259's default) an event between the read and the acknowledge would
 * keep the line high with no new edge to raise an interrupt.
 */
static irqreturn_t vm_interrupt(int irq, void *data)
{
	struct virtio_mmio_device *vm = data;
	u32 status, all = 0;

	for (int i = 0; i < VIRTIO_MMIO_ACK_ROUNDS; i++) {
		status = vm_read(&vm->vdev, VIRTIO_MMIO_INTERRUPT_STATUS);
		if (!status)
			break;
		vm_write(&vm->vdev, VIRTIO_MMIO_INTERRUPT_ACK, status);
		all |= status;
	}
	if (!all)
		return IRQ_NONE;
	pr_trace(TRACE_DRIVER, "%s: irq, status %#x\n", vm->vdev.name, all);
	virtio_interrupt(&vm->vdev, all);
	return IRQ_HANDLED;
}

/*
 * [4.2.2] Magic, then version 1 or 2; device ID 0 is a placeholder window
 * with nothing behind it. Returns 0 with vm->vdev set up, -ENODEV to skip.
 */
static int vm_identify(struct virtio_mmio_device *vm)
{
	u32 magic = readl(vm->base + VIRTIO_MMIO_MAGIC_VALUE);
	u32 version = readl(vm->base + VIRTIO_MMIO_VERSION);
	u32 id = readl(vm->base + VIRTIO_MMIO_DEVICE_ID);

	if (magic != VIRTIO_MMIO_MAGIC) {
		pr_warn("virtio-mmio: no device at %#llx (magic %#x)\n",
			(unsigned long long)vm->phys, magic);
		return -ENODEV;
	}
	if (version != 1 && version != 2) {
		pr_warn("virtio-mmio: version %u at %#llx not supported\n", version,
			(unsigned long long)vm->phys);
		return -ENODEV;
	}
	if (id == 0)
		return -ENODEV;
	vm->vdev.config = &vm_config_ops;
	vm->vdev.legacy = version == 1;
	virtio_device_init(&vm->vdev, id);
	snprintf(vm->vdev.desc, sizeof(vm->vdev.desc), "MMIO %#llx (version %u)",
		 (unsigned long long)vm->phys, version);
	return 0;
}

static int vm_probe(const struct virtio_mmio_resource *res)
{
	struct virtio_mmio_device *vm = kzalloc(sizeof(*vm));
	int err = -ENOMEM;

	if (!vm)
		return err;
	vm->phys = res->base;
	vm->size = res->size;
	vm->base = ioremap(res->base, res->size);
	if (!vm->base)
		goto out_free;
	err = vm_identify(vm);
	if (err)
		goto out_free;
	vm->vdev.irq = res->irq;
	/* [4.2.4] A legacy device needs the page size before any queue. */
	if (vm->vdev.legacy)
		vm_write(&vm->vdev, VIRTIO_MMIO_GUEST_PAGE_SIZE, VIRTIO_MMIO_LEGACY_PAGE);
	virtio_reset_device(&vm->vdev);
	err = request_irq(res->irq, vm_interrupt, IRQF_SHARED | res->irqflags,
			  vm->vdev.name, vm);
	if (err)
		goto out_free;
	err = virtio_register_device(&vm->vdev);
	if (err)
		goto out_free_irq;
	return 0;

out_free_irq:
	free_irq(res->irq, vm);
out_free:
	kfree(vm);
	return err;
}

/* Once per window: the command line and the DSDT may both name a device. */
static void vm_add_device(const struct virtio_mmio_resource *res)
{
	for (unsigned int i = 0; i < vm_ndevs; i++)
		if (vm_devs[i].base == res->base)
			return;
	if (vm_ndevs == VIRTIO_MMIO_MAX_DEVICES) {
		printk("virtio-mmio: more than %d devices, %#llx ignored\n",
		       VIRTIO_MMIO_MAX_DEVICES, (unsigned long long)res->base);
		return;
	}
	vm_devs[vm_ndevs++] = *res;
}

/* [ACPI 6.5 §6.4] The window and the interrupt, with the trigger the _CRS gives. */
static void vm_add_acpi(const struct acpi_resources *r, void *arg)
{
	struct virtio_mmio_resource res = {
		.base = r->mem_base, .size = r->mem_len, .irq = r->irq,
		.irqflags = r->irq_edge ?
			(r->irq_active_low ? IRQF_TRIGGER_FALLING : IRQF_TRIGGER_RISING) :
			(r->irq_active_low ? IRQF_TRIGGER_LOW : IRQF_TRIGGER_HIGH),
	};

	if (!r->has_irq || r->mem_len < VIRTIO_MMIO_MIN_SIZE || r->mem_len > PAGE_SIZE) {
		pr_warn("virtio-mmio: DSDT device at %#llx without a usable window or interrupt\n",
			(unsigned long long)r->mem_base);
		return;
	}
	vm_add_device(&res);
}

void virtio_mmio_init(void)
{
	acpi_for_each_device(VIRTIO_MMIO_ACPI_HID, vm_add_acpi, NULL);
	for (unsigned int i = 0; i < vm_ndevs; i++) {
		const struct virtio_mmio_resource *res = &vm_devs[i];
		int err = vm_probe(res);

		if (err && err != -ENODEV)
			pr_warn("virtio-mmio: device at %#llx irq %u: error %d\n",
				(unsigned long long)res->base, res->irq, err);
	}
}

/*
 * Linux's virtio_mmio.device= syntax: <size>@<base>:<irq>[:<id>], the size
 * with an optional K, M or G. Returns 0 with *res filled, or -EINVAL.
 */
static int vm_parse_device(const char *s, struct virtio_mmio_resource *res)
{
	char *end;
	u64 size = strtoull(s, &end, 0), base;
	unsigned long irq;

	if (*end == 'K' || *end == 'k')
		size <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		size <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		size <<= 30, end++;
	if (end == s || *end != '@')
		return -EINVAL;
	s = end + 1;
	base = strtoull(s, &end, 0);
	if (end == s || *end != ':')
		return -EINVAL;
	s = end + 1;
	irq = strtoul(s, &end, 0);
	if (end == s || (*end != '\0' && *end != ':'))
		return -EINVAL;
	if (size < VIRTIO_MMIO_MIN_SIZE || size > PAGE_SIZE || base & 3 ||
	    irq >= 256)
		return -EINVAL;
	*res = (struct virtio_mmio_resource){ .base = base, .size = (u32)size,
					      .irq = (unsigned int)irq };
	return 0;
}

static int vm_cmdline_set(const char *key, const char *value)
{
	struct virtio_mmio_resource res;

	if (!value || vm_parse_device(value, &res))
		return -EINVAL;
	vm_add_device(&res);
	return 0;
}
CMDLINE_PARAM(virtio_mmio, "virtio_mmio.device", vm_cmdline_set,
	      "virtio_mmio.device=SIZE@BASE:IRQ[:ID]: a virtio-mmio device (QEMU's microvm adds them)");

SELFTEST(virtio_mmio_cmdline_syntax)
{
	struct virtio_mmio_resource r;

	ST_EQ(vm_parse_device("512@0xfeb02e00:47", &r), 0);
	ST_EQ(r.base, 0xfeb02e00ULL);
	ST_EQ(r.size, 512U);
	ST_EQ(r.irq, 47U);
	ST_EQ(vm_parse_device("4K@0xd0000000:5:3", &r), 0);
	ST_EQ(r.size, 4096U);
	ST_EQ(r.irq, 5U);
	ST_EQ(vm_parse_device("512@0xfeb02e00", &r), -EINVAL);
	ST_EQ(vm_parse_device("512@:47", &r), -EINVAL);
	ST_EQ(vm_parse_device("16@0xfeb02e00:47", &r), -EINVAL);
	ST_EQ(vm_parse_device("1M@0xfeb02e00:47", &r), -EINVAL);
	ST_EQ(vm_parse_device("512@0xfeb02e00:47x", &r), -EINVAL);
	ST_EQ(vm_parse_device("512@0xfeb02e00:4096", &r), -EINVAL);
}
