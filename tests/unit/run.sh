#!/bin/sh
# run.sh - runs unit-test programs and sums their results.
#
# Usage: tests/unit/run.sh BIN...
# Shows each program's output, then one line "unit: P passed, F failed".
# A program counts with its own final "N passed, N failed" line; one that
# crashes, exits non-zero or prints no summary counts as at least one
# failure. Exits 1 if anything failed.

: "${UBSAN_OPTIONS:=print_stacktrace=1}"
export UBSAN_OPTIONS

log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT

total_passed=0
total_failed=0
for bin in "$@"; do
	echo "== $bin"
	"$bin" >"$log" 2>&1
	status=$?
	cat "$log"
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -n "$summary" ]; then
		passed=$(echo "$summary" | cut -d' ' -f1)
		failed=$(echo "$summary" | cut -d' ' -f3)
	else
		passed=$(grep -c '^ok ' "$log")
		failed=$(grep -c '^not ok ' "$log")
	fi
	if [ "$status" -ne 0 ] || [ -z "$summary" ]; then
		echo "$bin: exit status $status"
		[ "$failed" -eq 0 ] && failed=1
	fi
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
done

echo "unit: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
