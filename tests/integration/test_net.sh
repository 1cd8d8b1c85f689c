#!/usr/bin/env bash
# Network tests for one NIC model (e1000, virtio, ...): Skiff boots behind a
# tap inside a namespace this test creates (Linux 10.0.0.1, Skiff 10.0.0.2)
# and real Linux tools talk to it: ping of many sizes, a 1 ms ping flood,
# Skiff pinging Linux, ARP checked with scapy, malformed IPv4 dropped and
# counted (in the IP MIB and by drop reason) while ping keeps working, and
# the skb pools back at baseline.
#
# usage: test_net.sh NIC
set -u
. "$(dirname "$0")/lib.sh"

NIC=${1:-e1000}
NS="skiff-net-$NIC-$$"
LOG="$LOGDIR/net-$NIC.log"
SOCK="$ROOT/build/net-$NIC.sock"
SKIFF=10.0.0.2
LINUX=10.0.0.1
N=20		# malformed datagrams of each kind

nsx() { ip netns exec "$NS" "$@"; }

if ! netns_create "$NS"; then
	fail "create namespace $NS with a tap" "ip netns/tuntap failed"
	finish "net-$NIC"
	exit 1
fi
start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic "$NIC" \
	--append "ip=$SKIFF/24 gw=$LINUX ping=$LINUX ipfrag_time=3"

if wait_log "$LOG" "eth0: $SKIFF/24" 60 && wait_log "$LOG" '3 packets transmitted' 30 &&
   wait_log "$LOG" 'skiff> ' 30; then
	pass "$NIC: Skiff boots, configures eth0 and reports it"
else
	fail "$NIC: boot" "no eth0 configuration line"
	show_log "$LOG" 40
	finish "net-$NIC"
	exit 1
fi
check "$NIC: Skiff pings Linux (3 sent, 3 received)" \
	grep -aq '3 packets transmitted, 3 received, 0% packet loss' "$LOG"

base=$(counters)
base_heads=$(counter "$base" Skb.live_heads)
base_data=$(counter "$base" Skb.live_data)

for size in 0 56 1472 4000 20000; do
	if out=$(nsx ping -c 3 -i 0.2 -W 3 -s "$size" "$SKIFF" 2>&1) &&
	   grep -q ' 0% packet loss' <<<"$out"; then
		pass "$NIC: Linux pings Skiff with $size-byte payloads"
	else
		fail "$NIC: ping -s $size" "$(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi
done

out=$(nsx ping -q -c 1000 -i 0.001 -W 1 "$SKIFF" 2>&1)
loss=$(sed -nE 's/.* ([0-9.]+)% packet loss.*/\1/p' <<<"$out")
if [ -n "$loss" ] && awk -v l="$loss" 'BEGIN { exit !(l < 1) }'; then
	pass "$NIC: 1000 pings at 1 ms intervals lose under 1% ($loss%)"
else
	fail "$NIC: ping flood" "loss ${loss:-?}%: $(tail -n 2 <<<"$out" | tr '\n' ' ')"
fi

before=$(counters)
json=$(nsx /usr/bin/python3 "$ROOT/tests/integration/hostile_ipv4.py" tap0 "$SKIFF" "$LINUX" "$N" 2>&1)
jget() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2]))' "$json" "$1" 2>/dev/null; }
check "$NIC: ARP request for Skiff gets a correct reply (scapy)" test "$(jget arp_reply_ok)" = True
check "$NIC: ARP request for another address gets no reply" test "$(jget arp_other_silent)" = True
check "$NIC: a datagram with valid IP options is answered" test "$(jget options_answered)" = True
check "$NIC: ping still works after the malformed traffic" test "$(jget ping_after)" = True
sleep 5		# past ipfrag_time: the incomplete trains time out
after=$(counters)

# grew NAME MIN WHAT: the counter NAME rose by at least MIN across the
# malformed traffic.
grew() {
	local b a
	b=$(counter "$before" "$1"); a=$(counter "$after" "$1")
	if [ -n "$a" ] && [ -n "$b" ] && [ $((a - b)) -ge "$2" ]; then
		pass "$NIC: $3 dropped and counted ($1 +$((a - b)))"
	else
		fail "$NIC: $3 ($1)" "expected +$2, was ${b:-?} then ${a:-?}"
	fi
}
grew IpExt.InCsumErrors $N "bad header checksums"
grew Ip.InVersionErrors $N "wrong IP version"
grew Ip.InIhlErrors $N "IHL below 5"
grew IpExt.InTruncatedPkts $N "total length past the frame"
grew Ip.InLenErrors $N "total length below the header"
grew Ip.InOptionErrors $N "malformed options"
grew IpExt.ReasmOverlaps 1 "overlapping fragments"
grew Ip.ReasmTimeout $N "incomplete fragment trains (after ipfrag_time)"
# The same drops by reason (/proc/net/drop_reasons, the Drop group of stats):
# version, IHL, short total length and bad options are all IP_INHDR.
grew Drop.IP_CSUM $N "by reason: bad header checksums"
grew Drop.IP_INHDR $((4 * N)) "by reason: malformed headers"
grew Drop.PKT_TOO_SMALL $N "by reason: datagrams shorter than their total length"
grew Drop.FRAG_OVERLAP 2 "by reason: an overlapping fragment and the one it overlaps"
grew Drop.FRAG_REASM_TIMEOUT $N "by reason: fragments of incomplete trains"

heads=$(counter "$after" Skb.live_heads)
data=$(counter "$after" Skb.live_data)
# A leak shows as more skbs than at the baseline; fewer means something that
# was in flight then (a queued ARP resolution) has finished since.
if [ -n "$heads" ] && [ -n "$base_heads" ] && [ "$heads" -le "$base_heads" ] &&
   [ "$data" -le "$base_data" ]; then
	pass "$NIC: skb pools back at their baseline ($heads heads, $data data areas)"
else
	fail "$NIC: skb pools" "baseline $base_heads/$base_data, now $heads/$data"
fi
grep -aq 'Kernel panic\|BUG' "$LOG" && fail "$NIC: no panic in the log" "$(grep -a -m1 'panic\|BUG' "$LOG")"

finish "net-$NIC"
