#!/usr/bin/env bash
# Boot tests: the self-test suite under -kernel (PVH), on QEMU's default
# CPU and on -cpu max (SMEP, SMAP, ERMS, RDRAND), from the ISO under
# SeaBIOS and OVMF (multiboot2), the multiboot1 image under -kernel, plus
# the hostile boots of the
# boot-foundation issue: tiny RAM, no command line, no serial port, and
# deliberate faults that must end in a readable, symbolized report; the
# hardening's own (a smashed kernel stack canary, SMAP and SMEP
# violations); and the services' layout, different on every boot (ASLR).
set -u
. "$(dirname "$0")/lib.sh"

ELF="$ROOT/build/skiff.elf"
TEST_ELF="$ROOT/build/skiff-test.elf"
ISO_ST="$ROOT/build/skiff-selftest.iso"
"$ROOT/tools/mkiso.sh" "$TEST_ELF" "$ROOT/iso/grub.cfg" "$ISO_ST" 1 >/dev/null

# The kernel suite: each in-kernel test counts as one test here.
selftest_kernel() {
	local log="$LOGDIR/selftest-kernel.log"
	run_qemu_to_exit "$log" 180 --kernel "$TEST_ELF" --append "selftest panic=exit" --nic e1000
	grep -a -E '^\[ *[0-9.]+\] (not )?ok [0-9]+ - ' "$log" | sed 's/^\[[^]]*\] //'
	local p f s
	s=$(grep -acE '^\[ *[0-9.]+\] ok [0-9]+ - .* # SKIP ' "$log")
	p=$(($(grep -acE '^\[ *[0-9.]+\] ok [0-9]+ - ' "$log") - s))
	f=$(grep -acE '^\[ *[0-9.]+\] not ok [0-9]+ - ' "$log")
	T_PASSED=$((T_PASSED + p)); T_FAILED=$((T_FAILED + f)); T_SKIPPED=$((T_SKIPPED + s))
	T_N=$((T_N + p + f + s))
	if [ "$QEMU_STATUS" -eq 33 ] && grep -aqE "\] $p passed, 0 failed, $s skipped" "$log" &&
	   grep -aq 'via PVH' "$log"; then
		pass "kernel self-tests booted by PVH exit QEMU with the pass status (33)"
	else
		fail "kernel self-tests exit status" "status $QEMU_STATUS"
		show_log "$log"
	fi
}

# The same suite on a CPU with SMEP and SMAP: the user copies open and close
# the SMAP window, and the test programs run with both on. One test here.
selftest_cpu_max() {
	local log="$LOGDIR/selftest-kernel-cpu-max.log"
	run_qemu_to_exit "$log" 180 --kernel "$TEST_ELF" --append "selftest panic=exit" \
		--nic e1000 --cpu max
	if [ "$QEMU_STATUS" -eq 33 ] && grep -aq 'cpu: SMEP on, SMAP on' "$log" &&
	   grep -aqE '\] [0-9]+ passed, 0 failed' "$log"; then
		pass "kernel self-tests pass on -cpu max with SMEP and SMAP on ($(grep -aoE '[0-9]+ passed, 0 failed' "$log" | tail -n 1))"
	else
		fail "kernel self-tests on -cpu max" "status $QEMU_STATUS; $(grep -a 'not ok\|cpu: SMEP' "$log" | head -n 5 | tr '\n' ';')"
		show_log "$log"
	fi
}

# boot_iso NAME FIRMWARE: the ISO's self-test entry reaches a clean summary.
boot_iso() {
	local log="$LOGDIR/selftest-iso-$1.log"
	run_qemu_to_exit "$log" 300 --iso "$ISO_ST" --firmware "$2" --mem 256M --nic e1000
	if [ "$QEMU_STATUS" -eq 33 ] && grep -aqE 'via multiboot2' "$log" &&
	   grep -aqE '\] [0-9]+ passed, 0 failed' "$log"; then
		pass "ISO under $1 boots via GRUB multiboot2 and passes the self-tests"
	else
		fail "ISO under $1" "status $QEMU_STATUS"
		show_log "$log"
	fi
}

# boot_ready NAME EXPECT-REGEX QEMU-OPTIONS...: boots until "Skiff ready".
boot_ready() {
	local name=$1 re=$2 log="$LOGDIR/boot-$1.log"
	shift 2
	start_qemu "$log" "$@"
	if wait_log "$log" 'Skiff ready' 60 && grep -aqE "$re" "$log"; then
		pass "boot $name"
	else
		fail "boot $name" "no ready line or no match for /$re/"
		show_log "$log"
	fi
	stop_qemu "$QEMU_PID"
}

# crash NAME KIND [--cpu MODEL] [--append ARGS] REGEX...: a deliberate
# fault is reported with each REGEX.
crash() {
	local name=$1 kind=$2 log="$LOGDIR/crash-$2.log" cpu=() args=
	shift 2
	if [ "$1" = --cpu ]; then
		cpu=(--cpu "$2")
		shift 2
	fi
	if [ "$1" = --append ]; then
		args=" $2"
		shift 2
	fi
	run_qemu_to_exit "$log" 60 --kernel "$ELF" --append "crash=$kind panic=exit$args" "${cpu[@]}"
	local missing=
	for re in "$@"; do
		grep -aqE "$re" "$log" || missing+=" /$re/"
	done
	if [ "$QEMU_STATUS" -eq 35 ] && [ -z "$missing" ]; then
		pass "$name"
	else
		fail "$name" "status $QEMU_STATUS, missing:$missing"
		show_log "$log" 40
	fi
}

# What boots carries no DWARF and no test programs; gdb's file has both
# symbols and debug information; the test image has the test programs.
image_has() { readelf -SW "$1" | grep -q " $2 "; }
# (The programs' own report lines tell whether they are embedded.)
if ! image_has "$ELF" .debug_info && ! image_has "$ELF" .symtab &&
   ! grep -aq 'sockettest: %d passed' "$ELF" &&
   image_has "$ROOT/build/skiff-debug.elf" .debug_info &&
   image_has "$ROOT/build/skiff-debug.elf" .symtab &&
   grep -aq 'sockettest: %d passed' "$TEST_ELF" &&
   grep -aq 'tcpclienttest: %d passed' "$TEST_ELF"; then
	pass "boot image without debug info or test programs; skiff-debug.elf for gdb; skiff-test.elf with the test programs"
else
	fail "image split" "$(ls -l "$ROOT"/build/skiff*.elf | tr '\n' ' ')"
fi

# layout_of_boot N: LAYOUT becomes what hardentest prints as a service on a
# boot of its own (its stack and heap bases and its stack canary) once its
# own checks of them passed; otherwise its last lines, for the report.
layout_of_boot() {
	local log="$LOGDIR/aslr-$1.log"
	start_qemu "$log" --kernel "$TEST_ELF" --append "services=hardentest ping=off"
	wait_log "$log" 'service hardentest \(pid [0-9]+\)(: exited| killed)' 60
	if grep -aq 'hardentest: layout ok' "$log"; then
		LAYOUT=$(grep -aoE 'hardentest: stack [0-9a-f]+ heap [0-9a-f]+ canary [0-9a-f]+' "$log")
	else
		LAYOUT="no layout: $(grep -a 'hardentest' "$log" | tail -n 3 | tr '\n' ';')"
	fi
	stop_qemu "$QEMU_PID"
}

selftest_kernel
selftest_cpu_max
boot_iso seabios bios
boot_iso ovmf uefi

# QEMU's -kernel takes multiboot1 before PVH; skiff-mb1.elf is the image
# with the multiboot1 header armed (arch/x86/boot/multiboot.S).
boot_ready "the multiboot1 image by multiboot1" 'via multiboot1' --kernel "$ROOT/build/skiff-mb1.elf"
boot_ready "with 16 MiB of RAM" 'memory: [0-9]+ KiB usable' --kernel "$ELF" --mem 16M
boot_ready "without a command line" "cmdline: ''" --kernel "$ELF"

# Too little memory for what the image starts (3 MiB on microvm; the kernel
# alone takes 1.5 MiB): whatever cannot start says why, and nothing panics.
# panic=exit would end QEMU at once, so it must still run 3 s after the
# last service gave up. (A spawn that failed before its address space
# existed used to free one that was never made: a NULL dereference.)
log="$LOGDIR/boot-3mib.log"
start_qemu "$log" --machine microvm --kernel "$ELF" --mem 3M --append "panic=exit"
if wait_log "$log" 'shell: cannot start the console shell' 60 && sleep 3 &&
   kill -0 "$QEMU_PID" 2>/dev/null && ! grep -aqE 'Kernel panic|BUG|page fault' "$log" &&
   grep -aq 'Skiff ready' "$log" && grep -aq 'service shell: cannot start: -12' "$log"; then
	pass "boot with 3 MiB: what cannot start says -ENOMEM, no panic"
else
	fail "boot with 3 MiB" "a panic, or no 'cannot start: -12' for the shell"
	show_log "$log" 30
fi
stop_qemu "$QEMU_PID"
boot_ready "warns about an unknown option" "unknown option 'bogus' ignored" \
	--kernel "$ELF" --append "bogus=1"

# No UART at all: the self-tests still run and exit QEMU with the pass status;
# the log comes out of the debug console, which also proves the kernel saw
# no serial port.
log="$LOGDIR/selftest-noserial.log"
run_qemu_to_exit "$log.serial" 180 --kernel "$ELF" --append "selftest panic=exit debugcon" \
	--nic e1000 --serial none -- -debugcon "file:$log"
if [ "$QEMU_STATUS" -eq 33 ] && grep -aq 'console vga' "$log" && ! grep -aq ttyS0 "$log" &&
   grep -aq 'SKIP sockettest is only in the test image' "$log"; then
	pass "boots and passes the self-tests with no serial port (the user image skips the test programs)"
else
	fail "no serial port" "status $QEMU_STATUS"
	grep -a 'not ok' "$log" | sed 's/^/# /'
fi

# The ISO on a machine with no serial port: GRUB and Skiff still come up and
# the self-test entry exits QEMU with the pass status.
log="$LOGDIR/selftest-iso-noserial.log"
run_qemu_to_exit "$log" 300 --iso "$ISO_ST" --mem 256M --nic e1000 --serial none
if [ "$QEMU_STATUS" -eq 33 ]; then
	pass "ISO boots and passes the self-tests with no serial port"
else
	fail "ISO with no serial port" "status $QEMU_STATUS"
fi

crash "page fault report names the fault and symbolizes the backtrace" pagefault \
	'page fault at ffffc8ffdead0000: write to an unmapped page in kernel mode' \
	'RIP: 0008:ffffffff8[0-9a-f]+  crash_trigger\+0x' 'CR2: ffffc8ffdead0000' \
	'kernel_init\+0x' 'Kernel panic: fatal page fault'
crash "NULL dereference is called one" null 'a NULL pointer dereference'
crash "invalid opcode is reported" ud 'invalid opcode \(vector 6' 'crash_trigger\+0x'
crash "divide error is reported" divzero 'divide error \(vector 0'
crash "kernel stack overflow hits the guard page and is reported" stack \
	'double fault|guard page below a kernel stack' 'recurse_deeply\+0x'
crash "a smashed stack canary stops the kernel, naming the function" stackprotector \
	'Kernel panic: stack-protector: kernel stack is corrupted in: smash_own_canary' \
	'__stack_chk_fail\+0x' 'kernel_init\+0x'
crash "code that cannot be preempted for 2 * watchdog_thresh is a soft lockup, named with its backtrace" \
	softlockup --append "watchdog_thresh=1 softlockup_panic" \
	'BUG: soft lockup - CPU#0 stuck for 2s! \[init:[0-9]+\]' 'preempt_count 0x1, interrupts on, in kernel mode' \
	'RIP: spin_unpreemptible\+0x' 'Kernel panic: softlockup: hung tasks'
crash "a kernel read of user memory outside a user copy is a SMAP violation" smap --cpu max \
	'read from a protected page in kernel mode' 'SMAP violation' 'RIP: 0008:ffffffff8[0-9a-f]+  smap_crash\+0x'
crash "the kernel calling into a user page is a SMEP violation" smep --cpu max \
	'instruction fetch from a protected page in kernel mode' 'SMEP violation' 'crash_trigger\+0x'

# ASLR: two boots, two layouts. Each base has 2^18 positions or more, so
# equal bases on both boots are a failure, not chance.
layout_of_boot 1
a=$LAYOUT
layout_of_boot 2
b=$LAYOUT
base() { sed -n "s/.* $1 \([0-9a-f]*\).*/\1/p" <<<"$2"; }
if [ -n "$(base stack "$a")" ] && [ -n "$(base stack "$b")" ] &&
   [ "$(base stack "$a")" != "$(base stack "$b")" ] &&
   [ "$(base heap "$a")" != "$(base heap "$b")" ] && [ "$(base canary "$a")" != "$(base canary "$b")" ]; then
	pass "a service's stack, heap and stack canary differ between boots ('${a#hardentest: }' vs '${b#hardentest: }')"
else
	fail "ASLR between boots" "'$a' vs '$b'"
fi

finish boot
