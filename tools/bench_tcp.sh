#!/usr/bin/env bash
# TCP benchmark under TCG, in a private network namespace (Linux 10.0.0.1,
# guest 10.0.0.2), for each NIC in NICS; each figure the median of RUNS
# runs (one boot per run):
#
#   to guest    Mbit/s sent by Linux into the guest's discard (port 9) for TPUT_SECS
#   from guest  Mbit/s read by Linux from the guest's chargen (port 19)
#               (TPUT=iperf3: iperf3 -c / -c -R against an iperf3 server, port 5201)
#   rr          64-byte request/response round trips on one connection to
#               echo (port 7), median and p99 of RR_N, in microseconds
#   conn/s      connect + 4 bytes + echo + close, in a loop for CPS_SECS
#
# The measurements take a target, not Skiff: measure_target LABEL NIC START
# STOP calls "START NIC" (boot the guest in $NS and return once it serves),
# measures 10.0.0.2, then calls "STOP". Skiff's pair is skiff_start and
# skiff_stop below. A baseline guest (make bench BASELINE=linux) plugs in
# with BASELINE_HOOK=FILE, a bash file defining baseline_start NIC and
# baseline_stop (and optionally BASELINE_LABEL, e.g. "linux"); it is
# measured the same way and a ratio table (Skiff / baseline) follows.
#
# Every result line "tcp-bench: target=... nic=... to=... from=... rr_med=...
# rr_p99=... cps=..." is also printed for scripts.
set -u
cd "$(dirname "$0")/.."
. tests/integration/lib.sh

RUNS=${RUNS:-5}
NICS=${NICS:-"virtio e1000"}
TPUT=${TPUT:-svc}
TPUT_SECS=${TPUT_SECS:-5}
RR_N=${RR_N:-2000}
CPS_SECS=${CPS_SECS:-10}
ELF=${ELF:-build/skiff.elf}
GUEST=10.0.0.2
PEER="$ROOT/tests/integration/tcp_peer.py"
NS="skiff-benchtcp-$$"
netns_create "$NS" || { echo "bench_tcp: cannot create a network namespace (root needed)"; exit 1; }
nsx() { ip netns exec "$NS" "$@"; }
# conn/s leaves Linux (the client, closing first) with a TIME-WAIT per
# connection: reuse them (timestamps make that safe) and use every port.
nsx sysctl -qw net.ipv4.tcp_tw_reuse=1 net.ipv4.ip_local_port_range="1024 65535"

median() { sort -n | awk '{a[NR]=$1} END { if (NR) print a[int((NR+1)/2)]; else print "-" }'; }

skiff_start() {
	local svcs=echo,discard,chargen
	[ "$TPUT" = iperf3 ] && svcs+=,iperf3
	SKIFF_LOG="$LOGDIR/bench-tcp-$1.log"
	start_qemu_netns "$NS" "$SKIFF_LOG" "$ROOT/build/bench-tcp.sock" --kernel "$ELF" \
		--nic "$1" --append "ip=$GUEST/24 gw=10.0.0.1 ping=off services=$svcs"
	wait_log "$SKIFF_LOG" 'echo: listening on tcp port 7' 60 &&
		wait_log "$SKIFF_LOG" 'chargen: listening on tcp port 19' 10 &&
		nsx ping -c 2 -i 0.2 -W 2 "$GUEST" >/dev/null 2>&1
}
skiff_stop() { stop_qemu "$QEMU_PID"; }

# peer_get SECONDS KEYS ARGS...: one tcp_peer.py measurement; the values of
# the comma-separated KEYS, space-separated ("-" for each on failure).
peer_get() {
	local t=$1 keys=$2 out
	shift 2
	out=$(nsx timeout --kill-after=5 "$t" /usr/bin/python3 "$PEER" "$@" 2>/dev/null | tail -n1)
	/usr/bin/python3 -c 'import json,sys
keys = sys.argv[2].split(",")
try:
    d = json.loads(sys.argv[1]); print(" ".join(str(d[k]) if d.get("ok") else "-" for k in keys))
except Exception: print(" ".join("-" for k in keys))' "$out" "$keys"
}

# iperf3_get REVERSE: Mbit/s from iperf3 (-R: from the guest), or "-".
iperf3_get() {
	local out
	out=$(nsx timeout 60 iperf3 -c "$GUEST" -t "$TPUT_SECS" -J $1 2>/dev/null)
	/usr/bin/python3 -c 'import json,sys
try: print(round(json.loads(sys.argv[1])["end"]["sum_received"]["bits_per_second"] / 1e6, 1))
except Exception: print("-")' "$out"
}

# measure_target LABEL NIC START STOP: RUNS boots, medians into R_* and one line.
measure_target() {
	local label=$1 nic=$2 start=$3 stop=$4 to=() from=() med=() p99=() cps=() m p
	for _ in $(seq "$RUNS"); do
		if ! "$start" "$nic"; then
			"$stop"
			echo "bench_tcp: $label on $nic did not come up" >&2
			continue
		fi
		if [ "$TPUT" = iperf3 ]; then
			to+=("$(iperf3_get "")")
			from+=("$(iperf3_get -R)")
		else
			to+=("$(peer_get $((TPUT_SECS + 60)) mbit tput-to "$GUEST" "$TPUT_SECS")")
			from+=("$(peer_get $((TPUT_SECS + 60)) mbit tput-from "$GUEST" "$TPUT_SECS")")
		fi
		read -r m p < <(peer_get 120 median_us,p99_us rr "$GUEST" "$RR_N")
		med+=("$m")
		p99+=("$p")
		cps+=("$(peer_get $((CPS_SECS + 60)) per_second cps "$GUEST" "$CPS_SECS")")
		"$stop"
	done
	R_TO=$(printf '%s\n' "${to[@]+"${to[@]}"}" | grep -v '^-$' | median)
	R_FROM=$(printf '%s\n' "${from[@]+"${from[@]}"}" | grep -v '^-$' | median)
	R_MED=$(printf '%s\n' "${med[@]+"${med[@]}"}" | grep -v '^-$' | median)
	R_P99=$(printf '%s\n' "${p99[@]+"${p99[@]}"}" | grep -v '^-$' | median)
	R_CPS=$(printf '%s\n' "${cps[@]+"${cps[@]}"}" | grep -v '^-$' | median)
	printf '%-8s %-8s %12s %12s %10s %10s %9s\n' "$nic" "$label" "$R_TO" "$R_FROM" \
		"$R_MED" "$R_P99" "$R_CPS"
	echo "tcp-bench: target=$label nic=$nic to=$R_TO from=$R_FROM rr_med=$R_MED rr_p99=$R_P99 cps=$R_CPS" >>"$RESULTS"
}

RESULTS=$(mktemp)
trap 'cleanup; rm -f "$RESULTS"' EXIT
BASE_LABEL=
if [ -n "${BASELINE_HOOK:-}" ]; then
	. "$BASELINE_HOOK"
	BASE_LABEL=${BASELINE_LABEL:-baseline}
fi

thr="discard/chargen"
[ "$TPUT" = iperf3 ] && thr="iperf3"
echo "TCP benchmarks (TCG, medians of $RUNS runs; throughput $thr ${TPUT_SECS}s, rr over $RR_N, conn/s over ${CPS_SECS}s)"
printf '%-8s %-8s %12s %12s %10s %10s %9s\n' NIC target "to Mbit/s" "from Mbit/s" "rr med us" "rr p99 us" "conn/s"
for nic in $NICS; do
	measure_target skiff "$nic" skiff_start skiff_stop
	if [ -n "$BASE_LABEL" ]; then
		s_to=$R_TO s_from=$R_FROM s_med=$R_MED s_cps=$R_CPS
		measure_target "$BASE_LABEL" "$nic" baseline_start baseline_stop
		ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a+0 > 0 && b+0 > 0) printf "%.2f", a / b; else print "-" }'; }
		printf '%-8s %-8s %12s %12s %10s %10s %9s\n' "$nic" "ratio" "$(ratio "$s_to" "$R_TO")" \
			"$(ratio "$s_from" "$R_FROM")" "$(ratio "$s_med" "$R_MED")" "" "$(ratio "$s_cps" "$R_CPS")"
	fi
done
echo
cat "$RESULTS"
cat <<'NOTE'

Reference, a Linux guest on this machine (issue 5, TCG, iperf3 and a 64-byte echo):
  to the guest 2800 / 890 Mbit/s (virtio / e1000), from it 2300 / 820, round trip 262 / 377 us.
NOTE
