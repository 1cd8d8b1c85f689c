#!/usr/bin/env bash
# `make test`: every test layer in turn, then one line "N passed, N failed"
# summing them all. A layer reports with lines "NAME: N passed, N failed";
# a layer that fails without reporting a failure counts as one failed test.
set -u
cd "$(dirname "$0")/.."

total_passed=0
total_failed=0
total_skipped=0
mkdir -p build/test-logs

run_layer() {
	local name=$1 log="build/test-logs/layer-$1.txt" status p=0 f=0 s=0
	shift
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	status=${PIPESTATUS[0]}
	while read -r lp lf ls; do
		p=$((p + lp)); f=$((f + lf)); s=$((s + ${ls:-0}))
	done < <(sed -nE 's/^[a-z0-9-]+: ([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$/\1 \2 \4/p' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exited with status $status"
		f=1
	fi
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	total_skipped=$((total_skipped + s))
}

run_layer unit sh -c "make -s unit && tests/unit/check_orphans.sh"
run_layer fuzz make -s fuzz-smoke FUZZ_SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-20}
run_layer boot tests/integration/test_boot.sh
run_layer microvm tests/integration/test_microvm.sh
# Under libvirt: its own daemon in a namespace, one domain, then a fleet of 16.
run_layer libvirt tests/integration/test_libvirt.sh
run_layer fleet tests/integration/test_fleet.sh
run_layer media tests/integration/test_media.sh
for nic in e1000 virtio e1000e rtl8139; do
	run_layer "net-$nic" tests/integration/test_net.sh "$nic"
done
run_layer shell tests/integration/test_shell.sh
run_layer syzfuzz tests/integration/test_syzfuzz.sh 1
for nic in e1000 virtio e1000e rtl8139; do
	run_layer "udp-$nic" tests/integration/test_udp.sh "$nic"
done
run_layer dhcp tests/integration/test_dhcp.sh e1000
run_layer dhcpd tests/integration/test_dhcpd.sh e1000
# AF_PACKET sockets with a Linux peer, on two of the drivers.
run_layer packet-e1000 tests/integration/test_packet.sh e1000
run_layer packet-virtio tests/integration/test_packet.sh virtio
# TCP: everything on virtio, including the fault-injection boots (netem
# qdiscs in Skiff and tools/impair on the Linux side); the same without them on
# the other NICs, to keep CI within its time.
run_layer tcp-virtio tests/integration/test_tcp.sh virtio
for nic in e1000 e1000e rtl8139; do
	run_layer "tcp-$nic" env QUICK=1 tests/integration/test_tcp.sh "$nic"
done
# Offloads on and off (offload=off): iperf3 both ways, 200 MB through
# echo, a peer with MSS 536; forwarding virtio <-> rtl8139 on virtio's run.
run_layer offload-virtio tests/integration/test_offload.sh virtio
run_layer offload-e1000 tests/integration/test_offload.sh e1000
# The offloads and jumbo frames of the Intel drivers and virtio-net (with
# no vnet header: software sums, mergeable buffers), checked on the wire.
for nic in e1000 e1000e virtio; do
	run_layer "wire-$nic" tests/integration/test_nic_wire.sh "$nic"
done
# httpd and iperf3: the same source on the host (against curl, ab, chromium
# and Debian's iperf3), then in Skiff; one NIC each keeps CI short while
# both drivers carry TCP.
run_layer httpd-host tests/integration/test_httpd.sh host
run_layer httpd-skiff tests/integration/test_httpd.sh skiff virtio
# 10,000 idle keep-alive connections with 128 MiB, then memory running out.
run_layer scale tests/integration/test_scale.sh virtio
run_layer iperf3-host tests/integration/test_iperf3.sh host
run_layer iperf3-skiff tests/integration/test_iperf3.sh skiff e1000
# Netfilter: Skiff routing between two namespaces (virtio and e1000 at once).
run_layer netfilter tests/integration/test_netfilter.sh
# The router appliance: the ISO's router entry and ruleset, udhcpd on the
# WAN side, Skiff's dhcpd on the LAN side, masquerade and default deny.
run_layer router tests/integration/test_router.sh e1000

if [ "$total_skipped" -gt 0 ]; then
	echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
else
	echo "$total_passed passed, $total_failed failed"
fi
[ "$total_failed" -eq 0 ]
