#!/usr/bin/env bash
# A fleet: tools/fleet.sh starts N Skiff instances (16) through a private
# libvirt daemon (tests/integration/libvirt.sh) on one bridge, each leasing
# its address from libvirt's dnsmasq. Every instance serves a page over
# HTTP and echoes over TCP; half are shut down by the ACPI power button and
# must stop while the other half keep serving; the memory each one used
# (QEMU's resident set, and what Skiff itself reports) is printed.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/libvirt.sh"

N=${FLEET_N:-16}
NS="skiff-fleet-$$"
export FLEET_NAME=skiff-fleet FLEET_BRIDGE=virbr-skiff FLEET_SUBNET=10.77.0
export FLEET_MEM=${FLEET_MEM:-32} FLEET_TIMEOUT=600 SKIFF_KERNEL="$ROOT/build/skiff.elf"
FLEET="$ROOT/tools/fleet.sh"

nsx() { ip netns exec "$NS" "$@"; }

if ! libvirt_netns "$NS" || ! libvirt_start "$NS" "$ROOT/build/libvirt-fleet"; then
	fail "a private libvirtd in namespace $NS" "it did not start"
	finish fleet
	exit 1
fi

t0=$SECONDS
if table=$("$FLEET" "$N" 2>&1) && [ "$(grep -cE "^$FLEET_NAME-[0-9]+ $FLEET_SUBNET\.[0-9]+\$" <<<"$table")" -eq "$N" ]; then
	pass "tools/fleet.sh $N: $N instances running, each with its own DHCP lease ($((SECONDS - t0)) s)"
else
	fail "tools/fleet.sh $N" "$(tail -n 3 <<<"$table" | tr '\n' ' ')"
	# What the instances without a lease said on their consoles.
	for name in $(sed -n 's/.*no DHCP lease after .* for: //p' <<<"$table"); do
		show_log "$LV_DIR/log/qemu/$name-console.log" 15
	done
	finish fleet
	exit 1
fi
declare -A addr
while read -r name ip; do addr[$name]=$ip; done <<<"$table"
check "the $N leases are $N different addresses" \
	test "$(printf '%s\n' "${addr[@]}" | sort -u | wc -l)" -eq "$N"

# serves NAME: a page over HTTP and a line echoed over TCP.
serves() {
	local ip=${addr[$1]} code echoed
	code=$(nsx curl -s --max-time 20 -o /dev/null -w '%{http_code}' "http://$ip/")
	echoed=$(printf '%s\n' "$1" | nsx timeout 20 nc -N -w 10 "$ip" 7)
	[ "$code" = 200 ] && [ "$echoed" = "$1" ]
}

# Every console (kept by libvirt, tools/skiff.xml) shows the power-on
# self-test ran to its summary, and no panic.
bad=
for name in "${!addr[@]}"; do
	grep -aqE 'self-test: [0-9]+ passed, [0-9]+ failed' "$LV_DIR/log/qemu/$name-console.log" 2>/dev/null &&
		! grep -aq 'Kernel panic' "$LV_DIR/log/qemu/$name-console.log" || bad+=" $name"
done
if [ -z "$bad" ]; then
	pass "every instance's console shows its power-on self-test summary and no panic"
else
	fail "consoles" "a panic, or no self-test summary, on:$bad"
fi

bad=
for name in "${!addr[@]}"; do serves "$name" || bad+=" $name"; done
if [ -z "$bad" ]; then
	pass "every instance serves HTTP (200 for /) and echoes over TCP"
else
	fail "HTTP and echo" "not from:$bad"
fi

# Memory: the QEMU process's resident set (virsh dommemstat) and what Skiff
# counts in use (total - free from /api/stats), per instance.
rss_all= used_all=
echo "# instance        address       QEMU RSS  Skiff in use (of $FLEET_MEM MiB)"
for i in $(seq 1 "$N"); do
	name="$FLEET_NAME-$i"
	rss=$(lv dommemstat "$name" | awk '$1 == "rss" { print $2 }')
	used=$(nsx curl -s --max-time 20 "http://${addr[$name]}/api/stats" | /usr/bin/python3 -c '
import json, sys
m = json.load(sys.stdin)["memory"]
print(m["total_kb"] - m["free_kb"])' 2>/dev/null)
	printf '# %-16s %-13s %6s KiB %6s KiB\n' "$name" "${addr[$name]}" "${rss:-?}" "${used:-?}"
	rss_all+=" ${rss:-0}"
	used_all+=" ${used:-0}"
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rss_med=$(median <<<"$rss_all")
used_med=$(median <<<"$used_all")
if ! grep -qw 0 <<<"$rss_all $used_all"; then
	pass "memory per instance reported: QEMU RSS median $rss_med KiB, Skiff in use median $used_med KiB"
else
	fail "memory report" "missing figures: RSS$rss_all / in use$used_all"
fi

half=$((N / 2))
stopping=()
for i in $(seq 1 "$half"); do stopping+=("$FLEET_NAME-$i"); done
"$FLEET" shutdown "${stopping[@]}"
bad=
for name in "${stopping[@]}"; do
	wait_state "$name" '^shut off \(shutdown\)' 120 || bad+=" $name($(lv domstate --reason "$name"))"
done
if [ -z "$bad" ]; then
	pass "the ACPI power button stops $half instances (virsh shutdown; Skiff powers off)"
else
	fail "ACPI shutdown of $half" "still:$bad"
fi
bad=
for i in $(seq $((half + 1)) "$N"); do
	name="$FLEET_NAME-$i"
	[ "$(lv domstate "$name")" = running ] && serves "$name" || bad+=" $name"
done
if [ -z "$bad" ]; then
	pass "the other $((N - half)) keep running and serving"
else
	fail "the rest of the fleet" "not serving:$bad"
fi

"$FLEET" down
if [ -z "$(lv list --all --name)" ] && ! lv net-info "$FLEET_NAME" >/dev/null 2>&1; then
	pass "tools/fleet.sh down: no instance and no network left"
else
	fail "tools/fleet.sh down" "left: $(lv list --all --name | tr '\n' ' ') $(lv net-list --all --name | tr '\n' ' ')"
fi
finish fleet
