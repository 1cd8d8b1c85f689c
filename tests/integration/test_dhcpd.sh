#!/usr/bin/env bash
# dhcpd, Skiff's DHCP server (services/dhcpd), on the LAN side of a
# two-NIC Skiff. eth0 is on tap0 (Skiff 10.0.0.2, Linux 10.0.0.1, where
# /api/stats is read); eth1 is on tap1 (Skiff 10.1.0.1/24), in a bridge
# with a veth to each LAN client's own namespace. dhcpd serves
# 10.1.0.100-10.1.0.102 with 20 s leases:
#  1. busybox udhcpc in c1 leases an address of the pool with the router,
#     DNS and lease time, pings Skiff with it, and renews it at T1;
#  2. udhcpc in c2 leases another address;
#  3. a crafted client (dhcp_peer.py, in c4) leases the third and
#     DECLINEs it;
#  4. udhcpc in c3 finds the pool exhausted: no offer, it gives up;
#  5. c1 releases its lease (SIGUSR2), and c3 now gets that address;
#  6. an INFORM is answered without a lease, an INIT-REBOOT for another
#     network is NAKed, one from an unknown client gets no answer, and
#     malformed messages are each counted and change nothing;
#  7. the shell's `dhcp leases` and `dhcp stats`, and /api/stats's
#     "dhcp_leases" and "dhcpd", show all of it; dhcpd never restarted.
#
# usage: test_dhcpd.sh [NIC]
set -u
. "$(dirname "$0")/lib.sh"

NIC=${1:-e1000}
NS="skiff-dhcpd-$$"
LOG="$LOGDIR/dhcpd-$NIC.log"
SOCK="$ROOT/build/dhcpd-$NIC.sock"
PEER="$ROOT/tests/integration/dhcp_peer.py"
EVENT="$ROOT/tests/integration/udhcpc_event.sh"
OUT="$LOGDIR/dhcpd-$NIC"
SKIFF=10.0.0.2
LAN=10.1.0.1
POOL_RE='10\.1\.0\.10[0-2]'
CMDLINE="ip=$SKIFF/24 ip.eth1=$LAN/24 ping=off dhcpd.eth1=10.1.0.100-10.1.0.102,lease=20,dns=10.1.0.53"

nsx() { ip netns exec "$NS" "$@"; }
quiet() { "$@" >/dev/null 2>&1; }
mac_of() { echo "02:00:00:00:01:0$1"; }

# The LAN: tap1 in bridge br0 of $NS, no address on the Linux side.
lan_create() {
	nsx ip tuntap add dev tap1 mode tap &&
	nsx ip link add br0 type bridge &&
	nsx ip link set tap1 master br0 &&
	nsx ip link set tap1 up &&
	nsx ip link set br0 up
}

# lan_client N: namespace $NS-cN whose lan0 (MAC mac_of N) is on the bridge.
lan_client() {
	local ns="$NS-c$1"
	ip netns add "$ns" || return 1
	T_NETNS+=("$ns")
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 &&
	ip netns exec "$ns" ip link set lo up &&
	nsx ip link add "veth$1" type veth peer name lan0 netns "$ns" &&
	nsx ip link set "veth$1" master br0 up &&
	ip netns exec "$ns" ip link set lan0 address "$(mac_of "$1")" up
}

# udhcpc_start N HOSTNAME UDHCPC-ARGS...: udhcpc in cN, in the background
# (stopped by the trap); its events go to $OUT-cN.events, its PID to UPID[N].
declare -A UPID
udhcpc_start() {
	local n=$1 host=$2
	shift 2
	UDHCPC_LOG="$OUT-c$n.events" ip netns exec "$NS-c$n" busybox udhcpc -f -i lan0 \
		-s "$EVENT" -x "hostname:$host" "$@" >>"$OUT-c$n.out" 2>&1 &
	UPID[$n]=$!
	T_PIDS+=("$!")
}

# bound_addr N: the address of cN's last "bound" event.
bound_addr() {
	sed -nE 's/^event bound ip=([0-9.]+) .*/\1/p' "$OUT-c$1.events" | tail -n1
}

# exited_within PID SECONDS: true once PID has exited (status in EXIT_STATUS).
exited_within() {
	local deadline=$((SECONDS + $2))
	while [ $SECONDS -lt $deadline ]; do
		if ! kill -0 "$1" 2>/dev/null; then
			wait "$1"
			EXIT_STATUS=$?
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# shell_run CMD REGEX FILE: type CMD on Skiff's console and read what it
# prints (at most 20 s) until a line matches REGEX (the command's last);
# FILE gets that output. The console socket stays connected until then: a
# client leaving QEMU's chardev socket while output flows can double a
# byte in the log file.
shell_run() {
	/usr/bin/python3 - "$SOCK" "$1" "$2" "$3" <<'PY'
import re, socket, sys, time
sock, cmd, pattern, path = sys.argv[1:]
s = socket.socket(socket.AF_UNIX)
s.connect(sock)
s.settimeout(0.2)
s.sendall(cmd.encode() + b"\r")
out, deadline = b"", time.time() + 20
while time.time() < deadline:
    try:
        out += s.recv(65536)
    except socket.timeout:
        pass
    text = out.decode(errors="replace").replace("\r", "")
    if re.search(pattern, text, re.M):
        open(path, "w").write(text)
        sys.exit(0)
open(path, "w").write(out.decode(errors="replace"))
sys.exit(1)
PY
}

# peer N MODE ARGS...: dhcp_peer.py in cN; its "ok"/"not ok" lines become checks.
peer() {
	local n=$1 line
	shift
	ip netns exec "$NS-c$n" timeout --kill-after=5 60 /usr/bin/python3 "$PEER" lan0 "$LAN" "$@" \
		>"$OUT-peer.out" 2>&1
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) pass "$NIC: ${line#ok - }" ;;
		"not ok - "*) fail "$NIC: ${line#not ok - }" "see $OUT-peer.out and $LOG" ;;
		esac
	done <"$OUT-peer.out"
	grep -qE '^(not )?ok - ' "$OUT-peer.out" || [ "$1" = decline ] ||
		fail "$NIC: dhcp_peer.py $*" "no result: $(tail -n1 "$OUT-peer.out")"
}

rm -f "$OUT"-*
if ! netns_create "$NS" || ! lan_create; then
	fail "$NIC: namespaces, taps and the LAN bridge" "ip netns/tuntap/link failed"
	finish "dhcpd-$NIC"
	exit 1
fi
for n in 1 2 3 4; do
	lan_client "$n" || { fail "$NIC: LAN client namespace c$n" "ip netns/link failed"; finish "dhcpd-$NIC"; exit 1; }
done
start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic "$NIC" \
	--net2 tap:tap1 --append "$CMDLINE"
re='dhcpd: eth1 serving 10\.1\.0\.100-10\.1\.0\.102 \(3 addresses\), lease 20 s, router 10\.1\.0\.1, dns 10\.1\.0\.53'
if wait_log "$LOG" "$re" 90 && wait_log "$LOG" 'service shell: started' 30; then
	pass "$NIC: $(grep -aoE "$re" "$LOG")"
else
	fail "$NIC: dhcpd starts on eth1" "no 'serving' line in 90 s"
	show_log "$LOG" 30
	finish "dhcpd-$NIC"
	exit 1
fi

# 1. A lease, used, then renewed at T1 (10 s).
udhcpc_start 1 alpha -t 5 -T 3
if wait_log "$OUT-c1.events" "^event bound ip=$POOL_RE mask=24 router=$LAN dns=10\.1\.0\.53 lease=20 serverid=$LAN" 60; then
	A1=$(bound_addr 1)
	pass "$NIC: udhcpc in c1: $(grep -a '^event bound' "$OUT-c1.events" | tail -n1)"
else
	fail "$NIC: c1's lease" "no bound event with the pool's address, router, dns and lease in 60 s"
	tail -n 5 "$OUT-c1.out" | sed 's/^/# udhcpc: /'
	show_log "$LOG" 20
	finish "dhcpd-$NIC"
	exit 1
fi
check "$NIC: c1 pings Skiff's LAN address from $A1" quiet ip netns exec "$NS-c1" ping -c 3 -i 0.2 -W 3 "$LAN"
if wait_log "$OUT-c1.events" "^event renew ip=$A1 " 40 &&
   wait_log "$LOG" "dhcpd: eth1 DHCPACK $A1 to $(mac_of 1) \(alpha\), lease 20 s \(renewal\)" 10; then
	pass "$NIC: c1 renews $A1 at T1 (unicast DHCPREQUEST, DHCPACK)"
else
	fail "$NIC: renewal" "no renew event or no '(renewal)' DHCPACK in Skiff's log"
	show_log "$LOG" 15
fi

# 2. Another client, another address.
udhcpc_start 2 beta -t 5 -T 3
if wait_log "$OUT-c2.events" "^event bound ip=$POOL_RE " 60 && A2=$(bound_addr 2) && [ "$A2" != "$A1" ]; then
	pass "$NIC: c2 leases $A2, not c1's $A1"
else
	fail "$NIC: c2's lease" "no bound event, or the same address as c1 ($A1)"
	A2=none
fi

# 3. The third address, leased and declined by a crafted client.
peer 4 decline
A3=$(sed -n 's/^declined //p' "$OUT-peer.out")
if [ -n "$A3" ] && wait_log "$LOG" "DHCPDECLINE of $A3 from $(mac_of 4): in use on the link, out of the pool for 600 s" 20; then
	pass "$NIC: DHCPDECLINE of $A3 takes it out of the pool"
else
	fail "$NIC: DHCPDECLINE" "not logged by dhcpd (declined '${A3:-nothing}')"
fi

# 4. Nothing left for c3.
udhcpc_start 3 gamma -n -t 3 -T 2
if exited_within "${UPID[3]}" 60 && [ "$EXIT_STATUS" -ne 0 ] && ! grep -q '^event bound' "$OUT-c3.events" 2>/dev/null &&
   grep -aq "dhcpd: eth1 DHCPDISCOVER from $(mac_of 3): no free address in the pool (3 addresses)" "$LOG"; then
	pass "$NIC: pool exhausted: no offer to c3, udhcpc gives up (status $EXIT_STATUS)"
else
	fail "$NIC: pool exhaustion" "udhcpc in c3 status ${EXIT_STATUS:-still running}, or no 'no free address' line"
fi

# 5. c1 lets its address go; c3 gets it.
# The release is one unicast datagram that nobody retransmits: c1's path
# to Skiff (its neighbour entry) is made fresh first.
ip netns exec "$NS-c1" ping -c 1 -W 5 10.1.0.1 >/dev/null 2>&1
kill -USR2 "${UPID[1]}"
if wait_log "$LOG" "dhcpd: eth1 DHCPRELEASE of $A1 from $(mac_of 1)" 20; then
	pass "$NIC: c1 releases $A1"
else
	fail "$NIC: DHCPRELEASE" "not logged by dhcpd; c1: $(tail -n 3 "$OUT-c1.out" | tr '\n' ' '); c1's neighbours: $(ip netns exec "$NS-c1" ip neigh show | tr '\n' ' ')"
fi
udhcpc_start 3 gamma -n -t 5 -T 3
if wait_log "$OUT-c3.events" "^event bound ip=$A1 " 60; then
	pass "$NIC: c3 leases the released $A1"
else
	fail "$NIC: the released address for c3" "c3 bound '$(bound_addr 3)', not $A1"
fi

# 6. What udhcpc never sends.
renews_before=$(grep -c "^event renew ip=$A2 " "$OUT-c2.events")
quiet ip netns exec "$NS-c4" ip addr add 10.1.0.50/24 dev lan0
peer 4 inform 10.1.0.50
peer 4 nak
peer 4 silent 10.1.0.99
peer 4 hostile 10.1.0.50

# 7. What the shell and the dashboard show.
if shell_run "dhcp leases" '^[0-9]+ addresses known, [0-9]+ bound$' "$OUT-leases.txt"; then
	sed 's/^/# /' "$OUT-leases.txt" | grep -aE '^# (eth1|IFACE|[0-9]+ addr)'
	ok=1
	grep -aqE "^eth1 +$A1 +$(mac_of 3) +bound +in [0-9]+s +gamma$" "$OUT-leases.txt" || ok=0
	grep -aqE "^eth1 +$A2 +$(mac_of 2) +bound +in [0-9]+s +beta$" "$OUT-leases.txt" || ok=0
	grep -aqE "^eth1 +$A3 +$(mac_of 4) +declined +in [0-9]+m[0-9]+s +crafted$" "$OUT-leases.txt" || ok=0
	check "$NIC: 'dhcp leases' shows $A1 (gamma) and $A2 (beta) bound, $A3 declined" test "$ok" = 1
else
	fail "$NIC: dhcp leases" "no output in 20 s"
fi
# stats_wrong: which counters of $OUT-stats.txt are below what the test sent.
stats_wrong() {
	local c v bad=
	for c in drop_short drop_not_request drop_hwtype drop_no_cookie drop_no_type \
		 drop_bad_type drop_relayed drop_oversize truncated_options \
		 no_address addrs_declined leases_released unknown_client tx_nak; do
		v=$(sed -nE "s/.* $c=([0-9]+).*/\1/p" "$OUT-stats.txt" | head -n1)
		case $c in
		drop_*|truncated_*) [ "${v:-0}" -ge 5 ] || bad+=" $c=$v" ;;
		*) [ "${v:-0}" -ge 1 ] || bad+=" $c=$v" ;;
		esac
	done
	echo "$bad"
}
# dhcpd writes its counters at most once a second: ask until they are there (10 s).
for try in 1 2 3 4 5 6 7 8 9 10; do
	shell_run "dhcp stats" '^Dhcpd: .*\n' "$OUT-stats.txt" || true
	bad=$(stats_wrong)
	[ -z "$bad" ] && break
	sleep 1
done
check "$NIC: 'dhcp stats' counts each malformed message by name, the NAK, the decline${bad:+ (wrong:$bad)}" \
	test -z "$bad"
grep -aoE '^Dhcpd: .*' "$OUT-stats.txt" | sed 's/^/# /'
if nsx curl -s --max-time 20 "http://$SKIFF/api/stats" >"$OUT-stats.json"; then
	res=$(/usr/bin/python3 - "$OUT-stats.json" "$A1" "$A2" "$A3" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
leases = {l["addr"]: l for l in st.get("dhcp_leases", [])}
want = {sys.argv[2]: ("bound", "gamma", "02:00:00:00:01:03"),
        sys.argv[3]: ("bound", "beta", "02:00:00:00:01:02"),
        sys.argv[4]: ("declined", "crafted", "02:00:00:00:01:04")}
bad = [a for a, (state, host, mac) in want.items()
       if a not in leases or leases[a]["state"] != state or leases[a]["hostname"] != host
       or leases[a]["mac"] != mac or leases[a]["dev"] != "eth1"
       or not 0 <= leases[a]["expires_in"] <= (600 if state == "declined" else 20)]
d = st.get("dhcpd", {})
svc = [s for s in st.get("services", []) if s["name"] == "dhcpd"]
if d.get("rx_discover", 0) < 4 or d.get("tx_ack", 0) < 4:
    bad.append("counters %s" % d)
if not svc or svc[0]["state"] != "running" or svc[0]["restarts"] != 0:
    bad.append("service %s" % svc)
print("ok" if not bad else "bad: %s" % bad)
PY
)
	check "$NIC: /api/stats has the leases in \"dhcp_leases\", counters in \"dhcpd\", dhcpd running, never restarted ($res)" \
		test "$res" = ok
else
	fail "$NIC: /api/stats" "curl http://$SKIFF/api/stats failed"
fi
# c2 renews every 10 s (T1): one more renewal since step 6 began.
deadline=$((SECONDS + 30))
while [ "$(grep -c "^event renew ip=$A2 " "$OUT-c2.events")" -le "$renews_before" ] &&
      [ $SECONDS -lt $deadline ]; do
	sleep 0.5
done
if [ "$(grep -c "^event renew ip=$A2 " "$OUT-c2.events")" -gt "$renews_before" ]; then
	pass "$NIC: c2 still renews $A2 after all of it"
else
	fail "$NIC: c2's renewal" "no renew event for $A2 in 30 s since step 6"
fi
if grep -aqE 'Kernel panic|BUG|service dhcpd: (crashed|failed)' "$LOG"; then
	fail "$NIC: no panic, dhcpd never crashed" "$(grep -ahE -m1 'Kernel panic|BUG|service dhcpd' "$LOG")"
else
	pass "$NIC: no panic, dhcpd never crashed"
fi

finish "dhcpd-$NIC"
