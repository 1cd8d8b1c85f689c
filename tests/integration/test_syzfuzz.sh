#!/usr/bin/env bash
# The system call fuzzer (tests/programs/syzfuzztest/, run and checked by
# kernel/process/syzfuzz.c): Skiff boots the test image in a test network
# namespace with syzfuzz=SECONDS,3, and three fuzzer processes call every
# system call the kernel lists with random and boundary arguments.
#
#	tests/integration/test_syzfuzz.sh [MINUTES]	(default 1: `make test`;
#							 `make fuzz-syscalls MINUTES=N`)
#	SYZFUZZ_SEEDS=S0,S1,S2 ...	replays a run whose fuzzers printed these seeds
#
# Then: the kernel is up (no panic; it answers Linux's ping and a shell
# command on the console), no fuzzer faulted or met an answer it could not
# explain, each called every system call, and every kernel pool came back
# to where it was before they started (no leak).
set -u
. "$(dirname "$0")/lib.sh"

MINUTES=${1:-1}
FUZZ_S=$((MINUTES * 60))
PROCS=3
NS="skiff-syzfuzz-$$"
LOG="$LOGDIR/syzfuzz.log"
SOCK="$ROOT/build/syzfuzz.sock"

netns_create "$NS" || { fail "namespace" "ip netns failed"; finish syzfuzz; exit 1; }
start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff-test.elf" --nic e1000 \
	--append "ip=10.0.0.2/24 ping=off tcp_msl=1s panic=exit softlockup_panic services=echo syzfuzz=$FUZZ_S,$PROCS${SYZFUZZ_SEEDS:+ syzfuzz.seeds=$SYZFUZZ_SEEDS}"

# The fuzzers' time, then up to 2 min for them to end and up to 3.5 min
# for the pools to settle (TCP's FIN-WAIT-2 orphans and the peers probing
# them, kernel/process/syzfuzz.c), and the boot.
if ! wait_log "$LOG" 'syzfuzz: done:|syzfuzz: .* still running|Kernel panic' $((FUZZ_S + 400)); then
	fail "the fuzz run ends" "no 'syzfuzz: done' line after $((FUZZ_S + 400)) s"
	show_log "$LOG" 40
fi

if grep -aq 'Kernel panic' "$LOG"; then
	fail "the kernel stays up" "it panicked"
	grep -a -A30 'Kernel panic' "$LOG" | head -40 | sed 's/^/# /'
else
	pass "the kernel stays up under $PROCS fuzzers for $FUZZ_S s"
fi

done_line=$(grep -a 'syzfuzz: done:' "$LOG" | tail -n 1 | tr -d '\r' | sed 's/^.*syzfuzz: done: //')
if [ "$done_line" = "$PROCS of $PROCS processes ran, 0 faulted, 0 failed, 0 leaks" ]; then
	pass "every fuzzer ran and ended cleanly, no pool leaked"
else
	fail "fuzzers and pools" "${done_line:-no summary}"
	grep -a 'syzfuzz: \(leak\|.*ended with\|.*still running\)\|killed' "$LOG" | sed 's/^/# /'
	# What is left of TCP: each socket's state, queues and timer (Linux's format).
	sh_run "cat /proc/net/tcp" | head -n 12 | sed 's/^/# /'
fi

unexplained=$(grep -ac 'syzfuzz\[[0-9]*\]: unexplained' "$LOG")
if [ "$unexplained" -eq 0 ]; then
	pass "every answer explained"
else
	fail "every answer explained" "$unexplained unexplained"
	grep -a 'syzfuzz\[[0-9]*\]: unexplained' "$LOG" | head -20 | sed 's/^/# /'
fi

# "syzfuzz[I]: N calls to K of K system calls in S s, 0 unexplained", one per process.
full=$(grep -aE 'syzfuzz\[[0-9]+\]: [0-9]+ calls to ([0-9]+) of \1 system calls' "$LOG" | wc -l)
if [ "$full" -eq "$PROCS" ]; then
	pass "each fuzzer called every system call"
	grep -aE 'syzfuzz\[[0-9]+\]: [0-9]+ calls' "$LOG" | sed 's/^.*\] syzfuzz/# syzfuzz/'
else
	fail "each fuzzer called every system call" "$full of $PROCS did"
	grep -aE 'syzfuzz\[[0-9]+\]: [0-9]+ calls' "$LOG" | sed 's/^/# /'
fi

if ip netns exec "$NS" ping -c 3 -i 0.3 -W 2 10.0.0.2 >"$LOGDIR/syzfuzz-ping.txt" 2>&1; then
	pass "answers ping afterwards"
else
	fail "answers ping afterwards" "$(tail -n 2 "$LOGDIR/syzfuzz-ping.txt" | tr '\n' ' ')"
fi

if sh_run uptime | grep -qE 'up [0-9]+ days, [0-9:]+'; then
	pass "answers a shell command afterwards"
else
	fail "answers a shell command afterwards" "no uptime output"
	show_log "$LOG" 10
fi

# Whatever failed, the seeds replay the run: SYZFUZZ_SEEDS=S0,S1,S2 (above).
if [ "$T_FAILED" -gt 0 ]; then
	seeds=$(grep -aoE 'syzfuzz\[[0-9]+\]: [0-9]+ system calls for [0-9]+ s, seed 0x[0-9a-f]+' "$LOG" |
		sed 's/^syzfuzz\[\([0-9]*\)\].*seed /\1 /' | sort -n | awk '{print $2}' | paste -sd, -)
	echo "# to replay: SYZFUZZ_SEEDS=$seeds tests/integration/test_syzfuzz.sh $MINUTES"
fi

finish syzfuzz
