#!/usr/bin/env bash
# The console shell (the user-mode program services/shell) driven over the
# serial console (a QEMU chardev socket) by an expect-style driver, with
# Skiff in a test network namespace so that ping and ARP have a real peer:
# every command, its errno messages, line editing and history. The
# /proc/net files it prints are parsed with Linux's layouts beside the
# namespace's own (procnet_check.py). Ends with poweroff: QEMU must exit.
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
SKIFF_PROC="$LOGDIR/procnet-skiff" LINUX_PROC="$LOGDIR/procnet-linux"
rm -rf "$SKIFF_PROC" "$LINUX_PROC"
mkdir -p "$SKIFF_PROC" "$LINUX_PROC"
SHELL_NS="$NS" /usr/bin/python3 "$ROOT/tests/integration/shell_driver.py" "$SOCK" \
	"$ROOT/tests/integration/shell_script.txt" "$SKIFF_PROC" |
	tee "$LOGDIR/shell-driver.txt" | grep -v '^shell: '
# Linux's own files from the namespace, with a TCP and a UDP socket open
# so that their tables have lines.
ip netns exec "$NS" /usr/bin/python3 -c '
import socket, sys
t = socket.socket(); t.bind(("0.0.0.0", 7007)); t.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", 7007))
for f in ("tcp", "udp", "route", "arp", "dev"):
    open(sys.argv[1] + "/" + f, "w").write(open("/proc/net/" + f).read())
' "$LINUX_PROC"
/usr/bin/python3 "$ROOT/tests/integration/procnet_check.py" "$SKIFF_PROC" "$LINUX_PROC" \
	10.0.0.2 10.0.0.1 "$(ip netns exec "$NS" cat /sys/class/net/tap0/address)" |
	tee "$LOGDIR/shell-procnet.txt" | grep -v '^procnet: '
for f in shell-driver shell-procnet; do
	T_PASSED=$((T_PASSED + $(grep -c '^ok ' "$LOGDIR/$f.txt")))
	T_FAILED=$((T_FAILED + $(grep -c '^not ok ' "$LOGDIR/$f.txt")))
done
T_N=$((T_PASSED + T_FAILED))
for _ in $(seq 100); do kill -0 "$QEMU_PID" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$QEMU_PID" 2>/dev/null; then
	fail "poweroff ends QEMU" "still running 20 s later"
else
	pass "poweroff ends QEMU (ACPI S5)"
fi
finish shell
