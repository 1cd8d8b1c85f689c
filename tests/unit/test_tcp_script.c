/* test_tcp_script.c - the TCP state machine driven by the scripts in tests/unit/tcp_scripts/, each with the peer's frames linear, paged and chained. */
/* links: net */
#include "unit.h"
#include "tcp_script.h"
#include <net/netdevice.h>

#define SCRIPT_DIR "tests/unit/tcp_scripts/"
#define TSO_FEATURES	(NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_TSO)

/*
 * One unit test per script and layout of the injected frames, so each
 * passes or fails on its own line. TCP_SCRIPT_GRO is the linear and paged
 * part alone, for scripts whose bursts go through GRO: a chained frame
 * never merges (Linux's rule too), so those have no chained variant.
 */
#define TCP_SCRIPT_GRO(name)						\
	UNIT_TEST(tcp_script_##name)					\
	{								\
		tcp_script_run(SCRIPT_DIR #name ".pkt", NT_LINEAR);	\
	}								\
	UNIT_TEST(tcp_script_##name##_paged)				\
	{								\
		tcp_script_run(SCRIPT_DIR #name ".pkt", NT_PAGED);	\
	}

#define TCP_SCRIPT(name)						\
	TCP_SCRIPT_GRO(name)						\
	UNIT_TEST(tcp_script_##name##_chained)				\
	{								\
		tcp_script_run(SCRIPT_DIR #name ".pkt", NT_CHAINED);	\
	}								\
	UNIT_TEST(tcp_script_##name##_tso)				\
	{								\
		tcp_script_run_features(SCRIPT_DIR #name ".pkt", NT_LINEAR, \
					TSO_FEATURES);			\
	}

TCP_SCRIPT(passive_open_close)
TCP_SCRIPT(active_open_time_wait)
TCP_SCRIPT(simultaneous_open)
TCP_SCRIPT(simultaneous_close)
TCP_SCRIPT(rst_challenge)
TCP_SCRIPT(rst_to_no_socket)
TCP_SCRIPT(paws)
TCP_SCRIPT(rst_in_syn_sent)
TCP_SCRIPT(close_unread_rst)
TCP_SCRIPT(sack_generation)
TCP_SCRIPT(sack_recovery)
TCP_SCRIPT(newreno)
TCP_SCRIPT(rto_backoff)
TCP_SCRIPT(rto_give_up)
TCP_SCRIPT(zero_window_probe)
TCP_SCRIPT(delayed_ack)
TCP_SCRIPT(nagle)
TCP_SCRIPT(syncookies)
TCP_SCRIPT(window_scaling)
TCP_SCRIPT(keepalive)
TCP_SCRIPT(half_close)
TCP_SCRIPT(listener_close)
TCP_SCRIPT(pmtu)
TCP_SCRIPT(mss_clamp)
TCP_SCRIPT(rack_reo_timeout)
TCP_SCRIPT(rack_lost_retransmit)
TCP_SCRIPT(tlp)
TCP_SCRIPT(prr)
TCP_SCRIPT(frto)
TCP_SCRIPT(rto_collapse)
TCP_SCRIPT(limited_transmit)
TCP_SCRIPT(dsack_undo)
TCP_SCRIPT(listen_flags)
TCP_SCRIPT(syn_sent_flags)
TCP_SCRIPT(syn_recv_flags)

/*
 * A peer with MSS 536: TCP's bursts reach the device as GSO skbs (cut in
 * software for a device without TSO, by the device with it), and no
 * segment on the wire is larger (gso_mss_536.pkt checks each one).
 */
TCP_SCRIPT(gso_mss_536)

UNIT_TEST(tcp_script_gso_mss_536_reaches_a_tso_device_whole)
{
	EXPECT(tcp_script_run_features(SCRIPT_DIR "gso_mss_536.pkt", NT_LINEAR,
				       TSO_FEATURES) > 0);
}

TCP_SCRIPT_GRO(gro_aggregate)
TCP_SCRIPT_GRO(gro_rcv_mss)
TCP_SCRIPT_GRO(gro_ofo_sack)
