#!/usr/bin/env bash
# What an offloading NIC (e1000, e1000e, virtio-net) puts on the wire, seen
# from Linux in a namespace (Linux 10.0.0.1, Skiff 10.0.0.2), at the
# standard MTU and at 9000 on both sides of the tap:
#
#   - ping with DF of the largest payload the MTU takes, both ways unfragmented,
#     and at 1500 again after the shell raised the MTU to 4000 while up;
#   - 4 MB through echo and 4 MB out of chargen intact (at 1500 with
#     e1000.copybreak=256, so that frames go up in their pages; at 9000 every
#     full frame spans several receive buffers: virtio's mergeable pages);
#   - UDP echo of datagrams up to the MTU and of 20,000 bytes (fragments);
#   - everything Skiff sent, captured on the tap and checked by tshark: no
#     frame longer than the MTU allows, every IPv4, TCP and UDP checksum
#     right (and some of each checked), no unfragmented TCP segment above
#     the MSS;
#   - TCP and UDP with bad checksums sent by scapy are dropped and counted
#     (Tcp/Udp InCsumErrors), not answered: a device that verifies receive
#     checksums must not have them marked good;
#   - the skb pools back at their baseline;
#   - virtio-net only: a device that names its MTU (VIRTIO_NET_F_MTU, QEMU's
#     host_mtu) starts eth0 at it, and the shell cannot raise it further.
#
# QEMU runs the tap without virtio-net headers (--vnet-hdr off), so that the
# NIC model finishes checksums and segmentation itself and the capture shows
# real frames rather than what the host would segment later. virtio-net then
# offers no offloads, so Skiff sums and segments in software; its jumbo
# frames still rest on mergeable receive buffers, which QEMU always offers.
#
# usage: test_nic_wire.sh NIC
set -u
. "$(dirname "$0")/lib.sh"

NIC=${1:-e1000}
SKIFF=10.0.0.2
LINUX=10.0.0.1
PEER="$ROOT/tests/integration/tcp_peer.py"
UDP_PEER="$ROOT/tests/integration/udp_peer.py"
MACH=pc
[ "$NIC" = e1000e ] && MACH=q35

# tshark_count CAPTURE FILTER: how many frames of CAPTURE match the display
# filter, with every checksum validated.
tshark_count() {
	tshark -r "$1" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
		-o udp.check_checksum:TRUE -Y "$2" 2>/dev/null | wc -l
}

# A checksum tshark calls bad. A TCP checksum of 0xffff where 0x0000 was
# due is not: both are zero in ones' complement, and a receiver, which
# sums the segment with its checksum, finds them equally right (RFC 1624
# 3). QEMU's e1000 and e1000e models write 0xffff in that case (their
# putsum uses net_checksum_finish_nozero, as UDP requires, for TCP too),
# once in 65,536 segments.
BAD_CSUM='(ip.checksum.status == "Bad" || udp.checksum.status == "Bad" ||
	(tcp.checksum.status == "Bad" && !(tcp.checksum == 0xffff && tcp.checksum_calculated == 0x0000)))'

# tshark_bad CAPTURE FILTER: each frame matching FILTER with a bad checksum,
# with the frames around it, so that a failure names what went wrong.
tshark_bad() {
	local bad="($2) && $BAD_CSUM"
	local f
	for f in $(tshark -r "$1" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
			-o udp.check_checksum:TRUE -Y "$bad" -T fields -e frame.number 2>/dev/null |
			head -n 3); do
		echo "# bad checksum in frame $f of $1:"
		tshark -r "$1" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
			-o udp.check_checksum:TRUE -Y "frame.number >= $((f - 3)) && frame.number <= $((f + 1))" \
			2>/dev/null | sed 's/^/#   /'
		tshark -r "$1" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
			-o udp.check_checksum:TRUE -Y "frame.number == $f" -V 2>/dev/null |
			grep -iE 'checksum|length|Flags|Sequence|Fragment|^Frame' | sed 's/^/#   /'
	done
}

# tshark_max CAPTURE FIELD FILTER: the largest value of FIELD among the matches.
tshark_max() {
	tshark -r "$1" -Y "$3" -T fields -e "$2" 2>/dev/null | sort -n | tail -n1
}

# bad_csum_ignored PROTO COUNTER: scapy sends 5 PROTO segments with a wrong
# checksum to Skiff's echo port; none is answered and COUNTER grows by 5.
bad_csum_ignored() {
	local proto=$1 name=$2 before after answered
	before=$(counter "$(counters)" "$name")
	answered=$(nsx /usr/bin/python3 - "$proto" "$SKIFF" <<'PY'
import sys
from scapy.all import IP, TCP, UDP, Raw, sr1, conf
conf.verb = 0
proto, dst = sys.argv[1], sys.argv[2]
n = 0
for i in range(5):
    l4 = TCP(sport=41000 + i, dport=7, flags="S", chksum=0x1234) if proto == "tcp" \
        else UDP(sport=41000 + i, dport=7, chksum=0x1234)
    n += sr1(IP(dst=dst) / l4 / Raw(b"x" * 32), timeout=0.5) is not None
print(n)
PY
)
	after=$(counter "$(counters)" "$name")
	if [ "$answered" = 0 ] && [ -n "$before" ] && [ -n "$after" ] &&
	   [ $((after - before)) -eq 5 ]; then
		pass "$TAG: $proto with bad checksums dropped and counted ($name +5)"
	else
		fail "$TAG: bad $proto checksums" "answered ${answered:-?}, $name ${before:-?} -> ${after:-?}"
	fi
}

# peer_ok WHAT COMMAND BYTES: one tcp_peer.py check against Skiff.
peer_ok() {
	local out
	out=$(nsx timeout 120 /usr/bin/python3 "$PEER" "$2" "$SKIFF" "$3" 2>&1 | tail -n1)
	if grep -q '"ok": true' <<<"$out"; then
		pass "$TAG: $1"
	else
		fail "$TAG: $1" "$out"
	fi
}

# live_mtu MTU: the shell changes eth0's MTU while it is up (ndo_change_mtu
# turns long packets on at once); Linux follows; a ping of the new size
# with DF goes through both ways.
live_mtu() {
	local m=$1 out
	serial_send "$SOCK" "ip link set eth0 mtu $m"$'\r'
	TOP=$m
	nsx ip link set tap0 mtu "$m"
	if out=$(nsx ping -c 3 -i 0.5 -W 3 -M do -s $((m - 28)) "$SKIFF" 2>&1) &&
	   grep -q ' 0% packet loss' <<<"$out"; then
		pass "$TAG: MTU $m set while up, ping -M do -s $((m - 28)) goes through"
	else
		fail "$TAG: MTU $m while up" "$(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi
}

# phase MTU [ARGS]: one boot at MTU (both sides of the tap), ARGS added to
# Skiff's command line.
phase() {
	local mtu=$1 extra=${2:-} cap out max
	TAG="$NIC mtu $mtu"
	NS="skiff-wire-$NIC-$mtu-$$"
	LOG="$LOGDIR/wire-$NIC-$mtu.log"
	SOCK="$ROOT/build/wire-$NIC.sock"
	cap="$LOGDIR/wire-$NIC-$mtu.pcap"
	if ! netns_create "$NS"; then
		fail "$TAG: create namespace $NS with a tap" "ip netns/tuntap failed"
		return
	fi
	nsx ip link set tap0 mtu "$mtu"
	rm -f "$cap"
	ip netns exec "$NS" tcpdump -i tap0 -s 0 -U -w "$cap" "host $SKIFF" >/dev/null 2>&1 &
	local dump=$!
	T_PIDS+=("$dump")
	start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic "$NIC" \
		--machine "$MACH" --vnet-hdr off \
		--append "ip=$SKIFF/24 gw=$LINUX mtu=$mtu ping=off services=echo,discard,chargen $extra"
	if wait_log "$LOG" "eth0: $SKIFF/24, MTU $mtu" 60 && wait_log "$LOG" 'skiff> ' 30 &&
	   wait_log "$LOG" 'chargen: listening on tcp port 19' 10; then
		pass "$TAG: Skiff boots with eth0 at MTU $mtu"
	else
		fail "$TAG: boot" "no 'eth0: $SKIFF/24, MTU $mtu' line"
		show_log "$LOG" 30
		stop_qemu "$QEMU_PID"
		return
	fi
	base=$(counters)

	local payload=$((mtu - 28))
	if out=$(nsx ping -c 3 -i 0.2 -W 3 -M do -s "$payload" "$SKIFF" 2>&1) &&
	   grep -q ' 0% packet loss' <<<"$out"; then
		pass "$TAG: ping -M do -s $payload, unfragmented both ways"
	else
		fail "$TAG: ping -M do -s $payload" "$(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi
	peer_ok "4 MB through echo come back identical" echo 4000000
	peer_ok "4 MB of chargen follow RFC 864" chargen 4000000
	out=$(nsx timeout 120 /usr/bin/python3 "$UDP_PEER" echo "$SKIFF" \
		"1-64,$((payload - 64))-$payload,20000" 2>&1)
	check "$TAG: UDP echo up to $payload bytes and of 20000 ($(head -n1 <<<"$out"))" \
		grep -q ' 0 failed' <<<"$out"
	bad_csum_ignored tcp Tcp.InCsumErrors
	bad_csum_ignored udp Udp.InCsumErrors

	TOP=$mtu
	[ "$mtu" = 1500 ] && live_mtu 4000

	sleep 1
	after=$(counters)
	local bh ah bd ad
	bh=$(counter "$base" Skb.live_heads); ah=$(counter "$after" Skb.live_heads)
	bd=$(counter "$base" Skb.live_data); ad=$(counter "$after" Skb.live_data)
	if [ -n "$ah" ] && [ -n "$bh" ] && [ "$ah" -le "$bh" ] && [ "$ad" -le "$bd" ]; then
		pass "$TAG: skb pools back at their baseline ($ah heads, $ad data areas)"
	else
		fail "$TAG: skb pools" "heads ${bh:-?} -> ${ah:-?}, data ${bd:-?} -> ${ad:-?}"
	fi
	stop_qemu "$QEMU_PID"
	stop_qemu "$dump"	# tcpdump wrote each packet as it came (-U)

	local from="ip.src == $SKIFF"
	max=$(tshark_max "$cap" frame.len "$from")
	if [ -n "$max" ] && [ "$max" -le $((TOP + 14)) ]; then
		pass "$TAG: no frame from Skiff above $((TOP + 14)) bytes (longest $max)"
	else
		fail "$TAG: frame lengths" "longest frame from Skiff ${max:-none}"
	fi
	local bad good_tcp good_udp
	bad=$(tshark_count "$cap" "$from && $BAD_CSUM")
	good_tcp=$(tshark_count "$cap" "$from && tcp.checksum.status == \"Good\"")
	good_udp=$(tshark_count "$cap" "$from && udp.checksum.status == \"Good\"")
	if [ "$bad" = 0 ] && [ "$good_tcp" -gt 100 ] && [ "$good_udp" -gt 100 ]; then
		pass "$TAG: every checksum from Skiff right ($good_tcp TCP, $good_udp UDP checked)"
	else
		fail "$TAG: checksums from Skiff" "$bad bad, $good_tcp TCP and $good_udp UDP good"
		tshark_bad "$cap" "$from"
	fi
	max=$(tshark_max "$cap" tcp.len "$from && tcp && ip.flags.mf == 0 && ip.frag_offset == 0")
	if [ -n "$max" ] && [ "$max" -le $((mtu - 40)) ]; then
		pass "$TAG: no TCP segment from Skiff above the MSS $((mtu - 40)) (largest $max)"
	else
		fail "$TAG: TCP segment sizes" "largest ${max:-none}, MSS $((mtu - 40))"
	fi
}

nsx() { ip netns exec "$NS" "$@"; }

# device_mtu MTU: QEMU's virtio-net names MTU in its config space
# (host_mtu); Skiff, told no mtu=, starts eth0 at it, takes a DF ping of
# its size, and the shell's attempt to go past it is refused.
device_mtu() {
	local mtu=$1 out
	TAG="$NIC device mtu $mtu"
	NS="skiff-wire-$NIC-dev-$$"
	LOG="$LOGDIR/wire-$NIC-dev.log"
	SOCK="$ROOT/build/wire-$NIC.sock"
	if ! netns_create "$NS"; then
		fail "$TAG: create namespace $NS with a tap" "ip netns/tuntap failed"
		return
	fi
	nsx ip link set tap0 mtu 9000
	start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic "$NIC" \
		--machine "$MACH" --vnet-hdr off --append "ip=$SKIFF/24 ping=off services=echo" \
		-- -global "virtio-net-pci.host_mtu=$mtu"
	if wait_log "$LOG" "eth0: $SKIFF/24, MTU $mtu\b" 60 && wait_log "$LOG" 'skiff> ' 30; then
		pass "$TAG: eth0 starts at the MTU the device names (VIRTIO_NET_F_MTU)"
	else
		fail "$TAG: eth0 at the device's MTU" "$(grep -a 'eth0: ' "$LOG" | tail -n 2 | tr '\n' ' ')"
		stop_qemu "$QEMU_PID"
		return
	fi
	if out=$(nsx ping -c 3 -i 0.2 -W 3 -M do -s $((mtu - 28)) "$SKIFF" 2>&1) &&
	   grep -q ' 0% packet loss' <<<"$out"; then
		pass "$TAG: ping -M do -s $((mtu - 28)) goes through both ways"
	else
		fail "$TAG: ping -M do -s $((mtu - 28))" "$(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi
	out=$(serial_cmd "$SOCK" "ip link set eth0 mtu $((mtu + 1))")
	out+=$(serial_cmd "$SOCK" "ip link show eth0")
	if grep -q "ip: eth0: Invalid argument" <<<"$out" &&
	   grep -qE "eth0: <[^>]*> mtu $mtu([^0-9]|$)" <<<"$out"; then
		pass "$TAG: the shell cannot set MTU $((mtu + 1)) (EINVAL), eth0 stays at $mtu"
	else
		fail "$TAG: MTU above the device's" "$(tr '\n' ' ' <<<"$out")"
	fi
	stop_qemu "$QEMU_PID"
}

case $NIC in
e1000|e1000e|virtio) ;;
*) echo "test_nic_wire.sh: e1000, e1000e or virtio"; exit 2 ;;
esac
# At 1500 every frame longer than 256 bytes goes up in its page (Linux
# e1000e's copybreak; virtio copies standard frames by design); at 9000 the
# default copies what fits one buffer and a full frame spans five (three
# of virtio's pages).
if [ "$NIC" = virtio ]; then
	phase 1500
	phase 9000
	device_mtu 4000
else
	phase 1500 e1000.copybreak=256
	phase 9000
fi
finish "wire-$NIC"
