#!/usr/bin/env bash
# HTTP requests per second against httpd: `ab -n N -c C` with keep-alive
# (-k) and with a new connection per request, each the median of RUNS runs.
#
#   tools/bench_http.sh [skiff|host]
#
#   skiff  (default; root) Skiff behind a tap in a private network namespace
#          (Linux 10.0.0.1, Skiff 10.0.0.2) with services=httpd, per NIC
#          in NICS, under TCG unless ACCEL=kvm;
#   host   build/httpd-host (built here) on 127.0.0.1, for comparison and
#          for working on httpd before Skiff's TCP is there.
#
# Variables: RUNS (5), N (20000), C (32), NICS ("e1000 virtio"), URLPATH
# (/, the dashboard page), ACCEL, SKIFF_ELF (build/skiff.elf). Prints a
# table and, for scripts, lines "http_rps TARGET NIC MODE VALUE".
set -u
cd "$(dirname "$0")/.."
. tests/integration/lib.sh

TARGET=${1:-skiff}
RUNS=${RUNS:-5}
N=${N:-20000}
C=${C:-32}
NICS=${NICS:-"e1000 virtio"}
URLPATH=${URLPATH:-/}
ACCEL=${ACCEL:-tcg}
ELF=${SKIFF_ELF:-build/skiff.elf}
X=()

median() { sort -n | awk '{a[NR]=$1} END { if (NR) print a[int((NR+1)/2)] }'; }

# ab_rps URL [-k]: requests/s of one ab run, or "-" if it did not complete.
ab_rps() {
	local out done_n failed
	out=$("${X[@]+"${X[@]}"}" timeout 300 ab -q -n "$N" -c "$C" ${2:-} "$1" 2>&1)
	done_n=$(sed -n 's/^Complete requests: *//p' <<<"$out")
	failed=$(sed -n 's/^Failed requests: *//p' <<<"$out")
	if [ "$done_n" != "$N" ] || [ "$failed" != 0 ]; then
		echo "bench_http: ab ${2:-} incomplete (complete '$done_n', failed '$failed'): $(grep -v '^$' <<<"$out" | tail -n 2 | tr '\n' ' ')" >&2
		echo -
		return
	fi
	sed -n 's/^Requests per second: *\([0-9]*\).*/\1/p' <<<"$out"
}

# measure LABEL NIC URL: the table row and the script lines for one server.
measure() {
	local label=$1 nic=$2 url=$3 ka=() nk=() k n
	"${X[@]+"${X[@]}"}" timeout 60 ab -q -n 200 -c 8 -k "$url" >/dev/null 2>&1	# warm up
	for _ in $(seq "$RUNS"); do
		ka+=("$(ab_rps "$url" -k)")
		nk+=("$(ab_rps "$url")")
	done
	k=$(printf '%s\n' "${ka[@]}" | grep -v '^-$' | median)
	n=$(printf '%s\n' "${nk[@]}" | grep -v '^-$' | median)
	printf '%-8s %-8s %16s %16s\n' "$label" "$nic" "${k:--}" "${n:--}"
	echo "                  runs: keep-alive ${ka[*]}; new connection ${nk[*]}"
	echo "http_rps $label $nic keepalive ${k:--}" >>"$RESULTS"
	echo "http_rps $label $nic close ${n:--}" >>"$RESULTS"
}

RESULTS=$(mktemp)
trap 'cleanup; rm -f "$RESULTS"' EXIT

echo "HTTP: ab -n $N -c $C GET $URLPATH, requests/s, medians of $RUNS runs"
printf '%-8s %-8s %16s %16s\n' target NIC keep-alive "new connection"

case "$TARGET" in
host)
	gcc -O2 -Wall -Wextra -Werror -o build/httpd-host services/httpd/*.c || exit 1
	port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	build/httpd-host -a 127.0.0.1 -p "$port" -s tests/integration/data/stats-sample.json \
		>"$LOGDIR/bench-httpd-host.log" 2>&1 &
	T_PIDS+=("$!")
	wait_log "$LOGDIR/bench-httpd-host.log" listening 10 || { echo "bench_http: httpd-host did not start"; exit 1; }
	measure host lo "http://127.0.0.1:$port$URLPATH"
	;;
skiff)
	NS="skiff-bench-http-$$"
	netns_create "$NS" || { echo "bench_http: cannot create a network namespace (root needed)"; exit 1; }
	X=(ip netns exec "$NS")
	for nic in $NICS; do
		log="$LOGDIR/bench-http-$nic.log"
		start_qemu_netns "$NS" "$log" "$ROOT/build/bench-http.sock" --kernel "$ELF" \
			--nic "$nic" --accel "$ACCEL" --append "ip=10.0.0.2/24 ping=off services=httpd"
		if wait_log "$log" "httpd: listening on tcp port 80" 90; then
			measure skiff "$nic" "http://10.0.0.2$URLPATH"
		else
			printf '%-8s %-8s %16s %16s\n' skiff "$nic" - -
			echo "                  httpd did not come up (see ${log#$ROOT/})"
		fi
		stop_qemu "$QEMU_PID"
	done
	;;
*)
	echo "usage: $0 [skiff|host]"
	exit 2
	;;
esac
echo
cat "$RESULTS"
