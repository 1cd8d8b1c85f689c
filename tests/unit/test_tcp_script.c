/* test_tcp_script.c - the TCP state machine driven by the scripts in tests/unit/tcp_scripts/, each with the peer's frames linear, paged and chained, and what debug=tcp prints while they run. */
/* links: net */
#include <kernel/printk.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "tcp_script.h"
#include "nettest/nettest.h"
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

/*
 * TCP_SCRIPT_TRUESIZE: no chained variant either, for scripts that fill a
 * buffer or tcp_mem to the byte: a chained frame (a head and an skb on
 * its frag_list) has several times the truesize of its data, so it is
 * refused or collapsed where a linear or paged one fits.
 */
#define TCP_SCRIPT_TRUESIZE(name)					\
	TCP_SCRIPT_GRO(name)						\
	UNIT_TEST(tcp_script_##name##_tso)				\
	{								\
		tcp_script_run_features(SCRIPT_DIR #name ".pkt", NT_LINEAR, \
					TSO_FEATURES);			\
	}

#define TCP_SCRIPT(name)						\
	TCP_SCRIPT_TRUESIZE(name)					\
	UNIT_TEST(tcp_script_##name##_chained)				\
	{								\
		tcp_script_run(SCRIPT_DIR #name ".pkt", NT_CHAINED);	\
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
TCP_SCRIPT(zero_window_ack)
TCP_SCRIPT(sack_mss_fill)
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
TCP_SCRIPT(syn_retransmit)
TCP_SCRIPT(orphan_data)
TCP_SCRIPT(ack_drops)
TCP_SCRIPT(listen_overflow)
TCP_SCRIPT_TRUESIZE(data_drops)
TCP_SCRIPT(syn_ack_window)
TCP_SCRIPT_TRUESIZE(tcp_mem_limit)
TCP_SCRIPT(tcp_mem_send)
TCP_SCRIPT(cwnd_validation)

/*
 * debug=tcp (include/net/tcp_trace.h) while a script runs: the log holds
 * each line of want (NULL-terminated), and with the flag off nothing of TCP.
 */
static void script_traced(const char *name, const char *const *want)
{
	char path[128];

	snprintf(path, sizeof(path), SCRIPT_DIR "%s.pkt", name);
	trace_mask = 0;
	shim_printk_log_clear();
	tcp_script_run(path, NT_LINEAR);
	EXPECT_MSG(!strstr(shim_printk_log(), "tcp: "), "%s untraced printed: %s",
		   name, shim_printk_log());
	trace_mask = 1UL << TRACE_TCP;
	shim_printk_log_clear();
	tcp_script_run(path, NT_LINEAR);
	trace_mask = 0;
	for (; *want; want++)
		EXPECT_MSG(strstr(shim_printk_log(), *want) != NULL,
			   "%s: no \"%s\" in the log: %s", name, *want, shim_printk_log());
}

UNIT_TEST(debug_tcp_state_changes)
{
	static const char *const passive[] = {
		"tcp: 0.0.0.0:8080 > 0.0.0.0:0 CLOSE -> LISTEN\n",
		"tcp: 10.0.0.2:8080 > 10.0.0.1:40000 SYN_RECV -> ESTABLISHED\n",
		"tcp: 10.0.0.2:8080 > 10.0.0.1:40000 ESTABLISHED -> CLOSE_WAIT\n",
		"tcp: 10.0.0.2:8080 > 10.0.0.1:40000 CLOSE_WAIT -> LAST_ACK\n",
		"tcp: 10.0.0.2:8080 > 10.0.0.1:40000 LAST_ACK -> CLOSE\n", NULL };
	static const char *const simultaneous[] = {
		"CLOSE -> SYN_SENT\n", "SYN_SENT -> ESTABLISHED\n",
		"ESTABLISHED -> FIN_WAIT1\n", "FIN_WAIT1 -> CLOSING\n",
		"CLOSING -> TIME_WAIT\n", "TIME_WAIT -> CLOSE\n", NULL };

	script_traced("passive_open_close", passive);
	script_traced("simultaneous_close", simultaneous);
}

UNIT_TEST(debug_tcp_retransmissions_and_why)
{
	static const char *const rto[] = {
		"tcp: 10.0.0.2:8080 > 10.0.0.1:40000 RTO expired after 1000 ms "
		"(backoff 0, Open, cwnd 10, ssthresh 2147483647; 1 out, 0 sacked, 0 lost, "
		"0 retrans)\n",
		"RTO expired after 2000 ms (backoff 1, Loss, cwnd 1, ssthresh 7; 1 out, "
		"0 sacked, 1 lost, 1 retrans)\n",
		"len 100 (rto)\n", NULL };
	static const char *const tlp[] = { "len 1000 (tlp)\n", "len 1000 (rack)\n", NULL };
	static const char *const newreno[] = { "len 1000 (fast)\n", NULL };
	static const char *const syn[] = {
		"RTO expired after 1000 ms (backoff 0, Open, ",
		"; 1 out, 0 sacked, 0 lost, 0 retrans)\n", "retransmit seq ", " len 0 (syn)\n", NULL };
	static const char *const pmtu[] = { "(pmtu)\n", NULL };

	script_traced("rto_backoff", rto);
	script_traced("tlp", tlp);
	script_traced("newreno", newreno);
	script_traced("syn_retransmit", syn);
	script_traced("pmtu", pmtu);
}

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
