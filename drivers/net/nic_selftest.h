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
#include "nic_common.h"

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

/*
 * Ask for QEMU's user-network gateway 10.0.2.2 from 10.0.2.15 on dev (up,
 * with carrier): true, with its MAC in mac, when it answered within 2 s.
 */
bool nic_selftest_gateway(struct net_device *dev, u8 *mac);

/* "who-has 10.0.2.2 tell 10.0.2.15" from dev, ready for a transmit; NULL when memory is short. */
struct sk_buff *nic_selftest_arp_request(struct net_device *dev);

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

/* What a NIC with TCP offloads tells the offload self-tests. */
struct nic_offload_selftest {
	const struct nic_selftest *nic;
	/* The driver's offload counters, now. */
	void (*offload_stats)(const struct net_device *dev, struct nic_offload_stats *out);
	/* The device (as QEMU models it) verifies received TCP/UDP checksums. */
	bool rx_csum;
	/*
	 * Its TSO frames reach the wire as TCP segments. QEMU before 8.0
	 * models the 82574L's segmentation, when the backend takes no vnet
	 * header (slirp), as IP fragments of one segment.
	 */
	bool tso_segments;
};

/*
 * A TCP segmentation skb (tso) or one segment with its TCP checksum left
 * to the device, to a closed port of slirp's gateway (see
 * nic_selftest_offload.c): every segment must come back acknowledged by a
 * RST exactly once (see tso_segments), the driver's tx_tso or tx_csum count it, the RSTs it
 * marked CHECKSUM_UNNECESSARY match its rx_csum_good (all of them when
 * nt->rx_csum), and the skb pools end at their baseline. Skipped without
 * the device or with the offload switched off.
 */
void nic_selftest_tcp_offload(struct selftest_ctx *st_ctx,
			      const struct nic_offload_selftest *nt, bool tso);

/*
 * NIC_OFFLOAD_SELFTESTS(prefix, stats_fn, rx_csum, tso_segments) registers
 * prefix_tso_segments and prefix_csum_offload for the NIC that
 * NIC_SELFTESTS(prefix, ...) registered in the same file.
 */
#define NIC_OFFLOAD_SELFTESTS(prefix, stats_fn, rx_csum_verified, segments) \
	static const struct nic_offload_selftest prefix##_offload_selftest = { \
		.nic = &prefix##_selftest,				\
		.offload_stats = stats_fn,				\
		.rx_csum = rx_csum_verified,				\
		.tso_segments = segments,				\
	};								\
	SELFTEST(prefix##_tso_segments)					\
	{								\
		nic_selftest_tcp_offload(st_ctx, &prefix##_offload_selftest, true); \
	}								\
	SELFTEST(prefix##_csum_offload)					\
	{								\
		nic_selftest_tcp_offload(st_ctx, &prefix##_offload_selftest, false); \
	}

#endif
