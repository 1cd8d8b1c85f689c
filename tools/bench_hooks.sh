#!/usr/bin/env bash
# The cost of the netfilter hooks with no rules, against the build before
# netfilter, on the host: tools/bench_hooks.c forwards UDP datagrams through
# the stack between two fake devices and reports CPU time per datagram
# (each run the median of 9 rounds; the median of RUNS runs, interleaved). CPU time, not
# wall time, so other work on the machine changes little. Built -O2 without
# sanitizers from this tree and from BASE_REV (default: the commit before
# net/netfilter/ appeared), and for this tree once more with the 100-rule
# masquerade ruleset of tools/bench_forward.sh.
#
#   tools/bench_hooks.sh          (RUNS, default 5; BASE_REV)
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-5}
OUT=$ROOT/build/bench/hooks
BASE_REV=${BASE_REV:-$(git log --diff-filter=A --format=%H -- net/netfilter/core.c | tail -n1)^}
mkdir -p "$OUT"
CFLAGS="-std=gnu11 -O2 -g -Wall -Wno-unused-parameter"

# build TREE NAME [DEFS]: the stack's host archive and the driver.
build() {
	local tree=$1 name=$2 defs=${3:-}
	(cd "$tree" && make -s -f tests/unit/unit.mk BUILD="$OUT/$name" UNIT_CFLAGS="$CFLAGS" \
		UNIT_LDFLAGS= "$OUT/$name/unit/libnet-host.a" "$OUT/$name/unit/unit_main.o" >/dev/null)
	gcc $CFLAGS $defs -I"$tree/tests/unit/shim" -I"$tree/include" -I"$tree/tests/unit" \
		-DSKIFF_HOST -D__KERNEL__ "$ROOT/tools/bench_hooks.c" "$OUT/$name/unit/unit_main.o" \
		"$OUT/$name/unit/libnet-host.a" -o "$OUT/$name/bench_hooks"
}

rm -rf "$OUT/base-src"
mkdir -p "$OUT/base-src"
git archive "$BASE_REV" | tar -x -C "$OUT/base-src"
build "$OUT/base-src" base
build "$ROOT" this -DWITH_NFT
# The ruleset of tools/bench_forward.sh (its first lines write it).
RULES=$OUT/rules.nft
{
	echo "flush ruleset"
	echo "table inet filter { chain forward { type filter hook forward priority filter; policy drop;"
	for i in $(seq 1 98); do echo "ip saddr 192.0.2.$i tcp dport $((1000 + i)) drop"; done
	echo "ct state established,related accept"
	echo "iifname \"eth0\" accept } }"
	echo "table ip nat { chain postrouting { type nat hook postrouting priority srcnat; oifname \"eth1\" masquerade } }"
} >"$RULES"

median() { sort -n | awk '{a[NR]=$1} END { if (NR) print a[int((NR+1)/2)] }'; }
once() { env "$@" | sed -n 's/^ns\/datagram \([0-9.]*\).*/\1/p'; }
# Interleaved, so that whatever else the machine does weighs on all three alike.
vb=() vt=() vn=()
for _ in $(seq "$RUNS"); do
	vb+=("$(once "$OUT/base/bench_hooks")")
	vt+=("$(once "$OUT/this/bench_hooks")")
	vn+=("$(once NFT_RULES="$RULES" "$OUT/this/bench_hooks")")
done
base=$(printf '%s\n' "${vb[@]}" | median)
this=$(printf '%s\n' "${vt[@]}" | median)
nat=$(printf '%s\n' "${vn[@]}" | median)
echo "Forwarding cost on the host (CPU ns per UDP datagram, median of $RUNS runs, -O2)"
printf '  before netfilter (%s)     %8s\n' "$(git rev-parse --short "$BASE_REV")" "$base"
printf '  this build, no ruleset         %8s  (%+.1f%%)\n' "$this" \
	"$(awk -v a="$this" -v b="$base" 'BEGIN { print (a / b - 1) * 100 }')"
printf '  masquerade + 100 rules         %8s  (%+.1f%%)\n' "$nat" \
	"$(awk -v a="$nat" -v b="$base" 'BEGIN { print (a / b - 1) * 100 }')"
echo "  runs: before ${vb[*]}; no ruleset ${vt[*]}; 100 rules ${vn[*]}"
