# The Linux guest as a baseline for tools/bench_tcp.sh:
#
#   BASELINE_HOOK=tools/linux-guest/hook.sh tools/bench_tcp.sh
#
# (sourced by bench_tcp.sh, which has sourced tests/integration/lib.sh and
# made the namespace $NS). baseline_start NIC boots the guest on tap0 and
# returns once its services listen and it answers ping; baseline_stop
# stops it. The guest is built or found by tools/linux-guest/build.sh.
BASELINE_LABEL=linux
LINUX_GUEST_CACHE=$("$ROOT/tools/linux-guest/build.sh") ||
	{ echo "linux-guest: build failed" >&2; exit 1; }

baseline_start() {
	local log="$LOGDIR/bench-linux-$1.log"
	start_qemu_netns "$NS" "$log" "$ROOT/build/bench-linux.sock" \
		--kernel "$LINUX_GUEST_CACHE/vmlinuz" --nic "$1" --mem "${LINUX_MEM:-256M}" \
		--append "console=ttyS0 quiet" -- -initrd "$LINUX_GUEST_CACHE/initramfs.cpio.gz"
	wait_log "$log" 'linux-guest: ready' 90 &&
		ip netns exec "$NS" ping -c 2 -i 0.2 -W 2 10.0.0.2 >/dev/null 2>&1
}
baseline_stop() { stop_qemu "$QEMU_PID"; }
