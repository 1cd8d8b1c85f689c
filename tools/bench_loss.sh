#!/usr/bin/env bash
# `make bench`, loss recovery: how long a TCP echo of 1 MB and of 10 MB
# takes through tools/impair at 1%, 5% and 10% frame loss (both
# directions) and at 25% reordering (10 ms hold), Skiff against the Linux
# guest (tools/linux-guest, Debian 12's kernel) on the same QEMU (TCG),
# NIC and relay; and at 20% loss, how many bytes of 1 MB come back within
# HEAVY_SECS. Each figure is the median over SEEDS relay seeds (the same
# seeds for both targets).
#
# The wire: QEMU on tap0, Linux (the client, tests/integration/tcp_peer.py)
# on tap1 as 10.0.0.1, tools/impair relaying between them, all inside a
# private network namespace. Each guest boots once; the relay is restarted
# with each condition and seed. A transfer not done in LIMIT seconds counts
# as LIMIT (shown with ">").
#
# Output: a table (condition, size, Skiff s, Linux s, Skiff/Linux), the
# raw values in build/bench/loss.tsv and the medians in
# build/bench/loss-summary.tsv.
#
# Variables: SEEDS (5), NIC (virtio), TARGETS ("skiff linux"), SIZES
# ("1000000 10000000"), CONDS ("loss1 loss5 loss10 reorder25"),
# HEAVY_SECS (60; 0 skips the 20% figure), LIMIT (300), SKIFF_ELF
# (build/skiff.elf), LINUX_MEM (256M), BENCH_OUT (build/bench).
set -u
cd "$(dirname "$0")/.."
. tests/integration/lib.sh

SEEDS=${SEEDS:-5}
NIC=${NIC:-virtio}
TARGETS=${TARGETS:-"skiff linux"}
SIZES=${SIZES:-"1000000 10000000"}
CONDS=${CONDS:-"loss1 loss5 loss10 reorder25"}
HEAVY_SECS=${HEAVY_SECS:-60}
LIMIT=${LIMIT:-300}
LINUX_MEM=${LINUX_MEM:-256M}
GUEST=10.0.0.2
HOST=10.0.0.1
OUT=${BENCH_OUT:-$ROOT/build/bench}
PEER="$ROOT/tests/integration/tcp_peer.py"
IMPAIR="$ROOT/build/impair"
mkdir -p "$OUT"

if [ ! -x "$IMPAIR" ] || [ "$ROOT/tools/impair.c" -nt "$IMPAIR" ]; then
	gcc -O2 -Wall -o "$IMPAIR" "$ROOT/tools/impair.c" || { echo "bench_loss: building tools/impair.c failed"; exit 1; }
fi
CACHE=
case " $TARGETS " in
*" linux "*) CACHE=$(tools/linux-guest/build.sh) || { echo "bench_loss: building the Linux guest failed"; exit 1; } ;;
esac
SKIFF_COPY=$(mktemp /tmp/skiff-benchloss-XXXXXX.elf)
cp "${SKIFF_ELF:-build/skiff.elf}" "$SKIFF_COPY" || { echo "bench_loss: no Skiff image"; exit 1; }
trap 'cleanup; rm -f "$SKIFF_COPY"' EXIT

NS="skiff-benchloss-$$"
nsx() { ip netns exec "$NS" "$@"; }
ip netns add "$NS" || { echo "bench_loss: cannot create a network namespace (root needed)"; exit 1; }
T_NETNS+=("$NS")
nsx ip link set lo up &&
	nsx sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 &&
	nsx ip tuntap add dev tap0 mode tap && nsx ip tuntap add dev tap1 mode tap &&
	nsx ip link set tap0 up && nsx ip addr add "$HOST/24" dev tap1 &&
	nsx ip link set tap1 up || { echo "bench_loss: tap setup failed"; exit 1; }

RELAY_PID=
relay_stop() {
	[ -n "$RELAY_PID" ] || return 0
	kill -TERM "$RELAY_PID" 2>/dev/null
	wait "$RELAY_PID" 2>/dev/null
	local keep=() p
	for p in "${T_PIDS[@]}"; do [ "$p" = "$RELAY_PID" ] || keep+=("$p"); done
	T_PIDS=("${keep[@]+"${keep[@]}"}")
	RELAY_PID=
}
relay_start() {	# impair ARGS...
	relay_stop
	# Not through nsx: $! must be the relay itself, not a subshell.
	ip netns exec "$NS" "$IMPAIR" tap0 tap1 "$@" >>"$LOGDIR/bench-loss-relay.txt" 2>&1 &
	RELAY_PID=$!
	T_PIDS+=("$RELAY_PID")
	sleep 0.2
}

cond_args() {
	case "$1" in
	loss*) echo "--loss ${1#loss}" ;;
	reorder*) echo "--reorder ${1#reorder} --delay 10" ;;
	esac
}
cond_label() {
	case "$1" in
	loss*) echo "loss ${1#loss}%" ;;
	reorder*) echo "reorder ${1#reorder}%" ;;
	esac
}

# No offloads on either side (the relay sees frames, not a tap's vnet
# headers): a virtio guest gets neither checksum offload nor TSO.
NOOFFLOAD=()
[ "$NIC" = virtio ] && NOOFFLOAD=(-global virtio-net-pci.csum=off -global virtio-net-pci.guest_csum=off)

boot_target() {	# TARGET: boot it behind a clean relay; 0 once it answers ping
	local log="$LOGDIR/bench-loss-$1.log"
	relay_start
	case "$1" in
	skiff)
		start_qemu_netns "$NS" "$log" "$OUT/loss-guest.sock" --kernel "$SKIFF_COPY" \
			--nic "$NIC" --append "ip=$GUEST/24 gw=$HOST ping=off" \
			-- "${NOOFFLOAD[@]}"
		wait_log "$log" 'echo: listening on tcp port 7' 90 ;;
	linux)
		start_qemu_netns "$NS" "$log" "$OUT/loss-guest.sock" --kernel "$CACHE/vmlinuz" \
			--nic "$NIC" --mem "$LINUX_MEM" --append "console=ttyS0 quiet" \
			-- -initrd "$CACHE/initramfs.cpio.gz" "${NOOFFLOAD[@]}"
		wait_log "$log" 'linux-guest: ready' 120 ;;
	esac && nsx ping -c 3 -i 0.2 -W 2 "$GUEST" >/dev/null 2>&1
}

# echo_once ARGS...: one tcp_peer.py run; prints its last (JSON) line.
echo_once() {
	nsx timeout --kill-after=5 $((LIMIT + 30)) env TIMEOUT="$LIMIT" \
		/usr/bin/python3 "$PEER" "$@" 2>/dev/null | tail -n1
}
jfield() {	# JSON KEY: the value, or "-"
	/usr/bin/python3 -c 'import json, sys
try:
    d = json.loads(sys.argv[1]); v = d.get(sys.argv[2]); print("-" if v is None else v)
except Exception:
    print("-")' "$1" "$2"
}

RES="$OUT/loss.tsv"
printf 'target\tcondition\tbytes\tseed\tseconds\tbytes_back\n' >"$RES"

echo "Loss recovery: TCP echo through tools/impair, Skiff vs Linux (TCG, $(qemu-system-x86_64 --version | head -1 | awk '{print $4}'), $NIC, medians of $SEEDS seeds)"
[ -n "$CACHE" ] && echo "Linux guest: $(head -n1 "$CACHE/versions") (cache $CACHE)"
echo "host load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for target in $TARGETS; do
	if ! boot_target "$target"; then
		echo "  $target: did not come up (see ${LOGDIR#$ROOT/}/bench-loss-$target.log)" >&2
		stop_qemu "$QEMU_PID"
		continue
	fi
	for cond in $CONDS; do
		for size in $SIZES; do
			for seed in $(seq "$SEEDS"); do
				# shellcheck disable=SC2046
				relay_start $(cond_args "$cond") --seed "$seed"
				j=$(echo_once echo "$GUEST" "$size")
				s=$(jfield "$j" seconds)
				[ "$(jfield "$j" ok)" = True ] || s=">$LIMIT"
				printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$cond" "$size" "$seed" "$s" \
					"$(jfield "$j" bytes)" >>"$RES"
				echo "  $target $(cond_label "$cond") $size bytes seed $seed: $s s" >&2
				[ "${s#>}" = "$s" ] || echo "    $j" >&2
			done
		done
	done
	if [ "$HEAVY_SECS" != 0 ]; then
		for seed in $(seq "$SEEDS"); do
			relay_start --loss 20 --seed "$seed"
			j=$(echo_once echo-within "$GUEST" 1000000 "$HEAVY_SECS")
			printf '%s\tloss20\t1000000\t%s\t%s\t%s\n' "$target" "$seed" \
				"$(jfield "$j" seconds)" "$(jfield "$j" bytes)" >>"$RES"
			echo "  $target loss 20% seed $seed: $(jfield "$j" bytes) bytes back in $(jfield "$j" seconds) s" >&2
		done
	fi
	stop_qemu "$QEMU_PID"
	relay_stop
done

# The medians: a run over LIMIT counts as LIMIT, and the median is marked
# ">" when it is one of those.
median_of() {	# TARGET CONDITION BYTES COLUMN
	awk -F'\t' -v t="$1" -v c="$2" -v b="$3" -v col="$4" \
		'$1 == t && $2 == c && $3 == b { v = $col; over = sub(/^>/, "", v); print v + 0, over }' "$RES" |
		sort -n | awk '{ a[NR] = $1; o[NR] = $2 } END {
			if (!NR) { print "-"; exit }
			m = int((NR + 1) / 2); printf "%s%g\n", o[m] ? ">" : "", a[m] }'
}
SUM="$OUT/loss-summary.tsv"
printf 'condition\tbytes\tskiff\tlinux\tratio\n' >"$SUM"
echo
printf '%-12s %10s %10s %10s %12s\n' condition bytes "Skiff s" "Linux s" "Skiff/Linux"
for cond in $CONDS; do
	for size in $SIZES; do
		sk=$(median_of skiff "$cond" "$size" 5)
		li=$(median_of linux "$cond" "$size" 5)
		ratio=$(awk -v a="${sk#>}" -v b="${li#>}" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }')
		printf '%s\t%s\t%s\t%s\t%s\n' "$(cond_label "$cond")" "$size" "$sk" "$li" "$ratio" >>"$SUM"
		printf '%-12s %10s %10s %10s %12s\n' "$(cond_label "$cond")" "$size" "$sk" "$li" "$ratio"
	done
done
if [ "$HEAVY_SECS" != 0 ]; then
	sk=$(median_of skiff loss20 1000000 6)
	li=$(median_of linux loss20 1000000 6)
	printf 'loss 20%% (%s s)\t1000000\t%s\t%s\t-\n' "$HEAVY_SECS" "$sk" "$li" >>"$SUM"
	printf '%-12s %10s %10s %10s   (bytes back of 1 MB in %s s)\n' "loss 20%" 1000000 "$sk" "$li" "$HEAVY_SECS"
fi
echo "raw: ${RES#$ROOT/}, medians: ${SUM#$ROOT/}"
