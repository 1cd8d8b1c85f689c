#!/usr/bin/env bash
# Boot media and the real-PC console (issue 7): the ISO written to a USB
# stick boots a q35 PC with no serial port, under UEFI (OVMF) and BIOS
# (SeaBIOS), from the default GRUB entry; the network comes up (Linux pings
# it through a tap in a private namespace); the screen shows the console
# (a monitor screendump compared cell by cell with the log the kernel
# mirrors to the debug console); the PS/2 keyboard reaches the console keys;
# and poweroff switches the machine off, reboot resets it, on the pc and
# q35 machines.
#
# Screenshots are kept as build/test-logs/screen-{uefi,bios}.{ppm,png}.
set -u
. "$(dirname "$0")/lib.sh"

# The NIC of the USB-stick boots: an onboard Intel of a PC (82574L, e1000e).
# MEDIA_NIC=e1000|rtl8139|virtio overrides.
MEDIA_NIC=${MEDIA_NIC:-e1000e}

ELF="$ROOT/build/skiff.elf"
ISO_MEDIA="$ROOT/build/skiff-media-test.iso"
CHECK="$(dirname "$0")/screen_check.py"
TMP=$(mktemp -d /tmp/skiff-media.XXXXXX)
trap 'cleanup; rm -rf "$TMP"' EXIT

# monitor SOCKET COMMAND...: run QEMU monitor commands, one after another.
monitor() {
	/usr/bin/python3 - "$@" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
for _ in range(100):
    try:
        s.connect(sys.argv[1])
        break
    except OSError:
        time.sleep(0.1)
s.settimeout(5)
def prompt():
    out = b""
    try:
        while not out.endswith(b"(qemu) "):
            d = s.recv(65536)
            if not d:
                break
            out += d
    except socket.timeout:
        pass
prompt()
for cmd in sys.argv[2:]:
    s.sendall(cmd.encode() + b"\n")
    prompt()
    time.sleep(0.1)
s.close()
PY
}

# type_keys SOCKET TEXT: type TEXT on the PS/2 keyboard (monitor sendkey);
# letters, digits, space and "\n" (Enter).
type_keys() {
	local mon=$1 text=$2 keys=() ch i
	for ((i = 0; i < ${#text}; i++)); do
		ch=${text:i:1}
		case "$ch" in
		' ') keys+=("sendkey spc") ;;
		$'\n') keys+=("sendkey ret") ;;
		*) keys+=("sendkey $ch") ;;
		esac
	done
	monitor "$mon" "${keys[@]}"
}

# wait_exit PID TIMEOUT: true when the process ends within TIMEOUT seconds.
wait_exit() {
	local deadline=$((SECONDS + $2))
	while [ $SECONDS -lt $deadline ]; do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.2
	done
	return 1
}

forget_pid() {
	local keep=()
	for p in "${T_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	T_PIDS=("${keep[@]+"${keep[@]}"}")
}

# wait_quiet LOG SECONDS: wait until the log has not grown for SECONDS.
wait_quiet() {
	local size=-1 now stable=0 deadline=$((SECONDS + 30))
	while [ $SECONDS -lt $deadline ] && [ "$stable" -lt $(($2 * 5)) ]; do
		now=$(stat -c %s "$1")
		if [ "$now" = "$size" ]; then stable=$((stable + 1)); else stable=0; fi
		size=$now
		sleep 0.2
	done
}

# The test ISO: the user's menu with the default entry switched from DHCP to
# a static address on the test network, plus the debug console mirror.
sed 's|^\(\tmultiboot2 /boot/skiff.elf\) ip=dhcp$|\1 ip=10.0.0.2/24 gw=10.0.0.1 debugcon|' \
	"$ROOT/iso/grub.cfg" >"$TMP/grub.cfg"
if ! grep -q 'ip=10.0.0.2/24' "$TMP/grub.cfg"; then
	fail "test menu" "iso/grub.cfg's default entry no longer reads 'multiboot2 /boot/skiff.elf ip=dhcp'"
	finish media
	exit 1
fi
"$ROOT/tools/mkiso.sh" "$ELF" "$TMP/grub.cfg" "$ISO_MEDIA" 0 >/dev/null

# usb_boot NAME FIRMWARE: the USB stick on q35 with no serial port.
usb_boot() {
	local name=$1 fw=$2 ns="skiff-media-$$-$1"
	local log="$LOGDIR/media-$name.log" mon="$TMP/$name.mon" shot="$LOGDIR/screen-$name"
	local mode=vga font=() pid ok
	[ "$fw" = uefi ] && mode=fb font=(--font "$ROOT/drivers/console/font8x16.c")

	if ! netns_create "$ns"; then
		fail "$name: network namespace" "cannot create $ns (root needed)"
		return
	fi
	: >"$log"
	ip netns exec "$ns" "$QEMU" --usb "$ISO_MEDIA" --machine q35 --firmware "$fw" \
		--mem 256M --serial none --nic "$MEDIA_NIC" --net tap:tap0 --monitor "$mon" \
		-- -debugcon "file:$log" </dev/null >"$log.qemu" 2>&1 &
	pid=$!
	T_PIDS+=("$pid")

	# Ready, and the boot ping of the gateway (Linux) done.
	if wait_log "$log" 'Skiff ready' 300 && wait_log "$log" '\] 3 packets transmitted' 30; then
		pass "$name: USB stick on q35 boots the default GRUB entry (log on the debug console)"
	else
		fail "$name: boot" "no 'Skiff ready' and boot ping summary"
		show_log "$log"
		stop_qemu "$pid"
		return
	fi
	check "$name: no serial port seen" bash -c "! grep -aq ttyS0 '$log'"
	check "$name: booted via GRUB multiboot2 with ip=10.0.0.2/24" \
		grep -aqE "via multiboot2.*cmdline|cmdline: 'ip=10.0.0.2/24" "$log"
	if [ "$mode" = fb ]; then
		check "$name: framebuffer console on the UEFI GOP mode" \
			grep -aqE 'fbcon: [0-9]+x[0-9]+ (32|24) bpp' "$log"
	else
		check "$name: VGA text console" grep -aq 'console vga' "$log"
	fi
	check "$name: $MEDIA_NIC found" grep -aqE "eth0: .*MAC" "$log"
	check "$name: Skiff pings Linux (10.0.0.1) at boot" \
		grep -aqE '\] 3 packets transmitted, 3 received, 0% packet loss' "$log"
	if ip netns exec "$ns" ping -c 3 -i 0.3 -W 3 10.0.0.2 >"$TMP/ping" 2>&1; then
		pass "$name: Linux pings Skiff on 10.0.0.2"
	else
		fail "$name: ping 10.0.0.2" "$(tail -n 2 "$TMP/ping" | tr '\n' ' ')"
	fi
	# The dashboard, as a person on the LAN would open it: the page, then
	# the figures it draws, naming this PC's NIC.
	if ip netns exec "$ns" curl -s -m 20 -o "$TMP/index.html" http://10.0.0.2/ &&
	   grep -qi '<html' "$TMP/index.html" &&
	   ip netns exec "$ns" curl -s -m 20 http://10.0.0.2/api/stats >"$TMP/stats.json" &&
	   /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if any(i["name"]=="eth0" and "10.0.0.2/24" in i["addrs"] for i in d["interfaces"]) else 1)' "$TMP/stats.json"; then
		pass "$name: the HTTP dashboard and /api/stats answer from the PC (eth0 10.0.0.2/24)"
	else
		fail "$name: HTTP dashboard" "no page or no eth0 in /api/stats"
	fi

	# The screen: a screendump once the log is quiet, checked against the log.
	ok=0
	for try in 1 2 3; do
		wait_quiet "$log" 2
		rm -f "$shot.ppm"
		monitor "$mon" "screendump $shot.ppm"
		for _ in $(seq 50); do [ -s "$shot.ppm" ] && break; sleep 0.1; done
		cp "$log" "$TMP/screen-log"
		if /usr/bin/python3 "$CHECK" "$shot.ppm" "$TMP/screen-log" "$mode" \
			"${font[@]+"${font[@]}"}" --png "$shot.png" >"$TMP/screen" 2>&1; then
			ok=1
			break
		fi
	done
	sed 's/^/# /' "$TMP/screen"
	if [ "$ok" = 1 ]; then
		pass "$name: the screen shows the console log (screendump, every cell checked)"
	else
		fail "$name: screen" "the screendump does not match the log (see $shot.png)"
	fi

	# The PS/2 keyboard feeds the console (the shell; with the older
	# single-key console, 'h' is help and the 'o' of poweroff powers off).
	type_keys "$mon" $'help\n'
	check "$name: typing on the PS/2 keyboard reaches the console" \
		wait_log "$log" 'poweroff +switch off|console keys: ' 20
	type_keys "$mon" $'poweroff\n'
	if wait_exit "$pid" 30 && grep -aq 'reboot: powering off' "$log" &&
	   ! grep -aq 'switch it off by hand' "$log"; then
		pass "$name: poweroff typed on the keyboard switches the q35 machine off (ACPI S5)"
		forget_pid "$pid"
	else
		fail "$name: power-off" "QEMU still running or no ACPI power-off"
		show_log "$log" 5
		stop_qemu "$pid"
	fi
	ip netns del "$ns" 2>/dev/null
}

# pc_power: on the pc machine, reboot typed on the keyboard resets (QEMU
# told to reset rather than exit, so the second boot shows), and poweroff
# on the serial console powers off.
pc_power() {
	local log="$LOGDIR/media-pc-power.log" mon="$TMP/pc.mon" sock="$TMP/pc.sock" pid
	: >"$log"
	"$QEMU" --kernel "$ELF" --machine pc --nic none --serial "sock:$sock:$log" \
		--monitor "$mon" -- -action reboot=reset </dev/null >"$log.qemu" 2>&1 &
	pid=$!
	T_PIDS+=("$pid")
	if ! wait_log "$log" 'Skiff ready' 60; then
		fail "pc: boot" "no 'Skiff ready'"
		show_log "$log"
		stop_qemu "$pid"
		return
	fi
	type_keys "$mon" $'reboot\n'
	if wait_log "$log" 'reboot: restarting' 20 &&
	   wait_for_count "$log" 'Skiff ready' 2 60; then
		pass "pc: reboot typed on the keyboard resets the machine and it boots again"
	else
		fail "pc: reboot" "no second boot after reboot"
		show_log "$log" 10
	fi
	wait_log "$log" 'skiff> |console keys' 10	# the shell is up again (or no shell)
	serial_send "$sock" $'poweroff\r'
	if wait_exit "$pid" 30 && grep -aq 'reboot: powering off' "$log"; then
		pass "pc: poweroff typed on the serial console switches the pc machine off (ACPI S5)"
		forget_pid "$pid"
	else
		fail "pc: power-off" "QEMU still running"
		show_log "$log" 5
		stop_qemu "$pid"
	fi
}

# wait_for_count LOG REGEX N TIMEOUT: wait until REGEX matches N lines.
wait_for_count() {
	local deadline=$((SECONDS + $4))
	while [ $SECONDS -lt $deadline ]; do
		[ "$(grep -acE "$2" "$1")" -ge "$3" ] && return 0
		sleep 0.2
	done
	return 1
}

pc_power
usb_boot uefi uefi
usb_boot bios bios

finish media
