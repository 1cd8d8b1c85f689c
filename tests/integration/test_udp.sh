#!/usr/bin/env bash
# UDP services from Linux, for one NIC model: Skiff (10.0.0.2) boots behind a
# tap in a namespace this test creates (Linux 10.0.0.1) with the UDP
# services, and Linux checks them: RFC 862 echo for every payload size from
# 1 to 1472 bytes and a fragmented 8000-byte one, ICMP port unreachable for
# a closed port (ECONNREFUSED on a connected socket), daytime and chargen
# answers, and 100,000 datagrams at full speed into discard, after which the
# kernel still answers ping and every datagram is accounted for, the drops
# also by reason (NO_SOCKET, SOCKET_RCVBUFF). Beside them run the two test
# services: sockettest (the socket calls from user mode over loopback, TAP
# lines in the log) and faulttest, which reads through NULL and must be
# ended alone while the kernel and the other services keep serving.
#
# usage: test_udp.sh [NIC]
set -u
. "$(dirname "$0")/lib.sh"

NIC=${1:-e1000}
NS="skiff-udp-$NIC-$$"
LOG="$LOGDIR/udp-$NIC.log"
SOCK="$ROOT/build/udp-$NIC.sock"
SKIFF=10.0.0.2
LINUX=10.0.0.1
FLOOD=100000
PEER="$ROOT/tests/integration/udp_peer.py"

nsx() { ip netns exec "$NS" "$@"; }
peer() { nsx timeout 300 /usr/bin/python3 "$PEER" "$@"; }

if ! netns_create "$NS"; then
	fail "create namespace $NS with a tap" "ip netns/tuntap failed"
	finish "udp-$NIC"
	exit 1
fi
start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff-test.elf" --nic "$NIC" \
	--append "ip=$SKIFF/24 gw=$LINUX services=echo,discard,chargen,daytime,faulttest,sockettest"

ready=1
for svc in "echo:7" "discard:9" "chargen:19" "daytime:13"; do
	wait_log "$LOG" "${svc%%:*}: listening on udp port ${svc#*:}" 60 || ready=0
done
if [ "$ready" = 1 ] && nsx ping -c 1 -W 5 "$SKIFF" >/dev/null; then
	pass "$NIC: Skiff boots with echo, discard, chargen and daytime listening"
else
	fail "$NIC: boot" "services not all listening, or no ping"
	show_log "$LOG" 40
	finish "udp-$NIC"
	exit 1
fi

if wait_log "$LOG" 'service faulttest \(pid [0-9]+\) killed: page fault' 30 &&
   grep -aq 'page fault at 0000000000000000' "$LOG"; then
	pass "$NIC: faulttest's NULL read is reported and ends faulttest alone"
else
	fail "$NIC: faulttest" "no fault report for faulttest"
fi
if wait_log "$LOG" 'sockettest: [0-9]+ passed, [0-9]+ failed' 120 &&
   grep -aqE 'sockettest: [0-9]+ passed, 0 failed' "$LOG"; then
	pass "$NIC: $(grep -aoE 'sockettest: [0-9]+ passed, 0 failed' "$LOG")"
else
	fail "$NIC: sockettest" "$(grep -aoE 'not ok .*|sockettest: [0-9]+ passed.*' "$LOG" | head -n 5 | tr '\n' ';')"
fi

out=$(peer echo "$SKIFF" 1-1472 2>&1)
if grep -q '^echo: 1472 ok, 0 failed' <<<"$out"; then
	pass "$NIC: echo returns every payload of 1..1472 bytes identical"
else
	fail "$NIC: echo 1..1472" "$(tr '\n' ' ' <<<"$out")"
fi
out=$(peer echo "$SKIFF" 8000,20000,65507 2>&1)
if grep -q '^echo: 3 ok, 0 failed' <<<"$out"; then
	pass "$NIC: echo returns fragmented 8000, 20000 and 65507-byte payloads identical"
else
	fail "$NIC: fragmented echo" "$(tr '\n' ' ' <<<"$out")"
fi

c0=$(counters)
out=$(peer refused "$SKIFF" 5555 2>&1)
check "$NIC: a closed port answers with ICMP port unreachable (ECONNREFUSED)" \
	test "$out" = refused
c1=$(counters)
d0=$(counter "$c0" Drop.NO_SOCKET); d1=$(counter "$c1" Drop.NO_SOCKET)
if [ -n "$d0" ] && [ -n "$d1" ] && [ $((d1 - d0)) -ge 1 ]; then
	pass "$NIC: the datagram to the closed port is dropped as NO_SOCKET (+$((d1 - d0)))"
else
	fail "$NIC: drop reason NO_SOCKET" "was ${d0:-?} then ${d1:-?}"
fi

out=$(peer daytime "$SKIFF" 2>&1)
if grep -qE '^[A-Z][a-z]+day, [A-Z][a-z]+ [0-9]{2}, [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}-UTC$' <<<"$out"; then
	pass "$NIC: daytime answers '$out'"
else
	fail "$NIC: daytime" "answer '$out'"
fi

out=$(peer chargen "$SKIFF" 50 2>&1)
if grep -qE '^chargen: 50 answers, .* 0 bad$' <<<"$out"; then
	pass "$NIC: chargen answers with 0..512 bytes of the RFC 864 pattern ($out)"
else
	fail "$NIC: chargen" "$out"
fi

# The flood. Every datagram Linux sends ends in exactly one place: dropped
# by the tap when QEMU does not read fast enough (tx_dropped of tap0),
# dropped by Skiff before UDP (NIC, backlog, IP), dropped by UDP
# (Udp.InErrors, which includes RcvbufErrors: the socket's queue was
# full) or read by discard (Udp.InDatagrams counts datagrams a socket
# read). Nothing else talks UDP meanwhile.
tapstat() { nsx cat "/sys/class/net/tap0/statistics/$1"; }
before=$(counters)
tap_drop0=$(tapstat tx_dropped)
out=$(peer flood "$SKIFF" 9 "$FLOOD" 64 2>&1)
sent=$(sed -n 's/^sent //p' <<<"$out")
sleep 3		# discard drains its queue
if nsx ping -c 3 -i 0.2 -W 2 "$SKIFF" >/dev/null; then
	pass "$NIC: Skiff answers ping right after $FLOOD datagrams into discard"
else
	fail "$NIC: ping after the flood" "no answer"
fi
after=$(counters)
tap_drop=$(( $(tapstat tx_dropped) - tap_drop0 ))
delta() { echo $(( $(counter "$after" "$1") - $(counter "$before" "$1") )); }
read_n=$(delta Udp.InDatagrams)
udp_drop=$(delta Udp.InErrors)
rcvbuf=$(delta Udp.RcvbufErrors)
# Frames, not events: rx_missed_errors counts the frames a NIC had no room
# for (its missed-packet register); rx_fifo/over_errors count overflow
# interrupts, one for many frames, and are left out of the sum.
pre_udp=$(( $(delta Dev.eth0.rx_dropped) + $(delta Dev.eth0.rx_missed_errors) +
	    $(delta Softnet.dropped) + $(delta Ip.InDiscards) ))
accounted=$((tap_drop + pre_udp + udp_drop + read_n))
detail="sent ${sent:-?}: tap dropped $tap_drop, Skiff dropped before UDP $pre_udp, UDP dropped $udp_drop (RcvbufErrors $rcvbuf), discard read $read_n"
# QEMU's RTL8139 model counts a frame as missed when its ring is full, then
# hands QEMU's queue the same frame again later: its missed counter may
# exceed the frames really lost, and only by that much may the sum exceed.
missed=$(delta Dev.eth0.rx_missed_errors)
excess=$((accounted - ${sent:-0}))
if [ -n "$sent" ] && [ "$sent" -eq "$FLOOD" ] &&
   { [ "$excess" -eq 0 ] || { [ "$NIC" = rtl8139 ] && [ "$excess" -gt 0 ] && [ "$excess" -le "$missed" ]; }; }; then
	pass "$NIC: every flood datagram accounted for ($detail)"
else
	fail "$NIC: flood accounting" "$detail = $accounted"
fi
# Each datagram the full socket could not take is one drop named SOCKET_RCVBUFF.
rcvbuf_reason=$(delta Drop.SOCKET_RCVBUFF)
if [ "$rcvbuf_reason" -eq "$rcvbuf" ]; then
	pass "$NIC: receive-buffer drops counted by reason (SOCKET_RCVBUFF +$rcvbuf_reason = RcvbufErrors)"
else
	fail "$NIC: drop reason SOCKET_RCVBUFF" "+$rcvbuf_reason, but RcvbufErrors +$rcvbuf"
fi
if wait_log "$LOG" 'discard: [0-9]+ datagrams, [0-9]+ bytes in the last' 15; then
	pass "$NIC: discard reports the traffic ($(grep -aoE 'discard: [0-9]+ datagrams[^(]*' "$LOG" | tail -n1))"
else
	fail "$NIC: discard report" "no summary line in 15 s"
fi
out=$(peer echo "$SKIFF" 100 2>&1)
check "$NIC: echo still answers after the flood" grep -q '^echo: 1 ok' <<<"$out"
if grep -aqE 'Kernel panic|BUG|service [a-z]+: crashed' "$LOG"; then
	fail "$NIC: no panic, no crash but faulttest's" "$(grep -aE -m1 'Kernel panic|BUG|crashed' "$LOG")"
else
	pass "$NIC: no panic, and no service crashed but faulttest"
fi

finish "udp-$NIC"
