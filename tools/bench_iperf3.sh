#!/usr/bin/env bash
# iperf3 throughput against Skiff's iperf3 service, both ways, as medians of
# RUNS runs of `iperf3 -t SECS` (TCP): client -> Skiff (what Skiff receives)
# and Skiff -> client (-R, what Skiff sends), in Mbit/s as the client's JSON
# reports them (sum_received.bits_per_second).
#
# usage: tools/bench_iperf3.sh [skiff|host]
#
#   skiff  (default; root) boots Skiff (build/skiff.elf, or SKIFF_ELF) behind a
#          tap in a private network namespace, once per NIC in NICS, with
#          services=iperf3, and runs Debian's iperf3 client from the Linux
#          side (10.0.0.1 -> 10.0.0.2:5201). ACCEL=kvm if the host has it.
#   host   the same server built for Linux (build/iperf3-host) on 127.0.0.1:
#          a check of the benchmark itself, and of the server's own cost.
#
# Environment: RUNS (5), SECS (10), NICS ("virtio e1000"), SKIFF_ELF, APPEND
# (more kernel command line, e.g. APPEND=offload=off),
# DIRS ("to from": which directions to measure), PROFILE (a rate in Hz:
# boot Skiff with profile=PROFILE and httpd, and after the runs print the
# busiest kernel functions of the whole boot from /api/stats, as
# /proc/skiff/profile counts them, each as a share of the samples that
# were not idle; DIRS=to profiles receiving alone).
# Nothing here is a pass/fail test; it prints figures (and "-" for a run
# that failed). Logs of the guests go to build/test-logs/bench-iperf3-*.log.
set -u
cd "$(dirname "$0")/.."
. tests/integration/lib.sh

MODE=${1:-skiff}
RUNS=${RUNS:-5}
SECS=${SECS:-10}
NICS=${NICS:-"virtio e1000"}
DIRS=${DIRS:-"to from"}
PROFILE=${PROFILE:-}
ELF=${SKIFF_ELF:-build/skiff.elf}
X=()

median() { sort -n | awk '{a[NR]=$1} END { if (NR) print a[int((NR+1)/2)]; else print "-" }'; }

# one_run ARGS...: Mbit/s of one iperf3 run (sum_received), or "-".
one_run() {
	"${X[@]+"${X[@]}"}" timeout $((SECS + 60)) iperf3 -c "$SERVER" -p "$PORT" \
		--connect-timeout 10000 -t "$SECS" -J "$@" 2>/dev/null |
		/usr/bin/python3 -c '
import json, sys
try:
    e = json.load(sys.stdin)["end"]["sum_received"]
    print("%.1f" % (e["bits_per_second"] / 1e6))
except Exception:
    print("-")'
}

# measure LABEL: RUNS runs each way (of DIRS), one table row.
measure() {
	local label=$1 fwd=() rev=()
	for _ in $(seq "$RUNS"); do
		[[ " $DIRS " = *" to "* ]] && fwd+=("$(one_run)")
		[[ " $DIRS " = *" from "* ]] && rev+=("$(one_run -R)")
	done
	printf '%-8s %18s %18s\n' "$label" \
		"$(printf '%s\n' "${fwd[@]}" | grep -v '^-$' | median)" \
		"$(printf '%s\n' "${rev[@]}" | grep -v '^-$' | median)"
	echo "         runs: to Skiff ${fwd[*]} / from Skiff ${rev[*]}"
}

# show_profile: the top functions of Skiff's profiler, from httpd's /api/stats.
show_profile() {
	"${X[@]}" curl -s -m 20 "http://$SERVER/api/stats" | /usr/bin/python3 -c '
import json, sys
try:
    p = json.load(sys.stdin)["profile"]
except Exception:
    print("         (no profile from /api/stats)")
    sys.exit(0)
n = max(p["samples"], 1)
busy = max(p["samples"] - p["idle"], 1)
print("         profile: %d samples at %d Hz, idle %.1f%%, user %.1f%%; share of the busy samples:" %
      (p["samples"], p["rate_hz"], 100.0 * p["idle"] / n, 100.0 * p["user"] / n))
for f in p["top"]:
    print("         %5.1f%%  %s" % (100.0 * f["samples"] / busy, f["fn"]))'
}

header() {
	echo "iperf3 throughput ($1, TCP, -t $SECS, medians of $RUNS runs, Mbit/s)"
	printf '%-8s %18s %18s\n' NIC "client -> Skiff" "Skiff -> client"
}

case $MODE in
host)
	gcc -O2 -Wall -Wextra -Werror -o build/iperf3-host services/iperf3/*.c || exit 1
	SERVER=127.0.0.1
	PORT=${PORT:-25299}
	log="$LOGDIR/bench-iperf3-host.log"
	build/iperf3-host -p "$PORT" -B 127.0.0.1 >"$log" 2>&1 &
	T_PIDS+=("$!")
	wait_log "$log" "listening on tcp port $PORT" 10 || { echo "bench: iperf3-host did not start"; exit 1; }
	header "build/iperf3-host on loopback"
	measure host
	;;
skiff)
	[ -f "$ELF" ] || { echo "bench: no $ELF (run make)"; exit 1; }
	NS="skiff-bench-iperf3-$$"
	netns_create "$NS" || { echo "bench: cannot create a network namespace (root needed)"; exit 1; }
	X=(ip netns exec "$NS")
	SERVER=10.0.0.2
	PORT=5201
	header "Skiff under ${ACCEL:-tcg}, $(qemu-system-x86_64 --version | head -1 | awk '{print $4}')"
	append="ip=10.0.0.2/24 ping=off services=iperf3"
	[ -n "$PROFILE" ] && append="ip=10.0.0.2/24 ping=off services=iperf3,httpd profile=$PROFILE"
	[ -n "${APPEND:-}" ] && append="$append $APPEND"
	for nic in $NICS; do
		log="$LOGDIR/bench-iperf3-$nic.log"
		start_qemu_netns "$NS" "$log" "$ROOT/build/bench-iperf3.sock" --kernel "$ELF" \
			--nic "$nic" ${ACCEL:+--accel "$ACCEL"} --append "$append"
		if wait_log "$log" "iperf3: listening on tcp port 5201" 90; then
			"${X[@]}" ping -c 3 -i 0.2 -W 2 "$SERVER" >/dev/null 2>&1
			measure "$nic"
			[ -n "$PROFILE" ] && show_profile
		else
			printf '%-8s %18s %18s\n' "$nic" - -
			echo "         (iperf3 did not come up: see $log)"
		fi
		stop_qemu "$QEMU_PID"
	done
	;;
*)
	echo "usage: $0 [skiff|host]"
	exit 2
	;;
esac
