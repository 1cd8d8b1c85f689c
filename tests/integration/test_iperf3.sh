#!/usr/bin/env bash
# The iperf3 service (services/iperf3/) against Debian's stock iperf3 client.
#
# usage: test_iperf3.sh [host|skiff] [NIC]
#
#   host   builds build/iperf3-host with the host gcc and glibc from the same
#          source and runs it on 127.0.0.1 on a free port;
#   skiff  boots Skiff (build/skiff.elf, or SKIFF_ELF) behind a tap in a
#          private network namespace with services=iperf3 and runs the
#          client there against 10.0.0.2:5201 (NIC: e1000 by default).
#
# Checks (tests/integration/iperf3_check.py reads the client's -J output):
# TCP -t 3; -R; -P 4 (four streams); --bidir; -u -b 100M (loss and jitter
# reported), also -R; --bytes 10M (exactly that much received); -k 100
# blocks; -O 1; --get-server-output; a second client during a test is
# refused with ACCESS_DENIED while the first completes; malformed control
# traffic (tests/integration/iperf3_hostile.py: garbage cookies, bad
# lengths, non-JSON, bad parameters, unexpected states, wrong stream
# cookies, bad results, silence) gets the connection closed; afterwards the
# server still serves a normal test. Ends with "iperf3: N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"

MODE=${1:-host}
NIC=${2:-e1000}
HOSTILE="$ROOT/tests/integration/iperf3_hostile.py"
CHECK="$ROOT/tests/integration/iperf3_check.py"
TMP=$(mktemp -d)
trap 'cleanup; rm -rf "$TMP"' EXIT
X=()		# command prefix: runs a client where it can reach the server
SERVER=
PORT=
SERVER_PID=
LOG=

run() { "${X[@]+"${X[@]}"}" "$@"; }

# client NAME CHECK-ARGS -- IPERF3-ARGS: one iperf3 -J run, checked.
client() {
	local name=$1 out="$TMP/client.json" chk=() summary
	shift
	while [ "$1" != "--" ]; do chk+=("$1"); shift; done
	shift
	run timeout 120 iperf3 -c "$SERVER" -p "$PORT" --connect-timeout 10000 -J "$@" \
		>"$out" 2>"$TMP/client.err"
	local status=$?
	cp "$out" "$LOGDIR/iperf3-last.json"
	if summary=$(/usr/bin/python3 "$CHECK" "$out" "${chk[@]+"${chk[@]}"}") && [ $status -eq 0 ]; then
		pass "$name: $summary"
	else
		fail "$name" "exit $status; $summary $(head -c 300 "$TMP/client.err")"
	fi
}

hostile() {
	run timeout 120 /usr/bin/python3 "$HOSTILE" "$SERVER" "$PORT" "$@"
}

free_port() {
	/usr/bin/python3 - <<'PY'
import socket
for _ in range(50):
    t = socket.socket(); t.bind(("127.0.0.1", 0)); port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        u.close(); t.close()
    print(port); break
PY
}

start_host() {
	LOG="$LOGDIR/iperf3-host.log"
	if ! gcc -O2 -Wall -Wextra -Werror -idirafter "$ROOT/libc/include" -o "$ROOT/build/iperf3-host" \
		"$ROOT"/services/iperf3/*.c 2>"$TMP/cc.log"; then
		fail "iperf3 builds for the host (gcc, glibc)" "$(head -c 600 "$TMP/cc.log")"
		return 1
	fi
	pass "iperf3 builds for the host with -Wall -Wextra -Werror"
	SERVER=127.0.0.1
	PORT=$(free_port)
	"$ROOT/build/iperf3-host" -p "$PORT" -B 127.0.0.1 >"$LOG" 2>&1 &
	SERVER_PID=$!
	T_PIDS+=("$SERVER_PID")
	if wait_log "$LOG" "iperf3: listening on tcp port $PORT" 10; then
		pass "build/iperf3-host listens on 127.0.0.1:$PORT"
	else
		fail "iperf3-host starts" "no 'listening' line"
		show_log "$LOG"
		return 1
	fi
}

start_skiff() {
	local ns="skiff-iperf3-$NIC-$$" elf=${SKIFF_ELF:-$ROOT/build/skiff.elf}

	LOG="$LOGDIR/iperf3-$NIC.log"
	if ! netns_create "$ns"; then
		fail "create namespace $ns with a tap" "ip netns/tuntap failed (root needed)"
		return 1
	fi
	X=(ip netns exec "$ns")
	SERVER=10.0.0.2
	PORT=5201
	start_qemu_netns "$ns" "$LOG" "$ROOT/build/iperf3-$NIC.sock" --kernel "$elf" \
		--nic "$NIC" --append "ip=10.0.0.2/24 services=iperf3"
	SERVER_PID=$QEMU_PID
	if wait_log "$LOG" "iperf3: listening on tcp port 5201" 90 &&
	   run ping -c 1 -W 5 "$SERVER" >/dev/null; then
		pass "$NIC: Skiff boots with iperf3 listening on 10.0.0.2:5201"
	else
		fail "$NIC: boot" "iperf3 not listening, or no ping"
		show_log "$LOG" 40
		return 1
	fi
}

case $MODE in
host) start_host || { finish iperf3; exit 1; } ;;
skiff) start_skiff || { finish iperf3; exit 1; } ;;
*) echo "usage: $0 [host|skiff] [NIC]"; exit 2 ;;
esac

client "TCP -t 3" --seconds 3 -- -t 3
client "TCP -R" --seconds 3 --reverse -- -t 3 -R
client "TCP -P 4" --seconds 3 --streams 4 -- -t 3 -P 4
client "TCP --bidir" --seconds 3 --bidir -- -t 3 --bidir
client "UDP -u -b 100M" --seconds 3 --udp --bandwidth 100000000 -- -t 3 -u -b 100M
client "UDP -u -b 100M -R" --seconds 3 --udp --reverse --bandwidth 100000000 -- -t 3 -u -b 100M -R
client "TCP --bytes 10M" --bytes 10485760 -- --bytes 10M
client "TCP -k 100 (blocks of 128 KiB)" --bytes 13107200 -- -k 100
client "TCP -O 1 -t 2" --seconds 2 --omit -- -t 2 -O 1

# --get-server-output: the server's own summary comes back in the JSON.
run timeout 60 iperf3 -c "$SERVER" -p "$PORT" -t 1 -J --get-server-output >"$TMP/gso.json" 2>&1
if /usr/bin/python3 -c '
import json, sys
t = json.load(open(sys.argv[1])).get("server_output_text", "")
sys.exit(0 if "receiver" in t and "Accepted connection" in t else 1)' "$TMP/gso.json"; then
	pass "--get-server-output returns the server's summary text"
else
	fail "--get-server-output" "$(head -c 300 "$TMP/gso.json")"
fi

# One test at a time: a second client during a test gets ACCESS_DENIED,
# and the first one's test is not disturbed.
run timeout 60 iperf3 -c "$SERVER" -p "$PORT" -t 4 -J >"$TMP/first.json" 2>&1 &
first=$!
sleep 2
out=$(hostile busy 2>&1)
wait "$first"
status=$?
if [ $status -eq 0 ] && grep -q '^ok busy' <<<"$out" &&
   /usr/bin/python3 "$CHECK" "$TMP/first.json" --seconds 4 >/dev/null; then
	pass "a second client during a test gets ACCESS_DENIED; the first completes"
else
	fail "second client" "first exit $status; $out"
fi

# Malformed control traffic: each case must end in a close, never a hang.
CASES=(garbage-cookie http-request short-cookie-close bad-length zero-length
	over-length not-json truncated-json deep-json not-object bad-param
	unexpected-state early-test-end wrong-stream-cookie bad-results silence)
hostile "${CASES[@]}" >"$TMP/hostile.out" 2>"$TMP/hostile.err"
for c in "${CASES[@]}"; do
	line=$(grep -E "^(not )?ok $c[ :]" "$TMP/hostile.out" | head -n1)
	case $line in
	"ok "*) pass "malformed control traffic, ${line#ok }: closed" ;;
	"") fail "malformed control traffic, $c" "no result; $(tail -n1 "$TMP/hostile.err")" ;;
	*) fail "malformed control traffic, $c" "${line#not ok $c: }" ;;
	esac
done

client "a normal test after the hostile ones" --seconds 2 -- -t 2

if [ "$MODE" = host ]; then
	check "the server process is still running" kill -0 "$SERVER_PID"
else
	if grep -aqE 'service iperf3: .*restarting|Kernel panic' "$LOG"; then
		fail "$NIC: the iperf3 service never crashed" \
			"$(grep -aE 'service iperf3: .*restarting|Kernel panic' "$LOG" | head -3)"
	else
		pass "$NIC: the iperf3 service never crashed or restarted"
	fi
fi
if [ "$T_FAILED" -gt 0 ]; then
	show_log "$LOG" 30
fi
finish iperf3
