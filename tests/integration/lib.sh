# Shared helpers for the integration tests (sourced, bash).
#
# Every QEMU a test starts is tracked by PID and stopped on exit; every wait
# is bounded. Results are printed TAP-style and counted; finish() prints the
# layer's "NAME: N passed, N failed" line that tests/run.sh sums.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QEMU="$ROOT/tools/qemu.sh"
LOGDIR="$ROOT/build/test-logs"
mkdir -p "$LOGDIR"

T_PASSED=0
T_FAILED=0
T_N=0
T_PIDS=()

cleanup_pids() {
	for pid in "${T_PIDS[@]+"${T_PIDS[@]}"}"; do
		kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	T_PIDS=()
}
trap cleanup_pids EXIT

pass() {
	T_N=$((T_N + 1)); T_PASSED=$((T_PASSED + 1))
	echo "ok $T_N - $1"
}

fail() {
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $1: $2"
}

# check NAME COMMAND...: pass if the command succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "'$*' failed"; fi
}

finish() {
	echo "$1: $T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
}

# run_qemu_to_exit LOG TIMEOUT QEMU-OPTIONS...: run QEMU until it exits
# (isa-debug-exit) or TIMEOUT seconds pass; serial output goes to LOG.
# Sets QEMU_STATUS (124 on timeout).
run_qemu_to_exit() {
	local log=$1 timeout=$2
	shift 2
	QEMU_STATUS=0
	timeout --kill-after=5 "$timeout" "$QEMU" --serial "file:$log" --exit-device "$@" \
		</dev/null >"$log.qemu" 2>&1 || QEMU_STATUS=$?
}

# start_qemu LOG QEMU-OPTIONS...: start QEMU in the background; its PID
# goes to QEMU_PID and is stopped when the test script exits.
start_qemu() {
	local log=$1
	shift
	: >"$log"
	"$QEMU" --serial "file:$log" --exit-device "$@" </dev/null >"$log.qemu" 2>&1 &
	QEMU_PID=$!
	T_PIDS+=("$QEMU_PID")
}

stop_qemu() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	local keep=()
	for p in "${T_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	T_PIDS=("${keep[@]+"${keep[@]}"}")
}

# wait_log LOG REGEX TIMEOUT: wait until the log matches (grep -E).
wait_log() {
	local log=$1 re=$2 deadline=$((SECONDS + $3))
	while [ $SECONDS -lt $deadline ]; do
		grep -aqE "$re" "$log" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}

# Show the end of a log when a check fails, for the CI output.
show_log() {
	echo "--- last lines of $1"
	tail -n "${2:-25}" "$1" | sed 's/^/# /'
}
