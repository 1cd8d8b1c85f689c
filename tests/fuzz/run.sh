#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS BINARY...: run libFuzzer targets (build/fuzz/fuzz_NAME),
# at most FUZZ_JOBS at once (default: one per core), one test each.
#
# A target first replays every input kept in tests/fuzz/regressions/NAME/
# (each must now pass), then fuzzes for SECONDS over its seeds
# (tests/fuzz/corpus/NAME/, read only) and its working corpus
# (corpus-NAME/ beside the binary, where new inputs go and which later
# runs continue from). It reports executions, coverage (libFuzzer's cov: edges
# and ft: features) and corpus size. A crash, leak, timeout or out-of-memory
# input is copied into tests/fuzz/regressions/NAME/ and fails the target.
# Ends with "fuzz: N passed, N failed" for tests/run.sh.
set -u
cd "$(dirname "$0")/../.."

seconds=$1
shift
jobs=${FUZZ_JOBS:-$(nproc)}
out=$(dirname "$1")		# build/fuzz, or wherever BUILD put the binaries

# fuzz_one NAME BINARY: everything for one target; its summary line goes to
# $out/NAME.result, its libFuzzer output to $out/NAME.log.
fuzz_one() {
	local name=$1 bin=$2 res="$out/$1.result" log="$out/$1.log"
	local seeds="tests/fuzz/corpus/$name" regs="tests/fuzz/regressions/$name"
	local work="$out/corpus-$name" art="$out/artifacts-$name/" dict=()
	local replayed=0 status

	mkdir -p "$work" "$art" "$seeds"
	: >"$log"
	if [ -d "$regs" ] && [ -n "$(ls -A "$regs")" ]; then
		replayed=$(ls -A "$regs" | wc -l)
		if ! "$bin" -runs=1 "$regs"/* >>"$log" 2>&1; then
			echo "not ok - $name: a kept regression input fails again (see $log)" >"$res"
			return
		fi
	fi
	[ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
	"$bin" -max_total_time="$seconds" -timeout=25 -print_final_stats=1 \
		-artifact_prefix="$art" "${dict[@]+"${dict[@]}"}" "$work" "$seeds" >>"$log" 2>&1
	status=$?
	local crash
	crash=$(ls -A "$art" | head -n 1)
	if [ "$status" -ne 0 ] || [ -n "$crash" ]; then
		if [ -z "$crash" ]; then
			echo "not ok - $name: libFuzzer exit status $status (see $log)" >"$res"
			return
		fi
		mkdir -p "$regs"
		for f in "$art"*; do
			cp "$f" "$regs/" && rm -f "$f"
		done
		echo "not ok - $name: exit status $status, input kept in $regs/$crash (see $log)" >"$res"
		return
	fi
	local execs cov ft corp
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	read -r cov ft corp < <(sed -nE 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/\1 \2 \3/p' "$log" | tail -n 1)
	echo "ok - $name: ${execs:-?} executions in $seconds s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, $replayed regressions replayed" >"$res"
}

mkdir -p "$out"
names=()
for bin in "$@"; do
	name=${bin##*/fuzz_}
	names+=("$name")
	rm -f "$out/$name.result"
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	fuzz_one "$name" "$bin" &
done
wait

passed=0
failed=0
n=0
for name in "${names[@]}"; do
	n=$((n + 1))
	line=$(cat "$out/$name.result" 2>/dev/null || echo "not ok - $name: no result")
	echo "${line/ok -/ok $n -}"
	case $line in
	ok*) passed=$((passed + 1)) ;;
	*) failed=$((failed + 1)); tail -n 30 "$out/$name.log" | sed 's/^/# /' ;;
	esac
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
