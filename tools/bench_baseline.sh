#!/usr/bin/env bash
# `make bench BASELINE=linux`: Skiff and a Linux guest measured side by side
# on the same QEMU (TCG), NIC model and tap, inside a private network
# namespace (Linux host side 10.0.0.1, guest 10.0.0.2). The Linux guest is
# Debian 12's distribution kernel with busybox, iperf3, nginx and a small
# echo/discard/chargen server in an initramfs, built at bench time from
# Debian packages by tools/linux-guest/build.sh into a cache outside the
# repository ($SKIFF_BENCH_CACHE, default ~/.cache/skiff-bench).
#
# Every metric is measured by the same function against both guests, which
# know nothing of the target but its address; each boot measures them all
# once, and the table gives the medians over RUNS boots per target and NIC:
#
#   boot->ping     QEMU start to the first ICMP echo reply (s)
#   rtt med/p99    ICMP round trip over 500 pings 5 ms apart (ms)
#   iperf3 to/from TCP throughput to and from the guest, iperf3 client
#                  here against the guest's iperf3 server (Gbit/s)
#   discard/chargen TCP throughput to port 9 and from port 19 (Gbit/s)
#   echo64 rtt     64-byte request/response on one connection to port 7,
#                  median and p99 over 2000 (us)
#   conn/s         connect, 4-byte echo, close, one after another, port 7
#   (discard, chargen, echo64 and conn/s with tools/bench_tcp.sh's client,
#   tests/integration/tcp_peer.py, when it is there)
#   http ka/close  ab -n AB_N -c AB_C with -k and without against port 80
#                  (requests/s): nginx's 612-byte page, Skiff's httpd at
#                  SKIFF_HTTP_PATH (default /, the dashboard page)
#   min RAM        the smallest -m (MiB, of MINRAM_SIZES) at which the guest
#                  boots and answers ping, found by bisection, once per
#                  target and NIC
#
# Output: the table (metric, NIC, Skiff, Linux, Skiff/Linux), the raw
# per-run values in build/bench/results.tsv, the medians and ratios in
# build/bench/summary.tsv and a chart of the ratios in build/bench/bench.png.
#
# Variables: RUNS (3), NICS ("e1000 virtio microvm": QEMU's NIC models on
# the PC machine, and QEMU's microvm with its virtio-mmio NIC), TARGETS ("skiff linux"),
# IPERF_TIME (5 s), TCP_TIME (5 s), AB_N (20000), AB_C (32), SKIFF_ELF
# (build/skiff.elf), SKIFF_HTTP_PATH (/), LINUX_MEM (256M), SKIFF_MEM (128M),
# SKIFF_BENCH_CACHE, BENCH_OUT (build/bench). `tools/bench_baseline.sh --chart`
# draws the chart again from an existing summary.tsv. Needs root (network namespace) and tools/deps.sh's
# packages.
set -u
cd "$(dirname "$0")/.."
. tests/integration/lib.sh

RUNS=${RUNS:-3}
NICS=${NICS:-"e1000 virtio microvm"}
TARGETS=${TARGETS:-"skiff linux"}
IPERF_TIME=${IPERF_TIME:-5}
TCP_TIME=${TCP_TIME:-5}
AB_N=${AB_N:-20000}
AB_C=${AB_C:-32}
SKIFF_HTTP_PATH=${SKIFF_HTTP_PATH:-/}
LINUX_MEM=${LINUX_MEM:-256M}
SKIFF_MEM=${SKIFF_MEM:-128M}
GUEST=10.0.0.2
OUT=${BENCH_OUT:-$ROOT/build/bench}
mkdir -p "$OUT"

median() { sort -n | awk '{a[NR]=$1} END { if (NR) print a[int((NR+1)/2)] }'; }
p99() { sort -n | awk '{a[NR]=$1} END { if (NR) { i=int(NR*0.99+0.5); if (i<1) i=1; print a[i] } }'; }

better() { case "$1" in boot_s|rtt_*|echo64_*|image_kib|min_ram_mib) echo lower ;; *) echo higher ;; esac; }
label() {
	case "$1" in
	boot_s) echo "boot->ping s" ;;
	rtt_med_ms) echo "ICMP rtt median ms" ;;
	rtt_p99_ms) echo "ICMP rtt p99 ms" ;;
	iperf3_to_gbps) echo "iperf3 to guest Gbit/s" ;;
	iperf3_from_gbps) echo "iperf3 from guest Gbit/s" ;;
	discard_gbps) echo "TCP to discard Gbit/s" ;;
	chargen_gbps) echo "TCP from chargen Gbit/s" ;;
	echo64_us) echo "64-byte echo rtt us" ;;
	echo64_p99_us) echo "64-byte echo rtt p99 us" ;;
	conn_per_s) echo "TCP connections/s" ;;
	http_ka_rps) echo "HTTP req/s keep-alive" ;;
	http_close_rps) echo "HTTP req/s new conn" ;;
	http_body_bytes) echo "HTTP body bytes" ;;
	image_kib) echo "image KiB" ;;
	min_ram_mib) echo "min RAM MiB" ;;
	*) echo "$1" ;;
	esac
}
med_of() {	# TARGET NIC METRIC
	awk -F'\t' -v t="$1" -v n="$2" -v m="$3" '$1 == t && $2 == n && $4 == m && $5 != "-" { print $5 }' "$RES" | median
}
METRICS="boot_s rtt_med_ms rtt_p99_ms iperf3_to_gbps iperf3_from_gbps discard_gbps chargen_gbps echo64_us echo64_p99_us conn_per_s http_ka_rps http_close_rps http_body_bytes min_ram_mib"
MINRAM_SIZES=${MINRAM_SIZES:-"2 3 4 5 6 8 12 16 24 32 48 64 96 128 192 256"}
SUM="$OUT/summary.tsv"

# draw_chart: build/bench/bench.png from summary.tsv: Skiff/Linux per metric
# and NIC on a log scale, one panel for the figures where higher is better
# and one where lower is, each bar labelled with its ratio.
draw_chart() {
	local nics panel i n m line col ncol off plot lo hi
	nics=$(awk -F'\t' 'NR > 1 && $2 != "-" && !seen[$2]++ { printf "%s ", $2 }' "$SUM")
	ncol=$(wc -w <<<"$nics")
	[ "$ncol" -gt 0 ] || { echo "chart: no figures"; return 1; }
	for panel in higher lower; do
		for m in $METRICS image_kib; do
			[ "$(better "$m")" = "$panel" ] && [ "$m" != http_body_bytes ] || continue
			line="\"$(label "$m" | sed -E 's/ (s|ms|us|Gbit\/s|KiB)$//')\""
			for n in $nics; do
				# The image is one figure for both NICs: one bar.
				if [ "$m" = image_kib ]; then
					[ "$n" = "${nics%% *}" ] && n=- || { line+=" NaN"; continue; }
				fi
				line+=" $(awk -F'\t' -v m="$m" -v n="$n" '$1 == m && $2 == n { v = $5 } END { print (v == "" || v == "-") ? "NaN" : v }' "$SUM")"
			done
			echo "$line"
		done >"$OUT/chart-$panel.dat"
	done
	# The y range: every ratio and 1, with room for the labels.
	read -r lo hi < <(cat "$OUT"/chart-*.dat | awk '{ for (i = NF - '"$ncol"' + 1; i <= NF; i++) if ($i != "NaN") { v = $i + 0; if (v > 0 && v < lo) lo = v; if (v > hi) hi = v } }
		BEGIN { lo = 1; hi = 1 } END { print lo / 2, hi * 3 }')
	{
		echo "set terminal pngcairo size 1700,720 font 'Sans,11'"
		echo "set output '$OUT/bench.png'"
		echo "set multiplot layout 1,2 title 'Skiff / Linux 6.1 (Debian 12) on the same QEMU (TCG), NIC and tap: ratio of medians' font 'Sans,13'"
		echo "set style data histograms; set style histogram clustered gap 1"
		echo "set style fill solid 0.85 border -1; set boxwidth 0.9"
		echo "set logscale y; set yrange [$lo:$hi]; set grid ytics; set key top left"
		echo "set xtics rotate by -30 left nomirror; set bmargin 9; set rmargin 6; set ylabel 'Skiff / Linux (log scale)'"
		echo "set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead lw 2 dt 2 lc rgb 'black' front"
		for panel in higher lower; do
			if [ $panel = higher ]; then
				echo "set title 'higher is better: Skiff ahead above 1'"
			else
				echo "set title 'lower is better: Skiff ahead below 1'"
			fi
			plot="plot"
			col=2
			for n in $nics; do
				off=$(awk -v k=$((col - 2)) -v n="$ncol" 'BEGIN { print (k - (n - 1) / 2) / (n + 1) }')
				plot+=" '$OUT/chart-$panel.dat' using $col:xtic(1) title '$n',"
				plot+=" '' using (\$0 + $off):$col:(sprintf('%.2f', \$$col)) with labels offset 0,0.7 font 'Sans,9' notitle,"
				col=$((col + 1))
			done
			echo "${plot%,}"
		done
		echo "unset multiplot"
	} >"$OUT/bench.gp"
	if gnuplot "$OUT/bench.gp" 2>"$OUT/gnuplot.err"; then
		echo "chart: ${OUT#$ROOT/}/bench.png"
	else
		echo "chart: gnuplot failed (see ${OUT#$ROOT/}/gnuplot.err)"
	fi
}

# tools/bench_baseline.sh --chart: draw the chart again from summary.tsv.
if [ "${1:-}" = --chart ]; then
	draw_chart
	exit
fi

# --- the guests -------------------------------------------------------------

CACHE=$(tools/linux-guest/build.sh) || { echo "bench_baseline: building the Linux guest failed"; exit 1; }
# A private copy of Skiff's image: a rebuild during the run changes nothing.
SKIFF_COPY=$(mktemp /tmp/skiff-bench-XXXXXX.elf)
cp "${SKIFF_ELF:-build/skiff.elf}" "$SKIFF_COPY" || { echo "bench_baseline: no Skiff image"; exit 1; }
trap 'cleanup; rm -f "$SKIFF_COPY"' EXIT

NS="skiff-baseline-$$"
netns_create "$NS" || { echo "bench_baseline: cannot create a network namespace (root needed)"; exit 1; }
nsx() { ip netns exec "$NS" "$@"; }
# The host side of the namespace: ARP retried every 10 ms rather than every
# second, so that boot->ping is not rounded up to Linux's 1 s probe timer
# for a guest that is still booting; room for ab's 20,000 connections.
nsx sysctl -qw net.ipv4.neigh.tap0.retrans_time_ms=10 \
	net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_tw_reuse=1

# The host's TSC rate in kHz, which a TCG guest's TSC runs at: measured
# over 200 ms of CLOCK_MONOTONIC by a few lines of C.
host_tsc_khz() {
	local bin="$OUT/tsc-khz"
	[ -x "$bin" ] || gcc -O2 -x c -o "$bin" - <<-'EOF2' || return 1
	#include <stdio.h>
	#include <time.h>
	#include <x86intrin.h>
	static long long ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
	int main(void) { long long n0 = ns(), n; unsigned long long c0 = __rdtsc(); while ((n = ns()) - n0 < 200000000LL); printf("%llu\n", (__rdtsc() - c0) * 1000000ULL / (unsigned long long)(n - n0)); return 0; }
	EOF2
	"$bin"
}

# Linux 6.1 cannot find its TSC's rate on microvm under TCG: there is no
# PIT gate (port 0x61), HPET or PM timer to calibrate against ("tsc: No
# reference (HPET/PMTIMER) available"), and its boot then crawls or stalls
# in the timer checks. tsc_early_khz= hands it the host's rate. Skiff needs
# no such help (kernel/time/tsc.c).
linux_append() {
	case "$1" in
	microvm) echo "console=ttyS0 quiet tsc_early_khz=$HOST_TSC_KHZ" ;;
	*) echo "console=ttyS0 quiet" ;;
	esac
}
HOST_TSC_KHZ=$(host_tsc_khz) || { echo "bench_baseline: cannot measure the host's TSC"; exit 1; }

# boot_target TARGET NIC LOG [MEM [APPEND]]: start the guest in the namespace
# on tap0, with MEM of RAM (default SKIFF_MEM, LINUX_MEM) and APPEND added
# to its command line.
boot_target() {
	case "$1" in
	skiff)
		start_qemu_netns "$NS" "$3" "$OUT/guest.sock" --kernel "$SKIFF_COPY" $(nic_args "$2") \
			--mem "${4:-$SKIFF_MEM}" --append "ip=$GUEST/24 ping=off ${5:-}" ;;
	linux)
		start_qemu_netns "$NS" "$3" "$OUT/guest.sock" --kernel "$CACHE/vmlinuz" $(nic_args "$2") \
			--mem "${4:-$LINUX_MEM}" --append "$(linux_append "$2") ${5:-}" \
			-- -initrd "$CACHE/initramfs.cpio.gz" ;;
	esac
}

# The serial-console line that says every service listens.
ready_re() {
	case "$1" in
	skiff) echo 'iperf3: listening on tcp port 5201' ;;
	linux) echo 'linux-guest: ready' ;;
	esac
}

http_path() { [ "$1" = skiff ] && echo "$SKIFF_HTTP_PATH" || echo /; }

# --- the measurements: target-agnostic, against $GUEST from the namespace ----

# first_reply T0: seconds from T0 (date +%s.%N) to the first echo reply.
# No -w: with a deadline ping gives up at the first "host unreachable".
first_reply() {
	local line
	line=$(nsx timeout 90 ping -D -n -i 0.005 -W 0.2 "$GUEST" 2>/dev/null | grep -m1 'bytes from')
	[ -n "$line" ] || { echo -; return; }
	awk -v t0="$1" -v l="$line" 'BEGIN { sub(/^\[/, "", l); split(l, a, "]"); printf "%.3f\n", a[1] - t0 }'
}

# icmp_rtt: "median p99" in ms over 500 pings 5 ms apart.
icmp_rtt() {
	local r
	nsx ping -c 20 -i 0.01 -W 1 "$GUEST" >/dev/null 2>&1	# warm ARP and caches
	r=$(nsx ping -n -c 500 -i 0.005 -W 1 "$GUEST" 2>/dev/null | sed -nE 's/.*time=([0-9.]+) ms/\1/p')
	if [ -n "$r" ]; then echo "$(median <<<"$r") $(p99 <<<"$r")"; else echo "- -"; fi
}

# iperf3_gbps [-R]: TCP throughput in Gbit/s to the guest (from with -R).
# iperf3 3.12's server now and then resets the control connection of a test
# that follows another at once ("unable to receive control message"): one
# more try a second later.
iperf3_gbps() {
	local try v
	for try in 1 2; do
		v=$(nsx timeout $((IPERF_TIME + 30)) iperf3 -c "$GUEST" -t "$IPERF_TIME" -O 1 -J ${1:-} 2>/dev/null |
			/usr/bin/python3 -c '
import json, sys
d = {}
try:
    d = json.load(sys.stdin)
    print("%.3f" % (d["end"]["sum_received"]["bits_per_second"] / 1e9))
except Exception:
    print("-", d.get("error", "no result") if isinstance(d, dict) else "no result")')
		[ "${v%% *}" != - ] && break
		echo "bench_baseline: iperf3 ${1:-} try $try: ${v#- }" >&2
		sleep 1
	done
	echo "${v%% *}"
}

# tcp_client: discard and chargen throughput (Gbit/s), 64-byte echo round
# trip (us, median and p99 over 2000) and connections per second (connect,
# 4-byte echo, close), as "key value" lines; "-" for what failed. With
# tests/integration/tcp_peer.py there (tools/bench_tcp.sh's client), it is
# what measures, so that both benchmarks count the same way; otherwise the
# same loops below.
PEER="$ROOT/tests/integration/tcp_peer.py"
peer_get() {	# SECONDS KEY SCALE ARGS...: d[KEY] * SCALE of one tcp_peer.py run
	local t=$1 key=$2 scale=$3 out
	shift 3
	out=$(nsx timeout --kill-after=5 "$t" /usr/bin/python3 "$PEER" "$@" 2>/dev/null | tail -n1)
	/usr/bin/python3 -c 'import json, sys
try:
    d = json.loads(sys.argv[1])
    print("%g" % round(d[sys.argv[2]] * float(sys.argv[3]), 3) if d.get("ok") else "-")
except Exception:
    print("-")' "$out" "$key" "$scale"
}
tcp_client() {
	if [ -f "$PEER" ]; then
		echo "discard_gbps $(peer_get $((TCP_TIME + 60)) mbit 0.001 tput-to "$GUEST" "$TCP_TIME")"
		echo "chargen_gbps $(peer_get $((TCP_TIME + 60)) mbit 0.001 tput-from "$GUEST" "$TCP_TIME")"
		local out
		out=$(nsx timeout --kill-after=5 120 /usr/bin/python3 "$PEER" rr "$GUEST" 2000 2>/dev/null | tail -n1)
		/usr/bin/python3 -c 'import json, sys
try:
    d = json.loads(sys.argv[1]); assert d["ok"]; print("echo64_us", d["median_us"]); print("echo64_p99_us", d["p99_us"])
except Exception:
    print("echo64_us -"); print("echo64_p99_us -")' "$out"
		echo "conn_per_s $(peer_get $((TCP_TIME + 60)) per_second 1 cps "$GUEST" "$TCP_TIME")"
		return
	fi
	nsx timeout $((TCP_TIME * 4 + 60)) /usr/bin/python3 - "$GUEST" "$TCP_TIME" <<'PY'
import os, socket, sys, time
host, secs = sys.argv[1], float(sys.argv[2])

def conn(port):
    s = socket.create_connection((host, port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s

def discard():
    s = conn(9)
    buf = os.urandom(65536)
    sent, t0 = 0, time.monotonic()
    while time.monotonic() - t0 < secs:
        s.sendall(buf)
        sent += len(buf)
    s.shutdown(socket.SHUT_WR)		# the server closes once it has read it all
    while s.recv(65536):
        pass
    return "%.3f" % (sent * 8 / (time.monotonic() - t0) / 1e9)

def chargen():
    s = conn(19)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    buf = bytearray(65536)
    got = s.recv_into(buf)			# the clock starts at the first byte
    got, t0 = 0, time.monotonic()
    while time.monotonic() - t0 < secs:
        n = s.recv_into(buf)
        if not n:
            raise OSError("closed")
        got += n
    dt = time.monotonic() - t0
    s.close()
    return "%.3f" % (got * 8 / dt / 1e9)

def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise OSError("closed")
        b += c
    return b

def echo64():
    s = conn(7)
    msg = bytes(range(64))
    for _ in range(20):
        s.sendall(msg); recv_exact(s, 64)
    rtt = []
    for _ in range(2000):
        t = time.perf_counter()
        s.sendall(msg)
        if recv_exact(s, 64) != msg:
            raise OSError("echo mismatch")
        rtt.append(time.perf_counter() - t)
    s.close()
    rtt.sort()
    return "%.1f\necho64_p99_us %.1f" % (rtt[len(rtt) // 2] * 1e6, rtt[int(len(rtt) * 0.99)] * 1e6)

def conns():
    n, t0 = 0, time.monotonic()
    while time.monotonic() - t0 < secs:
        s = socket.create_connection((host, 7), timeout=10)
        s.sendall(b"ping")
        recv_exact(s, 4)
        s.close()
        n += 1
    return "%.1f" % (n / (time.monotonic() - t0))

for name, f in (("discard_gbps", discard), ("chargen_gbps", chargen),
                ("echo64_us", echo64), ("conn_per_s", conns)):
    try:
        v = f()
    except Exception as e:
        print("bench_baseline: %s: %s" % (name, e), file=sys.stderr)
        v = "-\necho64_p99_us -" if name == "echo64_us" else "-"
    print(name, v, flush=True)
PY
}

# ab_rps URL [-k]: requests/s of one ab run, "-" unless every request
# completed (mirrors tools/bench_http.sh).
ab_rps() {
	local out done_n failed
	out=$(nsx timeout 300 ab -q -n "$AB_N" -c "$AB_C" ${2:-} "$1" 2>&1)
	done_n=$(sed -n 's/^Complete requests: *//p' <<<"$out")
	failed=$(sed -n 's/^Failed requests: *//p' <<<"$out")
	if [ "$done_n" != "$AB_N" ] || [ "$failed" != 0 ]; then
		echo "bench_baseline: ab ${2:-} $1: complete '$done_n', failed '$failed'" >&2
		echo -
		return
	fi
	sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' <<<"$out"
}

# answers_ping TARGET NIC MIB: the guest boots in MIB of RAM and answers
# ping within 90 s. Out of memory, both end their QEMU (Skiff's panic=exit,
# Linux's panic=1 with -no-reboot), so a failure is known at once.
answers_ping() {
	local log="$LOGDIR/bench-minram-$1-$2.log" deadline=$((SECONDS + 90)) ok=1
	case "$1" in skiff) boot_target "$1" "$2" "$log" "$3M" panic=exit ;;
	linux) boot_target "$1" "$2" "$log" "$3M" panic=1 ;; esac
	while [ $SECONDS -lt $deadline ] && kill -0 "$QEMU_PID" 2>/dev/null; do
		nsx ping -c 1 -W 1 "$GUEST" >/dev/null 2>&1 && { ok=0; break; }
	done
	stop_qemu "$QEMU_PID"
	return $ok
}

# min_ram TARGET NIC: the smallest of MINRAM_SIZES that answers_ping, by
# bisection (memory is monotonic: what boots in N boots in more); "-" if
# even the largest does not.
min_ram() {
	local sizes=($MINRAM_SIZES) lo=-1 hi mid
	hi=$((${#sizes[@]} - 1))
	answers_ping "$1" "$2" "${sizes[$hi]}" || { echo -; return; }
	while [ $((hi - lo)) -gt 1 ]; do
		mid=$(((lo + hi) / 2))
		if answers_ping "$1" "$2" "${sizes[$mid]}"; then hi=$mid; else lo=$mid; fi
	done
	echo "${sizes[$hi]}"
}

# --- one boot: every metric once --------------------------------------------

RES="$OUT/results.tsv"
printf 'target\tnic\trun\tmetric\tvalue\n' >"$RES"
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:--}" >>"$RES"; }

run_once() {
	local target=$1 nic=$2 run=$3 log="$LOGDIR/bench-baseline-$1-$2.log" t0 b r url len
	t0=$(date +%s.%N)
	boot_target "$target" "$nic" "$log"
	b=$(first_reply "$t0")
	record "$target" "$nic" "$run" boot_s "$b"
	if [ "$b" = - ] || ! wait_log "$log" "$(ready_re "$target")" 60; then
		echo "  $target $nic run $run: no reply or services not ready (see ${log#$ROOT/})" >&2
		stop_qemu "$QEMU_PID"
		return
	fi
	sleep 1
	r=$(icmp_rtt)
	record "$target" "$nic" "$run" rtt_med_ms "${r% *}"
	record "$target" "$nic" "$run" rtt_p99_ms "${r#* }"
	record "$target" "$nic" "$run" iperf3_to_gbps "$(iperf3_gbps)"
	record "$target" "$nic" "$run" iperf3_from_gbps "$(iperf3_gbps -R)"
	while read -r k v; do
		record "$target" "$nic" "$run" "$k" "$v"
	done < <(tcp_client)
	url="http://$GUEST$(http_path "$target")"
	len=$(nsx timeout 20 curl -s -o /dev/null -w '%{size_download}' "$url")
	nsx timeout 60 ab -q -n 200 -c 8 -k "$url" >/dev/null 2>&1	# warm up
	record "$target" "$nic" "$run" http_ka_rps "$(ab_rps "$url" -k)"
	record "$target" "$nic" "$run" http_close_rps "$(ab_rps "$url")"
	record "$target" "$nic" "$run" http_body_bytes "${len:--}"
	stop_qemu "$QEMU_PID"
	echo "  $target $nic run $run: done (boot->ping ${b} s)" >&2
}

echo "Skiff vs Linux (TCG, $(qemu-system-x86_64 --version | head -1 | awk '{print $4}'), same NIC and tap, medians of $RUNS boots)"
echo "Linux guest: $(head -n1 "$CACHE/versions"), $(grep -E '^(nginx|iperf3|busybox-static) ' "$CACHE/versions" | paste -sd, | sed 's/,/, /g') (cache $CACHE)"
echo "host load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for nic in $NICS; do
	for target in $TARGETS; do
		for run in $(seq "$RUNS"); do run_once "$target" "$nic" "$run"; done
		record "$target" "$nic" 0 min_ram_mib "$(min_ram "$target" "$nic")"
		echo "  $target $nic: min RAM done" >&2
	done
done

# Image sizes (single values, recorded as run 0): Skiff's ELF as loaded;
# Linux's kernel plus initramfs.
record skiff - 0 image_kib $(($(readelf -lW "$SKIFF_COPY" | awk '$1 == "LOAD" { s += strtonum($6) } END { print s }') / 1024))
record linux - 0 image_kib $((($(stat -c %s "$CACHE/vmlinuz") + $(stat -c %s "$CACHE/initramfs.cpio.gz")) / 1024))

# --- the table, the summary and the chart -----------------------------------

printf 'metric\tnic\tskiff\tlinux\tratio\tbetter\n' >"$SUM"
echo
printf '%-26s %-7s %10s %10s %12s\n' metric NIC Skiff Linux Skiff/Linux
row() {	# METRIC NIC
	local s l r
	s=$(med_of skiff "$2" "$1"); l=$(med_of linux "$2" "$1")
	r=$(awk -v s="$s" -v l="$l" 'BEGIN { if (s != "" && l != "" && l + 0 > 0) printf "%.2f", s / l; else print "-" }')
	printf '%-26s %-7s %10s %10s %12s\n' "$(label "$1")" "$2" "${s:--}" "${l:--}" "$r"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "${s:--}" "${l:--}" "$r" "$(better "$1")" >>"$SUM"
}
for nic in $NICS; do
	for m in $METRICS; do row "$m" "$nic"; done
done
row image_kib -
echo
echo "lower is better for boot, rtt, echo rtt and image; higher for the rest."
echo "raw runs: ${RES#$ROOT/}; medians and ratios: ${SUM#$ROOT/}"
draw_chart
