#!/bin/sh
# check_drop_reasons.sh - every drop reason the stack uses was provoked by a
# unit test. The reasons used are the SKB_DROP_REASON_* names in net/ and
# include/net/ (a reason named there is one some packet can die of); the
# reasons provoked are those the test programs counted drops under, which
# the host shim appends to the log at exit ("REASON COUNT" lines; `make
# unit` sets SKIFF_DROP_LOG). A reason nobody provokes is a drop path no
# test has seen: write the test that sends that packet.
#
# usage: tests/unit/check_drop_reasons.sh LOG
# Ends with "drop-reasons: N passed, N failed", one test per reason.
cd "$(dirname "$0")/../.." || exit 1
log=$1
passed=0 failed=0

used=$(grep -rhoE 'SKB_DROP_REASON_[A-Z0-9_]+' --include='*.c' --include='*.h' net include/net |
	sed 's/^SKB_DROP_REASON_//' | grep -vxE 'NOT_SPECIFIED|MAX' | sort -u)
# The extraction itself must work: a broken pattern would pass vacuously.
if [ "$(printf '%s\n' "$used" | grep -c .)" -lt 10 ]; then
	echo "not ok - drop reasons used in net/: found only '$used'"
	echo "drop-reasons: 0 passed, 1 failed"
	exit 1
fi
if [ ! -r "$log" ]; then
	echo "not ok - no drop log '$log' (run through make unit)"
	echo "drop-reasons: 0 passed, 1 failed"
	exit 1
fi
for r in $used; do
	n=$(awk -v r="$r" '$1 == r { n += $2 } END { print n + 0 }' "$log")
	if [ "$n" -gt 0 ]; then
		passed=$((passed + 1))
	else
		echo "not ok - drop reason $r is used in $(grep -rlw "SKB_DROP_REASON_$r" --include='*.c' --include='*.h' net include/net | tr '\n' ' ')but no unit test provokes it"
		failed=$((failed + 1))
	fi
done
echo "drop-reasons: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
