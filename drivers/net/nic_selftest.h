/*
 * The self-tests every NIC driver runs, registered with one macro in the
 * driver's file: a check of the device after probe, then real round trips
 * over QEMU's user network (slirp), which answers ARP for its gateway
 * 10.0.2.2.
 */
#ifndef _DRIVERS_NIC_SELFTEST_H
#define _DRIVERS_NIC_SELFTEST_H

#include <kernel/types.h>
#include <kernel/selftest.h>
#include <net/netdevice.h>

/* What a driver tells the shared tests about its device. */
struct nic_selftest {
	const char *name;	/* "e1000", in the log and the skip reason */
	/* The device is one of this driver's. */
	bool (*match)(const struct net_device *dev);
	/* Every skb handed to the driver has been reclaimed. */
	bool (*tx_idle)(const struct net_device *dev);
	/* The driver's ring invariants, checked while the device is up. */
	bool (*rings_ok)(const struct net_device *dev);
	/* The PHY reports link (NULL: the device has no PHY to wait for). */
	bool (*link_up)(const struct net_device *dev);
	/* The driver's own checks after probe, failing through st_ctx. */
	void (*check_probe)(struct selftest_ctx *st_ctx, struct net_device *dev);
	u32 burst;		/* requests in the burst test: past every ring */
};

/* Sleep in 10 ms steps until cond(arg) holds, at most ms; true if it did. */
bool nic_selftest_wait(bool (*cond)(const void *arg), const void *arg, u64 ms);

/* The first device nt->match takes, or NULL (with a note in the log). */
struct net_device *nic_selftest_find(const struct nic_selftest *nt);

/*
 * After probe: a valid MAC, the driver's check_probe, and link within a
 * few seconds. Skips without the device.
 */
void nic_selftest_probe(struct selftest_ctx *st_ctx, const struct nic_selftest *nt);

/*
 * Bring the device up if it is not (with reopen, take it down first if it
 * is up: ndo_stop and ndo_open once more), wait for carrier, send count
 * times "who-has 10.0.2.2 tell 10.0.2.15" through dev_queue_xmit, wait up
 * to 2 s for as many replies, and check the TX and RX counters moved as
 * much, the driver reclaimed everything and the skb pools are back at
 * their baseline. Leaves the device up or down as it found it; skips
 * without one.
 */
void nic_selftest_arp(struct selftest_ctx *st_ctx, const struct nic_selftest *nt,
		      bool reopen, u32 count);

/*
 * NIC_SELFTESTS(prefix, name, match, tx_idle, rings_ok, link_up,
 *		 check_probe, burst) registers a NIC's four self-tests, named
 * prefix_registers_after_probe (also part of the power-on self-test),
 * prefix_arp_roundtrip, prefix_close_reopen (ndo_stop frees everything
 * and ndo_open brings the device back) and prefix_arp_burst (burst
 * requests back to back: the queue stops and wakes, both rings wrap).
 * The other arguments fill struct nic_selftest; without the device, on
 * a machine or QEMU run that has none, the tests are skipped.
 */
#define NIC_SELFTESTS(prefix, nic_name, match_fn, tx_idle_fn, rings_ok_fn, \
		      link_up_fn, check_probe_fn, burst_count)		\
	static const struct nic_selftest prefix##_selftest = {		\
		.name = nic_name,					\
		.match = match_fn,					\
		.tx_idle = tx_idle_fn,					\
		.rings_ok = rings_ok_fn,				\
		.link_up = link_up_fn,					\
		.check_probe = check_probe_fn,				\
		.burst = burst_count,					\
	};								\
	POST_SELFTEST(prefix##_registers_after_probe)			\
	{								\
		nic_selftest_probe(st_ctx, &prefix##_selftest);		\
	}								\
	SELFTEST(prefix##_arp_roundtrip)				\
	{								\
		nic_selftest_arp(st_ctx, &prefix##_selftest, false, 1); \
	}								\
	SELFTEST(prefix##_close_reopen)					\
	{								\
		nic_selftest_arp(st_ctx, &prefix##_selftest, true, 1);	\
	}								\
	SELFTEST(prefix##_arp_burst)					\
	{								\
		nic_selftest_arp(st_ctx, &prefix##_selftest, false,	\
				 prefix##_selftest.burst);		\
	}

#endif
