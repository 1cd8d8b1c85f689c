#!/usr/bin/env bash
# The console shell driven over the serial console (a QEMU chardev socket)
# by an expect-style driver, with Skiff in a test network namespace so that
# ping and ARP have a real peer. Ends with poweroff: QEMU must exit.
set -u
. "$(dirname "$0")/lib.sh"

NS="skiff-shell-$$"
LOG="$LOGDIR/shell.log"
SOCK="$ROOT/build/shell.sock"

netns_create "$NS" || { fail "namespace" "ip netns failed"; finish shell; exit 1; }
start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic e1000 \
	--append "ip=10.0.0.2/24 gw=10.0.0.1 ping=off services=echo"
if ! wait_log "$LOG" 'skiff> ' 60; then
	fail "shell prompt" "no prompt"
	show_log "$LOG"
	finish shell
	exit 1
fi
/usr/bin/python3 "$ROOT/tests/integration/shell_driver.py" "$SOCK" \
	"$ROOT/tests/integration/shell_script.txt" | tee "$LOGDIR/shell-driver.txt" | grep -v '^shell: '
T_PASSED=$((T_PASSED + $(grep -c '^ok ' "$LOGDIR/shell-driver.txt")))
T_FAILED=$((T_FAILED + $(grep -c '^not ok ' "$LOGDIR/shell-driver.txt")))
T_N=$((T_PASSED + T_FAILED))
for _ in $(seq 100); do kill -0 "$QEMU_PID" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$QEMU_PID" 2>/dev/null; then
	fail "poweroff ends QEMU" "still running 20 s later"
else
	pass "poweroff ends QEMU (ACPI S5)"
fi
finish shell
