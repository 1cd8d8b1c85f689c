#!/usr/bin/env bash
# test_router.sh - the router appliance (docs/router.md): Skiff booted with
# the ISO's "router" command line (read from iso/grub.cfg) and its ruleset
# iso/router.nft as the boot module, eth0 on the LAN and eth1 on the WAN,
# each a tap in a namespace of this test:
#   WAN (namespace W, 203.0.113.1/24 on tap1): busybox udhcpd leases Skiff
#       its uplink address; a web server and a peer server are the Internet.
#   LAN (namespace L, tap0): busybox udhcpc leases an address from Skiff's
#       dhcpd and routes through Skiff.
# From the LAN: ping and curl reach W, which sees Skiff's WAN address as the
# source (masquerade), and the dashboard shows the ruleset with its counters
# and the conntrack table (/api/firewall). From the WAN: Skiff's dashboard
# (on both its addresses), its echo service and a connection into the LAN
# all get nowhere, and the drop rules' counters in `nft list ruleset` grew.
#
# usage: tests/integration/test_router.sh [NIC]  (root: namespaces and taps)
# Ends with "router: N passed, N failed". About 35 s under TCG on an idle
# machine.
set -u
. "$(dirname "$0")/lib.sh"

NIC=${1:-e1000}
L=skiff-rtl-$$
W=skiff-rtw-$$
LOG=$LOGDIR/router.log
SOCK=$LOGDIR/router.sock
OUT=$LOGDIR/router
PEER="/usr/bin/python3 $ROOT/tests/integration/nat_peer.py"
EVENT="$ROOT/tests/integration/udhcpc_event.sh"
WAN_GW=203.0.113.1
WAN_POOL_RE='203\.0\.113\.(1[0-9]|20)'
LAN_RE='192\.168\.1\.(1[0-9][0-9])'

[ "$(id -u)" = 0 ] || { echo "router: needs root (network namespaces)"; echo "router: 0 passed, 1 failed"; exit 1; }

inL() { ip netns exec "$L" "$@"; }
inW() { ip netns exec "$W" "$@"; }
quiet() { "$@" >/dev/null 2>&1; }
# bg_in NS CMD...: CMD in namespace NS in the background; ip netns exec
# execs it, so the PID stopped on exit is the command's own.
bg_in() { local ns=$1; shift; ip netns exec "$ns" "$@" & T_PIDS+=("$!"); }
# serving NS ADDR PORT: wait (10 s at most) until a TCP server listens there.
serving() {
	local deadline=$((SECONDS + 10))
	while [ $SECONDS -lt $deadline ]; do
		ip netns exec "$1" ss -Hltn "src $2 and sport = :$3" | grep -q LISTEN && return 0
		sleep 0.2
	done
	return 1
}

# The router entry's kernel command line, as the ISO boots it.
CMDLINE=$(sed -n '/^menuentry "Skiff router/,/^}/s|^\s*multiboot2 /boot/skiff.elf ||p' "$ROOT/iso/grub.cfg")
if [ -z "$CMDLINE" ]; then
	fail "iso/grub.cfg has the router entry" "no 'menuentry \"Skiff router' with a multiboot2 line"
	finish router
	exit 1
fi
pass "the router entry's command line: $CMDLINE"

# rule_counter TEXT: packets of the first rule of `nft list ruleset` holding TEXT.
rule_counter() {
	sh_run "nft list ruleset" | grep -F -- "$1" | head -n1 | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}

rm -rf "$OUT"-*
# L holds QEMU and both taps; tap1 moves to W once QEMU has it open.
if ! netns_create "$L" || ! inL ip addr flush dev tap0 || ! inL ip tuntap add dev tap1 mode tap ||
   ! ip netns add "$W"; then
	fail "namespaces and taps" "ip netns/tuntap failed"
	finish router
	exit 1
fi
T_NETNS+=("$W")
inW sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
inW ip link set lo up

start_qemu_netns "$L" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic "$NIC" \
	--net2 tap:tap1 --initrd "$ROOT/iso/router.nft nft" --append "$CMDLINE"
if wait_log "$LOG" "nft: boot ruleset '.*' loaded" 60; then
	pass "iso/router.nft loaded at boot: $(grep -aoE "nft: boot ruleset '.*' loaded.*" "$LOG" | head -n1)"
else
	fail "the router ruleset loads at boot" "no 'nft: boot ruleset ... loaded' line"
	show_log "$LOG"
	finish router
	exit 1
fi

# ---- the WAN: tap1 into W, udhcpd leasing Skiff its uplink address ----
inL ip link set tap1 netns "$W"
inW ip addr add "$WAN_GW/24" dev tap1
inW ip link set tap1 up
cat >"$OUT-udhcpd.conf" <<EOF
start 203.0.113.10
end 203.0.113.20
max_leases 11
interface tap1
lease_file $OUT-udhcpd.leases
pidfile $OUT-udhcpd.pid
option subnet 255.255.255.0
option router $WAN_GW
option lease 600
EOF
: >"$OUT-udhcpd.leases"
bg_in "$W" busybox udhcpd -f "$OUT-udhcpd.conf" >"$OUT-udhcpd.out" 2>&1
# dhcpc retries at about 4, 12 and 28 s, and the service manager restarts it.
BOUND_RE="dhcpc: eth1 [a-z]+ $WAN_POOL_RE/24 from $WAN_GW, router $WAN_GW"
if wait_log "$LOG" "$BOUND_RE" 90; then
	line=$(grep -aoE "$BOUND_RE.*" "$LOG" | head -n1)
	WAN=$(grep -oE "$WAN_POOL_RE" <<<"$line" | head -n1)
	pass "Skiff's eth1 leases $WAN from udhcpd in the WAN namespace: $line"
else
	fail "Skiff's uplink lease" "no dhcpc line with an address of 203.0.113.10-20 in 90 s"
	show_log "$LOG" 30
	tail -n 5 "$OUT-udhcpd.out" | sed 's/^/# udhcpd: /'
	finish router
	exit 1
fi

# ---- the LAN: a lease from Skiff's dhcpd ----
UDHCPC_LOG="$OUT-lan.events" bg_in "$L" busybox udhcpc -f -i tap0 -s "$EVENT" -x hostname:laptop \
	-t 5 -T 3 >"$OUT-lan.out" 2>&1
if wait_log "$OUT-lan.events" "^event bound ip=$LAN_RE mask=24 router=192\.168\.1\.1 " 60; then
	ADDR=$(sed -nE 's/^event bound ip=([0-9.]+) .*/\1/p' "$OUT-lan.events" | tail -n1)
	pass "the LAN client leases $ADDR from Skiff's dhcpd, router 192.168.1.1"
else
	fail "the LAN client's lease" "no bound event with 192.168.1.1xx and router 192.168.1.1 in 60 s"
	tail -n 5 "$OUT-lan.out" | sed 's/^/# udhcpc: /'
	show_log "$LOG" 20
	finish router
	exit 1
fi
inL ip route add default via 192.168.1.1
# A web server in the LAN, for the WAN to try later.
mkdir -p "$OUT-lanroot"
bg_in "$L" /usr/bin/python3 -m http.server 8080 --bind "$ADDR" --directory "$OUT-lanroot" >"$OUT-lanhttp.out" 2>&1
LANHTTP=$!

# ---- LAN -> WAN, masqueraded ----
ip netns exec "$W" timeout 30 tcpdump -n -l -i tap1 -c 3 "icmp[icmptype] == icmp-echo" >"$OUT-tcpdump.txt" 2>"$OUT-tcpdump.err" &
TCPDUMP=$!
T_PIDS+=("$TCPDUMP")
wait_log "$OUT-tcpdump.err" "listening on tap1" 10 || fail "tcpdump in the WAN" "not listening in 10 s"
check "ping LAN -> WAN through the router" quiet inL ping -c 3 -i 0.3 -W 2 "$WAN_GW"
wait "$TCPDUMP"
srcs=$(awk '/ICMP echo request/ { print $3 }' "$OUT-tcpdump.txt" | sort -u | tr '\n' ' ')
check "the WAN sees the echo requests from Skiff's WAN address ($srcs)" test "$srcs" = "$WAN "

(cd "$LOGDIR" && exec ip netns exec "$W" /usr/bin/python3 -m http.server 8000 --bind "$WAN_GW" \
	>"$OUT-http.out" 2>&1) &
T_PIDS+=("$!")
bg_in "$W" $PEER peer-server "$WAN_GW" 7001
serving "$W" "$WAN_GW" 8000 && serving "$W" "$WAN_GW" 7001 ||
	fail "the WAN's servers listen" "nothing on $WAN_GW:8000 or :7001 in 10 s"
check "curl LAN -> a web server in the WAN" quiet inL curl -s --max-time 20 -o /dev/null "http://$WAN_GW:8000/"
seen=$(awk '/"GET \/ HTTP/ { print $1 }' "$OUT-http.out" | sort -u | tr '\n' ' ')
check "and the web server logs the request from $WAN ($seen)" test "$seen" = "$WAN "
seen=$(inL $PEER peer-client "$WAN_GW" 7001 2>&1)
check "a TCP server in the WAN sees the LAN's connection from $WAN ($seen)" test "$seen" = "$WAN"
ct=$(sh_run "cat /proc/net/nf_conntrack")
check "conntrack holds the LAN's connection, replied to $WAN" \
	grep -qE "tcp +6 .* src=$ADDR dst=$WAN_GW sport=[0-9]+ dport=7001 src=$WAN_GW dst=$WAN " <<<"$ct"

# ---- the dashboard, from the LAN ----
if inL curl -s --max-time 20 -o "$OUT-firewall.json" "http://192.168.1.1/api/firewall"; then
	res=$(/usr/bin/python3 - "$OUT-firewall.json" "$ADDR" "$WAN" <<'PY'
import json, re, sys
fw = json.load(open(sys.argv[1]))
rs, ct = fw.get("ruleset") or "", fw.get("conntrack") or []
bad = []
if not re.search(r'oifname "eth1" masquerade', rs):
    bad.append("no masquerade rule")
if not re.search(r'iifname "eth1" counter packets \d+ bytes \d+ drop', rs):
    bad.append("no counted eth1 drop rule")
if not any("src=%s " % sys.argv[2] in l and "dst=%s " % sys.argv[3] in l for l in ct):
    bad.append("no conntrack line from %s replied to %s in %d lines" % (sys.argv[2], sys.argv[3], len(ct)))
print("ok" if not bad else "bad: %s" % bad)
PY
)
	check "/api/firewall from the LAN: the ruleset with counters, the LAN's connections in conntrack ($res)" \
		test "$res" = ok
else
	fail "/api/firewall from the LAN" "curl http://192.168.1.1/api/firewall failed"
fi
leases=$(sh_run "dhcp leases")
check "the shell's 'dhcp leases' shows the LAN client" \
	grep -qE "^eth0 +$ADDR +02:|^eth0 +$ADDR .* laptop$" <<<"$leases"

# ---- WAN -> Skiff and WAN -> LAN: nothing new gets in ----
inW ip route add 192.168.1.0/24 via "$WAN"
serving "$L" "$ADDR" 8080 ||
	fail "the LAN's web server listens" "nothing on $ADDR:8080: $(ps -o pid,stat,etime,args -p "$LANHTTP" | tail -n +2); $(tail -n 2 "$OUT-lanhttp.out" | tr '\n' ' ')"
check "the LAN's own web server answers on the LAN" quiet inL curl -s --max-time 20 -o /dev/null "http://$ADDR:8080/"
in0=$(rule_counter 'iifname "eth1" counter packets')
inW curl -s --max-time 3 -o /dev/null "http://$WAN/"; r1=$?
inW curl -s --max-time 3 -o /dev/null "http://192.168.1.1/"; r2=$?
inW nc -z -w 3 "$WAN" 7; r3=$?
inW ping -c 2 -i 0.3 -W 1 "$WAN" >/dev/null 2>&1; r4=$?
in1=$(rule_counter 'iifname "eth1" counter packets')
check "WAN -> Skiff's dashboard on $WAN (curl rc $r1) and on 192.168.1.1 (rc $r2) times out: dropped" \
	test "$r1" -eq 28 -a "$r2" -eq 28
check "WAN -> Skiff's echo port (nc rc $r3) and ping (rc $r4) get nothing" test "$r3" -ne 0 -a "$r4" -ne 0
check "the input chain's eth1 drop rule counted them (${in0:-?} -> ${in1:-?})" \
	test -n "$in1" -a "$((${in1:-0} - ${in0:-0}))" -ge 6
fw0=$(sh_run "nft list ruleset" | sed -n '/chain forward/,/}/p' | grep -F 'iifname "eth1" counter' | sed -n 's/.*packets \([0-9]*\).*/\1/p')
inW curl -s --max-time 3 -o /dev/null "http://$ADDR:8080/"; r5=$?
inW ping -c 2 -i 0.3 -W 1 "$ADDR" >/dev/null 2>&1; r6=$?
fw1=$(sh_run "nft list ruleset" | sed -n '/chain forward/,/}/p' | grep -F 'iifname "eth1" counter' | sed -n 's/.*packets \([0-9]*\).*/\1/p')
check "WAN -> the LAN's web server (curl rc $r5) and ping (rc $r6): dropped" test "$r5" -eq 28 -a "$r6" -ne 0
check "the forward chain's eth1 drop rule counted them (${fw0:-?} -> ${fw1:-?})" \
	test -n "$fw1" -a "$((${fw1:-0} - ${fw0:-0}))" -ge 3
check "the LAN still reaches the WAN afterwards" quiet inL curl -s --max-time 20 -o /dev/null "http://$WAN_GW:8000/"
sh_run "nft list ruleset" | sed 's/^/# /'
check "no panic, no BUG, no service crashed" \
	bash -c "! grep -aqE 'Kernel panic|BUG|Oops|service [a-z0-9]+: (crashed|failed)' '$LOG'"
finish router
