#!/usr/bin/env bash
# The DHCP client (services/dhcpc, started by the kernel for ip=dhcp):
#  1. under QEMU user networking, slirp's DHCP server leases 10.0.2.15;
#  2. in a namespace with no DHCP server, the client gives up after its
#     DISCOVERs and says so (exit status 2);
#  3. dnsmasq then starts in that namespace (range 10.0.0.50-60, lease
#     2 minutes, its minimum, with T1 = 10 s and T2 = 20 s sent as options
#     58 and 59): the restarted client leases an address, Linux pings it,
#     and at T1 the client renews (DHCPREQUEST in RENEWING, DHCPACK).
#
# usage: test_dhcp.sh [NIC]
set -u
. "$(dirname "$0")/lib.sh"

NIC=${1:-e1000}
NS="skiff-dhcp-$NIC-$$"
LOG_USER="$LOGDIR/dhcp-user-$NIC.log"
LOG="$LOGDIR/dhcp-netns-$NIC.log"
SOCK="$ROOT/build/dhcp-$NIC.sock"
DNSMASQ_LOG="$LOGDIR/dhcp-dnsmasq-$NIC.log"
LEASES="$ROOT/build/dhcp-$NIC.leases"
PIDFILE="$ROOT/build/dhcp-$NIC-dnsmasq.pid"
LINUX=10.0.0.1

nsx() { ip netns exec "$NS" "$@"; }
quiet() { "$@" >/dev/null 2>&1; }

# 1. slirp: 10.0.2.15/24 from 10.0.2.2, router 10.0.2.2, DNS 10.0.2.3.
start_qemu "$LOG_USER" --kernel "$ROOT/build/skiff.elf" --nic "$NIC" --net user \
	--append "ip=dhcp"
re='dhcpc: eth0 leased 10\.0\.2\.15/24 from 10\.0\.2\.2, router 10\.0\.2\.2, dns 10\.0\.2\.3, lease [0-9]+ s'
if wait_log "$LOG_USER" "$re" 90; then
	pass "$NIC: user networking: $(grep -aoE "$re" "$LOG_USER" | head -n1)"
else
	fail "$NIC: user networking lease" "no 'leased 10.0.2.15/24' line in 90 s"
	show_log "$LOG_USER" 30
fi
stop_qemu "$QEMU_PID"

# 2. No server yet: the client must give up clearly.
if ! netns_create "$NS"; then
	fail "create namespace $NS with a tap" "ip netns/tuntap failed"
	finish "dhcp-$NIC"
	exit 1
fi
start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic "$NIC" \
	--append "ip=dhcp"
if wait_log "$LOG" 'dhcpc: no DHCP server answered on eth0 after [0-9]+ DHCPDISCOVERs' 120; then
	pass "$NIC: no server: $(grep -aoE 'dhcpc: no DHCP server answered.*' "$LOG" | head -n1)"
else
	fail "$NIC: no-server fallback" "no 'no DHCP server answered' line in 120 s"
	show_log "$LOG" 30
fi

# 3. dnsmasq on tap0, by PID, stopped by the trap with everything else.
rm -f "$LEASES" "$PIDFILE"
nsx dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=tap0 \
	--bind-interfaces --dhcp-range=10.0.0.50,10.0.0.60,255.255.255.0,2m \
	--dhcp-option=option:router,$LINUX --dhcp-option=option:dns-server,$LINUX \
	--dhcp-option=option:T1,10 --dhcp-option=option:T2,20 \
	--dhcp-leasefile="$LEASES" --pid-file="$PIDFILE" --log-dhcp \
	--log-facility=- >"$DNSMASQ_LOG" 2>&1 &
T_PIDS+=("$!")

re='dhcpc: eth0 leased (10\.0\.0\.(5[0-9]|60))/24 from 10\.0\.0\.1, router 10\.0\.0\.1, dns 10\.0\.0\.1, lease 120 s'
if wait_log "$LOG" "$re" 150; then
	line=$(grep -aoE "$re" "$LOG" | head -n1)
	addr=$(sed -E "s/.*leased ([0-9.]+)\/.*/\1/" <<<"$line")
	pass "$NIC: dnsmasq: $line"
else
	fail "$NIC: dnsmasq lease" "no lease line in 150 s"
	show_log "$LOG" 30
	tail -n 20 "$DNSMASQ_LOG" | sed 's/^/# dnsmasq: /'
	finish "dhcp-$NIC"
	exit 1
fi
check "$NIC: Linux pings the leased address $addr" quiet nsx ping -c 3 -i 0.2 -W 3 "$addr"
check "$NIC: dnsmasq recorded the lease" grep -q " $addr " "$LEASES"

# T1 is 10 s: the renewal must come well within 40 s.
if wait_log "$LOG" "dhcpc: eth0 T1: RENEWING, DHCPREQUEST to 10\.0\.0\.1" 40 &&
   wait_log "$LOG" "dhcpc: eth0 renewed \(RENEWING\) $addr/24" 20; then
	pass "$NIC: the lease is renewed at T1 (unicast DHCPREQUEST, DHCPACK)"
else
	fail "$NIC: renewal" "no RENEWING/renewed lines"
	show_log "$LOG" 20
fi
n=$(grep -c "DHCPACK(tap0) $addr" "$DNSMASQ_LOG")
check "$NIC: dnsmasq acknowledged the renewal too ($n DHCPACKs for $addr)" test "$n" -ge 2
check "$NIC: the address still answers ping after renewal" quiet nsx ping -c 2 -i 0.2 -W 3 "$addr"
if grep -aqE 'Kernel panic|BUG|dhcpc.*crashed' "$LOG" "$LOG_USER"; then
	fail "$NIC: no panic or crash" "$(grep -ahE -m1 'Kernel panic|BUG|crashed' "$LOG" "$LOG_USER")"
else
	pass "$NIC: no panic and no crash"
fi

finish "dhcp-$NIC"
