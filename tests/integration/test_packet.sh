#!/usr/bin/env bash
# AF_PACKET sockets with a Linux peer, for one NIC model: Skiff (10.0.0.2)
# boots the test image behind a tap in a namespace this test creates
# (Linux 10.0.0.1) and runs tests/programs/packettest: raw and datagram
# frames over lo, a filter compiled from a tcpdump expression,
# PACKET_STATISTICS with drops, a refused filter, epoll, the shell's
# capture command; then on eth0 a raw ARP request Linux must answer, and
# frames of EtherType 0x88b5 Linux sends (scapy) that a SOCK_DGRAM socket
# must receive. Linux's tcpdump on the tap checks that the raw ARP request
# left Skiff byte for byte as packettest built it.
#
# usage: test_packet.sh [NIC]
set -u
. "$(dirname "$0")/lib.sh"

NIC=${1:-e1000}
NS="skiff-packet-$NIC-$$"
LOG="$LOGDIR/packet-$NIC.log"
SOCK="$ROOT/build/packet-$NIC.sock"
TMP=$(mktemp -d)
trap 'cleanup; rm -rf "$TMP"' EXIT
SKIFF=10.0.0.2
LINUX=10.0.0.1

nsx() { ip netns exec "$NS" "$@"; }

if ! netns_create "$NS"; then
	fail "create namespace $NS with a tap" "ip netns/tuntap failed"
	finish "packet-$NIC"
	exit 1
fi
# (ip netns exec execs tcpdump: $! is tcpdump itself, stopped on exit.)
ip netns exec "$NS" tcpdump -i tap0 -n -U -w "$TMP/tap0.pcap" >"$TMP/tcpdump.log" 2>&1 &
T_PIDS+=("$!")
wait_log "$TMP/tcpdump.log" 'listening on tap0' 10 ||
	fail "tcpdump on tap0" "$(cat "$TMP/tcpdump.log")"
start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff-test.elf" --nic "$NIC" \
	--append "ip=$SKIFF/24 gw=$LINUX ping=off services=packettest"

# packettest asks for frames from Linux once its own checks are done.
if wait_log "$LOG" 'packettest: waiting for 0x88b5 frames on eth0' 180; then
	pass "$NIC: packettest reaches the eth0 checks"
	# Skiff's MAC, from the neighbour entry its ARP request left in Linux.
	mac=$(nsx ip neigh show "$SKIFF" dev tap0 | sed -n 's/.*lladdr \([0-9a-f:]*\).*/\1/p')
	nsx timeout 60 /usr/bin/python3 - "${mac:-ff:ff:ff:ff:ff:ff}" "$LOG" <<'PY'
import re, sys, time
from scapy.all import Ether, Raw, sendp
mac, log = sys.argv[1], sys.argv[2]
for i in range(60):          # every 0.5 s for up to 30 s, until packettest ends
    sendp(Ether(dst=mac, type=0x88b5) / Raw(b"from-linux-peer %d" % i), iface="tap0", verbose=False)
    with open(log, "rb") as f:
        if re.search(rb"packettest: \d+ passed", f.read()):
            break
    time.sleep(0.5)
PY
else
	fail "$NIC: packettest" "no 'waiting for 0x88b5' line"
	show_log "$LOG" 40
fi
if wait_log "$LOG" 'packettest: [0-9]+ passed, [0-9]+ failed' 60 &&
   grep -aqE 'packettest: [0-9]+ passed, 0 failed' "$LOG"; then
	pass "$NIC: $(grep -aoE 'packettest: [0-9]+ passed, 0 failed' "$LOG")"
else
	fail "$NIC: packettest" "$(grep -a '^not ok\|packettest: [0-9]* passed' "$LOG" | tr '\n' ' ' | cut -c1-800)"
fi

# The raw ARP request as Linux saw it: 60 bytes, our marker in the trailer.
sleep 1
frames=$(tshark -r "$TMP/tap0.pcap" -Y 'arp.opcode == 1 && frame contains "packettest-raw-arp"' \
	-T fields -e frame.len -e arp.src.proto_ipv4 -e arp.dst.proto_ipv4 2>/dev/null | sort -u)
if [ "$frames" = "$(printf '60\t%s\t%s' "$SKIFF" "$LINUX")" ]; then
	pass "$NIC: the raw ARP request reached Linux as built (60 bytes, who-has $LINUX tell $SKIFF)"
else
	fail "$NIC: raw ARP request on the wire" "tshark saw '$frames'"
fi
if ! grep -aqiE 'panic|page fault' "$LOG"; then
	pass "$NIC: no panic or fault in the log"
else
	fail "$NIC: kernel health" "$(grep -aiE 'panic|page fault' "$LOG" | head -3)"
fi
finish "packet-$NIC"
