/* Realtek RTL8139 / RTL8169 family: shared register access, reset, address and link reporting. */
#include <kernel/pci.h>
#include <kernel/mm.h>
#include <kernel/time.h>
#include <kernel/printk.h>
#include <asm/io.h>
#include <net/etherdevice.h>
#include <errno.h>
#include "rtl_common.h"

#define RTL_RESET_POLLS	1000	/* x 10 us for CR.RST to clear */

u8 rtl_r8(const struct rtl_regs *r, u16 reg)
{
	return r->mmio ? readb(r->mmio + reg) : inb(r->io + reg);
}

u16 rtl_r16(const struct rtl_regs *r, u16 reg)
{
	return r->mmio ? readw(r->mmio + reg) : inw(r->io + reg);
}

u32 rtl_r32(const struct rtl_regs *r, u16 reg)
{
	return r->mmio ? readl(r->mmio + reg) : inl(r->io + reg);
}

void rtl_w8(const struct rtl_regs *r, u16 reg, u8 v)
{
	if (r->mmio)
		writeb(v, r->mmio + reg);
	else
		outb(r->io + reg, v);
}

void rtl_w16(const struct rtl_regs *r, u16 reg, u16 v)
{
	if (r->mmio)
		writew(v, r->mmio + reg);
	else
		outw(r->io + reg, v);
}

void rtl_w32(const struct rtl_regs *r, u16 reg, u32 v)
{
	if (r->mmio)
		writel(v, r->mmio + reg);
	else
		outl(r->io + reg, v);
}

int rtl_map_regs(struct pci_dev *pdev, struct rtl_regs *r, u64 min_size)
{
	int err = pci_enable_device(pdev);

	if (err)
		return err;
	pci_set_master(pdev);
	r->mmio = NULL;
	r->io = 0;
	for (int i = 0; i < (int)ARRAY_SIZE(pdev->bar); i++) {
		const struct pci_bar *b = &pdev->bar[i];

		if (b->is_io || b->size < min_size || !b->addr)
			continue;
		r->mmio = pci_ioremap_bar(pdev, i);
		if (r->mmio)
			return 0;
	}
	if (pdev->bar[0].is_io && pdev->bar[0].size >= min_size &&
	    pdev->bar[0].addr) {
		r->io = (u16)pdev->bar[0].addr;
		return 0;
	}
	return -ENODEV;
}

const char *rtl_regs_kind(const struct rtl_regs *r)
{
	return r->mmio ? "mmio" : "io";
}

int rtl_soft_reset(const struct rtl_regs *r)
{
	rtl_w8(r, RTL_CR, RTL_CR_RST);
	for (int i = 0; i < RTL_RESET_POLLS; i++) {
		if (!(rtl_r8(r, RTL_CR) & RTL_CR_RST))
			return 0;
		udelay(10);
	}
	return -ETIMEDOUT;
}

int rtl_read_mac(const struct rtl_regs *r, u8 *mac)
{
	for (int i = 0; i < ETH_ALEN; i++)
		mac[i] = rtl_r8(r, RTL_IDR0 + i);
	return is_valid_ether_addr(mac) ? 0 : -EADDRNOTAVAIL;
}

void rtl_cfg_unlock(const struct rtl_regs *r)
{
	rtl_w8(r, RTL_9346CR, RTL_9346CR_UNLOCK);
}

void rtl_cfg_lock(const struct rtl_regs *r)
{
	rtl_w8(r, RTL_9346CR, RTL_9346CR_LOCK);
}

/* [8139 DS IDR0-5; 8169 DS IDR0-5] Writable only with 4-byte accesses, unlocked. */
void rtl_write_mac(const struct rtl_regs *r, const u8 *mac)
{
	rtl_cfg_unlock(r);
	rtl_w32(r, RTL_IDR0, (u32)mac[0] | (u32)mac[1] << 8 |
		(u32)mac[2] << 16 | (u32)mac[3] << 24);
	rtl_w32(r, RTL_IDR0 + 4, (u32)mac[4] | (u32)mac[5] << 8);
	rtl_cfg_lock(r);
}

void rtl_link_report(struct net_device *dev, bool up, unsigned int mbps,
		     bool full_duplex)
{
	if (up) {
		if (netif_carrier_ok(dev))
			return;
		printk("%s: link up %u Mbps %s duplex\n", dev->name, mbps,
		       full_duplex ? "full" : "half");
		netif_carrier_on(dev);
	} else if (netif_carrier_ok(dev)) {
		printk("%s: link down\n", dev->name);
		netif_carrier_off(dev);
	}
}
