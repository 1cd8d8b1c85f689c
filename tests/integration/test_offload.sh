#!/usr/bin/env bash
# Offloads end to end (docs/offload.md), from Linux in a namespace (Linux
# 10.0.0.1, Skiff 10.0.0.2 on NIC), once with the offloads the drivers and
# the stack have (GSO everywhere, whatever the NIC does itself) and once
# with offload=off (every offload of every interface off):
#
#   - the shell's ethtool -k shows the mode;
#   - iperf3 both ways (-t 3, and -R) completes with data moved;
#   - SIZE bytes of random data through echo come back identical (sha256);
#   - a Linux peer whose route says advmss 536 announces MSS 536, and of
#     the segments Skiff sends it (tshark on the tap) none carries more;
#
# on virtio (a tap with vnet_hdr, so QEMU offers the offloads), with them
# on: ethtool -k shows TSO and both checksum offloads; /proc/skiff/virtio_net
# shows the features negotiated and used (TSO frames out, GSO frames in,
# partial or verified checksums in) and fewer doorbells than frames (one
# kick per qdisc batch, EVENT_IDX); tshark on the tap sees Skiff's TSO
# frames longer than the MTU (the host takes them whole); `ethtool -K eth0
# gro off` and on again switch the host's GSO frames while up (the control
# queue); the MSS 536 check runs with TSO switched off (ethtool -K), as the
# tap shows TSO frames uncut; with offload=off, no receive offload is
# applied and no checksum or segmentation asked of the device;
#
# and, on virtio only, forwarding: Skiff with a virtio (eth0, 10.0.0.2) and
# an rtl8139 (eth1, 10.1.0.2) interface between two namespaces, forward=1;
# SIZE bytes from 10.0.0.1 through an echo server at 10.1.0.1 and back stay
# byte-identical, offloads on and off.
#
# usage: test_offload.sh NIC     (QUICK=1: 50 MB transfers instead of 200 MB)
set -u
. "$(dirname "$0")/lib.sh"

NIC=${1:-virtio}
SKIFF=10.0.0.2
LINUX=10.0.0.1
PEER="$ROOT/tests/integration/tcp_peer.py"
SIZE=200000000
[ "${QUICK:-0}" = 1 ] && SIZE=50000000
TMP=$(mktemp -d)
trap 'cleanup; rm -rf "$TMP"' EXIT
BOOTS=0

# pcheck NAME: pass if the last tcp_peer command reported ok.
pcheck() {
	if [ "$(jget ok)" = True ]; then pass "$1 ($(tail -n1 <<<"$OUT" | cut -c1-160 | tr -d '{}"'))"
	else fail "$1" "$(tail -n 3 <<<"$OUT" | tr '\n' ' ')"; fi
}

# shell_out CMD: type CMD on Skiff's console; what it printed, read from
# the console's socket (serial_cmd), not from LOG, where QEMU may have
# written a byte twice: in CI once, rx_csum_partial became "partiaal".
shell_out() {
	serial_cmd "$SOCK" "$1"
}

# boot NIC APPEND [QEMU-ARGS...]: Skiff in a fresh namespace NS, ready
# when echo and iperf3 listen. Sets NS, LOG, SOCK.
boot() {
	local nic=$1 append=$2
	shift 2
	BOOTS=$((BOOTS + 1))
	NS="skiff-offload-$$-$BOOTS"
	netns_create "$NS" || { fail "$nic: namespace" "ip netns failed"; return 1; }
	LOG="$LOGDIR/offload-$NIC-$BOOTS.log"
	SOCK="$ROOT/build/offload-$NIC-$BOOTS.sock"
	start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic "$nic" \
		--append "ip=$SKIFF/24 gw=$LINUX ping=off services=echo,iperf3 $append" -- "$@"
	if wait_log "$LOG" 'echo: listening on tcp port 7' 60 &&
	   wait_log "$LOG" 'iperf3: listening on tcp port 5201' 20 &&
	   wait_log "$LOG" 'skiff> ' 30; then
		return 0
	fi
	fail "$nic: boot with '$append'" "echo and iperf3 did not come up"
	show_log "$LOG" 30
	return 1
}

shutdown_boot() {
	stop_qemu "$QEMU_PID"
	if grep -aq 'Kernel panic\|BUG' "$LOG"; then
		fail "$NIC: no panic in $(basename "$LOG")" "$(grep -a -m1 'Kernel panic\|BUG' "$LOG")"
	fi
	ip netns del "$NS" 2>/dev/null
	[ -n "${NSB:-}" ] && ip netns del "$NSB" 2>/dev/null
	NSB=
}

# iperf3_run NAME ARGS...: a 3 s iperf3 test from the namespace; passes when
# it completed and bytes moved (how fast is tools/bench_iperf3.sh's).
iperf3_run() {
	local name=$1 out="$TMP/iperf3.json"
	shift
	ip netns exec "$NS" timeout --kill-after=5 60 iperf3 -J -c "$SKIFF" -t 3 "$@" >"$out" 2>&1
	local r
	r=$(/usr/bin/python3 -c 'import json,sys
try:
    j = json.load(open(sys.argv[1]))
except Exception as e:
    print("bad-json", e); sys.exit()
if "error" in j:
    print("error", j["error"]); sys.exit()
s = j["end"]["sum_received"]
print("ok %d bytes %.1f Mbit/s" % (s["bytes"], s["bits_per_second"] / 1e6) if s["bytes"] > 0 else "no-bytes")
' "$out")
	case "$r" in
	ok*) pass "$NIC $MODE: iperf3 $name (${r#ok })" ;;
	*) fail "$NIC $MODE: iperf3 $name" "$r" ;;
	esac
}

# echo_captured PCAP SNAPLEN: 2 MB through Skiff's echo (tcp_peer, OUT)
# while tcpdump on the tap writes what Skiff sends to PCAP.
echo_captured() {
	local cap
	ip netns exec "$NS" timeout 120 tcpdump -i tap0 -nn -s "$2" -U -w "$1" \
		"tcp and src host $SKIFF" 2>/dev/null &
	cap=$!
	T_PIDS+=("$cap")
	sleep 1
	tcp_peer "$NS" 60 echo "$SKIFF" 2000000
	sleep 1
	stop_qemu "$cap"	# stops the capture (by its PID)
}

# mss_536: Linux announces MSS 536 (its route's advmss); Skiff's segments
# to it, captured on the tap, carry at most 536 bytes.
mss_536() {
	local pcap="$TMP/mss.pcap" max n
	ip netns exec "$NS" ip route replace "$SKIFF/32" dev tap0 advmss 536
	echo_captured "$pcap" 128
	ip netns exec "$NS" ip route del "$SKIFF/32" dev tap0 2>/dev/null
	if [ "$(jget ok)" != True ]; then
		fail "$NIC $MODE: echo to a peer with MSS 536" "$(tail -n 2 <<<"$OUT" | tr '\n' ' ')"
		return
	fi
	max=$(tshark -r "$pcap" -T fields -e tcp.len 2>/dev/null | sort -n | tail -n 1)
	n=$(tshark -r "$pcap" -T fields -e tcp.len 2>/dev/null | awk '$1 > 0' | wc -l)
	if [ -n "$max" ] && [ "$max" -le 536 ] && [ "$n" -gt 3000 ]; then
		pass "$NIC $MODE: a peer with MSS 536 sees no larger segment ($n data segments, largest $max)"
	else
		fail "$NIC $MODE: a peer with MSS 536 sees no larger segment" \
			"largest ${max:-none} of $n data segments"
	fi
}

# vstat NAME: a counter of eth0 from /proc/skiff/virtio_net (via the shell).
vstat() {
	grep -o "$1 [0-9]*" <<<"$VSTATS" | head -n 1 | awk '{print $2}'
}

# tso_frames: Skiff's TSO frames reach the host whole; tshark on the tap
# sees TCP payloads longer than an MTU's 1460 bytes from Skiff.
tso_frames() {
	local pcap="$TMP/tso.pcap" max
	echo_captured "$pcap" 96
	max=$(tshark -r "$pcap" -T fields -e tcp.len 2>/dev/null | sort -n | tail -n 1)
	if [ "$(jget ok)" = True ] && [ -n "$max" ] && [ "$max" -gt 1460 ]; then
		pass "$NIC $MODE: the tap sees TSO frames longer than the MTU (largest payload $max)"
	else
		fail "$NIC $MODE: the tap sees TSO frames longer than the MTU" \
			"largest payload ${max:-none}, echo ok=$(jget ok)"
	fi
}

# virtio_offloads: what was negotiated and used, from /proc/skiff/virtio_net,
# after the iperf3 runs both ways.
virtio_offloads() {
	VSTATS=$(shell_out "cat /proc/skiff/virtio_net")
	local feat tx kicks
	feat=$(grep -a -m1 '^eth0:' <<<"$VSTATS")
	tx=$(vstat tx_packets) kicks=$(vstat tx_kicks)
	if [ "$MODE" = off ]; then
		# Negotiated for the control queue to switch, but none applied.
		check "$NIC $MODE: no receive offload applied, no partial checksum received ($(grep -a -m1 'guest offloads applied' <<<"$VSTATS"))" \
			test -n "$(grep -aE 'guest offloads applied: none[ ,]' <<<"$VSTATS")" \
			-a "$(vstat rx_csum_partial)" = 0
		check "$NIC $MODE: no checksum or TSO asked of the device, no GSO frame received" \
			test "$(vstat tx_csum)" = 0 -a "$(vstat tx_gso)" = 0 -a "$(vstat rx_gso)" = 0
	else
		check "$NIC $MODE: csum, tso4, guest-csum, guest-tso4, mrg-rxbuf, event-idx negotiated ($feat)" \
			bash -c 'x=$(cat); for f in csum tso4 guest-csum guest-tso4 mrg-rxbuf event-idx; do
				grep -qE " $f( |$)" <<<"$x" || exit 1; done' <<<"$feat"
		check "$NIC $MODE: TSO frames sent ($(vstat tx_gso)), GSO frames received ($(vstat rx_gso))" \
			test "$(vstat tx_gso)" -gt 0 -a "$(vstat rx_gso)" -gt 0
		check "$NIC $MODE: checksums left to the device ($(vstat tx_csum)) and from it ($(vstat rx_csum_partial) partial, $(vstat rx_csum_valid) valid)" \
			test "$(vstat tx_csum)" -gt 0 -a "$(($(vstat rx_csum_partial) + $(vstat rx_csum_valid)))" -gt 0
	fi
	check "$NIC $MODE: fewer doorbells than frames sent ($kicks kicks for $tx frames)" \
		test -n "$kicks" -a -n "$tx" -a "${kicks:-0}" -lt "${tx:-0}"
}

# gro_runtime: with the control queue (CTRL_GUEST_OFFLOADS), `ethtool -K
# eth0 gro off` stops the host's GSO frames while eth0 stays up: iperf3 to
# Skiff then brings no GSO frame and the device applies guest-csum alone;
# `gro on` brings them back. Without the queue the switch would wait for a
# down/up and the first iperf3 would still bring GSO frames.
gro_runtime() {
	local g0 g1 g2 applied
	check "$NIC $MODE: control queue and its guest offloads negotiated" \
		grep -qE ' ctrl-vq ctrl-offloads( |$)' <<<"$(grep -a -m1 '^eth0:' <<<"$VSTATS")"
	shell_out "ethtool -K eth0 gro off" >/dev/null
	VSTATS=$(shell_out "cat /proc/skiff/virtio_net")
	g0=$(vstat rx_gso)
	iperf3_run "to Skiff with gro off"
	VSTATS=$(shell_out "cat /proc/skiff/virtio_net")
	g1=$(vstat rx_gso)
	applied=$(grep -a -m1 'guest offloads applied' <<<"$VSTATS")
	check "$NIC $MODE: gro off while up: no GSO frame received ($g0 -> $g1; $applied)" \
		test -n "$g0" -a "$g0" = "$g1" -a -n "$(grep 'applied: guest-csum,' <<<"$applied")"
	shell_out "ethtool -K eth0 gro on" >/dev/null
	iperf3_run "to Skiff with gro on again"
	VSTATS=$(shell_out "cat /proc/skiff/virtio_net")
	g2=$(vstat rx_gso)
	check "$NIC $MODE: gro on again: GSO frames received ($g1 -> $g2)" \
		test -n "$g2" -a "${g2:-0}" -gt "${g1:-0}"
}

# One boot per mode on NIC: ethtool, iperf3 both ways, echo, MSS 536.
run_mode() {
	MODE=$1
	local append=
	[ "$MODE" = off ] && append="offload=off"
	boot "$NIC" "$append" || return
	local k
	k=$(shell_out "ethtool -k eth0")
	if [ "$MODE" = off ]; then
		check "$NIC $MODE: ethtool -k shows every offload off" \
			grep -q '^generic-segmentation-offload: off$' <<<"$k"
		check "$NIC $MODE: ethtool -k shows none on" bash -c '! grep -q ": on$"' <<<"$k"
	else
		check "$NIC $MODE: ethtool -k shows GSO on" \
			grep -q '^generic-segmentation-offload: on$' <<<"$k"
		[ "$NIC" = virtio ] && check "$NIC $MODE: ethtool -k shows TSO and both checksum offloads on" \
			bash -c 'k=$(cat); grep -q "^tcp-segmentation-offload: on$" <<<"$k" &&
				 grep -q "^tx-checksumming: on$" <<<"$k"' <<<"$k"
		[ "$NIC" = virtio ] && check "$NIC $MODE: ethtool -k shows rx-checksumming on" \
			grep -q '^rx-checksumming: on$' <<<"$k"
	fi
	iperf3_run "to Skiff"
	iperf3_run "from Skiff (-R)" -R
	[ "$NIC" = virtio ] && virtio_offloads
	[ "$NIC" = virtio ] && [ "$MODE" = on ] && gro_runtime
	tcp_peer "$NS" 600 echo "$SKIFF" "$SIZE"
	pcheck "$NIC $MODE: $SIZE bytes through echo come back identical (sha256)"
	if [ "$NIC" = virtio ] && [ "$MODE" = on ]; then
		tso_frames
		shell_out "ethtool -K eth0 tso off" >/dev/null
	fi
	mss_536
	shutdown_boot
}

# Forwarding between virtio (eth0) and rtl8139 (eth1): NS holds tap0 and,
# until QEMU has opened it, tap1, which then moves to NSB (10.1.0.1).
run_forward() {
	MODE=$1
	local append="forward=1 ip.eth1=10.1.0.2/24"
	[ "$MODE" = off ] && append+=" offload=off"
	NSB="skiff-offload-b-$$-$BOOTS"
	BOOTS=$((BOOTS + 1))
	NS="skiff-offload-$$-$BOOTS"
	netns_create "$NS" && ip netns add "$NSB" && T_NETNS+=("$NSB") &&
	ip netns exec "$NS" ip tuntap add dev tap1 mode tap || {
		fail "forward $MODE: namespaces" "ip netns/tuntap failed"; return; }
	LOG="$LOGDIR/offload-forward-$BOOTS.log"
	SOCK="$ROOT/build/offload-forward-$BOOTS.sock"
	start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic virtio \
		--append "ip=$SKIFF/24 gw=$LINUX ping=off services=echo $append" -- \
		-netdev tap,id=n1,ifname=tap1,script=no,downscript=no -device rtl8139,netdev=n1
	if ! wait_log "$LOG" 'skiff> ' 60; then
		fail "forward $MODE: boot" "no prompt"
		show_log "$LOG" 30
		shutdown_boot
		return
	fi
	local x="ip netns exec $NSB"
	ip netns exec "$NS" ip link set tap1 netns "$NSB" &&
	$x sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	$x ip link set lo up && $x ip addr add 10.1.0.1/24 dev tap1 &&
	$x ip link set tap1 up && $x ip route add 10.0.0.0/24 via 10.1.0.2 &&
	ip netns exec "$NS" ip route add 10.1.0.0/24 via "$SKIFF" || {
		fail "forward $MODE: the second link" "moving tap1 or routing failed"
		shutdown_boot
		return
	}
	$x timeout 900 /usr/bin/python3 "$PEER" server 7 "$TMP/fwd.json" >/dev/null 2>&1 &
	T_PIDS+=("$!")
	local srv=$!
	sleep 1
	tcp_peer "$NS" 600 echo 10.1.0.1 "$SIZE"
	pcheck "forward $MODE: $SIZE bytes virtio -> rtl8139 -> echo -> back stay identical"
	stop_qemu "$srv"
	shutdown_boot
}

run_mode on
run_mode off
if [ "$NIC" = virtio ]; then
	run_forward on
	run_forward off
fi
finish "offload-$NIC"
