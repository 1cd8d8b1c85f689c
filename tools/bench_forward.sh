#!/usr/bin/env bash
# Forwarding through a router guest (make bench; docs/bench.md): the guest
# sits between namespace A (10.0.0.1, on its first NIC) and namespace B
# (10.1.0.2, on its second), the same QEMU, NIC models and taps for every
# target. Measured from A to B through the router, medians of RUNS boots:
#
#   fwd to/from    iperf3 A -> B and B -> A (-R) over the NATed path (Gbit/s)
#   conn/s         connect, 4-byte echo, close, one after another, A -> B
#                  (tests/integration/tcp_peer.py cps against an echo server in B)
#
# Targets (TARGETS):
#   skiff          this build, no ruleset (netfilter hooks empty)
#   base           the build before netfilter (BASE_REV, default the parent
#                  of the commit that added net/netfilter/; or SKIFF_BASE_ELF)
#                  with no ruleset: skiff/base is the cost of the empty hooks
#   skiff-nat100   this build with masquerade and a 100-rule forward chain
#   linux-nat100   the Linux guest (tools/linux-guest, Debian 12) with the
#                  same ruleset file loaded by Debian's nft
# Both rulesets are the one text (build/bench/forward-rules.nft): 98 rules
# that match nothing of the benchmark's traffic, then "ct state
# established,related accept" and the LAN's accept, so every packet of an
# established flow walks 99 rules; masquerade on the way out to B.
#
# Variables: RUNS (3), TARGETS ("base skiff skiff-nat100 linux-nat100"),
# NIC_A (virtio), NIC_B (e1000), IPERF_TIME (5), TCP_TIME (5), SKIFF_ELF,
# SKIFF_BASE_ELF, LINUX_MEM (2G), BENCH_OUT (build/bench). Needs root.
#
# Both routers keep 16,384 connections: Linux sizes nf_conntrack_max from
# its RAM (2,048 at 256 MiB, 16,384 at 2 GiB), Skiff is told
# nf_conntrack.max=16384 (its default is 4,096). A 5 s connection run
# leaves every connection in TIME_WAIT in the table (120 s), and a full
# table drops new SYNs, since assured entries are never early-dropped:
# with 2,048 the Linux router stopped passing them after about two
# seconds and the client's connect timed out; with 4,096 Skiff's rate fell
# to a quarter, each SYN waiting out its 1 s retransmission.
set -u
cd "$(dirname "$0")/.."
. tests/integration/lib.sh

RUNS=${RUNS:-3}
TARGETS=${TARGETS:-"base skiff skiff-nat100 linux-nat100"}
NIC_A=${NIC_A:-virtio}
NIC_B=${NIC_B:-e1000}
IPERF_TIME=${IPERF_TIME:-5}
TCP_TIME=${TCP_TIME:-5}
LINUX_MEM=${LINUX_MEM:-2G}
OUT=${BENCH_OUT:-$ROOT/build/bench}
RULES=$OUT/forward-rules.nft
RES=$OUT/forward-results.tsv
PEER="/usr/bin/python3 $ROOT/tests/integration/nat_peer.py"
TCPPEER="/usr/bin/python3 $ROOT/tests/integration/tcp_peer.py"
mkdir -p "$OUT"
median() { sort -n | awk '{a[NR]=$1} END { if (NR) print a[int((NR+1)/2)] }'; }

# The ruleset both routers load.
{
	echo "flush ruleset"
	echo "table inet filter {"
	echo "	chain forward {"
	echo "		type filter hook forward priority filter; policy drop;"
	for i in $(seq 1 98); do
		echo "		ip saddr 192.0.2.$i tcp dport $((1000 + i)) drop"
	done
	echo "		ct state established,related accept"
	echo "		iifname \"eth0\" accept"
	echo "	}"
	echo "}"
	echo "table ip nat {"
	echo "	chain postrouting {"
	echo "		type nat hook postrouting priority srcnat; policy accept;"
	echo "		oifname \"eth1\" masquerade"
	echo "	}"
	echo "}"
} >"$RULES"

SKIFF_COPY=$(mktemp /tmp/skiff-fwd-XXXXXX.elf)
cp "${SKIFF_ELF:-build/skiff.elf}" "$SKIFF_COPY" || { echo "bench_forward: no Skiff image"; exit 1; }
BG=()
# stop_run: the router, the peers and both namespaces of one measurement.
stop_run() {
	[ ${#BG[@]} -gt 0 ] && kill "${BG[@]}" 2>/dev/null
	for p in "${BG[@]+"${BG[@]}"}"; do wait "$p" 2>/dev/null; done
	BG=()
	cleanup
}
trap 'stop_run; rm -f "$SKIFF_COPY" "$OUT/linux-router.cpio.gz"' EXIT

CACHE=
case " $TARGETS " in
*" linux-nat100 "*)
	if CACHE=$(tools/linux-guest/build.sh); then
		# The ruleset goes in as a second archive after the guest's own: the
		# kernel unpacks concatenated initramfs archives in order.
		d=$(mktemp -d)
		mkdir -p "$d/etc"
		cp "$RULES" "$d/etc/router-rules.nft"
		(cd "$d" && find . -mindepth 1 | cpio -o -H newc --quiet -R 0:0 | gzip) |
			cat "$CACHE/initramfs.cpio.gz" - >"$OUT/linux-router.cpio.gz"
		rm -rf "$d"
	else
		echo "bench_forward: no Linux guest; linux-nat100 skipped"
		TARGETS=${TARGETS/linux-nat100/}
	fi ;;
esac
# The build before netfilter, made here unless SKIFF_BASE_ELF names one.
case " $TARGETS " in
*" base "*)
	if [ ! -s "${SKIFF_BASE_ELF:-}" ]; then
		rev=${BASE_REV:-$(git log --diff-filter=A --format=%H -- net/netfilter/core.c | tail -n1)^}
		rm -rf "$OUT/base-src" && mkdir -p "$OUT/base-src" &&
			git archive "$rev" | tar -x -C "$OUT/base-src" &&
			make -s -C "$OUT/base-src" -j2 >"$OUT/base-build.log" 2>&1 &&
			SKIFF_BASE_ELF=$OUT/base-src/build/skiff.elf
	fi
	[ -s "${SKIFF_BASE_ELF:-}" ] || { echo "bench_forward: no build before netfilter; base skipped"; TARGETS=${TARGETS/base/}; } ;;
esac

A=skiff-fwd-a-$$
B=skiff-fwd-b-$$
inA() { ip netns exec "$A" "$@"; }
inB() { ip netns exec "$B" "$@"; }

# boot_router TARGET LOG: the router between A and B, ready when it forwards.
boot_router() {
	local sk=(--kernel "$SKIFF_COPY" --nic "$NIC_A" --nic2 "$NIC_B" --net2 tap:tap1 --mem 128M)
	local app="ip=10.0.0.2/24 ip.eth1=10.1.0.1/24 forward=1 ping=off nf_conntrack.max=16384"
	case "$1" in
	base) sk[1]=$SKIFF_BASE_ELF
	      start_qemu_netns "$A" "$2" "$OUT/fwd.sock" "${sk[@]}" --append "$app" ;;
	skiff) start_qemu_netns "$A" "$2" "$OUT/fwd.sock" "${sk[@]}" --append "$app" ;;
	skiff-nat100) start_qemu_netns "$A" "$2" "$OUT/fwd.sock" "${sk[@]}" \
			--initrd "$RULES nft" --append "$app" ;;
	linux-nat100) start_qemu_netns "$A" "$2" "$OUT/fwd.sock" --kernel "$CACHE/vmlinuz" \
			--nic "$NIC_A" --nic2 "$NIC_B" --net2 tap:tap1 --mem "$LINUX_MEM" \
			--append "console=ttyS0 quiet router=1" -- -initrd "$OUT/linux-router.cpio.gz" ;;
	esac
}

ready_re() { case "$1" in linux*) echo 'linux-guest: ready' ;; *) echo 'skiff> ' ;; esac; }

measure() {	# TARGET RUN
	local t=$1 log="$OUT/fwd-$1-$2.log" v
	netns_create "$A" || return 1
	inA ip route add default via 10.0.0.2
	inA ip tuntap add dev tap1 mode tap
	ip netns add "$B" && T_NETNS+=("$B")
	inB sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	inB ip link set lo up
	boot_router "$t" "$log"
	if ! wait_log "$log" "$(ready_re "$t")" 120; then
		echo "bench_forward: $t did not come up (see $log)" >&2
		stop_run; return 1
	fi
	inA ip link set tap1 netns "$B"
	inB ip addr add 10.1.0.2/24 dev tap1
	inB ip link set tap1 up
	# Without NAT (base, skiff) B needs the way back to A.
	inB ip route add 10.0.0.0/24 via 10.1.0.1
	inB iperf3 -s -D -B 10.1.0.2 >/dev/null 2>&1
	ip netns exec "$B" $PEER echo-server 10.1.0.2 7 & BG+=($!)
	inA ping -c 30 -i 0.1 -W 1 10.1.0.2 >/dev/null 2>&1
	for dir in to from; do
		v=$(inA timeout $((IPERF_TIME + 30)) iperf3 -c 10.1.0.2 -t "$IPERF_TIME" -O 1 -J \
			$([ $dir = from ] && echo -R) 2>/dev/null | /usr/bin/python3 -c '
import json, sys
try:
    print("%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))
except Exception:
    print("-")')
		printf '%s\t%s\tfwd_%s_gbps\t%s\n' "$t" "$2" "$dir" "$v" >>"$RES"
	done
	inA $TCPPEER cps 10.1.0.2 "$TCP_TIME" >"$log.cps" 2>&1
	v=$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin).get("per_second", "-"))' \
		<"$log.cps" 2>/dev/null)
	printf '%s\t%s\tconn_per_s\t%s\n' "$t" "$2" "${v:--}" >>"$RES"
	# iperf3 -D forked itself away from us: it dies with its namespace's
	# processes, found by the namespace, not by name.
	for p in $(ip netns pids "$B"); do kill "$p" 2>/dev/null; done
	stop_run
}

: >"$RES"
for run in $(seq "$RUNS"); do
	for t in $TARGETS; do
		measure "$t" "$run"
	done
done

echo "Forwarding through the router guest ($NIC_A to A, $NIC_B to B; medians of $RUNS runs)"
printf '%-22s' metric
for t in $TARGETS; do printf ' %13s' "$t"; done
printf ' %14s %14s\n' "nat100 S/L" "skiff/base"
for m in fwd_to_gbps fwd_from_gbps conn_per_s; do
	printf '%-22s' "$m"
	declare -A med=()
	for t in $TARGETS; do
		med[$t]=$(awk -F'\t' -v t="$t" -v m="$m" '$1 == t && $3 == m && $4 != "-" { print $4 }' "$RES" | median)
		printf ' %13s' "${med[$t]:--}"
	done
	ratio() { [ -n "${med[$1]:-}" ] && [ -n "${med[$2]:-}" ] && awk -v a="${med[$1]}" -v b="${med[$2]}" 'BEGIN { printf "%.2f", b ? a / b : 0 }' || echo -; }
	printf ' %14s %14s\n' "$(ratio skiff-nat100 linux-nat100)" "$(ratio skiff base)"
	unset med
done
echo "raw values: ${RES#$ROOT/}"
