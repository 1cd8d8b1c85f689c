#!/bin/sh
# check_orphans.sh - the build rule's guard works: a unit test file that no
# run would build (no "links:" line) makes `make unit-check` fail and name
# it, and the tree as it is passes.
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

printf '/* A test someone forgot to give a links: line. */\nint main(void) { return 0; }\n' \
	>"$tmp/test_orphan.c"
if out=$(make -s unit-check UNIT_SRCS="tests/unit/test_string.c $tmp/test_orphan.c" 2>&1); then
	echo "not ok 1 - an orphan test file fails unit-check: make succeeded"; failed=$((failed + 1))
elif echo "$out" | grep -q "$tmp/test_orphan.c: no"; then
	echo "ok 1 - an orphan test file fails unit-check and is named"; passed=$((passed + 1))
else
	echo "not ok 1 - an orphan test file fails unit-check: not named in: $out"; failed=$((failed + 1))
fi
if out=$(make -s unit-check 2>&1); then
	echo "ok 2 - every tests/unit/test_*.c belongs to a run"; passed=$((passed + 1))
else
	echo "not ok 2 - every tests/unit/test_*.c belongs to a run: $out"; failed=$((failed + 1))
fi
echo "unit-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
