#!/usr/bin/env bash
# QEMU's microvm: Skiff boots by PVH (no firmware tables but ACPI's, no PCI)
# and reaches its NIC over virtio-mmio, found in the DSDT (ACPI on, the
# default; legacy version 1 and version 2) or on the command line with the
# 8259 delivering interrupts (ACPI off). Behind a tap in a namespace this
# test creates, Linux pings it, fetches its dashboard over HTTP and talks
# to its echo service. Then the power button (the GED on microvm, the SCI
# on a PC) powers it off, the clock is checked against the host's, and
# the self-test suite runs on microvm.
set -u
. "$(dirname "$0")/lib.sh"

NS="skiff-microvm-$$"
SKIFF=10.0.0.2
LINUX=10.0.0.1
ELF="$ROOT/build/skiff.elf"

nsx() { ip netns exec "$NS" "$@"; }

if ! netns_create "$NS"; then
	fail "create namespace $NS with a tap" "ip netns/tuntap failed"
	finish microvm
	exit 1
fi

# boot NAME MACHINE EXPECT-REGEX [QEMU-ARGS...]: boot on the tap; LOG and SOCK are set.
boot() {
	local name=$1 machine=$2 re=$3
	shift 3
	LOG="$LOGDIR/microvm-$name.log"
	SOCK="$ROOT/build/microvm-$name.sock"
	QSTART=$SECONDS
	start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ELF" --machine "$machine" \
		--nic virtio --append "ip=$SKIFF/24 gw=$LINUX ping=$LINUX" -- "$@"
	if wait_log "$LOG" "eth0: $SKIFF/24" 60 && wait_log "$LOG" 'skiff> ' 30 &&
	   grep -aq 'via PVH' "$LOG" && grep -aqE "$re" "$LOG"; then
		pass "$name: boots by PVH and finds its NIC ($(grep -aoE "$re" "$LOG" | head -n1))"
		return 0
	fi
	fail "$name: boot" "no eth0 line, not PVH, or no /$re/"
	show_log "$LOG" 40
	stop_qemu "$QEMU_PID"
	return 1
}

# talk NAME: ping, a ping flood, HTTP and echo, all over the booted NIC.
talk() {
	local name=$1 out loss page echoed
	if out=$(nsx ping -c 3 -i 0.2 -W 3 -s 1472 "$SKIFF" 2>&1) && grep -q ' 0% packet loss' <<<"$out"; then
		pass "$name: Linux pings Skiff (1472-byte payloads)"
	else
		fail "$name: ping" "$(tail -n 2 <<<"$out" | tr '\n' ' ')"
	fi
	out=$(nsx ping -q -c 300 -i 0.002 -W 1 "$SKIFF" 2>&1)
	loss=$(sed -nE 's/.* ([0-9.]+)% packet loss.*/\1/p' <<<"$out")
	if [ -n "$loss" ] && awk -v l="$loss" 'BEGIN { exit !(l < 1) }'; then
		pass "$name: 300 pings at 2 ms intervals lose under 1% ($loss%)"
	else
		fail "$name: ping flood" "loss ${loss:-?}%"
	fi
	page=$(nsx curl -s --max-time 20 -o /dev/null -w '%{http_code} %{size_download}' "http://$SKIFF/")
	if [ "${page%% *}" = 200 ] && [ "${page#* }" -gt 1000 ]; then
		pass "$name: HTTP GET / answers 200 with the dashboard (${page#* } bytes)"
	else
		fail "$name: HTTP" "curl said '$page'"
	fi
	echoed=$(printf 'skiff-microvm-%s\n' "$name" | nsx timeout 20 nc -N -w 10 "$SKIFF" 7)
	check "$name: the echo service returns what it was sent" \
		test "$echoed" = "skiff-microvm-$name"
	check "$name: Skiff pings Linux at boot" \
		grep -aq '3 packets transmitted, 3 received, 0% packet loss' "$LOG"
}

# uptime: Skiff's /proc/uptime seconds, read over the serial console.
uptime() {
	local up
	up=$(sh_run "cat /proc/uptime" | grep -aoE '^[0-9]+\.[0-9]+ [0-9]+\.[0-9]+' | head -n1)
	[ -n "$up" ] && echo "${up%% *}"
}

# The clock runs at the host's rate: 5 s of host time are 5 s of Skiff's,
# within 20%, and boot timestamps are not ahead of the host's either (the
# old PIT calibration on microvm made them hundreds of seconds).
clock_check() {
	local name=$1 u0 u1 t0 t1 ready elapsed
	t0=$(date +%s.%N); u0=$(uptime)
	sleep 5
	t1=$(date +%s.%N); u1=$(uptime)
	if [ -n "$u0" ] && [ -n "$u1" ] &&
	   awk -v a="$u0" -v b="$u1" -v s="$t0" -v e="$t1" \
		'BEGIN { r = (b - a) / (e - s); exit !(r > 0.8 && r < 1.25) }'; then
		pass "$name: Skiff's clock keeps the host's time (uptime $u0 -> $u1 over $(awk -v s="$t0" -v e="$t1" 'BEGIN { printf "%.2f", e - s }') s)"
	else
		fail "$name: clock rate" "uptime '$u0' -> '$u1' between host times $t0 and $t1"
	fi
	ready=$(sed -nE 's/.*Skiff ready: .* ([0-9]+) ms since boot.*/\1/p' "$LOG" | head -n1)
	elapsed=$(( (SECONDS - QSTART + 1) * 1000 ))
	if [ -n "$ready" ] && [ "$ready" -le "$elapsed" ] &&
	   grep -aqE 'time: TSC [0-9]{3,5}\.[0-9]{3} MHz' "$LOG" && ! grep -aq 'not used' "$LOG"; then
		pass "$name: boot timestamps are sane ($ready ms to ready, $elapsed ms of host time since QEMU started); $(grep -aoE 'TSC .*' "$LOG" | head -n1)"
	else
		fail "$name: boot timestamps" "ready at '${ready:-?}' ms after ${elapsed} ms of host time: $(grep -a 'time:' "$LOG" | tr '\n' ' ')"
	fi
}

if boot acpi-legacy microvm 'on MMIO 0x[0-9a-f]+ \(version 1\)'; then
	talk acpi-legacy
	clock_check acpi-legacy
	stop_qemu "$QEMU_PID"
fi
if boot acpi-v2 microvm 'on MMIO 0x[0-9a-f]+ \(version 2\)' -global virtio-mmio.force-legacy=false; then
	talk acpi-v2
	stop_qemu "$QEMU_PID"
fi
if boot noacpi microvm,acpi=off 'irq: virtio0 on 8259 IRQ [0-9]+'; then
	check "noacpi: the NIC came from QEMU's virtio_mmio.device= on the command line" \
		grep -aqE "cmdline: '.*virtio_mmio\.device=512@0x[0-9a-f]+:[0-9]+" "$LOG"
	talk noacpi
	stop_qemu "$QEMU_PID"
fi

# powerdown NAME MACHINE HOW: QEMU's system_powerdown (what virsh shutdown
# sends) makes Skiff power off by itself; QEMU then exits with status 0.
powerdown() {
	local name=$1 machine=$2 how=$3 log="$LOGDIR/microvm-powerdown-$1.log"
	local mon="$ROOT/build/microvm-powerdown-$1.mon" status deadline
	rm -f "$mon"
	start_qemu "$log" --kernel "$ELF" --machine "$machine" --nic none --monitor "$mon"
	if ! wait_log "$log" 'skiff> ' 60; then
		fail "$name: power button" "Skiff did not come up"
		stop_qemu "$QEMU_PID"
		return
	fi
	/usr/bin/python3 - "$mon" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"system_powerdown\n")
time.sleep(0.5)
s.close()
PY
	deadline=$((SECONDS + 30))
	while kill -0 "$QEMU_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
	if kill -0 "$QEMU_PID" 2>/dev/null; then
		fail "$name: power button" "QEMU still running 30 s after system_powerdown"
		show_log "$log"
		stop_qemu "$QEMU_PID"
		return
	fi
	wait "$QEMU_PID"; status=$?
	stop_qemu "$QEMU_PID"
	if [ "$status" -eq 0 ] && grep -aq "power button ($how): powering off" "$log"; then
		pass "$name: the ACPI power button ($how) powers Skiff off and QEMU exits"
	else
		fail "$name: power button" "QEMU status $status, no 'power button ($how)' line"
		show_log "$log"
	fi
}
powerdown microvm microvm GED
powerdown pc pc SCI
powerdown q35 q35 SCI

# The whole self-test suite on microvm (ACPI on): a PC's PCI and fixed
# hardware tests are skipped there, not failed.
log="$LOGDIR/microvm-selftest.log"
run_qemu_to_exit "$log" 180 --kernel "$ROOT/build/skiff-test.elf" --machine microvm \
	--append "selftest panic=exit"
if [ "$QEMU_STATUS" -eq 33 ] && grep -aqE '\] [0-9]+ passed, 0 failed' "$log"; then
	pass "microvm: the self-test suite passes ($(grep -aoE '[0-9]+ passed, 0 failed, [0-9]+ skipped' "$log" | tail -n1))"
else
	fail "microvm: self-tests" "status $QEMU_STATUS"
	grep -a 'not ok' "$log" | sed 's/^/# /'
fi

finish microvm
