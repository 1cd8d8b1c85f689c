/*
 * Self-test steps shared by the NIC drivers: a real round trip over QEMU's
 * user network (slirp), which answers ARP for its gateway 10.0.2.2.
 */
#ifndef _DRIVERS_NIC_SELFTEST_H
#define _DRIVERS_NIC_SELFTEST_H

#include <kernel/types.h>
#include <kernel/selftest.h>
#include <net/netdevice.h>

struct nic_selftest_ops {
	/* Every skb handed to the driver has been reclaimed. */
	bool (*tx_idle)(const struct net_device *dev);
	/* The driver's ring invariants, checked while the device is up. */
	bool (*rings_ok)(const struct net_device *dev);
};

/* Sleep in 10 ms steps until cond(arg) holds, at most ms; true if it did. */
bool nic_selftest_wait(bool (*cond)(const void *arg), const void *arg, u64 ms);

/*
 * Bring dev up if it is not (with reopen, take it down first if it is up:
 * ndo_stop and ndo_open once more), wait for carrier, send count times
 * "who-has 10.0.2.2 tell 10.0.2.15" through dev_queue_xmit, wait up to 2 s
 * for as many replies, and check the TX and RX counters moved as much,
 * the driver reclaimed everything and the skb pools are back at their
 * baseline. Leaves dev up or down as it found it; fails the calling test
 * through st_ctx.
 */
void nic_selftest_arp_roundtrip(struct selftest_ctx *st_ctx,
				struct net_device *dev,
				const struct nic_selftest_ops *ops, bool reopen,
				u32 count);

#endif
