#!/usr/bin/env bash
# soak.sh - `make soak MINUTES=N`: Skiff under everything at once for N
# minutes (default 10), then its pools checked (issue 13 item 8).
#
# Skiff boots with -m 128 behind a tap in a private network namespace
# (Linux 10.0.0.1, Skiff 10.0.0.2) with httpd, iperf3, echo, discard,
# chargen and daytime. For the whole time, together:
#   iperf3 -c, one test after another (to the guest, then from it: -R);
#   ab -k -c 32 against httpd's dashboard page, run after run;
#   UDP datagrams into discard, 500 at a time every 0.1 s;
#   ping every 50 ms.
# Then the load stops and, once the connections have closed (TIME-WAIT
# is 2 s: tcp_msl=1s), Skiff must have: every skb freed, the stack's slab
# objects (sockets, files, request and timewait socks, routes) and
# /proc/net/sockstat back at what they were before the load, its
# memory back within what httpd's heap keeps, no panic, BUG or WARNING,
# and still answer ping and HTTP. Prints what each load did (iperf3
# Gbit/s, ab requests and failures, datagrams sent and counted, ping
# loss) and ends with "soak: N passed, N failed". Needs root.
#
# usage: tools/soak.sh [MINUTES] [NIC]	(NIC default virtio)
set -u
. "$(dirname "$0")/../tests/integration/lib.sh"

MINUTES=${1:-10}
NIC=${2:-virtio}
SECS=$((MINUTES * 60))
SKIFF=10.0.0.2
NS="skiff-soak-$$"
LOG="$LOGDIR/soak-$NIC.log"
SOCK="$ROOT/build/soak-$NIC.sock"
UDP="$ROOT/tests/integration/udp_peer.py"
TMP=$(mktemp -d)
trap 'cleanup; rm -rf "$TMP"' EXIT

nsx() { ip netns exec "$NS" "$@"; }

if ! [[ "$MINUTES" =~ ^[0-9]+$ ]] || [ "$MINUTES" -lt 1 ]; then
	echo "usage: tools/soak.sh [MINUTES] [NIC]" >&2
	exit 2
fi
netns_create "$NS" || { fail "namespace" "could not create $NS"; finish soak; exit 1; }
nsx sysctl -qw net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_tw_reuse=1
start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic "$NIC" \
	--mem 128M --append "ip=$SKIFF/24 ping=off tcp_msl=1s services=httpd,iperf3,echo,discard,chargen,daytime"
if ! wait_log "$LOG" 'httpd: listening on tcp port 80' 60 ||
   ! wait_log "$LOG" 'iperf3: listening' 30 || ! wait_log "$LOG" 'skiff> ' 30; then
	fail "$NIC: Skiff boots with the services" "no 'listening' lines"
	show_log "$LOG"
	finish soak
	exit 1
fi
pass "$NIC: Skiff boots with httpd, iperf3, echo, discard, chargen, daytime"
guest_baseline "$NS" "$SKIFF"
free0=$BASE_FREE
end=$((SECONDS + SECS))
echo "# soaking for $MINUTES min: iperf3, ab, a UDP flood and ping together"

(
	n=0 r=
	while [ $SECONDS -lt $end ]; do
		t=$((end - SECONDS))
		[ $t -gt 60 ] && t=60
		[ $t -lt 2 ] && break
		nsx timeout $((t + 30)) iperf3 -c "$SKIFF" -t "$t" -J $r >"$TMP/iperf3-$n.json" 2>/dev/null
		n=$((n + 1))
		if [ -z "$r" ]; then r=-R; else r=; fi
		sleep 1
	done
) &
IPERF_PID=$!
(
	n=0
	while [ $SECONDS -lt $end ]; do
		t=$((end - SECONDS))
		[ $t -lt 2 ] && break
		nsx timeout $((t + 60)) ab -q -k -c 32 -n 1000000 -t "$t" -s 30 \
			"http://$SKIFF/" >"$TMP/ab-$n.txt" 2>&1
		n=$((n + 1))
	done
) &
AB_PID=$!
(
	while [ $SECONDS -lt $end ]; do
		nsx timeout 30 /usr/bin/python3 "$UDP" flood "$SKIFF" 9 500 512 >>"$TMP/udp.txt" 2>&1
		sleep 0.1
	done
) &
UDP_PID=$!
nsx ping -q -i 0.05 -W 2 -w "$SECS" "$SKIFF" >"$TMP/ping.txt" 2>&1 &
PING_PID=$!
T_PIDS+=("$IPERF_PID" "$AB_PID" "$UDP_PID" "$PING_PID")
wait "$IPERF_PID" "$AB_PID" "$UDP_PID" "$PING_PID" 2>/dev/null

# What the load did.
gbits=$(cat "$TMP"/iperf3-*.json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
text, dec, out, pos = sys.stdin.read(), json.JSONDecoder(), [], 0
while pos < len(text):
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    try:
        obj, pos = dec.raw_decode(text, pos)
    except ValueError:
        break
    bps = obj.get("end", {}).get("sum_received", {}).get("bits_per_second")
    if bps:
        out.append(bps / 1e9)
print(len(out), "tests, median %.3f Gbit/s" % sorted(out)[len(out) // 2] if out else "0 tests")')
ab_done=$(awk '/^Complete requests:/ { s += $3 } END { print s + 0 }' "$TMP"/ab-*.txt 2>/dev/null)
ab_fail=$(awk '/^Failed requests:/ { s += $3 } END { print s + 0 }' "$TMP"/ab-*.txt 2>/dev/null)
udp_sent=$(awk '/^sent / { s += $2 } END { print s + 0 }' "$TMP/udp.txt")
loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' "$TMP/ping.txt")
echo "# iperf3: $gbits; ab: $ab_done requests, $ab_fail failed; UDP: $udp_sent datagrams sent; ping loss ${loss:-?}%"
case "$gbits" in
0*) fail "iperf3 ran through the soak" "$gbits" ;;
*) pass "iperf3 ran through the soak ($gbits)" ;;
esac
if [ "$ab_done" -gt 0 ] && [ "$ab_fail" -eq 0 ]; then
	pass "ab: $ab_done requests, none failed"
else
	fail "ab through the soak" "$ab_done requests, $ab_fail failed"
fi
if [ -n "$loss" ] && awk -v l="$loss" 'BEGIN { exit !(l < 5) }'; then
	pass "ping every 50 ms through the soak: ${loss}% lost"
else
	fail "ping through the soak" "loss '${loss:-?}%': $(tail -n2 "$TMP/ping.txt" | tr '\n' ' ')"
fi

# Quiescence, then the pools.
check_net_baseline "$BASE_SOCKSTAT" "$BASE_OBJECTS"
c=$(counters)
echo "# UDP: $(printf '%s\n' "$c" | grep -E '^Udp\.(InDatagrams|RcvbufErrors|MemErrors)=' | tr '\n' ' ')"
free1=$(guest_memfree)
echo "# MemFree: $free0 kB before, $free1 kB after"
if [ -n "$free1" ] && [ $((free0 - free1)) -lt 8192 ]; then
	pass "memory back within 8 MiB of the start (httpd's and iperf3's heaps keep their peaks): $free0 -> $free1 kB"
else
	fail "memory back" "MemFree $free0 -> '$free1' kB"
fi
if nsx ping -c 3 -i 0.2 -W 5 "$SKIFF" >/dev/null &&
   nsx curl -s --max-time 30 -o /dev/null -w '%{http_code}' "http://$SKIFF/" | grep -q 200; then
	pass "Skiff still answers ping and HTTP"
else
	fail "Skiff answers after the soak" "ping or HTTP failed"
fi
no_panic "no panic, BUG or WARNING in $MINUTES min"
finish soak
