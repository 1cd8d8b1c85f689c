#!/usr/bin/env bash
# `make bench`: Skiff's figures under TCG, each the median of RUNS runs,
# with the tap inside a private network namespace (Linux 10.0.0.1, Skiff
# 10.0.0.2). Nothing here is a pass/fail test; it prints figures.
#
#   boot->ping   QEMU start to the first ICMP echo reply seen by Linux
#   rtt          ICMP round trip from Linux, median and p99 over 500 pings
#   min RAM      smallest -m (MiB) at which Skiff boots and answers ping
#
# NICS (default "e1000 virtio microvm") names QEMU's NIC models on the PC
# machine; "microvm" is QEMU's microvm machine with its virtio-mmio NIC.
#   image        bytes in memory (text, rodata, data, bss), and the ELF file
set -u
cd "$(dirname "$0")/.."
. tests/integration/lib.sh

RUNS=${RUNS:-5}
NICS=${NICS:-"e1000 virtio microvm"}
ELF=build/skiff.elf
NS="skiff-bench-$$"
netns_create "$NS" || { echo "bench: cannot create a network namespace (root needed)"; exit 1; }
nsx() { ip netns exec "$NS" "$@"; }

median() { sort -n | awk '{a[NR]=$1} END { if (NR) print a[int((NR+1)/2)] }'; }
p99() { sort -n | awk '{a[NR]=$1} END { if (NR) { i=int(NR*0.99+0.5); if (i<1) i=1; print a[i] } }'; }

# boot_once NIC MEM: seconds from QEMU start to the first echo reply, or "-".
boot_once() {
	local log="$LOGDIR/bench-boot.log" t0 line
	t0=$(date +%s.%N)
	start_qemu_netns "$NS" "$log" "$ROOT/build/bench.sock" --kernel "$ELF" $(nic_args "$1") \
		--mem "$2" --append "ip=10.0.0.2/24 ping=off"
	line=$(nsx ping -D -n -i 0.005 -W 0.2 -w 15 10.0.0.2 2>/dev/null | grep -m1 'bytes from')
	stop_qemu "$QEMU_PID"
	[ -n "$line" ] || { echo -; return; }
	awk -v t0="$t0" -v l="$line" 'BEGIN { sub(/^\[/, "", l); split(l, a, "]"); printf "%.3f\n", a[1] - t0 }'
}

rtts() {
	local log="$LOGDIR/bench-rtt.log"
	start_qemu_netns "$NS" "$log" "$ROOT/build/bench.sock" --kernel "$ELF" $(nic_args "$1") \
		--append "ip=10.0.0.2/24 ping=off"
	wait_log "$log" 'eth0: 10.0.0.2' 30
	nsx ping -c 20 -i 0.01 -W 1 10.0.0.2 >/dev/null 2>&1	# warm ARP and caches
	nsx ping -n -c 500 -i 0.005 -W 1 10.0.0.2 2>/dev/null | sed -nE 's/.*time=([0-9.]+) ms/\1/p'
	stop_qemu "$QEMU_PID"
}

min_ram() {
	for m in 2 3 4 5 6 8 12 16 24 32; do
		local log="$LOGDIR/bench-minram.log"
		start_qemu_netns "$NS" "$log" "$ROOT/build/bench.sock" --kernel "$ELF" $(nic_args "$1") \
			--mem "${m}M" --append "ip=10.0.0.2/24 ping=off"
		if wait_log "$log" 'eth0: 10.0.0.2' 20 &&
		   nsx ping -c 3 -i 0.2 -W 2 10.0.0.2 >/dev/null 2>&1; then
			stop_qemu "$QEMU_PID"
			echo "$m"
			return
		fi
		stop_qemu "$QEMU_PID"
	done
	echo "-"
}

loaded=$(readelf -lW "$ELF" | awk '$1 == "LOAD" { s += strtonum($6) } END { print s }')
file=$(stat -c %s "$ELF")
echo "Skiff benchmarks (TCG, $(qemu-system-x86_64 --version | head -1 | awk '{print $4}'), medians of $RUNS runs)"
printf 'image: %d KiB in memory (text, rodata, data, bss), %d KiB ELF with symbols and debug info\n' \
	$((loaded / 1024)) $((file / 1024))
echo
printf '%-8s %14s %12s %12s %10s\n' NIC "boot->ping s" "rtt med ms" "rtt p99 ms" "min RAM"
for nic in $NICS; do
	boots=()
	for _ in $(seq "$RUNS"); do boots+=("$(boot_once "$nic" 128M)"); done
	b=$(printf '%s\n' "${boots[@]}" | grep -v '^-$' | median)
	r=$(rtts "$nic")
	rm=$(printf '%s\n' "$r" | median)
	r99=$(printf '%s\n' "$r" | p99)
	ram=$(min_ram "$nic")
	printf '%-8s %14s %12s %12s %9sM\n' "$nic" "${b:--}" "${rm:--}" "${r99:--}" "$ram"
	echo "         boot runs: ${boots[*]}"
done
cat <<'NOTE'

Reference, a Linux guest on this machine (issue 3, same QEMU and NIC, TCG):
  boot->ping 5.9 s virtio / 9.6 s e1000, rtt median 0.755 / 0.628 ms, 96 MB RAM, 12.9 MB image.
QEMU's e1000 model holds received frames for 1 s after each RCTL write
(its flush_queue_timer), so no e1000 guest answers sooner than ~1 s after
its driver enables receive.
NOTE

# `make bench BASELINE=linux`: Skiff beside a Linux guest built from Debian
# packages, on the same QEMU, NIC and tap, with Skiff/Linux ratios, a TSV
# and a chart in build/bench/ (tools/bench_baseline.sh, docs/bench.md).
if [ "${BASELINE:-}" = linux ]; then
	echo
	tools/bench_baseline.sh
fi

# Loss recovery: TCP echo through tools/impair at 1%, 5%, 10% (and 20%)
# loss and 25% reordering, Skiff against the Linux guest
# (tools/bench_loss.sh, docs/bench.md). LOSS=0 skips it.
if [ "${LOSS:-1}" != 0 ]; then
	echo
	tools/bench_loss.sh
fi

# Forwarding through a router guest between two namespaces: Skiff before
# netfilter, with empty hooks, and with masquerade and 100 rules, against
# the Linux guest with nftables (tools/bench_forward.sh), and the hooks'
# CPU cost on the host (tools/bench_hooks.sh); docs/bench.md. FORWARD=0
# skips it.
if [ "${FORWARD:-1}" != 0 ]; then
	echo
	tools/bench_hooks.sh
	echo
	tools/bench_forward.sh
fi
